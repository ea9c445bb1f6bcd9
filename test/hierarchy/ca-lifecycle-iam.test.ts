/**
 * The signing handler's rights over the CAs' lifecycle (guard, signing, retirement), taken from synthesized
 * templates and evaluated with the IAM policy simulator: what it may do to the CAs of its own stack, found by
 * ARN or by the tags the library puts on them (old generations included), and nothing on any other CA.
 *
 * A CA's tags reach the simulator as `aws:ResourceTag/<key>` context, as IAM would read them from the CA.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { IssuingCa, RootCaAccount } from '../../src';
import { PolicyDocument, ResolvedStack, fakeUuid, simulate } from '../support/iam-sim';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const OTHER_ACCOUNT = '999999999999';
const OTHER_REGION = 'ap-northeast-1';

/** The actions the handler needs on a subordinate CA of its stack: read it, install its certificate, disable it. */
const SUBORDINATE_ACTIONS = [
  'DescribeCertificateAuthority', 'GetCertificateAuthorityCertificate', 'GetCertificateAuthorityCsr',
  'ImportCertificateAuthorityCertificate', 'UpdateCertificateAuthority',
];
/** What the handler never does to a CA: it neither re-tags nor shares one, nor brings a deleted one back. */
const NEVER_ACTIONS = ['TagCertificateAuthority', 'UntagCertificateAuthority', 'PutPolicy', 'DeletePolicy', 'RestoreCertificateAuthority', 'CreatePermission'];

type Policies = ReadonlyArray<{ name: string; policy: PolicyDocument }>;

interface Caller {
  readonly principal: string;
  readonly policies: Policies;
}

/** The signing handler's role of a stack as a caller (one per stack, shared by its CAs). */
function handlerCaller(resolved: ResolvedStack, stack: Stack): Caller {
  const role = resolved.logicalIdOf(stack.node.findChild('CdkPkiSigningProvider').node.findChild('Handler').node.findChild('Role'));
  const name = resolved.resolve({ Ref: role }) as string;
  return { principal: `arn:aws:sts::${resolved.env.account}:assumed-role/${name}/signing-handler`, policies: resolved.identityPolicies(role) };
}

/** The tags of a CA as IAM reads them: `aws:ResourceTag/<key>`. */
type CaTags = Record<string, string>;

/** A CA's tags, as the library sets them: the stack that manages it, its role, and its name. */
function taggedBy(stackId: string, role?: 'root' | 'subordinate', caName?: string): CaTags {
  return {
    'aws:ResourceTag/cdk-pki:stack-id': stackId,
    ...(role ? { 'aws:ResourceTag/cdk-pki:ca-role': role } : {}),
    ...(caName ? { 'aws:ResourceTag/cdk-pki:ca-name': caName } : {}),
  };
}

const UNTAGGED: CaTags = {};

function caArn(env: { account: string; region: string }, seed: string): string {
  return `arn:aws:acm-pca:${env.region}:${env.account}:certificate-authority/${fakeUuid(seed)}`;
}

/** Another stack's id, in the same account and Region (or an earlier stack of the same name, with another id). */
function otherStackId(env: { account: string; region: string }, name: string, seed = name): string {
  return `arn:aws:cloudformation:${env.region}:${env.account}:stack/${name}/${fakeUuid(`other/${seed}`)}`;
}

async function call(caller: Caller, action: string, resource: string, tags: CaTags = UNTAGGED, resourceAccount?: string): Promise<string> {
  return simulate({ principal: caller.principal, action, resource, resourceAccount, context: tags, identityPolicies: caller.policies });
}

async function issue(caller: Caller, ca: string, templateArn: string, tags: CaTags = UNTAGGED): Promise<string> {
  return simulate({
    principal: caller.principal, action: 'acm-pca:IssueCertificate', resource: ca, context: { 'acm-pca:TemplateArn': templateArn, ...tags }, identityPolicies: caller.policies,
  });
}

function expectAllowed(decision: string, allowed: boolean): void {
  if (allowed) {
    expect(decision).toBe('Allowed');
  } else {
    expect(decision).not.toBe('Allowed');
  }
}

