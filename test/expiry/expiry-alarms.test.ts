/**
 * ExpiryAlarms, the convenience that composes the expiry constructs: the synthesized resources (exact event
 * patterns, alarms, Config rule, account configuration), the topic's and key's policies and the functions' roles
 * evaluated with the IAM policy simulator, the resource count at the limits, and every synth-time check in pairs
 * (throws / token passes). Most stacks here use the day-count props that `Duration` props replaced (deprecated
 * aliases that users' stacks still have); 'time as Duration' covers the successors. The parts used alone have
 * their own test files; expiry-alarms-compat.test.ts shows that the split changed no resource.
 */
import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CA_ACCOUNT, CERT_A, CERT_B, ENV, OTHER_REGION_CA, OUTSIDER, READER_ROLE, REMOTE_CA, newStack, only, resourcesOf } from './expiry-fixtures';
import { CertificateFilter, ExpiryAlarms, ExpiryAlarmsProps } from '../../src/expiry/expiry-alarms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { Validity } from '../../src/hierarchy/validity';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';

/** The rule of an ExpiryAlarms with this construct id prefix. */
function rule(template: Template, idPrefix: string) {
  const [, found] = only(Object.fromEntries(Object.entries(resourcesOf(template, 'AWS::Events::Rule')).filter(([k]) => k.startsWith(idPrefix))));
  return found.Properties;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared stacks, synthesized once.

let defaults: { stack: Stack; template: Template; alarms: ExpiryAlarms };
let full: { stack: Stack; template: Template; alarms: ExpiryAlarms; resolved: ResolvedStack; root: RootCaAccount; issuing: IssuingCa };

beforeAll(() => {
  {
    const stack = newStack('Defaults');
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms');
    defaults = { stack, template: Template.fromStack(stack), alarms };
  }
  {
    const stack = newStack('Full');
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'test', subject: { commonName: 'Test Root' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Test Issuing' } });
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', {
      emailAddresses: ['pki-team@example.com'],
      httpsEndpoints: ['https://hooks.example.com/pki'],
      daysBeforeExpiry: 30,
      filter: CertificateFilter.certificateArns([CERT_A, CERT_B]),
      certificates: [acm.Certificate.fromCertificateArn(stack, 'CertA', CERT_A), acm.Certificate.fromCertificateArn(stack, 'CertB', CERT_B)],
      warningDays: 40,
      criticalDays: 10,
      configRuleDaysToExpiration: 21,
      certificateAuthorities: [root, issuing, acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'OtherRegionCa', OTHER_REGION_CA)],
      crossAccountCertificateAuthorities: [{ certificateAuthorityArn: REMOTE_CA, roleArn: READER_ROLE }],
      discoverCertificateAuthorities: true,
      inventory: { ownerTagKeys: ['Owner', 'CostCenter'] },
    });
    full = { stack, template: Template.fromStack(stack), alarms, resolved: ResolvedStack.of(stack), root, issuing };
  }
});

// ---------------------------------------------------------------------------------------------------------------

describe('the account\'s expiry-event configuration', () => {
  test('AWS::CertificateManager::Account with DaysBeforeExpiry 45 by default', () => {
    defaults.template.resourceCountIs('AWS::CertificateManager::Account', 1);
    defaults.template.hasResourceProperties('AWS::CertificateManager::Account', {
      ExpiryEventsConfiguration: Match.objectEquals({ DaysBeforeExpiry: 45 }),
    });
  });

  test('DaysBeforeExpiry as given', () => {
    full.template.hasResourceProperties('AWS::CertificateManager::Account', { ExpiryEventsConfiguration: { DaysBeforeExpiry: 30 } });
  });

  test('none with configureAccount: false', () => {
    const stack = newStack();
    new ExpiryAlarms(stack, 'ExpiryAlarms', { configureAccount: false });
    Template.fromStack(stack).resourceCountIs('AWS::CertificateManager::Account', 0);
  });
});

