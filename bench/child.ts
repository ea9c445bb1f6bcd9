// One measured run, in a fresh Node.js process that the runner (run.ts) starts with a bundled copy of this
// file: it loads one app bundle, builds the app, synthesizes it into a temporary directory, and prints one
// JSON line with the timings, the peak memory and what the assembly holds.
//
//   node --expose-gc bench/results/child.cjs <app bundle> <scale> [providers]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { BenchAppProps, CLI_CONTEXT, scaleNamed } from './scale';
import { measureBuildAndSynth, ProcessFigures, StackSummary, summarizeAssembly } from './summary';

/** What a child prints. */
export interface ChildResult extends ProcessFigures {
  /** require() of the app bundle: the app's code and the aws-cdk-lib modules it imports. */
  readonly loadMs: number;
  /** CPU time (user + system) of that require(). */
  readonly loadCpuMs: number;
  /** What that require() loaded of aws-cdk-lib: files, and the submodules (aws-s3, aws-eks, core, ...) they belong to. */
  readonly cdkModulesLoaded: { readonly files: number; readonly submodules: string[] };
  readonly stacks: StackSummary[];
}

/** The aws-cdk-lib files in Node.js's module cache, and the submodules they belong to. */
function cdkModulesLoaded(): ChildResult['cdkModulesLoaded'] {
  const files = Object.keys(require.cache)
    .map((file) => /[\\/]node_modules[\\/]aws-cdk-lib[\\/](.*)$/.exec(file)?.[1])
    .filter((rest): rest is string => rest !== undefined);
  const submodules = new Set(files.map((rest) => {
    const parts = rest.split(/[\\/]/);
    return parts.length > 1 ? parts[0] : '(index)';
  }));
  return { files: files.length, submodules: [...submodules].sort() };
}

interface AppModule {
  readonly [name: string]: unknown;
}

function main(): void {
  const [bundle, scaleName] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!bundle || !gc) {
    throw new Error('usage: node --expose-gc child.cjs <app bundle> <scale>');
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-bench-'));
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.resolve(bundle)) as AppModule;
    const build = mod.buildApp as (props: BenchAppProps) => App;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const loaded = cdkModulesLoaded();
    const { assembly, figures } = measureBuildAndSynth(() => build({ scale: scaleNamed(scaleName), outdir, context: CLI_CONTEXT }), gc);
    const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => (to.user - from.user + to.system - from.system) / 1000;
    const result: ChildResult = {
      loadMs: t1 - t0,
      loadCpuMs: cpuMs(c0, c1),
      cdkModulesLoaded: loaded,
      ...figures,
      stacks: summarizeAssembly(assembly),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

main();
