/**
 * `cdk-pki import-plan` on a synthesized template: the files of the import written, create-only differences and
 * missing arguments refused with their exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RootCaAccount } from '../../src';
import { main } from '../../src/cli/main';

const ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-4333-8444-555555555555';
const CERT_ARN = `${ROOT_ARN}/certificate/0a1b2c3d`;

let dir: string;
let rootId: string;

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const stdout = { write: (s: string) => { out += s; return true; } };
  const stderr = { write: (s: string) => { err += s; return true; } };
  const code = main(argv, { stdout, stderr, cwd: dir });
  return { code, out, err };
}

const describe_ = (signing: string) => ({
  CertificateAuthority: {
    Type: 'ROOT',
    UsageMode: 'GENERAL_PURPOSE',
    KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_secp384r1', SigningAlgorithm: signing, Subject: { CommonName: 'Example Root CA' } },
  },
});

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-import-plan-'));
  const stack = new Stack(new App(), 'Pki', { env: { account: '111111111111', region: 'us-east-1' } });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'example', subject: { commonName: 'Example Root CA' } });
  rootId = stack.resolve(root.resource.logicalId);
  fs.writeFileSync(path.join(dir, 'Pki.template.json'), JSON.stringify(Template.fromStack(stack).toJSON()));
  fs.writeFileSync(path.join(dir, 'root.json'), JSON.stringify(describe_('SHA384WITHECDSA')));
  fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify(describe_('SHA512WITHECDSA')));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('plans the import of a root and writes its three files', () => {
  const r = run(['import-plan', '--template', 'Pki.template.json', '--ca', `${rootId}=${ROOT_ARN}`, '--certificate', `${rootId}=${CERT_ARN}`,
    '--describe', `${rootId}=root.json`, '--out', 'plan']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toContain(`${rootId} (AWS::ACMPCA::CertificateAuthority) <- ${ROOT_ARN}`);
  const toImport = JSON.parse(fs.readFileSync(path.join(dir, 'plan', 'resources-to-import.json'), 'utf8'));
  expect(toImport.map((entry: any) => entry.ResourceType).sort())
    .toEqual(['AWS::ACMPCA::Certificate', 'AWS::ACMPCA::CertificateAuthority', 'AWS::ACMPCA::CertificateAuthorityActivation']);
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'plan', 'import.template.json'), 'utf8'));
  expect(Object.keys(template.Resources)).toHaveLength(3);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'plan', 'resource-mapping.json'), 'utf8'))[rootId]).toEqual({ Arn: ROOT_ARN });
});

test('refuses, writing nothing, when a create-only property differs from the CA\'s', () => {
  const r = run(['import-plan', '--template', 'Pki.template.json', '--ca', `${rootId}=${ROOT_ARN}`, '--certificate', `${rootId}=${CERT_ARN}`,
    '--describe', `${rootId}=other.json`, '--out', 'refused']);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/SigningAlgorithm: the template has "SHA384WITHECDSA", the CA has "SHA512WITHECDSA"/);
  expect(fs.existsSync(path.join(dir, 'refused'))).toBe(false);
});

test.each([
  [['import-plan'], /--template is required/],
  [['import-plan', '--template', 'Pki.template.json'], /give at least one --ca/],
  [['import-plan', '--template', 'Pki.template.json', '--ca', 'NoArn'], /--ca takes <logicalId>=<value>/],
  [['import-plan', '--template', 'missing.json', '--ca', `${'X'}=${ROOT_ARN}`], /cannot read missing.json as JSON/],
])('exit 2 for %j', (argv, message) => {
  const r = run(argv as string[]);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message as RegExp);
});
