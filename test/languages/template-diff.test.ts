// scripts/python-roundtrip/diff-templates.ts, the comparison at the end of the Python round trip: fed two cloud
// assemblies of the real quick start, it says "the same" for identical ones and names the stack, the resource and
// the property of a difference, with exit status 1.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildQuickStartApp } from '../../examples/quick-start/app';
import { diffAssemblies, formatDifference } from '../../scripts/python-roundtrip/diff-templates';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'python-roundtrip', 'diff-templates.ts');
const STACK = 'PkiQuickStart';

let work: string;
let typescript: string;

/** The CLI as run.sh runs it (ts-node, transpile only). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the TypeScript assembly (in a folder named python), its quick-start template changed by `edit`. */
function copyWith(testCase: string, edit: (template: any) => void): string {
  const dir = path.join(work, testCase, 'python');
  fs.cpSync(typescript, dir, { recursive: true });
  const file = path.join(dir, `${STACK}.template.json`);
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(template);
  fs.writeFileSync(file, JSON.stringify(template, undefined, 1));
  return dir;
}

/** The logical id of the only resource of that type whose id starts with the construct id. */
function logicalIdOf(type: string, constructId: string): string {
  const template = JSON.parse(fs.readFileSync(path.join(typescript, `${STACK}.template.json`), 'utf8'));
  const ids = Object.entries(template.Resources as Record<string, { Type: string }>)
    .filter(([id, r]) => r.Type === type && id.startsWith(constructId)).map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0];
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-template-diff-'));
  typescript = path.join(work, 'typescript');
  buildQuickStartApp({ outdir: typescript }).synth();
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('identical assemblies: exit 0, "the same"', () => {
  const python = copyWith('identical', () => undefined);
  expect(diffAssemblies(typescript, python)).toEqual([]);
  const run = cli(typescript, python);
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(`diff-templates: the same: 1 stack(s) (${STACK}) in typescript and python`);
  expect(run.status).toBe(0);
});

test('a changed property: exit 1, with the stack, the resource\'s logical id and type, the property and both values', () => {
  const certificate = logicalIdOf('AWS::CertificateManager::Certificate', 'ServiceCertificate');
  const python = copyWith('changed', (t) => {
    t.Resources[certificate].Properties.DomainName = 'other.example.internal';
  });
  const run = cli(typescript, python);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain(
    `${STACK}: Resources.${certificate} (AWS::CertificateManager::Certificate) Properties.DomainName: typescript "service.example.internal", python "other.example.internal"`);
  expect(run.stdout).toContain(`1 difference(s) between typescript and python in 1 resource(s) (${STACK}/${certificate})`);
});

test('a nested change is reported at its path; a missing resource, output and stack are reported too', () => {
  const role = logicalIdOf('AWS::IAM::Role', 'WorkloadRole');
  const python = copyWith('nested', (t) => {
    t.Resources[role].Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service = 'lambda.amazonaws.com';
    delete t.Outputs.IssuingCaArn;
    t.Resources.Extra = { Type: 'AWS::SNS::Topic' };
  });
  fs.writeFileSync(path.join(python, 'Other.template.json'), JSON.stringify({ Resources: {} }));
  const lines = diffAssemblies(typescript, python).map((d) => formatDifference(d, ['ts', 'py']));
  expect(lines).toEqual([
    'Other: stack only in py',
    `${STACK}: Outputs.IssuingCaArn: ts ${JSON.stringify(JSON.parse(fs.readFileSync(path.join(typescript, `${STACK}.template.json`), 'utf8')).Outputs.IssuingCaArn)}, py (absent)`,
    `${STACK}: Resources.Extra (AWS::SNS::Topic): ts (absent), py {"Type":"AWS::SNS::Topic"}`,
    `${STACK}: Resources.${role} (AWS::IAM::Role) Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service: ts "ec2.amazonaws.com", py "lambda.amazonaws.com"`,
  ]);
});

test('ignores the AWS::CDK::Metadata resource and its condition, which record the language the app ran in', () => {
  const python = copyWith('metadata', (t) => {
    t.Resources.CDKMetadata = { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:python' }, Condition: 'CDKMetadataAvailable' };
    t.Conditions = { CDKMetadataAvailable: { 'Fn::Equals': ['a', 'a'] } };
  });
  expect(diffAssemblies(typescript, python)).toEqual([]);
});

test('asset hashes count, unless --ignore-asset-hashes', () => {
  const text = fs.readFileSync(path.join(typescript, `${STACK}.template.json`), 'utf8');
  const hash = /\b[0-9a-f]{64}\b/.exec(text)![0];
  const python = copyWith('hash', (t) => {
    const changed = JSON.parse(JSON.stringify(t).split(hash).join('f'.repeat(64)));
    Object.assign(t, changed);
  });
  const diffs = diffAssemblies(typescript, python);
  expect(diffs.length).toBeGreaterThan(0);
  expect(diffs.every((d) => JSON.stringify(d.a).includes(hash) && JSON.stringify(d.b).includes('f'.repeat(64)))).toBe(true);
  expect(diffAssemblies(typescript, python, { ignoreAssetHashes: true })).toEqual([]);
});

test('a folder that is no cloud assembly: exit 2', () => {
  const run = cli(typescript, path.join(work, 'missing'));
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('is not a cloud assembly');
});
