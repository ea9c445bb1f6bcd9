/**
 * Key rotation by CA replacement, as the constructs build it: raising `generation` on an IssuingCa or a RootCaAccount
 * makes a new CA resource (`Generation<n>`), and everything that uses the construct (RAM shares, ACM's
 * AWS::ACMPCA::Permission, grants, the published ARN parameter, the renewal spec) follows to it; the signing resource
 * (and the root's lifecycle resource) tells the handler how long the replaced generation keeps serving what it issued
 * (RetireAfterDays), and the stack gets the daily run that retires it (src/lifecycle/private/ca-renewal.ts).
 *
 * Each app is synthesized once per describe, with generation 1 and with generation 2 of the same construct tree.
 */
import { App, CfnParameter, CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { IssuingCa, IssuingCaProps, RootCaAccount, Validity } from '../../src';
import { CaCertificateRenewal } from '../../src/lifecycle/ca-certificate-renewal';
import { AUTHORITY_PARENTS_ENV } from '../../src/private/contracts/authority';
import { DEFAULT_ISSUED_CERTIFICATE_DAYS } from '../../src/private/contracts/ca-renewal';
import { RamCaShare } from '../../src/sharing/ram-ca-share';
import { SharePrincipal } from '../../src/sharing/share-permission';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const TEAM_ENV = { account: '333333333333', region: 'eu-west-1' };
const CA = 'AWS::ACMPCA::CertificateAuthority';
const SIGNING = 'Custom::PkiSubordinateCaCertificate';
const ROOT_LIFECYCLE = 'Custom::PkiRootCaLifecycle';

type Resource = { Type: string; Properties?: Record<string, any>; DependsOn?: string | string[] };

/** A stack synthesized once: its template, its resources, and the logical id of any of its constructs. */
interface Synthesized {
  readonly template: Template;
  readonly json: string;
  readonly resources: Record<string, Resource>;
  logicalIdOf(construct: IConstruct): string;
}

function synthesized(stack: Stack): Synthesized {
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, Resource>;
  return {
    template,
    json: JSON.stringify(template.toJSON()),
    resources,
    logicalIdOf: (construct) => stack.resolve(stack.getLogicalId((construct.node.defaultChild ?? construct) as never)) as string,
  };
}

/** Logical ids of the resources of a type. */
const idsOf = (s: Synthesized, type: string) => Object.keys(s.resources).filter((id) => s.resources[id].Type === type);
/** The one resource of a type whose logical id starts with `prefix`. */
function oneOf(s: Synthesized, type: string, prefix = ''): [string, Resource] {
  const found = idsOf(s, type).filter((id) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return [found[0], s.resources[found[0]]];
}
/** The stack's daily run: its scheduled rule (construct CdkPkiCaRenewal). */
const scheduleRules = (s: Synthesized) => idsOf(s, 'AWS::Events::Rule').filter((id) => id.startsWith('CdkPkiCaRenewal'));
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });

// -----------------------------------------------------------------------------------------------------------------
// An issuing CA of end-entity certificates, shared, granted, with ACM's permission and removalPolicy DESTROY

interface LeafApp {
  readonly issuing: Synthesized;
  readonly ca: IssuingCa;
  readonly role: iam.Role;
}

function leafApp(generation: number, props: Partial<IssuingCaProps> = {}): LeafApp {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  const issuingStack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const ca = new IssuingCa(issuingStack, 'IssuingCa', {
    parent: root,
    caName: 'issuing',
    subject: { commonName: 'Corp Issuing CA' },
    acmRenewalPermission: true,
    removalPolicy: RemovalPolicy.DESTROY,
    renewal: CaCertificateRenewal.manual(),
    generation,
    ...props,
  });
  new RamCaShare(issuingStack, 'Share', {
    certificateAuthority: ca, principals: [SharePrincipal.account('444444444444')], resourceShareName: 'issuing',
  });
  const role = new iam.Role(issuingStack, 'Workload', { assumedBy: new iam.AccountRootPrincipal() });
  ca.grantIssue(role);
  return { issuing: synthesized(issuingStack), ca, role };
}