describe('ACM events to the topic', () => {
  const EXPECTED = [
    ['ExpiryAlarmsApproachingExpirationRule', 'ACM Certificate Approaching Expiration'],
    ['ExpiryAlarmsRenewalActionRequiredRule', 'ACM Certificate Renewal Action Required'],
    ['ExpiryAlarmsExpiredRule', 'ACM Certificate Expired'],
  ];

  test.each(EXPECTED)('%s matches exactly source aws.acm and detail-type "%s"', (id, detailType) => {
    expect(rule(defaults.template, id).EventPattern).toEqual({ 'source': ['aws.acm'], 'detail-type': [detailType] });
  });

  test.each(EXPECTED)('%s, filtered by ARN, matches exactly those certificates', (id, detailType) => {
    expect(rule(full.template, id).EventPattern).toEqual({ 'source': ['aws.acm'], 'detail-type': [detailType], 'resources': [CERT_A, CERT_B] });
  });

  test('each rule sends a readable plain-text message to the topic: certificate ARN, common name, days left', () => {
    const topicRef = { Ref: only(resourcesOf(defaults.template, 'AWS::SNS::Topic'))[0] };
    const targetOf = (id: string) => only(Object.fromEntries(rule(defaults.template, id).Targets.map((t: any) => [t.Id, t])))[1] as any;

    expect(targetOf('ExpiryAlarmsApproachingExpirationRule')).toEqual({
      Arn: topicRef,
      Id: 'Target0',
      InputTransformer: {
        InputPathsMap: {
          certificateArn: '$.resources[0]', commonName: '$.detail.CommonName', account: '$.account', region: '$.region', daysToExpiry: '$.detail.DaysToExpiry',
        },
        InputTemplate: 'ACM certificate <commonName> (<certificateArn>) in account <account>, Region <region> expires in <daysToExpiry> days. '
          + 'ACM renews the certificates it issues and that are in use or exported; an imported certificate must be replaced and re-imported before then.',
      },
    });
    expect(targetOf('ExpiryAlarmsRenewalActionRequiredRule').InputTransformer).toEqual({
      InputPathsMap: expect.objectContaining({ renewalStatusReason: '$.detail.RenewalStatusReason', daysToExpiry: '$.detail.DaysToExpiry' }),
      InputTemplate: expect.stringMatching(/^ACM could not renew certificate <commonName> \(<certificateArn>\) .*: <renewalStatusReason>\. It expires in <daysToExpiry> days/),
    });
    expect(targetOf('ExpiryAlarmsExpiredRule').InputTransformer).toEqual({
      InputPathsMap: expect.objectContaining({ expirationDate: '$.detail.CertificateExpirationDate' }),
      InputTemplate: expect.stringMatching(/^ACM certificate <commonName> \(<certificateArn>\) .* EXPIRED on <expirationDate>\./),
    });
  });

  test('every placeholder of every template has a path, and every path is used', () => {
    for (const r of Object.values(resourcesOf(full.template, 'AWS::Events::Rule'))) {
      for (const target of r.Properties.Targets ?? []) {
        const transformer = target.InputTransformer;
        if (!transformer) continue;
        const placeholders = [...String(transformer.InputTemplate).matchAll(/<([^>]+)>/g)].map((m) => m[1]);
        expect(new Set(placeholders)).toEqual(new Set(Object.keys(transformer.InputPathsMap)));
      }
    }
  });
});

describe('the topic', () => {
  test('is new, encrypted with a new KMS key that rotates, and refuses publishing without SSL', () => {
    const [keyId, key] = only(resourcesOf(defaults.template, 'AWS::KMS::Key'));
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const [topicId, topic] = only(resourcesOf(defaults.template, 'AWS::SNS::Topic'));
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const [, policy] = only(resourcesOf(defaults.template, 'AWS::SNS::TopicPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
      Action: 'sns:Publish',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: '*',
      Resource: { Ref: topicId },
      Sid: 'AllowPublishThroughSSLOnly',
    });
    expect(defaults.alarms.topicKey).toBeDefined();
  });

  test('has the email and HTTPS subscriptions asked for', () => {
    full.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'pki-team@example.com' });
    full.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://hooks.example.com/pki' });
    defaults.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  describe('policies, evaluated', () => {
    let topicArn: string;
    let topicPolicy: PolicyDocument;
    let keyArn: string;
    let keyPolicy: PolicyDocument;

    beforeAll(() => {
      const resolved = full.resolved;
      const [topicId] = only(resourcesOf(full.template, 'AWS::SNS::Topic'));
      topicArn = resolved.resolve({ Ref: topicId }) as string;
      topicPolicy = resolved.resolve(only(resourcesOf(full.template, 'AWS::SNS::TopicPolicy'))[1].Properties.PolicyDocument) as PolicyDocument;
      const [keyId, key] = only(resourcesOf(full.template, 'AWS::KMS::Key'));
      keyArn = resolved.arnOf(keyId);
      keyPolicy = resolved.resolve(key.Properties.KeyPolicy) as PolicyDocument;
    });

    const publish = (principal: string, sourceAccount: string, secure = 'true') => simulate({
      principal,
      action: 'sns:Publish',
      resource: topicArn,
      resourcePolicy: topicPolicy,
      context: { 'aws:SourceAccount': sourceAccount, 'aws:SecureTransport': secure },
    });

    test('EventBridge and CloudWatch of this account may publish', async () => {
      expect(await publish('events.amazonaws.com', ENV.account)).toBe('Allowed');
      expect(await publish('cloudwatch.amazonaws.com', ENV.account)).toBe('Allowed');
    });

    test('EventBridge and CloudWatch acting for another account may not (confused deputy)', async () => {
      expect(await publish('events.amazonaws.com', OUTSIDER)).not.toBe('Allowed');
      expect(await publish('cloudwatch.amazonaws.com', OUTSIDER)).not.toBe('Allowed');
    });

    test('nobody may publish without SSL', async () => {
      expect(await publish('events.amazonaws.com', ENV.account, 'false')).toBe('ExplicitlyDenied');
    });

    test('the key lets EventBridge and CloudWatch encrypt for the topic, and nothing more', async () => {
      const kms = (principal: string, action: string) => simulate({
        principal, action, resource: keyArn, resourcePolicy: keyPolicy, resourceAccount: ENV.account,
      });
      for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
        expect(await kms(service, 'kms:GenerateDataKey')).toBe('Allowed');
        expect(await kms(service, 'kms:Decrypt')).toBe('Allowed');
        expect(await kms(service, 'kms:ScheduleKeyDeletion')).not.toBe('Allowed');
        expect(await kms(service, 'kms:PutKeyPolicy')).not.toBe('Allowed');
      }
      expect(await kms(`arn:aws:iam::${OUTSIDER}:root`, 'kms:Decrypt')).not.toBe('Allowed');
    });
  });

  test('a topic passed in is used, with no topic or key of its own, and gets the publishing statement', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'TeamTopic');
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', { topic, certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_A)] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(alarms.topic).toBe(topic);
    const topicId = stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic);
    expect(rule(template, 'ExpiryAlarmsExpiredRule').Targets[0].Arn).toEqual({ Ref: topicId });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topicId }] });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ExpiryNotificationsFromThisAccount' })]) },
    });
  });
});

