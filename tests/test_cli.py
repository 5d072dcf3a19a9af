"""The `caselink` command line: create-user refuses what it cannot do, and export-schema writes the SDL."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphql_api.schema import export_sdl
from models import User
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.principal import Principal, user_subject
from procedures.people import PeopleError, create_user


async def test_create_user_grants_the_role_in_the_agency() -> None:
    user = await create_user(username="cli_new", agency_code="南排河", role=Role.LEADER, password="long-enough-1")
    assert (await User.get(username="cli_new")).agency_id == user.agency_id
    principal = Principal(subject=user_subject(user.id), agency_id=user.agency_id)
    assert authorizer.roles(principal) == {user.agency_id: frozenset({Role.LEADER})}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "x1", "agency_code": "不存在", "password": "long-enough-1"}, "no agency"),
        ({"username": "nph_zhang", "agency_code": "南排河", "password": "long-enough-1"}, "taken"),
        ({"username": "x2", "agency_code": "南排河", "password": "short"}, "at least 8"),
        ({"username": "  ", "agency_code": "南排河", "password": "long-enough-1"}, "empty"),
    ],
)
async def test_create_user_refuses_bad_input(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(PeopleError, match=message):
        await create_user(role=Role.OFFICER, **kwargs)


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from server.cli import app

    target = tmp_path / "schema.graphql"
    result = CliRunner().invoke(app, ["export-schema", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == export_sdl()
