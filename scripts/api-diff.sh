#!/usr/bin/env bash
# API diff: the jsii assembly (.jsii) of a git ref against the working tree's, with jsii-diff.
#
# Builds the .jsii of the ref (default d3f72c5, the commit before the refactor of issue 13; 0a29580 is its end) in a temporary
# `git worktree add --detach` checkout, and the working tree's in a temporary copy of its files (tracked and
# untracked, not ignored), so that the repository's lib/ and .jsii are left alone; both with
# `npx jsii --silence-warnings=reserved-word` and the repository's node_modules linked in. Then runs
# `npx jsii-diff --keys` on the two and prints:
#   - the incompatible changes jsii-diff finds (err: breaking a stable or deprecated API; warn: an
#     experimental one; skip: allowed by the allow-list), each with its suppression key;
#   - for information, the types and members added and removed (a member moved to a base class or interface
#     of the same type counts as neither), and the APIs newly deprecated (jsii-diff lists only incompatible
#     changes).
#
# Usage (from anywhere):
#   npx projen api-diff [--ref <git ref>] [--to <git ref>] [--allowed <file>] [--keep]
#   npm run api-diff -- [options]
#   bash scripts/api-diff.sh [options]
# --to compares with another ref (checked out in a worktree too) instead of the working tree.
#
# Allow-list (default scripts/api-diff.allowed.txt): one breaking change per line, the key jsii-diff prints in
# brackets, then the reason, e.g.
#   removed:cdk-pki.Foo.bar   Foo.bar moved to Baz.bar (docs/migration.md)
# A line `move:<old fqn>:<new fqn>  <reason>` tells jsii-diff a type was renamed. Lines starting with # are
# comments. A line without a reason is refused.
#
# Exit status: 0 when no breaking change is left (all allowed), 1 when one is, 2 when it could not run.
set -euo pipefail
# Started from `npm exec -c` (projen), the nested npx calls would inherit and rerun the caller's command.
unset npm_config_call

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
ref="d3f72c5"
to=""
allowed="$repo/scripts/api-diff.allowed.txt"
keep=false

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
die() { echo "api-diff: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --ref) [ $# -ge 2 ] || die "--ref needs a value"; ref="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || die "--to needs a value"; to="$2"; shift 2 ;;
    --allowed) [ $# -ge 2 ] || die "--allowed needs a value"; allowed="$(cd "$(dirname "$2")" && pwd -P)/$(basename "$2")"; shift 2 ;;
    --keep) keep=true; shift ;;
    --) shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (try --help)" ;;
  esac
done

cd "$repo"
commit="$(git rev-parse --verify --quiet "$ref^{commit}")" || die "'$ref' is not a commit of this repository"
to_commit=""
if [ -n "$to" ]; then
  to_commit="$(git rev-parse --verify --quiet "$to^{commit}")" || die "'$to' is not a commit of this repository"
fi

# The allow-list: keys for jsii-diff's --ignore-file, each with a reason.
ignore_keys=()
if [ -f "$allowed" ]; then
  line_no=0
  while IFS= read -r line || [ -n "$line" ]; do
    line_no=$((line_no + 1))
    trimmed="$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
    case "$trimmed" in ''|'#'*) continue ;; esac
    key="${trimmed%%[[:space:]]*}"
    reason="${trimmed#"$key"}"
    reason="$(printf '%s' "$reason" | sed 's/^[[:space:]]*//')"
    [ -n "$reason" ] || die "$allowed:$line_no: '$key' has no reason: say why the change is intended"
    ignore_keys+=("$key")
  done < "$allowed"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cdk-pki-api-diff.XXXXXX")"
