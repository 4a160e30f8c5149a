#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests.
#
#   scripts/pg.sh start DIR PORT   initdb DIR/data (trust auth, UTF8, C.UTF-8), start it on
#                                  127.0.0.1:PORT with its socket in DIR, create the database
#                                  ladderproof_test and print its DATABASE_URL on stdout.
#   scripts/pg.sh stop DIR         stop the cluster in DIR (does nothing when it is not running).
#
# PostgreSQL refuses to run as root: as root the binaries run as the postgres user (runuser) and
# DIR is handed to that user; as any other user (postgres included) they run directly, and DIR
# must belong to that user. The binaries are found under /usr/lib/postgresql/*/bin (newest first).
# Messages go to stderr; stdout carries only the URL, so `url=$(scripts/pg.sh start …)` works.
set -euo pipefail

DB_NAME=ladderproof_test

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: scripts/pg.sh start DIR PORT | scripts/pg.sh stop DIR" >&2
  exit 2
}

find_bindir() {
  local dir found=""
  # Newest major version first (sort -V puts 15 after 9.6 as it should).
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      found=$dir
      break
    fi
  done
  [[ -n "$found" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)"
  echo "$found"
}

# Runs a PostgreSQL binary as the postgres user when we are root, otherwise as ourselves.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user (apt-get install -y postgresql creates it)"
    # runuser keeps the caller's working directory, which postgres may not be able to read.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

absolute() {
  local d=$1
  [[ "$d" == /* ]] || d="$PWD/$d"
  echo "$d"
}

cmd_start() {
  [[ $# -eq 2 ]] || usage
  local dir port bindir data log
  dir=$(absolute "$1")
  port=$2
  [[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "PORT must be a number between 1 and 65535, got '$port'"
  # Unix socket paths are limited to 107 bytes: DIR/.s.PGSQL.PORT must fit.
  ((${#dir} + 20 < 107)) || die "DIR is too long for a Unix socket path: $dir"
  bindir=$(find_bindir)
  data="$dir/data"
  log="$dir/postgres.log"

  mkdir -p "$dir"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres:postgres "$dir"
    chmod 0700 "$dir"
    as_pg test -w "$dir" -a -x "$dir" ||
      die "the postgres user cannot write to $dir (is a parent directory closed to it?)"
  else
    [[ -O "$dir" ]] || die "$dir must belong to $(id -un) (or run as root)"
  fi

  if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "pg.sh: a cluster is already running in $data" >&2
  else
    if [[ ! -f "$data/PG_VERSION" ]]; then
      # -N: no fsync; the cluster is thrown away after the tests.
      as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; die "initdb failed in $data"; }
    fi
    if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      [[ -f "$log" ]] && tail -n 30 "$log" >&2
      die "PostgreSQL did not start on 127.0.0.1:$port (is the port taken?)"
    fi
  fi

  # Use the port the running cluster really listens on (it may have been started earlier with another).
  local running_port
  running_port=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
  [[ "$running_port" =~ ^[0-9]+$ ]] && port=$running_port

  local exists
  exists=$(as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAq \
    -c "select 1 from pg_database where datname = '$DB_NAME'") || die "cannot connect to the cluster on 127.0.0.1:$port"
  if [[ "$exists" != 1 ]]; then
    as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME" || die "createdb $DB_NAME failed"
  fi
  echo "pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running in $data on 127.0.0.1:$port" >&2
  echo "postgres://postgres@127.0.0.1:$port/$DB_NAME"
}

cmd_stop() {
  [[ $# -eq 1 ]] || usage
  local dir data bindir
  dir=$(absolute "$1")
  data="$dir/data"
  # Nothing there, or never started: nothing to stop.
  [[ -f "$data/postmaster.pid" ]] || return 0
  bindir=$(find_bindir)
  if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ||
      as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w -t 10 stop >/dev/null ||
      die "could not stop the cluster in $data"
    echo "pg.sh: stopped the cluster in $data" >&2
  fi
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  *) usage ;;
esac