describe('an IssuingCa replaced by generation 2', () => {
  let first: LeafApp;
  let second: LeafApp;
  let oldCaId: string;
  let newCaId: string;
  let signingId: string;

  beforeAll(() => {
    first = leafApp(1);
    second = leafApp(2);
    [oldCaId] = oneOf(first.issuing, CA);
    [newCaId] = oneOf(second.issuing, CA);
    [signingId] = oneOf(second.issuing, SIGNING);
  });

  test('the CA resource gets a new logical id (Generation2); the signing resource keeps its own and signs the new CA', () => {
    expect(oldCaId).toBe(first.issuing.logicalIdOf(first.ca.node.findChild('Resource')));
    expect(newCaId).toBe(second.issuing.logicalIdOf(second.ca.node.findChild('Generation2')));
    expect(newCaId).toMatch(/^IssuingCaGeneration2[0-9A-F]{8}$/);
    expect(newCaId).not.toBe(oldCaId);
    expect(oneOf(first.issuing, SIGNING)[0]).toBe(signingId);
    expect(second.issuing.resources[signingId].Properties).toMatchObject({
      CertificateAuthorityArn: getAtt(newCaId, 'Arn'),
      CertificateSigningRequest: getAtt(newCaId, 'CertificateSigningRequest'),
    });
  });

  test('the RAM share, ACM\'s permission and the grant follow: the signing resource\'s CertificateAuthorityArn', () => {
    const newArn = getAtt(signingId, 'CertificateAuthorityArn');
    expect(oneOf(second.issuing, 'AWS::RAM::ResourceShare')[1].Properties!.ResourceArns).toEqual([newArn]);
    expect(oneOf(second.issuing, 'AWS::ACMPCA::Permission')[1].Properties).toMatchObject({
      CertificateAuthorityArn: newArn, Principal: 'acm.amazonaws.com',
    });
    const [, policy] = oneOf(second.issuing, 'AWS::IAM::Policy', 'WorkloadDefaultPolicy');
    const statements = policy.Properties!.PolicyDocument.Statement as Array<Record<string, any>>;
    expect(statements.map((s) => s.Action)).toEqual([
      'acm-pca:IssueCertificate', ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority'],
    ]);
    for (const statement of statements) expect(statement.Resource).toEqual(newArn);
    expect(policy.Properties!.Roles).toEqual([{ Ref: second.issuing.logicalIdOf(second.role) }]);
  });

  test('the same references in generation 1 name the same attribute: what changes is the CA behind it', () => {
    const oldArn = getAtt(signingId, 'CertificateAuthorityArn');
    expect(oneOf(first.issuing, 'AWS::RAM::ResourceShare')[1].Properties!.ResourceArns).toEqual([oldArn]);
    expect(oneOf(first.issuing, 'AWS::ACMPCA::Permission')[1].Properties!.CertificateAuthorityArn).toEqual(oldArn);
    expect(first.issuing.resources[signingId].Properties!.CertificateAuthorityArn).toEqual(getAtt(oldCaId, 'Arn'));
  });

  test('nothing in the stack references the old CA resource any more', () => {
    expect(first.issuing.json).toContain(`"${oldCaId}"`);
    expect(second.issuing.json).not.toContain(oldCaId);
    expect(second.issuing.resources[oldCaId]).toBeUndefined();
  });

  test(`the signing resource's RetireAfterDays is ${DEFAULT_ISSUED_CERTIFICATE_DAYS} (ACM's 13 months) for a CA without subordinates`, () => {
    expect(second.issuing.resources[signingId].Properties!.RetireAfterDays).toBe(String(DEFAULT_ISSUED_CERTIFICATE_DAYS));
    expect(first.issuing.resources[signingId].Properties!.RetireAfterDays).toBe('395');
    expect(second.issuing.resources[signingId].Properties).toMatchObject({ RemovalPolicy: 'DESTROY', RevokeOnDelete: 'false' });
  });

  test('the stack gets the daily run that retires the old generation, though its only CA renews manually', () => {
    expect(scheduleRules(first.issuing)).toEqual([]);
    const rules = scheduleRules(second.issuing);
    expect(rules).toHaveLength(1);
    const rule = second.issuing.resources[rules[0]].Properties!;
    expect(rule.ScheduleExpression).toBe('rate(1 day)');
    expect(JSON.stringify(rule.Targets[0].Input)).toContain('RenewCaCertificates');
    expect(idsOf(second.issuing, 'AWS::CloudWatch::Alarm').filter((id) => id.startsWith('CdkPkiCaRenewalRetirementFailedAlarm'))).toHaveLength(1);
    // No renewal spec: the CA still renews manually.
    expect(idsOf(second.issuing, 'AWS::SSM::Parameter').filter((id) => JSON.stringify(second.issuing.resources[id]).includes('/cdk-pki/ca-renewal/')))
      .toEqual([]);
  });
});

