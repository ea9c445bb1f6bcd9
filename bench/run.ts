// The benchmark: the organization of bench/scale.ts built with the library (library-app.ts) and with
// aws-cdk-lib L1 constructs (baseline-app.ts), synthesized side by side in fresh Node.js processes,
// interleaved, several times; medians of the timings and the peak memory, what each assembly holds, the
// library/baseline ratios against the targets, and the size and load time of every handler bundle.
//
// The targets are judged on CPU time (user + system of the child process), not wall time: on a shared machine
// wall time mostly measures what else runs. Wall time is reported too, as secondary information.
//
//   npx ts-node --transpile-only --project tsconfig.dev.json bench/run.ts [--reps 5] [--scale full|small]
//   npx ts-node --transpile-only --project tsconfig.dev.json bench/run.ts --render [results.json]   (Markdown of saved results)
//
// Writes bench/results/latest.json and bench/results/latest.md (the folder is gitignored).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { build, BuildOptions, Metafile } from 'esbuild';
import type { ChildResult } from './child';
import { buildProviderScalingApp } from './library-app';
import { OrganizationScale, scaleNamed } from './scale';
import { flagValue, fmt, machine, MAX_CPU_RATIO, MAX_MEMORY_RATIO, runCounts, Spread, spread, StackSummary, summarizeAssembly } from './summary';

const REPOSITORY = path.join(__dirname, '..');
/** Two levels below the repository root, like lib/private/, so that bundled library code finds assets/ as it does installed. */
const RESULTS = path.join(REPOSITORY, 'bench', 'results');
const ASSETS = path.join(REPOSITORY, 'assets');
const HANDLERS = path.join(REPOSITORY, 'lambda');

const MAX_BUNDLE_BYTES = 100_000;

type AppName = 'library' | 'baseline';
const APPS: Record<AppName, string> = {
  library: 'export { buildLibraryApp as buildApp } from \'./library-app\';',
  baseline: 'export { buildBaselineApp as buildApp } from \'./baseline-app\';',
};

interface Options {
  readonly reps: number;
  readonly warmup: number;
  readonly scaleName: string;
  readonly scale: OrganizationScale;
}

function parseOptions(argv: string[]): Options {
  const { reps, warmup } = runCounts(argv, { reps: process.env.BENCH_REPS ?? 5, warmup: 1 });
  const scaleName = flagValue(argv, '--scale') ?? process.env.BENCH_SCALE ?? 'full';
  return { reps, warmup, scaleName, scale: scaleNamed(scaleName) };
}

// ---------------------------------------------------------------------------------------------------------
// Statistics

export interface Stat extends Spread {
  readonly values: number[];
}

function stat(values: number[]): Stat {
  return { ...spread(values), values };
}

// ---------------------------------------------------------------------------------------------------------
// Building what the children run

const CDK_EXTERNALS = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'];

async function bundleApps(): Promise<{ child: string; apps: Record<AppName, string> }> {
  fs.mkdirSync(RESULTS, { recursive: true });
  // Like the library's compiled JavaScript (lib/): not minified, aws-cdk-lib and constructs from node_modules.
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: CDK_EXTERNALS, logLevel: 'warning' };
  const child = path.join(RESULTS, 'child.cjs');
  await build({ ...common, entryPoints: [path.join(__dirname, 'child.ts')], outfile: child });
  const apps = {} as Record<AppName, string>;
  for (const [name, source] of Object.entries(APPS) as Array<[AppName, string]>) {
    apps[name] = path.join(RESULTS, `${name}-app.cjs`);
    await build({ ...common, stdin: { contents: source, resolveDir: __dirname, loader: 'ts' }, outfile: apps[name] });
  }
  return { child, apps };
}

// ---------------------------------------------------------------------------------------------------------
// The synthesis runs

