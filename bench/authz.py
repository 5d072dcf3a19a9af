"""Access-control benchmark: decision time and scoped list-query time at scale (not part of the test suite).

    python -m bench.authz [--database-url URL] [--agencies 40000] [--cases 100000] [--policy-lines 200000]
                          [--decisions 200000] [--queries 300] [--skip-generate]

It builds the data set with `bench.generate` (40,000 agencies by default), tops the policy table up to
`--policy-lines` lines with role grants spread over the agencies, loads the Authorizer from the table, then times:

* `Authorizer.can()` on random (subject, agency, object, action) requests, and `Authorizer.scope()`;
* the first page of cases for the bench officer with its permission scope in the WHERE clause, against the same
  page query without the scope (the supervisor's), in SQL through Tortoise, as `graphql_api.pagination` runs them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import asyncpg
from tortoise import Tortoise

import models
from bench import generate
from models.enums import Role
from permissions.authorizer import authorizer
from permissions.catalog import ACTIONS
from permissions.filters import scope_filter
from permissions.index import agency_of
from permissions.principal import Principal, user_subject
from server.database import tortoise_config

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/caselink_authz"
_ROLES = [Role.OFFICER, Role.LEADER, Role.REGISTRAR, Role.AGENCY_ADMIN, Role.INTEGRATOR]


def _percentiles(samples_ns: list[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000  # µs

    return {"p50_us": at(0.50), "p99_us": at(0.99), "max_us": ordered[-1] / 1000,
            "mean_us": statistics.fmean(ordered) / 1000}  # fmt: skip


async def top_up_policy(database_url: str, target: int, seed: int) -> int:
    """Add role grants of synthetic subjects (two distinct roles each) until the table holds `target` lines."""
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        count = int(await connection.fetchval('SELECT count(*) FROM "policy_rule"'))
        agency_ids = [int(r[0]) for r in await connection.fetch('SELECT "id" FROM "agency"')]
        next_id = int(await connection.fetchval('SELECT coalesce(max("id"), 0) FROM "policy_rule"')) + 1
        rng = random.Random(seed)
        rows = [
            (next_id + i, "g", f"user:{1_000_000 + i // 2}", _ROLES[i % 2 + 2 * rng.randrange(2)].value,
             f"agency:{rng.choice(agency_ids)}", "", "", "")
            for i in range(max(0, target - count))
        ]  # fmt: skip
        await connection.copy_records_to_table(
            "policy_rule", records=rows, columns=["id", "ptype", "v0", "v1", "v2", "v3", "v4", "v5"]
        )
        await connection.execute("SELECT setval(pg_get_serial_sequence('policy_rule', 'id'), max(id)) FROM policy_rule")
        await connection.execute('ANALYZE "policy_rule"')
        return count + len(rows)
    finally:
        await connection.close()


async def _time_queries(run: Callable[[], Awaitable[Any]], times: int) -> list[int]:
    for _ in range(10):  # warm the plan cache and the buffers
        await run()
    samples = []
    for _ in range(times):
        started = time.perf_counter_ns()
        await run()
        samples.append(time.perf_counter_ns() - started)
    return samples


async def measure(options: argparse.Namespace) -> dict[str, Any]:
    lines = await top_up_policy(options.database_url, options.policy_lines, options.seed)
    await Tortoise.init(config=tortoise_config(options.database_url))
    try:
        started = time.perf_counter()
        await authorizer.load()
        load_s = time.perf_counter() - started
        agencies = await models.Agency.all().count()
        grants = [(str(s), str(d)) for s, d in await models.PolicyRule.filter(ptype="g").values_list("v0", "v2")]
        agency_ids = cast(list[int], list(await models.Agency.all().values_list("id", flat=True)))
        rng = random.Random(options.seed)
        requests = []
        for n in range(options.decisions):
            # Half the requests ask in an agency where the subject holds a role, half anywhere.
            obj = rng.choice(list(ACTIONS))
            subject, domain = rng.choice(grants)
            held = agency_of(domain)
            agency_id = held if n % 2 == 0 and held is not None else rng.choice(agency_ids)
            requests.append((Principal(subject=subject, agency_id=0), rng.choice(ACTIONS[obj]), obj, agency_id))
        decisions, allowed = [], 0
        for principal, action, obj, agency_id in requests:
            t0 = time.perf_counter_ns()
            ok = authorizer.can(principal, action, obj, agency_id)
            decisions.append(time.perf_counter_ns() - t0)
            allowed += ok
        scopes = []
        for principal, action, obj, _ in requests[: options.decisions // 10]:
            t0 = time.perf_counter_ns()
            authorizer.scope(principal, action, obj)
            scopes.append(time.perf_counter_ns() - t0)

        officer = await models.User.get(username=generate.OFFICER_USERNAME)
        principal = Principal(subject=user_subject(officer.id), agency_id=officer.agency_id)
        scope = authorizer.scope(principal, "read", "case")
        where = scope_filter("case", scope, first=101)  # the page form, as graphql_api.pagination runs it
        exact = scope_filter("case", scope)  # the form counts and filtered lists use
        assert where is not None and exact is not None, "the officer's scope must limit the rows"

        async def scoped() -> Any:
            return await models.Case.filter(where).order_by("id").limit(101)

        async def scoped_exact() -> Any:
            return await models.Case.filter(exact).order_by("id").limit(101)

        async def unscoped() -> Any:
            return await models.Case.all().order_by("id").limit(101)

        async def own_agency_only() -> Any:  # the same agency filter without the involvement sub-queries
            return await models.Case.filter(agency_id=officer.agency_id).order_by("id").limit(101)

        scoped_rows, unscoped_rows = len(await scoped()), len(await unscoped())
        assert [c.id for c in await scoped()] == [c.id for c in await scoped_exact()], "the page form must be exact"
        scoped_ns = await _time_queries(scoped, options.queries)
        exact_ns = await _time_queries(scoped_exact, options.queries)
        unscoped_ns = await _time_queries(unscoped, options.queries)
        own_ns = await _time_queries(own_agency_only, options.queries)
    finally:
        await Tortoise.close_connections()
    scoped_p, unscoped_p, own_p = _percentiles(scoped_ns), _percentiles(unscoped_ns), _percentiles(own_ns)
    exact_p = _percentiles(exact_ns)
    return {
        "bench": "authz", "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "policy_lines": lines, "agencies": agencies, "policy_load_s": round(load_s, 2),
        "decisions": len(decisions), "allowed_share": round(allowed / len(decisions), 3),
        "can": _percentiles(decisions), "scope": _percentiles(scopes),
        "page_scoped": scoped_p, "page_scoped_exact_form": exact_p, "page_unscoped": unscoped_p,
        "page_own_agency_only": own_p,
        "rows_scoped": scoped_rows, "rows_unscoped": unscoped_rows,
        "scoped_over_unscoped_p50": round(scoped_p["p50_us"] / unscoped_p["p50_us"], 2),
        "scoped_over_own_agency_p50": round(scoped_p["p50_us"] / own_p["p50_us"], 2),
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.authz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--agencies", type=int, default=40_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--policy-lines", type=int, default=200_000)
    parser.add_argument("--decisions", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--skip-generate", action="store_true", help="reuse the data set already there")
    options = parser.parse_args(argv)
    if not options.skip_generate:
        generate.main(["--database-url", options.database_url, "--agencies", str(options.agencies),
                       "--cases", str(options.cases)])  # fmt: skip
    result = asyncio.run(measure(options))
    print(f"policy lines {result['policy_lines']:,}, agencies {result['agencies']:,}, "
          f"policy loaded in {result['policy_load_s']} s")  # fmt: skip
    print(f"{'measure':<28} {'p50':>10} {'p99':>10} {'max':>10}")
    for name in ("can", "scope", "page_scoped", "page_scoped_exact_form", "page_unscoped", "page_own_agency_only"):
        p = result[name]
        print(f"{name:<28} {p['p50_us']:>8.1f}µs {p['p99_us']:>8.1f}µs {p['max_us']:>8.1f}µs")
    print(f"scoped / unscoped page (p50): {result['scoped_over_unscoped_p50']}; "
          f"scoped / own agency only (p50): {result['scoped_over_own_agency_p50']}")  # fmt: skip
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