const allowedIf = (allowed: boolean) => (allowed ? 'allowed' : 'not allowed');

/** The resolved tags of a CA resource, as a map. */
function tagsOfCa(resolved: ResolvedStack, ca: IConstruct): Record<string, string> {
  const tags = resolved.resolve(resolved.resource(resolved.logicalIdOf(ca)).Properties?.Tags) as Array<{ Key: string; Value: string }>;
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

const subject = (commonName: string) => ({ commonName, organization: 'Example Corp' });

/** The CA ARN a resolved stack gives a CA construct. */
function arnOf(resolved: ResolvedStack, ca: IConstruct): string {
  return resolved.arnOf(resolved.logicalIdOf(ca));
}

/** What every test of a stack's handler reads. */
interface HandlerFixture {
  readonly resolved: ResolvedStack;
  readonly handler: Caller;
  readonly env: { account: string; region: string };
  /** The stack's IssuingCa, when it has one. */
  readonly issuingCa?: IssuingCa;
  readonly issuingCaArn?: string;
}

/**
 * The rights on the subordinate CAs of the stack: by ARN on the current one, by tag on every CA of the
 * account tagged with this stack and ca-role subordinate; nothing on any other CA.
 */
function subordinateRights(f: HandlerFixture, destroy: boolean): void {
  let oldGeneration: string;
  let thisStack: CaTags;
  beforeAll(() => {
    oldGeneration = caArn(f.env, 'an old generation of the IssuingCa');
    thisStack = taggedBy(f.resolved.stackId, 'subordinate');
  });

  test('the IssuingCa carries the tags the conditions read: this stack\'s id and ca-role subordinate', () => {
    expect(tagsOfCa(f.resolved, f.issuingCa!)).toEqual(expect.objectContaining({
      'cdk-pki:stack-id': f.resolved.stackId, 'cdk-pki:ca-role': 'subordinate', 'cdk-pki:hierarchy': 'corp', 'cdk-pki:ca-name': 'issuing', 'cdk-pki:generation': '1',
    }));
  });

  test.each(SUBORDINATE_ACTIONS)('allowed: acm-pca:%s on the IssuingCa, by its ARN alone', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, f.issuingCaArn!)).toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('allowed: acm-pca:%s on an old generation (a CA of the account tagged with this stack, ca-role subordinate)', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, oldGeneration, thisStack)).toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on a subordinate CA tagged with another stack', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, oldGeneration, taggedBy(otherStackId(f.env, 'OtherPki'), 'subordinate'))).not.toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on a subordinate CA tagged with an earlier stack of the same name', async (action) => {
    const earlier = otherStackId(f.env, f.resolved.stackName, 'earlier');
    expect(earlier).not.toBe(f.resolved.stackId);
    expect(await call(f.handler, `acm-pca:${action}`, oldGeneration, taggedBy(earlier, 'subordinate'))).not.toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on an untagged CA of the account', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, oldGeneration)).not.toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on a CA tagged with this stack without ca-role', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, oldGeneration, taggedBy(f.resolved.stackId))).not.toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on a CA of another account tagged with this stack', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, caArn({ ...f.env, account: OTHER_ACCOUNT }, 'elsewhere'), thisStack)).not.toBe('Allowed');
  });

  test.each(SUBORDINATE_ACTIONS)('not allowed: acm-pca:%s on a CA of another Region tagged with this stack', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, caArn({ ...f.env, region: OTHER_REGION }, 'elsewhere'), thisStack)).not.toBe('Allowed');
  });

  test.each(['GetCertificateAuthorityCsr', 'ImportCertificateAuthorityCertificate'])(
    'not allowed: acm-pca:%s on a CA tagged with this stack and ca-role root', async (action) => {
      expect(await call(f.handler, `acm-pca:${action}`, oldGeneration, taggedBy(f.resolved.stackId, 'root'))).not.toBe('Allowed');
    });

  test(`${allowedIf(destroy)}: DeleteCertificateAuthority on the IssuingCa (removalPolicy ${destroy ? 'DESTROY' : 'RETAIN'})`, async () => {
    expectAllowed(await call(f.handler, 'acm-pca:DeleteCertificateAuthority', f.issuingCaArn!, thisStack), destroy);
  });

  test(`${allowedIf(destroy)}: DeleteCertificateAuthority on an old generation tagged with this stack, ca-role subordinate`, async () => {
    expectAllowed(await call(f.handler, 'acm-pca:DeleteCertificateAuthority', oldGeneration, thisStack), destroy);
  });

  test('not allowed: DeleteCertificateAuthority on a subordinate CA tagged with another stack', async () => {
    expect(await call(f.handler, 'acm-pca:DeleteCertificateAuthority', oldGeneration, taggedBy(otherStackId(f.env, 'OtherPki'), 'subordinate'))).not.toBe('Allowed');
  });

  test('not allowed: DeleteCertificateAuthority on an untagged CA of the account', async () => {
    expect(await call(f.handler, 'acm-pca:DeleteCertificateAuthority', oldGeneration)).not.toBe('Allowed');
  });

  test('not allowed: DeleteCertificateAuthority on a CA of another account tagged with this stack', async () => {
    expect(await call(f.handler, 'acm-pca:DeleteCertificateAuthority', caArn({ ...f.env, account: OTHER_ACCOUNT }, 'elsewhere'), thisStack)).not.toBe('Allowed');
  });
}

