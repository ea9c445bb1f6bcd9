// Compares the CloudFormation templates of the examples (examples/synth-all.ts) at a git ref with those of
// the working tree, resource for resource: per example and stack, the resources added, removed and changed
// (by logical id and type, with the top-level properties and attributes that differ), the outputs added,
// removed and changed, and the other template sections (parameters, conditions, mappings, rules).
//
//   npx projen compare-templates [--ref <git ref>] [--to <git ref>] [--allowed <file>] [--json <file>] [--verbose] [--keep]
//   npm run compare-templates -- [options]
//   npx ts-node --transpile-only --project tsconfig.dev.json scripts/compare-templates.ts [options]
//
//   --ref <git ref>    what to compare against (default d3f72c5, the commit before the refactor of issue 13)
//   --to <git ref>     compare with this ref instead of the working tree (checked out in a worktree too)
//   --allowed <file>   the allow-list (default scripts/compare-templates.allowed.json)
//   --json <file>      also write every difference, and whether it is allowed, as JSON
//   --verbose          print the values before and after of every changed property or attribute
//   --keep             keep the temporary worktree and the synthesized assemblies (their path is printed)
//
// The ref is checked out with `git worktree add --detach` into a temporary directory (removed on exit, also
// on Ctrl-C), with the repository's node_modules linked into it and its handlers bundled there with
// `node scripts/bundle-handlers.mjs`; both trees are synthesized in their own Node.js process (ts-node),
// side by side. It takes about a minute.
//
// Not compared: asset hashes (any 64-hex-digit string, so asset S3 keys and bucket paths too), the code of
// Lambda functions and layers (Properties.Code, Properties.Content), the aws:cdk:path and aws:asset:* metadata,
// and the AWS::CDK::Metadata resource (version reporting lists the constructs used).
//
// Exit status: 0 when every difference is in the allow-list, 1 when one is not, 2 when the comparison could
// not run. The allow-list is a JSON array of entries; each matches differences by the fields it gives (all
// optional, `*` and `?` as wildcards) and must say why the difference is intended:
//
//   { "example": "organization", "stack": "Pki-*", "kind": "resource-changed", "id": "RootCa*",
//     "type": "AWS::Lambda::Function", "detail": "Properties.Environment", "reason": "..." }
//
// kind is one of: stack-added, stack-removed, resource-added, resource-removed, resource-changed,
// output-added, output-removed, output-changed, section-added, section-removed, section-changed.
// id is the logical id of a resource, the name of an output, or `<Section>.<name>` (Conditions.IsProd);
// detail is the changed top-level attribute (Type, DependsOn, DeletionPolicy, ...), `Properties.<name>` or
// `Metadata.<key>` of a resource, or the changed key of an output (Value, Export, ...).
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPOSITORY = path.resolve(__dirname, '..');
const DEFAULT_REF = 'd3f72c5';
const DEFAULT_ALLOWED = path.join(REPOSITORY, 'scripts', 'compare-templates.allowed.json');

// ---------------------------------------------------------------------------------------------------------
// Templates and their differences

/** CloudFormation templates by example, then by stack name. */
export type Templates = Record<string, Record<string, Template>>;

export interface Template {
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<string, Record<string, unknown>>;
  readonly [section: string]: unknown;
}

export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly [attribute: string]: unknown;
}

export const KINDS = [
  'stack-added', 'stack-removed',
  'resource-added', 'resource-removed', 'resource-changed',
  'output-added', 'output-removed', 'output-changed',
  'section-added', 'section-removed', 'section-changed',
] as const;
export type Kind = typeof KINDS[number];

