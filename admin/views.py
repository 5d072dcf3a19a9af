"""The admin's views: one per configurable record, built on the classes of `admin.mapping`.

Each view names the permission that governs it; the Authorizer's scope for that permission limits its lists in SQL
(`WHERE agency_id IN (…)`), and a view whose scope is empty is neither shown nor reachable. Configuration records are
written through Tortoise with an event (`admin.writes`); records that carry a rule go through their procedures.
"""

from __future__ import annotations

import builtins
import enum
import types
from collections.abc import Iterable
from typing import Any, ClassVar

import sqlalchemy as sa
from babel.support import LazyProxy
from sqladmin import ModelView
from sqladmin.filters import AllUniqueStringValuesFilter, BooleanFilter, ForeignKeyFilter, StaticValuesFilter
from sqladmin.i18n import get_locale, gettext, lazy_gettext
from sqladmin.secret import Secret
from starlette.exceptions import HTTPException
from starlette.requests import Request
from tortoise.models import Model
from wtforms import Form, PasswordField, SelectField, StringField, validators
from wtforms.i18n import get_translations

from admin import writes
from admin.auth import principal_of
from admin.mapping import Mapping
from admin.rules import ACTIONS_ZH, OBJECTS_ZH, ROLES_ZH, RuleNames, value_label
from models import (
    Agency,
    AgencyHead,
    ApiKey,
    CalendarDay,
    Case,
    CatalogEntry,
    Deadline,
    DeadlineAlert,
    Event,
    Jurisdiction,
    Matter,
    PolicyRule,
    SharingAccessRequest,
    SharingCatalog,
    TimeLimit,
    Transfer,
    User,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.enums import DayKind, Role
from permissions.authorizer import authorizer
from permissions.catalog import ACTIONS, ANY
from permissions.index import Scope, agency_of
from permissions.principal import Principal
from procedures import api_keys, holiday_notices, people, policies, sharing, supervision
from procedures.access import AccessDenied
from procedures.time_limits import DEFAULT_TIME_LIMITS

_ = lazy_gettext


class _Label(LazyProxy):
    """A label that follows each request's language, and can be a dict key as sqladmin needs."""

    def __hash__(self) -> int:
        return id(self)


def _label(text: str) -> Any:
    return _Label(gettext, text, enable_cache=False)


ORGANISATION = _("Organisation")
JURISDICTION = _("Jurisdiction")
SHARING = _("Sharing")
PEOPLE = _("People and permissions")
CALENDAR = _("Calendar and time limits")
RECORDS = _("Records (read-only)")

# One label per field name, in English: the catalog of `admin.i18n` turns them into Chinese.
_LABELS = {
    "id": "ID", "name": "Name", "code": "Code", "kind": "Kind", "parent": "Parent",
    "designation_office": "Designation office", "credit_code": "Credit code", "address": "Address", "phone": "Phone",
    "created_at": "Created at", "updated_at": "Updated at", "field": "Field", "legal_basis": "Legal basis",
    "department": "Department", "catalog_version": "Catalog version", "effective_from": "Effective from",
    "effective_to": "Effective to", "decision_days": "Decision days", "matter": "Matter", "agency": "Agency",
    "territory": "Territory", "basis": "Basis", "description": "Description", "version": "Version", "owner": "Owner",
    "catalog": "Catalog", "classification_code": "Classification code", "provider": "Provider",
    "category": "Category", "summary": "Summary", "data_format": "Data format", "data_items": "Data items",
    "sharing_type": "Sharing type", "conditions": "Conditions", "method": "Method",
    "open_to_public": "Open to the public", "update_cycle": "Update cycle", "publish_date": "Publish date",
    "entry": "Entry", "consumer": "Consumer", "purpose": "Purpose", "status": "Status", "decided_at": "Decided at",
    "decision_note": "Decision note", "username": "Username", "display_name": "Display name",
    "certificate_no": "Certificate number", "is_active": "Active", "prefix": "Prefix", "revoked_at": "Revoked at",
    "last_used_at": "Last used at", "role": "Role", "date": "Date", "key": "Key", "amount": "Amount", "unit": "Unit",
    "source": "Source", "user": "User", "appointed_on": "Appointed on", "number": "Number", "title": "Title",
    "type": "Type", "occurred_at": "Occurred at", "subject_type": "Subject", "level": "Level", "deadline": "Deadline",
    "sender": "Sender", "receiver": "Receiver", "sent_at": "Sent at", "document_number": "Document number",
    "payload": "Payload", "actor": "Actor", "ptype": "Rule", "v0": "Subject", "v1": "Role", "v2": "Agency",
    "v3": "Action", "url": "URL", "event_types": "Event types", "active": "Active", "endpoint": "Endpoint",
    "event": "Event", "attempts": "Attempts", "next_attempt_at": "Next attempt at",
    "last_status_code": "Last status code", "last_response": "Last response", "delivered_at": "Delivered at",
    "origin": "Origin", "counting_basis": "Counting basis", "started_at": "Started at", "due_at": "Due at",
    "provisional": "Provisional", "provisional_from": "Provisional from", "subject_id": "Subject ID",
}  # fmt: skip

_ERRORS = {
    "DUPLICATE_CODE": "条目代码已被使用", "INVALID_CODE": "分类编码应为 6 位数字(类、项、目),可加细目",
    "LEGAL_BASIS_REQUIRED": "有条件共享和不予共享的条目须写明法律依据", "ALREADY_GRANTED": "该用户在该机关已拥有此角色",
    "NOT_GRANTED": "该用户在该机关没有此角色", "WRONG_DOMAIN": "监督员和系统管理员为全县范围角色,其他角色须指定机关",
    "UNKNOWN_USER": "用户不存在", "UNKNOWN_PERMISSION": "没有这个权限(对象与操作不匹配)",
    "UNCHANGED": "规则已存在", "UNKNOWN_AGENCY": "机关不存在", "INVALID_NAME": "请填写名称",
    "ALREADY_REVOKED": "该密钥已吊销", "INVALID_STATE": "该申请已处理", "REASON_REQUIRED": "请填写理由",
    "NOT_OF_AGENCY": "负责人须为本机关人员", "INACTIVE_USER": "该人员已停用",
}  # fmt: skip


def _message(exc: Exception) -> str:
    """A procedure's refusal, in the admin's language."""
    if isinstance(exc, AccessDenied):
        return "无权限:此操作超出您的管理范围" if get_locale() != "en" else f"Forbidden: {exc}"
    code = getattr(exc, "code", None)
    if get_locale() != "en" and isinstance(code, str) and code in _ERRORS:
        return _ERRORS[code]
    return str(exc)


class _Meta:
    """WTForms' own messages ("This field is required.") in the admin's language."""

    def get_translations(self, form: Form) -> Any:
        return get_translations(["en"] if get_locale() == "en" else ["zh"])


def _enum_value(value: Any) -> str:
    """sqladmin's enum field coerces to the member's name while its choices hold values (FIELD-NOTES.md)."""
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


class AdminView(ModelView):
    """A view governed by one permission; `agency_column` is the column its scope limits (None: county-wide only)."""

    tortoise_model: ClassVar[type[Model]]
    permission: ClassVar[tuple[str, str]] = ("manage", "agency")
    agency_column: ClassVar[str | None] = None
    writable: ClassVar[bool] = False
    page_size = 25
    can_export = False
    can_view_details = True
    icon = "fa-solid fa-table"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not getattr(cls, "writable", False):
            cls.can_create = cls.can_edit = cls.can_delete = False

    # -- access: the Authorizer's scope, turned into SQL ---------------------------------------------------------
    def scope(self, request: Request) -> Scope:
        principal = getattr(request.state, "caselink_principal", None)
        if not isinstance(principal, Principal):
            return Scope.none()
        return authorizer.scope(principal, *self.permission)

    def is_accessible(self, request: Request) -> bool:
        scope = self.scope(request)
        return scope.everything or (self.agency_column is not None and not scope.empty)

    def is_visible(self, request: Request) -> bool:
        return self.is_accessible(request)

    def search_placeholder(self) -> str:
        return ", ".join(str(self._column_labels.get(f, f)) for f in self._search_fields)

    def agency_filter(self, agency_ids: list[int]) -> sa.ColumnElement[bool]:
        assert self.agency_column is not None
        column: sa.ColumnElement[Any] = sa.inspect(self.model).local_table.c[self.agency_column]
        return column.in_(agency_ids)

    def _scoped(self, stmt: Any, request: Request) -> Any:
        scope = self.scope(request)
        if scope.everything:
            return stmt
        if self.agency_column is None or scope.empty:
            return stmt.where(sa.false())
        return stmt.where(self.agency_filter(sorted(scope.agency_ids)))

    def list_query(self, request: Request) -> Any:
        return self._scoped(super().list_query(request), request)

    def count_query(self, request: Request) -> Any:
        return self._scoped(super().count_query(request), request)

    def details_query(self, request: Request) -> Any:
        return self._scoped(super().details_query(request), request)

    def form_edit_query(self, request: Request) -> Any:
        return self._scoped(super().form_edit_query(request), request)

    async def scaffold_form(self, rules: builtins.list[str] | None = None) -> type[Form]:
        form: type[Form] = await super().scaffold_form(rules)
        english = get_locale() == "en"
        columns: Iterable[sa.Column[Any]] = sa.inspect(self.model).columns
        for column in columns:
            field = getattr(form, str(column.key), None)
            if isinstance(column.type, sa.Enum) and field is not None and hasattr(field, "kwargs"):
                field.kwargs["choices"] = [(v, value_label(v, english=english)) for v in column.type.enums]
        return form

    # -- writes: through Tortoise, with an event, never through SQLAlchemy ----------------------------------------
    async def _reload(self, pk: Any) -> Any:
        return await self._get_object_by_pk(self._stmt_by_identifier(str(pk)))

    async def _require_visible(self, request: Request, pk: Any) -> None:
        if await self._get_object_by_pk(self._scoped(self._stmt_by_identifier(str(pk)), request)) is None:
            raise HTTPException(status_code=404)

    async def insert_model(self, request: Request, data: dict[str, Any]) -> Any:
        try:
            row = await self.create_record(principal_of(request), data, request)
        except (AccessDenied, writes.AdminWriteError, ValueError) as exc:
            raise ValueError(_message(exc)) from exc
        except Exception as exc:
            if hasattr(exc, "code"):
                raise ValueError(_message(exc)) from exc
            raise
        return await self._reload(row.pk)

    async def update_model(self, request: Request, pk: str, data: dict[str, Any]) -> Any:
        await self._require_visible(request, pk)
        try:
            await self.update_record(principal_of(request), int(pk), data)
        except (AccessDenied, writes.AdminWriteError, ValueError) as exc:
            raise ValueError(_message(exc)) from exc
        except Exception as exc:
            if hasattr(exc, "code"):
                raise ValueError(_message(exc)) from exc
            raise
        return await self._reload(pk)

    async def delete_model(self, request: Request, pk: Any) -> None:
        await self._require_visible(request, pk)
        try:
            await self.delete_record(principal_of(request), int(pk))
        except Exception as exc:
            raise ValueError(_message(exc)) from exc

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        return await writes.save_record(actor, self.tortoise_model, None, data)

    async def update_record(self, actor: Principal, pk: int, data: dict[str, Any]) -> Model:
        return await writes.save_record(actor, self.tortoise_model, pk, data)

    async def delete_record(self, actor: Principal, pk: int) -> None:
        await writes.delete_record(actor, self.tortoise_model, pk)


_NEVER_IN_FORMS = {"id", "created_at", "updated_at"}
# Secrets and what only procedures set: never shown, never in a form (a password is set through its own input).
SECRET_COLUMNS = frozenset({"password_hash", "token_version", "key_hash", "secret"})


def _id(value: Any) -> int:
    """A relation's value in a form: the related row, or its ID."""
    return int(getattr(value, "id", value))


def _choices(enum_type: type[enum.Enum]) -> list[tuple[str, str]]:
    return [(str(m.value), str(m.value)) for m in enum_type]


def _role_choices() -> list[tuple[str, str]]:
    english = get_locale() == "en"
    return [(r.value, r.value if english else f"{ROLES_ZH.get(r.value, r.value)}({r.value})") for r in Role]


# -- the views that call procedures -----------------------------------------------------------------------------
class _UserView(AdminView):
    """Officers: created with their first role by `procedures.people`; an agency admin sees only its agency's."""

    permission = ("manage", "user")
    agency_column = "agency_id"
    writable = True
    can_delete = False  # people are deactivated, never deleted: their acts stay attributed

    form_create_rules: ClassVar[list[str]] = [
        "username", "display_name", "agency", "certificate_no", "phone", "is_active", "password", "role",
    ]  # fmt: skip
    form_edit_rules: ClassVar[list[str]] = [
        "username",
        "display_name",
        "agency",
        "certificate_no",
        "phone",
        "is_active",
    ]
    form_excluded_columns: ClassVar[list[str]] = ["id", "created_at", "updated_at", "agency_id", "password_hash"]
    form_args: ClassVar[dict[str, Any]] = {"is_active": {"default": True}}

    async def scaffold_form(self, rules: list[str] | None = None) -> type[Form]:
        form = await super().scaffold_form(None)
        if rules and "password" in rules:  # the first password and role are asked only when the officer is added
            return type("UserCreateForm", (form,), {
                "password": PasswordField(_("Initial password"), [validators.InputRequired(), validators.Length(min=8)],
                                          description=_("at least 8 characters")),
                "role": SelectField(_("Role"), choices=_role_choices(), default=Role.OFFICER.value),
            })  # fmt: skip
        return form

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        agency = await Agency.get(id=_id(data.get("agency")))
        return await people.add_user(
            actor, username=str(data["username"]), agency_code=agency.code, role=Role(data["role"]),
            password=str(data["password"]), display_name=data.get("display_name") or None,
            certificate_no=data.get("certificate_no") or None, phone=data.get("phone") or "",
        )  # fmt: skip

    async def update_record(self, actor: Principal, pk: int, data: dict[str, Any]) -> Model:
        data = {k: v for k, v in data.items() if k not in {"agency", "password_hash", "username", "password", "role"}}
        return await writes.save_record(actor, User, pk, data)


class _RoleView(AdminView):
    """The policy as readable rules; a role is granted and revoked by `procedures.policies`, so every instance
    applies the change at once."""

    permission = ("manage", "policy")
    writable = True
    can_edit = False
    _names: ClassVar[RuleNames] = RuleNames()

    async def list(self, request: Request) -> Any:
        _RoleView._names = await RuleNames.load()  # one query per table per page, then the formatter reads them
        return await super().list(request)

    async def get_object_for_details(self, request: Request) -> Any:
        _RoleView._names = await RuleNames.load()
        return await super().get_object_for_details(request)

    @classmethod
    def sentence(cls, row: Any, _attribute: Any = None) -> str:
        values = [row.v0, row.v1, row.v2, row.v3, row.v4, row.v5]
        return cls._names.sentence(row.ptype, values, english=get_locale() == "en")

    def agency_filter(self, agency_ids: builtins.list[int]) -> sa.ColumnElement[bool]:
        table: sa.Table = sa.inspect(self.model).local_table
        return sa.and_(table.c.ptype == "g", table.c.v2.in_([f"agency:{a}" for a in agency_ids]))

    async def scaffold_form(self, rules: builtins.list[str] | None = None) -> type[Form]:
        users = [("", "—"), *[(str(u.id), str(u)) for u in await User.filter(is_active=True).order_by("username")]]
        agencies = [("", "—"), *[(str(a.id), a.name) for a in await Agency.all().order_by("id")]]
        objects = [("", "—"), (ANY, ANY), *[(o, o if get_locale() == "en" else f"{OBJECTS_ZH.get(o, o)}({o})")
                                            for o in ACTIONS]]  # fmt: skip
        return type("PolicyRuleForm", (Form,), {
            "Meta": _Meta,
            "user": SelectField(_("User"), choices=users, default="",
                                description=_("Grant a role: choose the user (leave the permission empty)")),
            "role": SelectField(_("Role"), choices=_role_choices(), default=Role.OFFICER.value),
            "agency": SelectField(_("Agency (empty: the whole county, for supervisors and system administrators)"),
                                  choices=agencies, default=""),
            "object": SelectField(_("Object"), choices=objects, default="",
                                  description=_("Allow a permission to the role: choose the object and the action")),
            "action": StringField(_("Action"), default="", description=", ".join(sorted(ACTIONS_ZH))),
        })  # fmt: skip

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        """A role for a user (g line), or a permission for a role (p line); the procedures validate both."""
        agency_id = int(data["agency"]) if data.get("agency") else None
        role = Role(data["role"])
        domain = "*" if agency_id is None else f"agency:{agency_id}"
        if data.get("object"):
            obj, action = str(data["object"]), str(data.get("action") or "").strip()
            await policies.change_permission(actor, role=role, agency_id=agency_id, obj=obj, action=action, allow=True)
            return await PolicyRule.get(ptype="p", v0=role.value, v1=domain, v2=obj, v3=action)
        if not data.get("user"):
            raise ValueError(
                "请选择用户(授予角色),或选择对象和操作(授予权限)"
                if get_locale() != "en"
                else "choose a user (to grant a role) or an object and an action (to allow a permission)"
            )
        await policies.grant_role(actor, user_id=int(data["user"]), role=role, agency_id=agency_id)
        return await PolicyRule.get(ptype="g", v0=f"user:{data['user']}", v1=role.value, v2=domain)

    async def delete_record(self, actor: Principal, pk: int) -> None:
        rule = await PolicyRule.get(id=pk)
        if rule.ptype == "g" and rule.v0.startswith("user:"):
            await policies.revoke_role(actor, user_id=int(rule.v0.split(":")[1]), role=Role(rule.v1),
                                       agency_id=agency_of(rule.v2))  # fmt: skip
        elif rule.ptype == "p":
            await policies.change_permission(actor, role=Role(rule.v0), agency_id=agency_of(rule.v1), obj=rule.v2,
                                             action=rule.v3, allow=False)  # fmt: skip
        else:
            raise ValueError("API keys' roles are revoked with the key")


class _ApiKeyView(AdminView):
    """Integrators' keys, created by `procedures.api_keys`: the secret is shown once; "delete" revokes."""

    permission = ("manage", "api_key")
    agency_column = "agency_id"
    writable = True
    can_edit = False
    form_columns: ClassVar[list[str]] = ["name", "agency"]
    column_details_exclude_list: ClassVar[list[str]] = ["key_hash"]

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        agency_id = _id(data.get("agency"))
        issued = await api_keys.create_api_key(actor, agency_id=agency_id, name=str(data["name"]),
                                               role=Role.INTEGRATOR)  # fmt: skip
        Secret.reveal_once(request, issued.secret, title=str(_("API key")),
                           label=str(_("The API key (copy it now: it is not shown again)")))  # fmt: skip
        return issued.key

    async def delete_record(self, actor: Principal, pk: int) -> None:
        await api_keys.revoke_api_key(actor, key_id=pk)


class _CatalogEntryView(AdminView):
    """R-E1 entries, created by `procedures.sharing.create_entry` (its checks: classification code, legal basis)."""

    permission = ("manage_catalog", "sharing")
    agency_column = "provider_id"
    writable = True
    can_edit = False
    can_delete = False

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        values = writes.tortoise_values(CatalogEntry, data)
        entry = sharing.EntryInput(
            catalog_id=values["catalog_id"], classification_code=values["classification_code"] or "",
            name=values["name"] or "", code=values["code"] or "", category=values["category"],
            sharing_type=values["sharing_type"], method=values["method"], update_cycle=values["update_cycle"],
            summary=values.get("summary") or "", legal_basis=values.get("legal_basis") or "",
            conditions=values.get("conditions") or "", data_format=values.get("data_format") or "",
            data_items=values.get("data_items") or [], publish_date=values.get("publish_date"),
        )  # fmt: skip
        return await sharing.create_entry(actor, entry, provider_id=values["provider_id"])


class _AccessRequestView(AdminView):
    """Access requests to approve: the edit form's decision goes to `procedures.sharing.decide_access`."""

    permission = ("manage_catalog", "sharing")
    agency_column = "entry_id"
    writable = True
    can_create = False
    can_delete = False
    form_columns: ClassVar[list[str]] = ["status", "decision_note"]

    def agency_filter(self, agency_ids: list[int]) -> sa.ColumnElement[bool]:
        entries: sa.Table = sa.inspect(self.model).mapper.relationships["entry"].mapper.local_table
        table: sa.Table = sa.inspect(self.model).local_table
        visible: sa.ColumnElement[bool] = table.c.entry_id.in_(
            sa.select(entries.c.id).where(entries.c.provider_id.in_(agency_ids))
        )
        return visible

    async def update_record(self, actor: Principal, pk: int, data: dict[str, Any]) -> Model:
        status = str(getattr(data.get("status"), "value", data.get("status")))
        if status not in ("approved", "rejected"):
            raise ValueError("请选择批准(approved)或驳回(rejected)")
        return await sharing.decide_access(actor, pk, approve=status == "approved",
                                           note=str(data.get("decision_note") or ""))  # fmt: skip


class _AgencyHeadView(AdminView):
    """R-G1: the responsible head, named by `procedures.supervision.appoint_head`."""

    permission = ("manage", "user")
    agency_column = "agency_id"
    writable = True
    can_delete = False
    form_columns: ClassVar[list[str]] = ["agency", "user", "appointed_on"]

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        return await self._appoint(actor, data)

    async def update_record(self, actor: Principal, pk: int, data: dict[str, Any]) -> Model:
        return await self._appoint(actor, data)

    @staticmethod
    async def _appoint(actor: Principal, data: dict[str, Any]) -> Model:
        values = writes.tortoise_values(AgencyHead, data)
        return await supervision.appoint_head(actor, agency_id=values["agency_id"], user_id=values["user_id"],
                                              on=values.get("appointed_on"))  # fmt: skip


class _CalendarDayView(AdminView):
    """Local exceptions (and the days of imported notices), written by `procedures.holiday_notices`, which counts
    again every open deadline that counted the day."""

    permission = ("manage", "calendar")
    writable = True
    form_columns: ClassVar[list[str]] = ["date", "kind", "name"]

    async def create_record(self, actor: Principal, data: dict[str, Any], request: Request) -> Model:
        return await self._save(actor, None, data)

    async def update_record(self, actor: Principal, pk: int, data: dict[str, Any]) -> Model:
        return await self._save(actor, pk, data)

    async def delete_record(self, actor: Principal, pk: int) -> None:
        await holiday_notices.delete_day(actor, pk)

    @staticmethod
    async def _save(actor: Principal, pk: int | None, data: dict[str, Any]) -> Model:
        values = writes.tortoise_values(CalendarDay, data)
        row, _ = await holiday_notices.save_exception(
            actor, pk, day=values["date"], kind=DayKind(values["kind"]), name=values.get("name") or ""
        )
        return row


def _clock_name(row: Any, _attribute: Any) -> str:
    """A clock by what it is for (the time limit's description), e.g. 接收方签收并出具送达回证."""
    default = DEFAULT_TIME_LIMITS.get(row.limit_key)
    return str(row.kind) if default is None or get_locale() == "en" else default.description


# -- the table of views ------------------------------------------------------------------------------------------
_VIEWS: list[tuple[type[Model], type[AdminView], dict[str, Any]]] = [
    (Agency, AdminView, dict(name=_("Agency"), name_plural=_("Agencies"), category=ORGANISATION, writable=True,
     icon="fa-solid fa-building-columns", column_list=["id", "name", "code", "kind", "parent"],
     column_searchable_list=["name", "code"], column_sortable_list=["id", "name", "code", "kind"],
     column_filters=["kind"])),
    (AgencyHead, _AgencyHeadView, dict(name=_("Responsible head"), name_plural=_("Responsible heads"),
     category=ORGANISATION, icon="fa-solid fa-user-tie", column_list=["agency", "user", "appointed_on"])),
    (Matter, AdminView, dict(name=_("Matter"), name_plural=_("Matters"), category=JURISDICTION, writable=True,
     icon="fa-solid fa-scale-balanced",
     column_list=["id", "code", "name", "field", "department", "catalog_version", "effective_from"],
     column_searchable_list=["code", "name", "legal_basis"], column_filters=["field", "catalog_version"],
     column_sortable_list=["id", "code", "field", "effective_from"])),
    (Jurisdiction, AdminView, dict(name=_("Jurisdiction line"), name_plural=_("Jurisdiction lines"),
     category=JURISDICTION, writable=True, icon="fa-solid fa-map",
     column_list=["id", "matter", "agency", "territory", "effective_from", "effective_to"],
     column_sortable_list=["id", "effective_from"], column_filters=["agency_id"])),
    (SharingCatalog, AdminView, dict(name=_("Sharing catalog"), name_plural=_("Sharing catalogs"), category=SHARING,
     writable=True, icon="fa-solid fa-book", column_list=["id", "name", "owner", "version"],
     column_searchable_list=["name"])),
    (CatalogEntry, _CatalogEntryView, dict(name=_("Catalog entry"), name_plural=_("Catalog entries"),
     category=SHARING, icon="fa-solid fa-list",
     column_list=["id", "code", "name", "category", "sharing_type", "provider", "method", "update_cycle"],
     column_searchable_list=["code", "name"], column_filters=["category", "sharing_type"],
     column_sortable_list=["id", "code", "category"])),
    (SharingAccessRequest, _AccessRequestView, dict(name=_("Access request"), name_plural=_("Access requests"),
     category=SHARING, icon="fa-solid fa-key", column_list=["id", "entry", "consumer", "status", "decided_at"],
     column_filters=["status"])),
    (User, _UserView, dict(name=_("Officer"), name_plural=_("Officers"), category=PEOPLE, icon="fa-solid fa-users",
     column_list=["id", "username", "display_name", "agency", "certificate_no", "is_active"],
     column_searchable_list=["username", "display_name"], column_filters=["is_active", "agency_id"],
     column_sortable_list=["id", "username"], column_details_exclude_list=["password_hash"])),
    (PolicyRule, _RoleView, dict(name=_("Policy rule"), name_plural=_("Policy rules"), category=PEOPLE,
     icon="fa-solid fa-shield-halved", column_list=["id", "ptype"],
     column_formatters={"ptype": _RoleView.sentence}, column_formatters_detail={"ptype": _RoleView.sentence},
     column_searchable_list=["v0", "v1", "v2"], column_filters=["ptype"])),
    (ApiKey, _ApiKeyView, dict(name=_("API key"), name_plural=_("API keys"), category=PEOPLE,
     icon="fa-solid fa-plug", column_list=["id", "name", "agency", "prefix", "revoked_at", "last_used_at"])),
    (CalendarDay, _CalendarDayView, dict(name=_("Holiday or working day"),
     name_plural=_("Holidays and working days"), category=CALENDAR, icon="fa-solid fa-calendar-days",
     column_list=["date", "kind", "name", "origin"], column_sortable_list=["date"],
     column_default_sort=[("date", True)], column_filters=["kind", "origin"])),
    (TimeLimit, AdminView, dict(name=_("Time limit"), name_plural=_("Time limits"), category=CALENDAR,
     writable=True, permission=("manage", "calendar"), icon="fa-solid fa-hourglass-half",
     column_list=["key", "amount", "unit", "source", "counting_basis", "description"],
     column_searchable_list=["key"],
     form_columns=["key", "amount", "unit", "description", "source", "counting_basis"])),
    (Deadline, AdminView, dict(name=_("Deadline"), name_plural=_("Deadlines"), category=RECORDS,
     permission=("read", "event"), agency_column="agency_id", icon="fa-solid fa-stopwatch",
     column_list=["kind", "provisional", "due_at", "agency", "subject_id"],
     column_formatters={"kind": _clock_name}, column_formatters_detail={"kind": _clock_name},
     column_filters=["provisional", "kind"], column_sortable_list=["id", "due_at"],
     column_default_sort=[("due_at", False)])),
    (Case, AdminView, dict(name=_("Case"), name_plural=_("Cases"), category=RECORDS, permission=("read", "case"),
     icon="fa-solid fa-folder-open", column_list=["id", "number", "title", "status", "agency"],
     column_searchable_list=["number", "title"], column_filters=["status"])),
    (Transfer, AdminView, dict(name=_("Transfer"), name_plural=_("Transfers"), category=RECORDS,
     permission=("read", "transfer"), icon="fa-solid fa-right-left",
     column_list=["id", "document_number", "status", "sender", "receiver", "sent_at"], column_filters=["status"])),
    (DeadlineAlert, AdminView, dict(name=_("Deadline alert"), name_plural=_("Deadline alerts"), category=RECORDS,
     permission=("read", "event"), agency_column="agency_id", icon="fa-solid fa-triangle-exclamation",
     column_list=["id", "kind", "level", "agency", "subject_type", "subject_id", "deadline"],
     column_filters=["level", "kind"], column_default_sort=[("id", True)])),
    # Webhooks are registered through GraphQL (registerWebhook, by an integrator's agency admin); here they are shown,
    # without their secret, with every delivery's last answer (issue 6: events/webhooks.py retries on its own).
    (WebhookEndpoint, AdminView, dict(name=_("Webhook"), name_plural=_("Webhooks"), category=RECORDS,
     permission=("manage", "api_key"), agency_column="agency_id", icon="fa-solid fa-satellite-dish",
     column_list=["id", "agency", "url", "event_types", "active", "created_at"],
     column_details_exclude_list=["secret"])),
    (WebhookDelivery, AdminView, dict(name=_("Webhook delivery"), name_plural=_("Webhook deliveries"),
     category=RECORDS, permission=("manage", "agency"), icon="fa-solid fa-paper-plane",
     column_list=["id", "endpoint", "event", "status", "attempts", "next_attempt_at", "last_status_code",
                  "delivered_at"],
     column_filters=["status"], column_default_sort=[("id", True)])),
    (Event, AdminView, dict(name=_("Event"), name_plural=_("Events"), category=RECORDS,
     permission=("manage", "agency"), icon="fa-solid fa-clock-rotate-left",
     column_list=["id", "type", "occurred_at", "actor_id", "agency_id", "subject_type", "subject_id"],
     column_filters=["type", "subject_type"], column_default_sort=[("id", True)], column_searchable_list=["type"])),
]  # fmt: skip


def _filter(mapping: Mapping, cls: type[Any], name: str) -> Any:
    """A list filter for a column, by its type: the values of an enum, yes/no, an agency by name, or its values."""
    mapper = sa.inspect(cls)
    column = mapper.columns[name]
    title = _label(_LABELS.get(name.removesuffix("_id"), name))
    attr = getattr(cls, name)
    if isinstance(column.type, sa.Enum):
        return StaticValuesFilter(
            attr, values=[(v, value_label(v, english=False)) for v in column.type.enums], title=title
        )
    if isinstance(column.type, sa.Boolean):
        return BooleanFilter(attr, title=title)
    if column.foreign_keys:
        agencies = mapping.of(Agency)
        return ForeignKeyFilter(attr, agencies.name, foreign_model=agencies, title=title)
    return AllUniqueStringValuesFilter(attr, title=title)


def _enum_formatter(row: Any, attribute: Any) -> str:
    return value_label(getattr(row, str(getattr(attribute, "key", attribute))), english=get_locale() == "en")


def _namespace(attrs: dict[str, Any]) -> Any:
    return lambda ns: ns.update(attrs)


def build_views(mapping: Mapping) -> list[type[AdminView]]:
    """One view class per configured model, on the admin's SQLAlchemy class for it."""
    views: list[type[AdminView]] = []
    for model, base, options in _VIEWS:
        cls = mapping.of(model)
        mapper = sa.inspect(cls)
        names = set(mapper.all_orm_descriptors.keys())
        attrs: dict[str, Any] = {"tortoise_model": model, "__module__": __name__, **options}
        attrs["column_labels"] = {k: _label(v) for k, v in _LABELS.items() if k in names}
        if "form_columns" not in attrs and "form_excluded_columns" not in attrs:
            # Foreign keys appear as their relation (a select of rows), never as a bare ID; stamps are Tortoise's.
            id_columns = {f"{rel.key}_id" for rel in mapper.relationships}
            own = set(getattr(base, "form_excluded_columns", ()))  # a view class's own exclusions stay
            attrs["form_excluded_columns"] = sorted((_NEVER_IN_FORMS | SECRET_COLUMNS | id_columns | own) & names)
        attrs["column_details_exclude_list"] = sorted(set(attrs.get("column_details_exclude_list", ())) |
                                                      (SECRET_COLUMNS & names))  # fmt: skip
        formatters = {c.key: _enum_formatter for c in mapper.columns if isinstance(c.type, sa.Enum)}
        attrs["column_formatters"] = {**formatters, **attrs.get("column_formatters", {})}
        attrs["column_formatters_detail"] = {**formatters, **attrs.get("column_formatters_detail", {})}
        attrs["column_filters"] = [_filter(mapping, cls, name) for name in attrs.get("column_filters", [])]
        attrs["form_base_class"] = type("AdminForm", (Form,), {"Meta": _Meta})
        enums = [c.key for c in mapper.columns if isinstance(c.type, sa.Enum)]
        form_args = {k: dict(v) for k, v in attrs.get("form_args", {}).items()}
        for key in enums:
            form_args.setdefault(key, {})["coerce"] = _enum_value
        attrs["form_args"] = form_args
        view = types.new_class(f"{model.__name__}Admin", (base,), {"model": cls}, _namespace(attrs))
        views.append(view)
    return views
