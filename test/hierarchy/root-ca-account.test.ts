import { App, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CaUsageMode, CertificateTemplate, IssuingCa, KeyAlgorithm, KeyStorageSecurityStandard, RootCaAccount, SigningAlgorithm, Validity,
} from '../../src';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const subject = { commonName: 'Example Root CA', organization: 'Example Corp', country: 'US' };

function rootStack(): Stack {
  return new Stack(new App(), 'Root', { env: ROOT_ENV });
}

describe('RootCaAccount defaults', () => {
  let template: Template;
  let root: RootCaAccount;
  beforeAll(() => {
    const stack = rootStack();
    root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    template = Template.fromStack(stack);
  });

  test('a ROOT CA with EC P-384 keys, general purpose, and the subject as given', () => {
    template.hasResourceProperties('AWS::ACMPCA::CertificateAuthority', {
      Type: 'ROOT',
      KeyAlgorithm: 'EC_secp384r1',
      SigningAlgorithm: 'SHA384WITHECDSA',
      UsageMode: 'GENERAL_PURPOSE',
      Subject: { CommonName: 'Example Root CA', Organization: 'Example Corp', Country: 'US' },
      KeyStorageSecurityStandard: Match.absent(),
    });
  });

  test('self-signs for ten years with RootCACertificate/V1 in the stack partition', () => {
    template.hasResourceProperties('AWS::ACMPCA::Certificate', {
      CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] },
      CertificateSigningRequest: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'CertificateSigningRequest'] },
      SigningAlgorithm: 'SHA384WITHECDSA',
      TemplateArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/RootCACertificate/V1']] },
      Validity: { Type: 'YEARS', Value: 10 },
    });
  });

  test('activates the CA with its self-signed certificate', () => {
    template.hasResourceProperties('AWS::ACMPCA::CertificateAuthorityActivation', {
      Certificate: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RootCertificate'), 'Certificate'] },
      Status: 'ACTIVE',
    });
  });

  test('CloudFormation keeps the CA, its certificate and its activation (but those a failed operation created)', () => {
    for (const type of ['AWS::ACMPCA::CertificateAuthority', 'AWS::ACMPCA::Certificate', 'AWS::ACMPCA::CertificateAuthorityActivation']) {
      template.hasResource(type, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('a lifecycle resource carries the removal policy, RETAIN by default, and always gets its Delete', () => {
    template.hasResource('Custom::PkiRootCaLifecycle', {
      Properties: {
        ServiceToken: Match.anyValue(),
        CertificateAuthorityArn: { Ref: Match.stringLikeRegexp('^RootActivation') },
        RemovalPolicy: 'RETAIN',
        RestorationDays: '30',
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('without subordinates in other stacks, no signing authority; the guard\'s provider is the only Lambda code', () => {
    // The only named role is the signing handler's, whose fixed name parents of other apps would name.
    expect(Object.values(template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.anyValue() } })).map((r) => r.Properties.RoleName))
      .toEqual(['cdk-pki-signing-us-east-1-Root']);
    // The handler and the provider framework's function.
    template.resourceCountIs('AWS::Lambda::Function', 2);
    template.resourceCountIs('AWS::Lambda::Alias', 0);
    // No ARN parameter or declaration: only the published root certificate.
    expect(Object.values(template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name)).toEqual(['/cdk-pki/corp/root/certificate']);
    expect(root.signingAuthorityFunctionName).toBeUndefined();
  });

  test('CRLs on by default, in the stack\'s CRL bucket, and the CA is created after the bucket policy', () => {
    const ca = Object.values(template.findResources('AWS::ACMPCA::CertificateAuthority'))[0];
    expect(ca.Properties.RevocationConfiguration).toMatchObject({
      CrlConfiguration: { Enabled: true, S3ObjectAcl: 'BUCKET_OWNER_FULL_CONTROL', CrlType: 'COMPLETE', ExpirationInDays: 7 },
      OcspConfiguration: { Enabled: false },
    });
    expect(ca.DependsOn).toEqual([...Object.keys(template.findResources('Custom::PkiCaGuard')), ...Object.keys(template.findResources('AWS::S3::BucketPolicy'))]);
    expect(root.crlBucket?.node.path).toBe('Root/CdkPkiCrlBucket');
  });

  test('exposes the parameter name and depth', () => {
    expect(root.arnParameterName).toBe('/cdk-pki/corp/root/certificate-authority-arn');
    expect(root.depth).toBe(1);
    expect(root.caName).toBe('root');
    expect(root.validity.toString()).toBe('10 years');
  });

  test('hands out the CA ARN from the activation, so that users wait for the CA to be ACTIVE; the only output is the root certificate', () => {
    expect(Stack.of(root).resolve(root.certificateAuthorityArn)).toEqual({ Ref: expect.stringMatching(/^RootActivation/) });
    const certificateId = Object.keys(template.findResources('AWS::ACMPCA::Certificate'))[0];
    expect(Object.values(template.findOutputs('*'))).toEqual([
      expect.objectContaining({ Value: { 'Fn::GetAtt': [certificateId, 'Certificate'] }, Description: expect.stringContaining('add it to trust stores') }),
    ]);
  });

  test('publishes the root certificate in SSM for trust stores, under a name that does not change with renewals', () => {
    const certificateId = Object.keys(template.findResources('AWS::ACMPCA::Certificate'))[0];
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-pki/corp/root/certificate', Type: 'String', Value: { 'Fn::GetAtt': [certificateId, 'Certificate'] },
    });
    expect(root.certificateParameterName).toBe('/cdk-pki/corp/root/certificate');
  });

  test('implements ICertificateAuthority', () => {
    const ca: acmpca.ICertificateAuthority = root;
    expect(ca.certificateAuthorityRef.certificateAuthorityArn).toBe(root.certificateAuthorityArn);
  });
});

describe('RootCaAccount props', () => {
  test('key, signing algorithm, key storage, validity and removal policy are passed through', () => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', {
      hierarchyName: 'corp',
      subject: { commonName: 'RSA Root', organizationalUnit: 'PKI', state: 'WA', locality: 'Seattle', serialNumber: '1', distinguishedNameQualifier: 'q' },
      keyAlgorithm: KeyAlgorithm.RSA_4096,
      signingAlgorithm: SigningAlgorithm.SHA256WITHRSA,
      keyStorageSecurityStandard: KeyStorageSecurityStandard.CCPC_LEVEL_1_OR_HIGHER,
      validity: Validity.years(20),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ACMPCA::CertificateAuthority', {
      Properties: {
        KeyAlgorithm: 'RSA_4096',
        SigningAlgorithm: 'SHA256WITHRSA',
        KeyStorageSecurityStandard: 'CCPC_LEVEL_1_OR_HIGHER',
        Subject: { CommonName: 'RSA Root', OrganizationalUnit: 'PKI', State: 'WA', Locality: 'Seattle', SerialNumber: '1', DistinguishedNameQualifier: 'q' },
      },
      // CloudFormation does not delete a root; its lifecycle resource disables and deletes it.
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    template.hasResourceProperties('Custom::PkiRootCaLifecycle', { RemovalPolicy: 'DESTROY', RestorationDays: '30' });
    template.hasResourceProperties('AWS::ACMPCA::Certificate', { SigningAlgorithm: 'SHA256WITHRSA', Validity: { Type: 'YEARS', Value: 20 } });
  });

  test.each([
    [KeyAlgorithm.RSA_2048, 'SHA256WITHRSA'],
    [KeyAlgorithm.RSA_3072, 'SHA384WITHRSA'],
    [KeyAlgorithm.EC_PRIME256V1, 'SHA256WITHECDSA'],
    [KeyAlgorithm.EC_SECP521R1, 'SHA512WITHECDSA'],
    [KeyAlgorithm.ML_DSA_65, 'ML_DSA_65'],
  ])('key %s signs with %s by default', (keyAlgorithm, signing) => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, keyAlgorithm });
    Template.fromStack(stack).hasResourceProperties('AWS::ACMPCA::CertificateAuthority', { KeyAlgorithm: keyAlgorithm.name, SigningAlgorithm: signing });
  });

  test('a declared subordinate gives the root the stack\'s signing authority, allowed only the declared template, and revocation only when declared', () => {
    const stack = rootStack();
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    root.declareSubordinate({
      account: '222222222222',
      region: 'eu-west-1',
      stackName: 'Issuing',
      caName: 'issuing',
      subject: { commonName: 'Issuing' },
      validity: Validity.years(3),
      pathLength: 1,
    });
    const pathLen1 = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/SubordinateCACertificate_PathLen1/V1']] };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cdk-pki-authority-corp-us-east-1' });
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith('CdkPkiAuthoritycorpHandlerRole')))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((st: any) => st.Action === 'acm-pca:IssueCertificate')).toEqual([{
      Action: 'acm-pca:IssueCertificate',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Root/), 'Arn'] },
      Condition: { StringEquals: { 'acm-pca:TemplateArn': [pathLen1] } },
    }]);
    expect(statements.filter((st: any) => [st.Action].flat().includes('acm-pca:RevokeCertificate'))).toEqual([]);
    expect(root.signingAuthorityFunctionName).toBe('cdk-pki-authority-corp-us-east-1');
  });

  test('publishes the CA ARN in a fixed SSM parameter once it signs a subordinate elsewhere', () => {
    const stack = rootStack();
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    root.declareSubordinate({ account: '222222222222', region: 'eu-west-1', stackName: 'Issuing', caName: 'issuing', subject: { commonName: 'Issuing' }, validity: Validity.years(3) });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-pki/corp/root/certificate-authority-arn',
      Type: 'String',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] },
    });
  });

  test('an IssuingCa in another account is declared automatically (alias, invoker role trusting its handler) and its stack depends on the root stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    const issuingStack = new Stack(app, 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    new IssuingCa(issuingStack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'issuing-222222222222-eu-west-1' });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.stringLikeRegexp('^cdk-pki-invoke-corp-[0-9a-f]{16}$'),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } },
          Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:role/cdk-pki/cdk-pki-signing-eu-west-1-Issuing']] } } },
        })],
      },
    });
    expect(issuingStack.dependencies).toContain(stack);
  });

  test('grantRead lets a principal describe the CA and read certificates', () => {
    const stack = rootStack();
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    root.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:GetCertificate'],
          Effect: 'Allow',
          Resource: { Ref: Match.stringLikeRegexp('^RootActivation') },
        }],
      },
    });
  });
});

