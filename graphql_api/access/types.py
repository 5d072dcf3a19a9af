"""Policy lines and the payloads of the mutations that change them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

import models
from graphql_api.context import Info
from graphql_api.enums import Role
from graphql_api.node import ModelNode
from graphql_api.relations import one
from permissions.catalog import ANY
from permissions.index import agency_of

if TYPE_CHECKING:
    from graphql_api.accounts.types import ApiKey, User
    from graphql_api.agencies.types import Agency

_Agency = Annotated["Agency", strawberry.lazy("graphql_api.agencies.types")]
_User = Annotated["User", strawberry.lazy("graphql_api.accounts.types")]
_ApiKey = Annotated["ApiKey", strawberry.lazy("graphql_api.accounts.types")]


@strawberry.type(description="A Casbin policy line: a role held by a subject, or a permission of a role. "
                 "Requires policy:read in the line's agency.")  # fmt: skip
class PolicyRule(ModelNode):
    _model = models.PolicyRule
    _resource = "policy"

    ptype: str = strawberry.field(description='"g" for a role held, "p" for a permission.')
    v0: strawberry.Private[str]
    v1: strawberry.Private[str]
    v2: strawberry.Private[str]
    v3: strawberry.Private[str]

    @strawberry.field(description='The subject of a role line ("user:12", "key:3"); null for a permission.')
    def subject(self) -> str | None:
        return self.v0 if self.ptype == "g" else None

    @strawberry.field
    def role(self) -> str:
        return self.v1 if self.ptype == "g" else self.v0

    @strawberry.field(description="True when the line holds in every agency.")
    def county_wide(self) -> bool:
        return _domain(self) == ANY

    @strawberry.field(description="The agency the line holds in; null when county-wide.")
    async def agency(self, info: Info) -> _Agency | None:
        return await one(info, models.Agency, agency_of(_domain(self)), resource="agency")

    @strawberry.field(description="For a permission: the object, e.g. transfer.")
    def object(self) -> str | None:
        return self.v2 if self.ptype == "p" else None

    @strawberry.field(description="For a permission: the action, e.g. send.")
    def action(self) -> str | None:
        return self.v3 if self.ptype == "p" else None

    @strawberry.field(description='The line in words: "leader of 南排河镇人民政府 may send transfer".')
    async def text(self, info: Info) -> str:
        agency = await one(info, models.Agency, agency_of(_domain(self)), resource="agency")
        where = agency.name if agency else "every agency"
        if self.ptype == "g":
            return f"{self.v0} is {self.v1} of {where}"
        action = "do anything" if self.v3 == ANY else self.v3
        target = "anything" if self.v2 == ANY else self.v2
        return f"{self.v0} of {where} may {action} {'' if self.v3 == ANY and self.v2 == ANY else target}".rstrip()


def _domain(line: PolicyRule | models.PolicyRule) -> str:
    """The domain column of a line of either kind. A function, not a method: the resolvers get the model row."""
    return line.v2 if line.ptype == "g" else line.v1


@strawberry.enum(description="Why a change of roles, permissions or keys was refused.")
class AccessErrorCode(StrEnum):
    UNKNOWN_USER = "UNKNOWN_USER"
    UNKNOWN_AGENCY = "UNKNOWN_AGENCY"
    UNKNOWN_KEY = "UNKNOWN_KEY"
    UNKNOWN_PERMISSION = "UNKNOWN_PERMISSION"
    WRONG_DOMAIN = "WRONG_DOMAIN"
    ALREADY_GRANTED = "ALREADY_GRANTED"
    NOT_GRANTED = "NOT_GRANTED"
    ALREADY_REVOKED = "ALREADY_REVOKED"
    UNCHANGED = "UNCHANGED"
    INVALID_NAME = "INVALID_NAME"


@strawberry.type
class AccessError:
    code: AccessErrorCode
    field: str | None
    message: str


@strawberry.type
class RolePayload:
    user: _User | None
    errors: list[AccessError]


@strawberry.type
class PermissionPayload:
    role: Role | None
    errors: list[AccessError]


@strawberry.type
class ApiKeyPayload:
    api_key: _ApiKey | None
    secret: str | None = strawberry.field(description="The key to send as a bearer token. Shown this once only.")
    errors: list[AccessError]