describe('the Config rule', () => {
  test('ACM_CERTIFICATE_EXPIRATION_CHECK on AWS::ACM::Certificate with daysToExpiration = warningDays by default', () => {
    defaults.template.hasResourceProperties('AWS::Config::ConfigRule', Match.objectEquals({
      Description: 'cdk-pki: ACM certificates that expire within 30 days are NON_COMPLIANT',
      Source: { Owner: 'AWS', SourceIdentifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK' },
      InputParameters: { daysToExpiration: 30 },
      Scope: { ComplianceResourceTypes: ['AWS::ACM::Certificate'] },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
    }));
  });

  test('daysToExpiration as given', () => {
    full.template.hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { daysToExpiration: 21 } });
  });

  test('its NON_COMPLIANT findings go to the topic: exact pattern', () => {
    const [ruleId] = only(resourcesOf(defaults.template, 'AWS::Config::ConfigRule'));
    const r = rule(defaults.template, 'ExpiryAlarmsConfigComplianceRule');
    expect(r.EventPattern).toEqual({
      'source': ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      'detail': {
        messageType: ['ComplianceChangeNotification'],
        configRuleName: [{ Ref: ruleId }],
        resourceType: ['AWS::ACM::Certificate'],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    });
    expect(r.Targets[0].InputTransformer.InputTemplate).toMatch(/^AWS Config rule <configRuleName> found ACM certificate <certificateArn> .* within 30 days/);
  });

  test('filtered by ARN, only those certificates\' findings', () => {
    expect(rule(full.template, 'ExpiryAlarmsConfigComplianceRule').EventPattern.detail.resourceId).toEqual([CERT_A, CERT_B]);
  });

  test('left out with configRule: false (AWS Config not recording)', () => {
    const stack = newStack();
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', { configRule: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    expect(Object.values(resourcesOf(template, 'AWS::Events::Rule')).map((r) => r.Properties.EventPattern.source[0]))
      .toEqual(['aws.acm', 'aws.acm', 'aws.acm', 'cdk-pki.ca-renewal']);
    expect(alarms.configRule).toBeUndefined();
  });
});

describe('alarms on ACM\'s DaysToExpiry for named certificates', () => {
  test('a warning and a critical alarm per certificate: Minimum over one day, at or below the threshold, missing data breaching, to the topic', () => {
    const [topicId] = only(resourcesOf(full.template, 'AWS::SNS::Topic'));
    for (const [arn, days] of [[CERT_A, 40], [CERT_A, 10], [CERT_B, 40], [CERT_B, 10]] as const) {
      full.template.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectEquals({
        AlarmDescription: Match.stringLikeRegexp(`^cdk-pki (WARNING|CRITICAL): ACM certificate ${arn} expires within ${days} days`),
        Namespace: 'AWS/CertificateManager',
        MetricName: 'DaysToExpiry',
        Dimensions: [{ Name: 'CertificateArn', Value: arn }],
        Statistic: 'Minimum',
        Period: 86400,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: days,
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      }));
    }
  });

  test('defaults: warning at 30 days, critical at 7', () => {
    const stack = newStack();
    new ExpiryAlarms(stack, 'ExpiryAlarms', { certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_A)] });
    const thresholds = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::CloudWatch::Alarm')).map((a) => a.Properties.Threshold).sort((a, b) => a - b);
    expect(thresholds).toEqual([7, 30]);
  });

  test('none without named certificates', () => {
    defaults.template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('a certificate named twice gets one pair of alarms', () => {
    const stack = newStack();
    const cert = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_A);
    new ExpiryAlarms(stack, 'ExpiryAlarms', { certificates: [cert, cert] });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 2);
  });
});

