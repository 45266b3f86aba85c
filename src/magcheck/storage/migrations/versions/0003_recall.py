"""Guided recall: drafts kept server-side, favourite foods and meal templates.

Revision ID: 0003_recall
Revises: 0002_accounts
Create Date: 2026-11-29

Reviewed by hand: a draft is not owned by a person until it is saved (``person_id`` nullable), and is
deleted with the person once it is; favourites and templates belong to a person and cascade like every
other row of the record. Constraint names follow `models.NAMING`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_recall"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None


def _person_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "recall_draft",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _person_fk("recall_draft"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_draft")),
    )
    op.create_index("ix_recall_draft_person_id", "recall_draft", ["person_id"])
    op.create_table(
        "favourite_food",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("favourite_food"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favourite_food")),
        sa.UniqueConstraint("person_id", "text", name=op.f("uq_favourite_food_person_id")),
    )
    op.create_table(
        "meal_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("meal", sa.String(length=10), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("meal_template"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meal_template")),
        sa.UniqueConstraint("person_id", "name", name=op.f("uq_meal_template_person_id")),
    )


def downgrade() -> None:
    op.drop_table("meal_template")
    op.drop_table("favourite_food")
    op.drop_index("ix_recall_draft_person_id", table_name="recall_draft")
    op.drop_table("recall_draft")
