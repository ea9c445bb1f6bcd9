// The least build + synth CPU time that any library with this public API could take for the benchmark's
// organization, measured rather than guessed, so that the time target of bench/run.ts can be read against it.
//
//   npm run bench:floor                   # the full organization, 3 runs of each measurement
//   npm run bench:floor -- --reps 5
//
// It counts, in the library app's construct tree, what a library could not do without while keeping its public
// API and its resources' logical IDs:
//   - the aws-cdk-lib L2 constructs that the library's public properties hand out (ExpiryAlarms'
//     `approachingExpirationRule: events.Rule`, `alarms: cloudwatch.Alarm[]`, CrlBucket's `bucket: s3.Bucket`, ...),
//     found through the public properties of the classes that src/index.ts exports;
//   - the library's own constructs (IssuingCa, ExpiryAlarms, ...), which every public class is;
//   - one plain scope per internal L2 construct, were it replaced by its L1 resource: the L1 must keep the path, and
//     so the logical ID, of the resource it replaces (a new logical ID replaces the resource on the next deploy).
// It then measures, in fresh processes, what each of those costs over the L1 baseline: a plain construct, an
// events.Rule with an SNS target against its CfnRule, a cloudwatch.Alarm from a metric with an SNS action against
// its CfnAlarm (the cheaper of the two stands for every other public L2 type), and the L1 baseline app itself.
// The floor is the baseline plus those costs: everything else (validation, cdk-nag acknowledgements, the
// library's own code) is left out, so the real library can only be slower.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnElement, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import * as ts from 'typescript';
import { buildBaselineApp } from './baseline-app';
import { buildLibraryApp } from './library-app';
import { CLI_CONTEXT, scaleNamed } from './scale';
import { flagValue, fmt, MAX_CPU_RATIO, measureBuildAndSynth, runCounts, spread } from './summary';

/** Micro apps: as many stacks as the organization, each with MICRO_PER_STACK of one kind of construct (SCOPES_PER_STACK plain scopes). */
export type MicroKind = 'empty' | 'scope' | 'rule-l1' | 'rule-l2' | 'alarm-l1' | 'alarm-l2';
const MICRO_STACKS = 263;
const MICRO_PER_STACK = 16;
/** A plain construct costs little: more of them, so that their cost stands out of the noise. */
const SCOPES_PER_STACK = 64;

export function buildMicroApp(kind: MicroKind, outdir: string, stacks = MICRO_STACKS): App {
  const app = new App({ outdir, context: CLI_CONTEXT });
  for (let s = 0; s < stacks; s++) {
    const stack = new Stack(app, `Micro${s}`, { env: { account: '111111111111', region: 'us-east-1' } });
    const cfnTopic = new sns.CfnTopic(stack, 'Topic');
    const topic = sns.Topic.fromTopicArn(stack, 'ImportedTopic', cfnTopic.ref);
    for (let i = 0; i < (kind === 'scope' ? SCOPES_PER_STACK : MICRO_PER_STACK); i++) {
      const id = `Thing${i}`;
      if (kind === 'scope') {
        new Construct(stack, id);
      } else if (kind === 'rule-l2') {
        new events.Rule(stack, id, { eventPattern: { source: ['aws.acm'], detailType: [id] }, targets: [new targets.SnsTopic(topic)] });
      } else if (kind === 'rule-l1') {
        new events.CfnRule(new Construct(stack, id), 'Resource', {
          eventPattern: { 'source': ['aws.acm'], 'detail-type': [id] }, state: 'ENABLED', targets: [{ id: 'Target0', arn: cfnTopic.ref }],
        });
      } else if (kind === 'alarm-l2') {
        const metric = new cloudwatch.Metric({
          namespace: 'AWS/CertificateManager', metricName: 'DaysToExpiry', dimensionsMap: { CertificateArn: id }, period: Duration.days(1), statistic: 'Minimum',
        });
        metric.createAlarm(stack, id, { threshold: 30, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD })
          .addAlarmAction(new actions.SnsAction(topic));
      } else if (kind === 'alarm-l1') {
        new cloudwatch.CfnAlarm(new Construct(stack, id), 'Resource', {
          namespace: 'AWS/CertificateManager',
          metricName: 'DaysToExpiry',
          dimensions: [{ name: 'CertificateArn', value: id }],
          period: 86_400,
          statistic: 'Minimum',
          threshold: 30,
          evaluationPeriods: 1,
          comparisonOperator: 'LessThanThreshold',
          alarmActions: [cfnTopic.ref],
        });
      }
    }
  }
  return app;
}

