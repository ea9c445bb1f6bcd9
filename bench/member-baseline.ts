// A benchmark entry of its own, beside the library-vs-L1 comparison of run.ts: how synthesis time and template size of
// a PkiMemberBaseline (the StackSet that rolls ExpiryAlarms out to the accounts of some OUs) grow with the number of
// target OUs: 1, 10 and 50 (the most a StackSet operation takes), in 3 Regions.
//
// Measured as run.ts measures: each run in a fresh Node.js process (this file, bundled with esbuild into
// bench/results/ like the apps of run.ts, started with --child), CPU time first (user + system of build and
// app.synth()), wall time as secondary information, the peak memory (maxRSS), medians (min–max) of --reps runs after
// --warmup runs, the counts read from the cloud assembly. The orders rotate between rounds so that a drift in the
// machine's load hits every OU count alike.
//
//   npm run bench:baseline [-- --reps 3] [--warmup 1] [--ous 1,10,50] [--write-results]
//   npx ts-node --transpile-only --project tsconfig.dev.json bench/member-baseline.ts --reps 3
//
// Writes bench/results/member-baseline.json and .md (gitignored); with --write-results also
// bench/RESULTS-member-baseline.md, the committed snapshot.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { CLI_CONTEXT } from './scale';
import { flagValue, fmt, machine, measureBuildAndSynth, ProcessFigures, runCounts, Spread, spread, summarizeAssembly } from './summary';
import { MemberExpiryAlarmsOptions, PkiMemberBaseline } from '../src';

const REPOSITORY = path.join(__dirname, '..');
/** Two levels below the repository root, like lib/private/, so that bundled library code finds assets/ as it does installed. */
const RESULTS = path.join(REPOSITORY, 'bench', 'results');
const SNAPSHOT = path.join(REPOSITORY, 'bench', 'RESULTS-member-baseline.md');
const COMMAND = 'npm run bench:baseline';

/** The OU counts of the issue; 50 is the most OUs one StackSet operation takes (STACKSETS_MAX_OUS_PER_OPERATION). */
export const OU_COUNTS = [1, 10, 50];
/** Three Regions, as docs/organization.md's example: each adds an asset bucket stack and an asset stack. */
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
export const MANAGEMENT_STACK_NAME = 'Pki-Organization';
const MANAGEMENT_ENV = { account: '100000000001', region: 'us-east-1' };
const ORGANIZATION_ID = 'o-bench12345';
/** The member template's file in the cloud assembly (it is a file asset of the management stack, not a stack). */
const MEMBER_TEMPLATE_FILE = /MemberStack[0-9A-F]{8}\.template\.json$/;

/** `count` distinct OU ids of the real shape (ou- 4 characters - 8 characters), all of the same length. */
export function organizationalUnitIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `ou-bnch-${String(i + 1).padStart(8, '0')}`);
}

export interface MemberBaselineAppProps {
  readonly ouCount: number;
  /** Where the cloud assembly goes. */
  readonly outdir?: string;
  /** Context of the app; the benchmark passes what the CDK CLI passes to an app (CLI_CONTEXT). */
  readonly context?: Record<string, unknown>;
  /** The member accounts' expiry alarms (bench/baseline-scale.ts asks for the topic with and without its key). */
  readonly expiryAlarms?: MemberExpiryAlarmsOptions;
}

/** The app measured: one management stack holding a PkiMemberBaseline of `ouCount` OUs and the 3 Regions. */
export function buildMemberBaselineApp(props: MemberBaselineAppProps): { app: App; baseline: PkiMemberBaseline } {
  const app = new App({ outdir: props.outdir, context: props.context });
  const management = new Stack(app, MANAGEMENT_STACK_NAME, { env: MANAGEMENT_ENV });
  const baseline = new PkiMemberBaseline(management, 'Baseline', {
    organizationId: ORGANIZATION_ID,
    organizationalUnits: organizationalUnitIds(props.ouCount),
    regions: REGIONS,
    expiryAlarms: props.expiryAlarms,
  });
  return { app, baseline };
}

