/**
 * PkiEventBus, the central bus of the security account: the synthesized bus, its policy (the organization or the
 * named accounts, the library's sources and detail-types only), the archive and the notifications; the bus policy
 * evaluated with the IAM policy simulator together with a member account's forwarding role; cdk-nag and cfn-lint over
 * an app with both sides; every synth-time check in pairs (throws / token passes).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { OUTSIDER, only } from './expiry-fixtures';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { PkiEventBus, PkiEventBusProps } from '../../src/expiry/pki-event-bus';
import { LINT_TIMEOUT_MS, cfnLint, cfnLintForTests } from '../support/cfn-lint';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';
import { nagFindings } from '../support/nag';

const SECURITY = { account: '111111111111', region: 'eu-west-1' };
const MEMBER = { account: '222222222222', region: 'eu-west-1' };
const ORG = 'o-a1b2c3d4e5';
const BUS_ARN = `arn:aws:events:${SECURITY.region}:${SECURITY.account}:event-bus/cdk-pki-events`;

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

function securityStack(app = new App()): Stack {
  return new Stack(app, 'Security', { env: SECURITY });
}

/** A member account's ExpiryAlarms that forwards to the security account's bus (by ARN: another account). */
function memberStack(app: App): { stack: Stack; alarms: ExpiryAlarms } {
  const stack = new Stack(app, 'Member', { env: MEMBER });
  const centralEventBus = events.EventBus.fromEventBusArn(stack, 'CentralBus', PkiEventBus.eventBusArnOf(SECURITY.account, SECURITY.region));
  return { stack, alarms: new ExpiryAlarms(stack, 'ExpiryAlarms', { centralEventBus }) };
}

function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

let org: { stack: Stack; bus: PkiEventBus; template: Template };

beforeAll(() => {
  const stack = securityStack();
  const bus = new PkiEventBus(stack, 'PkiEvents', { organizationId: ORG, emailAddresses: ['pki-team@example.com'] });
  org = { stack, bus, template: Template.fromStack(stack) };
});

describe('the bus', () => {
  test('is a custom bus named cdk-pki-events by default', () => {
    const [busId, bus] = only(resources(org.template, 'AWS::Events::EventBus'));
    expect(bus.Properties.Name).toBe('cdk-pki-events');
    expect(org.stack.resolve(org.bus.eventBusArn)).toEqual({ 'Fn::GetAtt': [busId, 'Arn'] });
    expect(org.stack.resolve(org.bus.eventBusName)).toEqual({ Ref: busId });
    expect(PkiEventBus.isPkiEventBus(org.bus)).toBe(true);
    expect(PkiEventBus.isPkiEventBus(org.bus.eventBus)).toBe(false);
  });

  test('eventBusName names it, and eventBusArnOf gives the ARN member accounts use', () => {
    const stack = securityStack();
    new PkiEventBus(stack, 'PkiEvents', { organizationId: ORG, eventBusName: 'pki.expiry_events-1' });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::EventBus', { Name: 'pki.expiry_events-1' });
    expect(stack.resolve(PkiEventBus.eventBusArnOf('123456789012', 'us-east-1'))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:123456789012:event-bus/cdk-pki-events']],
    });
    expect(PkiEventBus.eventBusArnOf('123456789012', 'us-east-1', 'other')).toMatch(/:events:us-east-1:123456789012:event-bus\/other$/);
  });
});

