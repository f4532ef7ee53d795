#!/bin/sh
# Creates Årshjul's namespace and its search attributes on a running Temporal server, with the Temporal CLI.
# Idempotent: what exists is kept. Run by docker-compose.yml in the temporalio/admin-tools image, and natively by
# scripts/temporal-cluster.
#
# Environment: TEMPORAL_ADDRESS (temporal:7233), TEMPORAL_NAMESPACE (default), TEMPORAL_RETENTION (30d: how long
# a closed workflow's history is kept; the register keeps the record for good), TEMPORAL_CLI (temporal).
set -eu

# The search attributes of src/workflows/searchAttributes.ts (test/unit/deploy.test.ts keeps the two the same).
SEARCH_ATTRIBUTES="ArshjulKommun=Keyword ArshjulOrgan=Keyword ArshjulStatus=Keyword"

CLI=${TEMPORAL_CLI:-temporal}
ADDRESS=${TEMPORAL_ADDRESS:-temporal:7233}
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${TEMPORAL_RETENTION:-30d}

say() { printf '[create-namespace] %s\n' "$*" >&2; }

# Runs the command after WHAT once a second until it succeeds; gives up after a minute.
within_a_minute() {
  what=$1
  shift
  tries=0
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || {
      say "waited a minute for $what: giving up"
      exit 1
    }
    sleep 1
  done
}

within_a_minute "the Temporal server on $ADDRESS" "$CLI" operator cluster health --address "$ADDRESS"

if "$CLI" operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; then
  say "the namespace $NAMESPACE exists"
else
  "$CLI" operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$ADDRESS" >/dev/null
  say "created the namespace $NAMESPACE (retention $RETENTION)"
fi

# A new namespace is known to every service once their namespace caches refresh (every few seconds).
within_a_minute "the namespace $NAMESPACE" "$CLI" operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS"
existing=$("$CLI" operator search-attribute list --namespace "$NAMESPACE" --address "$ADDRESS")
for attribute in $SEARCH_ATTRIBUTES; do
  name=${attribute%%=*}
  type=${attribute#*=}
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    say "the search attribute $name exists"
  else
    "$CLI" operator search-attribute create --name "$name" --type "$type" --namespace "$NAMESPACE" \
      --address "$ADDRESS" >/dev/null
    say "created the search attribute $name ($type)"
  fi
done
