"""Practice mode: accounts, credentials, shares, notes, the audit, and an owner for each person.

Revision ID: 0002_accounts
Revises: 0001_initial
Create Date: 2026-11-29

Reviewed by hand: a person's name was unique in the whole database; with accounts it is unique per
owner (two clients may each call their record "me"), through an index on (coalesce(owner_id, 0), name)
so that the single-user record (owner NULL) keeps its names unique too. Existing people keep owner NULL:
they stay the single-user app's record and no account sees them. Downgrade removes the new tables and
restores the global unique name (it fails, as it should, if two owners used the same name).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_accounts"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def _account_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["account.id"], name=op.f(f"fk_{table}_{column}_account"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name", name=op.f("uq_account_name")),
    )
    op.create_table(
        "credential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        _account_fk("credential", "account_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_credential_token_hash")),
    )
    op.create_index("ix_credential_account", "credential", ["account_id"])
    op.create_table(
        "share",
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _account_fk("share", "client_id"),
        _account_fk("share", "clinician_id"),
        sa.PrimaryKeyConstraint("client_id", "clinician_id", name=op.f("pk_share")),
    )
    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _account_fk("note", "client_id"),
        _account_fk("note", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
    )
    op.create_index("ix_note_client_created", "note", ["client_id", "created_at"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("operation", sa.String(length=80), nullable=False),
        sa.Column("record", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    op.create_index("ix_audit_event_owner_at", "audit_event", ["owner", "at"])
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_person_owner_id_account"), "account", ["owner_id"], ["id"], ondelete="CASCADE"
        )
        batch.drop_constraint(op.f("uq_person_name"), type_="unique")
    op.create_index("ix_person_owner_id", "person", ["owner_id"])
    op.create_index("uq_person_owner_name", "person", [sa.text("coalesce(owner_id, 0)"), "name"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_person_owner_name", table_name="person")
    op.drop_index("ix_person_owner_id", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("fk_person_owner_id_account"), type_="foreignkey")
        batch.drop_column("owner_id")
        batch.create_unique_constraint(op.f("uq_person_name"), ["name"])
    op.drop_index("ix_audit_event_owner_at", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_note_client_created", table_name="note")
    op.drop_table("note")
    op.drop_table("share")
    op.drop_index("ix_credential_account", table_name="credential")
    op.drop_table("credential")
    op.drop_table("account")
