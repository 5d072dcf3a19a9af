#!/usr/bin/env bash
# Side by side: the nested case list served by another commit and by this tree, on the same bench database, one
# server at a time, interleaved rounds (wrk, c=8, 20 s), as the scoped officer and the supervisor.
#
#   python -m bench.generate            # once: the bench database on the local PostgreSQL
#   bench/compare.sh REV [ROUNDS]       # e.g. bench/compare.sh 47c5920 2
#
# REV is checked out into a temporary worktree and served with this tree's virtualenv (PYTHONPATH puts its code
# first); it must read the same schema, so compare commits whose migrations the bench database has.
set -euo pipefail
rev=${1:?usage: bench/compare.sh REV [ROUNDS]}
rounds=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
db=${CASELINK_BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/caselink_bench}
port=${CASELINK_BENCH_PORT:-8311}
other=$(mktemp -d)
git -C "$here" worktree add -q --detach "$other" "$rev"
trap 'pkill -f "port $port" || true; git -C "$here" worktree remove --force "$other"' EXIT
for round in $(seq "$rounds"); do
  for tree in "$other" "$here"; do
    for user in bench_officer bench_supervisor; do
      (cd "$tree" && CASELINK_DATABASE_URL=$db CASELINK_SWEEP_SECONDS=0 PYTHONPATH=$tree \
        CASELINK_SECRET_KEY=caselink-bench-secret-key-not-for-production-0123456789 \
        "$here/.venv/bin/python" -c "from server.cli import app; app()" \
        serve --host 127.0.0.1 --port "$port" --no-access-log >/dev/null 2>&1) &
      for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
      result=$(cd "$here" && .venv/bin/python -m bench.read --url "http://127.0.0.1:$port/graphql" --user "$user" \
               --concurrency 8 --duration 20 2>&1 | tail -n 1)
      label=$([ "$tree" = "$here" ] && echo "this tree" || echo "$rev")
      echo "round $round · $label · $user · $(echo "$result" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["rps"], "req/s, p50", r["p50_ms"], "ms, p99", r["p99_ms"], "ms, errors", r["errors"])')"
      pkill -f "port $port" || true
      sleep 2
    done
  done
done
