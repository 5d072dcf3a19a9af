"""Top-level GraphQL errors a client can act on. Each carries `extensions.code`; anything else is masked.

Errors a user can fix in a mutation's input come back in the mutation's payload instead, with a code enum per domain.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import InvalidGlobalIDError


class ErrorCode(StrEnum):
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"


class ClientError(Exception):
    """An error whose message is safe to show; the masking extension lets it through."""

    code: ErrorCode = ErrorCode.BAD_USER_INPUT

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": self.code.value}
        if self.field:
            ext["field"] = self.field
        return ext


class Unauthenticated(ClientError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(ClientError):
    code = ErrorCode.FORBIDDEN


class BadUserInput(ClientError):
    code = ErrorCode.BAD_USER_INPUT


class NotFound(ClientError):
    code = ErrorCode.NOT_FOUND


def is_client_error(error: GraphQLError) -> bool:
    """Parse, validation and input-coercion errors and our own errors are shown; the rest are masked."""
    original = error.original_error
    return original is None or isinstance(original, ClientError | GraphQLError | InvalidGlobalIDError)


class StreamMaskErrors(MaskErrors):
    """Strawberry's MaskErrors, with the check it makes on every result done by attribute instead of by
    `isinstance` against a runtime-checkable Protocol, which cost a tenth of a subscription fan-out's CPU
    (bench/README.md). The masking itself is Strawberry's."""

    def _process_result(self, result: object) -> None:
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]


class CodeMalformedIds(SchemaExtension):
    """A malformed ID inside an input object fails in Strawberry's argument conversion, before any resolver of ours
    could wrap it: give it the code a client can act on."""

    def on_execute(self):  # type: ignore[no-untyped-def]  # Strawberry's hook is a generator
        yield
        result = self.execution_context.result
        for error in (result.errors or []) if result is not None else []:
            if isinstance(error.original_error, InvalidGlobalIDError):
                error.extensions = {**(error.extensions or {}), "code": ErrorCode.BAD_USER_INPUT.value}
