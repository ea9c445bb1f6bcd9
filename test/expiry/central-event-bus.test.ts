/**
 * ExpiryAlarms' `centralEventBus`: the one rule that forwards what goes to the topic (by the topic rules' own
 * patterns) and the expiry alarms' state changes to the central bus, its role (PutEvents on that bus only; the IAM
 * simulator evaluates it with the bus policy in pki-event-bus.test.ts), and the checks of the bus in pairs.
 */
import { App, Fn, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { CERT_A, ENV, Resources, newStack, only, resourcesOf } from './expiry-fixtures';
import { CertificateFilter, ExpiryAlarms, ExpiryAlarmsProps } from '../../src/expiry/expiry-alarms';
import { PkiEventBus } from '../../src/expiry/pki-event-bus';

const SECURITY_ACCOUNT = '111111111111';
const BUS_ARN = `arn:aws:events:${ENV.region}:${SECURITY_ACCOUNT}:event-bus/cdk-pki-events`;

function busOf(stack: Stack, arn: string): events.IEventBus {
  return events.EventBus.fromEventBusArn(stack, 'CentralBus', arn);
}

function forwarding(props: ExpiryAlarmsProps = {}, stack = newStack()): { stack: Stack; alarms: ExpiryAlarms; template: Template } {
  const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus: busOf(stack, BUS_ARN), ...props });
  return { stack, alarms, template: Template.fromStack(stack) };
}

function forwardingRule(template: Template): Resources[string] {
  return only(Object.fromEntries(Object.entries(resourcesOf(template, 'AWS::Events::Rule')).filter(([id]) => id.startsWith('ExpiryAlarmsCentralEventBusRule'))))[1];
}

/** The rules of the ExpiryAlarms that send to its topic (all but the forwarding one), by logical id. */
function topicRules(template: Template): Resources {
  return Object.fromEntries(Object.entries(resourcesOf(template, 'AWS::Events::Rule')).filter(([id]) => !id.startsWith('ExpiryAlarmsCentralEventBus')));
}

const ALARM_BRANCH = {
  'source': ['aws.cloudwatch'],
  'detail-type': ['CloudWatch Alarm State Change'],
  'detail': {
    configuration: { description: [{ prefix: 'cdk-pki WARNING: ' }, { prefix: 'cdk-pki CRITICAL: ' }] },
    state: { value: ['ALARM', 'OK'] },
  },
};

describe('without centralEventBus', () => {
  test('nothing is forwarded', () => {
    const stack = newStack();
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(Object.keys(resourcesOf(template, 'AWS::Events::Rule')).filter((id) => id.includes('Central'))).toEqual([]);
    expect(alarms.centralEventBusRule).toBeUndefined();
    expect(alarms.centralEventBusRole).toBeUndefined();
  });
});

describe('the forwarding rule', () => {
  let made: ReturnType<typeof forwarding>;

  beforeAll(() => {
    made = forwarding();
  });

  test('is one rule on this account\'s default bus, targeting the central bus through its role', () => {
    const rule = forwardingRule(made.template);
    const [roleId] = only(resourcesOf(made.template, 'AWS::IAM::Role'));
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.State).toBe('ENABLED');
    expect(made.stack.resolve(rule.Properties.Targets)).toEqual([{
      Id: 'Target0',
      Arn: BUS_ARN,
      RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
    }]);
    expect(made.alarms.centralEventBusRule).toBeDefined();
    expect(made.stack.resolve(made.alarms.centralEventBusRole!.roleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('matches what every topic rule matches, by the same patterns, and the expiry alarms\' changes to ALARM and OK', () => {
    const branches = forwardingRule(made.template).Properties.EventPattern.$or;
    const expected = Object.values(topicRules(made.template)).map((r) => r.Properties.EventPattern);
    // ACM's three events, the Config rule's findings of this construct's rule, the CA renewal and retirement events.
    expect(expected).toHaveLength(5);
    expect(branches).toEqual([...expected, ALARM_BRANCH]);
    expect(JSON.stringify(branches)).toContain('"configRuleName":[{"Ref":"ExpiryAlarmsConfigRule');
  });

  test('the expiry alarms\' descriptions start as the alarm branch expects', () => {
    const { template } = forwarding({ discoverCertificateAuthorities: true });
    const descriptions = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties.AlarmDescription as string)
      .filter((d) => !d.includes('function failed'));
    expect(descriptions).toHaveLength(2);
    for (const description of descriptions) {
      expect(ALARM_BRANCH.detail.configuration.description.some((p) => description.startsWith(p.prefix))).toBe(true);
    }
  });

  test('with an ARN filter, forwards the named certificates only, as the topic rules do', () => {
    const { template } = forwarding({ filter: CertificateFilter.certificateArns([CERT_A]) });
    const branches = forwardingRule(template).Properties.EventPattern.$or as Array<Record<string, any>>;
    const acm = branches.filter((b) => b.source[0] === 'aws.acm');
    expect(acm).toHaveLength(3);
    for (const branch of acm) {
      expect(branch.resources).toEqual([CERT_A]);
    }
    expect(branches.find((b) => b.source[0] === 'aws.config')!.detail.resourceId).toEqual([CERT_A]);
  });

  test('with a tag filter, forwards every ACM event of the account (a pattern cannot read tags)', () => {
    const { template } = forwarding({ filter: CertificateFilter.tags({ Team: 'payments' }) });
    const acm = (forwardingRule(template).Properties.EventPattern.$or as Array<Record<string, any>>).filter((b) => b.source[0] === 'aws.acm');
    expect(acm.map((b) => b['detail-type'][0]).sort()).toEqual(['ACM Certificate Approaching Expiration', 'ACM Certificate Expired',
      'ACM Certificate Renewal Action Required']);
    expect(acm.every((b) => b.resources === undefined)).toBe(true);
  });

  test('without the Config rule or the CA renewal events, forwards neither', () => {
    const { template } = forwarding({ configRule: false, caRenewalEvents: false });
    const sources = (forwardingRule(template).Properties.EventPattern.$or as Array<Record<string, string[]>>).map((b) => b.source[0]);
    expect(sources).toEqual(['aws.acm', 'aws.acm', 'aws.acm', 'aws.cloudwatch']);
  });
});

describe('the forwarding role', () => {
  test('is assumed by EventBridge and may put events on the central bus, nothing else', () => {
    const { template } = forwarding();
    const [roleId, role] = only(resourcesOf(template, 'AWS::IAM::Role'));
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    const [, policy] = only(resourcesOf(template, 'AWS::IAM::Policy'));
    expect(policy.Properties.Roles).toEqual([{ Ref: roleId }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN }]);
  });
});

describe('where the central bus may be', () => {
  test('another account\'s bus by PkiEventBus.eventBusArnOf (a partition token)', () => {
    const stack = newStack();
    const alarms = new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus: busOf(stack, PkiEventBus.eventBusArnOf(SECURITY_ACCOUNT, ENV.region)) });
    expect(alarms.centralEventBusRule).toBeDefined();
  });

  test('a PkiEventBus in the same stack (the security account forwards its own events)', () => {
    const stack = newStack();
    const bus = new PkiEventBus(stack, 'PkiEvents', { organizationId: 'o-a1b2c3d4e5' });
    new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus: bus.eventBus });
    const [busId] = only(Template.fromStack(stack).findResources('AWS::Events::EventBus'));
    expect(forwardingRule(Template.fromStack(stack)).Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
  });

  test('another Region of the aws partition (cross-Region bus targets)', () => {
    const stack = newStack();
    expect(() => new ExpiryAlarms(stack, 'ExpiryAlarms', {
      centralEventBus: busOf(stack, `arn:aws:events:us-east-1:${SECURITY_ACCOUNT}:event-bus/cdk-pki-events`),
    })).not.toThrow();
  });

  test('another account\'s default bus', () => {
    const stack = newStack();
    expect(() => new ExpiryAlarms(stack, 'ExpiryAlarms', {
      centralEventBus: busOf(stack, `arn:aws:events:${ENV.region}:${SECURITY_ACCOUNT}:event-bus/default`),
    })).not.toThrow();
  });
});

