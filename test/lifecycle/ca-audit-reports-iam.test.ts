/**
 * CaAuditReports under the IAM policy simulator: the function's role may ask for reports of its CAs and write
 * them, nothing else; the bucket policy lets Private CA write for these CAs of this account only.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { CaAuditReports } from '../../src';
import { LibraryFunction } from '../../src/private/library-function';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';

const ENV = { account: '222222222222', region: 'eu-west-1' };
const IMPORTED_CA = `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/11111111-1111-4111-8111-111111111111`;
const OTHER_CA = `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/99999999-1111-4111-8111-111111111111`;
const FOREIGN_CA = 'arn:aws:acm-pca:eu-west-1:999999999999:certificate-authority/11111111-1111-4111-8111-111111111111';

let resolved: ResolvedStack;
let ownCa: string;
let bucketArn: string;
let role: string;
let bucketPolicy: PolicyDocument;

beforeAll(() => {
  const stack = new Stack(new App(), 'Pki', { env: ENV });
  const cfn = new acmpca.CfnCertificateAuthority(stack, 'Root', {
    type: 'ROOT', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: 'Root' },
  });
  const reports = new CaAuditReports(stack, 'Audit', {
    certificateAuthorities: [
      acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Own', cfn.attrArn),
      acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Imported', IMPORTED_CA),
    ],
  });
  resolved = ResolvedStack.of(stack);
  ownCa = resolved.arnOf(resolved.logicalIdOf(cfn));
  const bucketId = resolved.logicalIdOf(reports.bucket);
  bucketArn = resolved.arnOf(bucketId);
  role = resolved.logicalIdOf((reports.node.findChild('Function') as LibraryFunction).role);
  const [policyId] = resolved.logicalIds('AWS::S3::BucketPolicy');
  bucketPolicy = resolved.resolve(resolved.resource(policyId).Properties!.PolicyDocument) as PolicyDocument;
});

describe('the function\'s role', () => {
  const call = (action: string, resource: string) => simulate({
    principal: `arn:aws:sts::${ENV.account}:assumed-role/${role}/report`,
    action,
    resource,
    resourceAccount: ENV.account,
    identityPolicies: resolved.identityPolicies(role),
  });

  test.each(['acm-pca:CreateCertificateAuthorityAuditReport', 'acm-pca:DescribeCertificateAuthority'])('may call %s on both of its CAs', async (action) => {
    expect(await call(action, ownCa)).toBe('Allowed');
    expect(await call(action, IMPORTED_CA)).toBe('Allowed');
  });

  test.each([OTHER_CA, FOREIGN_CA])('may not ask for a report of another CA (%s)', async (arn) => {
    expect(await call('acm-pca:CreateCertificateAuthorityAuditReport', arn)).toBe('ImplicitlyDenied');
  });

  test.each(['acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority'])(
    'may not call %s on its CAs', async (action) => {
      expect(await call(action, ownCa)).toBe('ImplicitlyDenied');
    });

  test('may write reports and the permission test key, and read the bucket ACL', async () => {
    expect(await call('s3:PutObject', `${bucketArn}/audit-report/11111111-1111-4111-8111-111111111111/r.json`)).toBe('Allowed');
    expect(await call('s3:PutObject', `${bucketArn}/acm-pca-permission-test-key`)).toBe('Allowed');
    expect(await call('s3:GetBucketAcl', bucketArn)).toBe('Allowed');
  });

  test.each([
    ['s3:PutObject', 'elsewhere in the bucket', (b: string) => `${b}/crl/x.crl`],
    ['s3:GetObject', 'reports', (b: string) => `${b}/audit-report/x/r.json`],
    ['s3:DeleteObject', 'reports', (b: string) => `${b}/audit-report/x/r.json`],
    ['s3:PutBucketPolicy', 'the bucket', (b: string) => b],
  ])('may not %s on %s', async (action, _what, resource) => {
    expect(await call(action, resource(bucketArn))).toBe('ImplicitlyDenied');
  });
});

describe('the bucket policy', () => {
  const write = (sourceArn: string, sourceAccount = ENV.account) => simulate({
    principal: 'acm-pca.amazonaws.com',
    action: 's3:PutObject',
    resource: `${bucketArn}/audit-report/11111111-1111-4111-8111-111111111111/r.json`,
    resourceAccount: ENV.account,
    resourcePolicy: bucketPolicy,
    context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': 'true' },
  });

  test('lets Private CA write for both CAs', async () => {
    expect(await write(ownCa)).toBe('Allowed');
    expect(await write(IMPORTED_CA)).toBe('Allowed');
  });

  test('does not let Private CA write for another CA of the account, or a CA of another account', async () => {
    expect(await write(OTHER_CA)).toBe('ImplicitlyDenied');
    expect(await write(FOREIGN_CA, '999999999999')).toBe('ImplicitlyDenied');
  });
});
