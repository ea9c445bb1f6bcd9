// Synthesizes the TypeScript quick start (examples/quick-start/app.ts) into the folder given, as `cdk synth` runs
// it: the app alone. (examples/synth-all.ts's synthesizeExample adds a PkiReport to apps without one; the Python
// app has none, so the round trip builds the app directly.)
//
//   npx ts-node --transpile-only --project tsconfig.dev.json scripts/python-roundtrip/synth-typescript.ts <outdir>
import * as fs from 'node:fs';
import { buildQuickStartApp } from '../../examples/quick-start/app';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: synth-typescript.ts <outdir>');
  process.exit(2);
}
fs.rmSync(outdir, { recursive: true, force: true });
const assembly = buildQuickStartApp({ outdir }).synth();
console.log(`synth-typescript: ${assembly.stacks.map((s) => s.stackName).join(', ')} in ${outdir}`);
