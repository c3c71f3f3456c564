#!/usr/bin/env bash
# Installs the dependencies, builds everything with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs the whole test suite (unit, store, service, end to end).
# The store, service and HTTP suites run twice, on SQLite and on PostgreSQL (tests named
# postgresql.*): a throwaway PostgreSQL server is started for the run in a temporary folder and
# stopped at the end, whatever the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake --preset debug >/dev/null
cmake --build --preset debug

pg_dir=$(mktemp -d /tmp/forum-pg.XXXXXX)
stop_postgres() {
  bash deploy/postgres.sh stop "$pg_dir" || true
  rm -rf "$pg_dir"
}
trap stop_postgres EXIT
# A port of its own for each run, so that two runs on one machine do not meet.
pg_port=$((20000 + RANDOM % 20000))
FORUM_PG_FAST=1 bash deploy/postgres.sh start "$pg_dir" "$pg_port" > /dev/null
export FORUM_TEST_POSTGRES="postgresql://forum@localhost:$pg_port/postgres?host=$pg_dir"
ctest --preset debug -j 2
