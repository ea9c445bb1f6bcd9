// What the checklist offers besides the checks: grantAdministration (separation of duties), the deny
// kms:CreateGrant statement of the ACM best practices, and the ACM_PCA_ROOT_CA_DISABLED Config rule with the
// root exempted; and the policy evaluator the checks use.
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CertificateGrantGuard } from '../../src/checklist/certificate-grant-guard';
import { CaIdentity, TemplateSet, accessTo, flatten, statementsOf } from '../../src/checklist/private/checks-iam';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { ISSUING_ENV, ROOT_ENV, rootStack, twoAccountPki } from '../support/checklist';
import { ResolvedStack, simulate } from '../support/iam-sim';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/b26def74-1234-4321-9876-951d4c07b197';
const OTHER_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/00000000-1234-4321-9876-951d4c07b197';

describe('grantAdministration', () => {
  let resolved: ResolvedStack;
  let caArn: string;
  let admin: string;

  beforeAll(() => {
    const { ca } = twoAccountPki();
    const stack = Stack.of(ca);
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'pki-admin' });
    ca.grantAdministration(role);
    resolved = ResolvedStack.of(stack);
    caArn = resolved.arnOf(resolved.logicalIdOf(ca.resource));
    admin = resolved.roleNamed('pki-admin');
  });

  const call = (action: string, resource = caArn) => simulate({
    principal: `arn:aws:sts::${ISSUING_ENV.account}:assumed-role/pki-admin/session`,
    action,
    resource,
    identityPolicies: resolved.identityPolicies(admin),
  });

  test.each([
    'acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority', 'acm-pca:RestoreCertificateAuthority', 'acm-pca:PutPolicy',
    'acm-pca:TagCertificateAuthority', 'acm-pca:ImportCertificateAuthorityCertificate', 'acm-pca:DescribeCertificateAuthority',
  ])('allows %s on the CA', async (action) => {
    expect(await call(action)).toBe('Allowed');
  });

  test.each(['acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate'])('does not allow %s: issuance is another duty', async (action) => {
    expect(await call(action)).toBe('ImplicitlyDenied');
  });

  test('allows nothing on another CA', async () => {
    expect(await call('acm-pca:UpdateCertificateAuthority', `arn:aws:acm-pca:${ISSUING_ENV.region}:${ISSUING_ENV.account}:certificate-authority/00000000-0000-4000-8000-000000000000`))
      .toBe('ImplicitlyDenied');
  });

  test('throws when the CA belongs to another account', () => {
    const stack = new Stack(new App(), 'Consumer', { env: ISSUING_ENV });
    const shared = SharedCa.fromShare(stack, 'Shared', {
      certificateAuthorityArn: `arn:aws:acm-pca:${ISSUING_ENV.region}:${ROOT_ENV.account}:certificate-authority/00000000-0000-4000-8000-000000000000`,
    });
    expect(() => shared.grantAdministration(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }))).toThrow(
      'Consumer/Shared: grantAdministration is for a CA of this account, and this CA belongs to account 111111111111; administer it from a stack of account 111111111111');
  });

  test('does not throw when the CA\'s account is a token', () => {
    const stack = new Stack(new App(), 'Consumer', { env: ISSUING_ENV });
    const arn = new CfnParameter(stack, 'CaArn').valueAsString;
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: arn });
    expect(() => shared.grantAdministration(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }))).not.toThrow();
  });
});

describe('CertificateGrantGuard', () => {
  test('is the statement of the ACM best practices', () => {
    const statement = CertificateGrantGuard.denyCreateGrant({ certificateArns: [CERTIFICATE_ARN] });
    expect(statement.toStatementJson()).toEqual({
      Sid: 'DenyCertificateKeyGrants',
      Effect: 'Deny',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:acm:arn': CERTIFICATE_ARN } },
    });
  });

  test('takes certificates of the app, several ARNs, and principals that may still use them', () => {
    const stack = new Stack(new App(), 'Web', { env: ROOT_ENV });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Imported', CERTIFICATE_ARN);
    const document = CertificateGrantGuard.denyCreateGrantDocument({
      certificates: [certificate],
      certificateArns: [OTHER_CERTIFICATE_ARN],
      exceptPrincipalArns: ['arn:aws:iam::111122223333:role/deployer-*'],
      sid: 'ProductionCertificates',
    });
    expect(stack.resolve(document.toJSON()).Statement).toEqual([{
      Sid: 'ProductionCertificates',
      Effect: 'Deny',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:aws:acm:arn': [CERTIFICATE_ARN, OTHER_CERTIFICATE_ARN] },
        ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/deployer-*' },
      },
    }]);
  });

  // Not simulated: @cloud-copilot/iam-simulate ignores every kms:EncryptionContext:<key> context key (it reports
  // them as ignored), so it cannot show the deny at work; the statement is checked against the AWS page instead.

  test('throws when no certificate is given, or an ARN is not one', () => {
    expect(() => CertificateGrantGuard.denyCreateGrant({})).toThrow('CertificateGrantGuard: no certificate is given; pass certificates or certificateArns');
    expect(() => CertificateGrantGuard.denyCreateGrant({ certificateArns: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/x'], exceptPrincipalArns: ['deployer'] }))
      .toThrow(/CertificateGrantGuard has 2 problems:\n {2}- certificateArns has 'arn:aws:acm-pca.*', which is not an ACM certificate ARN.*\n {2}- exceptPrincipalArns has 'deployer'/);
  });

  test('does not throw when the ARNs are tokens', () => {
    const stack = new Stack(new App(), 'Web');
    const arn = new CfnParameter(stack, 'CertificateArn').valueAsString;
    const principal = new CfnParameter(stack, 'DeployerArn').valueAsString;
    expect(() => CertificateGrantGuard.denyCreateGrant({ certificateArns: [arn], exceptPrincipalArns: [principal] })).not.toThrow();
  });
});

describe('RootCaDisabledRule', () => {
  test('is the managed rule with the stack\'s root in exemptedCAArns', () => {
    const app = new App();
    const { stack, root } = rootStack(app);
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'ACM_PCA_ROOT_CA_DISABLED' },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      InputParameters: { exemptedCAArns: { Ref: stack.resolve((root.activation).logicalId) } },
    });
  });

  test('joins several exempted CAs with commas', () => {
    const app = new App();
    const { stack } = rootStack(app);
    const arn = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/00000000-0000-4000-8000-000000000000';
    const other = SharedCa.fromShare(stack, 'Other', { certificateAuthorityArn: arn });
    new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [app.node.findAll().find((c) => c.node.id === 'RootCa') as never, other] });
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { exemptedCAArns: { 'Fn::Join': [',', [Match.objectLike({ Ref: Match.anyValue() }), arn]] } },
    });
  });

  test('has no exemption in a stack without a root (any enabled root there is reported)', () => {
    const stack = new Stack(new App(), 'Workload', { env: ISSUING_ENV });
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    const rules = Template.fromStack(stack).findResources('AWS::Config::ConfigRule');
    expect(Object.values(rules).map((r) => r.Properties.InputParameters)).toEqual([undefined]);
  });

  test('throws when an exempted CA is in another account or Region', () => {
    const app = new App();
    const { root } = rootStack(app);
    const stack = new Stack(app, 'Elsewhere', { env: ISSUING_ENV });
    expect(() => new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [root] })).toThrow(
      'RootCaDisabledRule \'Elsewhere/RootCaDisabled\': exempted CA \'Root/RootCa\' is in account 111111111111, but the rule evaluates the CAs of account 222222222222');
  });

  test('does not throw when the exempted CA\'s ARN is a token', () => {
    const stack = new Stack(new App(), 'Workload', { env: ISSUING_ENV });
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: new CfnParameter(stack, 'Arn').valueAsString });
    expect(() => new RootCaDisabledRule(stack, 'RootCaDisabled', { exemptedCertificateAuthorities: [shared] })).not.toThrow();
  });
});