/** Update and Delete on roots tagged with this stack, only when the root's removalPolicy is DESTROY. */
function rootRetirementRights(f: HandlerFixture & { rootCaArn: string }, destroy: boolean): void {
  let oldRoot: string;
  let thisStack: CaTags;
  beforeAll(() => {
    oldRoot = caArn(f.env, 'an old generation of the root');
    thisStack = taggedBy(f.resolved.stackId, 'root');
  });

  test.each(['UpdateCertificateAuthority', 'DeleteCertificateAuthority'])(
    `${allowedIf(destroy)}: acm-pca:%s on the root (tagged with this stack, ca-role root)`, async (action) => {
      expectAllowed(await call(f.handler, `acm-pca:${action}`, f.rootCaArn, thisStack), destroy);
    });

  test.each(['UpdateCertificateAuthority', 'DeleteCertificateAuthority'])(
    `${allowedIf(destroy)}: acm-pca:%s on an old root generation tagged with this stack`, async (action) => {
      expectAllowed(await call(f.handler, `acm-pca:${action}`, oldRoot, thisStack), destroy);
    });

  test.each(['UpdateCertificateAuthority', 'DeleteCertificateAuthority'])('not allowed: acm-pca:%s on the root by its ARN alone (untagged)', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, f.rootCaArn)).not.toBe('Allowed');
  });

  test.each(['UpdateCertificateAuthority', 'DeleteCertificateAuthority'])('not allowed: acm-pca:%s on a root tagged with another stack', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, oldRoot, taggedBy(otherStackId(f.env, 'OtherRoot'), 'root'))).not.toBe('Allowed');
  });

  test.each(['GetCertificateAuthorityCsr', 'ImportCertificateAuthorityCertificate'])(
    'not allowed: acm-pca:%s on the root (tagged with this stack, ca-role root)', async (action) => {
      expect(await call(f.handler, `acm-pca:${action}`, f.rootCaArn, taggedBy(f.resolved.stackId, 'root'))).not.toBe('Allowed');
    });

  test('the root carries the tags the conditions read: this stack\'s id and ca-role root', () => {
    const root = f.resolved.logicalIds('AWS::ACMPCA::CertificateAuthority', (p) => p.Type === 'ROOT');
    expect(root).toHaveLength(1);
    const tags = f.resolved.resolve(f.resolved.resource(root[0]).Properties?.Tags) as Array<{ Key: string; Value: string }>;
    expect(tags).toEqual(expect.arrayContaining([{ Key: 'cdk-pki:stack-id', Value: f.resolved.stackId }, { Key: 'cdk-pki:ca-role', Value: 'root' }]));
  });
}

