/**
 * The signing handler's rights for parents the library did not create, evaluated with the IAM policy simulator on
 * the synthesized policies: under a parent outside AWS it installs into its own CA and writes exactly the CSR object,
 * and holds no right on any parent; under a parent given by ARN it signs there only with the subordinate template
 * (own role), or only assumes the role given.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IssuingCa, ParentCa, PemCertificates, Validity } from '../../src';
import { PolicyDocument, ResolvedStack, fakeUuid, simulate } from '../support/iam-sim';
import { createRootCa } from '../support/pki';

const ENV = { account: '222222222222', region: 'eu-west-1' };
const SUBJECT = { commonName: 'Issuing CA', organization: 'cdk-pki tests' };

interface Caller {
  readonly principal: string;
  readonly policies: ReadonlyArray<{ name: string; policy: PolicyDocument }>;
}

function handlerOf(resolved: ResolvedStack, stack: Stack): Caller {
  const role = resolved.logicalIdOf(stack.node.findChild('CdkPkiSigningProvider').node.findChild('Handler').node.findChild('Role'));
  const name = resolved.resolve({ Ref: role }) as string;
  return { principal: `arn:aws:sts::${ENV.account}:assumed-role/${name}/signing-handler`, policies: resolved.identityPolicies(role) };
}

const caArn = (account: string, region: string, seed: string) => `arn:aws:acm-pca:${region}:${account}:certificate-authority/${fakeUuid(seed)}`;

describe('under a parent outside AWS', () => {
  let caller: Caller;
  let ownCa: string;
  let bucketArn: string;
  beforeAll(async () => {
    const root = await createRootCa({ commonName: 'Offline Root' });
    const stack = new Stack(new App(), 'Issuing', { env: ENV });
    const bucket = new s3.Bucket(stack, 'Csrs');
    const ca = new IssuingCa(stack, 'Issuing', {
      parent: ParentCa.outsideAws({ hierarchyName: 'corp', certificateChain: PemCertificates.fromString(root.pem) }), subject: SUBJECT, csrBucket: bucket,
    });
    const resolved = ResolvedStack.of(stack);
    caller = handlerOf(resolved, stack);
    ownCa = resolved.arnOf(resolved.logicalIdOf(ca));
    bucketArn = `arn:aws:s3:::${resolved.resolve({ Ref: resolved.logicalIdOf(bucket) })}`;
  });

  const call = (action: string, resource: string) => simulate({
    principal: caller.principal, action, resource, identityPolicies: caller.policies, resourceAccount: ENV.account,
  });

  test.each(['GetCertificateAuthorityCsr', 'ImportCertificateAuthorityCertificate', 'DescribeCertificateAuthority'])('allowed: acm-pca:%s on its own CA', async (action) => {
    expect(await call(`acm-pca:${action}`, ownCa)).toBe('Allowed');
  });

  test.each(['ImportCertificateAuthorityCertificate', 'IssueCertificate'])('not allowed: acm-pca:%s on another CA of the account', async (action) => {
    expect(await call(`acm-pca:${action}`, caArn(ENV.account, ENV.region, 'another CA'))).not.toBe('Allowed');
  });

  test('allowed: s3:PutObject of exactly the CSR object; not another key of the bucket, nor reading it', async () => {
    expect(await call('s3:PutObject', `${bucketArn}/cdk-pki/corp/issuing/generation-1.csr`)).toBe('Allowed');
    expect(await call('s3:PutObject', `${bucketArn}/cdk-pki/corp/issuing/generation-2.csr`)).not.toBe('Allowed');
    expect(await call('s3:PutObject', `${bucketArn}/index.html`)).not.toBe('Allowed');
    expect(await call('s3:GetObject', `${bucketArn}/cdk-pki/corp/issuing/generation-1.csr`)).not.toBe('Allowed');
  });
});

describe('under a parent given by ARN', () => {
  const PARENT_SAME = caArn(ENV.account, ENV.region, 'legacy root');
  const PARENT_OTHER = caArn('111111111111', 'us-east-1', 'legacy root elsewhere');
  const ROLE = 'arn:aws:iam::111111111111:role/pki-signer';
  const SUBORDINATE_TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';

  function callerFor(arn: string, signerRoleArn?: string): Caller {
    const stack = new Stack(new App(), 'Issuing', { env: ENV });
    new IssuingCa(stack, 'Issuing', {
      parent: ParentCa.fromCertificateAuthorityArn(arn, { hierarchyName: 'legacy', signerRoleArn }), subject: SUBJECT, validity: Validity.years(2),
    });
    return handlerOf(ResolvedStack.of(stack), stack);
  }

  const issue = (c: Caller, ca: string, template: string) => simulate({
    principal: c.principal,
    action: 'acm-pca:IssueCertificate',
    resource: ca,
    context: { 'acm-pca:TemplateArn': template },
    identityPolicies: c.policies,
    resourceAccount: ENV.account,
  });

  test('own role: IssueCertificate on the parent with the subordinate template only, on no other CA', async () => {
    const c = callerFor(PARENT_SAME);
    expect(await issue(c, PARENT_SAME, SUBORDINATE_TEMPLATE)).toBe('Allowed');
    expect(await issue(c, PARENT_SAME, 'arn:aws:acm-pca:::template/EndEntityCertificate/V1')).not.toBe('Allowed');
    expect(await issue(c, caArn(ENV.account, ENV.region, 'another CA'), SUBORDINATE_TEMPLATE)).not.toBe('Allowed');
  });

  test('signer role: assumes exactly that role, and holds no right on the parent CA itself', async () => {
    const c = callerFor(PARENT_OTHER, ROLE);
    // The role's trust policy (the parent's account writes it) trusts the subordinate's account: the decision is the handler's policy's.
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ENV.account}:root` }, Action: 'sts:AssumeRole' }] };
    const assume = (role: string) => simulate({
      principal: c.principal, action: 'sts:AssumeRole', resource: role, identityPolicies: c.policies, resourceAccount: '111111111111', resourcePolicy: trust,
    });
    expect(await assume(ROLE)).toBe('Allowed');
    expect(await assume('arn:aws:iam::111111111111:role/admin')).not.toBe('Allowed');
    expect(await simulate({
      principal: c.principal,
      action: 'acm-pca:IssueCertificate',
      resource: PARENT_OTHER,
      context: { 'acm-pca:TemplateArn': SUBORDINATE_TEMPLATE },
      identityPolicies: c.policies,
      resourceAccount: '111111111111',
    })).not.toBe('Allowed');
  });
});