describe('the policy evaluator of the checks', () => {
  const ca: CaIdentity = { markers: new Set(['@@cdk-pki:ca:0@@']), patternTarget: 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/@@cdk-pki:ca:0@@' };
  const admin = ['acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority'];
  const evaluate = (statements: unknown[]) => accessTo(statementsOf({ Statement: statements }, {}), ca, admin, 'acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate');
  const template = (name: string) => `arn:aws:acm-pca:::template/${name}`;

  test('reads wildcard actions and resources', () => {
    const access = evaluate([{ Effect: 'Allow', Action: 'acm-pca:*', Resource: 'arn:aws:acm-pca:*:111111111111:certificate-authority/*' }]);
    expect(access.administration).toEqual(admin.slice().sort());
    expect(access.issue.describe()).toBe('any template');
    expect(access.revoke).toBe(true);
  });

  test('narrows issuance to the templates of the condition, with patterns', () => {
    const access = evaluate([{
      Effect: 'Allow',
      Action: 'acm-pca:IssueCertificate',
      Resource: '@@cdk-pki:ca:0@@',
      Condition: { StringLike: { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen?/V1') } },
    }]);
    expect(access.issue.toList()).toEqual([0, 1, 2, 3].map((n) => `SubordinateCACertificate_PathLen${n}/V1`));
    expect(access.issue.allowsEndEntity).toBe(false);
  });

  test('applies a deny of other templates, as the signer roles have it', () => {
    const access = evaluate([
      { Effect: 'Allow', Action: 'acm-pca:IssueCertificate', Resource: '*' },
      { Effect: 'Deny', Action: 'acm-pca:IssueCertificate', Resource: '*', Condition: { StringNotEquals: { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen0/V1') } } },
    ]);
    expect(access.issue.toList()).toEqual(['SubordinateCACertificate_PathLen0/V1']);
  });

  test('applies a deny of named templates, and an unconditional deny', () => {
    const denied = evaluate([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'acm-pca:IssueCertificate', Resource: '*', Condition: { StringEquals: { 'acm-pca:TemplateArn': template('EndEntityCertificate/V1') } } },
      { Effect: 'Deny', Action: 'acm-pca:Delete*', Resource: '*' },
    ]);
    expect(denied.issue.describe()).toBe('any template but EndEntityCertificate/V1');
    expect(denied.administration).toEqual(['acm-pca:UpdateCertificateAuthority']);
  });

  test('reads NotAction and NotResource', () => {
    const access = evaluate([{ Effect: 'Allow', NotAction: ['iam:*', 'acm-pca:IssueCertificate'], NotResource: 'arn:aws:s3:::*' }]);
    expect(access.administration).toHaveLength(2);
    expect(access.issue.isEmpty).toBe(true);
  });

  test('flattens joins and pseudo parameters', () => {
    expect(flatten({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':x']] },
      { account: '111111111111', region: 'eu-west-1' })).toBe('arn:aws:acm-pca:eu-west-1:111111111111:x');
    expect(flatten({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${Account}:root' })).toBe('arn:aws:iam::${?}:root');
  });

  test('combines template sets', () => {
    const a = TemplateSet.of(['EndEntityCertificate/V1']);
    expect(a.union(TemplateSet.all().without(['EndEntityCertificate/V1', 'CodeSigningCertificate/V1'])).describe()).toBe('any template but CodeSigningCertificate/V1');
    expect(TemplateSet.none().isEmpty).toBe(true);
  });
});
