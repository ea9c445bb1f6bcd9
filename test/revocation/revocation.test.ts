import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { CrlBucket } from '../../src/revocation/crl-bucket';
import { Revocation } from '../../src/revocation/revocation';

const ENV = { account: '111111111111', region: 'us-east-1' };
const CA = 'AWS::ACMPCA::CertificateAuthority';
const DISABLED = { Enabled: false };

function newStack(app = new App(), id = 'Pki', env = ENV): Stack {
  return new Stack(app, id, { env });
}

function newRoot(stack: Stack, revocation?: Revocation, id = 'Root'): RootCaAccount {
  return new RootCaAccount(stack, id, { hierarchyName: 'corp', subject: { commonName: 'Root' }, revocation });
}

/** The CA resources of a template, by construct id prefix. */
function caResource(t: Template, prefix: string): { id: string; resource: any } {
  const entries = Object.entries(t.findResources(CA)).filter(([id]) => id.startsWith(prefix));
  expect(entries).toHaveLength(1);
  return { id: entries[0][0], resource: entries[0][1] };
}

function onlyId(t: Template, type: string): string {
  const ids = Object.keys(t.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('default revocation: CRLs in the stack\'s CRL bucket', () => {
  let stack: Stack;
  let t: Template;
  let root: RootCaAccount;
  let issuing: IssuingCa;

  beforeAll(() => {
    stack = newStack();
    root = newRoot(stack);
    issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    new IssuingCa(stack, 'Second', { parent: root, subject: { commonName: 'Second' } });
    t = Template.fromStack(stack);
  });

  test.each(['Root', 'Issuing', 'Second'])('%s: complete CRLs for seven days, bucket-owner ACL, CloudFront domain as CNAME, OCSP disabled', (prefix) => {
    const { resource } = caResource(t, prefix);
    expect(resource.Properties.RevocationConfiguration).toEqual({
      CrlConfiguration: {
        Enabled: true,
        S3BucketName: { Ref: onlyId(t, 'AWS::S3::Bucket') },
        S3ObjectAcl: 'BUCKET_OWNER_FULL_CONTROL',
        CustomCname: { 'Fn::GetAtt': [onlyId(t, 'AWS::CloudFront::Distribution'), 'DomainName'] },
        CrlType: 'COMPLETE',
        ExpirationInDays: 7,
      },
      OcspConfiguration: DISABLED,
    });
  });

  test.each(['Root', 'Issuing', 'Second'])('%s is created after the bucket policy (explicit DependsOn)', (prefix) => {
    expect(caResource(t, prefix).resource.DependsOn).toEqual([onlyId(t, 'Custom::PkiCaGuard'), onlyId(t, 'AWS::S3::BucketPolicy')]);
  });

  test('the three CAs share one bucket, one distribution and one alarm topic', () => {
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.resourceCountIs('AWS::CloudFront::Distribution', 1);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    expect(issuing.crlBucket).toBe(root.crlBucket);
    expect(root.crlBucket?.node.path).toBe('Pki/CdkPkiCrlBucket');
    expect(issuing.crlAlarmTopic).toBe(root.crlAlarmTopic);
  });

  test('exposes the URL of the complete CRL: http, the distribution domain, crl/ and the CA id', () => {
    expect(stack.resolve(issuing.crlDistributionPointUrl)).toEqual({
      'Fn::Join': ['', [
        'http://',
        { 'Fn::GetAtt': [onlyId(t, 'AWS::CloudFront::Distribution'), 'DomainName'] },
        '/crl/',
        { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': [caResource(t, 'Issuing').id, 'Arn'] }] }] },
        '.crl',
      ]],
    });
  });

  test('a failed CRL generation event of each CA goes to the alarm topic', () => {
    const topic = onlyId(t, 'AWS::SNS::Topic');
    for (const prefix of ['Root', 'Issuing', 'Second']) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          'source': ['aws.acm-pca'],
          'detail-type': ['ACM Private CA CRL Generation'],
          'resources': [{ 'Fn::GetAtt': [caResource(t, prefix).id, 'Arn'] }],
          'detail': { result: ['failure'] },
        },
        State: 'ENABLED',
        Targets: [{ Arn: { Ref: topic }, Id: 'Target0' }],
      });
    }
    // One per CA, and the stack's CA renewal schedule.
    expect(Object.keys(t.findResources('AWS::Events::Rule', { Properties: { EventPattern: { detail: { result: ['failure'] } } } }))).toHaveLength(3);
  });

  test('each CA has alarms on MisconfiguredCRLBucket and CRLGenerated in AWS/ACMPrivateCA', () => {
    const topic = onlyId(t, 'AWS::SNS::Topic');
    const ca = { 'Fn::GetAtt': [caResource(t, 'Issuing').id, 'Arn'] };
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ACMPrivateCA',
      MetricName: 'MisconfiguredCRLBucket',
      Dimensions: [{ Name: 'PrivateCAArn', Value: ca }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ACMPrivateCA',
      MetricName: 'CRLGenerated',
      Dimensions: [{ Name: 'PrivateCAArn', Value: ca }],
      Statistic: 'Minimum',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
    });
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/ACMPrivateCA' } }))).toHaveLength(6);
  });

  test('the alarm topic is encrypted with a rotated KMS key, takes TLS publishes only, from this account\'s rules and alarms', () => {
    const key = onlyId(t, 'AWS::KMS::Key');
    const topic = onlyId(t, 'AWS::SNS::Topic');
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AlarmSourcesPublishToTopic',
          Effect: 'Allow',
          Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
        }]),
      },
    });
    const statements = Object.values(t.findResources('AWS::SNS::TopicPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      { Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: { Ref: topic }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Sid: 'EventBridgeRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topic },
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:111111111111:rule/*']] } } },
      },
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topic },
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:111111111111:alarm:*']] } },
        },
      },
    ]);
  });

  test('metricCrlGenerated and metricMisconfiguredCrlBucket name the CA', () => {
    const generated = issuing.metricCrlGenerated({ period: Duration.hours(1) });
    expect(generated.namespace).toBe('AWS/ACMPrivateCA');
    expect(generated.metricName).toBe('CRLGenerated');
    expect(generated.statistic).toBe('Minimum');
    expect(generated.period.toHours()).toBe(1);
    expect(stack.resolve(generated.dimensions)).toEqual({ PrivateCAArn: { 'Fn::GetAtt': [caResource(t, 'Issuing').id, 'Arn'] } });
    const misconfigured = root.metricMisconfiguredCrlBucket();
    expect([misconfigured.metricName, misconfigured.statistic, misconfigured.period.toMinutes()]).toEqual(['MisconfiguredCRLBucket', 'Maximum', 5]);
  });
});

describe('revocation options', () => {
  function template(revocation: Revocation): { t: Template; root: RootCaAccount; stack: Stack } {
    const stack = newStack();
    const root = newRoot(stack, revocation);
    return { t: Template.fromStack(stack), root, stack };
  }

  test('Revocation.none(): both disabled with Enabled false alone, and nothing else is created', () => {
    const { t, root } = template(Revocation.none());
    expect(caResource(t, 'Root').resource.Properties.RevocationConfiguration).toEqual({ CrlConfiguration: DISABLED, OcspConfiguration: DISABLED });
    // Only the guard: no bucket policy to wait for.
    expect(caResource(t, 'Root').resource.DependsOn).toEqual([onlyId(t, 'Custom::PkiCaGuard')]);
    for (const type of ['AWS::S3::Bucket', 'AWS::CloudFront::Distribution', 'AWS::SNS::Topic', 'AWS::Events::Rule', 'AWS::CloudWatch::Alarm']) {
      t.resourceCountIs(type, 0);
    }
    expect([root.crlBucket, root.crlDistributionPointUrl, root.crlAlarmTopic]).toEqual([undefined, undefined, undefined]);
    expect([root.revocation.crlEnabled, root.revocation.ocspEnabled]).toEqual([false, false]);
  });

  test('Revocation.ocsp(): OCSP with a custom CNAME, CRLs disabled with Enabled false alone', () => {
    const { t } = template(Revocation.ocsp({ customCname: 'ocsp.example.com' }));
    expect(caResource(t, 'Root').resource.Properties.RevocationConfiguration).toEqual({
      CrlConfiguration: DISABLED,
      OcspConfiguration: { Enabled: true, OcspCustomCname: 'ocsp.example.com' },
    });
    t.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('Revocation.ocsp() without a CNAME uses AWS\'s responder', () => {
    const { t } = template(Revocation.ocsp());
    expect(caResource(t, 'Root').resource.Properties.RevocationConfiguration.OcspConfiguration).toEqual({ Enabled: true });
  });

  test('Revocation.crlAndOcsp(): partitioned CRLs under a custom path for 30 days, and OCSP', () => {
    const { t, root } = template(Revocation.crlAndOcsp({ partitioned: true, expiration: Duration.days(30), customPath: 'pki/root' }, {}));
    expect(caResource(t, 'Root').resource.Properties.RevocationConfiguration).toEqual({
      CrlConfiguration: {
        Enabled: true,
        S3BucketName: { Ref: onlyId(t, 'AWS::S3::Bucket') },
        S3ObjectAcl: 'BUCKET_OWNER_FULL_CONTROL',
        CustomCname: { 'Fn::GetAtt': [onlyId(t, 'AWS::CloudFront::Distribution'), 'DomainName'] },
        CrlType: 'PARTITIONED',
        ExpirationInDays: 30,
        CustomPath: 'pki/root',
      },
      OcspConfiguration: { Enabled: true },
    });
    // Partitioned CRLs have generated names: there is no single URL to give.
    expect(root.crlDistributionPointUrl).toBeUndefined();
    // CloudFront may read the custom path.
    const statements = Object.values(t.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.find((s: any) => s.Sid === 'CloudFrontReadsCrls').Resource.map((r: any) => r['Fn::Join'][1][1])).toEqual(['/crl/*', '/pki/root/*']);
  });

  test('a complete CRL under a custom path has its URL there', () => {
    const { root, stack } = template(Revocation.crl({ customPath: 'pki/root' }));
    expect(JSON.stringify(stack.resolve(root.crlDistributionPointUrl))).toContain('"/pki/root/"');
  });

  test('alarms: false creates no rule, alarm, topic or key', () => {
    const { t, root } = template(Revocation.crl({ alarms: false }));
    for (const type of ['AWS::SNS::Topic', 'AWS::KMS::Key', 'AWS::Events::Rule', 'AWS::CloudWatch::Alarm']) {
      t.resourceCountIs(type, 0);
    }
    expect(root.crlAlarmTopic).toBeUndefined();
  });

  test('a topic passed in gets the alarms, and the stack creates none', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Ops');
    const root = newRoot(stack, Revocation.crl({ alarmTopic: topic }));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.resourceCountIs('AWS::KMS::Key', 0);
    const opsId = stack.resolve((topic.node.defaultChild as sns.CfnTopic).logicalId);
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: opsId } })] });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: opsId }] });
    // aws-cdk-lib lets EventBridge publish to a topic passed in.
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish' })]) },
    });
    expect(root.crlAlarmTopic).toBe(topic);
  });

  test('a CrlBucket passed in is used instead of the stack\'s', () => {
    const stack = newStack();
    const crl = new CrlBucket(stack, 'Crl', { domainName: 'crl.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc') });
    const root = newRoot(stack, Revocation.crl({ bucket: crl }));
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    expect(stack.node.tryFindChild('CdkPkiCrlBucket')).toBeUndefined();
    t.hasResourceProperties(CA, { RevocationConfiguration: { CrlConfiguration: Match.objectLike({ CustomCname: 'crl.example.com' }) } });
    expect(stack.resolve(root.crlDistributionPointUrl)['Fn::Join'][1][0]).toBe('http://crl.example.com/crl/');
  });

  test('an imported CRL bucket: its names as given, and no dependency (its policy is not in this app)', () => {
    const stack = newStack();
    const bucket = CrlBucket.fromCrlBucketAttributes(stack, 'Crl', { bucketName: 'corp-pki-crl', crlDomainName: 'crl.example.com' });
    newRoot(stack, Revocation.crl({ bucket }));
    const t = Template.fromStack(stack);
    t.hasResourceProperties(CA, {
      RevocationConfiguration: { CrlConfiguration: Match.objectLike({ S3BucketName: 'corp-pki-crl', CustomCname: 'crl.example.com' }) },
    });
    expect(caResource(t, 'Root').resource.DependsOn).toEqual([onlyId(t, 'Custom::PkiCaGuard')]);
    t.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('a CRL bucket in another stack', () => {
  test('same account and Region: the CA imports the names, and its stack deploys after the bucket\'s', () => {
    const app = new App();
    const crlStack = newStack(app, 'Crl');
    const crl = new CrlBucket(crlStack, 'Crl');
    const pkiStack = newStack(app, 'Pki');
    newRoot(pkiStack, Revocation.crl({ bucket: crl }));
    const t = Template.fromStack(pkiStack);
    t.hasResourceProperties(CA, {
      RevocationConfiguration: {
        CrlConfiguration: Match.objectLike({ S3BucketName: { 'Fn::ImportValue': Match.anyValue() }, CustomCname: { 'Fn::ImportValue': Match.anyValue() } }),
      },
    });
    expect(pkiStack.dependencies).toContain(crlStack);
    // The bucket's own Region is already allowed: one statement for Private CA.
    const statements = Object.values(Template.fromStack(crlStack).findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.filter((s: any) => String(s.Sid).startsWith('PrivateCaWritesCrls'))).toHaveLength(1);
  });

  test('another Region: works with a fixed bucket name and domain, adds the CA Region to the policy', () => {
    const app = new App();
    const crlStack = newStack(app, 'Crl');
    const crl = new CrlBucket(crlStack, 'Crl', {
      bucketName: 'corp-pki-crl-111111111111',
      domainName: 'crl.example.com',
      certificate: acm.Certificate.fromCertificateArn(crlStack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
    });
    const euStack = newStack(app, 'PkiEu', { account: '111111111111', region: 'eu-west-1' });
    newRoot(euStack, Revocation.crl({ bucket: crl }));
    Template.fromStack(euStack).hasResourceProperties(CA, {
      RevocationConfiguration: { CrlConfiguration: Match.objectLike({ S3BucketName: 'corp-pki-crl-111111111111', CustomCname: 'crl.example.com' }) },
    });
    expect(euStack.dependencies).toContain(crlStack);
    Template.fromStack(crlStack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'PrivateCaWritesCrlsEuWest1',
          Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:eu-west-1:111111111111:certificate-authority/*']] } } }),
        })]),
      },
    });
  });

  test('throws when the bucket is in another Region with generated names', () => {
    const app = new App();
    const crl = new CrlBucket(newStack(app, 'Crl'), 'Crl');
    const euStack = newStack(app, 'PkiEu', { account: '111111111111', region: 'eu-west-1' });
    expect(() => newRoot(euStack, Revocation.crl({ bucket: crl })))
      .toThrow("RootCaAccount 'PkiEu/Root': its CRL bucket 'Crl/Crl' is in us-east-1 and this CA in eu-west-1, and CloudFormation cannot hand a generated bucket name or CloudFront domain across Regions; give that CrlBucket a bucketName, and a domainName with its certificate, or use a CrlBucket in eu-west-1");
  });

  test('throws when AWS does not pair the Regions: a CA in a Region enabled by default, the bucket in an opt-in Region', () => {
    const stack = newStack();
    const bucket = CrlBucket.fromCrlBucketAttributes(stack, 'Crl', { bucketName: 'corp-crl', crlDomainName: 'crl.example.com', region: 'af-south-1' });
    expect(() => newRoot(stack, Revocation.crl({ bucket })))
      .toThrow(/its CRL bucket is in af-south-1: a CA in us-east-1, a Region enabled by default, cannot write CRLs to a bucket in opt-in Region af-south-1; use a CrlBucket in us-east-1/);
  });

  test('throws when the bucket is in another account', () => {
    const stack = newStack();
    const bucket = CrlBucket.fromCrlBucketAttributes(stack, 'Crl', { bucketName: 'corp-crl', crlDomainName: 'crl.example.com', account: '222222222222' });
    expect(() => new IssuingCa(stack, 'Issuing', { parent: newRoot(stack), subject: { commonName: 'Issuing' }, revocation: Revocation.crl({ bucket }) }))
      .toThrow(/IssuingCa 'Pki\/Issuing': its CRL bucket is in account 222222222222, but a CA writes CRLs to a bucket of its own account \(111111111111\)/);
  });
});

describe('revocation validation', () => {
  const token = (v: string) => Lazy.string({ produce: () => v });

  test.each([
    ['0 days', Duration.days(0)],
    ['5001 days', Duration.days(5001)],
    ['36 hours', Duration.hours(36)],
  ])('throws when the CRL expiration is %s', (_what, expiration) => {
    expect(() => newRoot(newStack(), Revocation.crl({ expiration })))
      .toThrow(`revocation CRL expiration ${expiration.toHumanString()} is not allowed: CRLs expire after 1 to 5000 whole days; use Duration.days(1) to Duration.days(5000)`);
  });

  test('does not throw when the CRL expiration is 1 or 5000 days, or a token', () => {
    for (const expiration of [Duration.days(1), Duration.days(5000), Duration.days(Lazy.number({ produce: () => 0 }))]) {
      expect(() => newRoot(newStack(), Revocation.crl({ expiration }))).not.toThrow();
    }
  });

  test.each(['/crl', 'crl/', 'a//b', 'crl path'])('throws when the CRL customPath is %j', (customPath) => {
    expect(() => newRoot(newStack(), Revocation.crl({ customPath }))).toThrow(`revocation CRL customPath '${customPath}' is not allowed`);
  });

  test.each([
    ['http://ocsp.example.com', /it has a scheme; give the host name only/],
    ['ocsp.example.com:8080', /characters|not a DNS host name/],
    ['ocsp_example.com', /not a DNS host name/],
    ['ocsp.example.com/path', /not a DNS host name/],
    ['', /it has 0 characters, not 1 to 253/],
  ])('throws when the OCSP customCname is %j', (customCname, message) => {
    expect(() => newRoot(newStack(), Revocation.ocsp({ customCname }))).toThrow(message);
  });

  test('does not throw when the custom path and OCSP CNAME are tokens', () => {
    expect(() => newRoot(newStack(), Revocation.crlAndOcsp({ customPath: token('/bad/') }, { customCname: token('http://x') }))).not.toThrow();
  });

  test('collects the revocation problems with the CA\'s others, in one message naming value and fix', () => {
    expect(() => new RootCaAccount(newStack(), 'Root', {
      hierarchyName: 'corp',
      subject: { commonName: '' },
      revocation: Revocation.crlAndOcsp({ expiration: Duration.days(9999) }, { customCname: 'https://ocsp.example.com' }),
    })).toThrow(/^RootCaAccount 'Pki\/Root' has 3 problems:\n(.*\n)*.*expiration 9999 days is not allowed(.*\n)*.*customCname 'https:\/\/ocsp.example.com' is not allowed: it has a scheme; give the host name only \(Private CA adds http:\/\/\); for example 'ocsp.example.com'/);
  });
});