describe('the bus policy', () => {
  const LIBRARY_SOURCES = ['aws.acm', 'cdk-pki.ca-renewal', 'cdk-pki.ca-retirement', 'aws.config', 'aws.cloudwatch'];
  const LIBRARY_DETAIL_TYPES = [
    'ACM Certificate Approaching Expiration', 'ACM Certificate Renewal Action Required', 'ACM Certificate Expired',
    'CA Certificate Renewed', 'CA Certificate Renewal Capped', 'CA Certificate Renewal Failed',
    'CA Retirement Scheduled', 'CA Disabled For Retirement', 'CA Deleted For Retirement', 'CA Retirement Failed',
    'Config Rules Compliance Change', 'CloudWatch Alarm State Change',
  ];

  test('lets any principal of the organization put the library\'s events, and no others, on this bus only', () => {
    const [busId] = only(resources(org.template, 'AWS::Events::EventBus'));
    const [, policy] = only(resources(org.template, 'AWS::Events::EventBusPolicy'));
    expect(policy.Properties.EventBusName).toEqual({ Ref: busId });
    expect(policy.Properties.Statement).toEqual({
      Sid: 'cdk-PkiEventsFromTheOrganization',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
      Condition: {
        'StringEquals': { 'aws:PrincipalOrgID': ORG },
        'ForAllValues:StringEquals': { 'events:source': LIBRARY_SOURCES, 'events:detail-type': LIBRARY_DETAIL_TYPES },
        'Null': { 'events:source': 'false', 'events:detail-type': 'false' },
      },
    });
  });

  test('with accounts, names them (each once) instead of the organization', () => {
    const stack = securityStack();
    new PkiEventBus(stack, 'PkiEvents', { accounts: [MEMBER.account, '333333333333', MEMBER.account] });
    const [, policy] = only(resources(Template.fromStack(stack), 'AWS::Events::EventBusPolicy'));
    const statement = stack.resolve(policy.Properties.Statement);
    expect(statement.Sid).toBe('cdk-PkiEventsFromTheAccounts');
    expect(statement.Principal.AWS).toHaveLength(2);
    expect(JSON.stringify(statement.Principal)).toContain(`:iam::${MEMBER.account}:root`);
    expect(JSON.stringify(statement.Principal)).toContain(':iam::333333333333:root');
    expect(statement.Condition.StringEquals).toBeUndefined();
    expect(statement.Condition['ForAllValues:StringEquals']['events:source']).toEqual(LIBRARY_SOURCES);
  });

  test('admits every source and detail-type a member\'s forwarding rule sends, and those only', () => {
    const app = new App();
    const { stack } = memberStack(app);
    const [, rule] = only(Object.fromEntries(Object.entries(resources(Template.fromStack(stack), 'AWS::Events::Rule'))
      .filter(([id]) => id.startsWith('ExpiryAlarmsCentralEventBusRule'))));
    const branches = rule.Properties.EventPattern.$or as Array<Record<string, string[]>>;
    expect(new Set(branches.flatMap((b) => b.source))).toEqual(new Set(LIBRARY_SOURCES));
    expect(new Set(branches.flatMap((b) => b['detail-type']))).toEqual(new Set(LIBRARY_DETAIL_TYPES));
  });
});

