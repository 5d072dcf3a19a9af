"""SQLAlchemy classes for sqladmin, built at start-up from the Tortoise models' metadata: no column declared twice.

Automap reflection was dangerous (FIELD-NOTES.md: cascades that deleted children, enums as free text, datetimes
Tortoise could not match), so the tables are derived from `Model._meta` instead. Only forward relations (foreign keys
and one-to-ones) become relationships, with SQLAlchemy's default cascade: a form can never delete another row. The
admin reads through these classes; every write goes through Tortoise (see `admin.writes`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import registry, relationship
from tortoise import fields
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.models import Model

import models as tortoise_models

# Fields that are another model's view of this one (Tortoise's reverse relations): they have no column here.
_REVERSE = (fields.relational.BackwardFKRelation, fields.relational.BackwardOneToOneRelation)
_FORWARD = (ForeignKeyFieldInstance, OneToOneFieldInstance)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Datetimes as Tortoise stores them: aware UTC; on SQLite, ISO text with `+00:00`, which its filters match."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(40))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat(sep=" ") if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum_values(enum_type: type[enum.Enum]) -> list[str]:
    return [str(member.value) for member in enum_type]


def column_type(field: fields.Field[Any]) -> sa.types.TypeEngine[Any]:
    """The SQLAlchemy type of one Tortoise data field; an unknown kind of field fails loudly (and a test with it)."""
    enum_type = getattr(field, "enum_type", None)
    if enum_type is not None and isinstance(field, fields.CharField):
        # validate_strings: an invalid value is refused by SQLAlchemy, never written for Tortoise to choke on.
        return sa.Enum(enum_type, native_enum=False, create_constraint=False, length=field.max_length,
                       values_callable=_enum_values, validate_strings=True)  # fmt: skip
    match field:
        case fields.BooleanField():
            return sa.Boolean()
        case fields.BigIntField():
            return sa.BigInteger()
        case fields.IntField():
            return sa.Integer()
        case fields.CharField():
            return sa.String(field.max_length)
        case fields.TextField():
            return sa.Text()
        case fields.DatetimeField():
            return UTCDateTime()
        case fields.DateField():
            return sa.Date()
        case fields.JSONField():
            return sa.JSON()
        case fields.DecimalField():
            return sa.Numeric(field.max_digits, field.decimal_places, asdecimal=True)
        case fields.BinaryField():
            return sa.LargeBinary()
    raise TypeError(f"the admin cannot map {type(field).__name__} ({field.model_field_name})")


@dataclass(frozen=True, slots=True)
class Mapping:
    """The admin's classes: one per Tortoise model, and the Tortoise model behind each."""

    metadata: sa.MetaData
    classes: dict[type[Model], type[Any]]

    def of(self, model: type[Model]) -> type[Any]:
        return self.classes[model]

    def tortoise_of(self, cls: type[Any]) -> type[Model]:
        return next(model for model, mapped in self.classes.items() if mapped is cls)


def all_models() -> list[type[Model]]:
    exported = (getattr(tortoise_models, name) for name in tortoise_models.__all__)
    return [m for m in exported if isinstance(m, type) and issubclass(m, Model)]  # not the enums exported beside


def _target(field: ForeignKeyFieldInstance[Any]) -> type[Model]:
    """The related model, whether or not Tortoise has resolved its relations yet ("models.Agency")."""
    related = getattr(field, "related_model", None)
    if isinstance(related, type) and issubclass(related, Model):
        return related
    _, _, name = str(field.model_name).rpartition(".")
    target = getattr(tortoise_models, name)
    assert isinstance(target, type) and issubclass(target, Model)
    return target


def _label(self: Any) -> str:
    for attr in ("name", "display_name", "title", "username", "key", "code"):
        value = getattr(self, attr, None)
        if value:
            return str(value)
    return f"#{getattr(self, 'id', '?')}"


def _default(field: fields.Field[Any]) -> Any:
    default = field.default
    if default is None:
        return None
    if callable(default):
        return lambda: default()  # SQLAlchemy inspects a callable's arguments; builtins like `list` have none to see
    return default.value if isinstance(default, enum.Enum) else default


def build_mapping(models: list[type[Model]] | None = None) -> Mapping:
    models = models or all_models()
    metadata = sa.MetaData()
    mapper_registry = registry(metadata=metadata)
    tables: dict[type[Model], sa.Table] = {}
    classes: dict[type[Model], type[Any]] = {}
    relations: dict[type[Model], dict[str, tuple[type[Model], str]]] = {}
    for model in models:
        meta = model._meta
        foreign: dict[str, tuple[type[Model], str, str]] = {}  # source column → (target, to_field, on_delete)
        relations[model] = {}
        for name, field in meta.fields_map.items():
            if isinstance(field, _FORWARD):
                target, source = _target(field), field.source_field or f"{name}_id"  # None until Tortoise.init
                foreign[source] = (target, field.to_field or "id", str(field.on_delete))
                relations[model][name] = (target, source)
        columns: list[sa.Column[Any]] = []
        for name, field in meta.fields_map.items():
            if isinstance(field, _FORWARD):
                source = relations[model][name][1]
                target, to_field, on_delete = foreign[source]
                # Tortoise adds the `<name>_id` field only at init: derive the column from the relation itself.
                columns.append(
                    sa.Column(source, column_type(target._meta.fields_map[to_field]),
                              sa.ForeignKey(f"{target._meta.db_table}.{to_field}", ondelete=on_delete),
                              nullable=field.null, unique=field.unique or isinstance(field, OneToOneFieldInstance))
                )  # fmt: skip
            elif not isinstance(field, _REVERSE) and name not in foreign:
                # The default makes the form field optional, as it is for Tortoise; Tortoise writes it, not us.
                default = _default(field)
                columns.append(
                    sa.Column(field.source_field or name, column_type(field), key=name, primary_key=field.pk,
                              nullable=field.null, unique=field.unique and not field.pk, autoincrement=field.pk,
                              **({"default": default} if default is not None else {}))
                )  # fmt: skip
        tables[model] = sa.Table(meta.db_table, metadata, *columns)
        classes[model] = type(model.__name__, (), {"__str__": _label, "__doc__": model.__doc__})
    for model, table in tables.items():
        properties: dict[str, Any] = {}
        for name, (target, source) in relations[model].items():
            column = table.c[source]
            if target is model:  # the agency tree: many-to-one onto its own table
                properties[name] = relationship(classes[target], foreign_keys=[column], remote_side=[table.c.id])
            else:
                properties[name] = relationship(classes[target], foreign_keys=[column])
        mapper_registry.map_imperatively(classes[model], table, properties=properties)
    return Mapping(metadata=metadata, classes=classes)


def mapped_names(model: type[Model]) -> set[str]:
    """The names a Tortoise model's data and forward relations need in the admin mapping."""
    names = set()
    for name, field in model._meta.fields_map.items():
        if isinstance(field, _FORWARD):
            names |= {name, field.source_field or f"{name}_id"}
        elif not isinstance(field, _REVERSE):
            names.add(name)
    return names
