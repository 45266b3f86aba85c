#!/usr/bin/env bash
# Runs the whole pytest suite; when PostgreSQL is installed, starts a throwaway server on loopback
# for the storage tests (MAGCHECK_TEST_POSTGRES_URL) and stops it afterwards. Prints a per-group summary.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p test-artifacts
cleanup=()
if [ -z "${MAGCHECK_TEST_POSTGRES_URL:-}" ]; then
  if url=$(bash scripts/pg-start.sh 2>test-artifacts/pg-start.log); then
    export MAGCHECK_TEST_POSTGRES_URL="$url"
    cleanup+=("bash scripts/pg-stop.sh")
  elif [ "${CI:-}" = "true" ]; then
    cat test-artifacts/pg-start.log >&2
    echo "PostgreSQL could not be started under CI" >&2
    exit 1
  fi
fi
# two workers (pytest-xdist): the suite, its API fuzzing and browser tests are independent of each other;
# PYTEST_WORKERS=0 runs it in one process
$PY -m pytest -n "${PYTEST_WORKERS:-2}" -p no:cacheprovider --junitxml=test-artifacts/junit.xml "$@"
rc=$?
for c in "${cleanup[@]}"; do $c || true; done
$PY scripts/test-summary.py test-artifacts/junit.xml || true
exit $rc