export interface Difference {
  readonly example: string;
  readonly stack: string;
  readonly kind: Kind;
  /** Logical id of a resource, name of an output, `<Section>.<name>`; none for a stack. */
  readonly id?: string;
  /** The resource's type (after the change, for a changed type the new one). */
  readonly type?: string;
  /** What changed: `Type`, `DependsOn`, `Properties.<name>`, `Metadata.<key>`, an output's `Value`, ... */
  readonly detail?: string;
  /** A hint for a reader, e.g. a removed resource identical to an added one under another logical id. */
  readonly note?: string;
  /** With --verbose: the values before and after. */
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Sections compared by key besides Resources and Outputs. */
const OTHER_SECTIONS = ['Parameters', 'Conditions', 'Mappings', 'Rules', 'Transform', 'Description', 'AWSTemplateFormatVersion'];
/** Resource types not compared at all. */
const IGNORED_TYPES = new Set(['AWS::CDK::Metadata']);
/** Properties holding code, by resource type. */
const CODE_PROPERTIES: Record<string, string[]> = {
  'AWS::Lambda::Function': ['Code'],
  'AWS::Lambda::LayerVersion': ['Content'],
  'AWS::Serverless::Function': ['CodeUri', 'InlineCode'],
};
const IGNORED_METADATA = /^aws:(cdk:path|asset:.*)$/;
const ASSET_HASH = /[0-9a-f]{64}/g;

/** Replaces asset hashes in every string, recursively. */
function withoutHashes(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(ASSET_HASH, '<asset-hash>');
  if (Array.isArray(value)) return value.map(withoutHashes);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(ASSET_HASH, '<asset-hash>'), withoutHashes(v)]));
  }
  return value;
}

/** A resource as compared: no code, no path or asset metadata, hashes replaced, DependsOn sorted. */
export function normalizeResource(resource: Resource): Resource {
  const { Properties, Metadata, DependsOn, ...rest } = withoutHashes(resource) as Resource;
  const properties = Properties === undefined ? undefined : Object.fromEntries(
    Object.entries(Properties).filter(([key]) => !(CODE_PROPERTIES[resource.Type] ?? []).includes(key)));
  const metadata = Metadata === undefined ? undefined : Object.fromEntries(
    Object.entries(Metadata).filter(([key]) => !IGNORED_METADATA.test(key)));
  const dependsOn = DependsOn === undefined ? undefined : [...(Array.isArray(DependsOn) ? DependsOn : [DependsOn])].sort();
  return {
    ...rest,
    ...(properties && Object.keys(properties).length > 0 ? { Properties: properties } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { Metadata: metadata } : {}),
    ...(dependsOn && dependsOn.length > 0 ? { DependsOn: dependsOn } : {}),
  };
}

/** JSON with sorted keys: equal values give equal strings. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
const keysOf = (...objects: Array<Record<string, unknown> | undefined>) => [...new Set(objects.flatMap((o) => Object.keys(o ?? {})))].sort();

/** The top-level attributes, properties (`Properties.<name>`) and metadata keys (`Metadata.<key>`) that differ. */
function changedParts(before: Resource, after: Resource): Array<{ detail: string; before: unknown; after: unknown }> {
  const parts: Array<{ detail: string; before: unknown; after: unknown }> = [];
  for (const key of keysOf(before, after)) {
    if (key === 'Properties' || key === 'Metadata') {
      const b = before[key] ?? {};
      const a = after[key] ?? {};
      for (const sub of keysOf(b, a)) {
        if (!same(b[sub], a[sub])) parts.push({ detail: `${key}.${sub}`, before: b[sub], after: a[sub] });
      }
    } else if (!same(before[key], after[key])) {
      parts.push({ detail: key, before: before[key], after: after[key] });
    }
  }
  return parts;
}

