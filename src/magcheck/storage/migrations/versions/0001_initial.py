"""The first schema of the personal record: people, food log, supplements, check-ins, labs, assessments.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25

Reviewed by hand: every table that belongs to a person cascades on delete (deleting a person removes
all of their rows); the (person, day) indexes serve the per-day log page, the history summary and the
"last N logged days" query; the food entry keeps its parse snapshot (ndb, names, grams, mg) so that past
intake never changes when the food table does. Constraint names follow `models.NAMING` so later batch
migrations on SQLite can address them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

_PERSON_TABLES = ("food_entry", "supplement_intake", "checkin", "lab_result", "saved_assessment")


def _person_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["person_id"], ["person.id"], name=op.f(f"fk_{table}_person_id_person"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("age_years", sa.Float(), nullable=False),
        sa.Column("sex", sa.String(length=6), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("lactating", sa.Boolean(), nullable=False),
        sa.Column("standard", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "food_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("ndb", sa.String(length=16), nullable=True),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("grams", sa.Float(), nullable=True),
        sa.Column("mg", sa.Float(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("food_entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_food_entry")),
    )
    op.create_table(
        "supplement_intake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("compound", sa.String(length=80), nullable=True),
        sa.Column("compound_mg", sa.Float(), nullable=True),
        sa.Column("elemental_mg", sa.Float(), nullable=True),
        sa.Column("count", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("supplement_intake"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supplement_intake")),
    )
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("checkin"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin")),
    )
    op.create_table(
        "checkin_sign",
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("sign_id", sa.String(length=40), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkin.id"],
            name=op.f("fk_checkin_sign_checkin_id_checkin"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "sign_id", name=op.f("pk_checkin_sign")),
    )
    op.create_table(
        "lab_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("analyte", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("mmol_per_l", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("lab_result"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lab_result")),
    )
    op.create_table(
        "saved_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("knowledge_version", sa.String(length=40), nullable=False),
        sa.Column("input_json", sa.JSON(), nullable=False),
        sa.Column("output_json", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _person_fk("saved_assessment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_assessment")),
    )
    op.create_index("ix_food_entry_person_day", "food_entry", ["person_id", "day"])
    op.create_index("ix_supplement_intake_person_day", "supplement_intake", ["person_id", "day"])
    op.create_index("ix_checkin_person_day", "checkin", ["person_id", "day"])
    op.create_index("ix_lab_result_person_day", "lab_result", ["person_id", "day"])
    op.create_index("ix_saved_assessment_person_created", "saved_assessment", ["person_id", "created_at"])


def downgrade() -> None:
    op.drop_table("checkin_sign")
    for table in _PERSON_TABLES:
        op.drop_table(table)
    op.drop_table("setting")
    op.drop_table("person")