describe('the bus policy and a member\'s forwarding role, evaluated', () => {
  let busPolicy: PolicyDocument;
  let accountsPolicy: PolicyDocument;
  let forwarder: { principal: string; policies: ReturnType<ResolvedStack['identityPolicies']> };

  /** The bus policy of a PkiEventBus, resolved, with the bus's ARN as it is at deployment. */
  function resolvedBusPolicy(stack: Stack): PolicyDocument {
    const template = Template.fromStack(stack);
    const [busId] = only(resources(template, 'AWS::Events::EventBus'));
    const [, policy] = only(resources(template, 'AWS::Events::EventBusPolicy'));
    // The test resolver does not know AWS::Events::EventBus; its ARN is known from its name.
    const statement = JSON.parse(JSON.stringify(policy.Properties.Statement).split(JSON.stringify({ 'Fn::GetAtt': [busId, 'Arn'] })).join(`"${BUS_ARN}"`));
    return { Version: '2012-10-17', Statement: [ResolvedStack.of(stack).resolve(statement)] };
  }

  beforeAll(() => {
    busPolicy = resolvedBusPolicy(org.stack);
    const accountsStack = securityStack();
    new PkiEventBus(accountsStack, 'PkiEvents', { accounts: [MEMBER.account] });
    accountsPolicy = resolvedBusPolicy(accountsStack);

    const { stack } = memberStack(new App());
    const resolved = ResolvedStack.of(stack);
    const [roleId] = resolved.logicalIds('AWS::IAM::Role', (p) => String(p.Description).includes('central event bus'));
    forwarder = {
      principal: `arn:aws:sts::${MEMBER.account}:assumed-role/${resolved.resolve({ Ref: roleId })}/events-session`,
      policies: resolved.identityPolicies(roleId),
    };
  });

  const ACM_EVENT = { 'events:source': ['aws.acm'], 'events:detail-type': ['ACM Certificate Approaching Expiration'] };
  const put = (context: Record<string, string | string[]>, resourcePolicy = busPolicy, resource = BUS_ARN) => simulate({
    principal: forwarder.principal,
    action: 'events:PutEvents',
    resource,
    identityPolicies: forwarder.policies,
    resourcePolicy,
    context,
  });

  test('a member account of the organization may put the library\'s events', async () => {
    expect(await put({ 'aws:PrincipalOrgID': ORG, ...ACM_EVENT })).toBe('Allowed');
    expect(await put({
      'aws:PrincipalOrgID': ORG,
      'events:source': ['cdk-pki.ca-renewal', 'aws.cloudwatch'],
      'events:detail-type': ['CA Certificate Renewal Failed', 'CloudWatch Alarm State Change'],
    })).toBe('Allowed');
  });

  test('an account outside the organization may not, even with an identity policy that allows it', async () => {
    const decision = await simulate({
      principal: `arn:aws:iam::${OUTSIDER}:role/anything`,
      action: 'events:PutEvents',
      resource: BUS_ARN,
      identityPolicies: [{ name: 'Any', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] } }],
      resourcePolicy: busPolicy,
      context: { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', ...ACM_EVENT },
    });
    expect(decision).not.toBe('Allowed');
  });

  test('within the organization, another source or detail-type may not, alone or in a batch with the library\'s', async () => {
    expect(await put({ 'aws:PrincipalOrgID': ORG, 'events:source': ['com.example.orders'], 'events:detail-type': ['Order Placed'] })).not.toBe('Allowed');
    expect(await put({
      'aws:PrincipalOrgID': ORG,
      'events:source': ['aws.acm', 'com.example.orders'],
      'events:detail-type': ['ACM Certificate Expired'],
    })).not.toBe('Allowed');
    expect(await put({ 'aws:PrincipalOrgID': ORG, 'events:source': ['aws.acm'], 'events:detail-type': ['AWS API Call via CloudTrail'] })).not.toBe('Allowed');
  });

  test('with accounts, a named account may, another may not', async () => {
    expect(await put(ACM_EVENT, accountsPolicy)).toBe('Allowed');
    const decision = await simulate({
      principal: `arn:aws:iam::${OUTSIDER}:role/anything`,
      action: 'events:PutEvents',
      resource: BUS_ARN,
      identityPolicies: [{ name: 'Any', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: '*' }] } }],
      resourcePolicy: accountsPolicy,
      context: ACM_EVENT,
    });
    expect(decision).not.toBe('Allowed');
  });

  test('the forwarding role may put events on that bus only, and do nothing else', async () => {
    // Another bus of the security account whose policy would let the member account in: the role's own policy says no.
    const otherBus = `arn:aws:events:${SECURITY.region}:${SECURITY.account}:event-bus/other`;
    const letsMemberIn: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MEMBER.account}:root` }, Action: 'events:*', Resource: otherBus }],
    };
    expect(await put(ACM_EVENT, letsMemberIn, otherBus)).not.toBe('Allowed');
    // Its own account's buses, where no resource policy is needed: still no.
    const ownDefault = `arn:aws:events:${MEMBER.region}:${MEMBER.account}:event-bus/default`;
    expect(await simulate({
      principal: forwarder.principal,
      action: 'events:PutEvents',
      resource: ownDefault,
      identityPolicies: forwarder.policies,
      context: ACM_EVENT,
    })).not.toBe('Allowed');
    // Nothing but PutEvents, even where the bus would let it: no rule on the bus, no change to the bus.
    const letsMemberDoAnything: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MEMBER.account}:root` }, Action: 'events:*', Resource: '*' }],
    };
    const rule = `arn:aws:events:${SECURITY.region}:${SECURITY.account}:rule/cdk-pki-events/exfiltrate`;
    for (const [action, resource] of [['events:PutRule', rule], ['events:PutTargets', rule], ['events:DeleteEventBus', BUS_ARN]]) {
      expect(await simulate({
        principal: forwarder.principal,
        action,
        resource,
        identityPolicies: forwarder.policies,
        resourcePolicy: letsMemberDoAnything,
      })).not.toBe('Allowed');
    }
  });

  test('the forwarding role is assumed by EventBridge only', async () => {
    const { stack } = memberStack(new App());
    const resolved = ResolvedStack.of(stack);
    const [roleId] = resolved.logicalIds('AWS::IAM::Role', (p) => String(p.Description).includes('central event bus'));
    const assume = (principal: string) => simulate({
      principal,
      action: 'sts:AssumeRole',
      resource: resolved.arnOf(roleId),
      resourcePolicy: resolved.trustPolicy(roleId),
    });
    expect(await assume('events.amazonaws.com')).toBe('Allowed');
    expect(await assume('lambda.amazonaws.com')).not.toBe('Allowed');
    expect(await assume(`arn:aws:iam::${OUTSIDER}:root`)).not.toBe('Allowed');
  });
});

