/**
 * What every CA of the library has, made or imported: `grantAdmin` (and its deprecated alias
 * `grantAdministration`), and the CRL metrics declared on `IPrivateCa`.
 */
import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IPrivateCa, IssuingCa, IssuingCaBase, RootCaAccount, SharedCa } from '../../src';
import { PCA_ADMINISTRATION_ACTIONS, PCA_ADMINISTRATION_READ_ACTIONS } from '../../src/private/contracts/aws-strings';

const ENV = { account: '111111111111', region: 'us-east-1' };
const SHARED_ARN = 'arn:aws:acm-pca:us-east-1:222222222222:certificate-authority/11111111-1111-4111-8111-111111111111';
const OWN_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/33333333-3333-4333-8333-333333333333';

function setup(): { stack: Stack; root: RootCaAccount; issuing: IssuingCa; role: iam.Role } {
  const stack = new Stack(new App(), 'Pki', { env: ENV });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
  const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
  return { stack, root, issuing, role };
}

function statementsOf(stack: Stack, role: iam.Role): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: any) => JSON.stringify(p.Properties.Roles) === JSON.stringify([stack.resolve(role.roleName)]))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('grantAdmin', () => {
  test('grants the administration actions and their reads on the CA, and nothing else', () => {
    const { stack, issuing, role } = setup();
    const grant = issuing.grantAdmin(role);
    expect(grant.success).toBe(true);
    const statements = statementsOf(stack, role);
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual([...PCA_ADMINISTRATION_ACTIONS, ...PCA_ADMINISTRATION_READ_ACTIONS]);
    expect(statements[0].Resource).toEqual(stack.resolve(issuing.certificateAuthorityArn));
    expect(statements[0].Action).not.toContain('acm-pca:IssueCertificate');
    expect(statements[0].Action).not.toContain('acm-pca:RevokeCertificate');
  });

  test('the deprecated grantAdministration grants exactly what grantAdmin grants', () => {
    const a = setup();
    a.root.grantAdmin(a.role);
    const b = setup();
    b.root.grantAdministration(b.role);
    expect(statementsOf(b.stack, b.role)).toEqual(statementsOf(a.stack, a.role));
  });

  test('throws for a CA of another account, naming the method called', () => {
    const { stack, role } = setup();
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: SHARED_ARN });
    expect(() => shared.grantAdmin(role)).toThrow(
      'Pki/Shared: grantAdmin is for a CA of this account, and this CA belongs to account 222222222222; administer it from a stack of account 222222222222');
    expect(() => shared.grantAdministration(role)).toThrow('Pki/Shared: grantAdministration is for a CA of this account');
  });

  test('does not throw for a CA of this account imported by ARN, or when the account is a token', () => {
    const { stack, role } = setup();
    const own = IssuingCa.fromCertificateAuthorityArn(stack, 'Own', OWN_ARN) as IssuingCaBase;
    expect(() => own.grantAdmin(role)).not.toThrow();
    const agnostic = new Stack(new App(), 'Agnostic');
    const tokenRole = new iam.Role(agnostic, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    const tokenArn = Lazy.string({ produce: () => SHARED_ARN });
    const byToken = SharedCa.fromShare(agnostic, 'Shared', { certificateAuthorityArn: tokenArn });
    expect(() => byToken.grantAdmin(tokenRole)).not.toThrow();
  });
});

describe('CRL metrics on IPrivateCa', () => {
  test('a CA of this library names its CA resource, whatever ARN it hands out', () => {
    const { stack, root } = setup();
    const ca: IPrivateCa = root;
    const metric = ca.metricCrlGenerated();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual(['AWS/ACMPrivateCA', 'CRLGenerated', 'Minimum', 5]);
    expect(stack.resolve(metric.dimensions)).toEqual({ PrivateCAArn: stack.resolve(root.resource.attrArn) });
  });

  test('a CA imported by ARN, and a shared CA, have them too, named by their ARN', () => {
    const { stack } = setup();
    const imported: IPrivateCa = IssuingCa.fromCertificateAuthorityArn(stack, 'Imported', OWN_ARN);
    const misconfigured = imported.metricMisconfiguredCrlBucket({ period: Duration.hours(1) });
    expect([misconfigured.metricName, misconfigured.statistic, misconfigured.period.toHours()]).toEqual(['MisconfiguredCRLBucket', 'Maximum', 1]);
    expect(misconfigured.dimensions).toEqual({ PrivateCAArn: OWN_ARN });
    const shared: IPrivateCa = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: SHARED_ARN });
    expect(shared.metricCrlGenerated().dimensions).toEqual({ PrivateCAArn: SHARED_ARN });
  });
});
