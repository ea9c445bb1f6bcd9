/**
 * The automatic renewal's rights under the IAM policy simulator (@cloud-copilot/iam-simulate), every policy taken
 * from synthesized templates: the signing handler's role reads its own stack's renewal specs, writes its own stack's
 * renewal records, puts renewal events on its own default bus, and re-signs only its own stack's CAs; for a parent in
 * another stack the only way to the parent is the CA's own invoker role (the parent's signing authority).
 *
 * The app: a root and an intermediate in 111111111111/us-east-1 (stack Pki-Root; the intermediate's parent is in its
 * stack); in 222222222222/eu-west-1 two stacks, Pki-Issuing and Pki-Other, each with an IssuingCa signed by the
 * intermediate through its signing authority.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CaCertificateRenewal, CertificateTemplate, IssuingCa, RootCaAccount, Validity } from '../../src';
import type { CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import { PolicyDocument, ResolvedStack, fakeUuid, simulate } from '../support/iam-sim';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const CHILD_ENV = { account: '222222222222', region: 'eu-west-1' };
const OTHER_ACCOUNT = '999999999999';
const OTHER_REGION = 'ap-northeast-1';

type Policies = ReadonlyArray<{ name: string; policy: PolicyDocument }>;

/** A role of a synthesized stack as the caller: an assumed-role session with the role's identity policies. */
interface Caller {
  readonly arn: string;
  readonly principal: string;
  readonly policies: Policies;
}

function roleCaller(resolved: ResolvedStack, roleLogicalId: string): Caller {
  const props = resolved.resource(roleLogicalId).Properties ?? {};
  const name = resolved.resolve({ Ref: roleLogicalId }) as string;
  const path = (resolved.resolve(props.Path) as string | undefined) ?? '/';
  return {
    arn: `arn:aws:iam::${resolved.env.account}:role${path}${name}`,
    principal: `arn:aws:sts::${resolved.env.account}:assumed-role/${name}/session`,
    policies: resolved.identityPolicies(roleLogicalId),
  };
}

/** The stack's signing handler (the renewal schedule invokes it) as a caller. */
function signingHandler(resolved: ResolvedStack, stack: Stack): Caller {
  const role = stack.node.findChild('CdkPkiSigningProvider').node.findChild('Handler').node.findChild('Role');
  return roleCaller(resolved, resolved.logicalIdOf(role));
}

/** The role with this ARN among the roles of a stack. */
function roleWithArn(resolved: ResolvedStack, arn: string): { caller: Caller; trust: PolicyDocument } {
  const ids = resolved.logicalIds('AWS::IAM::Role').filter((id) => roleCaller(resolved, id).arn === arn);
  expect(ids).toHaveLength(1);
  return { caller: roleCaller(resolved, ids[0]), trust: resolved.trustPolicy(ids[0]) };
}

/** The tags of a CA as IAM reads them (aws:ResourceTag/<key>). */
function caTags(resolved: ResolvedStack, ca: IConstruct): Record<string, string> {
  const tags = resolved.resolve(resolved.resource(resolved.logicalIdOf(ca)).Properties?.Tags) as Array<{ Key: string; Value: string }>;
  return Object.fromEntries(tags.map((t) => [`aws:ResourceTag/${t.Key}`, String(t.Value)]));
}

/** The renewal spec of a CA, resolved. */
function specOf(resolved: ResolvedStack, ca: IssuingCa): CaRenewalSpec {
  const logicalId = resolved.logicalIdOf(ca.certificate);
  const ids = resolved.logicalIds('AWS::SSM::Parameter', (p) => (resolved.resolve(p.Name) as string).endsWith(`/spec/${logicalId}`));
  expect(ids).toHaveLength(1);
  return JSON.parse(resolved.resolve(resolved.resource(ids[0]).Properties!.Value) as string) as CaRenewalSpec;
}

