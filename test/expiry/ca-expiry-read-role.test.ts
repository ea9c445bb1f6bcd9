/**
 * CaExpiryReadRole, in the CA's account: its trust (the CA-expiry functions' roles of the monitoring accounts
 * only) and its permissions (read the named CAs' certificates, nothing else), evaluated with the IAM policy
 * simulator, and its synth-time checks in pairs.
 */
import { Lazy } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { CA_ACCOUNT, ENV, OUTSIDER, READER_ROLE, REMOTE_CA, newStack } from './expiry-fixtures';
import { CaExpiryReadRole } from '../../src/expiry/ca-expiry-read-role';
import { ResolvedStack, simulate } from '../support/iam-sim';

/** Whether a role of `account` (its ARN) may assume the read role, its own policy allowing any AssumeRole. */
function assumeReadRole(resolved: ResolvedStack, roleId: string, principalArn: string, account: string) {
  return simulate({
    principal: `arn:aws:sts::${account}:assumed-role/${principalArn.split('/').pop()}/session`,
    action: 'sts:AssumeRole',
    resource: READER_ROLE,
    identityPolicies: [{ name: 'AnyRole', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
    resourcePolicy: resolved.trustPolicy(roleId),
    context: { 'aws:PrincipalArn': principalArn, 'aws:PrincipalAccount': account },
  });
}

describe('CaExpiryReadRole', () => {
  let resolved: ResolvedStack;
  let roleId: string;
  const localCa = `arn:aws:acm-pca:us-east-1:${CA_ACCOUNT}:certificate-authority/ffffffff-1111-4111-8111-111111111111`;

  beforeAll(() => {
    const stack = newStack('CaAccount', { account: CA_ACCOUNT, region: 'us-east-1' });
    const reader = new CaExpiryReadRole(stack, 'Reader', {
      monitoringAccounts: [ENV.account],
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', localCa)],
    });
    resolved = ResolvedStack.of(stack);
    roleId = resolved.logicalIdOf(reader.role);
    expect(resolved.resolve(stack.resolve(reader.roleArn))).toBe(READER_ROLE);
  });

  test('is named so that the monitoring side can name it: roleArnOf(account)', () => {
    const stack = newStack();
    expect(stack.resolve(CaExpiryReadRole.roleArnOf(CA_ACCOUNT))).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CA_ACCOUNT}:role/cdk-pki-ca-expiry-reader`]] });
  });

  const assume = (principalArn: string, account: string) => assumeReadRole(resolved, roleId, principalArn, account);

  test('trusts the CA-expiry function\'s role of the monitoring account', async () => {
    expect(await assume(`arn:aws:iam::${ENV.account}:role/cdk-pki-ca-expiry/PkiExpiryAlarmsRole`, ENV.account)).toBe('Allowed');
  });

  test('does not trust another role of that account, nor the CA-expiry role of another account', async () => {
    expect(await assume(`arn:aws:iam::${ENV.account}:role/Admin`, ENV.account)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${ENV.account}:role/cdk-pki/signing-handler`, ENV.account)).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${OUTSIDER}:role/cdk-pki-ca-expiry/PkiExpiryAlarmsRole`, OUTSIDER)).not.toBe('Allowed');
  });

  test('may read the named CA\'s certificate and do nothing else', async () => {
    const policies = resolved.identityPolicies(roleId);
    const call = (action: string, resource: string) => simulate({
      principal: `arn:aws:sts::${CA_ACCOUNT}:assumed-role/cdk-pki-ca-expiry-reader/cdk-pki-ca-expiry`, action, resource, identityPolicies: policies,
    });
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', localCa)).toBe('Allowed');
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', localCa.replace('ffffffff', '00000000'))).not.toBe('Allowed');
    expect(await call('acm-pca:IssueCertificate', localCa)).not.toBe('Allowed');
    expect(await call('acm-pca:GetCertificate', localCa)).not.toBe('Allowed');
  });

  test('throws when the accounts or CAs are wrong, naming each problem', () => {
    const stack = newStack('CaAccount2', { account: CA_ACCOUNT, region: 'us-east-1' });
    expect(() => new CaExpiryReadRole(stack, 'Reader', {
      monitoringAccounts: ['12345'],
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', REMOTE_CA.replace(CA_ACCOUNT, OUTSIDER))],
      roleName: 'bad name',
    })).toThrow(/CaExpiryReadRole 'CaAccount2\/Reader' has 3 problems:[\s\S]*roleName 'bad name'[\s\S]*'12345' is not an account id[\s\S]*is in account 999999999999, not 111111111111/);
  });

  test('does not throw when the account and CA ARN are tokens', () => {
    const stack = newStack('CaAccount3', { account: CA_ACCOUNT, region: 'us-east-1' });
    expect(() => new CaExpiryReadRole(stack, 'Reader', {
      monitoringAccounts: [Lazy.string({ produce: () => ENV.account })],
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', Lazy.string({ produce: () => localCa }))],
    })).not.toThrow();
  });
});

test('throws when a CA\'s ARN is not a CA ARN', () => {
  const stack = newStack('CaAccount4', { account: CA_ACCOUNT, region: 'us-east-1' });
  expect(() => new CaExpiryReadRole(stack, 'Reader', {
    monitoringAccounts: [ENV.account],
    certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', `arn:aws:acm:us-east-1:${CA_ACCOUNT}:certificate/x`)],
  })).toThrow(/CaExpiryReadRole 'CaAccount4\/Reader': certificateAuthorities: 'arn:aws:acm:us-east-1:111111111111:certificate\/x' is not a certificate authority ARN/);
});

describe('CaExpiryReadRole with allCertificateAuthorities (a member account whose CAs the stack does not know)', () => {
  let resolved: ResolvedStack;
  let roleId: string;
  const ca = (region: string, account = CA_ACCOUNT) => `arn:aws:acm-pca:${region}:${account}:certificate-authority/ffffffff-1111-4111-8111-111111111111`;

  beforeAll(() => {
    const stack = newStack('MemberAccount', { account: CA_ACCOUNT, region: 'us-east-1' });
    const reader = new CaExpiryReadRole(stack, 'Reader', { monitoringAccounts: [ENV.account], allCertificateAuthorities: true });
    resolved = ResolvedStack.of(stack);
    roleId = resolved.logicalIdOf(reader.role);
  });

  test('may read the certificate of any CA of its account, in any Region, and nothing else', async () => {
    const policies = resolved.identityPolicies(roleId);
    const call = (action: string, resource: string) => simulate({
      principal: `arn:aws:sts::${CA_ACCOUNT}:assumed-role/cdk-pki-ca-expiry-reader/cdk-pki-ca-expiry`, action, resource, identityPolicies: policies,
    });
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', ca('us-east-1'))).toBe('Allowed');
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', ca('ap-southeast-2').replace('ffffffff', '12345678'))).toBe('Allowed');
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', ca('us-east-1', OUTSIDER))).not.toBe('Allowed');
    expect(await call('acm-pca:IssueCertificate', ca('us-east-1'))).not.toBe('Allowed');
    expect(await call('acm-pca:GetCertificate', ca('us-east-1'))).not.toBe('Allowed');
  });

  test('trusts only the monitoring account\'s CA-expiry roles, as with named CAs', async () => {
    const assume = (principalArn: string, account: string) => assumeReadRole(resolved, roleId, principalArn, account);
    expect(await assume(`arn:aws:iam::${ENV.account}:role/cdk-pki-ca-expiry/PkiExpiryAlarmsRole`, ENV.account)).toBe('Allowed');
    expect(await assume(`arn:aws:iam::${ENV.account}:role/Admin`, ENV.account)).not.toBe('Allowed');
  });

  test('throws when both or neither of certificateAuthorities and allCertificateAuthorities are given', () => {
    const stack = newStack('MemberAccount2', { account: CA_ACCOUNT, region: 'us-east-1' });
    expect(() => new CaExpiryReadRole(stack, 'Both', {
      monitoringAccounts: [ENV.account],
      allCertificateAuthorities: true,
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', ca('us-east-1'))],
    })).toThrow(/certificateAuthorities and allCertificateAuthorities are both set; give one/);
    expect(() => new CaExpiryReadRole(stack, 'Neither', { monitoringAccounts: [ENV.account] }))
      .toThrow(/certificateAuthorities is empty; name the CAs the monitoring accounts may read, or set allCertificateAuthorities/);
  });
});
