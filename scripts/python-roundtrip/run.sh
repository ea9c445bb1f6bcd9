#!/usr/bin/env bash
# The Python round trip: the quick start synthesized from Python, with the wheel of this tree, must give the
# same CloudFormation templates as the TypeScript quick start (docs/languages.md).
#
#   1. bash .ci/jsii-targets builds the wheel into dist/languages/wheel/ (offline, with Debian's Python);
#   2. a venv gets the wheel, aws-cdk-lib and constructs at the versions of package.json's devDependencies (the
#      ones the TypeScript side runs on), and jsii's Python runtime, from PyPI;
#   3. scripts/python-roundtrip/app.py (the quick start in Python) synthesizes into <work>/python;
#   4. scripts/python-roundtrip/synth-typescript.ts synthesizes examples/quick-start/app.ts into <work>/typescript;
#   5. scripts/python-roundtrip/diff-templates.ts compares the two stack by stack, resource by resource. It ignores
#      the AWS::CDK::Metadata resource only (it records the language the app ran in); asset hashes count, since
#      both sides come from this tree. Pass --ignore-asset-hashes to ignore them too.
#
# Usage (from anywhere, where PyPI is reachable): bash scripts/python-roundtrip/run.sh [--ignore-asset-hashes]
# Environment: PYTHON, the interpreter for the venv (3.10 or newer; default python3); ROUNDTRIP_DIR, the work folder
# (default dist/python-roundtrip, kept for a look afterwards); PIP_INDEX_URL etc. as pip reads them.
# Needs Node.js on PATH (jsii's Python runtime runs the library in it) and `npm ci` done.
# Exit status: 0 when the templates are the same, 1 when they differ, 2 when the round trip could not run.
set -euo pipefail
unset npm_config_call

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
cd "$repo"
started=$SECONDS
here="scripts/python-roundtrip"
python="${PYTHON:-python3}"
work="${ROUNDTRIP_DIR:-$repo/dist/python-roundtrip}"
step="setup"
# Node 20 is end-of-life for jsii's runtime: its banner would drown the output.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
trap 'rc=$?; [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || echo "python-roundtrip: FAILED in step: $step" >&2' EXIT
die() { echo "python-roundtrip: $step: $1" >&2; exit 2; }

step="check the tools"
command -v node >/dev/null || die "node is not on PATH"
"$python" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null \
  || die "$python is not a Python 3.10 or newer with venv; set PYTHON"
cdk_version="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
constructs_version="$(node -p "require('./package.json').devDependencies['constructs']")"
version="$(node -p "require('./package.json').version")"

step="build the wheel (bash .ci/jsii-targets)"
bash .ci/jsii-targets || die "the wheel was not built"
wheel="$(ls "$repo"/dist/languages/wheel/cdk_pki-"$version"-*.whl)"

step="venv with the wheel, aws-cdk-lib==$cdk_version and constructs==$constructs_version"
rm -rf "$work"
mkdir -p "$work"
"$python" -m venv "$work/venv" || die "$python -m venv failed"
"$work/venv/bin/python" -m pip install --quiet "$wheel" "aws-cdk-lib==$cdk_version" "constructs==$constructs_version" \
  || die "pip install failed (is PyPI reachable?)"
"$work/venv/bin/python" -m pip list 2>/dev/null | grep -iE '^(cdk-pki|aws-cdk-lib|constructs|jsii) ' | sed 's/^/  /'

step="synthesize the Python quick start ($here/app.py)"
"$work/venv/bin/python" "$here/app.py" "$work/python" || die "the Python app failed"

step="synthesize the TypeScript quick start (examples/quick-start/app.ts)"
npx ts-node --transpile-only --project tsconfig.dev.json "$here/synth-typescript.ts" "$work/typescript" || die "the TypeScript app failed"

step="compare the templates"
set +e
npx ts-node --transpile-only --project tsconfig.dev.json "$here/diff-templates.ts" "$@" "$work/typescript" "$work/python"
rc=$?
set -e
echo "python-roundtrip: $([ "$rc" -eq 0 ] && echo "the same templates from TypeScript and Python" || echo "the templates differ") ($((SECONDS - started))s; assemblies in ${work#"$repo"/})"
exit "$rc"