// ---------------------------------------------------------------------------------------------------------
// The census

/**
 * The public properties (inherited ones included) of each class that the library exports, by class name, read
 * from its TypeScript source: what jsii hands to every language.
 */
export function publicProperties(): Map<string, Set<string>> {
  const index = path.join(__dirname, '..', 'src', 'index.ts');
  const program = ts.createProgram([index], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  /* eslint-disable no-bitwise */
  const has = (flags: number, flag: number) => (flags & flag) !== 0;
  const hidden = (d: ts.Declaration) => has(ts.getCombinedModifierFlags(d), ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
  const isProperty = (p: ts.Symbol) => has(p.flags, ts.SymbolFlags.Property | ts.SymbolFlags.GetAccessor);
  /* eslint-enable no-bitwise */
  const result = new Map<string, Set<string>>();
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(index)!)!)) {
    const symbol = has(exported.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exported) : exported;
    if (!has(symbol.flags, ts.SymbolFlags.Class)) continue;
    result.set(symbol.name, new Set(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
      .filter((p) => isProperty(p) && !p.name.startsWith('_') && !(p.declarations ?? []).some(hidden))
      .map((p) => p.name)));
  }
  return result;
}

/** The classes of the library (src/), run from source: every construct class of it is exported by its module. */
function libraryClasses(): Set<unknown> {
  const src = path.join(__dirname, '..', 'src') + path.sep;
  return new Set(Object.values(require.cache)
    .filter((m) => m?.filename.startsWith(src))
    .flatMap((m) => Object.values(m!.exports as Record<string, unknown>))
    .filter((v) => typeof v === 'function'));
}

let LIBRARY_CLASSES: Set<unknown> | undefined;

/**
 * The jsii fqn of a construct's class (aws-cdk-lib.aws_events.Rule, constructs.Construct; for a class of
 * aws-cdk-lib without one, its nearest base's), or undefined for the library's own classes.
 */
function fqnOf(c: IConstruct): string | undefined {
  LIBRARY_CLASSES ??= libraryClasses();
  if (LIBRARY_CLASSES.has(c.constructor)) return undefined;
  return (c.constructor as unknown as Record<symbol, { fqn?: string } | undefined>)[Symbol.for('jsii.rtti')]?.fqn;
}

export interface Census {
  /** aws-cdk-lib constructs other than L1 that the library has more of than the baseline, handed out by a public property (with their own L2 children), by fqn. */
  readonly publicL2: Map<string, number>;
  /** The others: what an L1 rewrite of the library's internals would replace. */
  readonly internalL2: Map<string, number>;
  /** The public ones themselves. */
  readonly handedOut: ReadonlySet<IConstruct>;
  /** Instances of the library's own classes. */
  readonly libraryConstructs: number;
  /** Plain `constructs.Construct` scopes beyond the baseline's. */
  readonly extraScopes: number;
}

