"""Sign-in throttling shared by every worker (issue 16): one row per recent failed sign-in.

Revision ID: 0005_login_throttle
Revises: 0004_recipes
Create Date: 2026-11-30

Reviewed by hand: the key is a SHA-256 digest (no addresses or names stored); `at` is wall-clock
seconds; the (key, at) index answers "failures of these keys in the window", the `at` index lets the
purge of old rows stay cheap. Downgrade drops the table (the rows are minutes-old counters).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_login_throttle"
down_revision = "0004_recipes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    op.create_index("ix_login_failure_key_at", "login_failure", ["key", "at"])
    op.create_index("ix_login_failure_at", "login_failure", ["at"])


def downgrade() -> None:
    op.drop_index("ix_login_failure_at", table_name="login_failure")
    op.drop_index("ix_login_failure_key_at", table_name="login_failure")
    op.drop_table("login_failure")
