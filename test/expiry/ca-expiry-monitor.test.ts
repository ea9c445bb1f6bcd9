/**
 * CaExpiryMonitor used alone: the function, its schedule and first check, the alarms per CA and on the minimum,
 * the metrics it names, and its synth-time checks in pairs (throws / token passes).
 */
import { Duration, Lazy, Names, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ENV, OTHER_REGION_CA, READER_ROLE, REMOTE_CA, newStack, only, resourcesOf } from './expiry-fixtures';
import { CaExpiryMonitor, CaExpiryMonitorProps } from '../../src/expiry/ca-expiry-monitor';

const LOCAL_CA = OTHER_REGION_CA.replace('us-east-1', ENV.region);

function build(props: Partial<CaExpiryMonitorProps> = {}, stack = newStack()) {
  const ca = acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', LOCAL_CA);
  const monitor = new CaExpiryMonitor(stack, 'Monitor', { certificateAuthorities: [ca], ...props });
  return { stack, ca, monitor, template: Template.fromStack(stack) };
}

test('a function on a six-hour schedule and at deployment, with the CA to read and its own Monitor id', () => {
  const { monitor, template } = build();
  expect(monitor.monitorId).toBe(Names.uniqueId(monitor));
  const event = { CertificateAuthorities: [{ Arn: LOCAL_CA }], DiscoverAccountCertificateAuthorities: false, Monitor: monitor.monitorId };
  const [, schedule] = only(resourcesOf(template, 'AWS::Events::Rule', 'Monitor'));
  expect(schedule.Properties.ScheduleExpression).toBe('rate(6 hours)');
  expect(JSON.parse(schedule.Properties.Targets[0].Input)).toEqual(event);
  template.hasResourceProperties('Custom::PkiCaExpiryCheck', { Check: event });
  template.hasResourceProperties('AWS::IAM::Role', { Path: '/cdk-pki-ca-expiry/' });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([{ Action: 'acm-pca:GetCertificateAuthorityCertificate', Effect: 'Allow', Resource: LOCAL_CA }]) },
  });
  expect(monitor.checkFunction).toBeDefined();
});

test('a warning (180 days) and a critical (60 days) alarm per CA on cdk-pki DaysToExpiry, and an errors alarm, without actions by default', () => {
  const { monitor, template } = build();
  for (const threshold of [180, 60]) {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'cdk-pki',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: 'CertificateAuthorityArn', Value: LOCAL_CA }],
      Threshold: threshold,
      Statistic: 'Minimum',
      Period: 86400,
      TreatMissingData: 'breaching',
      AlarmActions: Match.absent(),
    });
  }
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
  expect(monitor.alarms).toHaveLength(3);
});

test('with a topic, thresholds as given, a cross-account CA read through its role, and discovery with alarms on the minimum', () => {
  const stack = newStack();
  const topic = new sns.Topic(stack, 'Topic');
  const { monitor, template } = build({
    topic,
    warningThreshold: Duration.days(90),
    criticalThreshold: Duration.days(30),
    crossAccountCertificateAuthorities: [{ certificateAuthorityArn: REMOTE_CA, roleArn: READER_ROLE }],
    discoverCertificateAuthorities: true,
    monitorId: 'PkiCas',
  }, stack);
  const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'CertificateAuthorityArn', Value: REMOTE_CA }], Threshold: 90, AlarmActions: [topicRef] });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'Monitor', Value: 'PkiCas' }], Threshold: 30, OKActions: [topicRef] });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: Match.arrayWith([{ Action: 'sts:AssumeRole', Effect: 'Allow', Resource: READER_ROLE }]) },
  });
  expect(monitor.alarms).toHaveLength(7);
});

test('metricDaysToExpiry and metricMinimumDaysToExpiry name the published metrics', () => {
  const { monitor, ca } = build({ monitorId: 'PkiCas' });
  const metric = monitor.metricDaysToExpiry(ca, { period: Duration.hours(6) });
  expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toHours()]).toEqual(['cdk-pki', 'DaysToExpiry', 'Minimum', 6]);
  expect(metric.dimensions).toEqual({ CertificateAuthorityArn: LOCAL_CA });
  expect(monitor.metricMinimumDaysToExpiry().dimensions).toEqual({ Monitor: 'PkiCas' });
});

describe('bad input', () => {
  test('throws when there is nothing to check', () => {
    expect(() => new CaExpiryMonitor(newStack(), 'Monitor', {})).toThrow(
      /CaExpiryMonitor 'Pki\/Monitor': no CA is named and discoverCertificateAuthorities is false, so there is nothing to check/);
  });

  test('does not throw with discovery only', () => {
    expect(() => new CaExpiryMonitor(newStack(), 'Monitor', { discoverCertificateAuthorities: true })).not.toThrow();
  });

  test('throws when the critical threshold is not below the warning', () => {
    expect(() => build({ warningThreshold: Duration.days(30), criticalThreshold: Duration.days(90) })).toThrow(
      /criticalThreshold 90 days must be less than warningThreshold 30 days: .* for example warningThreshold: Duration.days\(91\), criticalThreshold: Duration.days\(29\)/);
  });

  test('does not throw when the thresholds are tokens in days', () => {
    expect(() => build({ warningThreshold: Duration.days(Token.asNumber({ Ref: 'W' })), criticalThreshold: Duration.days(Token.asNumber({ Ref: 'C' })) })).not.toThrow();
  });

  test('throws when more than 25 CAs are named, and points to discovery', () => {
    const stack = newStack();
    const cas = Array.from({ length: 26 }, (_, i) => acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, `Ca${i}`, `${LOCAL_CA}${i}`));
    expect(() => new CaExpiryMonitor(stack, 'Monitor', { certificateAuthorities: cas })).toThrow(
      /26 CAs are named; at most 25 .*discoverCertificateAuthorities: true.*several CaExpiryMonitor/);
  });

  test('throws when a cross-account CA or role is not an ARN of its kind, or the Monitor id is empty', () => {
    expect(() => build({ crossAccountCertificateAuthorities: [{ certificateAuthorityArn: 'ca-1', roleArn: 'reader' }], monitorId: '' })).toThrow(
      /has 3 problems:[\s\S]*roleArn 'reader' is not an IAM role ARN[\s\S]*'ca-1' is not a certificate authority ARN[\s\S]*monitorId '' is not/);
  });

  test('does not throw when the cross-account ARNs and the Monitor id are tokens', () => {
    expect(() => build({
      crossAccountCertificateAuthorities: [{
        certificateAuthorityArn: Lazy.string({ produce: () => REMOTE_CA }),
        roleArn: Lazy.string({ produce: () => READER_ROLE }),
      }],
      monitorId: Lazy.string({ produce: () => 'PkiCas' }),
    })).not.toThrow();
  });
});
