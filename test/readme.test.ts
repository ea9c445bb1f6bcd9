import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import * as library from '../src';

const ROOT = path.join(__dirname, '..');

/** The documentation whose ```ts blocks are complete apps: the README and every page of docs/. */
const DOCUMENTS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Every Markdown file whose links must resolve. */
const LINKED_DOCUMENTS = [...DOCUMENTS, 'CONTRIBUTING.md'];

function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** The ```ts blocks of a document. */
function snippetsOf(file: string): string[] {
  return [...read(file).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

const snippets = DOCUMENTS.flatMap((file) => snippetsOf(file).map((code, i) => ({ file, index: i + 1, code })));

/**
 * Runs a snippet as a user would (with `cdk-pki` resolved to this source tree) and returns the app it built,
 * synthesized.
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

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors of a Markdown file's headings, outside code blocks. */
function anchorsOf(file: string): Set<string> {
  const withoutCode = read(file).replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}

describe('README', () => {
  test('opens with the two commands, as its first code block', () => {
    const readme = read('README.md');
    const firstBlock = /```(\w*)\n([\s\S]*?)```/.exec(readme)!;
    expect(firstBlock[1]).toBe('sh');
    const lines = firstBlock[2].split('\n');
    expect(lines).toContain('npm ci && npm run examples   # synthesize the example organization; print its stacks, CA tree and checklist');
    expect(lines).toContain('npm ci && npm test           # the whole test suite (what CI runs)');
  });

  test('stays a front page, with the deep dives in docs/', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(25_000);
    for (const page of ['hierarchy', 'revocation', 'sharing', 'expiry', 'renewal', 'connectors', 'checklist']) {
      expect(read('README.md')).toContain(`(docs/${page}.md)`);
    }
  });
});

describe('the documentation', () => {
  test('has TypeScript snippets in the README and in every page of docs/', () => {
    for (const file of DOCUMENTS) {
      expect([file, snippetsOf(file).length >= 1]).toEqual([file, true]);
    }
    expect(snippetsOf('README.md').length).toBeGreaterThanOrEqual(2);
    expect(snippets.length).toBeGreaterThanOrEqual(14);
  });

  test.each(snippets.map((s) => [s.file, s.index, s.code]))('%s snippet %i synthesizes', (_file, _i, code) => {
    const app = runSnippet(code as string);
    expect(app.node.findAll().some((c) => c instanceof library.RootCaAccount || c instanceof library.IssuingCa
      || c instanceof library.PkiMemberBaseline || (c as any).grantIssue !== undefined)).toBe(true);
  });

  test.each(LINKED_DOCUMENTS)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    const text = read(file).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [relative, anchor] = target.split('#');
      const linked = relative === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), relative));
      if (!existsSync(path.join(ROOT, linked))) {
        broken.push(`${target}: no file ${linked}`);
      } else if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(linked).has(anchor)) {
        broken.push(`${target}: no heading #${anchor} in ${linked}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('shows the organization example\'s current diagram', () => {
    const mermaid = (file: string) => /```mermaid\n[\s\S]*?```/.exec(read(file))?.[0];
    const current = mermaid('examples/organization/pki-report.md');
    expect(current).toBeDefined();
    if (mermaid('docs/checklist.md') !== current) {
      throw new Error('the diagram in docs/checklist.md differs from examples/organization/pki-report.md: copy the report\'s Mermaid block into the page');
    }
  });
});