// ---------------------------------------------------------------------------------------------------------
// What the assembly holds

export interface TemplateFigures {
  readonly name: string;
  readonly bytes: number;
  readonly resources: number;
}

/** The baseline's templates as synthesized; the same in every run of an OU count. */
export interface BaselineShape {
  /** The OU ids of the StackSet's instance group, from the management template. */
  readonly stackSetOus: string[];
  readonly stackSetRegions: string[];
  readonly management: TemplateFigures;
  /** The template the StackSet rolls out. */
  readonly member: TemplateFigures;
  /** The asset bucket and asset stacks of each Region. */
  readonly regional: TemplateFigures[];
}

interface StackSetTemplate {
  readonly Resources: Record<string, {
    readonly Type: string;
    readonly Properties?: {
      readonly StackInstancesGroup?: Array<{
        readonly DeploymentTargets?: { readonly OrganizationalUnitIds?: string[] };
        readonly Regions?: string[];
      }>;
    };
  }>;
}

export function summarizeBaseline(assembly: CloudAssembly): BaselineShape {
  const stacks = summarizeAssembly(assembly);
  const figures = (s: (typeof stacks)[number]): TemplateFigures => ({ name: s.stackName, bytes: s.templateBytes, resources: s.resources });
  const management = stacks.find((s) => s.stackName === MANAGEMENT_STACK_NAME);
  if (!management) throw new Error(`no stack ${MANAGEMENT_STACK_NAME} in the assembly`);
  const template = assembly.getStackByName(MANAGEMENT_STACK_NAME).template as StackSetTemplate;
  const stackSets = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudFormation::StackSet');
  if (stackSets.length !== 1) throw new Error(`the management template has ${stackSets.length} StackSets, not 1`);
  const group = stackSets[0].Properties?.StackInstancesGroup ?? [];

  const memberFiles = fs.readdirSync(assembly.directory).filter((f) => MEMBER_TEMPLATE_FILE.test(f));
  if (memberFiles.length !== 1) throw new Error(`the assembly has ${memberFiles.length} member templates (*MemberStack*.template.json), not 1`);
  const memberPath = path.join(assembly.directory, memberFiles[0]);
  const member = JSON.parse(fs.readFileSync(memberPath, 'utf8')) as StackSetTemplate;

  return {
    stackSetOus: group.flatMap((g) => g.DeploymentTargets?.OrganizationalUnitIds ?? []),
    stackSetRegions: group.flatMap((g) => g.Regions ?? []),
    management: figures(management),
    member: { name: memberFiles[0], bytes: fs.statSync(memberPath).size, resources: Object.keys(member.Resources).length },
    regional: stacks.filter((s) => s !== management).map(figures).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// One run, in a fresh process (the bundled copy of this file with --child)

/** What a child prints. */
export interface ChildRun extends ProcessFigures {
  readonly ouCount: number;
  readonly shape: BaselineShape;
}

function child(ouCount: number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!Number.isInteger(ouCount) || !gc) throw new Error('usage: node --expose-gc member-baseline.cjs --child <OU count>');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-bench-baseline-'));
  try {
    const { assembly, figures } = measureBuildAndSynth(() => buildMemberBaselineApp({ ouCount, outdir, context: CLI_CONTEXT }).app, gc);
    const result: ChildRun = { ouCount, ...figures, shape: summarizeBaseline(assembly) };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and the report

export type Stat = Spread;

export interface Run extends ChildRun {
  /** The child process from spawn to exit. */
  readonly processMs: number;
}

export interface CountReport {
  readonly ouCount: number;
  readonly runs: number;
  /** CPU time of build + synth: the sum of each run, then the median (not the sum of the medians). */
  readonly buildAndSynthCpuMs: Stat;
  readonly constructCpuMs: Stat;
  readonly synthCpuMs: Stat;
  readonly processCpuMs: Stat;
  /** Wall time, secondary. */
  readonly buildAndSynthMs: Stat;
  readonly processMs: Stat;
  readonly maxRssMb: Stat;
  readonly heapAfterGcMb: Stat;
  readonly constructs: number;
  readonly shape: BaselineShape;
}

/** The figures of one OU count; refuses runs whose assemblies differ (synthesis is deterministic). */
export function countReport(runs: Run[]): CountReport {
  if (runs.length === 0) throw new Error('no runs');
  const [first] = runs;
  const differing = runs.filter((r) => r.ouCount !== first.ouCount || r.constructs !== first.constructs
    || JSON.stringify(r.shape) !== JSON.stringify(first.shape));
  if (differing.length > 0) throw new Error(`the runs of ${first.ouCount} OUs did not synthesize the same assembly`);
  const of = (f: (r: Run) => number) => spread(runs.map(f));
  return {
    ouCount: first.ouCount,
    runs: runs.length,
    buildAndSynthCpuMs: of((r) => r.constructCpuMs + r.synthCpuMs),
    constructCpuMs: of((r) => r.constructCpuMs),
    synthCpuMs: of((r) => r.synthCpuMs),
    processCpuMs: of((r) => r.processCpuMs),
    buildAndSynthMs: of((r) => r.constructMs + r.synthMs),
    processMs: of((r) => r.processMs),
    maxRssMb: of((r) => r.maxRssKb / 1024),
    heapAfterGcMb: of((r) => r.heapAfterGcKb / 1024),
    constructs: first.constructs,
    shape: first.shape,
  };
}

/** Every OU count once per round, the order rotated each round. */
export function schedule(counts: number[], rounds: number): number[] {
  return Array.from({ length: rounds }, (_, round) => counts.map((_c, i) => counts[(i + round) % counts.length])).flat();
}

export interface Results {
  readonly date: string;
  readonly command: string;
  readonly machine: Record<string, unknown>;
  readonly regions: string[];
  readonly repetitions: number;
  readonly warmup: number;
  readonly order: number[];
  readonly counts: CountReport[];
}

const sum = (figures: TemplateFigures[], f: (t: TemplateFigures) => number) => figures.reduce((total, t) => total + f(t), 0);

export function markdown(r: Results): string {
  const c = r.counts;
  const ms = (s: Stat) => `${fmt(s.median)} ms (${fmt(s.min)}–${fmt(s.max)})`;
  const mb = (s: Stat) => `${fmt(s.median)} MB (${fmt(s.min)}–${fmt(s.max)})`;
  const bytes = (n: number) => `${fmt(n)} B`;
  const row = (name: string, f: (x: CountReport) => string) => `| ${name} | ${c.map(f).join(' | ')} |`;
  const section = (name: string) => `| **${name}** |${' |'.repeat(c.length)}`;
  const [fewest, most] = [c[0], c[c.length - 1]];
  const growth = (f: (x: CountReport) => number) => f(most) - f(fewest);
  const perOu = most.ouCount > fewest.ouCount ? growth((x) => x.shape.management.bytes) / (most.ouCount - fewest.ouCount) : 0;
  const regionalStacks = fewest.shape.regional.length;
  const lines = [
    `Benchmark of ${r.date}: a PkiMemberBaseline in one management stack, its StackSet targeting ${c.map((x) => x.ouCount).join(', ')} OUs `
      + `in ${r.regions.length} Regions (${r.regions.join(', ')}).`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.memoryGb} GB, ${r.machine.os}, Node.js ${r.machine.node}, aws-cdk-lib ${r.machine.awsCdkLib}; `
      + `load average (1/5/15 min) ${(r.machine.loadAverageBefore as number[]).join('/')} before, ${(r.machine.loadAverageAfter as number[]).join('/')} after.`,
    `${r.repetitions} runs of each OU count (+${r.warmup} warm-up), each in a fresh process, the order rotated each round `
      + `(${r.order.join(', ')}); median (min–max).`,
    '',
    `- **Build + synth, CPU time:** ${c.map((x) => `${fmt(x.buildAndSynthCpuMs.median)} ms with ${x.ouCount} OU${x.ouCount === 1 ? '' : 's'}`).join(', ')} `
      + `(${fmt(most.buildAndSynthCpuMs.median / fewest.buildAndSynthCpuMs.median, 2)}x from ${fewest.ouCount} to ${most.ouCount}).`,
    `- **Templates:** from ${fewest.ouCount} to ${most.ouCount} OUs the management template grows by ${bytes(growth((x) => x.shape.management.bytes))} `
      + `(${fmt(perOu, 1)} B per OU: the OU ids in the StackSet's instance group); the member template grows by `
      + `${bytes(growth((x) => x.shape.member.bytes))} and the ${regionalStacks} regional stacks by ${bytes(growth((x) => sum(x.shape.regional, (t) => t.bytes)))}; `
      + `resources change by ${fmt(growth((x) => x.shape.management.resources + x.shape.member.resources + sum(x.shape.regional, (t) => t.resources)))}.`,
    '',
    `| | ${c.map((x) => `${x.ouCount} OU${x.ouCount === 1 ? '' : 's'}`).join(' | ')} |`,
    `|---|${'---:|'.repeat(c.length)}`,
    section('CPU time (user + system)'),
    row('build + app.synth()', (x) => ms(x.buildAndSynthCpuMs)),
    row('&nbsp;&nbsp;build (constructs)', (x) => ms(x.constructCpuMs)),
    row('&nbsp;&nbsp;app.synth()', (x) => ms(x.synthCpuMs)),
    row('process start to end of synth', (x) => ms(x.processCpuMs)),
    section('Wall time: secondary, moves with the load'),
    row('build + app.synth()', (x) => ms(x.buildAndSynthMs)),
    row('whole process (spawn to exit)', (x) => ms(x.processMs)),
    section('Memory'),
    row('peak memory (maxRSS)', (x) => mb(x.maxRssMb)),
    row('heap after synth and GC', (x) => mb(x.heapAfterGcMb)),
    section('Templates (bytes as synthesized; resources)'),
    row('OUs / Regions in the StackSet', (x) => `${x.shape.stackSetOus.length} / ${x.shape.stackSetRegions.length}`),
    row(`management template (${MANAGEMENT_STACK_NAME})`, (x) => bytes(x.shape.management.bytes)),
    row('&nbsp;&nbsp;resources', (x) => fmt(x.shape.management.resources)),
    row('member template (the StackSet\'s)', (x) => bytes(x.shape.member.bytes)),
    row('&nbsp;&nbsp;resources', (x) => fmt(x.shape.member.resources)),
    row(`regional stacks (${regionalStacks}: bucket and assets per Region)`, (x) => bytes(sum(x.shape.regional, (t) => t.bytes))),
    row('&nbsp;&nbsp;resources', (x) => fmt(sum(x.shape.regional, (t) => t.resources))),
    row('&nbsp;&nbsp;largest regional template', (x) => bytes(Math.max(...x.shape.regional.map((t) => t.bytes)))),
    row('all templates', (x) => bytes(x.shape.management.bytes + x.shape.member.bytes + sum(x.shape.regional, (t) => t.bytes))),
    row('constructs', (x) => fmt(x.constructs)),
    '',
  ];
  return lines.join('\n');
}

const SNAPSHOT_HEADER = `# Benchmark results: the member baseline

A snapshot of \`${COMMAND} -- --reps 3 --write-results\` (bench/member-baseline.ts; bench/README.md says what it builds
and how it measures). It is written by the benchmark: rerun it rather than editing it. Timings are of the machine
below; the bytes and counts do not depend on the machine.

`;

// ---------------------------------------------------------------------------------------------------------
// The runner

interface Options {
  readonly reps: number;
  readonly warmup: number;
  readonly counts: number[];
  readonly writeResults: boolean;
}

function parseOptions(argv: string[]): Options {
  const { reps, warmup } = runCounts(argv, { reps: 3, warmup: 1 });
  const counts = (flagValue(argv, '--ous') ?? OU_COUNTS.join(',')).split(',').map(Number);
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--ous takes OU counts separated by commas, e.g. 1,10,50');
  return { reps, warmup, counts: [...new Set(counts)].sort((a, b) => a - b), writeResults: argv.includes('--write-results') };
}

async function bundleChild(): Promise<string> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const { build } = await import('esbuild');
  const outfile = path.join(RESULTS, 'member-baseline.cjs');
  // Like the library's compiled JavaScript (lib/): not minified, aws-cdk-lib and constructs from node_modules.
  await build({
    entryPoints: [__filename],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'esbuild'],
    logLevel: 'warning',
  });
  return outfile;
}

function runChild(bundle: string, ouCount: number): Run {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--expose-gc', bundle, '--child', String(ouCount)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // The child runs as the CDK CLI runs an app: no ts-node, no inherited NODE_OPTIONS.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const processMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) throw new Error(`the run of ${ouCount} OUs failed (exit ${out.status}):\n${out.stderr}`);
  return { ...(JSON.parse(out.stdout) as ChildRun), processMs };
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const started = Date.now();
  const loadBefore = os.loadavg();
  console.log(`cdk-pki member-baseline benchmark: ${options.counts.join(', ')} OUs x ${REGIONS.length} Regions, `
    + `${options.reps} runs each (+${options.warmup} warm-up), on ${os.cpus().length} CPUs`);
  execFileSync(process.execPath, [path.join(REPOSITORY, 'scripts', 'bundle-handlers.mjs')], { stdio: 'inherit' });
  const bundle = await bundleChild();

  schedule(options.counts, options.warmup).forEach((n) => runChild(bundle, n));
  const order = schedule(options.counts, options.reps);
  const runs: Run[] = [];
  for (const [i, n] of order.entries()) {
    const run = runChild(bundle, n);
    runs.push(run);
    console.log(`  ${String(i + 1).padStart(2)}/${order.length} ${String(n).padStart(2)} OUs  build + synth CPU ${fmt(run.constructCpuMs + run.synthCpuMs).padStart(6)} ms `
      + `(wall ${fmt(run.constructMs + run.synthMs).padStart(6)} ms)  maxRSS ${fmt(run.maxRssKb / 1024).padStart(4)} MB  `
      + `management template ${fmt(run.shape.management.bytes)} B`);
  }
  const results: Results = {
    date: new Date().toISOString(),
    command: COMMAND,
    machine: machine(loadBefore, os.loadavg()),
    regions: REGIONS,
    repetitions: options.reps,
    warmup: options.warmup,
    order,
    counts: options.counts.map((n) => countReport(runs.filter((r) => r.ouCount === n))),
  };
  for (const x of results.counts) {
    if (x.shape.stackSetOus.length !== x.ouCount || x.shape.stackSetRegions.length !== REGIONS.length) {
      throw new Error(`the StackSet of the ${x.ouCount}-OU app targets ${x.shape.stackSetOus.length} OUs in ${x.shape.stackSetRegions.length} Regions`);
    }
  }
  const md = markdown(results);
  const written = [path.join(RESULTS, 'member-baseline.json'), path.join(RESULTS, 'member-baseline.md')];
  fs.writeFileSync(written[0], `${JSON.stringify(results, undefined, 2)}\n`);
  fs.writeFileSync(written[1], md);
  if (options.writeResults) {
    fs.writeFileSync(SNAPSHOT, `${SNAPSHOT_HEADER}${md}`);
    written.push(SNAPSHOT);
  }
  console.log(`\n${md}`);
  console.log(`written: ${written.map((f) => path.relative(REPOSITORY, f)).join(', ')} (${fmt((Date.now() - started) / 1000, 1)} s)`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    child(Number(argv[1]));
  } else {
    main(argv).catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    });
  }
}
