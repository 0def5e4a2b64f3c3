#!/usr/bin/env bash
# This build's ingest service against an older commit's, measured by THIS bench (same publisher, same
# cases), alternately, one run each per round, so both see the same machine conditions (the only
# comparison that means something on shared machines).
#
#   services/ingest/bench/compare-with-commit.sh <commit> [rounds]
#
# The older commit is checked out in a temporary worktree with its own node_modules, and its service is
# started from there (BENCH_SERVICE_ROOT). DATABASE_URL and MQTT_URL add the external stack, as for
# `pnpm bench:ingest`; BENCH_CASES defaults to the service cases (single,gateway) and every other BENCH_*
# variable is passed through. Prints each run's JSON line and CPU per reading (Linux), labelled.
set -euo pipefail
commit="${1:?usage: compare-with-commit.sh <commit> [rounds]}"
rounds="${2:-5}"
here="$(cd "$(dirname "$0")/../../.." && pwd)"
base="$(mktemp -d /tmp/twin-bench-base.XXXXXX)"
trap 'git -C "$here" worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
git -C "$here" worktree add --detach "$base" "$commit" >/dev/null
(cd "$base" && npx -y pnpm@10.34.9 install --frozen-lockfile >/dev/null)
run() {
  (cd "$here" && BENCH_RUNS=1 BENCH_CASES="${BENCH_CASES:-single,gateway}" BENCH_SERVICE_ROOT="$1" \
    npx tsx services/ingest/bench/ingest-bench.ts 2>/dev/null | grep -E '^\{|CPU per reading' | sed "s/^ */$2 /")
}
for round in $(seq 1 "$rounds"); do
  run "$here" "this-build"
  run "$base" "$commit"
done
