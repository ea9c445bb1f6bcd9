/**
 * CertificateInventory used alone: its bucket (or one passed in), the function, its schedule and its errors
 * alarm, the idle-CA period and the CA listing it needs, and its synth-time checks in pairs (throws / token passes).
 */
import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ENV, newStack, only, resourcesOf } from './expiry-fixtures';
import { CertificateInventory } from '../../src/expiry/certificate-inventory';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { ResolvedStack, simulate } from '../support/iam-sim';

const CA_ARN = `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/cccccccc-1111-4111-8111-111111111111`;

test('a new retained, private bucket, a daily function that writes under the default prefix, and an errors alarm without action', () => {
  const stack = newStack();
  const inventory = new CertificateInventory(stack, 'Inventory');
  const template = Template.fromStack(stack);
  const [bucketId] = only(resourcesOf(template, 'AWS::S3::Bucket', 'Inventory'));
  template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }) });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Timeout: 900,
    Environment: { Variables: { INVENTORY_BUCKET: { Ref: bucketId }, INVENTORY_PREFIX: 'certificate-inventory/', INVENTORY_OWNER_TAG_KEYS: '[]', INVENTORY_ACCOUNT: { Ref: 'AWS::AccountId' } } },
  });
  expect(only(resourcesOf(template, 'AWS::Events::Rule', 'Inventory'))[1].Properties.ScheduleExpression).toBe('rate(1 day)');
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', AlarmActions: Match.absent() });
  expect(inventory.bucket).toBeDefined();
  expect(inventory.reportFunction).toBeDefined();
});

test('a bucket, prefix, owner tags, schedule and topic passed in', () => {
  const stack = newStack();
  const bucket = new s3.Bucket(stack, 'Reports');
  const topic = new sns.Topic(stack, 'Topic');
  const inventory = new CertificateInventory(stack, 'Inventory', {
    bucket, keyPrefix: 'acm/', ownerTagKeys: ['Owner'], schedule: events.Schedule.rate(Duration.days(7)), topic,
  });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::S3::Bucket', 1);
  template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ INVENTORY_PREFIX: 'acm/', INVENTORY_OWNER_TAG_KEYS: '["Owner"]' }) } });
  expect(only(resourcesOf(template, 'AWS::Events::Rule', 'Inventory'))[1].Properties.ScheduleExpression).toBe('rate(7 days)');
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }] });
  expect(inventory.bucket).toBe(bucket);
});

describe('idle CAs', () => {
  test('the function flags CAs idle for 90 days by default, and may list the account\'s CAs in this Region', () => {
    const stack = newStack();
    new CertificateInventory(stack, 'Inventory');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ INVENTORY_IDLE_CA_DAYS: '90' }) } });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 'acm-pca:ListCertificateAuthorities',
          Resource: '*',
          Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } },
        }]),
      },
    });
  });

  test('the IAM policy lets the function list CAs in this Region only, and do nothing else with them', async () => {
    const stack = newStack();
    new CertificateInventory(stack, 'Inventory');
    const resolved = ResolvedStack.of(stack);
    const roleId = resolved.logicalIds('AWS::IAM::Role', (p) => p.Description === 'cdk-pki: role of the cert-inventory function')[0];
    const principal = `arn:aws:sts::${ENV.account}:assumed-role/${roleId}/session`;
    const identityPolicies = resolved.identityPolicies(roleId);
    const call = (action: string, resource: string, region = ENV.region) =>
      simulate({ principal, action, resource, identityPolicies, context: { 'aws:RequestedRegion': region } });
    expect(await call('acm-pca:ListCertificateAuthorities', '*')).toBe('Allowed');
    expect(await call('acm-pca:ListCertificateAuthorities', '*', 'us-east-1')).not.toBe('Allowed');
    expect(await call('acm-pca:DescribeCertificateAuthority', CA_ARN)).not.toBe('Allowed');
    expect(await call('acm-pca:IssueCertificate', CA_ARN)).not.toBe('Allowed');
  });

  test('the Resource * is acknowledged for cdk-nag with a reason that names acm-pca:ListCertificateAuthorities', () => {
    const stack = newStack();
    const inventory = new CertificateInventory(stack, 'Inventory');
    const acknowledged = inventory.node.findChild('Function').node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .map((m) => (m.data as Record<string, string>)['AwsSolutions-IAM5[Resource::*]'])
      .filter((reason) => reason !== undefined);
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]).toContain('acm-pca:ListCertificateAuthorities has no resource-level permissions');
  });

  test.each([
    [Duration.days(30), '30'],
    [Duration.hours(48), '2'],
    [Duration.days(1), '1'],
  ])('idleCaPeriod %s reaches the function as %s days', (idleCaPeriod, days) => {
    const stack = newStack();
    new CertificateInventory(stack, 'Inventory', { idleCaPeriod });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INVENTORY_IDLE_CA_DAYS: days }) },
    });
  });

  test('ExpiryAlarms passes its inventory\'s idleCaPeriod through', () => {
    const stack = newStack();
    new ExpiryAlarms(stack, 'ExpiryAlarms', { inventory: { idleCaPeriod: Duration.days(45) } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INVENTORY_IDLE_CA_DAYS: '45', INVENTORY_PREFIX: 'certificate-inventory/' }) },
    });
  });
});

