import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CrlBucket } from '../../src/revocation/crl-bucket';
import { nagFindings } from '../support/nag';

const ENV = { account: '111111111111', region: 'us-east-1' };
const BUCKET = 'Crl'; // logical ids of the bucket's children start with the construct id
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const token = (v: string) => Lazy.string({ produce: () => v });

function newStack(env: { account: string; region: string } | 'agnostic' = ENV): Stack {
  return new Stack(new App(), 'CrlStack', { env: env === 'agnostic' ? undefined : env });
}

function certificate(stack: Stack, region = 'us-east-1'): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Cert', `arn:aws:acm:${region}:111111111111:certificate/abc`);
}

function logicalId(t: Template, type: string): string {
  const ids = Object.keys(t.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('CrlBucket defaults', () => {
  let stack: Stack;
  let crl: CrlBucket;
  let t: Template;
  let bucketId: string;
  let distributionId: string;
  const bucketArn = () => ({ 'Fn::GetAtt': [bucketId, 'Arn'] });
  const objectsArn = (suffix: string) => ({ 'Fn::Join': ['', [bucketArn(), suffix]] });

  beforeAll(() => {
    stack = newStack();
    crl = new CrlBucket(stack, BUCKET);
    t = Template.fromStack(stack);
    bucketId = logicalId(t, 'AWS::S3::Bucket');
    distributionId = logicalId(t, 'AWS::CloudFront::Distribution');
  });

  test('the bucket blocks public access, disables ACLs, encrypts with SSE-S3, keeps versions and is retained', () => {
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [{ Id: 'ExpireReplacedCrls', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 365 }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }],
        },
        LoggingConfiguration: Match.absent(),
        BucketName: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the bucket policy has exactly three statements: TLS only, CloudFront reads crl/, Private CA writes', () => {
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy'))[0];
    expect(policy.Properties.Bucket).toEqual({ Ref: bucketId });
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: [bucketArn(), objectsArn('/*')],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'CloudFrontReadsCrls',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: objectsArn('/crl/*'),
        Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::111111111111:distribution/', { Ref: distributionId }]] } } },
      },
      {
        Sid: 'PrivateCaWritesCrls',
        Effect: 'Allow',
        Principal: { Service: 'acm-pca.amazonaws.com' },
        Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'],
        Resource: [bucketArn(), objectsArn('/*')],
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnLike: { 'aws:SourceArn': partitionArn(':acm-pca:us-east-1:111111111111:certificate-authority/*') },
        },
      },
    ]);
  });

  test('the distribution serves the bucket through Origin Access Control, over HTTP and HTTPS, GET and HEAD only', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'allow-all',
          AllowedMethods: ['GET', 'HEAD'],
          CachedMethods: ['GET', 'HEAD'],
          CachePolicyId: { Ref: logicalId(t, 'AWS::CloudFront::CachePolicy') },
        }),
        Origins: [Match.objectLike({
          DomainName: { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [logicalId(t, 'AWS::CloudFront::OriginAccessControl'), 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        })],
        Aliases: Match.absent(),
        Logging: Match.absent(),
        Enabled: true,
      },
    });
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    t.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
  });

  test('CloudFront caches a CRL for five minutes at most', () => {
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ DefaultTTL: 300, MaxTTL: 300, MinTTL: 0 }),
    });
  });

  test('what serves the CRLs outlives the stack: policy, distribution, origin access control and cache policy are retained', () => {
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::CloudFront::Distribution', 'AWS::CloudFront::OriginAccessControl', 'AWS::CloudFront::CachePolicy']) {
      t.hasResource(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('certificates name the distribution domain; the bucket name is the bucket\'s', () => {
    expect(stack.resolve(crl.crlDomainName)).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    expect(stack.resolve(crl.distributionDomainName)).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    expect(stack.resolve(crl.bucketName)).toEqual({ Ref: bucketId });
    expect(crl.env).toEqual(ENV);
  });

  test('no Lambda function, no IAM role', () => {
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('cdk-nag: no finding is left, and each acknowledgement answers a finding that exists', () => {
    const app = stack.node.root as App;
    expect(nagFindings(app, true)).toEqual([]);
    expect(nagFindings(app, false)).toEqual([
      'AwsSolutions-CFR1 at CrlStack/Crl/Distribution/Resource',
      'AwsSolutions-CFR2 at CrlStack/Crl/Distribution/Resource',
      'AwsSolutions-CFR3 at CrlStack/Crl/Distribution/Resource',
      'AwsSolutions-CFR4 at CrlStack/Crl/Distribution/Resource',
      'AwsSolutions-S1 at CrlStack/Crl/Resource/Resource',
    ]);
  });
});

describe('CrlBucket options', () => {
  test('a custom domain with its certificate: an alias, TLS 1.2 for HTTPS viewers, and certificates name the domain', () => {
    const stack = newStack();
    const crl = new CrlBucket(stack, BUCKET, { domainName: 'crl.example.com', certificate: certificate(stack) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['crl.example.com'],
        ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc', MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    expect(crl.crlDomainName).toBe('crl.example.com');
    // With its own certificate the distribution needs no acknowledgement for outdated TLS.
    expect(nagFindings(stack.node.root as App, false).filter((f) => f.startsWith('AwsSolutions-CFR4'))).toEqual([]);
  });

  test('access logs, removal policy, cache and version retention', () => {
    const stack = newStack();
    const logs = new s3.Bucket(stack, 'Logs', { objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });
    new CrlBucket(stack, BUCKET, {
      bucketName: 'corp-pki-crl-111111111111',
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'crl-bucket/',
      distributionLogBucket: logs,
      removalPolicy: RemovalPolicy.DESTROY,
      cacheTtl: Duration.minutes(1),
      noncurrentVersionExpiration: Duration.days(30),
    });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: 'corp-pki-crl-111111111111',
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Logs') }, LogFilePrefix: 'crl-bucket/' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })] },
      }),
      DeletionPolicy: 'Delete',
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Logging: Match.objectLike({ Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'RegionalDomainName'] } }) }),
    });
    t.hasResourceProperties('AWS::CloudFront::CachePolicy', { CachePolicyConfig: Match.objectLike({ DefaultTTL: 60, MaxTTL: 60 }) });
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::CloudFront::Distribution']) {
      t.hasResource(type, { DeletionPolicy: 'Delete' });
    }
    // With both logs, neither S1 nor CFR3 is acknowledged on the CRL bucket.
    const metadata = JSON.stringify(t.findResources('AWS::CloudFront::Distribution')) + JSON.stringify(t.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'corp-pki-crl-111111111111' } }));
    expect(metadata).not.toContain('AwsSolutions-CFR3');
    expect(metadata).not.toContain('AwsSolutions-S1');
  });

  test('addCrlPath serves a CA\'s custom path too, once', () => {
    const stack = newStack();
    const crl = new CrlBucket(stack, BUCKET);
    crl.addCrlPath('pki/issuing');
    crl.addCrlPath('pki/issuing');
    crl.addCrlPath('crl/issuing'); // below crl/, served already
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const cloudFront = statements.find((st: any) => st.Sid === 'CloudFrontReadsCrls');
    expect(cloudFront.Resource.map((r: any) => r['Fn::Join'][1][1])).toEqual(['/crl/*', '/pki/issuing/*']);
  });

  test('allowCertificateAuthoritiesIn adds one statement per Region, with the principal that the pairing needs', () => {
    const stack = newStack();
    const crl = new CrlBucket(stack, BUCKET);
    crl.allowCertificateAuthoritiesIn('eu-west-1');
    crl.allowCertificateAuthoritiesIn('eu-west-1');
    crl.allowCertificateAuthoritiesIn('us-east-1');
    crl.allowCertificateAuthoritiesIn('me-south-1');
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const writers = statements.filter((s: any) => String(s.Sid).startsWith('PrivateCaWritesCrls'));
    expect(writers.map((s: any) => [s.Sid, s.Principal.Service, s.Condition.ArnLike['aws:SourceArn']['Fn::Join'][1][2]])).toEqual([
      ['PrivateCaWritesCrls', 'acm-pca.amazonaws.com', ':acm-pca:us-east-1:111111111111:certificate-authority/*'],
      ['PrivateCaWritesCrlsEuWest1', 'acm-pca.amazonaws.com', ':acm-pca:eu-west-1:111111111111:certificate-authority/*'],
      ['PrivateCaWritesCrlsMeSouth1', 'acm-pca.me-south-1.amazonaws.com', ':acm-pca:me-south-1:111111111111:certificate-authority/*'],
    ]);
  });

  test('a bucket in an opt-in Region names both principal forms for its own Region\'s CAs', () => {
    const stack = newStack({ account: '111111111111', region: 'af-south-1' });
    new CrlBucket(stack, BUCKET);
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'PrivateCaWritesCrls',
          Principal: { Service: ['acm-pca.amazonaws.com', 'acm-pca.af-south-1.amazonaws.com'] },
        })]),
      },
    });
  });

  test('in a stack without a known Region, the Regional principal is added at deployment in opt-in Regions', () => {
    const stack = newStack('agnostic');
    new CrlBucket(stack, 'One');
    new CrlBucket(stack, 'Two');
    const t = Template.fromStack(stack);
    const conditions = t.toJSON().Conditions;
    expect(Object.keys(conditions)).toEqual(['CdkPkiOptInRegion']);
    expect(JSON.stringify(conditions.CdkPkiOptInRegion)).toContain('"af-south-1"');
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'PrivateCaWritesCrls',
          Principal: {
            Service: [
              'acm-pca.amazonaws.com',
              { 'Fn::If': ['CdkPkiOptInRegion', { 'Fn::Join': ['', ['acm-pca.', { Ref: 'AWS::Region' }, '.amazonaws.com']] }, { Ref: 'AWS::NoValue' }] },
            ],
          },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':certificate-authority/*']] } },
          },
        })]),
      },
    });
  });

  test('pinned CA ARNs: exact aws:SourceArn per Region, no ArnLike', () => {
    const stack = newStack();
    const east = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
    const east2 = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/22222222-2222-4222-8222-222222222222';
    const west = 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/33333333-3333-4333-8333-333333333333';
    const crl = new CrlBucket(stack, BUCKET, { certificateAuthorityArns: [east, east2, west] });
    crl.allowCertificateAuthoritiesIn('eu-west-1');
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    const writers = statements.filter((s: any) => String(s.Sid).startsWith('PrivateCaWritesCrls'));
    expect(writers.map((s: any) => [s.Sid, s.Condition])).toEqual([
      ['PrivateCaWritesCrls', { StringEquals: { 'aws:SourceAccount': '111111111111', 'aws:SourceArn': [east, east2] } }],
      ['PrivateCaWritesCrlsEuWest1', { StringEquals: { 'aws:SourceAccount': '111111111111', 'aws:SourceArn': west } }],
    ]);
  });

  test('pinned CA ARNs must cover every Region whose CAs use the bucket', () => {
    const stack = newStack();
    const crl = new CrlBucket(stack, BUCKET, { certificateAuthorityArns: ['arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111'] });
    crl.allowCertificateAuthoritiesIn('eu-west-1');
    expect(() => Template.fromStack(stack)).toThrow(/a CA in eu-west-1 writes CRLs here, but certificateAuthorityArns has no CA of eu-west-1/);
  });

  test('an imported CRL bucket carries its names and environment', () => {
    const stack = newStack();
    const imported = CrlBucket.fromCrlBucketAttributes(stack, 'Imported', {
      bucketName: 'corp-pki-crl', crlDomainName: 'crl.example.com', region: 'eu-west-1',
    });
    expect(imported.bucketName).toBe('corp-pki-crl');
    expect(imported.crlDomainName).toBe('crl.example.com');
    expect(imported.env).toEqual({ account: '111111111111', region: 'eu-west-1' });
  });
});

