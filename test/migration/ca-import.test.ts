/**
 * Moving CAs made with CfnCertificateAuthority under RootCaAccount and IssuingCa by a CloudFormation resource import
 * (docs/migrating.md): the import template holds only the CAs (and the root's certificate and activation), under the
 * logical ids of the library's full template, with the same properties less those set after the import; the CAs'
 * create-only properties are those of the CAs that exist (else the next deployment would replace them); and cfn-lint
 * passes it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { IssuingCa, KeyAlgorithm, RootCaAccount, SigningAlgorithm, Validity } from '../../src';
import { DescribedCa, TemplateJson, planCaImport, referencesOf } from '../../src/migration/ca-import';
import { cfnLint, cfnLintForTests, LINT_TIMEOUT_MS } from '../support/cfn-lint';

const ENV = { account: '111111111111', region: 'us-east-1' };
const ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-4333-8444-555555555555';
const ROOT_CERT_ARN = `${ROOT_ARN}/certificate/5f1c2a3b4d5e6f708192a3b4c5d6e7f8`;
const ISSUING_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/66666666-7777-4888-8999-aaaaaaaaaaaa';
const ROOT_SUBJECT = { commonName: 'Example Root CA', organization: 'Example Corp', country: 'US' };
const ISSUING_SUBJECT = { commonName: 'Example Issuing CA', organization: 'Example Corp' };

/** The CAs as a team wrote them before the library: a root with its certificate and activation, and a subordinate. */
function legacyTemplate(): TemplateJson {
  const stack = new Stack(new App(), 'LegacyPki', { env: ENV });
  const root = new acmpca.CfnCertificateAuthority(stack, 'RootCA', {
    type: 'ROOT', keyAlgorithm: 'RSA_4096', signingAlgorithm: 'SHA512WITHRSA', subject: ROOT_SUBJECT,
  });
  const cert = new acmpca.CfnCertificate(stack, 'RootCert', {
    certificateAuthorityArn: root.attrArn,
    certificateSigningRequest: root.attrCertificateSigningRequest,
    signingAlgorithm: 'SHA512WITHRSA',
    templateArn: 'arn:aws:acm-pca:::template/RootCACertificate/V1',
    validity: { type: 'YEARS', value: 10 },
  });
  new acmpca.CfnCertificateAuthorityActivation(stack, 'RootActivation', { certificateAuthorityArn: root.attrArn, certificate: cert.attrCertificate });
  new acmpca.CfnCertificateAuthority(stack, 'IssuingCA', {
    type: 'SUBORDINATE', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: ISSUING_SUBJECT,
  });
  return Template.fromStack(stack).toJSON() as TemplateJson;
}

/** DescribeCertificateAuthority of a legacy CA, as AWS answers (defaults filled in). */
function described(resource: { Properties?: Record<string, any> }): DescribedCa {
  const p = resource.Properties!;
  return {
    Type: p.Type,
    KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
    UsageMode: 'GENERAL_PURPOSE',
    CertificateAuthorityConfiguration: { KeyAlgorithm: p.KeyAlgorithm, SigningAlgorithm: p.SigningAlgorithm, Subject: p.Subject },
  };
}

/** The same CAs in the library, given the legacy CAs' create-only properties. */
function libraryStack(rootSigning = SigningAlgorithm.SHA512WITHRSA): { stack: Stack; root: RootCaAccount; issuing: IssuingCa; full: TemplateJson } {
  const stack = new Stack(new App(), 'Pki', { env: ENV });
  const root = new RootCaAccount(stack, 'Root', {
    hierarchyName: 'example', subject: ROOT_SUBJECT, keyAlgorithm: KeyAlgorithm.RSA_4096, signingAlgorithm: rootSigning, validity: Validity.years(10),
  });
  const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: ISSUING_SUBJECT });
  return { stack, root, issuing, full: Template.fromStack(stack).toJSON() as TemplateJson };
}