describe('bad input', () => {
  test.each([
    [Duration.days(0), '0 days'],
    [Duration.days(1.5), '1 day 12 hours'],
    [Duration.hours(12), '12 hours'],
  ])('throws when idleCaPeriod is %s', (idleCaPeriod, text) => {
    expect(() => new CertificateInventory(newStack(), 'Inventory', { idleCaPeriod })).toThrow(
      `CertificateInventory 'Pki/Inventory': idleCaPeriod ${text} is not allowed: the inventory counts the days since a CA's last ACM certificate `
      + 'in whole days; use Duration.days(n) with n a whole number of at least 1');
  });

  test('throws at synthesis when ExpiryAlarms is given an inventory with idleCaPeriod of 1.5 days, naming its inventory', () => {
    expect(() => new ExpiryAlarms(newStack(), 'ExpiryAlarms', { inventory: { idleCaPeriod: Duration.days(1.5) } })).toThrow(
      "CertificateInventory 'Pki/ExpiryAlarms/Inventory': idleCaPeriod 1 day 12 hours is not allowed");
  });

  test('throws when idleCaPeriod is a token in a unit other than days', () => {
    expect(() => new CertificateInventory(newStack(), 'Inventory', { idleCaPeriod: Duration.hours(Token.asNumber({ Ref: 'Hours' })) })).toThrow(
      "CertificateInventory 'Pki/Inventory': idleCaPeriod is a token in hours, which cannot be read as days; use Duration.days(...)");
  });

  test('does not throw when idleCaPeriod is a token in days, which reaches the function', () => {
    const stack = newStack();
    expect(() => new CertificateInventory(stack, 'Inventory', { idleCaPeriod: Duration.days(Token.asNumber({ Ref: 'IdleDays' })) })).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INVENTORY_IDLE_CA_DAYS: { Ref: 'IdleDays' } }) },
    });
  });

  test.each(['/reports/', 'reports', 'reports/*/'])('throws when the key prefix is %p', (keyPrefix) => {
    expect(() => new CertificateInventory(newStack(), 'Inventory', { keyPrefix })).toThrow(
      `CertificateInventory 'Pki/Inventory': keyPrefix '${keyPrefix}' is not allowed; use a prefix such as 'certificate-inventory/'`);
  });

  test('throws when an owner tag key is not a tag key', () => {
    expect(() => new CertificateInventory(newStack(), 'Inventory', { ownerTagKeys: ['Owner', 'a'.repeat(129)] })).toThrow(/ownerTagKeys: 'a+' is not a valid tag key/);
  });

  test('does not throw when the prefix and the tag keys are tokens', () => {
    expect(() => new CertificateInventory(newStack(), 'Inventory', {
      keyPrefix: Lazy.string({ produce: () => 'x' }), ownerTagKeys: [Lazy.string({ produce: () => '' })],
    })).not.toThrow();
  });
});
