// The command as npm installs it: package.json's bin entry, a node script that runs the compiled CLI. Run here end
// to end in a child process against the organization example synthesized into a project's cdk.out. jest runs
// before jsii compiles lib/ (npm test), so the child runs bin/cdk-pki's own code with its require of
// lib/cli/main.js pointed at src/cli/main.ts, under ts-node; scripts/package-smoke.sh runs the installed package's.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDirs } from './apps';
import { formatSummary, synthesizeExample } from '../../examples/synth-all';
import { exampleNamed } from '../support/synth';

const REPO = path.join(__dirname, '..', '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const COMPILED_ENTRY = "'../lib/cli/main.js'";
const tempDir = tempDirs('cdk-pki-bin-');

let project: string;
let npmRunExamplesTree: string[];
let script: string;

beforeAll(() => {
  project = tempDir();
  const { summary } = synthesizeExample(exampleNamed('organization'), path.join(project, 'cdk.out'));
  const text = formatSummary(summary).split('\n');
  npmRunExamplesTree = text.slice(text.indexOf('  CA tree:') + 1, text.findIndex((l) => l.startsWith('  Checklist:')));
  const bin = fs.readFileSync(path.join(REPO, PACKAGE.bin['cdk-pki']), 'utf8');
  script = path.join(tempDir(), 'cdk-pki');
  fs.writeFileSync(script, bin.replace(COMPILED_ENTRY, JSON.stringify(path.join(REPO, 'src', 'cli', 'main.ts'))));
});

/** Runs the bin script with node (and ts-node for the TypeScript source), in `cwd`. */
function cdkPki(args: string[], cwd: string = project) {
  const child = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register'), script, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, 'tsconfig.dev.json'), TS_NODE_TRANSPILE_ONLY: 'true' },
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

test('package.json has the bin: an executable node script that runs lib/cli/main.js, which jsii compiles from src/cli/main.ts', () => {
  expect(PACKAGE.bin).toEqual({ 'cdk-pki': 'bin/cdk-pki' });
  const file = path.join(REPO, 'bin', 'cdk-pki');
  expect(() => fs.accessSync(file, fs.constants.X_OK)).not.toThrow();
  const text = fs.readFileSync(file, 'utf8');
  expect(text.split('\n')[0]).toBe('#!/usr/bin/env node');
  expect(text).toContain(`require(${COMPILED_ENTRY}).run();`);
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(REPO, 'tsconfig.json'), 'utf8'));
  expect([compilerOptions.rootDir, compilerOptions.outDir]).toEqual(['src', 'lib']);
  expect(fs.existsSync(path.join(REPO, 'src', 'cli', 'main.ts'))).toBe(true);
  expect(fs.readFileSync(script, 'utf8')).not.toContain(COMPILED_ENTRY);
});

test('tree prints the CAs of ./cdk.out line for line as npm run examples does (siblings ordered by construct path)', () => {
  const run = cdkPki(['tree']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const lines = run.stdout.split('\n');
  expect(lines[0]).toBe('PKI report: example organization  (cdk.out/pki-report.json)');
  const tree = lines.slice(lines.indexOf('  CA tree:') + 1, lines.indexOf('  CAs used but owned elsewhere:'));
  const withoutBranches = (l: string) => l.replace(/^[\s│├└─]+/, '');
  expect(tree.map(withoutBranches).filter((l) => l.startsWith('[level'))).toEqual([
    '[level 1] RootCaAccount example/root (Pki-Root-111111111111-us-east-1/RootCa)',
    '[level 2] IssuingCa example/intermediate (Pki-Intermediate-444444444444-us-east-1/IssuingCa)',
    '[level 3] IssuingCa example/internal-eu-central-1 (Pki-Issuing-555555555555-eu-central-1/IssuingCa)',
    '[level 2] IssuingCa example/issuing-eu-west-1 (Pki-Issuing-222222222222-eu-west-1/IssuingCa)',
    '[level 2] IssuingCa example/issuing-ap-southeast-2 (Pki-Issuing-333333333333-ap-southeast-2/IssuingCa)',
  ]);
  expect(tree.map(withoutBranches).sort()).toEqual(npmRunExamplesTree.map(withoutBranches).sort());
  expect(lines).toContain('    shared CA Pki-Workload-666666666666-eu-west-1/SharedCa, in 222222222222/eu-west-1, used from 666666666666, '
    + 'permission AWSRAMDefaultPermissionCertificateAuthority');
});

test('check --strict exits 0 for the organization, whose every applicable item passes', () => {
  const run = cdkPki(['check', '--strict']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^ {2}\d+ PASS, 0 WARN, 0 FAIL, \d+ N\/A: passed$/m);
});

test('exits 2 with the fix on stderr when the assembly has no PKI report', () => {
  const empty = tempDir();
  const run = cdkPki(['check', '-o', empty]);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain("add `new PkiReport(app, 'PkiReport')`");
});
