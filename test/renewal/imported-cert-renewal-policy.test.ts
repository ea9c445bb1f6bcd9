/**
 * The renewal function's role, from a synthesized template, evaluated with an IAM policy simulator: it can
 * re-import only over certificates that opted in, write only the state tags, issue only from the CAs the
 * user named and only with the named templates, assume only the named roles, and put only its own events.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { CertificateTemplate, IssuingCa } from '../../src';
import { ImportedCertRenewal } from '../../src/renewal/imported-cert-renewal';
import { RenewalSource } from '../../src/renewal/renewal-source';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-1111-4111-8111-111111111111';
const REMOTE_CA_ARN = 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/22222222-2222-4222-8222-222222222222';
const OTHER_CA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/99999999-9999-4999-8999-999999999999';
const ROLE_ARN = 'arn:aws:iam::444444444444:role/pki/cdk-pki-renewal-issuer';
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000001';
const CERTIFICATE_OTHER_REGION = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-4000-8000-000000000002';
const template = (name: string) => `arn:aws:acm-pca:::template/${name}`;

const OPTED_IN = { 'aws:ResourceTag/cdk-pki:renewal-source': 'private-ca' };

let caller: { principal: string; policies: Array<{ name: string; policy: PolicyDocument }> };
let topicArn: string;

beforeAll(() => {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  const renewal = new ImportedCertRenewal(stack, 'Renewal', {
    sources: [RenewalSource.privateCa({
      certificateAuthorities: [
        IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN),
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'RemoteCa', REMOTE_CA_ARN),
      ],
      templates: [CertificateTemplate.END_ENTITY, CertificateTemplate.END_ENTITY_SERVER_AUTH],
      roleArns: [ROLE_ARN],
    })],
  });
  const resolved = ResolvedStack.of(stack);
  const role = resolved.logicalIdOf(renewal.role.node.defaultChild as never);
  const name = resolved.resolve({ Ref: role }) as string;
  caller = { principal: `arn:aws:sts::${ENV.account}:assumed-role/${name}/renewal`, policies: resolved.identityPolicies(role) };
  topicArn = resolved.resolve(stack.resolve(renewal.failureTopic.topicArn)) as string;
});

async function decide(action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  return simulate({ principal: caller.principal, action, resource, context, identityPolicies: caller.policies });
}

/**
 * A call into another account, whose resource policy (a CA's policy or RAM share, a role's trust policy)
 * lets this account in: then the function's own policy decides.
 */