describe('RootCaAccount validation', () => {
  test.each([
    ['a hierarchy name with a slash', { hierarchyName: 'corp/pki' }, /hierarchyName 'corp\/pki' is not allowed/],
    ['a hierarchy name too long', { hierarchyName: 'a'.repeat(25) }, /at most 24 characters/],
    ['an empty common name', { subject: { commonName: ' ' } }, /subject has no common name/],
    ['a long common name', { subject: { commonName: 'x'.repeat(65) } }, /subject.commonName .* has 65 characters; AWS Private CA allows at most 64/],
    ['a three-letter country', { subject: { commonName: 'Root', country: 'USA' } }, /subject.country 'USA'/],
    ['an RSA key with an ECDSA signature', { keyAlgorithm: KeyAlgorithm.RSA_2048, signingAlgorithm: SigningAlgorithm.SHA256WITHECDSA }, /SHA256WITHECDSA is for EC keys, but the key algorithm RSA_2048 is RSA.*for example SHA256WITHRSA/],
    ['an ML-DSA key with another ML-DSA level', { keyAlgorithm: KeyAlgorithm.ML_DSA_44, signingAlgorithm: SigningAlgorithm.ML_DSA_65 }, /an ML_DSA_44 key signs only with ML_DSA_44/],
    ['a short-lived root', { usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE }, /SHORT_LIVED_CERTIFICATE cannot be used for a root CA/],
    ['trusted accounts (deprecated)', { trustedAccountIds: ['222222222222'] }, /trustedAccountIds is set; parents no longer trust accounts or organizations.*declareSubordinate/],
    ['a trusted organization (deprecated)', { trustedOrganizationId: 'o-a1b2c3d4e5' }, /trustedOrganizationId is set; parents no longer trust accounts or organizations/],
    ['additional subordinate templates (deprecated)', { additionalSubordinateTemplates: [CertificateTemplate.subordinateCa(1)] },
      /additionalSubordinateTemplates is set; the template of a subordinate of another app follows from its declaration/],
    ['subordinate revocation (deprecated)', { allowSubordinateRevocation: false }, /allowSubordinateRevocation is set; .*revokeOnDelete: true/],
  ])('throws for %s', (_what, overrides, message) => {
    const stack = rootStack();
    expect(() => new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, ...overrides })).toThrow(message);
  });

  test('names the construct path and lists every problem at once', () => {
    const stack = rootStack();
    expect(() => new RootCaAccount(stack, 'Root', {
      hierarchyName: '1bad',
      subject: { commonName: '' },
      trustedAccountIds: ['222222222222'],
    })).toThrow(/RootCaAccount 'Root\/Root' has 3 problems:\n {2}- hierarchyName '1bad'.*\n {2}- subject has no common name.*\n {2}- trustedAccountIds is set/);
  });

  test('does not throw when names, ids and subject fields are tokens', () => {
    const stack = rootStack();
    const token = (v: string) => Lazy.string({ produce: () => v });
    expect(() => new RootCaAccount(stack, 'Root', {
      hierarchyName: 'corp',
      subject: { commonName: token(''), country: token('USA') },
    })).not.toThrow();
  });
});

