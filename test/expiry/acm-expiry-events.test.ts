/**
 * AcmExpiryEvents used alone: the account configuration, the three ACM rules and the Config rule's findings to a
 * topic passed in, the tag filter, the one-configuration-per-account check across constructs (by the
 * `isAcmExpiryEvents` marker), and its synth-time checks in pairs (throws / token passes).
 */
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CERT_A, ENV, newStack, only, resourcesOf } from './expiry-fixtures';
import { AcmExpiryEvents, AcmExpiryEventsProps } from '../../src/expiry/acm-expiry-events';
import { CertificateExpiryRule } from '../../src/expiry/certificate-expiry-rule';
import { CertificateFilter } from '../../src/expiry/certificate-filter';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';

function build(props: Partial<AcmExpiryEventsProps> = {}, stack = newStack()) {
  const topic = new sns.Topic(stack, 'Topic');
  const events = new AcmExpiryEvents(stack, 'Events', { topic, ...props });
  return { stack, topic, events, template: Template.fromStack(stack) };
}

describe('used alone', () => {
  test('configures the account (45 days by default) and sends the three ACM events to the topic, with readable messages', () => {
    const { stack, topic, events, template } = build();
    template.resourceCountIs('AWS::CertificateManager::Account', 1);
    template.hasResourceProperties('AWS::CertificateManager::Account', { ExpiryEventsConfiguration: Match.objectEquals({ DaysBeforeExpiry: 45 }) });
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule', 'Events'));
    expect(rules.map((r) => r.Properties.EventPattern)).toEqual([
      { 'source': ['aws.acm'], 'detail-type': ['ACM Certificate Approaching Expiration'] },
      { 'source': ['aws.acm'], 'detail-type': ['ACM Certificate Renewal Action Required'] },
      { 'source': ['aws.acm'], 'detail-type': ['ACM Certificate Expired'] },
    ]);
    for (const r of rules) {
      expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: topicRef, InputTransformer: expect.objectContaining({ InputTemplate: expect.stringMatching(/^ACM /) }) })]);
    }
    expect(events.configComplianceRule).toBeUndefined();
    expect(events.tagFilterFunction).toBeUndefined();
  });

  test('lets this account\'s EventBridge and CloudWatch publish to the topic passed in, and to use its key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
    new AcmExpiryEvents(stack, 'Events', { topic });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Sid: 'ExpiryNotificationsFromThisAccount', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ExpiryNotificationsEncryptForTopic', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
  });

  test('eventsBeforeExpiry sets DaysBeforeExpiry; configureAccount: false leaves the account alone', () => {
    build({ eventsBeforeExpiry: Duration.days(14) }).template.hasResourceProperties('AWS::CertificateManager::Account', {
      ExpiryEventsConfiguration: { DaysBeforeExpiry: 14 },
    });
    const { events, template } = build({ configureAccount: false });
    template.resourceCountIs('AWS::CertificateManager::Account', 0);
    expect(events.accountConfiguration).toBeUndefined();
  });

  test('with a CertificateExpiryRule, its NON_COMPLIANT findings go to the topic too, filtered like the ACM events', () => {
    const stack = newStack();
    const configRule = new CertificateExpiryRule(stack, 'Rule', { threshold: Duration.days(21) });
    const { events, template } = build({ configRule, filter: CertificateFilter.certificateArns([CERT_A]) }, stack);
    const ruleId = only(template.findResources('AWS::Config::ConfigRule'))[0];
    const compliance = resourcesOf(template, 'AWS::Events::Rule', 'EventsConfigComplianceRule');
    expect(only(compliance)[1].Properties.EventPattern).toEqual({
      'source': ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      'detail': {
        messageType: ['ComplianceChangeNotification'],
        configRuleName: [{ Ref: ruleId }],
        resourceType: ['AWS::ACM::Certificate'],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        resourceId: [CERT_A],
      },
    });
    expect(only(compliance)[1].Properties.Targets[0].InputTransformer.InputTemplate).toMatch(/within 21 days/);
    expect(events.configComplianceRule).toBeDefined();
  });

  test('with CertificateFilter.tags(), every rule goes to the tag filter function, whose errors are alarmed to the topic', () => {
    const stack = newStack();
    const configRule = new CertificateExpiryRule(stack, 'Rule', { threshold: Duration.days(10) });
    const { events, template } = build({ configRule, filter: CertificateFilter.tags({ Team: 'pki' }) }, stack);
    const [functionId] = only(resourcesOf(template, 'AWS::Lambda::Function', 'Events'));
    for (const r of Object.values(resourcesOf(template, 'AWS::Events::Rule', 'Events'))) {
      expect(r.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })]);
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EXPIRY_REQUIRED_TAGS: '{"Team":"pki"}', EXPIRY_CONFIG_DAYS: '10' }) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }] });
    expect(events.tagFilterFunction).toBeDefined();
    expect(events.tagFilterErrorsAlarm).toBeDefined();
  });
});

