/**
 * CaAuditReports: the bucket and its policy, the schedule and its input, the function's role scoped to the CAs,
 * cdk-nag, and the synth-time checks in pairs (throws / token passes).
 */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditReportFormat, CaAuditReports, CaAuditReportsProps } from '../../src';
import { nagFindings } from '../support/nag';

const ENV = { account: '222222222222', region: 'eu-west-1' };
const caArn = (n: number, account = ENV.account, region = ENV.region) =>
  `arn:aws:acm-pca:${region}:${account}:certificate-authority/${String(n).repeat(8)}-1111-4111-8111-111111111111`;
const CA_1 = caArn(1);
const CA_2 = caArn(2);

function newStack(env: { account?: string; region?: string } | undefined = ENV): Stack {
  return new Stack(new App(), 'Pki', { env });
}

function build(props: Partial<CaAuditReportsProps> = {}, stack = newStack(), arns = [CA_1, CA_2]) {
  const cas = arns.map((arn, i) => acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, `Ca${i}`, arn));
  const reports = new CaAuditReports(stack, 'Audit', { certificateAuthorities: cas, ...props });
  return { stack, reports, template: Template.fromStack(stack) };
}

function bucketLogicalId(template: Template): string {
  const ids = Object.keys(template.findResources('AWS::S3::Bucket'));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('the created bucket', () => {
  test('is private, SSL only, versioned, SSE-S3, owner-enforced, kept on removal, and expires reports after 400 days', () => {
    const { template } = build();
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'ExpireAuditReports',
            Status: 'Enabled',
            ExpirationInDays: 400,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
      },
    });
    template.hasResource('AWS::S3::BucketPolicy', { DeletionPolicy: 'Retain' });
  });

  test('keeps reports for the retention given', () => {
    const { template } = build({ retention: Duration.days(1200) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 1200 })] },
    });
  });

  test('has exactly the SSL-only statement and the statement AWS documents for audit reports, bound to the CAs', () => {
    const { template } = build();
    const bucket = bucketLogicalId(template);
    const arn = { 'Fn::GetAtt': [bucket, 'Arn'] };
    const objects = { 'Fn::Join': ['', [arn, '/*']] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: Match.absent(),
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Resource: [arn, objects],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'PrivateCaWritesAuditReports',
            Effect: 'Allow',
            Principal: { Service: 'acm-pca.amazonaws.com' },
            Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'],
            Resource: [arn, objects],
            Condition: { StringEquals: { 'aws:SourceAccount': ENV.account, 'aws:SourceArn': [CA_1, CA_2] } },
          },
        ],
      },
    });
  });

  test('a single CA is named as a string, and a CA in an opt-in Region adds the Regional principal', () => {
    const stack = newStack({ account: ENV.account, region: 'eu-south-1' });
    const { template } = build({}, stack, [caArn(1, ENV.account, 'eu-south-1')]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: ['acm-pca.amazonaws.com', 'acm-pca.eu-south-1.amazonaws.com'] },
          Condition: { StringEquals: { 'aws:SourceAccount': ENV.account, 'aws:SourceArn': caArn(1, ENV.account, 'eu-south-1') } },
        })]),
      },
    });
  });
});

describe('a bucket passed in', () => {
  test('of this stack gets the audit-report statement, and no second bucket is made', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine');
    const { reports, template } = build({ bucket }, stack);
    expect(reports.bucket).toBe(bucket);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'PrivateCaWritesAuditReports' })]) },
    });
  });

  test('imported gets a warning that its policy must be attached by hand', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Theirs', 'audit-reports-bucket');
    build({ bucket }, stack);
    Annotations.fromStack(stack).hasWarning('/Pki/Audit', Match.stringLikeRegexp('attach the audit-report bucket policy AWS documents'));
  });
});

