/**
 * The automatic renewal of IssuingCa certificates as the constructs build it (src/lifecycle/private/ca-renewal.ts):
 * per CA a renewal spec (an SSM parameter CloudFormation writes, read by the signing handler), per stack one daily
 * schedule and two alarms, the signing handler's rights, and the synthesis errors of `renewBefore`.
 *
 * The stacks are synthesized once for the file; values with intrinsics are resolved as CloudFormation would
 * (test/support/iam-sim.ts) before they are compared.
 */
import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { IssuingCa, Revocation, RootCaAccount, Validity } from '../../src';
import { CaCertificateRenewal } from '../../src/lifecycle/ca-certificate-renewal';
import type { CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import { ResolvedStack } from '../support/iam-sim';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const CHILD_ENV = { account: '222222222222', region: 'eu-west-1' };

type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

/** A stack synthesized once: its template (raw), and the same resolved as at deployment. */
interface Synthesized {
  readonly stack: Stack;
  readonly template: Template;
  readonly resources: Resources;
  readonly resolved: ResolvedStack;
}

function synthesized(stack: Stack): Synthesized {
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources as Resources, resolved: ResolvedStack.of(stack) };
}

function rootOf(stack: Stack): RootCaAccount {
  return new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
}

/** The renewal spec parameters of a stack, by logical id. */
function specParameters(s: Synthesized): Array<[string, { Type: string; Properties?: Record<string, any> }]> {
  return Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::SSM::Parameter' && /\/cdk-pki\/ca-renewal\//.test(JSON.stringify(r.Properties?.Name)));
}

/** The renewal spec of a CA, found by the name of its parameter (its signing resource's logical id), resolved and parsed. */
function specOf(s: Synthesized, ca: IssuingCa): { name: string; spec: CaRenewalSpec; properties: Record<string, any> } {
  const logicalId = s.resolved.logicalIdOf(ca.certificate);
  const found = specParameters(s).filter(([, r]) => (s.resolved.resolve(r.Properties!.Name) as string).endsWith(`/${logicalId}`));
  expect(found).toHaveLength(1);
  const [, parameter] = found[0];
  return {
    name: s.resolved.resolve(parameter.Properties!.Name) as string,
    spec: JSON.parse(s.resolved.resolve(parameter.Properties!.Value) as string) as CaRenewalSpec,
    properties: parameter.Properties!,
  };
}

/** A number of a CA's renewal spec, read from the template without resolving it (for stacks with CloudFormation parameters). */
function rawSpecNumber(s: Synthesized, ca: IssuingCa, key: 'RenewBeforeDays' | 'ParentRenewBeforeDays'): number | undefined {
  const logicalId = s.resolved.logicalIdOf(ca.certificate);
  const found = specParameters(s).filter(([, r]) => JSON.stringify(r.Properties!.Name).includes(`/spec/${logicalId}`));
  expect(found).toHaveLength(1);
  const value = found[0][1].Properties!.Value;
  const literal = typeof value === 'string' ? value : (value['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : '""')).join('');
  const match = new RegExp(`"${key}":(-?[0-9.eE+-]+)`).exec(literal);
  return match ? Number(match[1]) : undefined;
}

/** The signing resource's properties, resolved, without what the spec leaves out (the CSR, the service token). */
function signingProperties(s: Synthesized, ca: IssuingCa): Record<string, unknown> {
  const { CertificateSigningRequest: _csr, ServiceToken: _token, ...rest } = s.resources[s.resolved.logicalIdOf(ca.certificate)].Properties!;
  return s.resolved.resolve(rest) as Record<string, unknown>;
}

const rules = (s: Synthesized) => Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties?.ScheduleExpression !== undefined);
/** The renewal alarms of a stack (renewals capped, renewals failed), by logical id. */
const renewalAlarms = (s: Synthesized) => Object.entries(s.resources)
  .filter(([id, r]) => r.Type === 'AWS::CloudWatch::Alarm' && /^CdkPkiCaRenewal(Capped|Failed)Alarm/.test(id));

/** The signing handler's role and its function, by their construct paths. */
function handlerIds(s: Synthesized): { role: string; fn: string } {
  const handler = s.stack.node.findChild('CdkPkiSigningProvider').node.findChild('Handler');
  return { role: s.resolved.logicalIdOf(handler.node.findChild('Role')), fn: s.resolved.logicalIdOf(handler.node.findChild('Function')) };
}

/** Statements of the signing handler's role, resolved. */
function handlerStatements(s: Synthesized): Array<Record<string, any>> {
  return s.resolved.identityPolicies(handlerIds(s).role).flatMap((p) => p.policy.Statement as Array<Record<string, any>>);
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]) as string[];

