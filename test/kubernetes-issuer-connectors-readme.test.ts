// The README section of the connectors (.scratch/readme-connectors.md, merged into README.md by the lead): each
// TypeScript snippet runs as a user would write it, with `cdk-pki` resolved to this source tree and the connectors'
// modules (which src/index.ts will export), and synthesizes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import * as library from '../src';
import * as adConnector from '../src/ad-connector';
import * as privatecaIssuerRole from '../src/privateca-issuer-role';
import * as scepConnector from '../src/scep-connector';

describe('README section (.scratch/readme-connectors.md)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '.scratch', 'readme-connectors.md'), 'utf8');
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  /** `cdk-pki` as users will import it once src/index.ts exports the connectors. */
  const cdkPki = { ...library, ...adConnector, ...privatecaIssuerRole, ...scepConnector };

  function runSnippet(code: string): App {
    const js = ts.transpileModule(`${code}\nexport const __app = app;`, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      reportDiagnostics: true,
    });
    expect(js.diagnostics ?? []).toEqual([]);
    const module = { exports: {} as { __app?: App } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the snippet's own imports, resolved at run time
    const requireFromSnippet = (name: string) => (name === 'cdk-pki' ? cdkPki : require(name));
    new Function('require', 'module', 'exports', js.outputText)(requireFromSnippet, module, module.exports);
    const snippetApp = module.exports.__app!;
    snippetApp.synth();
    return snippetApp;
  }

  test('has two TypeScript snippets', () => {
    expect(snippets).toHaveLength(2);
  });

  test('the first snippet synthesizes all three connectors', () => {
    const snippetApp = runSnippet(snippets[0]);
    const all = snippetApp.node.findAll();
    expect(all.filter((c) => c instanceof privatecaIssuerRole.PrivateCaIssuerRole)).toHaveLength(2);
    expect(all.filter((c) => c instanceof scepConnector.ScepConnector)).toHaveLength(1);
    expect(all.filter((c) => c instanceof adConnector.ActiveDirectoryConnector)).toHaveLength(1);
  });

  test('the second snippet installs the chart and the issuer', () => {
    const snippetApp = runSnippet(snippets[1]);
    const role = snippetApp.node.findAll()
      .find((c): c is privatecaIssuerRole.PrivateCaIssuerRole => c instanceof privatecaIssuerRole.PrivateCaIssuerRole)!;
    expect(role.chart).toBeDefined();
    expect(role.clusterIssuer).toBeDefined();
  });
});
