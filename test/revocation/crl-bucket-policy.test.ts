/**
 * The CRL bucket policy, taken from synthesized templates and evaluated with an IAM policy simulator
 * (@cloud-copilot/iam-simulate): who may write CRLs, who may read them, and that nobody else can.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { CrlBucket } from '../../src/revocation/crl-bucket';
import { Revocation } from '../../src/revocation/revocation';
import { ANONYMOUS, PolicyDocument, ResolvedStack, fakeUuid, simulate } from '../support/iam-sim';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '999999999999';
const PCA = 'acm-pca.amazonaws.com';
const TLS = { 'aws:SecureTransport': 'true' };

interface Bucket {
  readonly policy: PolicyDocument;
  readonly arn: string;
}

function bucketOf(resolved: ResolvedStack, crlBucket: CrlBucket): Bucket {
  const policyId = resolved.logicalIdOf(crlBucket.policy);
  return {
    policy: resolved.resolve(resolved.resource(policyId).Properties?.PolicyDocument) as PolicyDocument,
    arn: resolved.arnOf(resolved.logicalIdOf(crlBucket.bucket)),
  };
}

function otherCaArn(region: string, account = ACCOUNT): string {
  return `arn:aws:acm-pca:${region}:${account}:certificate-authority/${fakeUuid(`${account}/${region}/other`)}`;
}

/** A request of Private CA on behalf of the CA `sourceArn` of account `sourceAccount`. */
async function pcaRequest(bucket: Bucket, action: string, resource: string, sourceArn: string, options: {
  sourceAccount?: string; principal?: string; secure?: boolean;
} = {}): Promise<string> {
  return simulate({
    principal: options.principal ?? PCA,
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: {
      'aws:SecureTransport': String(options.secure ?? true),
      'aws:SourceAccount': options.sourceAccount ?? ACCOUNT,
      'aws:SourceArn': sourceArn,
    },
    resourcePolicy: bucket.policy,
  });
}

