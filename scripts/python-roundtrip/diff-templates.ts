// Compares the CloudFormation templates of two cloud assemblies (cdk.out folders) stack by stack: the stacks
// each has, then per stack every section (Parameters, Conditions, Rules, Mappings, Outputs, ...) and every resource
// by logical id, down to the property that differs. scripts/python-roundtrip/run.sh uses it to compare the
// quick start synthesized from TypeScript with the same app synthesized from Python.
//
//   npx ts-node --transpile-only --project tsconfig.dev.json scripts/python-roundtrip/diff-templates.ts \
//     [--ignore-asset-hashes] <assembly A> <assembly B>
//
// Ignored, always: the AWS::CDK::Metadata resource and its CDKMetadataAvailable condition. Its Analytics string
// records the language the app ran in (the jsii runtime, Python/3.x, is reported as a construct), so it differs
// between TypeScript and Python by design, and says nothing about the PKI.
// Ignored with --ignore-asset-hashes: 64-hex-digit asset hashes (asset S3 keys, staged file names). Both sides
// of a round trip are built from the same tree, so by default hashes count: a different hash means a different
// handler bundle shipped in the wheel. Use the flag to compare with a wheel built from another commit.
//
// Exit status: 0 when the templates are the same, 1 when they differ (each difference printed, with the stack and
// the resource's logical id), 2 when the comparison could not run.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A CloudFormation template, as synthesized. */
export type Template = Record<string, unknown>;

export interface DiffOptions {
  /** Replace 64-hex-digit asset hashes before comparing. @default false */
  readonly ignoreAssetHashes?: boolean;
}

/** One difference between the two assemblies. */
export interface TemplateDifference {
  /** The stack: its template's path in the assembly, without `.template.json`. */
  readonly stack: string;
  /** What differs: `(stack)`, `Resources.<logical id>`, `Outputs.<name>`, `Parameters.<name>`, ... */
  readonly where: string;
  /** For a resource, its type. */
  readonly type?: string;
  /** The path below `where` (`Properties.DomainName`, `Properties.Tags[1].Value`); empty for the whole entry. */
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

const METADATA_TYPE = 'AWS::CDK::Metadata';
const METADATA_CONDITION = 'CDKMetadataAvailable';
const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

/** The templates of a cloud assembly by stack, nested assemblies (stages) included; asset folders skipped. */
export function readAssembly(dir: string): Map<string, Template> {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`${dir} is not a cloud assembly (no manifest.json)`);
  }
  const templates = new Map<string, Template>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('asset.')) {
        walk(file);
      } else if (entry.isFile() && entry.name.endsWith('.template.json')) {
        const stack = path.relative(dir, file).split(path.sep).join('/').replace(/\.template\.json$/, '');
        templates.set(stack, JSON.parse(fs.readFileSync(file, 'utf8')) as Template);
      }
    }
  };
  walk(dir);
  if (templates.size === 0) throw new Error(`${dir} has no *.template.json`);
  return templates;
}

/** The template as compared: without CDK's metadata resource and condition, hashes replaced when asked. */
export function normalizeTemplate(template: Template, options: DiffOptions = {}): Template {
  const copy = JSON.parse(options.ignoreAssetHashes
    ? JSON.stringify(template).replace(ASSET_HASH, '<asset-hash>')
    : JSON.stringify(template)) as Record<string, Record<string, { Type?: string }>>;
  for (const [id, resource] of Object.entries(copy.Resources ?? {})) {
    if (resource.Type === METADATA_TYPE) delete copy.Resources[id];
  }
  if (copy.Conditions) {
    delete copy.Conditions[METADATA_CONDITION];
    if (Object.keys(copy.Conditions).length === 0) delete (copy as Record<string, unknown>).Conditions;
  }
  return copy;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where two values differ, at the deepest level, as paths like `Properties.Tags[1].Value`. */
export function leafDifferences(a: unknown, b: unknown, at = ''): Array<{ path: string; a: unknown; b: unknown }> {
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => leafDifferences(a[i], b[i], `${at}[${i}]`)).flat();
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => leafDifferences(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path: at, a, b }];
}

