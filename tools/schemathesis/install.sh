#!/usr/bin/env bash
# Installs the pinned Schemathesis (requirements.txt, from PyPI) into .infra/schemathesis/venv for
# the e2e suite's fuzzing file; does nothing when that venv already holds exactly these pins.
# Needs python3 (3.9+) with venv and pip; .ci/run calls it before `npm run e2e`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
requirements="$root/tools/schemathesis/requirements.txt"
venv="$root/.infra/schemathesis/venv"
stamp="$venv/.requirements.sha256"

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x $venv/bin/st && -f $stamp && "$(cat "$stamp")" == "$wanted" ]]; then
  exit 0
fi
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "schemathesis: python3 with venv and ensurepip is needed (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
python3 -m venv --clear "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements"
echo "$wanted" >"$stamp"
echo "schemathesis: $("$venv/bin/st" --version) installed in ${venv#"$root"/}" >&2
