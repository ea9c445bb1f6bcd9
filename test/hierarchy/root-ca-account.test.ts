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

  test('without trust or remote subordinates, no signer role; the guard\'s provider is the only Lambda code', () => {
    expect(template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.anyValue() } })).toEqual({});
    // The handler and the provider framework's function.
    template.resourceCountIs('AWS::Lambda::Function', 2);
    expect(root.signerRoleArn).toBeUndefined();
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

  test('exposes the fixed signer role name, parameter name and depth', () => {
    expect(root.signerRoleName).toBe('cdk-pki-signer-corp-root');
    expect(root.arnParameterName).toBe('/cdk-pki/corp/root/certificate-authority-arn');
    expect(root.depth).toBe(1);
    expect(root.caName).toBe('root');
    expect(root.validity.toString()).toBe('10 years');
  });

  test('hands out the CA ARN from the activation, so that users wait for the CA to be ACTIVE, and emits no output', () => {
    expect(Stack.of(root).resolve(root.certificateAuthorityArn)).toEqual({ Ref: expect.stringMatching(/^RootActivation/) });
    expect(template.findOutputs('*')).toEqual({});
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

  test('trusted accounts get a signer role that only they may assume', () => {
    const stack = rootStack();
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, trustedAccountIds: ['222222222222', '333333333333'] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cdk-pki-signer-corp-root',
      AssumeRolePolicyDocument: {
        Statement: [{
          Sid: 'TrustedAccounts',
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: {
            AWS: [
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] },
              { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:root']] },
            ],
          },
          // Only the library's signing handlers, whose roles live under /cdk-pki/.
          Condition: { ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/cdk-pki/*']] } } },
        }],
      },
    });
    expect(root.signerRoleArn).toBeDefined();
  });

  test('an organization id trusts the organization through aws:PrincipalOrgID', () => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, trustedOrganizationId: 'o-a1b2c3d4e5' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Sid: 'TrustedOrganization',
          Action: 'sts:AssumeRole',
          Principal: { AWS: '*' },
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
            ArnLike: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/cdk-pki/*']] } },
          },
        }],
      },
    });
  });

  test('the signer role may issue subordinate templates only, with an explicit deny for the rest', () => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', {
      hierarchyName: 'corp',
      subject,
      trustedAccountIds: ['222222222222'],
      additionalSubordinateTemplates: [CertificateTemplate.subordinateCa(1)],
    });
    const pathLen1 = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/SubordinateCACertificate_PathLen1/V1']] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'SignSubordinateCAs',
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Sid: 'IssueSubordinateOnly', Effect: 'Allow', Action: 'acm-pca:IssueCertificate', Condition: { StringEquals: { 'acm-pca:TemplateArn': [pathLen1] } } }),
            Match.objectLike({ Sid: 'ReadIssued', Action: ['acm-pca:GetCertificate', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:DescribeCertificateAuthority'] }),
            Match.objectLike({ Sid: 'ReadCaArn', Action: 'ssm:GetParameter' }),
            Match.objectLike({ Sid: 'DenyOtherTemplates', Effect: 'Deny', Resource: '*', Condition: { StringNotEquals: { 'acm-pca:TemplateArn': [pathLen1] } } }),
          ],
        },
      }],
    });
  });

  test('with no subordinate known, the signer role allows PathLen0 only; revocation only when allowed', () => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, trustedAccountIds: ['222222222222'], allowSubordinateRevocation: true });
    const pathLen0 = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/SubordinateCACertificate_PathLen0/V1']] };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'IssueSubordinateOnly', Condition: { StringEquals: { 'acm-pca:TemplateArn': [pathLen0] } } }),
            Match.objectLike({ Sid: 'RevokeSubordinates', Action: 'acm-pca:RevokeCertificate' }),
          ]),
        },
      }],
    });
  });

  test('publishes the CA ARN in a fixed SSM parameter', () => {
    const stack = rootStack();
    new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, trustedAccountIds: ['222222222222'] });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-pki/corp/root/certificate-authority-arn',
      Type: 'String',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] },
    });
  });

  test('an IssuingCa in another account is trusted automatically and its stack depends on the root stack', () => {
    const app = new App();
    const stack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    const issuingStack = new Stack(app, 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    new IssuingCa(issuingStack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cdk-pki-signer-corp-root',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']] } } })],
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
    ['a malformed account id', { trustedAccountIds: ['12345'] }, /trustedAccountIds has '12345', which is not a 12-digit AWS account id/],
    ['a malformed organization id', { trustedOrganizationId: 'org-1' }, /trustedOrganizationId 'org-1' is not an AWS Organizations id/],
    ['an end-entity template for the signer role', { additionalSubordinateTemplates: [CertificateTemplate.END_ENTITY] },
      /additionalSubordinateTemplates has EndEntityCertificate\/V1, which does not issue subordinate CA certificates/],
    ['the root template for the signer role', { additionalSubordinateTemplates: [CertificateTemplate.ROOT_CA] },
      /additionalSubordinateTemplates has RootCACertificate\/V1/],
  ])('throws for %s', (_what, overrides, message) => {
    const stack = rootStack();
    expect(() => new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject, ...overrides })).toThrow(message);
  });

  test('names the construct path and lists every problem at once', () => {
    const stack = rootStack();
    expect(() => new RootCaAccount(stack, 'Root', {
      hierarchyName: '1bad',
      subject: { commonName: '' },
      trustedAccountIds: ['x'],
    })).toThrow(/RootCaAccount 'Root\/Root' has 3 problems:\n {2}- hierarchyName '1bad'.*\n {2}- subject has no common name.*\n {2}- trustedAccountIds has 'x'/);
  });

  test('does not throw when names, ids and subject fields are tokens', () => {
    const stack = rootStack();
    const token = (v: string) => Lazy.string({ produce: () => v });
    expect(() => new RootCaAccount(stack, 'Root', {
      hierarchyName: 'corp',
      subject: { commonName: token(''), country: token('USA') },
      trustedAccountIds: [token('12345')],
      trustedOrganizationId: token('org'),
    })).not.toThrow();
  });
});

describe('RootCaAccount with subordinates in its own stack and elsewhere', () => {
  test('the signer role allows only the templates of subordinates that sign through it', () => {
    const app = new App();
    const stack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject });
    // In the root's stack, with name constraints (PathLen0_APIPassthrough) and revocation: signed by the
    // stack's provider, so the signer role needs neither.
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
    const role = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: 'cdk-pki-signer-corp-root' } }))[0];
    const statements = role.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.find((s: any) => s.Sid === 'IssueSubordinateOnly').Condition).toEqual({ StringEquals: { 'acm-pca:TemplateArn': [pathLen0] } });
    expect(statements.map((s: any) => s.Sid)).not.toContain('RevokeSubordinates');
  });
});
