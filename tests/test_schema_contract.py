"""The GraphQL schema and the database schema are contracts: neither may drift from what is committed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from graphql_api.schema import export_sdl

ROOT = Path(__file__).resolve().parent.parent


def test_schema_graphql_matches_the_live_schema() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == export_sdl(), "the schema changed: run `caselink export-schema` and commit schema.graphql"


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    """`tortoise makemigrations` on a copy of the project finds nothing to do."""
    for package in ("models", "migrations", "server"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "CASELINK_DATABASE_URL": f"sqlite://{tmp_path}/drift.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-m", "tortoise", "makemigrations"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout, result.stdout