describe('RetireAfterDays of an IssuingCa follows issuedCertificateValidity', () => {
  test('Duration.days(90) gives 90', () => {
    const { issuing } = leafApp(2, { issuedCertificateValidity: Duration.days(90) });
    expect(oneOf(issuing, SIGNING)[1].Properties!.RetireAfterDays).toBe('90');
  });

  test.each([
    ['0 days', Duration.days(0)],
    ['1.5 days', Duration.hours(36)],
    ['a token', Duration.days(Lazy.number({ produce: () => 30 }))],
  ])('%s is refused at synthesis, naming the prop', (_what, issuedCertificateValidity) => {
    expect(() => leafApp(2, { issuedCertificateValidity })).toThrow(/issuedCertificateValidity must be a whole number of days from 1/);
  });
});

// -----------------------------------------------------------------------------------------------------------------
// A CA that signs CAs: an intermediate with a subordinate in another account, which publishes its ARN

interface SigningApp {
  readonly root: Synthesized;
  readonly issuing: Synthesized;
  readonly team: Synthesized;
  readonly intermediate: IssuingCa;
}

function signingApp(generations: { root: number; intermediate: number }, intermediateProps: Partial<IssuingCaProps> = {}): SigningApp {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', {
    hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' }, removalPolicy: RemovalPolicy.DESTROY, generation: generations.root,
  });
  const issuingStack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const intermediate = new IssuingCa(issuingStack, 'Intermediate', {
    parent: root,
    caName: 'intermediate',
    subject: { commonName: 'Corp Intermediate CA' },
    validity: Validity.years(4),
    removalPolicy: RemovalPolicy.DESTROY,
    generation: generations.intermediate,
    ...intermediateProps,
  });
  new IssuingCa(issuingStack, 'Direct', {
    parent: root, caName: 'direct', subject: { commonName: 'Corp Direct CA' }, validity: Validity.months(30),
  });
  const teamStack = new Stack(app, 'Team', { env: TEAM_ENV });
  new IssuingCa(teamStack, 'TeamCa', {
    parent: intermediate, caName: 'team', subject: { commonName: 'Corp Team CA' }, validity: Validity.years(2),
  });
  return { root: synthesized(rootStack), issuing: synthesized(issuingStack), team: synthesized(teamStack), intermediate };
}