/** The guard's reads, the rights nobody gets, and the stack reads. */
function accountAndStackRights(f: HandlerFixture): void {
  test('allowed: acm-pca:ListCertificateAuthorities (it takes no resource)', async () => {
    expect(await call(f.handler, 'acm-pca:ListCertificateAuthorities', '*', UNTAGGED, f.env.account)).toBe('Allowed');
  });

  test.each([
    ['an untagged CA', () => UNTAGGED],
    ['a CA of another stack', () => taggedBy(otherStackId(f.env, 'OtherPki'), 'subordinate')],
  ])('allowed: acm-pca:ListTags on %s of the account', async (_, tags) => {
    expect(await call(f.handler, 'acm-pca:ListTags', caArn(f.env, 'any CA'), tags())).toBe('Allowed');
  });

  test('not allowed: acm-pca:ListTags on a CA of another account', async () => {
    expect(await call(f.handler, 'acm-pca:ListTags', caArn({ ...f.env, account: OTHER_ACCOUNT }, 'any CA'))).not.toBe('Allowed');
  });

  test('not allowed: acm-pca:ListTags on a CA of another Region', async () => {
    expect(await call(f.handler, 'acm-pca:ListTags', caArn({ ...f.env, region: OTHER_REGION }, 'any CA'))).not.toBe('Allowed');
  });

  test.each(NEVER_ACTIONS)('not allowed: acm-pca:%s on a CA tagged with this stack', async (action) => {
    for (const role of ['root', 'subordinate'] as const) {
      expect(await call(f.handler, `acm-pca:${action}`, caArn(f.env, 'a CA of this stack'), taggedBy(f.resolved.stackId, role))).not.toBe('Allowed');
    }
  });

  test.each(NEVER_ACTIONS)('not allowed: acm-pca:%s on an untagged CA of the account (it cannot make a CA its own)', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, caArn(f.env, 'any CA'))).not.toBe('Allowed');
  });

  test('not allowed: acm-pca:CreateCertificateAuthority', async () => {
    expect(await call(f.handler, 'acm-pca:CreateCertificateAuthority', '*', UNTAGGED, f.env.account)).not.toBe('Allowed');
  });

  test.each(['DescribeStacks', 'DescribeStackResource'])('allowed: cloudformation:%s on its own stack', async (action) => {
    expect(await call(f.handler, `cloudformation:${action}`, f.resolved.stackId)).toBe('Allowed');
  });

  test.each(['DescribeStacks', 'DescribeStackResource'])('not allowed: cloudformation:%s on another stack of the account', async (action) => {
    expect(await call(f.handler, `cloudformation:${action}`, otherStackId(f.env, 'OtherPki'))).not.toBe('Allowed');
  });

  test.each(['DescribeStacks', 'DescribeStackResource'])('not allowed: cloudformation:%s on an earlier stack of the same name', async (action) => {
    expect(await call(f.handler, `cloudformation:${action}`, otherStackId(f.env, f.resolved.stackName, 'earlier'))).not.toBe('Allowed');
  });

  test.each(['UpdateStack', 'DeleteStack', 'SignalResource'])('not allowed: cloudformation:%s on its own stack', async (action) => {
    expect(await call(f.handler, `cloudformation:${action}`, f.resolved.stackId)).not.toBe('Allowed');
  });
}

type Removal = 'RETAIN' | 'DESTROY';
const removalPolicy = (r: Removal) => (r === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);

interface Variant {
  readonly issuing: Removal;
  readonly revoke: boolean;
  readonly root: Removal;
}

const VARIANTS: Variant[] = (['RETAIN', 'DESTROY'] as const).flatMap((issuing) => [false, true].flatMap((revoke) =>
  (['RETAIN', 'DESTROY'] as const).map((root) => ({ issuing, revoke, root }))));