/** The handler's statements that allow `action`. */
const allowing = (s: Synthesized, action: string) => handlerStatements(s).filter((st) => st.Effect === 'Allow' && asList(st.Action).includes(action));

/** The resources on which the handler is allowed `action`, among those that contain `part`. */
const resourcesOf = (s: Synthesized, action: string, part: string) => allowing(s, action)
  .flatMap((st) => asList(st.Resource)).filter((r) => r.includes(part));

// ---------------------------------------------------------------------------------------------------------
// The stacks of the file.
// ---------------------------------------------------------------------------------------------------------

/** A root and three IssuingCas in one stack: a default renewal (three years), one under it (90 days), one manual. */
let main: Synthesized;
let issuing: IssuingCa;
let app: IssuingCa;
let manual: IssuingCa;
/** The only IssuingCa of its stack renews manually. */
let manualOnly: Synthesized;
/** Three CAs: two name the same alarm topic, the third does not (the CRL alarm topic). */
let topics: Synthesized;
let topic: sns.Topic;
/** An IssuingCa without CRLs (no CRL alarm topic) and no alarmTopic. */
let noTopic: Synthesized;
/** An IssuingCa in another stack (account, Region) than its IssuingCa parent. */
let child: Synthesized;
let childCa: IssuingCa;
let parentStack: Synthesized;
let intermediate: IssuingCa;

beforeAll(() => {
  {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    const root = rootOf(stack);
    issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    app = new IssuingCa(stack, 'App', {
      parent: issuing, subject: { commonName: 'App' }, validity: Validity.years(1), renewal: CaCertificateRenewal.automatic({ renewBefore: Duration.days(90) }),
    });
    manual = new IssuingCa(stack, 'Manual', { parent: root, subject: { commonName: 'Manual' }, renewal: CaCertificateRenewal.manual() });
    main = synthesized(stack);
  }
  {
    const stack = new Stack(new App(), 'ManualOnly', { env: ROOT_ENV });
    new IssuingCa(stack, 'Issuing', { parent: rootOf(stack), subject: { commonName: 'Issuing' }, renewal: CaCertificateRenewal.manual() });
    manualOnly = synthesized(stack);
  }
  {
    const stack = new Stack(new App(), 'Topics', { env: ROOT_ENV });
    const root = rootOf(stack);
    topic = new sns.Topic(stack, 'RenewalTopic');
    new IssuingCa(stack, 'A', { parent: root, subject: { commonName: 'A' }, renewal: CaCertificateRenewal.automatic({ alarmTopic: topic }) });
    new IssuingCa(stack, 'B', { parent: root, subject: { commonName: 'B' }, renewal: CaCertificateRenewal.automatic({ alarmTopic: topic }) });
    new IssuingCa(stack, 'C', { parent: root, subject: { commonName: 'C' } });
    topics = synthesized(stack);
  }
  {
    const stack = new Stack(new App(), 'NoTopic', { env: ROOT_ENV });
    new IssuingCa(stack, 'Issuing', { parent: rootOf(stack), subject: { commonName: 'Issuing' }, revocation: Revocation.none() });
    noTopic = synthesized(stack);
  }
  {
    const cdkApp = new App();
    const rootStack = new Stack(cdkApp, 'Pki-Root', { env: ROOT_ENV });
    intermediate = new IssuingCa(rootStack, 'Intermediate', { parent: rootOf(rootStack), subject: { commonName: 'Intermediate' }, validity: Validity.years(5) });
    const childStack = new Stack(cdkApp, 'Pki-Issuing', { env: CHILD_ENV });
    childCa = new IssuingCa(childStack, 'Issuing', { parent: intermediate, subject: { commonName: 'Issuing' }, validity: Validity.years(2) });
    parentStack = synthesized(rootStack);
    child = synthesized(childStack);
  }
});