describe('CrlBucket validation', () => {
  test.each([
    ['upper-case letters', 'Corp-CRL', /bucketName 'Corp-CRL' is not a valid CRL bucket name: it has characters other than lowercase letters.*for example 'corp-pki-crl-111111111111'/],
    ['dots', 'crl.example.com', /it has dots, which break HTTPS/],
    ['two characters', 'ab', /it has 2 characters, not 3 to 63/],
    ['a leading hyphen', '-crl', /does not start and end with a lowercase letter or digit/],
    ['a reserved prefix', 'xn--crl', /starts with 'xn--', which S3 reserves/],
    ['a reserved suffix', 'crl-s3alias', /ends with '-s3alias', which S3 reserves/],
  ])('throws when bucketName has %s', (_what, bucketName, message) => {
    expect(() => new CrlBucket(newStack(), BUCKET, { bucketName })).toThrow(message);
  });

  test.each([
    ['a scheme', { domainName: 'http://crl.example.com' }, /domainName 'http:\/\/crl.example.com' is not allowed: it has a scheme; give the host name only/],
    ['a path', { domainName: 'crl.example.com/crl' }, /is not a DNS host name/],
    ['no certificate', { domainName: 'crl.example.com' }, /domainName 'crl.example.com' needs a certificate \(in us-east-1\)/],
  ])('throws when domainName has %s', (_what, props, message) => {
    expect(() => new CrlBucket(newStack(), BUCKET, props)).toThrow(message);
  });

  test('throws when serverAccessLogsPrefix comes without serverAccessLogsBucket', () => {
    // (S3 would log into the CRL bucket itself, which needs the ACLs its bucket-owner-enforced ownership refuses.)
    expect(() => new CrlBucket(newStack(), BUCKET, { serverAccessLogsPrefix: 'crl/' }))
      .toThrow(/serverAccessLogsPrefix is set without serverAccessLogsBucket; set the bucket that receives the logs/);
  });

  test('throws when a certificate comes without domainName', () => {
    const stack = newStack();
    expect(() => new CrlBucket(stack, BUCKET, { certificate: certificate(stack) })).toThrow(/certificate is set without domainName/);
  });

  test.each([
    ['an empty list', [], /certificateAuthorityArns is empty/],
    ['a certificate ARN', ['arn:aws:acm:us-east-1:111111111111:certificate/abc'], /has 'arn:aws:acm:us-east-1:111111111111:certificate\/abc', which is not a CA ARN/],
    ['a CA of another account', ['arn:aws:acm-pca:us-east-1:222222222222:certificate-authority/11111111-1111-4111-8111-111111111111'], /of account 222222222222; a CRL bucket serves the CAs of its own account \(111111111111\) only/],
  ])('throws when certificateAuthorityArns has %s', (_what, certificateAuthorityArns, message) => {
    expect(() => new CrlBucket(newStack(), BUCKET, { certificateAuthorityArns })).toThrow(message);
  });

  test('throws when certificateAuthorityArns has a CA in a Region that cannot write to the bucket', () => {
    const arn = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
    expect(() => new CrlBucket(newStack({ account: '111111111111', region: 'af-south-1' }), BUCKET, { certificateAuthorityArns: [arn] }))
      .toThrow(`certificateAuthorityArns has '${arn}': the CRL bucket is in af-south-1: a CA in us-east-1, a Region enabled by default, cannot write CRLs to a bucket in opt-in Region af-south-1`);
  });

  test('throws when a CA Region cannot write to the bucket\'s Region, naming both', () => {
    const crl = new CrlBucket(newStack({ account: '111111111111', region: 'af-south-1' }), BUCKET);
    expect(() => crl.allowCertificateAuthoritiesIn('us-east-1'))
      .toThrow(/the CRL bucket is in af-south-1: a CA in us-east-1, a Region enabled by default, cannot write CRLs to a bucket in opt-in Region af-south-1; put the CRL bucket in the CA's Region/);
    expect(() => crl.allowCertificateAuthoritiesIn('me-south-1')).toThrow(/a CA in opt-in Region me-south-1 cannot write CRLs to a bucket in another opt-in Region \(af-south-1\)/);
    expect(() => crl.allowCertificateAuthoritiesIn('Frankfurt')).toThrow(/Region 'Frankfurt' is not a Region name/);
  });

  test('throws when a CRL path is malformed', () => {
    const crl = new CrlBucket(newStack(), BUCKET);
    expect(() => crl.addCrlPath('/crl/')).toThrow(/CRL path '\/crl\/' is not allowed: it is not a path of segments separated by single slashes/);
  });

  test('throws for an imported bucket whose domain has a scheme', () => {
    expect(() => CrlBucket.fromCrlBucketAttributes(newStack(), 'Imported', { bucketName: 'corp-crl', crlDomainName: 'https://crl.example.com' }))
      .toThrow(/crlDomainName 'https:\/\/crl.example.com' is not allowed: it has a scheme/);
  });

  test('collects every problem in one message that names the construct', () => {
    expect(() => new CrlBucket(newStack(), BUCKET, { bucketName: 'Bad_Name', domainName: 'http://x' }))
      .toThrow(/^CrlBucket 'CrlStack\/Crl' has 3 problems:\n {2}- bucketName 'Bad_Name'/);
  });

  test('does not throw when names, domains, ARNs, paths and Regions are tokens', () => {
    const stack = newStack();
    expect(() => {
      const crl = new CrlBucket(stack, BUCKET, {
        bucketName: token('Not Valid'),
        domainName: token('http://x'),
        certificate: certificate(stack),
        certificateAuthorityArns: [token('not an arn')],
      });
      crl.addCrlPath(token('//'));
      crl.allowCertificateAuthoritiesIn(token('nowhere'));
      CrlBucket.fromCrlBucketAttributes(stack, 'Imported', { bucketName: token('X'), crlDomainName: token('http://x') });
    }).not.toThrow();
  });
});
