#!/usr/bin/env bash
# Runs this build's ingest benchmark and an older commit's, alternately, one run each per round, so both
# see the same machine conditions (the only comparison that means something on shared machines).
#
#   services/ingest/bench/compare-with-commit.sh d4b2cc2 [rounds]
#
# DATABASE_URL and MQTT_URL add the external stack, as for `pnpm bench:ingest`; BENCH_MESSAGES and
# BENCH_READINGS_PER_MESSAGE are passed to both. The old commit is checked out in a temporary worktree.
set -euo pipefail
commit="${1:?usage: compare-with-commit.sh <commit> [rounds]}"
rounds="${2:-5}"
here="$(cd "$(dirname "$0")/../../.." && pwd)"
base="$(mktemp -d /tmp/twin-bench-base.XXXXXX)"
trap 'git -C "$here" worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
git -C "$here" worktree add --detach "$base" "$commit" >/dev/null
(cd "$base" && npx -y pnpm@10.34.9 install --frozen-lockfile >/dev/null)
run() {
  (cd "$1" && BENCH_RUNS=1 npx tsx services/ingest/bench/ingest-bench.ts 2>&1 | grep -E 'stored|pass|ratio|msgs')
}
for round in $(seq 1 "$rounds"); do
  echo "=== round $round: this build"
  run "$here"
  echo "=== round $round: $commit"
  run "$base"
done