describe('the archive', () => {
  test('keeps the library\'s events for 90 days by default', () => {
    const [busId] = only(resources(org.template, 'AWS::Events::EventBus'));
    const [, archive] = only(resources(org.template, 'AWS::Events::Archive'));
    expect(archive.Properties).toMatchObject({
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      RetentionDays: 90,
      EventPattern: { source: ['aws.acm', 'cdk-pki.ca-renewal', 'cdk-pki.ca-retirement', 'aws.config', 'aws.cloudwatch'] },
    });
    expect(org.bus.archive).toBeDefined();
  });

  test('archiveRetention sets the days; archive: false leaves it out', () => {
    const stack = securityStack();
    new PkiEventBus(stack, 'Kept', { organizationId: ORG, archiveRetention: Duration.days(400) });
    const none = new PkiEventBus(stack, 'None', { organizationId: ORG, eventBusName: 'other', archive: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Archive', 1);
    template.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 400 });
    expect(none.archive).toBeUndefined();
  });
});

describe('notifications', () => {
  test('a new topic, encrypted with a rotating key, SSL only, that this account\'s EventBridge may publish to, with the emails', () => {
    const [keyId, key] = only(resources(org.template, 'AWS::KMS::Key'));
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const [topicId, topic] = only(resources(org.template, 'AWS::SNS::Topic'));
    expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const [, policy] = only(resources(org.template, 'AWS::SNS::TopicPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Sid: 'AllowPublishThroughSSLOnly', Effect: 'Deny' }),
      expect.objectContaining({ Sid: 'ExpiryNotificationsFromThisAccount', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
    ]));
    org.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'pki-team@example.com', TopicArn: { Ref: topicId } });
    expect(org.bus.topicKey).toBeDefined();
  });

  test('one rule per kind of event, on the central bus, each to the topic as a readable line', () => {
    const [busId] = only(resources(org.template, 'AWS::Events::EventBus'));
    const [topicId] = only(resources(org.template, 'AWS::SNS::Topic'));
    const rules = Object.values(resources(org.template, 'AWS::Events::Rule'));
    expect(rules).toHaveLength(6);
    expect(org.bus.notificationRules).toHaveLength(6);
    for (const rule of rules) {
      expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId }, InputTransformer: expect.anything() })]);
    }
    const bySource = (source: string) => rules.filter((r) => r.Properties.EventPattern.source.includes(source));
    expect(bySource('aws.acm').map((r) => r.Properties.EventPattern['detail-type'][0]).sort()).toEqual([
      'ACM Certificate Approaching Expiration', 'ACM Certificate Expired', 'ACM Certificate Renewal Action Required',
    ]);
    const [alarms] = bySource('aws.cloudwatch');
    expect(alarms.Properties.EventPattern.detail).toEqual({
      configuration: { description: [{ prefix: 'cdk-pki WARNING: ' }, { prefix: 'cdk-pki CRITICAL: ' }] },
      state: { value: ['ALARM', 'OK'] },
    });
    expect(alarms.Properties.Targets[0].InputTransformer.InputTemplate).toBe(
      'CloudWatch alarm <alarmName> in account <account>, Region <region> is now <state>. <description> (<reason>)');
    const [config] = bySource('aws.config');
    expect(config.Properties.EventPattern.detail).toEqual({ resourceType: ['AWS::ACM::Certificate'], newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } });
    expect(bySource('cdk-pki.ca-renewal')).toHaveLength(1);
  });

  test('a topic passed in is used, with no topic or key of its own', () => {
    const stack = securityStack();
    const topic = new sns.Topic(stack, 'Team');
    const bus = new PkiEventBus(stack, 'PkiEvents', { organizationId: ORG, topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(bus.topic).toBe(topic);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ExpiryNotificationsFromThisAccount' })]) },
    });
  });

  test('notifications: false makes no topic and no rule', () => {
    const stack = securityStack();
    const bus = new PkiEventBus(stack, 'PkiEvents', { organizationId: ORG, notifications: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(bus.topic).toBeUndefined();
    expect(bus.notificationRules).toEqual([]);
  });
});