describe('bad input', () => {
  function build(arn: string, env: { account: string; region: string } = ENV): () => ExpiryAlarms {
    const stack = new Stack(new App(), 'Member', { env });
    return () => new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus: busOf(stack, arn) });
  }

  test('throws when the central bus is this account\'s default bus in this Region (a loop)', () => {
    expect(build(`arn:aws:events:${ENV.region}:${ENV.account}:event-bus/default`))
      .toThrow("ExpiryAlarms 'Member/ExpiryAlarms': centralEventBus is this account's default bus in eu-west-1, where the events already are");
  });

  test('throws when the central bus is in another partition', () => {
    expect(build(`arn:aws:events:us-east-1:${SECURITY_ACCOUNT}:event-bus/cdk-pki-events`, { account: ENV.account, region: 'cn-north-1' }))
      .toThrow('centralEventBus is in partition aws, but this stack is in aws-cn (cn-north-1); EventBridge does not send events between partitions');
  });

  test.each([['aws-cn', 'cn-north-1', 'cn-northwest-1'], ['aws-us-gov', 'us-gov-west-1', 'us-gov-east-1']])(
    'throws when the central bus is in another Region of %s', (partition, region, busRegion) => {
      expect(build(`arn:${partition}:events:${busRegion}:${SECURITY_ACCOUNT}:event-bus/cdk-pki-events`, { account: ENV.account, region }))
        .toThrow(`centralEventBus is in ${busRegion}, but this stack is in ${region}: EventBridge does not send events to a bus of another Region `
          + `in partition ${partition}`);
    });

  test('does not throw when the central bus is in the same Region of aws-cn', () => {
    expect(build(`arn:aws-cn:events:cn-north-1:${SECURITY_ACCOUNT}:event-bus/cdk-pki-events`, { account: ENV.account, region: 'cn-north-1' })).not.toThrow();
  });

  test.each([
    ['an SNS topic ARN', `arn:aws:sns:${ENV.region}:${SECURITY_ACCOUNT}:pki`],
    ['an events rule ARN', `arn:aws:events:${ENV.region}:${SECURITY_ACCOUNT}:rule/pki`],
  ])('throws when the central bus ARN is %s', (_label, arn) => {
    const stack = newStack();
    // Imported by attributes: fromEventBusArn would split the ARN first.
    const bus = events.EventBus.fromEventBusAttributes(stack, 'Bus', { eventBusArn: arn, eventBusName: 'pki', eventBusPolicy: '' });
    expect(() => new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus: bus })).toThrow(`centralEventBus: '${arn}' is not an event bus ARN`);
  });

  test('does not throw when the central bus ARN is a token, in whole or in part', () => {
    expect(build(Fn.importValue('CentralBusArn'))).not.toThrow();
    expect(build(Token.asString({ Ref: 'CentralBusArn' }))).not.toThrow();
    expect(build(`arn:aws:events:${Token.asString({ Ref: 'Region' })}:${ENV.account}:event-bus/default`)).not.toThrow();
  });

  test('does not check an environment-agnostic stack', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new ExpiryAlarms(stack, 'ExpiryAlarms', {
      centralEventBus: busOf(stack, `arn:aws-cn:events:cn-north-1:${SECURITY_ACCOUNT}:event-bus/default`),
    })).not.toThrow();
  });
});