describe('CA certificates', () => {
  let checkEvent: any;

  beforeAll(() => {
    const schedule = rule(full.template, 'ExpiryAlarmsCaExpirySchedule');
    checkEvent = JSON.parse(full.resolved.resolve(schedule.Targets[0].Input) as string);
  });

  test('a schedule every six hours hands the function every CA (with the role for the one in another account) and discovery', () => {
    const schedule = rule(full.template, 'ExpiryAlarmsCaExpirySchedule');
    expect(schedule.ScheduleExpression).toBe('rate(6 hours)');
    expect(checkEvent).toEqual({
      CertificateAuthorities: [
        { Arn: full.resolved.resolve(full.stack.resolve(full.root.certificateAuthorityArn)) },
        { Arn: full.resolved.resolve(full.stack.resolve(full.issuing.certificateAuthorityArn)) },
        { Arn: OTHER_REGION_CA },
        { Arn: REMOTE_CA, RoleArn: READER_ROLE },
      ],
      DiscoverAccountCertificateAuthorities: true,
      Monitor: full.alarms.monitorId,
    });
  });

  test('the CAs are checked once at deployment too, with the same input (Custom::PkiCaExpiryCheck, served by the function itself)', () => {
    const [, check] = only(resourcesOf(full.template, 'Custom::PkiCaExpiryCheck'));
    const [functionId] = only(Object.fromEntries(Object.entries(resourcesOf(full.template, 'AWS::Lambda::Function')).filter(([k]) => k.includes('CaExpiry'))));
    expect(check.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
    expect(full.resolved.resolve(check.Properties.Check)).toEqual(checkEvent);
  });

  test('a warning (180 days) and a critical (60 days) alarm per CA on cdk-pki DaysToExpiry, missing data breaching', () => {
    for (const arn of checkEvent.CertificateAuthorities.map((c: { Arn: string }) => c.Arn)) {
      for (const days of [180, 60]) {
        const matches = Object.values(resourcesOf(full.template, 'AWS::CloudWatch::Alarm')).filter((a) => a.Properties.Namespace === 'cdk-pki'
          && a.Properties.Threshold === days
          && JSON.stringify(full.resolved.resolve(a.Properties.Dimensions)) === JSON.stringify([{ Name: 'CertificateAuthorityArn', Value: arn }]));
        expect(matches).toHaveLength(1);
        expect(matches[0].Properties).toMatchObject({
          MetricName: 'DaysToExpiry', Statistic: 'Minimum', Period: 86400, ComparisonOperator: 'LessThanOrEqualToThreshold', TreatMissingData: 'breaching',
        });
      }
    }
  });

  test('with discovery, one pair of alarms on the minimum over every CA (dimension Monitor)', () => {
    const monitor = Object.values(resourcesOf(full.template, 'AWS::CloudWatch::Alarm'))
      .filter((a) => JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'Monitor', Value: full.alarms.monitorId }]));
    expect(monitor.map((a) => a.Properties.Threshold).sort((a, b) => a - b)).toEqual([60, 180]);
  });

  test('metricCaDaysToExpiry and metricMinimumCaDaysToExpiry name the published metrics', () => {
    const metric = full.alarms.metricCaDaysToExpiry(full.root);
    expect(metric.namespace).toBe('cdk-pki');
    expect(metric.metricName).toBe('DaysToExpiry');
    expect(metric.dimensions).toEqual({ CertificateAuthorityArn: full.root.certificateAuthorityArn });
    expect(metric.statistic).toBe('Minimum');
    expect(full.alarms.metricMinimumCaDaysToExpiry().dimensions).toEqual({ Monitor: full.alarms.monitorId });
  });

  test('the function\'s role has its own IAM path, outside /cdk-pki/ (which signer roles trust)', () => {
    const role = Object.values(resourcesOf(full.template, 'AWS::IAM::Role')).find((r) => r.Properties.Description === 'cdk-pki: role of the ca-expiry function')!;
    expect(role.Properties.Path).toBe('/cdk-pki-ca-expiry/');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('no schedule, function or CA alarm without CAs', () => {
    defaults.template.resourceCountIs('AWS::Lambda::Function', 0);
    defaults.template.resourceCountIs('Custom::PkiCaExpiryCheck', 0);
  });
});

