// grantAdmin, which the separation-of-duties item recommends, under the IAM policy simulator.
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { ISSUING_ENV, ROOT_ENV, twoAccountPki } from '../support/checklist';
import { ResolvedStack, simulate } from '../support/iam-sim';

describe('grantAdmin', () => {
  let resolved: ResolvedStack;
  let caArn: string;
  let admin: string;

  beforeAll(() => {
    const { ca } = twoAccountPki();
    const stack = Stack.of(ca);
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'pki-admin' });
    ca.grantAdmin(role);
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
    expect(() => shared.grantAdmin(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }))).toThrow(
      'Consumer/Shared: grantAdmin is for a CA of this account, and this CA belongs to account 111111111111; administer it from a stack of account 111111111111');
  });

  test('does not throw when the CA\'s account is a token', () => {
    const stack = new Stack(new App(), 'Consumer', { env: ISSUING_ENV });
    const arn = new CfnParameter(stack, 'CaArn').valueAsString;
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: arn });
    expect(() => shared.grantAdmin(new iam.Role(stack, 'R', { assumedBy: new iam.AccountRootPrincipal() }))).not.toThrow();
  });
});