describe.each(VARIANTS)('signing handler of a stack with a root ($root) and an IssuingCa ($issuing, revokeOnDelete $revoke)', (variant) => {
  const f = {} as HandlerFixture & { rootCaArn: string; templateArn: string };
  const issuingDestroy = variant.issuing === 'DESTROY';

  beforeAll(() => {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    const rootCa = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA'), removalPolicy: removalPolicy(variant.root) });
    const issuingCa = new IssuingCa(stack, 'Issuing', {
      parent: rootCa, subject: subject('Corp Issuing CA'), removalPolicy: removalPolicy(variant.issuing), revokeOnDelete: variant.revoke,
    });
    const resolved = ResolvedStack.of(stack);
    Object.assign(f, {
      resolved,
      handler: handlerCaller(resolved, stack),
      env: ROOT_ENV,
      issuingCa,
      issuingCaArn: arnOf(resolved, issuingCa),
      rootCaArn: arnOf(resolved, rootCa),
      templateArn: issuingCa.signingTemplate.arnForPartition('aws'),
    });
  });

  subordinateRights(f, issuingDestroy);
  rootRetirementRights(f, variant.root === 'DESTROY');
  accountAndStackRights(f);

  test(`${allowedIf(variant.revoke)}: RevokeCertificate on the root, its parent (by ARN, tagged with this stack)`, async () => {
    expectAllowed(await call(f.handler, 'acm-pca:RevokeCertificate', f.rootCaArn, taggedBy(f.resolved.stackId, 'root', 'root')), variant.revoke);
  });

  test('not allowed: RevokeCertificate on a CA of this stack that is no one\'s parent (the IssuingCa, an old generation of it)', async () => {
    expect(await call(f.handler, 'acm-pca:RevokeCertificate', caArn(f.env, 'an old issuing CA'), taggedBy(f.resolved.stackId, 'subordinate', 'issuing')))
      .not.toBe('Allowed');
    expect(await call(f.handler, 'acm-pca:RevokeCertificate', f.issuingCaArn!, taggedBy(f.resolved.stackId, 'subordinate', 'issuing')))
      .not.toBe('Allowed');
  });

  test(`${allowedIf(variant.revoke)}: RevokeCertificate on the root by its ARN alone`, async () => {
    expectAllowed(await call(f.handler, 'acm-pca:RevokeCertificate', f.rootCaArn), variant.revoke);
  });

  test(`${allowedIf(variant.revoke)}: RevokeCertificate on an old root generation tagged with this stack`, async () => {
    expectAllowed(await call(f.handler, 'acm-pca:RevokeCertificate', caArn(f.env, 'an old root'), taggedBy(f.resolved.stackId, 'root', 'root')), variant.revoke);
  });

  test.each([
    ['a root tagged with another stack', () => taggedBy(otherStackId(f.env, 'OtherRoot'), 'root')],
    ['a subordinate CA tagged with another stack', () => taggedBy(otherStackId(f.env, 'OtherPki'), 'subordinate')],
    ['an untagged CA of the account', () => UNTAGGED],
  ])('not allowed: RevokeCertificate on %s', async (_, tags) => {
    expect(await call(f.handler, 'acm-pca:RevokeCertificate', caArn(f.env, 'another CA'), tags())).not.toBe('Allowed');
  });

  test('not allowed: RevokeCertificate on a CA of another account tagged with this stack', async () => {
    expect(await call(f.handler, 'acm-pca:RevokeCertificate', caArn({ ...f.env, account: OTHER_ACCOUNT }, 'elsewhere'), taggedBy(f.resolved.stackId, 'root')))
      .not.toBe('Allowed');
  });

  test('allowed: IssueCertificate on the root with the IssuingCa\'s template', async () => {
    expect(await issue(f.handler, f.rootCaArn, f.templateArn, taggedBy(f.resolved.stackId, 'root'))).toBe('Allowed');
  });

  test('not allowed: IssueCertificate with that template on an old root generation tagged with this stack', async () => {
    expect(await issue(f.handler, caArn(f.env, 'an old root'), f.templateArn, taggedBy(f.resolved.stackId, 'root'))).not.toBe('Allowed');
  });
});

