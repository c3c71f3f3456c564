#!/usr/bin/env bash
# Starts (or stops) a local PostgreSQL server in a folder of its own, for trying forumd on
# PostgreSQL and for the tests of the PostgreSQL engine. Uses Debian's postgresql package
# (deploy/install-deps.sh installs it); needs no system service and no root, though it runs
# the server as the `postgres` user when started by root (PostgreSQL refuses to run as root).
#
#   deploy/postgres.sh start DIR [PORT]   creates the cluster on first use, starts it, and prints
#                                         the URI to give forumd: --db postgresql://...
#   deploy/postgres.sh stop DIR           stops it (the data stays in DIR/data)
#   deploy/postgres.sh uri DIR [PORT]     prints the URI again
#
# The server listens only on a Unix socket in DIR (the port, default 55432, names the socket);
# the role and the database are both `forum`, with trust authentication, so DIR is kept to its
# owner: only that user (and root) can connect.
# FORUM_PG_FAST=1 turns off fsync, for throwaway test clusters only: a crash of the machine
# would lose their data.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
port=${3:-55432}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "postgres.sh: PostgreSQL is not installed: run deploy/install-deps.sh" >&2
  exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

uri() { echo "postgresql://forum@localhost:$port/forum?host=$dir"; }

case "$cmd" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U forum --auth=trust --no-locale \
        -E UTF8 --nosync > "$dir/initdb.log"
    fi
    chmod 700 "$dir"
    opts="-k $dir -p $port -c listen_addresses='' -c max_connections=200"
    if [ "${FORUM_PG_FAST:-0}" = 1 ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" status > /dev/null 2>&1; then
      if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w \
        -t 60 start > /dev/null; then
        echo "postgres.sh: the server did not start; its log:" >&2
        cat "$dir/server.log" >&2 || true
        exit 1
      fi
    fi
    if ! "${as_owner[@]}" "$bin/psql" -h "$dir" -p "$port" -U forum -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'forum'" | grep -q 1; then
      "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U forum forum
    fi
    uri
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
      "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 || true
    fi
    ;;
  uri)
    uri
    ;;
  *)
    echo "postgres.sh: unknown command $cmd (start, stop, uri)" >&2
    exit 2
    ;;
esac