interface Run extends ChildResult {
  readonly app: AppName;
  /** The child process from spawn to exit: Node.js start, load, build, synth, summary, cleanup. */
  readonly processMs: number;
}

function runChild(child: string, appBundle: string, app: AppName, scaleName: string): Run {
  const start = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--expose-gc', child, appBundle, scaleName], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    // The child measures the app as the CDK CLI runs it: no ts-node, no inherited NODE_OPTIONS.
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const processMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (out.status !== 0) {
    throw new Error(`the ${app} app failed (exit ${out.status}):\n${out.stderr}`);
  }
  return { ...(JSON.parse(out.stdout) as ChildResult), app, processMs };
}

/** Library and baseline alternate in ABBA order, so that drift in the machine's load hits both alike. */
function schedule(reps: number): AppName[] {
  const order: AppName[] = [];
  for (let i = 0; i < reps; i++) {
    order.push(...(i % 2 === 0 ? ['library', 'baseline'] as const : ['baseline', 'library'] as const));
  }
  return order;
}

// ---------------------------------------------------------------------------------------------------------
// Handler bundles

export interface BundleReport {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** require() in a fresh process, the AWS SDK clients it imports included (as a Lambda cold start loads them). */
  readonly loadMs: Stat;
  /** require() of the bundle alone, its AWS SDK clients loaded before. */
  readonly ownLoadMs: Stat;
  /** SDK packages it leaves to the runtime. */
  readonly sdkImports: string[];
  /** The largest contributors to the bundle, by npm package (or the handler's own code), from esbuild's metafile. */
  readonly contributors: Array<{ readonly source: string; readonly bytes: number }>;
}

/** The options of scripts/bundle-handlers.mjs, to attribute the bytes of each shipped bundle. */
const HANDLER_BUILD: BuildOptions = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'scripts', 'handler-build-options.json'), 'utf8'));

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match) return match[1];
  if (input.startsWith('lambda/')) return `${input.split('/').slice(0, 2).join('/')}/ (handler code)`;
  return input.startsWith('src/') ? 'src/private (contract, strings)' : input;
}