describe.each(VARIANTS.filter((v) => v.root === 'RETAIN'))(
  'signing handler of an issuing stack whose root is in another account (IssuingCa $issuing, revokeOnDelete $revoke)', (variant) => {
    const f = {} as HandlerFixture & { rootCaArn: string; templateArn: string };

    beforeAll(() => {
      const app = new App();
      const rootStack = new Stack(app, 'PkiRoot', { env: ROOT_ENV });
      const rootCa = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA') });
      const stack = new Stack(app, 'PkiIssuing', { env: ISSUING_ENV });
      const issuingCa = new IssuingCa(stack, 'Issuing', {
        parent: rootCa, subject: subject('Corp Issuing CA'), removalPolicy: removalPolicy(variant.issuing), revokeOnDelete: variant.revoke,
      });
      const resolved = ResolvedStack.of(stack);
      const root = ResolvedStack.of(rootStack);
      Object.assign(f, {
        resolved,
        handler: handlerCaller(resolved, stack),
        env: ISSUING_ENV,
        issuingCa,
        issuingCaArn: arnOf(resolved, issuingCa),
        rootCaArn: arnOf(root, rootCa),
        templateArn: issuingCa.signingTemplate.arnForPartition('aws'),
      });
    });

    subordinateRights(f, variant.issuing === 'DESTROY');
    accountAndStackRights(f);

    test.each(['UpdateCertificateAuthority', 'DeleteCertificateAuthority'])(
      'not allowed: acm-pca:%s on a CA of its account tagged with this stack and ca-role root (the stack has no root)', async (action) => {
        expect(await call(f.handler, `acm-pca:${action}`, caArn(f.env, 'a root'), taggedBy(f.resolved.stackId, 'root'))).not.toBe('Allowed');
      });

    test.each([
      ['a CA of its account tagged with this stack (ca-role root)', () => caArn(f.env, 'a root'), () => taggedBy(f.resolved.stackId, 'root')],
      ['a CA of its account tagged with this stack (ca-role subordinate)', () => caArn(f.env, 'a sub'), () => taggedBy(f.resolved.stackId, 'subordinate')],
      ['the IssuingCa itself', () => f.issuingCaArn!, () => taggedBy(f.resolved.stackId, 'subordinate')],
      ['the parent in the root account (revocation goes through its signer role)', () => f.rootCaArn, () => UNTAGGED],
    ])('not allowed: RevokeCertificate on %s', async (_, arn, tags) => {
      expect(await call(f.handler, 'acm-pca:RevokeCertificate', arn(), tags())).not.toBe('Allowed');
    });

    test('not allowed: IssueCertificate on the parent with its own role (it goes through the parent\'s signer role)', async () => {
      expect(await issue(f.handler, f.rootCaArn, f.templateArn)).not.toBe('Allowed');
    });
  });

describe.each(['RETAIN', 'DESTROY'] as const)('signing handler of a root stack with no IssuingCa (root %s)', (rootRemoval) => {
  const f = {} as HandlerFixture & { rootCaArn: string };

  beforeAll(() => {
    const app = new App();
    const rootStack = new Stack(app, 'PkiRoot', { env: ROOT_ENV });
    const rootCa = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA'), removalPolicy: removalPolicy(rootRemoval) });
    const issuingStack = new Stack(app, 'PkiIssuing', { env: ISSUING_ENV });
    new IssuingCa(issuingStack, 'Issuing', { parent: rootCa, subject: subject('Corp Issuing CA'), revokeOnDelete: true, removalPolicy: RemovalPolicy.DESTROY });
    const resolved = ResolvedStack.of(rootStack);
    Object.assign(f, { resolved, handler: handlerCaller(resolved, rootStack), env: ROOT_ENV, rootCaArn: arnOf(resolved, rootCa) });
  });

  rootRetirementRights(f, rootRemoval === 'DESTROY');
  accountAndStackRights(f);

  test.each(SUBORDINATE_ACTIONS.concat('DeleteCertificateAuthority'))(
    'not allowed: acm-pca:%s on a CA tagged with this stack and ca-role subordinate', async (action) => {
      expect(await call(f.handler, `acm-pca:${action}`, caArn(f.env, 'a CA'), taggedBy(f.resolved.stackId, 'subordinate'))).not.toBe('Allowed');
    });

  test.each(['RevokeCertificate', 'IssueCertificate'])('not allowed: acm-pca:%s on the root (its subordinate in another account is signed and revoked through the signer role)', async (action) => {
    expect(await call(f.handler, `acm-pca:${action}`, f.rootCaArn, taggedBy(f.resolved.stackId, 'root'))).not.toBe('Allowed');
  });
});