describe('the CA-expiry function\'s permissions, evaluated', () => {
  let caller: { principal: string; policies: ReturnType<ResolvedStack['identityPolicies']>; roleArn: string };

  beforeAll(() => {
    const resolved = full.resolved;
    const roleId = resolved.logicalIds('AWS::IAM::Role', (p) => p.Description === 'cdk-pki: role of the ca-expiry function')[0];
    const name = resolved.resolve({ Ref: roleId }) as string;
    caller = {
      principal: `arn:aws:sts::${ENV.account}:assumed-role/${name}/session`,
      policies: resolved.identityPolicies(roleId),
      roleArn: `arn:aws:iam::${ENV.account}:role/cdk-pki-ca-expiry/${name}`,
    };
  });

  const call = (action: string, resource: string, context: Record<string, string> = {}) =>
    simulate({ principal: caller.principal, action, resource, identityPolicies: caller.policies, context: { 'aws:RequestedRegion': ENV.region, ...context } });

  test('reads the named CAs\' certificates, in any Region', async () => {
    for (const arn of [full.resolved.resolve(full.stack.resolve(full.root.certificateAuthorityArn)) as string, OTHER_REGION_CA]) {
      expect(await call('acm-pca:GetCertificateAuthorityCertificate', arn, { 'aws:RequestedRegion': arn.split(':')[3] })).toBe('Allowed');
    }
  });

  test('with discovery, lists and reads any CA of this Region, and no other', async () => {
    expect(await call('acm-pca:ListCertificateAuthorities', '*')).toBe('Allowed');
    const unnamed = `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/eeeeeeee-1111-4111-8111-111111111111`;
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', unnamed)).toBe('Allowed');
    const elsewhere = `arn:aws:acm-pca:ap-south-1:${ENV.account}:certificate-authority/eeeeeeee-1111-4111-8111-111111111111`;
    expect(await call('acm-pca:GetCertificateAuthorityCertificate', elsewhere, { 'aws:RequestedRegion': 'ap-south-1' })).not.toBe('Allowed');
  });

  test('cannot issue, revoke or change any CA', async () => {
    const rootArn = full.resolved.resolve(full.stack.resolve(full.root.certificateAuthorityArn)) as string;
    for (const action of ['acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:GetCertificate']) {
      expect(await call(action, rootArn)).not.toBe('Allowed');
    }
  });

  test('publishes metrics to the cdk-pki namespace only', async () => {
    expect(await call('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'cdk-pki' })).toBe('Allowed');
    expect(await call('cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'AWS/CertificateManager' })).not.toBe('Allowed');
  });

  test('assumes the named read role and no other role', async () => {
    // A trust policy that lets this account in, so that the answer is the identity policy's.
    const trustsThisAccount: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ENV.account}:root` }, Action: 'sts:AssumeRole' }],
    };
    const assume = (roleArn: string) => simulate({
      principal: caller.principal, action: 'sts:AssumeRole', resource: roleArn, identityPolicies: caller.policies, resourcePolicy: trustsThisAccount,
    });
    expect(await assume(READER_ROLE)).toBe('Allowed');
    expect(await assume(`arn:aws:iam::${CA_ACCOUNT}:role/cdk-pki-signer-eu-west-1-${ENV.account}`)).not.toBe('Allowed');
  });

  test('the invoker role of a root\'s signing authority, trusting a role of this account, does not trust the CA-expiry function', async () => {
    const rootStack = newStack('Root', { account: CA_ACCOUNT, region: 'us-east-1' });
    const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'test', subject: { commonName: 'Test Root' } });
    // A subordinate in this account: the invoker role trusts this account's principal, with its signing handler's ARN as condition.
    root.declareSubordinate({ ...ENV, stackName: 'Issuing', caName: 'issuing', subject: { commonName: 'Test Issuing' }, validity: Validity.years(3) });
    const resolvedRoot = ResolvedStack.of(rootStack);
    const signerRoles = resolvedRoot.logicalIds('AWS::IAM::Role', (p) => JSON.stringify(p.AssumeRolePolicyDocument ?? {}).includes('aws:PrincipalArn'));
    expect(signerRoles).toHaveLength(1);
    expect(JSON.stringify(resolvedRoot.trustPolicy(signerRoles[0]))).toContain(`arn:aws:iam::${ENV.account}:root`);
    for (const roleId of signerRoles) {
      const decision = await simulate({
        principal: caller.principal,
        action: 'sts:AssumeRole',
        resource: resolvedRoot.arnOf(roleId),
        identityPolicies: [{ name: 'AnyRole', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }],
        resourcePolicy: resolvedRoot.trustPolicy(roleId),
        context: { 'aws:PrincipalArn': caller.roleArn, 'aws:PrincipalAccount': ENV.account },
      });
      expect(decision).not.toBe('Allowed');
    }
  });
});

describe('filtering by tag', () => {
  let template: Template;

  beforeAll(() => {
    const stack = newStack('Tags');
    new ExpiryAlarms(stack, 'ExpiryAlarms', { filter: CertificateFilter.tags({ Team: 'payments' }) });
    template = Template.fromStack(stack);
  });

  test('every rule, the Config one too, goes to the filter function instead of the topic; the patterns stay exact', () => {
    const [functionId] = only(resourcesOf(template, 'AWS::Lambda::Function'));
    for (const id of ['ExpiryAlarmsApproachingExpirationRule', 'ExpiryAlarmsRenewalActionRequiredRule', 'ExpiryAlarmsExpiredRule', 'ExpiryAlarmsConfigComplianceRule']) {
      const r = rule(template, id);
      expect(r.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })]);
      expect(r.Targets[0].InputTransformer).toBeUndefined();
      expect(r.EventPattern.resources).toBeUndefined();
    }
    template.resourceCountIs('AWS::Lambda::Permission', 4);
  });

  test('the function knows the topic and the tags, may read certificates\' tags in this Region and publish to the topic', () => {
    const [topicId] = only(resourcesOf(template, 'AWS::SNS::Topic'));
    const [keyId] = only(resourcesOf(template, 'AWS::KMS::Key'));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: { Variables: { EXPIRY_TOPIC_ARN: { Ref: topicId }, EXPIRY_REQUIRED_TAGS: '{"Team":"payments"}', EXPIRY_CONFIG_DAYS: '30' } },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'acm:ListTagsForCertificate', Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } }, Effect: 'Allow', Resource: '*' },
          { Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: topicId } },
          { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        ]),
      },
    });
  });

  test('the function\'s errors are alarmed to the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1, TreatMissingData: 'notBreaching' });
  });
});

describe('inventory', () => {
  test('a private, SSL-only, encrypted, retained bucket', () => {
    const [, bucket] = only(resourcesOf(full.template, 'AWS::S3::Bucket'));
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    full.template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    full.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('a daily function that knows the bucket, the prefix and the owner tags', () => {
    const [bucketId] = only(resourcesOf(full.template, 'AWS::S3::Bucket'));
    full.template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: {
        Variables: {
          INVENTORY_BUCKET: { Ref: bucketId },
          INVENTORY_PREFIX: 'certificate-inventory/',
          INVENTORY_OWNER_TAG_KEYS: '["Owner","CostCenter"]',
          INVENTORY_ACCOUNT: { Ref: 'AWS::AccountId' },
        },
      },
    });
    expect(rule(full.template, 'ExpiryAlarmsInventorySchedule').ScheduleExpression).toBe('rate(1 day)');
    expect(full.alarms.inventoryBucket).toBeDefined();
  });

  test('the function reads the certificates of this Region and writes under the prefix only', async () => {
    const resolved = full.resolved;
    const roleId = resolved.logicalIds('AWS::IAM::Role', (p) => p.Description === 'cdk-pki: role of the cert-inventory function')[0];
    const policies = resolved.identityPolicies(roleId);
    const principal = `arn:aws:sts::${ENV.account}:assumed-role/${roleId}/session`;
    const call = (action: string, resource: string, region = ENV.region) =>
      simulate({ principal, action, resource, identityPolicies: policies, context: { 'aws:RequestedRegion': region } });
    const bucketArn = resolved.arnOf(only(resourcesOf(full.template, 'AWS::S3::Bucket'))[0]);
    expect(await call('acm:ListCertificates', '*')).toBe('Allowed');
    expect(await call('acm:DescribeCertificate', CERT_A)).toBe('Allowed');
    expect(await call('acm:ListTagsForCertificate', CERT_A)).toBe('Allowed');
    expect(await call('acm:DescribeCertificate', CERT_A.replace('eu-west-1', 'us-east-1'), 'us-east-1')).not.toBe('Allowed');
    expect(await call('acm:ExportCertificate', CERT_A)).not.toBe('Allowed');
    expect(await call('s3:PutObject', `${bucketArn}/certificate-inventory/2026-01-01/certificates.json`)).toBe('Allowed');
    expect(await call('s3:PutObject', `${bucketArn}/elsewhere.json`)).not.toBe('Allowed');
    expect(await call('s3:GetObject', `${bucketArn}/certificate-inventory/latest/certificates.json`)).not.toBe('Allowed');
  });

  test('a bucket passed in is used, under the prefix given', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Reports');
    new ExpiryAlarms(stack, 'ExpiryAlarms', { inventory: { bucket, keyPrefix: 'acm/', schedule: events.Schedule.rate(Duration.days(7)) } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ INVENTORY_PREFIX: 'acm/' }) } });
  });
});

describe('scale', () => {
  test('at the limits (50 certificates, 25 CAs, discovery, inventory, tag filter) a stack stays far below 500 resources', () => {
    const stack = newStack();
    const certificates = Array.from({ length: 50 }, (_, i) => acm.Certificate.fromCertificateArn(stack, `Cert${i}`,
      `arn:aws:acm:eu-west-1:${ENV.account}:certificate/${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`));
    const cas = Array.from({ length: 25 }, (_, i) => acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, `Ca${i}`,
      `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`));
    new ExpiryAlarms(stack, 'ExpiryAlarms', {
      certificates,
      certificateAuthorities: cas,
      discoverCertificateAuthorities: true,
      inventory: {},
      filter: CertificateFilter.tags({ Team: 'pki' }),
      emailAddresses: ['a@example.com'],
    });
    const count = Object.keys(Template.fromStack(stack).toJSON().Resources).length;
    expect(count).toBeLessThanOrEqual(200);
  });

  test('the default ExpiryAlarms is ten resources, whatever the number of certificates', () => {
    expect(Object.keys(defaults.template.toJSON().Resources)).toHaveLength(10);
  });
});

describe('bad input', () => {
  function build(props: ExpiryAlarmsProps, stack = newStack()): () => ExpiryAlarms {
    return () => new ExpiryAlarms(stack, 'ExpiryAlarms', props);
  }

  test.each([0, 46, 2.5, -1])('throws when daysBeforeExpiry is %p', (days) => {
    expect(build({ daysBeforeExpiry: days })).toThrow(`ExpiryAlarms 'Pki/ExpiryAlarms': daysBeforeExpiry ${days} is not allowed: `
      + 'ACM sends expiry events from 1 to 45 days before expiry (AWS::CertificateManager::Account); use a whole number from 1 to 45');
  });

  test('does not throw when daysBeforeExpiry is a token', () => {
    expect(build({ daysBeforeExpiry: Token.asNumber({ Ref: 'Days' }) })).not.toThrow();
  });

  test('throws when daysBeforeExpiry is set and the account is not configured here', () => {
    expect(build({ daysBeforeExpiry: 30, configureAccount: false })).toThrow(/daysBeforeExpiry 30 has no effect with configureAccount: false/);
  });

  test.each([[10, 10], [7, 30], [30, 31]])('throws when warningDays %p is not above criticalDays %p', (warningDays, criticalDays) => {
    expect(build({ warningDays, criticalDays })).toThrow(`criticalDays ${criticalDays} must be less than warningDays ${warningDays}`);
  });

  test('throws when a threshold is not a positive whole number', () => {
    expect(build({ warningDays: 0 })).toThrow(/warningDays 0 is not allowed/);
    expect(build({ criticalDays: 1.5 })).toThrow(/criticalDays 1.5 is not allowed/);
  });

  test('does not throw when thresholds are tokens', () => {
    expect(build({ warningDays: Token.asNumber({ Ref: 'W' }), criticalDays: 60 })).not.toThrow();
  });

  test('throws when caCriticalDays is not below caWarningDays', () => {
    expect(build({ caWarningDays: 30, caCriticalDays: 90 })).toThrow(/caCriticalDays 90 must be less than caWarningDays 30/);
  });

  test.each(['pki-team', 'pki team@example.com', 'pki@localhost', '@example.com'])('throws when an email is %p', (email) => {
    expect(build({ emailAddresses: [email] })).toThrow(`emailAddresses: '${email}' is not an email address; use the form name@example.com`);
  });

  test('does not throw when an email is a token', () => {
    expect(build({ emailAddresses: [Lazy.string({ produce: () => 'pki@example.com' })] })).not.toThrow();
  });

  test.each(['http://hooks.example.com/pki', 'hooks.example.com', 'https://'])('throws when an HTTPS endpoint is %p', (url) => {
    expect(build({ httpsEndpoints: [url] })).toThrow(`httpsEndpoints: '${url}' is not an HTTPS URL`);
  });

  test('throws when configRuleDaysToExpiration is not a positive whole number, or is set without the rule', () => {
    expect(build({ configRuleDaysToExpiration: 0 })).toThrow(/configRuleDaysToExpiration 0 is not allowed/);
    expect(build({ configRuleDaysToExpiration: 14, configRule: false })).toThrow(/configRuleDaysToExpiration is set but configRule is false/);
  });

  test('throws when a certificate to alarm on is in another Region or account', () => {
    const stack = newStack();
    const elsewhere = acm.Certificate.fromCertificateArn(stack, 'Cf', `arn:aws:acm:us-east-1:${ENV.account}:certificate/abc`);
    const foreign = acm.Certificate.fromCertificateArn(stack, 'Foreign', `arn:aws:acm:eu-west-1:${OUTSIDER}:certificate/abc`);
    expect(build({ certificates: [elsewhere, foreign] }, stack)).toThrow(
      /has 2 problems:[\s\S]*is in us-east-1, but this stack is in eu-west-1[\s\S]*CloudFront certificates live in us-east-1[\s\S]*is in account 999999999999/);
  });

  test('does not throw when a certificate\'s ARN is a token (a certificate of this stack)', () => {
    const stack = newStack();
    const cert = new acm.Certificate(stack, 'Cert', { domainName: 'example.com' });
    expect(build({ certificates: [cert] }, stack)).not.toThrow();
  });

  test('throws when more than 50 certificates get alarms, and says which path scales', () => {
    const stack = newStack();
    const certificates = Array.from({ length: 51 }, (_, i) => acm.Certificate.fromCertificateArn(stack, `C${i}`, `${CERT_A}${i}`));
    expect(build({ certificates }, stack)).toThrow(/51 certificates; at most 50 get their own alarms .*the ACM events and the Config rule cover every certificate/);
  });

  test('throws when more than 25 CAs are named, and points to discovery', () => {
    const stack = newStack();
    const cas = Array.from({ length: 26 }, (_, i) => acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, `Ca${i}`, `${OTHER_REGION_CA}${i}`));
    expect(build({ certificateAuthorities: cas }, stack)).toThrow(/26 CAs are named; at most 25 .*discoverCertificateAuthorities: true/);
  });

  test('throws when a cross-account CA or role is not an ARN of its kind', () => {
    expect(build({ crossAccountCertificateAuthorities: [{ certificateAuthorityArn: 'ca-1', roleArn: 'reader' }] })).toThrow(
      /roleArn 'reader' is not an IAM role ARN[\s\S]*'ca-1' is not a certificate authority ARN/);
  });

  test('throws when a filter matches nothing or is malformed', () => {
    expect(build({ filter: CertificateFilter.certificateArns([]) })).toThrow(/would match nothing/);
    expect(build({ filter: CertificateFilter.certificateArns(['arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/x']) })).toThrow(/is not an ACM certificate ARN/);
    expect(build({ filter: CertificateFilter.tags({}) })).toThrow(/CertificateFilter.tags\(\) with no tag/);
  });

  test('does not throw when a filtered certificate ARN is a token', () => {
    const stack = newStack();
    const cert = new acm.Certificate(stack, 'Cert', { domainName: 'example.com' });
    expect(build({ filter: CertificateFilter.certificates([cert]) }, stack)).not.toThrow();
  });

  test('throws when the topic is FIFO', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Fifo', { fifo: true, topicName: 'expiry.fifo' });
    expect(build({ topic }, stack)).toThrow(/topic is a FIFO topic/);
  });

  test('throws when the inventory prefix or an owner tag key is malformed', () => {
    expect(build({ inventory: { keyPrefix: '/reports' } })).toThrow(/inventory.keyPrefix '\/reports' is not allowed/);
    expect(build({ inventory: { ownerTagKeys: ['Owner', ''] } })).toThrow(/inventory.ownerTagKeys: '' is not a valid tag key/);
  });

  test('collects every problem and throws once', () => {
    expect(build({ daysBeforeExpiry: 50, warningDays: 5, criticalDays: 9, emailAddresses: ['x'] })).toThrow(/has 3 problems:\n {2}- daysBeforeExpiry 50/);
  });
});

describe('one account configuration per account and Region', () => {
  test('throws when a second ExpiryAlarms in the same stack would configure the account', () => {
    const stack = newStack();
    new ExpiryAlarms(stack, 'First');
    expect(() => new ExpiryAlarms(stack, 'Second')).toThrow(
      /ExpiryAlarms 'Pki\/Second': ExpiryAlarms 'Pki\/First' already sets ACM's expiry-event configuration for account 222222222222 in eu-west-1; .*Set configureAccount: false on one of them/);
  });

  test('throws when another stack of the app deploys to the same account and Region', () => {
    const app = new App();
    new ExpiryAlarms(new Stack(app, 'A', { env: ENV }), 'Expiry');
    expect(() => new ExpiryAlarms(new Stack(app, 'B', { env: ENV }), 'Expiry')).toThrow(/already sets ACM's expiry-event configuration/);
  });

  test('does not throw with configureAccount: false on the second, nor for another Region', () => {
    const app = new App();
    new ExpiryAlarms(new Stack(app, 'A', { env: ENV }), 'Expiry');
    expect(() => new ExpiryAlarms(new Stack(app, 'B', { env: ENV }), 'Expiry', { configureAccount: false })).not.toThrow();
    expect(() => new ExpiryAlarms(new Stack(app, 'C', { env: { ...ENV, region: 'eu-central-1' } }), 'Expiry')).not.toThrow();
  });

  test('does not throw for environment-agnostic stacks, whose accounts cannot be compared', () => {
    const app = new App();
    new ExpiryAlarms(new Stack(app, 'A'), 'Expiry');
    expect(() => new ExpiryAlarms(new Stack(app, 'B'), 'Expiry')).not.toThrow();
  });
});

describe('time as Duration', () => {
  test('the Duration props set the thresholds, the Config rule, the account\'s DaysBeforeExpiry and the CA alarms', () => {
    const stack = newStack();
    const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', OTHER_REGION_CA);
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', {
      certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_A)],
      certificateAuthorities: [ca],
      eventsBeforeExpiry: Duration.days(20),
      warningThreshold: Duration.days(45),
      criticalThreshold: Duration.days(15),
      configRuleThreshold: Duration.days(25),
      caWarningThreshold: Duration.days(365),
      caCriticalThreshold: Duration.days(90),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Account', { ExpiryEventsConfiguration: { DaysBeforeExpiry: 20 } });
    template.hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { daysToExpiration: 25 } });
    const thresholds = (namespace: string) => Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
      .filter((a) => a.Properties.Namespace === namespace).map((a) => a.Properties.Threshold).sort((a, b) => a - b);
    expect(thresholds('AWS/CertificateManager')).toEqual([15, 45]);
    expect(thresholds('cdk-pki')).toEqual([90, 365]);
    const attributes = [alarms.warningThreshold, alarms.criticalThreshold, alarms.caWarningThreshold, alarms.caCriticalThreshold];
    expect(attributes.map((d) => d.toDays())).toEqual([45, 15, 365, 90]);
  });

  test('the deprecated day counts still work, and the attributes say the same in both forms', () => {
    const stack = newStack();
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', { warningDays: 40, criticalDays: 10, caWarningDays: 200, caCriticalDays: 20 });
    expect([alarms.warningDays, alarms.criticalDays, alarms.caWarningDays, alarms.caCriticalDays]).toEqual([40, 10, 200, 20]);
    expect([alarms.warningThreshold, alarms.criticalThreshold].map((d) => d.toDays())).toEqual([40, 10]);
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { daysToExpiration: 40 } });
  });

  test('throws when a Duration and its deprecated day count are both set', () => {
    expect(() => new ExpiryAlarms(newStack(), 'ExpiryAlarms', { warningThreshold: Duration.days(30), warningDays: 30 })).toThrow(
      /warningThreshold and warningDays are both set; warningDays is the deprecated day count that warningThreshold replaces: set warningThreshold only/);
  });

  test('throws when a Duration is not a whole number of days, naming the prop as given', () => {
    expect(() => new ExpiryAlarms(newStack(), 'ExpiryAlarms', { criticalThreshold: Duration.hours(60), eventsBeforeExpiry: Duration.days(60) })).toThrow(
      /has 2 problems:\n {2}- eventsBeforeExpiry 60 days is not allowed: .*from 1 to 45\n {2}- criticalThreshold 2 days 12 hours is not allowed/);
  });

  test('does not throw when the Duration thresholds are tokens in days', () => {
    expect(() => new ExpiryAlarms(newStack(), 'ExpiryAlarms', {
      warningThreshold: Duration.days(Token.asNumber({ Ref: 'W' })), configRuleThreshold: Duration.days(Token.asNumber({ Ref: 'C' })),
    })).not.toThrow();
  });
});

describe('the parts', () => {
  test('are the expiry constructs, reachable as attributes, and ExpiryAlarms.isExpiryAlarms recognizes the whole', () => {
    expect(ExpiryAlarms.isExpiryAlarms(full.alarms)).toBe(true);
    expect(ExpiryAlarms.isExpiryAlarms(full.alarms.acmExpiryEvents)).toBe(false);
    expect(full.alarms.acmExpiryEvents.accountConfiguration).toBe(full.alarms.accountConfiguration);
    expect(full.alarms.configRule?.threshold.toDays()).toBe(21);
    expect(full.alarms.certificateAlarms).toHaveLength(2);
    expect(full.alarms.caExpiryMonitor?.monitorId).toBe(full.alarms.monitorId);
    expect(full.alarms.caExpiryMonitor?.checkFunction).toBe(full.alarms.caExpiryFunction);
    expect(full.alarms.inventory?.bucket).toBe(full.alarms.inventoryBucket);
    expect(defaults.alarms.caExpiryMonitor).toBeUndefined();
    expect(defaults.alarms.inventory).toBeUndefined();
  });

  test('every alarm of the parts is in alarms: the certificates\', the CAs\' and the functions\' errors', () => {
    const parts = [
      ...full.alarms.certificateAlarms.flatMap((c) => [c.warningAlarm, c.criticalAlarm]),
      ...full.alarms.caExpiryMonitor!.alarms,
      full.alarms.inventory!.errorsAlarm,
    ];
    expect(full.alarms.alarms).toEqual(parts);
    expect(full.alarms.alarms).toHaveLength(Object.keys(resourcesOf(full.template, 'AWS::CloudWatch::Alarm')).length);
  });

  test('no part emits a CfnOutput (the one output is the root certificate the stack\'s RootCaAccount publishes)', () => {
    expect(Object.keys(full.template.toJSON().Outputs)).toEqual([expect.stringMatching(/^RootCertificateOutput/)]);
  });
});
