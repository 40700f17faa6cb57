#!/usr/bin/env bash
# Usage: scripts/ensure-postgres.sh [--help]
#
# Makes sure a PostgreSQL server is running for the tests that need a real one, and prints its URL on stdout:
# installs (apt-get) if missing, creates and starts the cluster.
#
# Used by .ci/run and by the test setup (test/setup/postgres.ts), so CI and a developer machine get the same
# server: Debian's postgresql, a cluster of its own ("bottest", port $BOT_TEST_PG_PORT, default 54329) so it never
# touches a cluster the machine already runs, a role and database "bot". Progress goes to stderr.
set -euo pipefail

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

PORT="${BOT_TEST_PG_PORT:-54329}"
CLUSTER=bottest
URL="postgres://bot:bot@127.0.0.1:${PORT}/bot"
say() { echo "ensure-postgres: $*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    say "need root (or sudo) to run: $*"; exit 1
  fi
}

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing Debian's postgresql (apt-get)"
  as_root apt-get update >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y --no-install-recommends postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  say "creating cluster $VERSION/$CLUSTER on port $PORT"
  as_root pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  say "starting cluster $VERSION/$CLUSTER"
  # Another test run may be starting it at this very moment: a start that fails is fine if the server is up after.
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2 || true
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { say "the server on port $PORT does not answer; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"; exit 1; }

psql_admin() { as_root su postgres -c "psql -X -q -v ON_ERROR_STOP=1 -p $PORT -tAc \"$1\""; }
if [[ -z $(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'bot'") ]]; then
  psql_admin "CREATE ROLE bot LOGIN PASSWORD 'bot'" >&2 || true
fi
if [[ -z $(psql_admin "SELECT 1 FROM pg_database WHERE datname = 'bot'") ]]; then
  psql_admin "CREATE DATABASE bot OWNER bot" >&2 || true
fi
echo "$URL"