describe('importing a root and an issuing CA made with CfnCertificateAuthority', () => {
  let legacy: TemplateJson;
  let full: TemplateJson;
  let ids: { root: string; issuing: string };
  let plan: ReturnType<typeof planCaImport>;
  beforeAll(() => {
    legacy = legacyTemplate();
    const lib = libraryStack();
    full = lib.full;
    ids = { root: lib.stack.resolve(lib.root.resource.logicalId), issuing: lib.stack.resolve(lib.issuing.resource.logicalId) };
    plan = planCaImport(full, [
      { logicalId: ids.root, arn: ROOT_ARN, certificateArn: ROOT_CERT_ARN, described: described(legacy.Resources!.RootCA) },
      { logicalId: ids.issuing, arn: ISSUING_ARN, described: described(legacy.Resources!.IssuingCA) },
    ]);
  });

  test('nothing stands in the way', () => {
    expect(plan.problems).toEqual([]);
  });

  test('the import holds the two CAs and the root\'s certificate and activation, under the full template\'s logical ids, and nothing else', () => {
    const resources = plan.template.Resources!;
    expect(Object.keys(resources).sort()).toEqual(plan.resourcesToImport.map((r) => r.LogicalResourceId).sort());
    expect(Object.values(resources).map((r) => r.Type).sort()).toEqual([
      'AWS::ACMPCA::Certificate', 'AWS::ACMPCA::CertificateAuthority', 'AWS::ACMPCA::CertificateAuthority', 'AWS::ACMPCA::CertificateAuthorityActivation',
    ]);
    for (const [id, resource] of Object.entries(resources)) {
      expect(full.Resources![id].Type).toBe(resource.Type);
      expect(resource.DeletionPolicy).toBe('Retain');
      expect(resource.DependsOn).toBeUndefined();
      // Every reference stays inside the import.
      for (const ref of referencesOf(resource.Properties)) expect(Object.keys(resources)).toContain(ref);
    }
    expect(plan.template.Parameters).toEqual(full.Parameters);
  });

  test('with the full template\'s properties, less the CRL configuration and tags the next deployment sets', () => {
    for (const [id, resource] of Object.entries(plan.template.Resources!)) {
      const { RevocationConfiguration: _r, Tags: _t, ...expected } = full.Resources![id].Properties!;
      expect(resource.Properties).toEqual(expected);
    }
    expect(full.Resources![ids.root].Properties!.Tags).toBeDefined();
  });

  test('the CAs\' create-only properties are the legacy CAs\' own', () => {
    const pick = (p: Record<string, unknown>) => ({
      Type: p.Type, KeyAlgorithm: p.KeyAlgorithm, SigningAlgorithm: p.SigningAlgorithm, Subject: p.Subject,
    });
    expect(pick(plan.template.Resources![ids.root].Properties!)).toEqual(pick(legacy.Resources!.RootCA.Properties!));
    expect(pick(plan.template.Resources![ids.issuing].Properties!)).toEqual(pick(legacy.Resources!.IssuingCA.Properties!));
  });

  test('the resources to import name each resource by its primary identifier; the cdk import mapping says the same', () => {
    expect(plan.resourcesToImport).toEqual(expect.arrayContaining([
      { ResourceType: 'AWS::ACMPCA::CertificateAuthority', LogicalResourceId: ids.root, ResourceIdentifier: { Arn: ROOT_ARN } },
      { ResourceType: 'AWS::ACMPCA::CertificateAuthority', LogicalResourceId: ids.issuing, ResourceIdentifier: { Arn: ISSUING_ARN } },
      expect.objectContaining({ ResourceType: 'AWS::ACMPCA::Certificate', ResourceIdentifier: { Arn: ROOT_CERT_ARN, CertificateAuthorityArn: ROOT_ARN } }),
      expect.objectContaining({ ResourceType: 'AWS::ACMPCA::CertificateAuthorityActivation', ResourceIdentifier: { CertificateAuthorityArn: ROOT_ARN } }),
    ]));
    expect(plan.resourceMapping[ids.root]).toEqual({ Arn: ROOT_ARN });
  });

  const lint = cfnLintForTests('the import template');
  (lint ? test : test.skip)('cfn-lint passes the import template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-import-'));
    const file = path.join(dir, 'import.template.json');
    fs.writeFileSync(file, JSON.stringify(plan.template, null, 1));
    const result = cfnLint(lint!, [file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, LINT_TIMEOUT_MS);

  test('into a stack that exists: its template, plus the imports', () => {
    const current: TemplateJson = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } }, Parameters: { BootstrapVersion: { Type: 'String' } } };
    const into = planCaImport(full, [{ logicalId: ids.issuing, arn: ISSUING_ARN }], current);
    expect(Object.keys(into.template.Resources!).sort()).toEqual([ids.issuing, 'Topic'].sort());
  });
});

describe('refused', () => {
  test('a construct whose create-only properties differ from the CA\'s (the next deployment would replace it)', () => {
    const legacy = legacyTemplate();
    const lib = libraryStack(SigningAlgorithm.SHA256WITHRSA);
    const plan = planCaImport(lib.full, [{
      logicalId: lib.stack.resolve(lib.root.resource.logicalId),
      arn: ROOT_ARN,
      certificateArn: ROOT_CERT_ARN,
      described: described(legacy.Resources!.RootCA),
    }]);
    expect(plan.problems).toEqual([expect.stringMatching(/SigningAlgorithm: the template has "SHA256WITHRSA", the CA has "SHA512WITHRSA"; the next deployment would replace the CA/)]);
  });

  test('a root without its certificate ARN, a logical id that is no CA, an ARN that is none', () => {
    const lib = libraryStack();
    const rootId = lib.stack.resolve(lib.root.resource.logicalId);
    expect(planCaImport(lib.full, [{ logicalId: rootId, arn: ROOT_ARN }]).problems).toEqual([expect.stringMatching(/give the ARN of the root's installed certificate/)]);
    expect(planCaImport(lib.full, [{ logicalId: 'Nope', arn: ROOT_ARN }]).problems).toEqual([expect.stringMatching(/^Nope is not an AWS::ACMPCA::CertificateAuthority of the template; its CAs are /)]);
    expect(planCaImport(lib.full, [{ logicalId: rootId, arn: 'arn:aws:acm-pca:x', certificateArn: 'arn:aws:acm-pca:x/certificate/1' }]).problems)
      .toContainEqual(expect.stringMatching(/is not a certificate authority ARN/));
  });
});