describe('an intermediate CA (with a subordinate in another account) replaced by generation 2', () => {
  let first: SigningApp;
  let second: SigningApp;
  let oldCaId: string;
  let newCaId: string;
  let signingId: string;

  beforeAll(() => {
    first = signingApp({ root: 1, intermediate: 1 });
    second = signingApp({ root: 1, intermediate: 2 });
    [oldCaId] = oneOf(first.issuing, CA, 'Intermediate');
    [newCaId] = oneOf(second.issuing, CA, 'Intermediate');
    [signingId] = oneOf(second.issuing, SIGNING, 'Intermediate');
  });

  test('the published ARN parameter names the new CA', () => {
    expect(newCaId).toMatch(/^IntermediateGeneration2/);
    const [, parameter] = oneOf(second.issuing, 'AWS::SSM::Parameter', 'IntermediateSignerArnParameter');
    expect(parameter.Properties).toMatchObject({ Name: '/cdk-pki/corp/intermediate/certificate-authority-arn', Value: getAtt(newCaId, 'Arn') });
    const [, before] = oneOf(first.issuing, 'AWS::SSM::Parameter', 'IntermediateSignerArnParameter');
    expect(before.Properties!.Value).toEqual(getAtt(oldCaId, 'Arn'));
  });

  test('the renewal spec, the signing resource and the signing authority name the new CA; nothing references the old one', () => {
    expect(second.issuing.resources[signingId].Properties!.CertificateAuthorityArn).toEqual(getAtt(newCaId, 'Arn'));
    const specs = idsOf(second.issuing, 'AWS::SSM::Parameter')
      .filter((id) => JSON.stringify(second.issuing.resources[id].Properties!.Name).includes('/cdk-pki/ca-renewal/'))
      .filter((id) => JSON.stringify(second.issuing.resources[id].Properties!.Value).includes(newCaId));
    expect(specs).toHaveLength(1);
    // The signing authority of the stack signs the intermediate's subordinates with the new CA.
    const authorities = idsOf(second.issuing, 'AWS::Lambda::Function')
      .filter((id) => second.issuing.resources[id].Properties!.Environment?.Variables?.[AUTHORITY_PARENTS_ENV] !== undefined);
    expect(authorities).toHaveLength(1);
    expect(JSON.stringify(second.issuing.resources[authorities[0]].Properties!.Environment.Variables[AUTHORITY_PARENTS_ENV])).toContain(newCaId);
    expect(first.issuing.json).toContain(`"${oldCaId}"`);
    expect(second.issuing.json).not.toContain(oldCaId);
  });

  test('its subordinate is signed again by the new generation (ParentGeneration 2)', () => {
    expect(oneOf(first.team, SIGNING)[1].Properties!.ParentGeneration).toBe('1');
    expect(oneOf(second.team, SIGNING)[1].Properties!.ParentGeneration).toBe('2');
  });

  test('RetireAfterDays is its subordinate\'s validity in maximum days (2 years: 732), not the end-entity default', () => {
    expect(second.issuing.resources[signingId].Properties!.RetireAfterDays).toBe('732');
    expect(oneOf(second.issuing, SIGNING, 'Direct')[1].Properties!.RetireAfterDays).toBe('395');
  });

  test('with issuedCertificateValidity, the longer of it and the subordinates\' validity', () => {
    const longer = signingApp({ root: 1, intermediate: 2 }, { issuedCertificateValidity: Duration.days(800) });
    expect(oneOf(longer.issuing, SIGNING, 'Intermediate')[1].Properties!.RetireAfterDays).toBe('800');
    const shorter = signingApp({ root: 1, intermediate: 2 }, { issuedCertificateValidity: Duration.days(90) });
    expect(oneOf(shorter.issuing, SIGNING, 'Intermediate')[1].Properties!.RetireAfterDays).toBe('732');
  });
});