function countByFqn(app: App): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of app.node.findAll()) {
    const key = CfnElement.isCfnElement(c) ? '(L1)' : fqnOf(c) ?? '(library)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const isL2 = (c: IConstruct) => !CfnElement.isCfnElement(c) && (fqnOf(c)?.startsWith('aws-cdk-lib.') ?? false);

/** Sorts the library app's constructs by what a library with the same public API could do without. */
export function census(library: App, baseline: App, properties: Map<string, Set<string>>): Census {
  const handedOut = new Set<IConstruct>();
  const all = library.node.findAll();
  for (const c of all.filter((x) => fqnOf(x) === undefined)) {
    for (const name of properties.get(c.constructor.name) ?? []) {
      const value = (c as unknown as Record<string, unknown>)[name];
      for (const v of Array.isArray(value) ? value : [value]) {
        // A public L2 comes with the L2s it makes below itself (a topic's policy and subscriptions).
        // (A stack a construct names, as `stack`, is not a resource of it.)
        if (Construct.isConstruct(v) && isL2(v) && !Stack.isStack(v)) v.node.findAll().filter(isL2).forEach((x) => handedOut.add(x));
      }
    }
  }
  const publicL2 = new Map<string, number>();
  const internalL2 = new Map<string, number>();
  const libraryCounts = countByFqn(library);
  const baselineCounts = countByFqn(baseline);
  // Constructs of aws-cdk-lib that the baseline has as many of (Stack, Asset, ...) are not the library's cost.
  const surplus = new Map([...libraryCounts].map(([fqn, n]) => [fqn, n - (baselineCounts.get(fqn) ?? 0)]));
  for (const c of all.filter(isL2)) {
    const fqn = fqnOf(c)!;
    if ((surplus.get(fqn) ?? 0) <= 0) continue;
    const into = handedOut.has(c) ? publicL2 : internalL2;
    into.set(fqn, (into.get(fqn) ?? 0) + 1);
  }
  return {
    publicL2,
    internalL2,
    handedOut,
    libraryConstructs: libraryCounts.get('(library)') ?? 0,
    extraScopes: Math.max(0, surplus.get('constructs.Construct') ?? 0),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Measuring, each run in a fresh process

function measureChild(what: string, scaleName: string): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-floor-'));
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  try {
    const props = { scale: scaleNamed(scaleName), outdir, context: CLI_CONTEXT };
    const build = what === 'baseline' ? () => buildBaselineApp(props)
      : what === 'library' ? () => buildLibraryApp(props)
        : () => buildMicroApp(what as MicroKind, outdir);
    const { figures } = measureBuildAndSynth(build, gc);
    return figures.constructCpuMs + figures.synthCpuMs;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The median CPU time of each measurement; the runs of different measurements alternate, so that the machine's load hits all alike. */
function measureAll<K extends string>(what: readonly K[], scaleName: string, reps: number): Record<K, number> {
  const values = new Map<K, number[]>(what.map((w) => [w, []]));
  for (let i = 0; i < reps; i++) {
    for (const w of i % 2 === 0 ? what : [...what].reverse()) values.get(w)!.push(measureOnce(w, scaleName));
  }
  return Object.fromEntries(what.map((w) => [w, spread(values.get(w)!).median])) as Record<K, number>;
}

function measureOnce(what: string, scaleName: string): number {
  // ts-node compiles this file in the child too; the measured part (build + synth) starts after loading.
  const out = spawnSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', __filename, '--child', what, '--scale', scaleName], {
    encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json') }, maxBuffer: 64 * 1024 * 1024,
  });
  if (out.status !== 0) throw new Error(`measuring ${what} failed:\n${out.stderr}`);
  return Number(out.stdout.trim().split('\n').pop());
}

function main(argv: string[]): void {
  const scaleName = flagValue(argv, '--scale') ?? 'full';
  const child = flagValue(argv, '--child');
  if (child !== undefined) {
    process.stdout.write(`${measureChild(child, scaleName)}\n`);
    return;
  }
  const { reps } = runCounts(argv, { reps: 3, warmup: 0 });
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-floor-'));
  const appProps = { scale: scaleNamed(scaleName), outdir, context: CLI_CONTEXT };
  const found = census(buildLibraryApp(appProps), buildBaselineApp(appProps), publicProperties());
  fs.rmSync(outdir, { recursive: true, force: true });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const publicCount = sum(found.publicL2);
  const internalCount = sum(found.internalL2);

  const micro = measureAll(['empty', 'scope', 'rule-l1', 'rule-l2', 'alarm-l1', 'alarm-l2', 'baseline', 'library'] as const, scaleName, reps);
  const instances = MICRO_STACKS * MICRO_PER_STACK;
  const perScope = Math.max(0, (micro.scope - micro.empty) / (MICRO_STACKS * SCOPES_PER_STACK));
  const perRule = Math.max(0, (micro['rule-l2'] - micro['rule-l1']) / instances);
  const perAlarm = Math.max(0, (micro['alarm-l2'] - micro['alarm-l1']) / instances);
  const perOtherL2 = Math.min(perRule, perAlarm);
  const { baseline, library } = micro;

  const rules = found.publicL2.get('aws-cdk-lib.aws_events.Rule') ?? 0;
  const alarms = found.publicL2.get('aws-cdk-lib.aws_cloudwatch.Alarm') ?? 0;
  const parts: Array<[string, number]> = [
    [`${fmt(rules)} public events.Rule x ${fmt(perRule, 2)} ms over CfnRule`, rules * perRule],
    [`${fmt(alarms)} public cloudwatch.Alarm x ${fmt(perAlarm, 2)} ms over CfnAlarm`, alarms * perAlarm],
    [`${fmt(publicCount - rules - alarms)} other public L2 constructs x ${fmt(perOtherL2, 2)} ms (the cheaper of the two)`, (publicCount - rules - alarms) * perOtherL2],
    [`${fmt(found.libraryConstructs)} constructs of the library's classes x ${fmt(perScope, 3)} ms (a plain construct)`, found.libraryConstructs * perScope],
    [`${fmt(internalCount)} scopes keeping the logical IDs of internal L2s made L1 x ${fmt(perScope, 3)} ms`, internalCount * perScope],
  ];
  const floor = baseline + parts.reduce((a, [, ms]) => a + ms, 0);
  const target = baseline * MAX_CPU_RATIO;
  const lines = [
    `Floor of build + synth CPU time for the '${scaleName}' organization (${reps} runs of each measurement, median)`,
    '',
    `L1 baseline: ${fmt(baseline)} ms`,
    ...parts.map(([what, ms]) => `+ ${fmt(ms)} ms: ${what}`),
    `= ${fmt(floor)} ms: ${fmt(floor / baseline, 2)}x the baseline, at the least, for a library with this public API and these logical IDs`,
    '',
    `The library today: ${fmt(library)} ms, ${fmt(library / baseline, 2)}x. The target (${MAX_CPU_RATIO}x: ${fmt(target)} ms) lies `
      + (target < floor ? 'below the floor: no library with this public API can meet it.'
        : `${fmt(library - target)} ms below it and ${fmt(target - floor)} ms above the floor: meeting it means taking ${fmt(100 * (library - target) / (library - floor))}% `
          + `of the ${fmt(library - floor)} ms the library spends above the floor (its ${fmt(internalCount)} internal L2 constructs, validation, `
          + 'cdk-nag acknowledgements, its own code) out of it.'),
    '',
    `Public L2 constructs (${fmt(publicCount)}): ${[...found.publicL2].sort((a, b) => b[1] - a[1]).map(([f, n]) => `${f.replace('aws-cdk-lib.', '')} ${fmt(n)}`).join(', ')}`,
    `Internal L2 constructs (${fmt(internalCount)}), which an L1 rewrite would replace: ${[...found.internalL2].sort((a, b) => b[1] - a[1]).slice(0, 12)
      .map(([f, n]) => `${f.replace('aws-cdk-lib.', '')} ${fmt(n)}`).join(', ')}${found.internalL2.size > 12 ? ', ...' : ''}`,
    `Left out (so the real library is slower than the floor): validation, cdk-nag acknowledgements, the library's own code, and ${fmt(found.extraScopes)} plain scopes the library has today.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2));
}