work="$(cd "$work" && pwd -P)"
old="$work/old"
new="$work/new"
build_groups=()
cleanup() {
  local rc=$?
  # Builds still running when interrupted: each runs in its own process group (setsid), npx and jsii with it.
  for group in "${build_groups[@]+"${build_groups[@]}"}"; do
    kill -TERM -- "-$group" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  if [ "$keep" = true ]; then
    echo "api-diff: kept $work (then: git worktree remove --force $old; rm -rf $work)" >&2
  else
    local prune=false
    if [ -d "$old" ]; then git -C "$repo" worktree remove --force "$old" >/dev/null 2>&1 || prune=true; fi
    if [ -n "$to_commit" ] && [ -d "$new" ]; then git -C "$repo" worktree remove --force "$new" >/dev/null 2>&1 || prune=true; fi
    rm -rf "$work"
    # Only when a removal failed: forget the worktrees whose directories are gone.
    if [ "$prune" = true ]; then git -C "$repo" worktree prune >/dev/null 2>&1 || true; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

printf '%s\n' "${ignore_keys[@]+"${ignore_keys[@]}"}" > "$work/ignore.txt"

echo "api-diff: the API at $(git log -1 --format='%h %s' "$commit" | cut -c1-80)"
if [ -n "$to_commit" ]; then
  echo "  against $(git log -1 --format='%h %s' "$to_commit" | cut -c1-80)"
else
  dirty=""
  [ -z "$(git status --porcelain)" ] || dirty=" with uncommitted changes"
  echo "  against the working tree (HEAD $(git log -1 --format=%h HEAD)$dirty)"
fi

git worktree add --detach --quiet "$old" "$commit"
ln -s "$repo/node_modules" "$old/node_modules"

if [ -n "$to_commit" ]; then
  git worktree add --detach --quiet "$new" "$to_commit"
else
  # A copy of the working tree: tracked files that still exist and untracked files that are not ignored.
  mkdir "$new"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do if [ -f "$f" ]; then printf '%s\0' "$f"; fi; done \
    | tar --null -T - -cf - | tar -xf - -C "$new"
fi
ln -s "$repo/node_modules" "$new/node_modules"

# Both builds at once (about a minute each on two cores).
started=$SECONDS
(cd "$old" && exec setsid npx jsii --silence-warnings=reserved-word > "$work/jsii-old.log" 2>&1) & old_pid=$!
build_groups+=("$old_pid")
(cd "$new" && exec setsid npx jsii --silence-warnings=reserved-word > "$work/jsii-new.log" 2>&1) & new_pid=$!
build_groups+=("$new_pid")
old_rc=0; new_rc=0
wait "$old_pid" || old_rc=$?
wait "$new_pid" || new_rc=$?
if [ "$old_rc" -ne 0 ] || [ ! -f "$old/.jsii" ]; then
  { grep -vE '^\s*$|^!!' "$work/jsii-old.log" | head -40 || true; } >&2
  die "jsii failed at $ref (exit $old_rc)"
fi
if [ "$new_rc" -ne 0 ] || [ ! -f "$new/.jsii" ]; then
  { grep -vE '^\s*$|^!!' "$work/jsii-new.log" | head -40 || true; } >&2
  die "jsii failed in ${to:-the working tree} (exit $new_rc): fix the build first"
fi
echo "  built both assemblies in $((SECONDS - started)) s"

# Added, removed and newly deprecated APIs, for information.
node - "$old/.jsii" "$new/.jsii" <<'EOF'
const fs = require('node:fs');
const [oldFile, newFile] = process.argv.slice(2);
const load = (file) => JSON.parse(fs.readFileSync(file, 'utf8')).types ?? {};
const members = (type) => new Map([
  ...(type.initializer ? [['<initializer>', type.initializer]] : []),
  ...(type.properties ?? []).map((p) => [p.name, p]),
  ...(type.methods ?? []).map((m) => [`${m.name}()`, m]),
  ...(type.members ?? []).map((m) => [m.name, m]),
]);
/** Own and inherited members (base classes and interfaces of this assembly): a member moved to a base is not removed. */
const effective = (types, fqn, seen = new Set()) => {
  const type = types[fqn];
  if (!type || seen.has(fqn)) return new Map();
  seen.add(fqn);
  const all = new Map();
  for (const parent of [type.base, ...(type.interfaces ?? [])].filter(Boolean)) {
    for (const [name, m] of effective(types, parent, seen)) all.set(name, m);
  }
  for (const [name, m] of members(type)) all.set(name, m);
  all.delete('<initializer>');
  if (type.initializer) all.set('<initializer>', type.initializer);
  return all;
};
const before = load(oldFile);
const after = load(newFile);
const lines = { added: [], removed: [], deprecated: [] };
for (const fqn of Object.keys(after).sort()) {
  if (!(fqn in before)) {
    lines.added.push(`${fqn} (${after[fqn].kind})`);
    continue;
  }
  if (after[fqn].docs?.deprecated !== undefined && before[fqn].docs?.deprecated === undefined) lines.deprecated.push(fqn);
  const b = effective(before, fqn);
  for (const [name, m] of members(after[fqn])) {
    if (!b.has(name)) lines.added.push(`${fqn}.${name}`);
    else if (m.docs?.deprecated !== undefined && b.get(name).docs?.deprecated === undefined) lines.deprecated.push(`${fqn}.${name}`);
  }
  const a = effective(after, fqn);
  for (const name of members(before[fqn]).keys()) if (!a.has(name)) lines.removed.push(`${fqn}.${name}`);
}
for (const fqn of Object.keys(before).sort()) if (!(fqn in after)) lines.removed.push(`${fqn} (${before[fqn].kind})`);
const show = (title, list) => {
  console.log(`\n${title}: ${list.length}`);
  for (const l of list) console.log(`  ${l}`);
};
show('Added types and members', lines.added);
show('Removed types and members', lines.removed);
show('Newly deprecated', lines.deprecated);
EOF

echo
echo "Incompatible changes (jsii-diff --keys; err: breaking, warn: experimental API, skip: allowed):"
diff_rc=0
npx jsii-diff --keys --ignore-file "$work/ignore.txt" "$old" "$new" > "$work/jsii-diff.out" 2>&1 || diff_rc=$?
# Node.js's end-of-life banner and the like are not part of the result.
grep -E '^(err |warn|skip) - |^(Original|Updated) assembly|^API elements|^Could not|^Error' "$work/jsii-diff.out" || echo "  none"
if [ "$diff_rc" -gt 1 ] || { [ "$diff_rc" -ne 0 ] && ! grep -qE '^err  - ' "$work/jsii-diff.out"; }; then
  cat "$work/jsii-diff.out" >&2
  die "jsii-diff failed (exit $diff_rc)"
fi

errors="$(grep -cE '^err  - ' "$work/jsii-diff.out" || true)"
warnings="$(grep -cE '^warn - ' "$work/jsii-diff.out" || true)"
skipped="$(grep -cE '^skip - ' "$work/jsii-diff.out" || true)"
for key in "${ignore_keys[@]+"${ignore_keys[@]}"}"; do
  case "$key" in move:*) continue ;; esac
  grep -qF "[$key]" "$work/jsii-diff.out" || echo "note: the allow-list entry '$key' matched nothing"
done
echo
echo "api-diff: $errors breaking change(s) not in $(basename "$allowed"), $skipped allowed, $warnings warning(s) on experimental APIs."
[ "$errors" -eq 0 ] || exit 1
