"""A person's own recipes (issue 14 item 4).

Revision ID: 0004_recipes
Revises: 0003_recall
Create Date: 2026-11-29

Reviewed by hand: a recipe belongs to a person and cascades on delete like every other part of the
record; its name is unique per person (it is logged by name); the parse each ingredient got when the
recipe was saved is kept as JSON, so past days logged with it never change. Downgrade drops the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_recipes"
down_revision = "0003_recall"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recipe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("ingredients", sa.JSON(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("servings", sa.Float(), nullable=True),
        sa.Column("cooked_g", sa.Float(), nullable=True),
        sa.Column("grams", sa.Float(), nullable=False),
        sa.Column("mg", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_recipe_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipe")),
        sa.UniqueConstraint("person_id", "name", name=op.f("uq_recipe_person_id_name")),
    )


def downgrade() -> None:
    op.drop_table("recipe")
