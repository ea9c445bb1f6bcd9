/**
 * CertificateExpiryAlarms used alone: a warning and a critical alarm on ACM's DaysToExpiry, built from
 * aws-cdk-lib's `certificate.metricDaysToExpiry()` and rendered as the hand-built metric was (namespace, metric,
 * dimension, Minimum over one day), with and without a topic, and its synth-time checks in pairs.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CERT_A, ENV, OUTSIDER, newStack } from './expiry-fixtures';
import { CertificateExpiryAlarms, CertificateExpiryAlarmsProps } from '../../src/expiry/certificate-expiry-alarms';

function build(props: Partial<CertificateExpiryAlarmsProps> = {}, stack = newStack()) {
  const certificate = props.certificate ?? acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_A);
  const alarms = new CertificateExpiryAlarms(stack, 'CertAlarms', { ...props, certificate });
  return { stack, alarms, template: Template.fromStack(stack) };
}

test('a warning (30 days) and a critical (7 days) alarm on AWS/CertificateManager DaysToExpiry of the certificate, Minimum over one day', () => {
  const { alarms, template } = build();
  for (const [days, level] of [[30, 'WARNING'], [7, 'CRITICAL']] as const) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', Match.objectEquals({
      AlarmDescription: `cdk-pki ${level}: ACM certificate ${CERT_A} expires within ${days} days, or has no data (expired, deleted or unreadable)`,
      Namespace: 'AWS/CertificateManager',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: 'CertificateArn', Value: CERT_A }],
      Statistic: 'Minimum',
      Period: 86400,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: days,
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
    }));
  }
  expect(alarms.warningAlarm).not.toBe(alarms.criticalAlarm);
});

test('alarm and OK go to the topic when there is one, and the topic lets this account\'s CloudWatch publish', () => {
  const stack = newStack();
  const topic = new sns.Topic(stack, 'Topic');
  const { template } = build({ topic, warningThreshold: Duration.days(60), criticalThreshold: Duration.days(14) }, stack);
  const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
  for (const threshold of [60, 14]) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: threshold, AlarmActions: [topicRef], OKActions: [topicRef] });
  }
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: Match.arrayWith(['cloudwatch.amazonaws.com']) } })] },
  });
});

test('a certificate made in the stack: the alarms watch its ARN (a token)', () => {
  const stack = newStack();
  const certificate = new acm.Certificate(stack, 'Made', { domainName: 'example.com' });
  const { template } = build({ certificate }, stack);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'CertificateArn', Value: { Ref: stack.getLogicalId(certificate.node.defaultChild as acm.CfnCertificate) } }] });
});

describe('bad input', () => {
  test.each([[Duration.days(7), Duration.days(7)], [Duration.days(7), Duration.days(30)]])('throws when the warning %s is not above the critical %s', (warningThreshold, criticalThreshold) => {
    expect(() => build({ warningThreshold, criticalThreshold })).toThrow(
      `CertificateExpiryAlarms 'Pki/CertAlarms': criticalThreshold ${criticalThreshold.toHumanString()} must be less than warningThreshold ${warningThreshold.toHumanString()}`);
  });

  test('does not throw when a threshold is a token in days', () => {
    expect(() => build({ warningThreshold: Duration.days(Token.asNumber({ Ref: 'W' })), criticalThreshold: Duration.days(60) })).not.toThrow();
  });

  test('throws when a threshold is not a whole number of days', () => {
    expect(() => build({ warningThreshold: Duration.hours(36) })).toThrow(/warningThreshold 1 day 12 hours is not allowed: alarm thresholds are days to expiry; use Duration.days\(n\)/);
  });

  test('throws when the certificate is in another Region or account', () => {
    expect(() => build({ certificate: acm.Certificate.fromCertificateArn(newStack(), 'Cf', CERT_A.replace('eu-west-1', 'us-east-1')) })).toThrow(
      /is in us-east-1, but this stack is in eu-west-1/);
    expect(() => build({ certificate: acm.Certificate.fromCertificateArn(newStack(), 'Foreign', CERT_A.replace(ENV.account, OUTSIDER)) })).toThrow(
      /is in account 999999999999, but this stack is in 222222222222/);
  });
});