describe('RootCaAccount with subordinates in its own stack and elsewhere', () => {
  test('the authority allows only the templates of subordinates that sign through it', () => {
    const app = new App();
    const stack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    // In the root's stack, with name constraints (PathLen0_APIPassthrough) and revocation: signed by the
    // stack's provider, so the authority needs neither.
    new IssuingCa(stack, 'Local', {
      parent: root,
      subject: { commonName: 'Local' },
      nameConstraints: { permittedDnsNames: ['example.com'] },
      revokeOnDelete: true,
    });
    new IssuingCa(new Stack(app, 'Remote', { env: { account: '222222222222', region: 'eu-west-1' } }), 'Remote', {
      parent: root,
      subject: { commonName: 'Remote' },
    });
    const pathLen0 = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/SubordinateCACertificate_PathLen0/V1']] };
    const template = Template.fromStack(stack);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith('CdkPkiAuthoritycorpHandlerRole')))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.filter((s: any) => s.Action === 'acm-pca:IssueCertificate').map((s: any) => s.Condition))
      .toEqual([{ StringEquals: { 'acm-pca:TemplateArn': [pathLen0] } }]);
    expect(statements.filter((s: any) => [s.Action].flat().includes('acm-pca:RevokeCertificate'))).toEqual([]);
    // The local one is signed by the stack's signing handler, with its own template and revocation.
    const handler = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith('CdkPkiSigningProviderHandlerRole')))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const apiPassthrough = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/SubordinateCACertificate_PathLen0_APIPassthrough/V1']] };
    expect(handler.filter((s: any) => s.Action === 'acm-pca:IssueCertificate').map((s: any) => s.Condition))
      .toEqual([{ StringEquals: { 'acm-pca:TemplateArn': apiPassthrough } }]);
  });
});

