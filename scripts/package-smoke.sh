#!/usr/bin/env bash
# Package smoke test: the package works for a stranger.
#
# Builds the package the way a release does (handler bundles, then jsii), packs it with `npm pack`,
# checks what the tarball holds, installs it with aws-cdk-lib and constructs into a fresh app outside
# the repository (no TypeScript, ts-node or esbuild there), and synthesizes a root CA and an issuing
# CA in another account and Region with scripts/package-smoke/app.js. This proves the Lambda bundles
# ship inside the package and a user needs no bundler. Then runs the package's CLI as a user would
# (npx cdk-pki tree, check) on the app's cdk.out.
#
# Usage (from anywhere): bash scripts/package-smoke.sh
# Needs npm registry access for aws-cdk-lib and constructs unless they are in the npm cache.
set -euo pipefail
# Started from `npm exec -c`, the nested npx calls would inherit and rerun the caller's command.
unset npm_config_call

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$repo"
started=$SECONDS
check="setup"

fail() {
  echo "package-smoke: FAILED: $check${1:+: $1}" >&2
  exit 1
}

work="$(mktemp -d "${TMPDIR:-/tmp}/cdk-pki-smoke.XXXXXX")"
work="$(cd "$work" && pwd -P)"
cleanup() {
  local rc=$?
  rm -rf "$work"
  if [ "$rc" -ne 0 ]; then
    echo "package-smoke: failed in check '$check' after $((SECONDS - started))s" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
case "$work/" in
  "$repo"/*) check="temp dir outside the repository"; fail "$work is inside $repo; set TMPDIR elsewhere" ;;
esac
pack_dir="$work/pack"
app_dir="$work/app"
mkdir -p "$pack_dir" "$app_dir"

# 1. Build as a release does: the pre-compile task bundles lambda/*/index.ts into assets/, compile runs jsii.
check="build: npx projen pre-compile (bundle the handlers)"
npx projen pre-compile || fail
check="build: npx projen compile (jsii)"
npx projen compile || fail

# API.md is the public API as users see it: it must be the one jsii-docgen writes for this source.
check="API.md is up to date (npx projen docgen, then commit it)"
npx jsii-docgen -o "$work/API.md" || fail "jsii-docgen failed"
diff -q "$work/API.md" API.md >/dev/null || fail "API.md differs from what jsii-docgen writes for src/; run 'npx projen docgen' and commit API.md"

check="npm pack"
tarball_name="$(npm pack --silent --pack-destination "$pack_dir" | tail -n 1)" || fail
tarball="$pack_dir/$tarball_name"
[ -f "$tarball" ] || fail "npm pack wrote no tarball ($tarball_name)"

check="packed file list"
files="$(tar -tzf "$tarball" | sed 's#^package/##' | sort)" || fail "cannot list $tarball"
for required in package.json .jsii lib/index.js lib/index.d.ts assets/ca-signer/index.js bin/cdk-pki lib/cli/main.js; do
  grep -qxF "$required" <<<"$files" || fail "the tarball lacks $required"
done
forbidden="$(grep -E '^(src|lambda|test|node_modules|examples|scripts|bench|projenrc|\.projen|\.ci|cdk\.out|coverage|test-reports)/|^(tsconfig\.dev\.json|tsconfig\.tsbuildinfo|\.projenrc\.ts)$|\.tgz$' <<<"$files" || true)"
[ -z "$forbidden" ] || fail "the tarball holds files that must not ship:
$forbidden"
# Anything beyond the expected top-level entries is reported, not fatal.
unexpected="$(grep -vE '^(package\.json|README\.md|LICENSE|API\.md|\.jsii|tsconfig\.json)$|^(lib|assets|docs|bin)/' <<<"$files" || true)"
lib_ts="$(grep -E '^lib/.*\.ts$' <<<"$files" | grep -vE '\.d\.ts$' || true)"
if [ -n "$unexpected$lib_ts" ]; then
  echo "package-smoke: warning: unexpected files in the tarball:" >&2
  printf '%s\n' $unexpected $lib_ts | sed 's/^/  /' >&2
fi

# 2. A fresh app outside the repository, with nothing but the tarball, aws-cdk-lib and constructs.
check="read aws-cdk-lib and constructs versions from package.json"
cdk_version="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")" || fail
constructs_version="$(node -p "require('./package.json').devDependencies['constructs']")" || fail
[ "$cdk_version" != undefined ] && [ "$constructs_version" != undefined ] || fail "devDependencies lack them"

# Run npm and node in the app as a stranger would: without the environment of an enclosing npm script
# (npm_config_local_prefix would point npm at this repository) or a NODE_PATH that reaches into it.
stranger() {
  (
    cd "$app_dir"
    for var in $(compgen -e); do
      case "$var" in
        npm_config_local_prefix | npm_package_* | npm_lifecycle_* | npm_command | INIT_CWD | NODE_PATH) unset "$var" ;;
      esac
    done
    "$@"
  )
}

