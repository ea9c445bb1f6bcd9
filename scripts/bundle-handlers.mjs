// Bundles every handler in lambda/<name>/index.ts into assets/<name>/index.js. The AWS SDK v3 is left
// out: the Lambda Node.js runtime provides it. The output ships in the npm package, so users need no
// bundler.
//
// The esbuild options are in handler-build-options.json, which the benchmark reads too: AWS SDK v3
// external (@aws-sdk/*, @smithy/*), minified CommonJS for Node.js, ES module builds of dependencies
// preferred (mainFields), so that esbuild can drop what a handler does not use.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const options = JSON.parse(readFileSync(join(root, 'scripts', 'handler-build-options.json'), 'utf8'));
const handlers = readdirSync(join(root, 'lambda'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'lambda', d.name, 'index.ts')))
  .map((d) => d.name);

await Promise.all(handlers.map((name) => build({
  entryPoints: [join(root, 'lambda', name, 'index.ts')],
  outfile: join(root, 'assets', name, 'index.js'),
  ...options,
})));
console.log(`bundled ${handlers.length} handler(s): ${handlers.join(', ')}`);