async function decideCrossAccount(action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const resourcePolicy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ENV.account}:root` }, Action: action, Resource: resource }],
  };
  return simulate({ principal: caller.principal, action, resource, context, identityPolicies: caller.policies, resourcePolicy });
}

describe('ACM', () => {
  test('re-imports only over certificates that carry the opt-in tag, in its own account and Region', async () => {
    expect(await decide('acm:ImportCertificate', CERTIFICATE, OPTED_IN)).toBe('Allowed');
    expect(await decide('acm:ImportCertificate', CERTIFICATE)).toBe('ImplicitlyDenied');
    expect(await decide('acm:ImportCertificate', CERTIFICATE_OTHER_REGION, OPTED_IN)).toBe('ImplicitlyDenied');
  });

  test('writes and removes only the state tags, and only on opted-in certificates', async () => {
    for (const action of ['acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate']) {
      expect(await decide(action, CERTIFICATE, { ...OPTED_IN, 'aws:TagKeys': ['cdk-pki:renewal-status', 'cdk-pki:renewal-reason'] })).toBe('Allowed');
      expect(await decide(action, CERTIFICATE, { ...OPTED_IN, 'aws:TagKeys': ['cdk-pki:renewal-lease'] })).toBe('Allowed');
      // Not the opt-in or source tags, nor anybody else's.
      expect(await decide(action, CERTIFICATE, { ...OPTED_IN, 'aws:TagKeys': ['cdk-pki:renewal-status', 'cdk-pki:ca-arn'] })).toBe('ImplicitlyDenied');
      expect(await decide(action, CERTIFICATE, { ...OPTED_IN, 'aws:TagKeys': ['cdk-pki:renewal-source'] })).toBe('ImplicitlyDenied');
      expect(await decide(action, CERTIFICATE, { ...OPTED_IN, 'aws:TagKeys': ['Owner'] })).toBe('ImplicitlyDenied');
      expect(await decide(action, CERTIFICATE, { 'aws:TagKeys': ['cdk-pki:renewal-status'] })).toBe('ImplicitlyDenied');
    }
  });

  test('reads every certificate of its account and Region, lists all', async () => {
    for (const action of ['acm:DescribeCertificate', 'acm:GetCertificate', 'acm:ListTagsForCertificate']) {
      expect(await decide(action, CERTIFICATE)).toBe('Allowed');
    }
    expect(await decide('acm:ListCertificates', '*')).toBe('Allowed');
  });

  test('cannot delete, export, request or renew certificates', async () => {
    for (const action of ['acm:DeleteCertificate', 'acm:ExportCertificate', 'acm:RenewCertificate', 'acm:UpdateCertificateOptions']) {
      expect(await decide(action, CERTIFICATE, OPTED_IN)).toBe('ImplicitlyDenied');
    }
    expect(await decide('acm:RequestCertificate', '*')).toBe('ImplicitlyDenied');
  });
});

describe('AWS Private CA', () => {
  test('issues only from the named CAs, and only with the named templates', async () => {
    for (const [ca, call] of [[CA_ARN, decide], [REMOTE_CA_ARN, decideCrossAccount]] as const) {
      expect(await call('acm-pca:IssueCertificate', ca, { 'acm-pca:TemplateArn': template('EndEntityCertificate/V1') })).toBe('Allowed');
      expect(await call('acm-pca:IssueCertificate', ca, { 'acm-pca:TemplateArn': template('EndEntityServerAuthCertificate/V1') })).toBe('Allowed');
      expect(await call('acm-pca:IssueCertificate', ca, { 'acm-pca:TemplateArn': template('EndEntityClientAuthCertificate/V1') })).toBe('ImplicitlyDenied');
      expect(await call('acm-pca:IssueCertificate', ca, { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen0/V1') })).toBe('ImplicitlyDenied');
      expect(await call('acm-pca:IssueCertificate', ca)).toBe('ImplicitlyDenied');
    }
    expect(await decide('acm-pca:IssueCertificate', OTHER_CA_ARN, { 'acm-pca:TemplateArn': template('EndEntityCertificate/V1') })).toBe('ImplicitlyDenied');
    const elsewhere = 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/33333333-3333-4333-8333-333333333333';
    expect(await decideCrossAccount('acm-pca:IssueCertificate', elsewhere, { 'acm-pca:TemplateArn': template('EndEntityCertificate/V1') }))
      .toBe('ImplicitlyDenied');
  });

  test('reads what it issued from the named CAs only, and cannot revoke or change them', async () => {
    expect(await decide('acm-pca:GetCertificate', CA_ARN)).toBe('Allowed');
    expect(await decideCrossAccount('acm-pca:DescribeCertificateAuthority', REMOTE_CA_ARN)).toBe('Allowed');
    expect(await decide('acm-pca:GetCertificate', OTHER_CA_ARN)).toBe('ImplicitlyDenied');
    for (const action of ['acm-pca:RevokeCertificate', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:ImportCertificateAuthorityCertificate']) {
      expect(await decide(action, CA_ARN)).toBe('ImplicitlyDenied');
    }
  });
});

describe('elsewhere', () => {
  test('assumes only the named roles', async () => {
    expect(await decideCrossAccount('sts:AssumeRole', ROLE_ARN)).toBe('Allowed');
    expect(await decideCrossAccount('sts:AssumeRole', 'arn:aws:iam::444444444444:role/admin')).toBe('ImplicitlyDenied');
  });

  test('puts only its own events on the default bus', async () => {
    const bus = 'arn:aws:events:eu-west-1:123456789012:event-bus/default';
    expect(await decide('events:PutEvents', bus, { 'events:source': ['cdk-pki.renewal'] })).toBe('Allowed');
    expect(await decide('events:PutEvents', bus, { 'events:source': ['aws.acm'] })).toBe('ImplicitlyDenied');
    expect(await decide('events:PutEvents', bus, { 'events:source': ['cdk-pki.renewal', 'aws.acm'] })).toBe('ImplicitlyDenied');
    expect(await decide('events:PutEvents', bus)).toBe('ImplicitlyDenied');
    expect(await decide('events:PutEvents', 'arn:aws:events:eu-west-1:123456789012:event-bus/other', { 'events:source': ['cdk-pki.renewal'] }))
      .toBe('ImplicitlyDenied');
  });

  test('publishes to its failure topic only', async () => {
    expect(await decide('sns:Publish', topicArn)).toBe('Allowed');
    expect(await decide('sns:Publish', 'arn:aws:sns:eu-west-1:123456789012:other')).toBe('ImplicitlyDenied');
  });
});
