/**
 * CertificateInventory used alone: its bucket (or one passed in), the function, its schedule and its errors
 * alarm, and its synth-time checks in pairs (throws / token passes).
 */
import { Duration, Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { newStack, only, resourcesOf } from './expiry-fixtures';
import { CertificateInventory } from '../../src/expiry/certificate-inventory';

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

describe('bad input', () => {
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
