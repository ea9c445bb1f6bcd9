// Bundles every handler in lambda/<name>/index.ts into assets/<name>/index.js. The AWS SDK v3 is left
// out: the Lambda Node.js runtime provides it. The output ships in the npm package, so users need no
// bundler.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const handlers = readdirSync(join(root, 'lambda'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'lambda', d.name, 'index.ts')))
  .map((d) => d.name);

await Promise.all(handlers.map((name) => build({
  entryPoints: [join(root, 'lambda', name, 'index.ts')],
  outfile: join(root, 'assets', name, 'index.js'),
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  external: ['@aws-sdk/*', '@smithy/*'],
  legalComments: 'none',
  // Prefer ES module builds: esbuild can drop what a handler does not use.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
})));
console.log(`bundled ${handlers.length} handler(s): ${handlers.join(', ')}`);
