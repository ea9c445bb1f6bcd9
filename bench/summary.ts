// What the benchmark reads from a synthesized cloud assembly: per stack, its resources by type, its Lambda
// functions, its template size and the assets its functions use. Shared by the runner and test/bench.test.ts.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface StackSummary {
  readonly stackName: string;
  /** Resources of each CloudFormation type (AWS::CDK::Metadata included: it is in the template too). */
  readonly resourceTypes: Record<string, number>;
  readonly resources: number;
  readonly lambdaFunctions: number;
  /** Subordinate CAs signed by the library's custom resource (`Custom::PkiSubordinateCaCertificate`). */
  readonly signedCas: number;
  /** Distinct providers (service tokens) of those custom resources: one per stack however many CAs. */
  readonly signingProviders: number;
  /** Size of the template file as synthesized. */
  readonly templateBytes: number;
  /** Bytes of `Metadata.cdk_nag` entries (the library's cdk-nag acknowledgements), serialized compactly. */
  readonly nagMetadataBytes: number;
  /** The S3 keys (asset hashes) of the stack's Lambda code. */
  readonly lambdaAssets: string[];
  /** Names of the stacks this one is deployed after. */
  readonly dependsOn: string[];
}

/** Resource type of the custom resource that signs a subordinate CA (both apps use it). */
const SIGNING_RESOURCE_TYPE = 'Custom::PkiSubordinateCaCertificate';

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { readonly Code?: { readonly S3Key?: unknown }; readonly ServiceToken?: unknown };
  readonly Metadata?: { readonly cdk_nag?: unknown };
}

export function summarizeAssembly(assembly: CloudAssembly): StackSummary[] {
  const stackNames = new Set(assembly.stacks.map((s) => s.stackName));
  return assembly.stacks.map((stack) => {
    const resources = Object.values((stack.template.Resources ?? {}) as Record<string, TemplateResource>);
    const resourceTypes: Record<string, number> = {};
    let nagMetadataBytes = 0;
    const lambdaAssets = new Set<string>();
    const serviceTokens = new Set<string>();
    let signedCas = 0;
    for (const resource of resources) {
      resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
      if (resource.Metadata?.cdk_nag !== undefined) {
        nagMetadataBytes += JSON.stringify({ cdk_nag: resource.Metadata.cdk_nag }).length;
      }
      const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
      if (typeof key === 'string') {
        lambdaAssets.add(key);
      }
      if (resource.Type === SIGNING_RESOURCE_TYPE) {
        signedCas++;
        serviceTokens.add(JSON.stringify(resource.Properties?.ServiceToken));
      }
    }
    return {
      stackName: stack.stackName,
      resourceTypes: Object.fromEntries(Object.entries(resourceTypes).sort(([a], [b]) => a.localeCompare(b))),
      resources: resources.length,
      lambdaFunctions: resourceTypes['AWS::Lambda::Function'] ?? 0,
      signedCas,
      signingProviders: serviceTokens.size,
      templateBytes: fs.statSync(stack.templateFullPath).size,
      nagMetadataBytes,
      lambdaAssets: [...lambdaAssets].sort(),
      dependsOn: stack.dependencies.map((d) => d.id).filter((id) => stackNames.has(id)).sort(),
    };
  });
}

/** The targets of issue 13: build + synth CPU time and peak memory, library / L1 baseline (run.ts judges them; floor.ts reads them against the floor). */
export const MAX_CPU_RATIO = 1.25;
export const MAX_MEMORY_RATIO = 1.20;

/** What a benchmark's child process measures of one build and synthesis of an app. */
export interface ProcessFigures {
  /** Building the construct tree, wall time. */
  readonly constructMs: number;
  /** app.synth(): validation, templates, asset staging, the cloud assembly on disk; wall time. */
  readonly synthMs: number;
  /**
   * CPU time (user + system, all threads: GC helpers too) of building and of app.synth(). Less disturbed than
   * wall time when other processes compete for the cores.
   */
  readonly constructCpuMs: number;
  readonly synthCpuMs: number;
  /**
   * CPU time of the whole process from its start to the end of app.synth(): Node.js start-up, load, build and
   * synth (what `cdk synth` makes the app's process spend), without the benchmark's own summary afterwards.
   */
  readonly processCpuMs: number;
  /** Peak resident set size of the process (process.resourceUsage().maxRSS), after synthesis. */
  readonly maxRssKb: number;
  /** V8 heap still in use after synthesis and a full GC: what the construct tree and assembly keep. */
  readonly heapAfterGcKb: number;
  /** Constructs in the tree. */
  readonly constructs: number;
}

/** The machine a benchmark ran on, and its load before and after. */
export function machine(loadBefore: number[], loadAfter: number[]): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} x ${cpus.length}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    awsCdkLib: (JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')) as { version: string }).version,
    loadAverageBefore: loadBefore.map((l) => Number(l.toFixed(2))),
    loadAverageAfter: loadAfter.map((l) => Number(l.toFixed(2))),
  };
}

/**
 * Builds an app and synthesizes it, measuring both (wall and CPU time), then the peak memory and, after a full GC
 * (`gc`, from --expose-gc), the heap the tree and the assembly keep.
 */
export function measureBuildAndSynth(build: () => App, gc: () => void): { app: App; assembly: CloudAssembly; figures: ProcessFigures } {
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const app = build();
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const assembly = app.synth();
  const t3 = performance.now();
  const c3 = process.cpuUsage();
  const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => (to.user - from.user + to.system - from.system) / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  gc();
  return {
    app,
    assembly,
    figures: {
      constructMs: t2 - t1,
      synthMs: t3 - t2,
      constructCpuMs: cpuMs(c1, c2),
      synthCpuMs: cpuMs(c2, c3),
      processCpuMs: (c3.user + c3.system) / 1000,
      maxRssKb,
      heapAfterGcKb: Math.round(process.memoryUsage().heapUsed / 1024),
      constructs: app.node.findAll().length,
    },
  };
}

/** The value after `flag` (`--reps`, ...) in a benchmark's arguments, if any. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** A benchmark's `--reps` and `--warmup`, checked: at least one run, no negative warm-up. */
export function runCounts(argv: readonly string[], defaults: { reps: number | string; warmup: number }): { reps: number; warmup: number } {
  const reps = Number(flagValue(argv, '--reps') ?? defaults.reps);
  const warmup = Number(flagValue(argv, '--warmup') ?? defaults.warmup);
  if (!Number.isInteger(reps) || reps < 1 || !Number.isInteger(warmup) || warmup < 0) {
    throw new Error('--reps must be a whole number of at least 1, --warmup at least 0');
  }
  return { reps, warmup };
}

/** The median and the range of a benchmark's runs. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** A number as the benchmarks' reports print it: thousands separated, `digits` decimals. */
export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