describe('a RootCaAccount replaced by generation 2', () => {
  let first: SigningApp;
  let second: SigningApp;

  beforeAll(() => {
    first = signingApp({ root: 1, intermediate: 1 });
    second = signingApp({ root: 2, intermediate: 1 });
  });

  test('the root CA resource gets a new logical id, and the lifecycle resource names the new root', () => {
    const [oldId] = oneOf(first.root, CA);
    const [newId] = oneOf(second.root, CA);
    expect(newId).toMatch(/^RootGeneration2/);
    expect(second.root.json).not.toContain(oldId);
    const [lifecycleId, lifecycle] = oneOf(second.root, ROOT_LIFECYCLE);
    expect(oneOf(first.root, ROOT_LIFECYCLE)[0]).toBe(lifecycleId);
    // The lifecycle names the root through its activation (the root is ACTIVE then), which names the new CA.
    const [activationId, activation] = oneOf(second.root, 'AWS::ACMPCA::CertificateAuthorityActivation');
    expect(lifecycle.Properties!.CertificateAuthorityArn).toEqual({ Ref: activationId });
    expect(activation.Properties!.CertificateAuthorityArn).toEqual(getAtt(newId, 'Arn'));
    expect(lifecycle.Properties).toMatchObject({ RemovalPolicy: 'DESTROY' });
  });

  test('its lifecycle resource carries RetireAfterDays: its subordinates\' longest validity in maximum days (4 years: 1464)', () => {
    expect(oneOf(second.root, ROOT_LIFECYCLE)[1].Properties!.RetireAfterDays).toBe('1464');
    expect(oneOf(first.root, ROOT_LIFECYCLE)[1].Properties!.RetireAfterDays).toBe('1464');
  });

  test('a root without subordinates in the app: RetireAfterDays 0 (it signed nothing that needs it)', () => {
    const app = new App();
    const stack = new Stack(app, 'Alone', { env: ROOT_ENV });
    new RootCaAccount(stack, 'Root', { hierarchyName: 'alone', subject: { commonName: 'Alone' }, generation: 2 });
    expect(oneOf(synthesized(stack), ROOT_LIFECYCLE)[1].Properties!.RetireAfterDays).toBe('0');
  });

  test('the root\'s stack gets the daily run only with generation 2 (it has no CA that renews)', () => {
    expect(scheduleRules(first.root)).toEqual([]);
    expect(scheduleRules(second.root)).toHaveLength(1);
  });

  test('the subordinates in other stacks are signed again by the new root (ParentGeneration 2)', () => {
    expect(oneOf(first.issuing, SIGNING, 'Intermediate')[1].Properties!.ParentGeneration).toBe('1');
    expect(oneOf(second.issuing, SIGNING, 'Intermediate')[1].Properties!.ParentGeneration).toBe('2');
    expect(oneOf(second.issuing, SIGNING, 'Direct')[1].Properties!.ParentGeneration).toBe('2');
  });
});

/** RetireAfterDays of a CA's signing resource. */
function retireAfterOf(stack: Stack, ca: IssuingCa): string {
  const logicalId = stack.resolve((ca.certificate.node.defaultChild as CfnResource).logicalId) as string;
  return Template.fromStack(stack).toJSON().Resources[logicalId].Properties.RetireAfterDays;
}

describe('RetireAfterDays when what a CA issues is not known at synthesis', () => {
  test('a subordinate validity known only at deployment: 100 years, so the replaced CA retires at its own certificate\'s end', () => {
    const app = new App();
    const stack = new Stack(app, 'Tokens', { env: { account: '111111111111', region: 'us-east-1' } });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'tok', subject: { commonName: 'Root' } });
    const mid = new IssuingCa(stack, 'Mid', { parent: root, subject: { commonName: 'Mid' }, validity: Validity.years(5), renewal: CaCertificateRenewal.manual() });
    const days = new CfnParameter(stack, 'Days', { type: 'Number', default: 365 });
    new IssuingCa(stack, 'Leaf', { parent: mid, subject: { commonName: 'Leaf' }, validity: Validity.days(days.valueAsNumber), renewal: CaCertificateRenewal.manual() });
    expect(retireAfterOf(stack, mid)).toBe('36600');
  });

  test('a CA that signs CAs and issues ACM certificates: the longer of its subordinates\' validity and ACM\'s 13 months', () => {
    const app = new App();
    const stack = new Stack(app, 'Both', { env: { account: '111111111111', region: 'us-east-1' } });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'both', subject: { commonName: 'Root' } });
    const mid = new IssuingCa(stack, 'Mid', {
      parent: root, subject: { commonName: 'Mid' }, validity: Validity.years(5), acmRenewalPermission: true, renewal: CaCertificateRenewal.manual(),
    });
    new IssuingCa(stack, 'Leaf', { parent: mid, subject: { commonName: 'Leaf' }, validity: Validity.days(30), renewal: CaCertificateRenewal.manual() });
    expect(retireAfterOf(stack, mid)).toBe('395');
  });
});