describe('RootCaAccount certificateRenewal (the root\'s certificate renewed on request, same key)', () => {
  function synth(certificateRenewal?: number) {
    const stack = rootStack();
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, certificateRenewal });
    new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    return Template.fromStack(stack);
  }
  const first = synth();
  const renewed = synth(1);
  const certificateOf = (t: Template) => Object.entries(t.findResources('AWS::ACMPCA::Certificate'));

  test('raising it issues a new self-signed certificate from the same CA and CSR, and installs it under the same CA', () => {
    const [[firstId, firstCertificate]] = certificateOf(first);
    const [[renewedId, renewedCertificate]] = certificateOf(renewed);
    expect(firstId).toMatch(/^RootCertificate/);
    expect(renewedId).toMatch(/^RootCertificateRenewal1/);
    // The same CA resource (no replacement), its CSR, the root template and validity.
    expect(Object.keys(renewed.findResources('AWS::ACMPCA::CertificateAuthority'))).toEqual(Object.keys(first.findResources('AWS::ACMPCA::CertificateAuthority')));
    expect(renewedCertificate.Properties).toEqual(firstCertificate.Properties);
    expect(renewedCertificate.Properties.TemplateArn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/RootCACertificate/V1']] });
    // The activation installs the new one; the old certificate resource is kept when it leaves the template.
    renewed.hasResourceProperties('AWS::ACMPCA::CertificateAuthorityActivation', { Certificate: { 'Fn::GetAtt': [renewedId, 'Certificate'] } });
    // (Deleted only when the failed operation that created it is rolled back.)
    expect([renewedCertificate.DeletionPolicy, renewedCertificate.UpdateReplacePolicy]).toEqual(['RetainExceptOnCreate', 'Retain']);
  });

  test('the published certificate (SSM and output) follows the renewal', () => {
    const [[renewedId]] = certificateOf(renewed);
    renewed.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-pki/corp/root/certificate', Value: { 'Fn::GetAtt': [renewedId, 'Certificate'] } });
    expect(Object.values(renewed.findOutputs('*')).map((o) => o.Value)).toEqual([{ 'Fn::GetAtt': [renewedId, 'Certificate'] }]);
  });

  test.each([-1, 1.5])('%p is refused with a fix', (value) => {
    expect(() => synth(value)).toThrow(/certificateRenewal .* is not a whole number from 0 known at synthesis; leave it out \(0\), or raise it by one/);
  });
});