describe('cdk-nag and cfn-lint over both sides', () => {
  /** The security account's bus (both kinds of policy) and a member account's forwarding ExpiryAlarms. */
  function bothSides(outdir?: string): App {
    const app = new App(outdir ? { outdir } : {});
    const security = securityStack(app);
    new PkiEventBus(security, 'PkiEvents', { organizationId: ORG, emailAddresses: ['pki-team@example.com'] });
    new PkiEventBus(security, 'Listed', { accounts: [MEMBER.account], eventBusName: 'listed', archive: false });
    memberStack(app);
    return app;
  }

  test('AwsSolutions finds nothing, without a single acknowledgement', () => {
    const app = bothSides();
    app.synth();
    expect(nagFindings(app, true)).toEqual([]);
    expect(nagFindings(app, false)).toEqual([]);
  });

  test('the pack checks event bus policies: an open one is reported', () => {
    const app = new App();
    const bus = new events.EventBus(securityStack(app), 'Open');
    bus.addToResourcePolicy(new iam.PolicyStatement({ sid: 'Open', principals: [new iam.AnyPrincipal()], actions: ['events:PutEvents'], resources: [bus.eventBusArn] }));
    app.synth();
    expect(nagFindings(app, true)).toEqual([expect.stringMatching(/^AwsSolutions-EVB1 /)]);
  });

  const executable = cfnLintForTests('the PkiEventBus templates');
  (executable ? test : test.skip)('cfn-lint finds nothing in either template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-event-bus-'));
    try {
      const assembly = bothSides(dir).synth();
      const templates = assembly.stacks.map((s) => path.join(dir, s.templateFile));
      expect(templates).toHaveLength(2);
      const result = cfnLint(executable!, templates);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, LINT_TIMEOUT_MS);
});

