#!/bin/sh
# Creates (or upgrades) Temporal's two databases on PostgreSQL with Temporal's SQL tool: `temporal` for the
# histories, `temporal_visibility` for listing. Idempotent: a database that exists is kept and only upgraded.
# Run by docker-compose.yml in the temporalio/admin-tools image, and natively by scripts/temporal-cluster.
#
# Environment: SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (or SQL_PASSWORD_FILE), SQL_PLUGIN (postgres12),
# DBNAME (temporal), VISIBILITY_DBNAME (temporal_visibility), SQL_TOOL (temporal-sql-tool),
# SCHEMA_DIR (/etc/temporal/schema/postgresql/v12, where the admin-tools image keeps the schema files).
set -eu

SQL_TOOL=${SQL_TOOL:-temporal-sql-tool}
SCHEMA_DIR=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
export SQL_PLUGIN=${SQL_PLUGIN:-postgres12}
if [ -n "${SQL_PASSWORD_FILE:-}" ]; then
  SQL_PASSWORD=$(cat "$SQL_PASSWORD_FILE")
  export SQL_PASSWORD
fi

say() { printf '[setup-postgres] %s\n' "$*" >&2; }

setup() {
  db=$1
  versioned=$2
  # CREATE DATABASE has no IF NOT EXISTS in PostgreSQL: an existing database is the one answer that is fine.
  if out=$("$SQL_TOOL" --db "$db" create-database 2>&1); then
    say "created the database $db"
  elif printf '%s' "$out" | grep -q 'already exists'; then
    say "the database $db exists"
  else
    printf '%s\n' "$out" >&2
    say "could not create the database $db on ${SQL_HOST:-?}:${SQL_PORT:-?} as ${SQL_USER:-?}"
    exit 1
  fi
  "$SQL_TOOL" --db "$db" setup-schema -v 0.0 >/dev/null 2>&1 || "$SQL_TOOL" --db "$db" setup-schema -v 0.0
  "$SQL_TOOL" --db "$db" update-schema -d "$SCHEMA_DIR/$versioned/versioned" >/dev/null 2>&1 ||
    "$SQL_TOOL" --db "$db" update-schema -d "$SCHEMA_DIR/$versioned/versioned"
  say "the schema of $db is up to date ($SCHEMA_DIR/$versioned)"
}

setup "${DBNAME:-temporal}" temporal
setup "${VISIBILITY_DBNAME:-temporal_visibility}" visibility
