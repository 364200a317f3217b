#!/usr/bin/env bash
# Runs a compiled entry point of the service (`npm start`, `npm run api`, `npm run worker`, the
# container, the benchmark) with the process settings that keep its memory flat, measured with
# `npm run bench` (README, Performance):
# - a bounded V8 heap: with none, V8 sizes its heap from the machine's memory (about 4 GB here) and
#   lets garbage pile up to ~200 MB before collecting; any bound (even 1 GB) keeps it near 100 MB.
#   MAX_HEAP_MB overrides it for strategies that really need more.
# - 8 MB semi-spaces instead of V8's 16 MB: every isolate (the main thread, the workflow thread, the
#   catalog thread) keeps two, so the worker's peak RSS during an export fell from ~314 to ~273 MB,
#   at the same export time within noise (4 MB saved another 30 MB but made the export 10-20 % slower).
# - two glibc malloc arenas instead of one per thread (the Temporal core runs several): ~20 MB less
#   resident at the same work. MALLOC_ARENA_MAX overrides it; other C libraries ignore it.
set -euo pipefail
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node --max-old-space-size="${MAX_HEAP_MB:-512}" --max-semi-space-size=8 "$@"
