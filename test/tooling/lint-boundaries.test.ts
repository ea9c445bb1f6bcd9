/**
 * The layout's arrows are lint rules (no-restricted-imports in the .eslintrc.json projen generates), and the
 * lint step of `npm test` fails on a violation. Here each rule is shown to catch a deliberate violation, and to
 * let the allowed import through, by linting code as if it were in a file of the tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line import/no-extraneous-dependencies -- ESLint's own API for its eslintrc mode, which projen generates
import { LegacyESLint } from 'eslint/use-at-your-own-risk';

const ROOT = path.join(__dirname, '..', '..');

/** The generated config's boundary overrides, without the type-aware parts (no rule here needs types). */
function boundaryLinter(): LegacyESLint {
  const text = readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf8').replace(/^\/\/.*$/m, '');
  const config = JSON.parse(text) as { overrides: Array<{ rules: Record<string, unknown> }> };
  const overrides = config.overrides.filter((o) => 'no-restricted-imports' in o.rules);
  expect(overrides.length).toBeGreaterThanOrEqual(4);
  return new LegacyESLint({
    cwd: ROOT,
    useEslintrc: false,
    overrideConfig: {
      root: true,
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
      overrides: overrides as never,
    },
  });
}

let eslint: LegacyESLint;
beforeAll(() => {
  eslint = boundaryLinter();
});

async function restricted(file: string, importPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${importPath}';\nexport const y = x;\n`, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('handlers (lambda/**)', () => {
  test.each([
    ['aws-cdk-lib', /must not load aws-cdk-lib or constructs/],
    ['aws-cdk-lib/aws-iam', /must not load aws-cdk-lib or constructs/],
    ['constructs', /must not load aws-cdk-lib or constructs/],
    ['../../src/hierarchy/issuing-ca', /imports from src\/ only src\/private\/contracts/],
    ['../../src/private/validation', /imports from src\/ only src\/private\/contracts/],
    ['../../src', /imports from src\/ only src\/private\/contracts/],
  ])('may not import %s', async (importPath, message) => {
    expect(await restricted('lambda/ca-signer/probe.ts', importPath)).toEqual([expect.stringMatching(message)]);
  });

  test.each(['../../src/private/contracts/aws-strings', '../shared/errors', '@aws-sdk/client-acm-pca', 'node:crypto'])('may import %s', async (importPath) => {
    expect(await restricted('lambda/ca-signer/probe.ts', importPath)).toEqual([]);
  });
});

describe('contracts (src/private/contracts/**)', () => {
  test.each([
    ['aws-cdk-lib', /import nothing of aws-cdk-lib or constructs/],
    ['constructs', /import nothing of aws-cdk-lib or constructs/],
    ['../validation', /import only other contracts/],
    ['../../hierarchy/issuing-ca', /import only other contracts/],
  ])('may not import %s', async (importPath, message) => {
    expect(await restricted('src/private/contracts/probe.ts', importPath)).toEqual([expect.stringMatching(message)]);
  });

  test('may import another contract', async () => {
    expect(await restricted('src/private/contracts/probe.ts', './aws-strings')).toEqual([]);
  });
});

describe('wiring (src/private/*.ts)', () => {
  test.each(['../hierarchy/issuing-ca', '../checklist/pki-report', '../index'])('may not import %s (a feature folder)', async (importPath) => {
    expect(await restricted('src/private/probe.ts', importPath)).toEqual([expect.stringMatching(/never imports a construct or a feature folder/)]);
  });

  test.each(['./validation', './contracts/aws-strings', 'aws-cdk-lib'])('may import %s', async (importPath) => {
    expect(await restricted('src/private/probe.ts', importPath)).toEqual([]);
  });
});

describe('the library (src/**)', () => {
  test.each(['../../lambda/ca-signer', '../../lambda/shared/errors'])('never imports a handler: %s', async (importPath) => {
    expect(await restricted('src/hierarchy/probe.ts', importPath)).toEqual([expect.stringMatching(/never imports a handler/)]);
  });

  test('a feature folder may import wiring and another feature', async () => {
    expect(await restricted('src/hierarchy/probe.ts', '../private/validation')).toEqual([]);
    expect(await restricted('src/hierarchy/probe.ts', '../revocation/crl-bucket')).toEqual([]);
  });
});

test('the tree itself has no violation', async () => {
  const results = await eslint.lintFiles(['src/**/*.ts', 'lambda/**/*.ts']);
  const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`));
  expect(violations).toEqual([]);
});

test('no source file of the library or its handlers is over 400 lines (issue 13: a room with one job)', () => {
  const files = (dir: string): string[] => readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const long = [...files('src'), ...files('lambda')]
    .map((f) => ({ f, lines: readFileSync(path.join(ROOT, f), 'utf8').split('\n').length - 1 }))
    .filter((x) => x.lines > 400).map((x) => `${x.f}: ${x.lines} lines`);
  expect(long).toEqual([]);
});