describe('bad input', () => {
  function build(props: PkiEventBusProps): () => PkiEventBus {
    return () => new PkiEventBus(securityStack(), 'PkiEvents', props);
  }

  test('throws when neither organizationId nor accounts is set, or both are', () => {
    expect(build({})).toThrow("PkiEventBus 'Security/PkiEvents': neither organizationId nor accounts is set");
    expect(build({ organizationId: ORG, accounts: [MEMBER.account] })).toThrow('organizationId and accounts are both set; give one');
  });

  test.each(['o-short', 'O-A1B2C3D4E5', 'a1b2c3d4e5f6', 'o-a1b2c3d4e5_'])('throws when organizationId is %p', (organizationId) => {
    expect(build({ organizationId })).toThrow(`organizationId '${organizationId}' is not an organization id`);
  });

  test('does not throw when organizationId is a token', () => {
    expect(build({ organizationId: Lazy.string({ produce: () => ORG }) })).not.toThrow();
  });

  test.each(['12345678901', '1234567890123', 'member'])('throws when an account is %p', (account) => {
    expect(build({ accounts: [account] })).toThrow(`accounts: '${account}' is not an account id; use 12 digits`);
  });

  test('throws when accounts is empty, or too many for the bus policy', () => {
    expect(build({ accounts: [] })).toThrow('accounts is empty');
    const many = Array.from({ length: 201 }, (_, i) => String(100000000000 + i));
    expect(build({ accounts: many })).toThrow('accounts names 201 accounts; the bus policy may hold at most 200 (it may not exceed 10 KB)');
    expect(build({ accounts: many.slice(0, 200) })).not.toThrow();
  });

  test('does not throw when an account is a token', () => {
    expect(build({ accounts: [Token.asString({ Ref: 'MemberAccount' })] })).not.toThrow();
  });

  test.each([['default', 'default'], ['with a slash', 'with/slash'], ['with a space', 'with space'], ['257 characters long', 'x'.repeat(257)],
    ['empty', '']])('throws when eventBusName is %s', (_label, eventBusName) => {
    expect(build({ organizationId: ORG, eventBusName })).toThrow(`eventBusName '${eventBusName}' is not allowed`);
  });

  test('does not throw when eventBusName is a token', () => {
    expect(build({ organizationId: ORG, eventBusName: Lazy.string({ produce: () => 'pki' }) })).not.toThrow();
  });

  test('throws when a topic or emails are given without notifications', () => {
    expect(build({ organizationId: ORG, notifications: false, emailAddresses: ['pki@example.com'] }))
      .toThrow('topic or emailAddresses is set but notifications is false');
  });

  test('throws when an email is not one', () => {
    expect(build({ organizationId: ORG, emailAddresses: ['pki-team'] })).toThrow("emailAddresses: 'pki-team' is not an email address");
  });

  test('throws when the topic is FIFO', () => {
    const stack = securityStack();
    const topic = new sns.Topic(stack, 'Fifo', { fifo: true, topicName: 'pki.fifo' });
    expect(() => new PkiEventBus(stack, 'PkiEvents', { organizationId: ORG, topic })).toThrow('topic is a FIFO topic');
  });

  test.each([['0 days', Duration.days(0)], ['36 hours', Duration.hours(36)], ['1.5 days', Duration.days(1.5)]])('throws when archiveRetention is %s',
    (_label, archiveRetention) => {
      expect(build({ organizationId: ORG, archiveRetention })).toThrow(/archiveRetention .* is not allowed: an archive keeps events for whole days/);
    });

  test('does not throw when archiveRetention is a token in days', () => {
    expect(build({ organizationId: ORG, archiveRetention: Duration.days(Token.asNumber({ Ref: 'Days' })) })).not.toThrow();
  });

  test('throws when archiveRetention is set without the archive', () => {
    expect(build({ organizationId: ORG, archive: false, archiveRetention: Duration.days(30) })).toThrow('archiveRetention is set but archive is false');
  });

  test('reports every problem at once', () => {
    expect(build({ organizationId: 'o-bad', eventBusName: 'default', archive: false, archiveRetention: Duration.days(30) }))
      .toThrow("PkiEventBus 'Security/PkiEvents' has 3 problems:");
  });
});
