/**
 * CertificateExpiryRule used alone: the ACM_CERTIFICATE_EXPIRATION_CHECK managed rule with its threshold in
 * days, an aws-cdk-lib `config.ManagedRule` (so its event helpers work), and its synth-time checks in pairs.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as config from 'aws-cdk-lib/aws-config';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack } from './expiry-fixtures';
import { CertificateExpiryRule } from '../../src/expiry/certificate-expiry-rule';

test('ACM_CERTIFICATE_EXPIRATION_CHECK on AWS::ACM::Certificate, 30 days and daily by default', () => {
  const stack = newStack();
  const rule = new CertificateExpiryRule(stack, 'Rule');
  Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', Match.objectEquals({
    Description: 'cdk-pki: ACM certificates that expire within 30 days are NON_COMPLIANT',
    Source: { Owner: 'AWS', SourceIdentifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK' },
    InputParameters: { daysToExpiration: 30 },
    Scope: { ComplianceResourceTypes: ['AWS::ACM::Certificate'] },
    MaximumExecutionFrequency: 'TwentyFour_Hours',
  }));
  expect(rule.threshold.toDays()).toBe(30);
});

test('threshold, name and frequency as given', () => {
  const stack = newStack();
  new CertificateExpiryRule(stack, 'Rule', {
    threshold: Duration.days(14), configRuleName: 'acm-expiry', maximumExecutionFrequency: config.MaximumExecutionFrequency.TWELVE_HOURS,
  });
  Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
    ConfigRuleName: 'acm-expiry', InputParameters: { daysToExpiration: 14 }, MaximumExecutionFrequency: 'Twelve_Hours',
  });
});

test('is a config.ManagedRule: onComplianceChange adds an EventBridge rule on its findings', () => {
  const stack = newStack();
  const rule = new CertificateExpiryRule(stack, 'Rule');
  expect(rule).toBeInstanceOf(config.ManagedRule);
  rule.onComplianceChange('Changed', { target: new targets.SnsTopic(new sns.Topic(stack, 'Topic')) });
  Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.config'] }) });
});

describe('bad input', () => {
  test.each([Duration.days(0), Duration.hours(12), Duration.days(2.5)])('throws when threshold is %s', (threshold) => {
    expect(() => new CertificateExpiryRule(newStack(), 'Rule', { threshold })).toThrow(
      `CertificateExpiryRule 'Pki/Rule': threshold ${threshold.toHumanString()} is not allowed: the Config rule takes a whole number of days; `
      + 'use Duration.days(n) with n a whole number of at least 1');
  });

  test('does not throw when threshold is a token in days', () => {
    expect(() => new CertificateExpiryRule(newStack(), 'Rule', { threshold: Duration.days(Token.asNumber({ Ref: 'Days' })) })).not.toThrow();
  });
});