const parameterArn = (env: { account: string; region: string }, name: string) => `arn:aws:ssm:${env.region}:${env.account}:parameter${name}`;
const busArn = (env: { account: string; region: string }, name = 'default') => `arn:aws:events:${env.region}:${env.account}:event-bus/${name}`;
/** A resource policy that lets every principal of `account` do `actions` on `resource` (their identity policies decide). */
function accountGrant(account: string, actions: string[], resource: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: actions, Resource: resource }] };
}

/** An administrator of the subordinates' account (AdministratorAccess). */
const ADMINISTRATOR: Caller = {
  arn: `arn:aws:iam::${CHILD_ENV.account}:role/Admin`,
  principal: `arn:aws:sts::${CHILD_ENV.account}:assumed-role/Admin/session`,
  policies: [{ name: 'AdministratorAccess', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
};

const caArn = (env: { account: string; region: string }, seed: string) => `arn:aws:acm-pca:${env.region}:${env.account}:certificate-authority/${fakeUuid(seed)}`;

async function decide(
  caller: Caller, action: string, resource: string, context: Record<string, string | string[]> = {}, resourcePolicy?: PolicyDocument,
): Promise<string> {
  return simulate({
    principal: caller.principal, action, resource, context: { 'aws:PrincipalArn': caller.arn, ...context }, identityPolicies: caller.policies, resourcePolicy,
  });
}

let root: ResolvedStack;
let issuing: ResolvedStack;
let other: ResolvedStack;
let handler: Caller;
let otherHandler: Caller;
let rootHandler: Caller;
let issuingCa: IssuingCa;
let otherCa: IssuingCa;
let intermediate: IssuingCa;
let rootCa: RootCaAccount;

beforeAll(() => {
  const app = new App();
  const rootStack = new Stack(app, 'Pki-Root', { env: ROOT_ENV });
  rootCa = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  intermediate = new IssuingCa(rootStack, 'Intermediate', { parent: rootCa, subject: { commonName: 'Intermediate' }, validity: Validity.years(5) });
  const issuingStack = new Stack(app, 'Pki-Issuing', { env: CHILD_ENV });
  issuingCa = new IssuingCa(issuingStack, 'Issuing', { parent: intermediate, subject: { commonName: 'Issuing' }, validity: Validity.years(2) });
  const otherStack = new Stack(app, 'Pki-Other', { env: CHILD_ENV });
  otherCa = new IssuingCa(otherStack, 'Team', { parent: intermediate, subject: { commonName: 'Team' }, validity: Validity.years(2) });
  root = ResolvedStack.of(rootStack);
  issuing = ResolvedStack.of(issuingStack);
  other = ResolvedStack.of(otherStack);
  handler = signingHandler(issuing, issuingStack);
  otherHandler = signingHandler(other, otherStack);
  rootHandler = signingHandler(root, rootStack);
});

describe('the renewal parameters', () => {
  const specPath = (stackName: string) => `/cdk-pki/ca-renewal/${stackName}/spec`;
  const recordPath = (stackName: string) => `/cdk-pki/ca-renewal/${stackName}/renewed`;

  test('the specs are where the handler looks: under its stack\'s spec path', () => {
    const logicalId = issuing.logicalIdOf(issuingCa.certificate);
    const names = issuing.logicalIds('AWS::SSM::Parameter').map((id) => issuing.resolve(issuing.resource(id).Properties!.Name) as string)
      .filter((n) => n.startsWith('/cdk-pki/ca-renewal/'));
    expect(names).toEqual([`${specPath('Pki-Issuing')}/${logicalId}`]);
  });

  test('allowed: ssm:GetParametersByPath on its own stack\'s spec path', async () => {
    expect(await decide(handler, 'ssm:GetParametersByPath', parameterArn(CHILD_ENV, specPath('Pki-Issuing')))).toBe('Allowed');
  });

  test.each(['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'])('allowed: %s on a record of its own stack', async (action) => {
    const record = `${recordPath('Pki-Issuing')}/${issuing.logicalIdOf(issuingCa.certificate)}`;
    expect(await decide(handler, action, parameterArn(CHILD_ENV, record))).toBe('Allowed');
  });

  test.each(['ssm:PutParameter', 'ssm:DeleteParameter'])('not allowed: %s on a spec of its own stack (CloudFormation writes them)', async (action) => {
    const spec = `${specPath('Pki-Issuing')}/${issuing.logicalIdOf(issuingCa.certificate)}`;
    expect(await decide(handler, action, parameterArn(CHILD_ENV, spec))).not.toBe('Allowed');
  });

  test.each([
    ['its stack\'s whole renewal path', '/cdk-pki/ca-renewal/Pki-Issuing'],
    ['the renewal paths of every stack', '/cdk-pki/ca-renewal'],
    ['its stack\'s record path (a listing)', '/cdk-pki/ca-renewal/Pki-Issuing/renewed'],
    ['another stack\'s spec path', specPath('Pki-Other')],
    ['the spec path of a stack whose name starts with its own', specPath('Pki-Issuing-Old')],
  ])('not allowed: ssm:GetParametersByPath on %s', async (_what, path) => {
    expect(await decide(handler, 'ssm:GetParametersByPath', parameterArn(CHILD_ENV, path))).not.toBe('Allowed');
  });

  test.each(['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter'])('not allowed: %s on another stack\'s renewal parameters', async (action) => {
    const otherId = other.logicalIdOf(otherCa.certificate);
    for (const name of [`${recordPath('Pki-Other')}/${otherId}`, `${specPath('Pki-Other')}/${otherId}`, `${recordPath('Pki-Issuing-Old')}/${otherId}`]) {
      expect(await decide(handler, action, parameterArn(CHILD_ENV, name))).not.toBe('Allowed');
    }
  });

  test('the other stack\'s handler may not touch this stack\'s renewal parameters either', async () => {
    const record = parameterArn(CHILD_ENV, `${recordPath('Pki-Issuing')}/${issuing.logicalIdOf(issuingCa.certificate)}`);
    expect(await decide(otherHandler, 'ssm:PutParameter', record)).not.toBe('Allowed');
    expect(await decide(otherHandler, 'ssm:GetParametersByPath', parameterArn(CHILD_ENV, specPath('Pki-Issuing')))).not.toBe('Allowed');
    expect(await decide(otherHandler, 'ssm:GetParametersByPath', parameterArn(CHILD_ENV, specPath('Pki-Other')))).toBe('Allowed');
  });

  test.each(['ssm:PutParameter', 'ssm:GetParameter', 'ssm:DeleteParameter', 'ssm:GetParametersByPath'])(
    'not allowed: %s on other /cdk-pki/ parameters', async (action) => {
      for (const name of ['/cdk-pki/corp/issuing/certificate-authority-arn', '/cdk-pki/corp/root/certificate', '/cdk-pki/ca-renewal-other/Pki-Issuing/renewed/x']) {
        expect(await decide(handler, action, parameterArn(CHILD_ENV, name))).not.toBe('Allowed');
      }
    });

  test.each([
    ['another account', { ...CHILD_ENV, account: OTHER_ACCOUNT }],
    ['another Region', { ...CHILD_ENV, region: OTHER_REGION }],
  ])('not allowed: its own stack\'s renewal paths in %s', async (_what, env) => {
    const record = `${recordPath('Pki-Issuing')}/${issuing.logicalIdOf(issuingCa.certificate)}`;
    expect(await decide(handler, 'ssm:PutParameter', parameterArn(env, record))).not.toBe('Allowed');
    expect(await decide(handler, 'ssm:GetParametersByPath', parameterArn(env, specPath('Pki-Issuing')))).not.toBe('Allowed');
  });
});

describe('the renewal events', () => {
  test('allowed: events:PutEvents of source cdk-pki.ca-renewal on its own default bus', async () => {
    expect(await decide(handler, 'events:PutEvents', busArn(CHILD_ENV), { 'events:source': ['cdk-pki.ca-renewal'] })).toBe('Allowed');
  });

  test.each([
    ['another source', ['cdk-pki.renewal']],
    ['an AWS source', ['aws.acm-pca']],
    ['its source and another', ['cdk-pki.ca-renewal', 'cdk-pki.authority']],
  ])('not allowed: events:PutEvents of %s', async (_what, sources) => {
    expect(await decide(handler, 'events:PutEvents', busArn(CHILD_ENV), { 'events:source': sources })).not.toBe('Allowed');
  });

  test('not allowed: events:PutEvents without a source', async () => {
    expect(await decide(handler, 'events:PutEvents', busArn(CHILD_ENV))).not.toBe('Allowed');
  });

  test.each([
    ['another bus of its account', busArn(CHILD_ENV, 'other')],
    ['the default bus of another Region', busArn({ ...CHILD_ENV, region: OTHER_REGION })],
    ['the default bus of another account', busArn({ ...CHILD_ENV, account: OTHER_ACCOUNT })],
  ])('not allowed: events:PutEvents on %s', async (_what, bus) => {
    expect(await decide(handler, 'events:PutEvents', bus, { 'events:source': ['cdk-pki.ca-renewal'] })).not.toBe('Allowed');
  });
});

describe('re-signing its own CA only', () => {
  let ownArn: string;
  let ownTags: Record<string, string>;
  beforeAll(() => {
    ownArn = issuing.arnOf(issuing.logicalIdOf(issuingCa));
    ownTags = caTags(issuing, issuingCa);
  });

  test('the CA carries this stack\'s id and ca-role subordinate', () => {
    expect(ownTags).toMatchObject({ 'aws:ResourceTag/cdk-pki:stack-id': issuing.stackId, 'aws:ResourceTag/cdk-pki:ca-role': 'subordinate' });
  });

  test.each(['GetCertificateAuthorityCsr', 'GetCertificateAuthorityCertificate', 'DescribeCertificateAuthority', 'ImportCertificateAuthorityCertificate'])(
    'allowed: acm-pca:%s on its CA, by its ARN', async (action) => {
      expect(await decide(handler, `acm-pca:${action}`, ownArn)).toBe('Allowed');
    });

  test('allowed: acm-pca:ImportCertificateAuthorityCertificate on a CA of the account tagged with its stack (an old generation)', async () => {
    expect(await decide(handler, 'acm-pca:ImportCertificateAuthorityCertificate', caArn(CHILD_ENV, 'old generation'), ownTags)).toBe('Allowed');
  });

  test('not allowed: acm-pca:ImportCertificateAuthorityCertificate on the CA of another stack (its cdk-pki:stack-id tag)', async () => {
    const otherArn = other.arnOf(other.logicalIdOf(otherCa));
    const otherTags = caTags(other, otherCa);
    expect(otherTags['aws:ResourceTag/cdk-pki:stack-id']).toBe(other.stackId);
    expect(await decide(handler, 'acm-pca:ImportCertificateAuthorityCertificate', otherArn, otherTags)).not.toBe('Allowed');
    expect(await decide(handler, 'acm-pca:GetCertificateAuthorityCsr', otherArn, otherTags)).not.toBe('Allowed');
    // And the other way round.
    expect(await decide(otherHandler, 'acm-pca:ImportCertificateAuthorityCertificate', ownArn, ownTags)).not.toBe('Allowed');
  });

  test('not allowed: acm-pca:ImportCertificateAuthorityCertificate on an untagged CA of the account', async () => {
    expect(await decide(handler, 'acm-pca:ImportCertificateAuthorityCertificate', caArn(CHILD_ENV, 'untagged'))).not.toBe('Allowed');
  });
});

describe('a parent in another stack: the signing authority is the only way to it', () => {
  let spec: CaRenewalSpec;
  let parentArn: string;
  beforeAll(() => {
    spec = specOf(issuing, issuingCa);
    parentArn = root.arnOf(root.logicalIdOf(intermediate));
  });

  test('the renewal spec names the CA\'s alias of the parent\'s signing authority and the CA\'s invoker role there', () => {
    expect(spec.Properties.Parent).toEqual({
      Region: 'us-east-1', AuthorityFunctionArn: expect.stringMatching(/^arn:aws:lambda:us-east-1:111111111111:function:/), InvokerRoleArn: expect.any(String),
    });
    expect(spec.Properties.Parent.CertificateAuthorityArn).toBeUndefined();
  });

  test('allowed: sts:AssumeRole on the CA\'s own invoker role (its identity policy and the role\'s trust policy)', async () => {
    const invoker = roleWithArn(root, spec.Properties.Parent.InvokerRoleArn!);
    expect(await decide(handler, 'sts:AssumeRole', invoker.caller.arn, {}, invoker.trust)).toBe('Allowed');
  });

  test('not allowed: sts:AssumeRole on the invoker role of the other stack\'s CA', async () => {
    const otherInvoker = roleWithArn(root, specOf(other, otherCa).Properties.Parent.InvokerRoleArn!);
    expect(otherInvoker.caller.arn).not.toBe(spec.Properties.Parent.InvokerRoleArn);
    expect(await decide(handler, 'sts:AssumeRole', otherInvoker.caller.arn, {}, otherInvoker.trust)).not.toBe('Allowed');
    // Not by its identity policy either: a trust policy that let the whole account in would not let it in.
    expect(await decide(handler, 'sts:AssumeRole', otherInvoker.caller.arn, {}, accountGrant(CHILD_ENV.account, ['sts:AssumeRole'], otherInvoker.caller.arn)))
      .toBe('ImplicitlyDenied');
    // Its own handler may.
    expect(await decide(otherHandler, 'sts:AssumeRole', otherInvoker.caller.arn, {}, otherInvoker.trust)).toBe('Allowed');
  });

  test('not allowed: sts:AssumeRole on the other roles of the parent\'s stack', async () => {
    const invokerArn = spec.Properties.Parent.InvokerRoleArn!;
    for (const id of root.logicalIds('AWS::IAM::Role')) {
      const role = roleCaller(root, id);
      if (role.arn === invokerArn) continue;
      expect([role.arn, await decide(handler, 'sts:AssumeRole', role.arn, {}, root.trustPolicy(id))]).not.toEqual([role.arn, 'Allowed']);
    }
  });

  test('not allowed: acm-pca:IssueCertificate on the parent CA itself, with any template, even where a resource policy lets its account in', async () => {
    const grant = accountGrant(CHILD_ENV.account, ['acm-pca:IssueCertificate'], parentArn);
    const tags = caTags(root, intermediate);
    // What makes the test mean something: an administrator of the account would be let in.
    const anyTemplate = { 'acm-pca:TemplateArn': CertificateTemplate.subordinateCa(0).arnForPartition('aws'), ...tags };
    expect(await decide(ADMINISTRATOR, 'acm-pca:IssueCertificate', parentArn, anyTemplate, grant)).toBe('Allowed');
    for (const template of CertificateTemplate.all()) {
      const context = { 'acm-pca:TemplateArn': template.arnForPartition('aws'), ...tags };
      expect([template.templateName, await decide(handler, 'acm-pca:IssueCertificate', parentArn, context, grant)])
        .toEqual([template.templateName, 'ImplicitlyDenied']);
    }
  });

  test('not allowed: acm-pca:IssueCertificate, GetCertificate, RevokeCertificate or DescribeCertificateAuthority on the parent CA or the root', async () => {
    const actions = ['acm-pca:IssueCertificate', 'acm-pca:GetCertificate', 'acm-pca:RevokeCertificate', 'acm-pca:DescribeCertificateAuthority'];
    for (const ca of [parentArn, root.arnOf(root.logicalIdOf(rootCa))]) {
      const grant = accountGrant(CHILD_ENV.account, actions, ca);
      for (const action of actions) {
        expect([ca, action, await decide(handler, action, ca, {}, grant)]).toEqual([ca, action, 'ImplicitlyDenied']);
      }
    }
  });

  test('not allowed: lambda:InvokeFunction on the signing authority with its own role (only the invoker role invokes it)', async () => {
    const alias = spec.Properties.Parent.AuthorityFunctionArn!;
    const grant = accountGrant(CHILD_ENV.account, ['lambda:InvokeFunction'], alias);
    expect(await decide(ADMINISTRATOR, 'lambda:InvokeFunction', alias, {}, grant)).toBe('Allowed');
    expect(await decide(handler, 'lambda:InvokeFunction', alias, {}, grant)).toBe('ImplicitlyDenied');
  });

  test('the invoker role may invoke the CA\'s alias of the authority, and may not issue at the parent itself', async () => {
    const invoker = roleWithArn(root, spec.Properties.Parent.InvokerRoleArn!).caller;
    expect(await decide(invoker, 'lambda:InvokeFunction', spec.Properties.Parent.AuthorityFunctionArn!)).toBe('Allowed');
    const template = CertificateTemplate.subordinateCa(0).arnForPartition('aws');
    expect(await decide(invoker, 'acm-pca:IssueCertificate', parentArn, { 'acm-pca:TemplateArn': template })).not.toBe('Allowed');
  });
});

describe('a parent in the same stack', () => {
  test('the renewal spec names the parent CA by ARN, and the handler may issue from it with the CA\'s template only', async () => {
    const spec = specOf(root, intermediate);
    const rootArn = root.arnOf(root.logicalIdOf(rootCa));
    expect(spec.Properties.Parent).toEqual({ Region: 'us-east-1', CertificateAuthorityArn: rootArn });
    const templateArn = spec.Properties.TemplateArn;
    expect(await decide(rootHandler, 'acm-pca:IssueCertificate', rootArn, { 'acm-pca:TemplateArn': templateArn })).toBe('Allowed');
    const otherTemplates = CertificateTemplate.all().map((t) => t.arnForPartition('aws')).filter((arn) => arn !== templateArn);
    expect(otherTemplates.length).toBeGreaterThan(0);
    for (const otherTemplate of otherTemplates) {
      expect([otherTemplate, await decide(rootHandler, 'acm-pca:IssueCertificate', rootArn, { 'acm-pca:TemplateArn': otherTemplate })])
        .toEqual([otherTemplate, 'ImplicitlyDenied']);
    }
  });

  test('the parent\'s stack handler may not issue from a CA of another stack, nor import into it', async () => {
    const ownArn = issuing.arnOf(issuing.logicalIdOf(issuingCa));
    const template = CertificateTemplate.subordinateCa(0).arnForPartition('aws');
    expect(await decide(rootHandler, 'acm-pca:IssueCertificate', ownArn, { 'acm-pca:TemplateArn': template })).not.toBe('Allowed');
    expect(await decide(rootHandler, 'acm-pca:ImportCertificateAuthorityCertificate', ownArn, caTags(issuing, issuingCa))).not.toBe('Allowed');
  });
});

describe('the retirement of replaced generations: only its own stack\'s', () => {
  let rotated: ResolvedStack;
  let rotatedHandler: Caller;
  let rotatedCa: IssuingCa;
  let rootRotated: ResolvedStack;
  let rootRotatedHandler: Caller;
  const retiring = (stackName: string, id: string) => `/cdk-pki/ca-retirement/${stackName}/${id}`;

  beforeAll(() => {
    const app = new App();
    const rootStack = new Stack(app, 'Rot-Root', { env: ROOT_ENV });
    const newRoot = new RootCaAccount(rootStack, 'Root', {
      hierarchyName: 'rot', subject: { commonName: 'Root' }, generation: 2, removalPolicy: RemovalPolicy.DESTROY,
    });
    const stack = new Stack(app, 'Rot-Issuing', { env: ROOT_ENV });
    rotatedCa = new IssuingCa(stack, 'Issuing', {
      parent: newRoot, subject: { commonName: 'Issuing' }, generation: 2, removalPolicy: RemovalPolicy.DESTROY, renewal: CaCertificateRenewal.manual(),
    });
    rotated = ResolvedStack.of(stack);
    rotatedHandler = signingHandler(rotated, stack);
    rootRotated = ResolvedStack.of(rootStack);
    rootRotatedHandler = signingHandler(rootRotated, rootStack);
  });

  test.each(['ssm:PutParameter', 'ssm:DeleteParameter'])('allowed: %s on a retirement record of its own stack, not of another stack', async (action) => {
    expect(await decide(rotatedHandler, action, parameterArn(ROOT_ENV, retiring('Rot-Issuing', fakeUuid('old'))))).toBe('Allowed');
    expect(await decide(rotatedHandler, action, parameterArn(ROOT_ENV, retiring('Rot-Root', fakeUuid('old'))))).not.toBe('Allowed');
  });

  test('allowed: listing its own stack\'s retirement records, not another stack\'s', async () => {
    expect(await decide(rotatedHandler, 'ssm:GetParametersByPath', parameterArn(ROOT_ENV, '/cdk-pki/ca-retirement/Rot-Issuing'))).toBe('Allowed');
    expect(await decide(rotatedHandler, 'ssm:GetParametersByPath', parameterArn(ROOT_ENV, '/cdk-pki/ca-retirement/Rot-Root'))).not.toBe('Allowed');
  });

  test.each(['acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority'])(
    '%s: allowed on an old generation of its own stack (by its tags), not on a CA of another stack', async (action) => {
      const tags = caTags(rotated, rotatedCa.resource);
      const oldGeneration = caArn(ROOT_ENV, 'old-generation');
      expect(await decide(rotatedHandler, action, oldGeneration, { ...tags, 'aws:ResourceTag/cdk-pki:generation': '1' })).toBe('Allowed');
      const otherStackId = 'arn:aws:cloudformation:us-east-1:111111111111:stack/Other/00000000-0000-4000-8000-000000000000';
      expect(await decide(rotatedHandler, action, oldGeneration, { ...tags, 'aws:ResourceTag/cdk-pki:stack-id': otherStackId })).not.toBe('Allowed');
      expect(await decide(rotatedHandler, action, oldGeneration)).not.toBe('Allowed');
    });

  test('allowed: retirement events, and only the library\'s lifecycle sources', async () => {
    expect(await decide(rotatedHandler, 'events:PutEvents', busArn(ROOT_ENV), { 'events:source': ['cdk-pki.ca-retirement'] })).toBe('Allowed');
    expect(await decide(rotatedHandler, 'events:PutEvents', busArn(ROOT_ENV), { 'events:source': ['cdk-pki.ca-retirement', 'other'] })).not.toBe('Allowed');
  });

  test('a replaced root\'s certificate: the root stack may publish and remove it for its hierarchy only', async () => {
    for (const action of ['ssm:PutParameter', 'ssm:DeleteParameter']) {
      expect(await decide(rootRotatedHandler, action, parameterArn(ROOT_ENV, '/cdk-pki/rot/root/previous-certificate'))).toBe('Allowed');
      expect(await decide(rootRotatedHandler, action, parameterArn(ROOT_ENV, '/cdk-pki/corp/root/previous-certificate'))).not.toBe('Allowed');
      expect(await decide(rootRotatedHandler, action, parameterArn(ROOT_ENV, '/cdk-pki/rot/root/certificate'))).not.toBe('Allowed');
    }
  });
});
