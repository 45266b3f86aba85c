"""The tables of the personal record (one database may hold several people, e.g. a family).

Every row that belongs to a person references it with ``ON DELETE CASCADE`` so that deleting a person
removes all of their data in one statement, on SQLite (foreign keys switched on per connection) and on
PostgreSQL alike. A food-log entry keeps the parse it got when it was logged (food, grams, mg): a later
change of the food table or the parser must not silently rewrite someone's past intake.

The schema is created by the Alembic migrations in ``storage/migrations`` — never by ``create_all`` —
so that a database made by an older version is upgraded, not recreated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

# The practice-mode tables (accounts, shares, audit) live in their own module; `Person.owner_id`
# refers to `account`, so they are on `Base.metadata` whenever these models are.
from magcheck.storage import account_tables  # noqa: F401
from magcheck.storage.base import Base, utcnow


class _Owned:
    """A row of one person's record: deleting the person deletes it (ON DELETE CASCADE)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class _Dated(_Owned):
    """A row logged for a day, looked up by person and day range (hence the index)."""

    __tablename__: str
    day: Mapped[dt.date] = mapped_column(Date)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (Index(f"ix_{cls.__tablename__}_person_day", "person_id", "day"),)


class Person(Base):
    __tablename__ = "person"

    __table_args__ = (
        # names are unique per owner (the local record has no owner: coalesce makes NULL one owner)
        Index("uq_person_owner_name", func.coalesce(text("owner_id"), 0), "name", unique=True),
        Index("ix_person_owner_id", "owner_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the account whose record this is (practice mode); NULL for the single-user app's own record
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    age_years: Mapped[float] = mapped_column(Float)
    sex: Mapped[str] = mapped_column(String(6))
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    lactating: Mapped[bool] = mapped_column(Boolean, default=False)
    standard: Mapped[str] = mapped_column(String(2), default="us")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    entries: Mapped[list[FoodEntry]] = relationship(back_populates="person", passive_deletes=True)


class FoodEntry(_Dated, Base):
    """One line of a food log, with the parse it got when it was logged."""

    __tablename__ = "food_entry"

    text: Mapped[str] = mapped_column(String(300))
    ndb: Mapped[str | None] = mapped_column(String(16))
    food_id: Mapped[str | None] = mapped_column(String(80))  # namespaced: usda:…, tfda:…, dish:…, recipe:…
    name_en: Mapped[str | None] = mapped_column(String(200))
    name_zh: Mapped[str | None] = mapped_column(String(200))
    grams: Mapped[float | None] = mapped_column(Float)
    mg: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(String(300))

    person: Mapped[Person] = relationship(back_populates="entries")


class SupplementIntake(_Dated, Base):
    """A supplement taken on a day, as on the label (compound + mass, or elemental magnesium)."""

    __tablename__ = "supplement_intake"

    compound: Mapped[str | None] = mapped_column(String(80))
    compound_mg: Mapped[float | None] = mapped_column(Float)
    elemental_mg: Mapped[float | None] = mapped_column(Float)
    count: Mapped[float] = mapped_column(Float, default=1)


class CheckIn(_Dated, Base):
    """How often each of the 11 signs was felt, as answered on one day."""

    __tablename__ = "checkin"

    items: Mapped[list[CheckInSign]] = relationship(
        back_populates="checkin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
        order_by="CheckInSign.sign_id",
    )

    @property
    def signs(self) -> dict[str, str]:
        """The answers as sign id → frequency."""
        return {item.sign_id: item.frequency for item in self.items}


class CheckInSign(Base):
    __tablename__ = "checkin_sign"

    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkin.id", ondelete="CASCADE"), primary_key=True)
    sign_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10))

    checkin: Mapped[CheckIn] = relationship(back_populates="items")


class LabResult(_Dated, Base):
    """A lab value as reported (value + unit) and converted to mmol/L for comparisons and charts."""

    __tablename__ = "lab_result"

    analyte: Mapped[str] = mapped_column(String(40), default="serum_magnesium")
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    mmol_per_l: Mapped[float] = mapped_column(Float)


class SavedAssessment(_Owned, Base):
    """An assessment as it was shown: its input, its output and the knowledge version behind it."""

    __tablename__ = "saved_assessment"
    __table_args__ = (Index("ix_saved_assessment_person_created", "person_id", "created_at"),)

    lang: Mapped[str] = mapped_column(String(2))
    knowledge_version: Mapped[str] = mapped_column(String(40))
    input_json: Mapped[dict[str, Any]] = mapped_column(JSON)
    output_json: Mapped[dict[str, Any]] = mapped_column(JSON)


class Recipe(_Owned, Base):
    """A person's own recipe: the ingredients as typed, the parse they got when saved, and the yield.

    Like a food-log entry it keeps its parse (food ids, grams, mg per ingredient): a later change of the
    food table must not silently change what a saved recipe, or a day logged with it, contained.
    """

    __tablename__ = "recipe"
    __table_args__ = (UniqueConstraint("person_id", "name", name="uq_recipe_person_id_name"),)

    name: Mapped[str] = mapped_column(String(80))
    ingredients: Mapped[list[str]] = mapped_column(JSON)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    servings: Mapped[float | None] = mapped_column(Float)
    cooked_g: Mapped[float | None] = mapped_column(Float)
    grams: Mapped[float] = mapped_column(Float)
    mg: Mapped[float | None] = mapped_column(Float)


class Setting(Base):
    """Small key/value settings, e.g. ``current_person`` (the person `magcheck person use` chose)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class RecallDraft(Base):
    """A guided recall in progress (or finished), kept server-side under an opaque random id.

    The draft holds health data, so it lives here, in the private database, and only its id travels
    in URLs. It is kept until the person finishes (status ``finished``: the result page reopens it by
    its id, after a restart too) or discards it. A draft made in a browser also needs that browser's
    key (a cookie; only its hash is stored here), so the id alone — in a log or a history list — opens
    nothing. ``person_id`` is set once it is saved to a record, so
    deleting the person deletes their drafts as well.
    """

    __tablename__ = "recall_draft"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    owner: Mapped[str | None] = mapped_column(String(64))  # hash of the browser's key; None: the CLI's
    lang: Mapped[str] = mapped_column(String(2))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class FavouriteFood(_Owned, Base):
    """A food line a person marked to log again in one tap (text as they write it, e.g. "一碗米饭")."""

    __tablename__ = "favourite_food"
    __table_args__ = (UniqueConstraint("person_id", "text"),)

    text: Mapped[str] = mapped_column(String(300))


class MealTemplate(_Owned, Base):
    """A named meal the person eats often ("my usual breakfast"): its lines, logged together in one step."""

    __tablename__ = "meal_template"
    __table_args__ = (UniqueConstraint("person_id", "name"),)

    name: Mapped[str] = mapped_column(String(80))
    meal: Mapped[str] = mapped_column(String(10))
    entries: Mapped[list[str]] = mapped_column(JSON)
