import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import * as library from '../src';

/** The ```ts blocks of the README. */
const snippets = [...readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/**
 * Runs a README snippet as a user would (with `cdk-pki` resolved to this source tree) and returns the
 * app it built, synthesized.
 */
function runSnippet(code: string): App {
  const diagnostics: ts.Diagnostic[] = [];
  const js = ts.transpileModule(`${code}\nexport const __app = app;`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    reportDiagnostics: true,
  });
  diagnostics.push(...(js.diagnostics ?? []));
  expect(diagnostics).toEqual([]);
  const module = { exports: {} as { __app?: App } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the snippet's own imports, resolved at run time
  const requireFromSnippet = (name: string) => (name === 'cdk-pki' ? library : require(name));
  new Function('require', 'module', 'exports', js.outputText)(requireFromSnippet, module, module.exports);
  const app = module.exports.__app!;
  app.synth();
  return app;
}

describe('README', () => {
  test('has the two commands first', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstBlock).toContain('npm ci && npm run examples');
    expect(firstBlock).toContain('npm ci && npm test');
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('```ts'));
  });

  test('has TypeScript snippets', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  test.each(snippets.map((code, i) => [i + 1, code]))('snippet %i synthesizes', (_i, code) => {
    const app = runSnippet(code as string);
    expect(app.node.findAll().some((c) => c instanceof library.RootCaAccount || c instanceof library.IssuingCa
      || (c as any).grantIssue !== undefined)).toBe(true);
  });
});