/** The differences between the templates of one stack. */
export function compareStack(example: string, stack: string, before: Template, after: Template, verbose = false): Difference[] {
  const diffs: Difference[] = [];
  const values = (b: unknown, a: unknown) => (verbose ? { before: b, after: a } : {});
  const resources = (t: Template) => Object.fromEntries(Object.entries(t.Resources ?? {})
    .filter(([, r]) => !IGNORED_TYPES.has(r.Type))
    .map(([id, r]) => [id, normalizeResource(r)]));
  const b = resources(before);
  const a = resources(after);
  const removed = Object.keys(b).filter((id) => !(id in a)).sort();
  const added = Object.keys(a).filter((id) => !(id in b)).sort();
  // A resource that only changed its logical id is replaced by CloudFormation: say so next to both.
  const body = (r: Resource) => canonical(r);
  for (const id of removed) {
    const twin = added.find((other) => body(a[other]) === body(b[id]));
    diffs.push({ example, stack, kind: 'resource-removed', id, type: b[id].Type, ...(twin ? { note: `same as the added ${twin}` } : {}) });
  }
  for (const id of added) {
    const twin = removed.find((other) => body(b[other]) === body(a[id]));
    diffs.push({ example, stack, kind: 'resource-added', id, type: a[id].Type, ...(twin ? { note: `same as the removed ${twin}` } : {}) });
  }
  for (const id of Object.keys(a).filter((i) => i in b).sort()) {
    for (const part of changedParts(b[id], a[id])) {
      diffs.push({ example, stack, kind: 'resource-changed', id, type: a[id].Type, detail: part.detail, ...values(part.before, part.after) });
    }
  }
  const outputsBefore = withoutHashes(before.Outputs ?? {}) as Record<string, Record<string, unknown>>;
  const outputsAfter = withoutHashes(after.Outputs ?? {}) as Record<string, Record<string, unknown>>;
  // An output renamed: the same value under another name.
  const twinOutput = (value: unknown, among: Record<string, Record<string, unknown>>, other: Record<string, Record<string, unknown>>) =>
    Object.keys(among).find((name) => !(name in other) && same(among[name].Value, value));
  for (const id of keysOf(outputsBefore, outputsAfter)) {
    if (!(id in outputsAfter)) {
      const twin = twinOutput(outputsBefore[id].Value, outputsAfter, outputsBefore);
      diffs.push({ example, stack, kind: 'output-removed', id, ...(twin ? { note: `same value as the added ${twin}` } : {}) });
    } else if (!(id in outputsBefore)) {
      const twin = twinOutput(outputsAfter[id].Value, outputsBefore, outputsAfter);
      diffs.push({ example, stack, kind: 'output-added', id, ...(twin ? { note: `same value as the removed ${twin}` } : {}) });
    } else {
      for (const key of keysOf(outputsBefore[id], outputsAfter[id]).filter((k) => !same(outputsBefore[id][k], outputsAfter[id][k]))) {
        diffs.push({ example, stack, kind: 'output-changed', id, detail: key, ...values(outputsBefore[id][key], outputsAfter[id][key]) });
      }
    }
  }
  for (const section of OTHER_SECTIONS) {
    const sb = withoutHashes(before[section]);
    const sa = withoutHashes(after[section]);
    if (sb && sa && typeof sb === 'object' && typeof sa === 'object') {
      const ob = sb as Record<string, unknown>;
      const oa = sa as Record<string, unknown>;
      for (const key of keysOf(ob, oa)) {
        const id = `${section}.${key}`;
        if (!(key in oa)) diffs.push({ example, stack, kind: 'section-removed', id });
        else if (!(key in ob)) diffs.push({ example, stack, kind: 'section-added', id });
        else if (!same(ob[key], oa[key])) diffs.push({ example, stack, kind: 'section-changed', id, ...values(ob[key], oa[key]) });
      }
    } else if (sb === undefined && sa !== undefined) {
      diffs.push({ example, stack, kind: 'section-added', id: section });
    } else if (sb !== undefined && sa === undefined) {
      diffs.push({ example, stack, kind: 'section-removed', id: section });
    } else if (!same(sb, sa)) {
      diffs.push({ example, stack, kind: 'section-changed', id: section, ...values(sb, sa) });
    }
  }
  return diffs;
}