describe('the stack\'s CRL bucket, shared by a root and an issuing CA', () => {
  let bucket: Bucket;
  let distributionArn: string;
  let rootArn: string;
  let issuingArn: string;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Pki', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    const resolved = ResolvedStack.of(stack);
    const crlBucket = root.crlBucket as CrlBucket;
    expect(issuing.crlBucket).toBe(crlBucket);
    bucket = bucketOf(resolved, crlBucket);
    distributionArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${resolved.resolve({ Ref: resolved.logicalIdOf(crlBucket.distribution) })}`;
    rootArn = resolved.arnOf(resolved.logicalIdOf(root.resource));
    issuingArn = resolved.arnOf(resolved.logicalIdOf(issuing.resource));
  });

  test.each([
    ['s3:PutObject', '/crl/<id>.crl'],
    ['s3:PutObjectAcl', '/crl/<id>.crl'],
    ['s3:PutObject', '/acm-pca-permission-test-key'],
    ['s3:GetBucketAcl', ''],
    ['s3:GetBucketLocation', ''],
  ])('Private CA may %s (%s) for either CA of the account', async (action, key) => {
    for (const ca of [rootArn, issuingArn]) {
      const resource = `${bucket.arn}${key.replace('<id>', ca.split('/')[1])}`;
      expect(await pcaRequest(bucket, action, resource, ca)).toBe('Allowed');
    }
  });

  test('a CA of another account may not write, whatever source account it claims', async () => {
    const foreign = otherCaArn('us-east-1', OTHER_ACCOUNT);
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, foreign, { sourceAccount: OTHER_ACCOUNT })).toBe('ImplicitlyDenied');
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, foreign)).toBe('ImplicitlyDenied');
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, rootArn, { sourceAccount: OTHER_ACCOUNT })).toBe('ImplicitlyDenied');
  });

  test('a CA of the account in a Region that does not use the bucket may not write', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, otherCaArn('eu-central-1'))).toBe('ImplicitlyDenied');
  });

  test('the source ARN must be a CA: another resource of the account is refused', async () => {
    const notCa = `arn:aws:acm-pca:us-east-1:${ACCOUNT}:something-else/x`;
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, notCa)).toBe('ImplicitlyDenied');
  });

  test.each(['s3:GetObject', 's3:DeleteObject', 's3:PutBucketPolicy', 's3:ListBucket'])('Private CA may not %s', async (action) => {
    const resource = action === 's3:GetObject' || action === 's3:DeleteObject' ? `${bucket.arn}/crl/x.crl` : bucket.arn;
    expect(await pcaRequest(bucket, action, resource, rootArn)).not.toBe('Allowed');
  });

  test('requests without TLS are explicitly denied, Private CA\'s too', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, rootArn, { secure: false })).toBe('ExplicitlyDenied');
  });

  test('another service principal with the right source account may not write', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, rootArn, { principal: 'cloudtrail.amazonaws.com' })).toBe('ImplicitlyDenied');
  });

  test('an anonymous client cannot read a CRL or list the bucket, with or without Block Public Access', async () => {
    for (const s3BlockPublicAccess of [false, true]) {
      for (const [action, resource] of [['s3:GetObject', `${bucket.arn}/crl/x.crl`], ['s3:ListBucket', bucket.arn]]) {
        expect(await simulate({
          principal: ANONYMOUS, action, resource, resourceAccount: ACCOUNT, context: TLS, resourcePolicy: bucket.policy, s3BlockPublicAccess,
        })).toBe('ImplicitlyDenied');
      }
    }
  });

  test('CloudFront may read the CRL folder through this distribution only', async () => {
    const read = (key: string, sourceArn: string) => simulate({
      principal: 'cloudfront.amazonaws.com',
      action: 's3:GetObject',
      resource: `${bucket.arn}/${key}`,
      resourceAccount: ACCOUNT,
      context: { ...TLS, 'aws:SourceArn': sourceArn },
      resourcePolicy: bucket.policy,
    });
    expect(await read('crl/x.crl', distributionArn)).toBe('Allowed');
    expect(await read('acm-pca-permission-test-key', distributionArn)).toBe('ImplicitlyDenied');
    expect(await read('audit/report.json', distributionArn)).toBe('ImplicitlyDenied');
    expect(await read('crl/x.crl', `arn:aws:cloudfront::${OTHER_ACCOUNT}:distribution/EOTHER12345678`)).toBe('ImplicitlyDenied');
  });

  test('CloudFront may not write', async () => {
    expect(await simulate({
      principal: 'cloudfront.amazonaws.com',
      action: 's3:PutObject',
      resource: `${bucket.arn}/crl/x.crl`,
      resourceAccount: ACCOUNT,
      context: { ...TLS, 'aws:SourceArn': distributionArn },
      resourcePolicy: bucket.policy,
    })).toBe('ImplicitlyDenied');
  });
});

describe('a CRL bucket pinned to CA ARNs', () => {
  const pinned = `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/11111111-2222-4333-8444-555555555555`;
  let bucket: Bucket;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Crl', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const crlBucket = new CrlBucket(stack, 'Crl', { certificateAuthorityArns: [pinned] });
    bucket = bucketOf(ResolvedStack.of(stack), crlBucket);
  });

  test('the pinned CA may write', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, pinned)).toBe('Allowed');
    expect(await pcaRequest(bucket, 's3:GetBucketAcl', bucket.arn, pinned)).toBe('Allowed');
  });

  test('another CA of the same account and Region may not', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, otherCaArn('us-east-1'))).toBe('ImplicitlyDenied');
  });
});

describe('a CRL bucket in us-east-1 serving a CA in another Region', () => {
  let bucket: Bucket;
  let euArn: string;
  let capeTownArn: string;

  beforeAll(() => {
    const app = new App();
    const crlStack = new Stack(app, 'Crl', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const crlBucket = new CrlBucket(crlStack, 'Crl', {
      bucketName: 'corp-pki-crl-111111111111',
      domainName: 'crl.example.com',
      certificate: acm.Certificate.fromCertificateArn(crlStack, 'Cert', `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc`),
    });
    const caStack = (region: string) => new Stack(app, `Pki-${region}`, { env: { account: ACCOUNT, region } });
    const eu = caStack('eu-west-1');
    const euRoot = new RootCaAccount(eu, 'Root', { hierarchyName: 'eu', subject: { commonName: 'EU' }, revocation: Revocation.crl({ bucket: crlBucket }) });
    const capeTown = caStack('af-south-1');
    const afRoot = new RootCaAccount(capeTown, 'Root', { hierarchyName: 'af', subject: { commonName: 'AF' }, revocation: Revocation.crl({ bucket: crlBucket }) });
    bucket = bucketOf(ResolvedStack.of(crlStack), crlBucket);
    euArn = ResolvedStack.of(eu).arnOf(ResolvedStack.of(eu).logicalIdOf(euRoot.resource));
    const af = ResolvedStack.of(capeTown);
    capeTownArn = af.arnOf(af.logicalIdOf(afRoot.resource));
  });

  test('a CA in a Region enabled by default writes as acm-pca.amazonaws.com', async () => {
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, euArn)).toBe('Allowed');
  });

  test('a CA in an opt-in Region writes as its Regional service principal, not the global one', async () => {
    const regional = 'acm-pca.af-south-1.amazonaws.com';
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, capeTownArn, { principal: regional })).toBe('Allowed');
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, capeTownArn)).toBe('ImplicitlyDenied');
    // The Regional principal is bound to its own Region's CAs.
    expect(await pcaRequest(bucket, 's3:PutObject', `${bucket.arn}/crl/x.crl`, euArn, { principal: regional })).toBe('ImplicitlyDenied');
  });
});
