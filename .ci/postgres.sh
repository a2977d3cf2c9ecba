#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the register's tests and prints its URL on stdout
# (everything else goes to stderr). CI: `export RECOUVRE_TEST_PG=$(.ci/postgres.sh)`.
#
# Installs Debian's `postgresql` when missing; runs the server as the `postgres` user (it
# refuses to run as root) on a fresh data folder and its own port, so it never touches a
# cluster already on the machine. Stop it with: runuser -u postgres -- pg_ctl -D "$DATA" stop
set -euo pipefail

PORT="${RECOUVRE_PG_PORT:-54329}"
DATA="${RECOUVRE_PG_DATA:-/tmp/recouvre-pg-$PORT}"
BASE=recouvre_test
ROLE=recouvre

log() { echo "postgres.sh: $*" >&2; }

bin_dir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

if [ -z "$(bin_dir)" ]; then
  log "installation du paquet postgresql"
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(bin_dir)
[ -n "$BIN" ] || { log "pg_ctl introuvable après installation"; exit 1; }

comme_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if comme_postgres "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  log "serveur déjà démarré sur $DATA"
else
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
  comme_postgres "$BIN/initdb" -D "$DATA" -A trust -U postgres --no-sync >&2
  comme_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
fi

psql_() { comme_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_ -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_ -c "CREATE ROLE $ROLE LOGIN PASSWORD '$ROLE' CREATEDB" >&2
fi
if [ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = '$BASE'")" != 1 ]; then
  psql_ -c "CREATE DATABASE $BASE OWNER $ROLE" >&2
fi

echo "postgres://$ROLE:$ROLE@127.0.0.1:$PORT/$BASE"