describe('the schedule', () => {
  const input = (template: Template) => {
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as Array<{ Properties: Record<string, any> }>;
    expect(rules).toHaveLength(1);
    return rules[0].Properties;
  };

  test('is monthly on the 1st at 03:00 UTC by default, with the CAs, the bucket and JSON', () => {
    const { template } = build();
    const rule = input(template);
    expect(rule.ScheduleExpression).toBe('cron(0 3 1 * ? *)');
    const target = rule.Targets[0];
    expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2 });
    expect(JSON.stringify(target.Input)).toContain('"CertificateAuthorityArns\\":[');
    const resolved = Stack.of(build().reports).resolve(target.Input);
    expect(JSON.stringify(resolved)).toContain(CA_1);
    expect(JSON.stringify(resolved)).toContain('\\"Format\\":\\"JSON\\"');
    expect(JSON.stringify(resolved)).toContain(bucketLogicalId(template));
  });

  test('is the one given, with the format given', () => {
    const { template } = build({ schedule: events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '30' }), format: AuditReportFormat.CSV });
    const rule = input(template);
    expect(rule.ScheduleExpression).toBe('cron(30 6 ? * MON *)');
    expect(JSON.stringify(rule.Targets[0].Input)).toContain('\\"Format\\":\\"CSV\\"');
  });
});

describe('the function', () => {
  test('may report on and describe the CAs only, write under audit-report/ and read the bucket ACL', () => {
    const { template } = build();
    const bucket = bucketLogicalId(template);
    const object = (key: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${key}`]] });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['acm-pca:CreateCertificateAuthorityAuditReport', 'acm-pca:DescribeCertificateAuthority'], Resource: [CA_1, CA_2] },
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: [object('audit-report/*'), object('acm-pca-permission-test-key'), object('acm-pca-permission-test-key-private')],
          },
          { Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: { 'Fn::GetAtt': [bucket, 'Arn'] } },
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', { Path: '/cdk-pki-ca-audit-report/' });
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 300 });
  });

  test('is exposed with the bucket', () => {
    const { reports } = build();
    expect(reports.function.functionArn).toBeDefined();
    expect(reports.bucket.bucketName).toBeDefined();
  });
});

test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
  const { stack } = build();
  const app = stack.node.root as App;
  app.synth();
  const findings = nagFindings(app);
  expect(findings).toEqual([]);
});

describe('validation', () => {
  test('throws when no CA is named', () => {
    expect(() => build({}, newStack(), [])).toThrow("CaAuditReports 'Pki/Audit': certificateAuthorities is empty");
  });

  test('throws when a CA belongs to another account or Region, naming both problems', () => {
    expect(() => build({}, newStack(), [caArn(1, '111111111111'), caArn(2, ENV.account, 'us-east-1')])).toThrow(
      /has 2 problems:[\s\S]*belongs to account 111111111111, not 222222222222; audit reports are made by a CaAuditReports in a stack of the CA's own account and Region[\s\S]*is in us-east-1, not eu-west-1/);
  });

  test('throws when a CA of a stack in another Region is passed by token', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: ENV.account, region: 'us-east-1' } });
    const cfn = new acmpca.CfnCertificateAuthority(other, 'Cfn', {
      type: 'ROOT', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: 'Root' },
    });
    const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(other, 'Ca', cfn.attrArn);
    const stack = new Stack(app, 'Pki', { env: ENV });
    expect(() => new CaAuditReports(stack, 'Audit', { certificateAuthorities: [ca] })).toThrow(/is in us-east-1, not eu-west-1/);
  });

  test('does not throw when the CA ARN is a token of this stack', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'CaArn').valueAsString;
    expect(() => build({}, stack, [arn])).not.toThrow();
  });

  test('does not throw when the stack is environment-agnostic', () => {
    expect(() => build({}, new Stack(new App(), 'Pki'), [CA_1])).not.toThrow();
  });

  test('throws when retention is given with a bucket, or is not whole days', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine');
    expect(() => build({ bucket, retention: Duration.days(30) }, stack)).toThrow(/retention applies only to the bucket this construct creates/);
    expect(() => build({ retention: Duration.hours(36) })).toThrow(/retention 1 day 12 hours is not a whole number of days/);
  });

  test('does not throw when retention is a token', () => {
    const stack = newStack();
    const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
    expect(() => build({ retention: Duration.days(days) }, stack)).not.toThrow();
  });

  test('throws when the bucket is in another Region', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Far', { bucketName: 'far-bucket', region: 'us-east-1' });
    expect(() => build({ bucket }, stack)).toThrow(/bucket is in us-east-1, not in the stack's Region eu-west-1/);
  });

  test('throws when an ARN is not a CA ARN', () => {
    expect(() => build({}, newStack(), ['arn:aws:s3:::not-a-ca'])).toThrow(/'arn:aws:s3:::not-a-ca' is not a CA ARN/);
  });
});