/** The differences between two templates of one stack, section by section and resource by resource. */
export function diffTemplates(stack: string, a: Template, b: Template, options: DiffOptions = {}): TemplateDifference[] {
  const na = normalizeTemplate(a, options);
  const nb = normalizeTemplate(b, options);
  const diffs: TemplateDifference[] = [];
  for (const section of [...new Set([...Object.keys(na), ...Object.keys(nb)])].sort()) {
    const sa = na[section];
    const sb = nb[section];
    if (isObject(sa) && isObject(sb)) {
      for (const key of [...new Set([...Object.keys(sa), ...Object.keys(sb)])].sort()) {
        const type = section === 'Resources' ? ((sb[key] ?? sa[key]) as { Type?: string }).Type : undefined;
        for (const leaf of key in sa && key in sb ? leafDifferences(sa[key], sb[key]) : [{ path: '', a: sa[key], b: sb[key] }]) {
          diffs.push({ stack, where: `${section}.${key}`, ...(type ? { type } : {}), ...leaf });
        }
      }
    } else {
      diffs.push(...leafDifferences(sa, sb).map((leaf) => ({ stack, where: section, ...leaf })));
    }
  }
  return diffs;
}

/** The differences between the templates of two cloud assemblies, stack by stack. */
export function diffAssemblies(dirA: string, dirB: string, options: DiffOptions = {}): TemplateDifference[] {
  const a = readAssembly(dirA);
  const b = readAssembly(dirB);
  const diffs: TemplateDifference[] = [];
  for (const stack of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const ta = a.get(stack);
    const tb = b.get(stack);
    if (ta && tb) diffs.push(...diffTemplates(stack, ta, tb, options));
    else diffs.push({ stack, where: '(stack)', path: '', a: ta ? 'present' : undefined, b: tb ? 'present' : undefined });
  }
  return diffs;
}

function show(value: unknown): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** One line per difference: stack, resource (logical id and type) or section entry, path, both values. */
export function formatDifference(d: TemplateDifference, labels: [string, string] = ['A', 'B']): string {
  const what = d.where === '(stack)' ? `stack only in ${d.a === undefined ? labels[1] : labels[0]}` : `${d.where}${d.type ? ` (${d.type})` : ''}`;
  const detail = d.where === '(stack)' ? '' : `${d.path ? ` ${d.path}` : ''}: ${labels[0]} ${show(d.a)}, ${labels[1]} ${show(d.b)}`;
  return `${d.stack}: ${what}${detail}`;
}

export function main(argv: string[]): number {
  const ignoreAssetHashes = argv.includes('--ignore-asset-hashes');
  const dirs = argv.filter((a) => a !== '--ignore-asset-hashes');
  if (dirs.length !== 2 || dirs.some((d) => d.startsWith('-'))) {
    console.error('usage: diff-templates.ts [--ignore-asset-hashes] <assembly A> <assembly B>');
    return 2;
  }
  let diffs: TemplateDifference[];
  try {
    diffs = diffAssemblies(dirs[0], dirs[1], { ignoreAssetHashes });
  } catch (e) {
    console.error(`diff-templates: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const labels = dirs.map((d) => path.basename(path.resolve(d))) as [string, string];
  if (labels[0] === labels[1]) labels.splice(0, 2, 'A', 'B');
  const stacks = new Set([...readAssembly(dirs[0]).keys(), ...readAssembly(dirs[1]).keys()]);
  const ignored = `ignored: ${METADATA_TYPE}${ignoreAssetHashes ? ', asset hashes' : ''}`;
  if (diffs.length === 0) {
    console.log(`diff-templates: the same: ${stacks.size} stack(s) (${[...stacks].join(', ')}) in ${labels[0]} and ${labels[1]}; ${ignored}`);
    return 0;
  }
  for (const d of diffs) console.log(`  ${formatDifference(d, labels)}`);
  const resources = new Set(diffs.filter((d) => d.where.startsWith('Resources.')).map((d) => `${d.stack}/${d.where.slice('Resources.'.length)}`));
  console.log(`diff-templates: ${diffs.length} difference(s) between ${labels[0]} and ${labels[1]}`
    + ` in ${resources.size} resource(s)${resources.size > 0 ? ` (${[...resources].join(', ')})` : ''}; ${ignored}`);
  return 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