/** The differences between two sets of example templates. */
export function compareTemplates(before: Templates, after: Templates, verbose = false): Difference[] {
  const diffs: Difference[] = [];
  for (const example of keysOf(before, after)) {
    const b = before[example] ?? {};
    const a = after[example] ?? {};
    for (const stack of keysOf(b, a)) {
      if (!(stack in a)) diffs.push({ example, stack, kind: 'stack-removed' });
      else if (!(stack in b)) diffs.push({ example, stack, kind: 'stack-added' });
      else diffs.push(...compareStack(example, stack, b[stack], a[stack], verbose));
    }
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------------------
// The allow-list

const MATCHED_FIELDS = ['example', 'stack', 'kind', 'id', 'type', 'detail'] as const;

export interface AllowEntry {
  readonly example?: string;
  readonly stack?: string;
  readonly kind?: string;
  readonly id?: string;
  readonly type?: string;
  readonly detail?: string;
  /** Why the difference is intended (the documented change it belongs to). */
  readonly reason: string;
}

/** Reads and checks the allow-list: an array of entries, each with a reason and only known fields. */
export function parseAllowList(text: string, source = 'allow-list'): AllowEntry[] {
  const entries: unknown = JSON.parse(text);
  if (!Array.isArray(entries)) throw new Error(`${source}: expected a JSON array of entries`);
  return entries.map((entry: unknown, i) => {
    const where = `${source}: entry ${i + 1}`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    for (const [key, value] of Object.entries(e)) {
      if (key !== 'reason' && !(MATCHED_FIELDS as readonly string[]).includes(key)) {
        throw new Error(`${where} has an unknown field '${key}' (known: ${[...MATCHED_FIELDS, 'reason'].join(', ')})`);
      }
      if (typeof value !== 'string') throw new Error(`${where}: '${key}' must be a string`);
    }
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new Error(`${where} has no reason: say why the difference is intended`);
    if (e.kind !== undefined && !/[*?]/.test(e.kind as string) && !(KINDS as readonly string[]).includes(e.kind as string)) {
      throw new Error(`${where}: unknown kind '${e.kind}' (one of ${KINDS.join(', ')})`);
    }
    return e as unknown as AllowEntry;
  });
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
}

/** The first entry that allows the difference, if any. */
export function allowedBy(diff: Difference, entries: readonly AllowEntry[]): AllowEntry | undefined {
  return entries.find((entry) => MATCHED_FIELDS.every((field) => entry[field] === undefined || glob(entry[field]!).test(diff[field] ?? '')));
}

// ---------------------------------------------------------------------------------------------------------
// Synthesizing the examples of a tree

/** Run in a child process with ts-node: synthesizes the examples of a tree, writes their templates as JSON. */
const DRIVER = `
const fs = require('node:fs');
const path = require('node:path');
const [tree, outRoot, resultFile] = process.argv.slice(2);
const api = require(path.join(tree, 'examples', 'synth-all'));
const result = {};
for (const example of api.EXAMPLES) {
  const outdir = path.join(outRoot, example.name);
  const assembly = api.synthesizeExample
    ? api.synthesizeExample(example, outdir).assembly
    : example.build({ outdir }).synth();
  const stacks = {};
  for (const stack of assembly.stacksRecursively ?? assembly.stacks) {
    const name = stack.stackName in stacks ? stack.stackName + ' (' + stack.environment.name + ')' : stack.stackName;
    stacks[name] = stack.template;
  }
  result[example.name] = stacks;
}
fs.writeFileSync(resultFile, JSON.stringify(result));
`;

function git(args: string[], cwd = REPOSITORY): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Synthesis processes still running, stopped when this one exits early. */
const running = new Set<ChildProcess>();

function synthesize(tree: string, work: string, label: string): Promise<Templates> {
  const outRoot = path.join(work, `out-${label}`);
  const resultFile = path.join(work, `templates-${label}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(work, 'driver.js'), tree, outRoot, resultFile], {
      cwd: tree,
      env: { ...process.env, TS_NODE_PROJECT: path.join(tree, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      if (code !== 0) {
        reject(new Error(`synthesizing the examples of ${label} failed (exit ${code}):\n${output}`));
      } else {
        resolve(JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Templates);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Report

function describe(d: Difference): string {
  const sign = d.kind.endsWith('added') ? '+' : d.kind.endsWith('removed') ? '-' : '~';
  const what = d.kind.startsWith('stack') ? 'stack'
    : d.kind.startsWith('resource') ? `${d.id} (${d.type})`
      : d.kind.startsWith('output') ? `output ${d.id}` : `${d.id}`;
  return `${sign} ${what}${d.detail ? `: ${d.detail}` : ''}${d.note ? `  [${d.note}]` : ''}`;
}

function truncate(value: unknown, max = 300): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** Where two values differ, at the deepest level: up to `limit` paths (like `[0].Removal`) with both values. */
export function leafDifferences(before: unknown, after: unknown, limit = 5, at = ''): Array<{ path: string; before: unknown; after: unknown }> {
  if (same(before, after)) return [];
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  const bothObjects = !bothArrays && before !== null && after !== null && typeof before === 'object' && typeof after === 'object'
    && !Array.isArray(before) && !Array.isArray(after);
  if (!bothArrays && !bothObjects) return [{ path: at || '(whole value)', before, after }];
  const out: Array<{ path: string; before: unknown; after: unknown }> = [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = bothArrays
    ? Array.from({ length: Math.max((before as unknown[]).length, (after as unknown[]).length) }, (_, i) => String(i))
    : keysOf(b, a);
  for (const key of keys) {
    if (out.length >= limit) break;
    const next = bothArrays ? `${at}[${key}]` : `${at}${at ? '.' : ''}${key}`;
    out.push(...leafDifferences(b[key], a[key], limit - out.length, next));
  }
  return out;
}

export function report(diffs: Difference[], entries: readonly AllowEntry[]): { text: string; notAllowed: number; unused: AllowEntry[] } {
  const lines: string[] = [];
  const used = new Set<AllowEntry>();
  let notAllowed = 0;
  let current = '';
  for (const d of diffs) {
    const heading = `${d.example} / ${d.stack}`;
    if (heading !== current) {
      lines.push('', heading);
      current = heading;
    }
    const entry = allowedBy(d, entries);
    if (entry) used.add(entry);
    else notAllowed++;
    lines.push(`  ${entry ? 'allowed    ' : 'NOT ALLOWED'} ${describe(d)}${entry ? `  (${entry.reason})` : ''}`);
    if (d.before !== undefined || d.after !== undefined) {
      for (const leaf of leafDifferences(d.before, d.after)) {
        lines.push(`                at ${leaf.path}:`, `                  before: ${truncate(leaf.before)}`, `                  after:  ${truncate(leaf.after)}`);
      }
    }
  }
  return { text: lines.join('\n'), notAllowed, unused: entries.filter((e) => !used.has(e)) };
}

// ---------------------------------------------------------------------------------------------------------

interface Options {
  readonly ref: string;
  readonly to?: string;
  readonly allowed: string;
  readonly json?: string;
  readonly verbose: boolean;
  readonly keep: boolean;
}

function parseOptions(argv: string[]): Options {
  let ref = DEFAULT_REF;
  let to: string | undefined;
  let allowed = DEFAULT_ALLOWED;
  let json: string | undefined;
  let verbose = false;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--': break;
      case '--ref': ref = value(); break;
      case '--to': to = value(); break;
      case '--allowed': allowed = path.resolve(value()); break;
      case '--json': json = path.resolve(value()); break;
      case '--verbose': verbose = true; break;
      case '--keep': keep = true; break;
      case '-h':
      case '--help':
        const header = fs.readFileSync(__filename, 'utf8').split('\n');
        console.log(header.slice(0, header.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
        process.exit(0);
      default:
        throw new Error(`unknown argument '${arg}' (try --help)`);
    }
  }
  return { ref, to, allowed, json, verbose, keep };
}

/** Relative to the repository when inside it. */
function shortPath(file: string): string {
  const relative = path.relative(REPOSITORY, file);
  return relative.startsWith('..') ? file : relative;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const entries = fs.existsSync(options.allowed) ? parseAllowList(fs.readFileSync(options.allowed, 'utf8'), shortPath(options.allowed)) : [];
  const resolve = (ref: string) => {
    try {
      return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    } catch {
      throw new Error(`'${ref}' is not a commit of this repository`);
    }
  };
  const describeCommit = (commit: string) => {
    const line = git(['log', '-1', '--format=%h %s', commit]);
    return line.length > 72 ? `${line.slice(0, 71)}…` : line;
  };
  const from = resolve(options.ref);
  const to = options.to === undefined ? undefined : resolve(options.to);
  const dirty = git(['status', '--porcelain', '--untracked-files=normal']).length > 0;

  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-compare-')));
  const worktrees: string[] = [];
  const cleanup = () => {
    running.forEach((child) => child.kill('SIGTERM'));
    if (options.keep) return;
    let prune = false;
    for (const tree of worktrees.splice(0)) {
      try {
        git(['worktree', 'remove', '--force', tree]);
      } catch {
        prune = true; // removed with the directory below; prune forgets it
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
    if (prune) {
      try {
        git(['worktree', 'prune']);
      } catch {
        // nothing to prune
      }
    }
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(130));
  }
  /** A worktree of the commit with the repository's node_modules and the commit's handlers bundled. */
  const checkout = (commit: string, name: string) => {
    const tree = path.join(work, name);
    git(['worktree', 'add', '--detach', '--quiet', tree, commit]);
    worktrees.push(tree);
    fs.symlinkSync(path.join(REPOSITORY, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['scripts/bundle-handlers.mjs'], { cwd: tree, stdio: ['ignore', 'pipe', 'inherit'] });
    return tree;
  };

  console.log(`compare-templates: the examples at ${describeCommit(from)}`);
  console.log(`  against ${to ? describeCommit(to) : `the working tree (HEAD ${git(['log', '-1', '--format=%h', 'HEAD'])}${dirty ? ' with uncommitted changes' : ''})`}`);
  fs.writeFileSync(path.join(work, 'driver.js'), DRIVER);
  const beforeTree = checkout(from, 'before');
  let afterTree = REPOSITORY;
  if (to) {
    afterTree = checkout(to, 'after');
  } else {
    try {
      execFileSync(process.execPath, ['scripts/bundle-handlers.mjs'], { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      // Lambda code is not compared: the bundles only need to exist.
      console.warn(`note: bundling the working tree's handlers failed, using assets/ as it is: ${(e as { stderr?: Buffer }).stderr?.toString().split('\n')[0] ?? e}`);
    }
  }
  const started = Date.now();
  const [before, after] = await Promise.all([synthesize(beforeTree, work, 'before'), synthesize(afterTree, work, 'after')]);
  console.log(`  synthesized ${Object.keys(before).length} and ${Object.keys(after).length} examples in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (options.keep) console.log(`  kept: ${work} (then: rm -rf ${work} && git worktree prune)`);

  const diffs = compareTemplates(before, after, options.verbose);
  const { text, notAllowed, unused } = report(diffs, entries);
  for (const example of keysOf(before, after)) {
    const count = (t: Templates) => Object.values(t[example] ?? {}).reduce((n, s) => n + Object.keys(s.Resources ?? {}).length, 0);
    console.log(`  ${example}: ${Object.keys(before[example] ?? {}).length} -> ${Object.keys(after[example] ?? {}).length} stacks, `
      + `${count(before)} -> ${count(after)} resources, ${diffs.filter((d) => d.example === example).length} differences`);
  }
  if (text) console.log(text);
  if (options.json) {
    fs.writeFileSync(options.json, `${JSON.stringify(diffs.map((d) => ({ ...d, allowedBy: allowedBy(d, entries)?.reason })), undefined, 2)}\n`);
  }
  for (const entry of unused) {
    console.log(`\nnote: this allow-list entry matched nothing: ${JSON.stringify(entry)}`);
  }
  const allowed = diffs.length - notAllowed;
  console.log(`\n${diffs.length} difference(s): ${allowed} allowed by ${shortPath(options.allowed)}, ${notAllowed} not allowed.`);
  return notAllowed > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  }, (e: unknown) => {
    console.error(`compare-templates: ${e instanceof Error ? e.message : e}`);
    process.exitCode = 2;
  });
}