check="npm init in the fresh app"
stranger npm init -y >/dev/null || fail
check="npm install the tarball, aws-cdk-lib@$cdk_version and constructs@$constructs_version"
stranger npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$tarball" "aws-cdk-lib@$cdk_version" "constructs@$constructs_version" || fail

check="installed cdk-pki is a copy inside the app, not a link to the repository"
[ -f "$app_dir/node_modules/cdk-pki/package.json" ] && [ ! -L "$app_dir/node_modules/cdk-pki" ] || fail

# 3. No bundler, no TypeScript: the handler must already be bundled.
for tool in esbuild typescript ts-node; do
  check="no $tool in the fresh app"
  if stranger node -e "require.resolve('$tool')" >/dev/null 2>&1; then
    fail "require.resolve('$tool') succeeds in $app_dir"
  fi
done

check="synthesize and check the fresh app (scripts/package-smoke/app.js)"
cp "$repo/scripts/package-smoke/app.js" "$app_dir/app.js"
# CDK_OUTDIR as the CDK CLI sets it for the app: the PKI report then says on stderr where it went.
stranger env CDK_OUTDIR="$app_dir/cdk.out" node app.js "$app_dir/cdk.out" 2>"$work/synth.stderr" || { cat "$work/synth.stderr" >&2; fail; }
cat "$work/synth.stderr" >&2

check="synthesis under the CDK CLI prints where the PKI report went"
grep -qE '^cdk-pki: PKI report written to cdk\.out/pki-report\.md \([0-9]+ PASS, [0-9]+ WARN, 0 FAIL; npx cdk-pki check\)$' "$work/synth.stderr" \
  || fail "no such line on stderr"

# 4. The CLI in the package (bin/cdk-pki, docs/cli.md), run by npx from the app's node_modules/.bin (--no: never
# download a package of that name; `--` keeps npx from reading the command's options, such as --version, as its own)
# on the app's cdk.out, the directory it reads by default.
cdk_pki() {
  local rc=0
  stranger npx --no -- cdk-pki "$@" >"$work/cli.stdout" 2>"$work/cli.stderr" || rc=$?
  echo "$rc"
}
cli_output() {
  cat "$work/cli.stdout" "$work/cli.stderr"
}

check="npx cdk-pki tree prints the CA tree of cdk.out"
rc="$(cdk_pki tree)"
[ "$rc" -eq 0 ] || fail "exit $rc: $(cli_output)"
grep -qF '[level 1] RootCaAccount smoke/' "$work/cli.stdout" || fail "no root CA in: $(cli_output)"
grep -qE '└─ \[level 2\] IssuingCa smoke/.* \(SmokeIssuing/IssuingCa\)$' "$work/cli.stdout" || fail "no issuing CA under the root in: $(cli_output)"
grep -qF '222222222222/eu-west-1, signed cross-account and cross-Region' "$work/cli.stdout" || fail "no account/Region in: $(cli_output)"
sed 's/^/  /' "$work/cli.stdout"

check="npx cdk-pki check exits 0 (the smoke app has warnings, no failure) and lists the checklist"
rc="$(cdk_pki check)"
[ "$rc" -eq 0 ] || fail "exit $rc: $(cli_output)"
grep -qE '^  (PASS|WARN|FAIL|N/A) +1\. root-signs-ca-only ' "$work/cli.stdout" || fail "no checklist item in: $(cli_output)"
grep -qE 'WARN, 0 FAIL, [0-9]+ N/A: passed' "$work/cli.stdout" || fail "no verdict in: $(cli_output)"

check="npx cdk-pki check --strict exits 1 on the smoke app's warnings (no CloudTrail in the app)"
rc="$(cdk_pki check --strict)"
[ "$rc" -eq 1 ] || fail "exit $rc, expected 1: $(cli_output)"
grep -qF 'warning cdk-pki:NoCloudTrail' "$work/cli.stdout" || fail "no NoCloudTrail warning in: $(cli_output)"

check="npx cdk-pki report and --version"
rc="$(cdk_pki report)"
[ "$rc" -eq 0 ] && grep -qF 'Markdown:  cdk.out/pki-report.md' "$work/cli.stdout" || fail "exit $rc: $(cli_output)"
rc="$(cdk_pki --version)"
[ "$rc" -eq 0 ] && [ "$(cat "$work/cli.stdout")" = "$(tar -xzOf "$tarball" package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).version')" ] \
  || fail "exit $rc: $(cli_output)"

check="npx cdk-pki check exits 2 where there is no PKI report"
rc="$(cdk_pki check -o "$pack_dir")"
[ "$rc" -eq 2 ] && grep -qF "new PkiReport(app, 'PkiReport')" "$work/cli.stderr" || fail "exit $rc: $(cli_output)"

check="done"
echo "package-smoke: OK: $tarball_name ($(du -k "$tarball" | cut -f1) KiB, $(wc -l <<<"$files") files) installed with aws-cdk-lib@$cdk_version and constructs@$constructs_version outside the repository; synthesized and read with npx cdk-pki in $((SECONDS - started))s"