describe('the renewal spec of an IssuingCa', () => {
  test('is a String parameter named /cdk-pki/ca-renewal/<stack name>/spec/<logical id of its signing resource>', () => {
    const { name, properties } = specOf(main, issuing);
    expect(name).toBe(`/cdk-pki/ca-renewal/Pki/spec/${main.resolved.logicalIdOf(issuing.certificate)}`);
    // The stack name comes from AWS::StackName at deployment, not from synthesis.
    expect(JSON.stringify(properties.Name)).toContain('"Ref":"AWS::StackName"');
    expect(properties).toMatchObject({ Type: 'String', Tier: 'Intelligent-Tiering' });
  });

  test('carries the CA, its depth, RenewBeforeDays (a third of three years: 365) and no ParentRenewBeforeDays under a RootCaAccount', () => {
    const { spec } = specOf(main, issuing);
    expect(spec).toMatchObject({
      Version: 1, LogicalId: main.resolved.logicalIdOf(issuing.certificate), HierarchyName: 'corp', CaName: 'issuing', Depth: 2, RenewBeforeDays: 365,
    });
    expect(spec).not.toHaveProperty('ParentRenewBeforeDays');
    expect(typeof spec.RenewBeforeDays).toBe('number');
  });

  test('carries the signing resource\'s properties without the CSR (the handler reads the CA\'s current one)', () => {
    const { spec } = specOf(main, issuing);
    expect(spec.Properties).not.toHaveProperty('CertificateSigningRequest');
    expect(spec.Properties).toEqual(signingProperties(main, issuing));
    expect(spec.Properties).toMatchObject({
      CertificateAuthorityArn: main.resolved.arnOf(main.resolved.logicalIdOf(issuing)),
      Parent: { Region: 'us-east-1', CertificateAuthorityArn: expect.stringMatching(/^arn:aws:acm-pca:us-east-1:111111111111:certificate-authority\//) },
      ValidityType: 'YEARS',
      ValidityValue: '3',
    });
  });

  test('renewBefore Duration.days(90) gives 90; under an IssuingCa that renews automatically, ParentRenewBeforeDays is the parent\'s', () => {
    const { spec } = specOf(main, app);
    expect(spec).toMatchObject({ CaName: 'app', Depth: 3, RenewBeforeDays: 90, ParentRenewBeforeDays: 365 });
    expect(spec.Properties.Parent.CertificateAuthorityArn).toBe(main.resolved.arnOf(main.resolved.logicalIdOf(issuing)));
  });

  test('a manual renewal has no spec', () => {
    expect(specParameters(main)).toHaveLength(2);
    const manualId = main.resolved.logicalIdOf(manual.certificate);
    expect(JSON.stringify(specParameters(main))).not.toContain(manualId);
  });

  test('in another stack than its IssuingCa parent: the spec names the parent\'s signing authority, and the parent\'s RenewBeforeDays', () => {
    const { name, spec } = specOf(child, childCa);
    expect(name).toBe(`/cdk-pki/ca-renewal/Pki-Issuing/spec/${child.resolved.logicalIdOf(childCa.certificate)}`);
    // Two years: a third is 243 days; the parent's five years: 608.
    expect(spec).toMatchObject({ CaName: 'issuing', Depth: 3, RenewBeforeDays: 243, ParentRenewBeforeDays: 608 });
    expect(spec.Properties.Parent).toEqual({
      Region: 'us-east-1',
      AuthorityFunctionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:/),
      InvokerRoleArn: expect.stringMatching(/^arn:aws:iam::111111111111:role\/cdk-pki\/cdk-pki-invoke-corp-/),
    });
    expect(spec.Properties).toEqual(signingProperties(child, childCa));
    expect(specOf(parentStack, intermediate).spec).toMatchObject({ CaName: 'intermediate', RenewBeforeDays: 608 });
  });
});

describe('the stack\'s renewal schedule', () => {
  test.each([
    ['two automatic CAs and a manual one', () => main],
    ['three automatic CAs', () => topics],
    ['one automatic CA', () => noTopic],
  ])('one daily rule per stack (%s)', (_what, s) => {
    expect(rules(s())).toHaveLength(1);
    expect(rules(s())[0][1].Properties!.ScheduleExpression).toBe('rate(1 day)');
    expect(renewalAlarms(s())).toHaveLength(2);
  });

  test('targets the signing handler with {Action: RenewCaCertificates, StackId: AWS::StackId}', () => {
    const [[ruleId, rule]] = rules(main);
    const targets = rule.Properties!.Targets as Array<Record<string, any>>;
    expect(targets).toHaveLength(1);
    expect(targets[0].Arn).toEqual({ 'Fn::GetAtt': [handlerIds(main).fn, 'Arn'] });
    expect(JSON.stringify(targets[0].Input)).toContain('{"Ref":"AWS::StackId"}');
    expect(JSON.parse(main.resolved.resolve(targets[0].Input) as string)).toEqual({ Action: 'RenewCaCertificates', StackId: main.resolved.stackId });
    main.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [handlerIds(main).fn, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  test('a stack whose only IssuingCa renews manually has no spec, no schedule and no renewal alarms', () => {
    expect(specParameters(manualOnly)).toEqual([]);
    expect(rules(manualOnly)).toEqual([]);
    expect(renewalAlarms(manualOnly)).toEqual([]);
    // And its handler has no right of the renewal: no renewal parameter, no renewal event.
    expect(JSON.stringify(handlerStatements(manualOnly))).not.toContain('/cdk-pki/ca-renewal/');
    expect(JSON.stringify(handlerStatements(manualOnly))).not.toContain('cdk-pki.ca-renewal');
  });
});

describe('the renewal alarms', () => {
  const crlTopic = (s: Synthesized) => {
    const ids = Object.keys(s.resources).filter((id) => s.resources[id].Type === 'AWS::SNS::Topic' && id.startsWith('CdkPkiCrlAlarmTopic'));
    expect(ids).toHaveLength(1);
    return ids[0];
  };

  test.each([
    ['CappedAlarm', 'CaCertificateRenewalsCapped'],
    ['FailedAlarm', 'CaCertificateRenewalsFailed'],
  ])('%s: Sum of %s a day in cdk-pki by StackName, from 1, missing data not breaching, to the CRL alarm topic', (id, metricName) => {
    const alarms = renewalAlarms(main).filter(([logicalId]) => logicalId.startsWith(`CdkPkiCaRenewal${id}`));
    expect(alarms).toHaveLength(1);
    expect(alarms[0][1].Properties).toEqual({
      AlarmActions: [{ Ref: crlTopic(main) }],
      AlarmDescription: expect.stringMatching(/^cdk-pki: /),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'StackName', Value: { Ref: 'AWS::StackName' } }],
      EvaluationPeriods: 1,
      MetricName: metricName,
      Namespace: 'cdk-pki',
      Period: 86400,
      Statistic: 'Sum',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('a given alarmTopic is added once, however many CAs name it, beside the CRL alarm topic of a CA that names none', () => {
    const topicId = topics.resolved.logicalIdOf(topic);
    for (const [, alarm] of renewalAlarms(topics)) {
      const actions = alarm.Properties!.AlarmActions as unknown[];
      expect(actions).toHaveLength(2);
      expect(actions).toEqual(expect.arrayContaining([{ Ref: topicId }, { Ref: crlTopic(topics) }]));
    }
  });

  test('without a CRL alarm topic (Revocation.none()) and alarmTopic, the alarms have no action', () => {
    const alarms = renewalAlarms(noTopic);
    expect(alarms).toHaveLength(2);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties!.AlarmActions ?? []).toEqual([]);
    }
  });
});

describe('the signing handler\'s rights for the renewal', () => {
  const SPECS = 'arn:aws:ssm:us-east-1:111111111111:parameter/cdk-pki/ca-renewal/Pki/spec';
  const RECORDS = 'arn:aws:ssm:us-east-1:111111111111:parameter/cdk-pki/ca-renewal/Pki/renewed/*';

  test('lists the renewal parameters of its stack\'s spec path only (the path itself and what is under it)', () => {
    expect(resourcesOf(main, 'ssm:GetParametersByPath', ':parameter/cdk-pki/ca-renewal/')).toEqual([SPECS, `${SPECS}/*`]);
  });

  test('reads, writes and removes the renewal records of its stack only, and no spec', () => {
    for (const action of ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter']) {
      expect([action, resourcesOf(main, action, ':parameter/cdk-pki/ca-renewal/')]).toEqual([action, [RECORDS]]);
    }
  });

  test('has no SSM right outside its own stack\'s paths', () => {
    const ssmStatements = handlerStatements(main).filter((st) => asList(st.Action).some((a) => a.startsWith('ssm:')));
    expect(ssmStatements.length).toBeGreaterThan(0);
    for (const resource of ssmStatements.flatMap((st) => asList(st.Resource))) {
      expect(resource).toMatch(/^arn:aws:ssm:us-east-1:111111111111:parameter\/cdk-pki\/[a-z-]+\/Pki(\/|$)/);
    }
  });

  test('puts events on its own default bus only, of source cdk-pki.ca-renewal (and of no source outside cdk-pki)', () => {
    const statements = allowing(main, 'events:PutEvents');
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement.Resource).toBe('arn:aws:events:us-east-1:111111111111:event-bus/default');
    expect(Object.keys(statement.Condition).sort()).toEqual(['ForAllValues:StringEquals', 'Null']);
    const sources = asList(statement.Condition['ForAllValues:StringEquals']['events:source']);
    expect(sources).toContain('cdk-pki.ca-renewal');
    for (const source of sources) expect(source).toMatch(/^cdk-pki\./);
    expect(statement.Condition.Null).toEqual({ 'events:source': 'false' });
  });

  test('each right comes once, however many CAs renew', () => {
    const specs = 'arn:aws:ssm:us-east-1:111111111111:parameter/cdk-pki/ca-renewal/Topics/spec';
    expect(allowing(topics, 'ssm:GetParametersByPath').filter((st) => asList(st.Resource).includes(specs))).toHaveLength(1);
    expect(allowing(topics, 'ssm:PutParameter').filter((st) => JSON.stringify(st.Resource).includes('/cdk-pki/ca-renewal/Topics/renewed/'))).toHaveLength(1);
    expect(allowing(topics, 'events:PutEvents')).toHaveLength(1);
  });

  test('in another account and Region, the paths and the bus are that stack\'s', () => {
    const prefix = 'arn:aws:ssm:eu-west-1:222222222222:parameter/cdk-pki/ca-renewal/Pki-Issuing';
    expect(resourcesOf(child, 'ssm:GetParametersByPath', ':parameter/cdk-pki/ca-renewal/')).toEqual([`${prefix}/spec`, `${prefix}/spec/*`]);
    expect(resourcesOf(child, 'ssm:PutParameter', ':parameter/cdk-pki/ca-renewal/')).toEqual([`${prefix}/renewed/*`]);
    expect(allowing(child, 'events:PutEvents').map((st) => st.Resource)).toEqual(['arn:aws:events:eu-west-1:222222222222:event-bus/default']);
  });
});


describe('renewBefore', () => {
  /** A root and one IssuingCa of three years (unless given) with this renewal, in a new app. */
  function appWith(renewal: CaCertificateRenewal, validity?: Validity): { cdkApp: App; ca: IConstruct; stack: Stack } {
    const cdkApp = new App();
    const stack = new Stack(cdkApp, 'Bad', { env: ROOT_ENV });
    const ca = new IssuingCa(stack, 'Issuing', { parent: rootOf(stack), subject: { commonName: 'Issuing' }, validity, renewal });
    return { cdkApp, ca, stack };
  }

  test.each([
    ['0 days', Duration.days(0), /IssuingCa 'Bad\/Issuing': renewBefore 0 days is not a whole number of days from 1; for example Duration\.days\(90\)/],
    ['1.5 days', Duration.days(1.5), /IssuingCa 'Bad\/Issuing': renewBefore 1 day 12 hours is not a whole number of days from 1; for example Duration\.days\(90\)/],
    ['36 hours', Duration.hours(36), /IssuingCa 'Bad\/Issuing': renewBefore .* is not a whole number of days from 1/],
    ['a token', Duration.days(Lazy.number({ produce: () => 30 })),
      /IssuingCa 'Bad\/Issuing': renewBefore must be known at synthesis; use Duration\.days\(n\), or leave it out \(a third of the validity\)/],
    ['the validity (1095 days for 3 years)', Duration.days(1095),
      /IssuingCa 'Bad\/Issuing': renewBefore 1095 days is not shorter than the CA's validity \(3 years\).*use less, for example Duration\.days\(365\)/],
    ['longer than the validity', Duration.days(2000), /renewBefore 2000 days is not shorter than the CA's validity/],
  ])('%s is refused at synthesis, naming the construct and a fix', (_what, renewBefore, message) => {
    const { cdkApp } = appWith(CaCertificateRenewal.automatic({ renewBefore }));
    expect(() => cdkApp.synth()).toThrow(message);
  });

  test('a validity in months is compared by its shortest (28 days a month)', () => {
    const { cdkApp } = appWith(CaCertificateRenewal.automatic({ renewBefore: Duration.days(56) }), Validity.months(2));
    expect(() => cdkApp.synth()).toThrow(/renewBefore 56 days is not shorter than the CA's validity \(2 months\).*Duration\.days\(18\)/);
  });

  test.each([
    ['one day less than the validity', Duration.days(1094), 1094],
    ['48 hours (two whole days)', Duration.hours(48), 2],
    ['one day', Duration.days(1), 1],
  ])('%s is accepted', (_what, renewBefore, days) => {
    const { cdkApp, stack } = appWith(CaCertificateRenewal.automatic({ renewBefore }));
    expect(() => cdkApp.synth()).not.toThrow();
    const s = synthesized(stack);
    const [[, parameter]] = specParameters(s);
    expect(JSON.parse(s.resolved.resolve(parameter.Properties!.Value) as string).RenewBeforeDays).toBe(days);
  });

  test('with a validity known only at deployment, the default renewBefore (a third of it) cannot be computed: refused with a fix', () => {
    const cdkApp = new App();
    const stack = new Stack(cdkApp, 'Deploy', { env: ROOT_ENV });
    const years = new CfnParameter(stack, 'Years', { type: 'Number', default: 3 });
    new IssuingCa(stack, 'Issuing', { parent: rootOf(stack), subject: { commonName: 'Issuing' }, validity: Validity.years(years.valueAsNumber) });
    expect(() => cdkApp.synth()).toThrow(/IssuingCa 'Deploy\/Issuing': its validity is known only at deployment.*give the automatic renewal a renewBefore/);
  });

  test('with a validity known only at deployment, an explicit renewBefore is taken as it is', () => {
    const cdkApp = new App();
    const stack = new Stack(cdkApp, 'Deploy', { env: ROOT_ENV });
    const years = new CfnParameter(stack, 'Years', { type: 'Number', default: 3 });
    const ca = new IssuingCa(stack, 'Issuing', {
      parent: rootOf(stack),
      subject: { commonName: 'Issuing' },
      validity: Validity.years(years.valueAsNumber),
      renewal: CaCertificateRenewal.automatic({ renewBefore: Duration.days(200) }),
    });
    expect(() => cdkApp.synth()).not.toThrow();
    expect(rawSpecNumber(synthesized(stack), ca, 'RenewBeforeDays')).toBe(200);
  });

  test('a manual renewal is not checked (it has no renewBefore)', () => {
    const { cdkApp } = appWith(CaCertificateRenewal.manual(), Validity.days(1));
    expect(() => cdkApp.synth()).not.toThrow();
  });
});