async function contributors(name: string): Promise<{ bytes: number; list: Array<{ source: string; bytes: number }> }> {
  const result = await build({ ...HANDLER_BUILD, absWorkingDir: REPOSITORY, entryPoints: [`lambda/${name}/index.ts`], outfile: `${name}.js`, write: false, metafile: true });
  const metafile = result.metafile as Metafile;
  const output = Object.values(metafile.outputs)[0];
  const bySource = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    bySource.set(packageOf(input), (bySource.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  const list = [...bySource.entries()].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
  return { bytes: result.outputFiles![0].contents.length, list };
}

const LOAD_SCRIPT = `
const [bundle, preload] = process.argv.slice(1);
for (const m of JSON.parse(preload)) require(m);
const t0 = performance.now();
require(bundle);
process.stdout.write(String(performance.now() - t0));
`;

function timeLoad(bundle: string, preload: string[]): number {
  const out = execFileSync(process.execPath, ['-e', LOAD_SCRIPT, bundle, JSON.stringify(preload)], {
    cwd: REPOSITORY, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', AWS_REGION: 'us-east-1' },
  });
  return Number(out);
}

async function measureBundles(reps: number): Promise<BundleReport[]> {
  const names = fs.readdirSync(ASSETS).filter((n) => fs.existsSync(path.join(ASSETS, n, 'index.js'))).sort();
  const reports: BundleReport[] = [];
  for (const name of names) {
    const file = path.join(ASSETS, name, 'index.js');
    const code = fs.readFileSync(file);
    const sdkImports = [...new Set([...code.toString('utf8').matchAll(/require\("(@aws-sdk\/[^"]+|@smithy\/[^"]+)"\)/g)].map((m) => m[1]))].sort();
    const loads: number[] = [];
    const ownLoads: number[] = [];
    for (let i = 0; i < reps; i++) {
      loads.push(timeLoad(file, []));
      ownLoads.push(timeLoad(file, sdkImports));
    }
    const attributed = fs.existsSync(path.join(HANDLERS, name, 'index.ts')) ? await contributors(name) : undefined;
    if (attributed && attributed.bytes !== code.length) {
      console.warn(`note: assets/${name}/index.js is ${code.length} bytes but a fresh build is ${attributed.bytes}: run node scripts/bundle-handlers.mjs`);
    }
    reports.push({
      name,
      bytes: code.length,
      gzipBytes: zlib.gzipSync(code, { level: 9 }).length,
      loadMs: stat(loads),
      ownLoadMs: stat(ownLoads),
      sdkImports,
      contributors: (attributed?.list ?? []).slice(0, 6),
    });
  }
  return reports;
}

// ---------------------------------------------------------------------------------------------------------
// Providers per stack, however many CAs

export interface ProviderScaling {
  readonly caCount: number;
  readonly stacks: Array<Pick<StackSummary, 'stackName' | 'signedCas' | 'signingProviders' | 'lambdaFunctions' | 'resources'>>;
}

function measureProviderScaling(counts: number[]): ProviderScaling[] {
  return counts.map((caCount) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-bench-providers-'));
    try {
      const stacks = summarizeAssembly(buildProviderScalingApp({ caCount, outdir }).synth()).map((s) => ({
        stackName: s.stackName,
        signedCas: s.signedCas,
        signingProviders: s.signingProviders,
        lambdaFunctions: s.lambdaFunctions,
        resources: s.resources,
      }));
      return { caCount, stacks };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Report

export interface AppReport {
  readonly runs: number;
  /** CPU time (user + system) of build + synth: what the time target compares. */
  readonly buildAndSynthCpuMs: Stat;
  readonly constructCpuMs: Stat;
  readonly synthCpuMs: Stat;
  /** CPU time of require() of the app: the library (or baseline) code and the aws-cdk-lib modules it imports. */
  readonly loadCpuMs: Stat;
  /** CPU time of the child from its start to the end of app.synth(). */
  readonly processCpuMs: Stat;
  /** What loading the app loaded of aws-cdk-lib (first run; the same in every run). */
  readonly cdkModulesLoaded: ChildResult['cdkModulesLoaded'];
  /** Wall time, secondary: it moves with whatever else runs on the machine. */
  readonly loadMs: Stat;
  readonly constructMs: Stat;
  readonly synthMs: Stat;
  /** constructMs + synthMs of each run. */
  readonly buildAndSynthMs: Stat;
  readonly processMs: Stat;
  readonly maxRssMb: Stat;
  readonly heapAfterGcMb: Stat;
  readonly constructs: number;
  readonly stacks: number;
  readonly resources: number;
  readonly lambdaFunctions: number;
  readonly maxResourcesPerStack: number;
  readonly maxLambdaFunctionsPerStack: number;
  readonly maxSigningProvidersPerStack: number;
  readonly templateBytes: number;
  readonly nagMetadataBytes: number;
}

function appReport(runs: Run[]): AppReport {
  const stacks = runs[0].stacks;
  const sum = (f: (s: StackSummary) => number) => stacks.reduce((total, s) => total + f(s), 0);
  const max = (f: (s: StackSummary) => number) => Math.max(...stacks.map(f));
  return {
    runs: runs.length,
    buildAndSynthCpuMs: stat(runs.map((r) => r.constructCpuMs + r.synthCpuMs)),
    constructCpuMs: stat(runs.map((r) => r.constructCpuMs)),
    synthCpuMs: stat(runs.map((r) => r.synthCpuMs)),
    loadCpuMs: stat(runs.map((r) => r.loadCpuMs)),
    processCpuMs: stat(runs.map((r) => r.processCpuMs)),
    cdkModulesLoaded: runs[0].cdkModulesLoaded,
    loadMs: stat(runs.map((r) => r.loadMs)),
    constructMs: stat(runs.map((r) => r.constructMs)),
    synthMs: stat(runs.map((r) => r.synthMs)),
    buildAndSynthMs: stat(runs.map((r) => r.constructMs + r.synthMs)),
    processMs: stat(runs.map((r) => r.processMs)),
    maxRssMb: stat(runs.map((r) => r.maxRssKb / 1024)),
    heapAfterGcMb: stat(runs.map((r) => r.heapAfterGcKb / 1024)),
    constructs: runs[0].constructs,
    stacks: stacks.length,
    resources: sum((s) => s.resources),
    lambdaFunctions: sum((s) => s.lambdaFunctions),
    maxResourcesPerStack: max((s) => s.resources),
    maxLambdaFunctionsPerStack: max((s) => s.lambdaFunctions),
    maxSigningProvidersPerStack: max((s) => s.signingProviders),
    templateBytes: sum((s) => s.templateBytes),
    nagMetadataBytes: sum((s) => s.nagMetadataBytes),
  };
}

/** Stacks whose resource types or counts, Lambda code or dependencies differ between the two apps. */
function fairnessProblems(library: StackSummary[], baseline: StackSummary[]): string[] {
  const byName = new Map(baseline.map((s) => [s.stackName, s]));
  const problems: string[] = [];
  for (const lib of library) {
    const base = byName.get(lib.stackName);
    if (!base) {
      problems.push(`${lib.stackName}: only in the library app`);
      continue;
    }
    byName.delete(lib.stackName);
    for (const key of ['resourceTypes', 'lambdaAssets', 'dependsOn'] as const) {
      if (JSON.stringify(lib[key]) !== JSON.stringify(base[key])) {
        problems.push(`${lib.stackName}: ${key} differ: library ${JSON.stringify(lib[key])}, baseline ${JSON.stringify(base[key])}`);
      }
    }
  }
  problems.push(...[...byName.keys()].map((name) => `${name}: only in the baseline app`));
  return problems;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface Results {
  readonly date: string;
  readonly command: string;
  readonly machine: Record<string, unknown>;
  readonly scale: OrganizationScale & { readonly name: string };
  readonly repetitions: number;
  readonly order: AppName[];
  readonly library: AppReport;
  readonly baseline: AppReport;
  readonly ratios: Record<string, number>;
  /** Library / baseline of build + synth for each pair of runs that ran next to each other (ABBA). */
  readonly paired: { readonly buildAndSynthCpu: Stat; readonly buildAndSynthWall: Stat };
  readonly fairness: string[];
  readonly providerScaling: ProviderScaling[];
  readonly bundles: BundleReport[];
  readonly targets: Target[];
}

const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;
const ratio = (a: number, b: number) => a / b;


/** aws-cdk-lib submodules worth naming when an app loads them: the Kubernetes connector's, heavy and rarely used. */
const NOTABLE_SUBMODULES = ['aws-eks', 'aws-ec2'];

function loadedSummary(m: ChildResult['cdkModulesLoaded']): string {
  const notable = NOTABLE_SUBMODULES.map((name) => `${name} ${m.submodules.includes(name) ? 'loaded' : 'not loaded'}`).join(', ');
  return `${fmt(m.files)} files of ${m.submodules.length} submodules (${notable})`;
}

/** The submodules of `a` that `b` does not load. */
function only(a: ChildResult['cdkModulesLoaded'], b: ChildResult['cdkModulesLoaded']): string {
  return a.submodules.filter((name) => !b.submodules.includes(name)).join(', ') || 'none';
}

/** How many submodules, naming the notable ones. */
function submodules(m: ChildResult['cdkModulesLoaded']): string {
  const notable = m.submodules.filter((name) => NOTABLE_SUBMODULES.includes(name));
  return `${m.submodules.length}${notable.length > 0 ? ` (with ${notable.join(', ')})` : ''}`;
}

function markdown(r: Results): string {
  const { library: l, baseline: b } = r;
  const row = (name: string, lib: string, base: string, rat?: number) => `| ${name} | ${lib} | ${base} | ${rat === undefined ? '' : fmt(rat, 2)} |`;
  const section = (name: string) => `| **${name}** | | | |`;
  const ms = (s: Stat) => `${fmt(s.median)} ms (${fmt(s.min)}–${fmt(s.max)})`;
  const mb = (s: Stat) => `${fmt(s.median)} MB (${fmt(s.min)}–${fmt(s.max)})`;
  const range = (s: Stat) => `${fmt(s.median, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;
  const timeTarget = r.targets[0];
  const memoryTarget = r.targets[1];
  const verdict = (t: Target) => (t.met ? 'met' : '**missed**');
  const lines = [
    `Benchmark of ${r.date}: ${r.scale.issuingAccounts} issuing accounts x ${r.scale.regions.length} Regions, a three-level branch, `
      + `RAM shares to ${r.scale.workloadAccounts} workload accounts, ExpiryAlarms in every stack (scale '${r.scale.name}').`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.memoryGb} GB, ${r.machine.os}, Node.js ${r.machine.node}, aws-cdk-lib ${r.machine.awsCdkLib}; `
      + `load average (1/5/15 min) ${(r.machine.loadAverageBefore as number[]).join('/')} before, ${(r.machine.loadAverageAfter as number[]).join('/')} after.`,
    `${r.repetitions} runs of each app, each in a fresh process, interleaved (${r.order.map((a) => a[0].toUpperCase()).join('')}); median (min–max).`,
    '',
    `- **Build + synth, CPU time: ${fmt(r.ratios.buildAndSynthCpu, 2)}x the L1 baseline** `
      + `(${fmt(l.buildAndSynthCpuMs.median)} ms against ${fmt(b.buildAndSynthCpuMs.median)} ms; median of the per-pair ratios `
      + `${range(r.paired.buildAndSynthCpu)}). Target at most ${fmt(MAX_CPU_RATIO, 2)}x: ${verdict(timeTarget)}.`,
    `- **Peak memory: ${fmt(r.ratios.maxRss, 2)}x** (${fmt(l.maxRssMb.median)} MB against ${fmt(b.maxRssMb.median)} MB). `
      + `Target at most ${fmt(MAX_MEMORY_RATIO, 2)}x: ${verdict(memoryTarget)}.`,
    `- Loading the app, CPU time: ${fmt(r.ratios.loadCpu, 2)}x (${fmt(l.loadCpuMs.median)} ms against ${fmt(b.loadCpuMs.median)} ms); `
      + `aws-cdk-lib loaded: library ${loadedSummary(l.cdkModulesLoaded)}, baseline ${loadedSummary(b.cdkModulesLoaded)}. `
      + `Submodules only the library loads: ${only(l.cdkModulesLoaded, b.cdkModulesLoaded)}; only the baseline: ${only(b.cdkModulesLoaded, l.cdkModulesLoaded)}.`,
    `- Wall time, for information (it moves with the machine's load): build + synth ${fmt(r.ratios.buildAndSynth, 2)}x `
      + `(median of the per-pair ratios ${range(r.paired.buildAndSynthWall)}).`,
    '',
    '| | library | L1 baseline | library / baseline |',
    '|---|---:|---:|---:|',
    section('CPU time (user + system): what the targets use'),
    row('build + app.synth()', ms(l.buildAndSynthCpuMs), ms(b.buildAndSynthCpuMs), r.ratios.buildAndSynthCpu),
    row('&nbsp;&nbsp;build (constructs)', ms(l.constructCpuMs), ms(b.constructCpuMs), r.ratios.constructCpu),
    row('&nbsp;&nbsp;app.synth()', ms(l.synthCpuMs), ms(b.synthCpuMs), r.ratios.synthCpu),
    row('load (require the app)', ms(l.loadCpuMs), ms(b.loadCpuMs), r.ratios.loadCpu),
    row('process start to end of synth', ms(l.processCpuMs), ms(b.processCpuMs), r.ratios.processCpu),
    section('Wall time: secondary, moves with the load'),
    row('build + app.synth()', ms(l.buildAndSynthMs), ms(b.buildAndSynthMs), r.ratios.buildAndSynth),
    row('&nbsp;&nbsp;build (constructs)', ms(l.constructMs), ms(b.constructMs), r.ratios.construct),
    row('&nbsp;&nbsp;app.synth()', ms(l.synthMs), ms(b.synthMs), r.ratios.synth),
    row('load (require the app)', ms(l.loadMs), ms(b.loadMs), r.ratios.load),
    row('whole process (spawn to exit)', ms(l.processMs), ms(b.processMs), r.ratios.process),
    section('Memory'),
    row('peak memory (maxRSS)', mb(l.maxRssMb), mb(b.maxRssMb), r.ratios.maxRss),
    row('heap after synth and GC', mb(l.heapAfterGcMb), mb(b.heapAfterGcMb), r.ratios.heapAfterGc),
    section('What the apps load and build'),
    row('aws-cdk-lib files loaded by require()', fmt(l.cdkModulesLoaded.files), fmt(b.cdkModulesLoaded.files), ratio(l.cdkModulesLoaded.files, b.cdkModulesLoaded.files)),
    row('&nbsp;&nbsp;of aws-cdk-lib submodules', submodules(l.cdkModulesLoaded), submodules(b.cdkModulesLoaded)),
    row('constructs', fmt(l.constructs), fmt(b.constructs), ratio(l.constructs, b.constructs)),
    row('stacks', fmt(l.stacks), fmt(b.stacks)),
    row('resources', fmt(l.resources), fmt(b.resources), ratio(l.resources, b.resources)),
    row('Lambda functions', fmt(l.lambdaFunctions), fmt(b.lambdaFunctions), ratio(l.lambdaFunctions, b.lambdaFunctions)),
    row('most resources in a stack', fmt(l.maxResourcesPerStack), fmt(b.maxResourcesPerStack)),
    row('most Lambda functions in a stack', fmt(l.maxLambdaFunctionsPerStack), fmt(b.maxLambdaFunctionsPerStack)),
    row('template bytes', kb(l.templateBytes), kb(b.templateBytes), ratio(l.templateBytes, b.templateBytes)),
    row('&nbsp;&nbsp;of which cdk-nag acknowledgements', kb(l.nagMetadataBytes), kb(b.nagMetadataBytes)),
    '',
    `Same resources: ${r.fairness.length === 0 ? 'yes: every stack has the same resource types and counts, Lambda code and dependencies in both apps' : `NO:\n${r.fairness.map((p) => `- ${p}`).join('\n')}`}.`,
    '',
    '### Signing providers per stack',
    '',
    '| CAs in the stack | stack | signing custom resources | providers | Lambda functions | resources |',
    '|---:|---|---:|---:|---:|---:|',
    ...r.providerScaling.flatMap((p) => p.stacks.map((s) => `| ${p.caCount} | ${s.stackName} | ${s.signedCas} | ${s.signingProviders} | ${s.lambdaFunctions} | ${s.resources} |`)),
    '',
    '### Handler bundles (assets/, minified, AWS SDK left to the runtime)',
    '',
    '| handler | size | gzip | load with its SDK clients | load of the bundle alone | largest parts |',
    '|---|---:|---:|---:|---:|---|',
    ...r.bundles.map((x) => `| ${x.name} | ${kb(x.bytes)} | ${kb(x.gzipBytes)} | ${fmt(x.loadMs.median, 1)} ms | ${fmt(x.ownLoadMs.median, 1)} ms | `
      + `${x.contributors.slice(0, 4).map((c) => `${c.source} ${kb(c.bytes)}`).join(', ')} |`),
    '',
    '### Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
  ];
  return lines.join('\n');
}

/** The targets table: the time target is judged on CPU time, never on wall time. */
export function targets(r: Omit<Results, 'targets'>): Target[] {
  // Met only if both the ratio of the medians and the median of the per-pair ratios are within the target.
  const cpuRatio = r.ratios.buildAndSynthCpu;
  const pairedCpuRatio = r.paired.buildAndSynthCpu.median;
  const memoryRatio = r.ratios.maxRss;
  const providers = Math.max(r.library.maxSigningProvidersPerStack, ...r.providerScaling.flatMap((p) => p.stacks.map((s) => s.signingProviders)));
  const functionsByCount = r.providerScaling.map((p) => Math.max(...p.stacks.map((s) => s.lambdaFunctions)));
  const largest = [...r.bundles].sort((a, b) => b.bytes - a.bytes)[0];
  return [
    {
      target: `build + synth CPU time at most ${fmt(MAX_CPU_RATIO, 2)}x the L1 baseline's`,
      measured: `${fmt(cpuRatio, 2)}x CPU time (median of the per-pair ratios ${fmt(pairedCpuRatio, 2)}x); `
        + `wall time ${fmt(r.ratios.buildAndSynth, 2)}x, for information only`,
      met: cpuRatio <= MAX_CPU_RATIO && pairedCpuRatio <= MAX_CPU_RATIO,
    },
    {
      target: `peak memory at most ${fmt(MAX_MEMORY_RATIO, 2)}x the L1 baseline's`,
      measured: `${fmt(memoryRatio, 2)}x (${fmt(r.library.maxRssMb.median)} MB against ${fmt(r.baseline.maxRssMb.median)} MB)`,
      met: memoryRatio <= MAX_MEMORY_RATIO,
    },
    {
      target: 'one signing provider per stack, however many CAs',
      measured: `at most ${providers} per stack; Lambda functions per stack with ${r.providerScaling.map((p) => p.caCount).join('/')} CAs: ${functionsByCount.join('/')}`,
      met: providers <= 1 && new Set(functionsByCount).size === 1,
    },
    {
      target: `each handler bundle under ${kb(MAX_BUNDLE_BYTES)} minified, SDK left to the runtime`,
      measured: `largest: ${largest.name} ${kb(largest.bytes)}; over: ${r.bundles.filter((x) => x.bytes >= MAX_BUNDLE_BYTES).map((x) => x.name).join(', ') || 'none'}`,
      met: r.bundles.every((x) => x.bytes < MAX_BUNDLE_BYTES),
    },
    {
      target: 'signing costs one IssueCertificate and the fewest GetCertificate polls',
      measured: 'counted per HTTP request in test/lambda/ca-signer-call-count.test.ts (not timed here)',
      met: true,
    },
  ];
}

async function main(): Promise<void> {
  const render = process.argv.indexOf('--render');
  if (render >= 0) {
    // Writes the Markdown of saved results again (after a change to the report), without measuring.
    const file = path.resolve(process.argv[render + 1] ?? path.join(RESULTS, 'latest.json'));
    console.log(markdown(JSON.parse(fs.readFileSync(file, 'utf8')) as Results));
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = os.loadavg();
  console.log(`cdk-pki benchmark: scale '${options.scaleName}', ${options.reps} runs of each app (+${options.warmup} warm-up), on ${os.cpus().length} CPUs`);
  execFileSync(process.execPath, [path.join(REPOSITORY, 'scripts', 'bundle-handlers.mjs')], { stdio: 'inherit' });
  const { child, apps } = await bundleApps();

  for (let i = 0; i < options.warmup; i++) {
    for (const app of ['library', 'baseline'] as const) {
      runChild(child, apps[app], app, options.scaleName);
    }
  }
  const order = schedule(options.reps);
  const runs: Run[] = [];
  for (const [i, app] of order.entries()) {
    const run = runChild(child, apps[app], app, options.scaleName);
    runs.push(run);
    console.log(`  ${String(i + 1).padStart(2)}/${order.length} ${app.padEnd(8)} build + synth CPU ${fmt(run.constructCpuMs + run.synthCpuMs).padStart(6)} ms `
      + `(wall ${fmt(run.constructMs + run.synthMs).padStart(6)} ms)  load CPU ${fmt(run.loadCpuMs).padStart(4)} ms  maxRSS ${fmt(run.maxRssKb / 1024).padStart(4)} MB`);
  }
  const libraryRuns = runs.filter((r) => r.app === 'library');
  const baselineRuns = runs.filter((r) => r.app === 'baseline');
  const library = appReport(libraryRuns);
  const baseline = appReport(baselineRuns);
  // Pairs as they ran next to each other (ABBA): library i with baseline i.
  const pairedRatios = (f: (run: Run) => number) => libraryRuns.map((l, i) => f(l) / f(baselineRuns[i]));

  console.log('  provider scaling and handler bundles ...');
  const providerScaling = measureProviderScaling([1, 10, 25]);
  const bundles = await measureBundles(options.reps);
  const partial: Omit<Results, 'targets'> = {
    date: new Date().toISOString(),
    command: 'npx ts-node --transpile-only --project tsconfig.dev.json bench/run.ts',
    machine: machine(loadBefore, os.loadavg()),
    scale: { name: options.scaleName, ...options.scale },
    repetitions: options.reps,
    order,
    library,
    baseline,
    ratios: {
      buildAndSynthCpu: ratio(library.buildAndSynthCpuMs.median, baseline.buildAndSynthCpuMs.median),
      constructCpu: ratio(library.constructCpuMs.median, baseline.constructCpuMs.median),
      synthCpu: ratio(library.synthCpuMs.median, baseline.synthCpuMs.median),
      loadCpu: ratio(library.loadCpuMs.median, baseline.loadCpuMs.median),
      processCpu: ratio(library.processCpuMs.median, baseline.processCpuMs.median),
      buildAndSynth: ratio(library.buildAndSynthMs.median, baseline.buildAndSynthMs.median),
      construct: ratio(library.constructMs.median, baseline.constructMs.median),
      synth: ratio(library.synthMs.median, baseline.synthMs.median),
      load: ratio(library.loadMs.median, baseline.loadMs.median),
      process: ratio(library.processMs.median, baseline.processMs.median),
      maxRss: ratio(library.maxRssMb.median, baseline.maxRssMb.median),
      heapAfterGc: ratio(library.heapAfterGcMb.median, baseline.heapAfterGcMb.median),
      templateBytes: ratio(library.templateBytes, baseline.templateBytes),
      resources: ratio(library.resources, baseline.resources),
      lambdaFunctions: ratio(library.lambdaFunctions, baseline.lambdaFunctions),
    },
    paired: {
      buildAndSynthCpu: stat(pairedRatios((run) => run.constructCpuMs + run.synthCpuMs)),
      buildAndSynthWall: stat(pairedRatios((run) => run.constructMs + run.synthMs)),
    },
    fairness: fairnessProblems(libraryRuns[0].stacks, baselineRuns[0].stacks),
    providerScaling,
    bundles,
  };
  const results: Results = { ...partial, targets: targets(partial) };
  const md = markdown(results);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, undefined, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
  console.log(`\n${md}`);
  console.log(`written: ${path.relative(REPOSITORY, path.join(RESULTS, 'latest.json'))}, ${path.relative(REPOSITORY, path.join(RESULTS, 'latest.md'))}`);
  if (results.fairness.length > 0) {
    throw new Error('the two apps do not deploy the same resources; the comparison is not fair (see above)');
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