describe('isAcmExpiryEvents', () => {
  test('recognizes AcmExpiryEvents, also the one an ExpiryAlarms holds, and nothing else', () => {
    const { stack, events } = build({ configureAccount: false });
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms');
    expect(AcmExpiryEvents.isAcmExpiryEvents(events)).toBe(true);
    expect(AcmExpiryEvents.isAcmExpiryEvents(alarms.acmExpiryEvents)).toBe(true);
    expect(AcmExpiryEvents.isAcmExpiryEvents(alarms)).toBe(false);
    expect(AcmExpiryEvents.isAcmExpiryEvents(stack)).toBe(false);
    expect(AcmExpiryEvents.isAcmExpiryEvents(undefined)).toBe(false);
  });
});

describe('bad input', () => {
  test.each([Duration.days(46), Duration.days(0), Duration.hours(36)])('throws when eventsBeforeExpiry is %s', (before) => {
    expect(() => build({ eventsBeforeExpiry: before })).toThrow(new RegExp(`^AcmExpiryEvents 'Pki/Events': eventsBeforeExpiry ${before.toHumanString()} is not allowed: `
      + 'ACM sends expiry events from 1 to 45 days before expiry \\(AWS::CertificateManager::Account\\); use Duration.days\\(n\\) with n a whole number from 1 to 45$'));
  });

  test('does not throw when eventsBeforeExpiry is a token in days', () => {
    expect(() => build({ eventsBeforeExpiry: Duration.days(Token.asNumber({ Ref: 'Days' })) })).not.toThrow();
  });

  test('throws when eventsBeforeExpiry is a token in another unit, which cannot be read as days', () => {
    expect(() => build({ eventsBeforeExpiry: Duration.hours(Token.asNumber({ Ref: 'Hours' })) })).toThrow(/eventsBeforeExpiry is a token in hours, which cannot be read as days; use Duration.days/);
  });

  test('throws when eventsBeforeExpiry is set and the account is not configured here', () => {
    expect(() => build({ eventsBeforeExpiry: Duration.days(30), configureAccount: false })).toThrow(
      /eventsBeforeExpiry 30 days has no effect with configureAccount: false; leave eventsBeforeExpiry out, or let this AcmExpiryEvents configure the account/);
  });

  test('throws when the filter matches nothing, or the topic is FIFO, and names each problem', () => {
    const stack = newStack();
    const fifo = new sns.Topic(stack, 'Fifo', { fifo: true, topicName: 'expiry.fifo' });
    expect(() => new AcmExpiryEvents(stack, 'Events', { topic: fifo, filter: CertificateFilter.certificateArns([]) })).toThrow(
      /AcmExpiryEvents 'Pki\/Events' has 2 problems:[\s\S]*would match nothing[\s\S]*topic is a FIFO topic/);
  });

  test('throws when another AcmExpiryEvents, or an ExpiryAlarms, configures the same account and Region', () => {
    const app = new App();
    const first = new Stack(app, 'A', { env: ENV });
    new AcmExpiryEvents(first, 'Events', { topic: new sns.Topic(first, 'Topic') });
    const second = new Stack(app, 'B', { env: ENV });
    expect(() => new AcmExpiryEvents(second, 'Events', { topic: new sns.Topic(second, 'Topic') })).toThrow(
      /AcmExpiryEvents 'B\/Events': AcmExpiryEvents 'A\/Events' already sets ACM's expiry-event configuration for account 222222222222 in eu-west-1/);
    expect(() => new ExpiryAlarms(second, 'ExpiryAlarms')).toThrow(/ExpiryAlarms 'B\/ExpiryAlarms': AcmExpiryEvents 'A\/Events' already sets/);
  });

  test('does not throw for another Region, nor with configureAccount: false', () => {
    const app = new App();
    const first = new Stack(app, 'A', { env: ENV });
    new AcmExpiryEvents(first, 'Events', { topic: new sns.Topic(first, 'Topic') });
    const other = new Stack(app, 'B', { env: { ...ENV, region: 'eu-central-1' } });
    expect(() => new AcmExpiryEvents(other, 'Events', { topic: new sns.Topic(other, 'Topic') })).not.toThrow();
    expect(() => new AcmExpiryEvents(first, 'More', { topic: new sns.Topic(first, 'Topic2'), configureAccount: false })).not.toThrow();
  });
});
