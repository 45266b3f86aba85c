"""Food log entries keep the namespaced food id (issue 14: TFDA, dish and recipe foods have no NDB).

Revision ID: 0006_food_id
Revises: 0005_login_throttle
Create Date: 2026-11-30

Reviewed by hand: `food_entry.food_id` ("usda:09040", "tfda:F0210101", "dish:mapo_tofu",
"recipe:…") is nullable — a label entry ("magnesium 120 mg") names no food. Existing USDA entries get
their id from the stored NDB number, so nothing logged before loses its food; entries of other sources
were stored without an id and stay None. Downgrade drops the column (batch mode, for SQLite).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_food_id"
down_revision = "0005_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("food_entry") as batch:
        batch.add_column(sa.Column("food_id", sa.String(length=80), nullable=True))
    op.execute("UPDATE food_entry SET food_id = 'usda:' || ndb WHERE ndb IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("food_entry") as batch:
        batch.drop_column("food_id")
