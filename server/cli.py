"""The `caselink` command line: serve, migrate, seed, export-schema, create-user."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from tortoise import Tortoise

from events.broker import set_broker
from models.enums import Role
from server.database import ensure_sqlite_directory, tortoise_config
from server.settings import get_settings
from server.wiring import deployment_prefix, make_broker

app = typer.Typer(help="CaseLink: transfer and coordination of administrative-enforcement cases.", no_args_is_help=True)

T = TypeVar("T")


def _with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` with the ORM up, and always close the connections (aiosqlite's thread would keep us alive)."""

    async def run() -> T:
        settings = get_settings()
        ensure_sqlite_directory(settings.database_url)
        await Tortoise.init(config=tortoise_config(settings.database_url))
        # With Redis, a policy change made here reaches the running servers at once (else within their refresh).
        broker = make_broker(settings.redis_url, prefix=await deployment_prefix(settings.redis_prefix))
        set_broker(broker)
        try:
            await broker.start()
            return await work()
        finally:
            await broker.stop()
            await Tortoise.close_connections()

    return asyncio.run(run())


@app.command()
def serve(
    host: Annotated[str, typer.Option(envvar="HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    workers: Annotated[int, typer.Option(min=1)] = 1,
    access_log: Annotated[bool, typer.Option(help="Log every request (costs time under load).")] = True,
) -> None:
    """Serve the API (and later the admin) with uvicorn."""
    import uvicorn

    typer.echo(f"CaseLink on http://{host}:{port}/graphql (GraphiQL in a browser), health at /healthz and /readyz")
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        # Events are small JSON frames: compressing each one for each subscriber costs more CPU than it saves.
        ws_per_message_deflate=False,
    )


@app.command()
def migrate() -> None:
    """Apply Tortoise's migrations to the configured database."""
    from tortoise.migrations.api import migrate as run_migrations

    async def work() -> None:
        url = get_settings().database_url
        ensure_sqlite_directory(url)
        try:
            await run_migrations(config=tortoise_config(url))
        finally:
            await Tortoise.close_connections()  # in the same loop, or aiosqlite's thread keeps the process alive

    asyncio.run(work())
    typer.echo("migrations applied")


@app.command()
def seed() -> None:
    """Load the demo and reference data. Idempotent: a second run changes nothing."""
    from seeds.load import DEMO_LOGINS, load_seeds

    created = _with_database(load_seeds)
    typer.echo("seed data loaded" if created else "seed data already present")
    typer.echo("demo logins (password for all: " + DEMO_LOGINS.password + "):")
    for username, description in DEMO_LOGINS.users:
        typer.echo(f"  {username:<14} {description}")


@app.command("export-schema")
def export_schema(path: Annotated[Path, typer.Argument()] = Path("schema.graphql")) -> None:
    """Write the GraphQL schema as SDL: the public contract, kept in the repository."""
    from graphql_api.schema import export_sdl

    path.write_text(export_sdl(), encoding="utf-8")
    typer.echo(f"wrote {path}")


@app.command("create-user")
def create_user(
    username: str,
    agency: Annotated[str, typer.Option(help="The agency's short code, e.g. 南排河")],
    role: Annotated[Role, typer.Option()],
    password: Annotated[str, typer.Option()],
    display_name: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Create an officer (or staff member) of an agency with one role."""
    from procedures.people import PeopleError
    from procedures.people import create_user as create

    async def work() -> str:
        user = await create(
            username=username, agency_code=agency, role=role, password=password, display_name=display_name
        )
        return user.username

    try:
        name = _with_database(work)
    except PeopleError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(f"created {name} ({role.value} of {agency})")


audit_app = typer.Typer(help="The audit trail: seal it into its hash chain, verify the chain.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("seal")
def audit_seal() -> None:
    """Chain the events committed since the last seal (the servers do it every few seconds on their own)."""
    from procedures.audit import seal

    typer.echo(f"sealed {_with_database(seal)} events")


@audit_app.command("verify")
def audit_verify(
    expect_head: Annotated[
        str | None, typer.Option(help="A head hash written down earlier: it must still be in the chain.")
    ] = None,
) -> None:
    """Prove that no sealed event was altered or removed: exit 0 when the chain holds, 1 when it is broken."""
    from procedures.audit import verify

    result = _with_database(lambda: verify(expect_head=expect_head))
    if not result.ok:
        typer.echo(f"BROKEN at chain position {result.broken_at}: {result.reason}", err=True)
        typer.echo(f"{result.sealed} events verified before it", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"ok: {result.sealed} events verified, {result.unsealed} not sealed yet")
    typer.echo(f"head: {result.head}")


@app.command()
def sweep() -> None:
    """Raise the deadline warnings due now (the servers do it every few seconds on their own)."""
    from procedures.deadlines import sweep as run_sweep

    result = _with_database(run_sweep)
    if not result.ran:
        typer.echo("another instance is sweeping")
        return
    typer.echo(f"raised {result.total} warnings")
    for (kind, level), count in sorted(result.raised.items()):
        typer.echo(f"  {level.value:<6} {kind:<20} {count}")
