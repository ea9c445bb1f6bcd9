/**
 * The signer roles' and the signing handler's IAM policies, taken from synthesized templates and
 * evaluated with an IAM policy simulator (@cloud-copilot/iam-simulate): what they allow, and that
 * nothing else is reachable.
 */
import { App, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CertificateTemplate, IssuingCa, IssuingCaProps, RootCaAccount, RootCaAccountProps, Validity } from '../../src';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const LEAF_ENV = { account: '333333333333', region: 'ap-southeast-2' };
const OUTSIDER_ACCOUNT = '999999999999';
const ORG_ID = 'o-a1b2c3d4e5';

const PATH_LEN_0 = CertificateTemplate.subordinateCa(0);
const PATH_LEN_1 = CertificateTemplate.subordinateCa(1);

/** A caller that may assume any role as far as its own account is concerned. */
const MAY_ASSUME_ANY_ROLE = [{
  name: 'CallerMayAssumeAnyRole',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
}];

type Policies = ReadonlyArray<{ name: string; policy: PolicyDocument }>;

/** A role as a caller: its session ARN and its identity policies, from its template. */
interface Caller {
  readonly principal: string;
  readonly policies: Policies;
}

function templateArn(template: CertificateTemplate, partition = 'aws'): string {
  return template.arnForPartition(partition);
}

function otherCaArn(account: string, region: string, id = '00000000-0000-4000-8000-000000000000'): string {
  return `arn:aws:acm-pca:${region}:${account}:certificate-authority/${id}`;
}

function parameterArn(env: { account: string; region: string }, name: string): string {
  return `arn:aws:ssm:${env.region}:${env.account}:parameter${name}`;
}

async function issue(caller: Caller, caArn: string, template?: string): Promise<string> {
  return simulate({
    principal: caller.principal,
    action: 'acm-pca:IssueCertificate',
    resource: caArn,
    context: template === undefined ? {} : { 'acm-pca:TemplateArn': template },
    identityPolicies: caller.policies,
  });
}

async function call(caller: Caller, action: string, resource: string, resourceAccount?: string): Promise<string> {
  return simulate({ principal: caller.principal, action, resource, resourceAccount, identityPolicies: caller.policies });
}

/** The signer role of a CA, as the session an issuing stack gets when it assumes it. */
function signerCaller(stack: ResolvedStack, roleName: string): Caller & { roleArn: string; trust: PolicyDocument } {
  const role = stack.roleNamed(roleName);
  return {
    principal: `arn:aws:sts::${stack.env.account}:assumed-role/${roleName}/cdk-pki-signing`,
    policies: stack.identityPolicies(role),
    roleArn: stack.arnOf(role),
    trust: stack.trustPolicy(role),
  };
}

/**
 * The signing handler's role of a stack (one per stack, shared by its CAs). `roleArn` is the role's ARN
 * with the IAM path the template gives it: what IAM puts in aws:PrincipalArn for its sessions.
 */
function handlerCaller(resolved: ResolvedStack, stack: Stack): Caller & { roleArn: string } {
  const role = resolved.logicalIdOf(stack.node.findChild('CdkPkiSigningProvider').node.findChild('Handler').node.findChild('Role'));
  const name = resolved.resolve({ Ref: role }) as string;
  const path = (resolved.resource(role).Properties?.Path as string | undefined) ?? '/';
  return {
    principal: `arn:aws:sts::${resolved.env.account}:assumed-role/${name}/signing-handler`,
    roleArn: `arn:aws:iam::${resolved.env.account}:role${path}${name}`,
    policies: resolved.identityPolicies(role),
  };
}

/** The template ARN an IssuingCa's signing custom resource asks its parent to sign with. */
function signingTemplateOf(resolved: ResolvedStack, ca: IssuingCa): string {
  const props = resolved.resource(resolved.logicalIdOf(ca.certificate)).Properties ?? {};
  return resolved.resolve(props.TemplateArn) as string;
}

async function assumeRole(
  principal: string,
  role: { roleArn: string; trust: PolicyDocument },
  context: Record<string, string> = {},
  identityPolicies: Policies = MAY_ASSUME_ANY_ROLE,
): Promise<string> {
  // IAM sets aws:PrincipalArn to the caller's role or user ARN, path included; give it for IAM principals.
  const principalArn: Record<string, string> = principal.startsWith('arn:aws:iam::') ? { 'aws:PrincipalArn': principal } : {};
  return simulate({
    principal, action: 'sts:AssumeRole', resource: role.roleArn, context: { ...principalArn, ...context }, identityPolicies, resourcePolicy: role.trust,
  });
}

const subject = (commonName: string) => ({ commonName, organization: 'Example Corp' });

interface TwoLevelApp {
  readonly rootStack: Stack;
  readonly issuingStack: Stack;
  readonly rootCa: RootCaAccount;
  readonly issuingCa: IssuingCa;
}

function twoLevelApp(rootProps: Partial<RootCaAccountProps> = {}, issuingProps: Partial<IssuingCaProps> = {}): TwoLevelApp {
  const app = new App();
  const rootStack = new Stack(app, 'PkiRoot', { env: ROOT_ENV });
  const rootCa = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA'), ...rootProps });
  const issuingStack = new Stack(app, 'PkiIssuing', { env: ISSUING_ENV });
  const issuingCa = new IssuingCa(issuingStack, 'Issuing', { parent: rootCa, subject: subject('Corp Issuing CA'), ...issuingProps });
  return { rootStack, issuingStack, rootCa, issuingCa };
}

function resolvedCaArn(resolved: ResolvedStack, ca: IConstruct): string {
  return resolved.arnOf(resolved.logicalIdOf(ca));
}

/** Every acm-pca action that takes a CA ARN, and those that only take '*'. */
const ACM_PCA_CA_ACTIONS = [
  'CreateCertificateAuthorityAuditReport', 'CreatePermission', 'DeleteCertificateAuthority', 'DeletePermission', 'DeletePolicy',
  'DescribeCertificateAuthority', 'DescribeCertificateAuthorityAuditReport', 'GetCertificate', 'GetCertificateAuthorityCertificate',
  'GetCertificateAuthorityCsr', 'GetPolicy', 'ImportCertificateAuthorityCertificate', 'IssueCertificate', 'ListPermissions', 'ListTags',
  'PutPolicy', 'RestoreCertificateAuthority', 'RevokeCertificate', 'TagCertificateAuthority', 'UntagCertificateAuthority',
  'UpdateCertificateAuthority',
];
const ACM_PCA_WILDCARD_ACTIONS = ['CreateCertificateAuthority', 'ListCertificateAuthorities'];
const SIGNER_READ_ACTIONS = ['GetCertificate', 'GetCertificateAuthorityCertificate', 'DescribeCertificateAuthority'];

/** Every documented template but the given one, by name. */
function templatesOtherThan(allowed: CertificateTemplate): string[] {
  return CertificateTemplate.all().map((t) => t.templateName).filter((n) => n !== allowed.templateName);
}

type Signer = ReturnType<typeof signerCaller>;

/** A two-level app, synthesized and resolved. */
interface TwoLevel extends TwoLevelApp {
  readonly root: ResolvedStack;
  readonly issuing: ResolvedStack;
  readonly signer: Signer;
  readonly rootCaArn: string;
}

function twoLevel(rootProps: Partial<RootCaAccountProps> = {}, issuingProps: Partial<IssuingCaProps> = {}): TwoLevel {
  const app = twoLevelApp(rootProps, issuingProps);
  const root = ResolvedStack.of(app.rootStack);
  return {
    ...app,
    root,
    issuing: ResolvedStack.of(app.issuingStack),
    signer: signerCaller(root, 'cdk-pki-signer-corp-root'),
    rootCaArn: resolvedCaArn(root, app.rootCa),
  };
}

/** Root and IssuingCa in one stack: no signer role, the handler signs with the root directly. */
interface SameStack {
  readonly resolved: ResolvedStack;
  readonly handler: Caller;
  readonly issuingCa: IssuingCa;
  readonly rootCaArn: string;
  readonly issuingCaArn: string;
}

function sameStack(): SameStack {
  const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
  const rootCa = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA') });
  const issuingCa = new IssuingCa(stack, 'Issuing', { parent: rootCa, subject: subject('Corp Issuing CA') });
  const resolved = ResolvedStack.of(stack);
  return {
    resolved,
    handler: handlerCaller(resolved, stack),
    issuingCa,
    rootCaArn: resolvedCaArn(resolved, rootCa),
    issuingCaArn: resolvedCaArn(resolved, issuingCa),
  };
}

/** root (ROOT_ENV) → IssuingCa 'mid' (ISSUING_ENV) → IssuingCa 'leaf' (LEAF_ENV). */
interface ThreeLevel {
  readonly rootSigner: Signer;
  readonly midSigner: Signer;
  readonly rootCaArn: string;
  readonly midCaArn: string;
}

function threeLevel(): ThreeLevel {
  const app = new App();
  const rootStack = new Stack(app, 'PkiRoot', { env: ROOT_ENV });
  const rootCa = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: subject('Corp Root CA') });
  const midStack = new Stack(app, 'PkiMid', { env: ISSUING_ENV });
  const mid = new IssuingCa(midStack, 'Mid', { parent: rootCa, caName: 'mid', subject: subject('Corp Intermediate CA') });
  const leafStack = new Stack(app, 'PkiLeaf', { env: LEAF_ENV });
  new IssuingCa(leafStack, 'Leaf', { parent: mid, caName: 'leaf', subject: subject('Corp Issuing CA'), validity: Validity.years(1) });
  const root = ResolvedStack.of(rootStack);
  const midResolved = ResolvedStack.of(midStack);
  return {
    rootSigner: signerCaller(root, 'cdk-pki-signer-corp-root'),
    midSigner: signerCaller(midResolved, 'cdk-pki-signer-corp-mid'),
    rootCaArn: resolvedCaArn(root, rootCa),
    midCaArn: resolvedCaArn(midResolved, mid),
  };
}

// Every variant is synthesized once for the whole file; the describe blocks only read from these.
let plain: TwoLevel;
let organization: TwoLevel;
let revoking: TwoLevel;
let shared: SameStack;
let deep: ThreeLevel;

beforeAll(() => {
  plain = twoLevel();
  organization = twoLevel({ trustedOrganizationId: ORG_ID });
  revoking = twoLevel({}, { revokeOnDelete: true });
  shared = sameStack();
  deep = threeLevel();
});

describe('signer role of the root (root in 111111111111, IssuingCa in 222222222222)', () => {
  let app: TwoLevel;
  let root: ResolvedStack;
  let issuing: ResolvedStack;
  let signer: Signer;
  let rootCaArn: string;

  beforeAll(() => {
    ({ root, issuing, signer, rootCaArn } = app = plain);
  });

  test('the IssuingCa is signed with SubordinateCACertificate_PathLen0/V1', () => {
    expect(signingTemplateOf(issuing, app.issuingCa)).toBe(templateArn(PATH_LEN_0));
  });

  test('may issue on the root with the template the IssuingCa is signed with', async () => {
    expect(await issue(signer, rootCaArn, signingTemplateOf(issuing, app.issuingCa))).toBe('Allowed');
  });

  test('EndEntityCertificate/V1, what IssueCertificate uses by default, is explicitly denied', async () => {
    expect(await issue(signer, rootCaArn, templateArn(CertificateTemplate.END_ENTITY))).toBe('ExplicitlyDenied');
  });

  const others = templatesOtherThan(PATH_LEN_0);
  test('every documented template but PathLen0 is checked below', () => {
    expect(others).toHaveLength(CertificateTemplate.all().length - 1);
    expect(others.length).toBeGreaterThanOrEqual(50);
  });

  test.each(others)('%s is explicitly denied', async (name) => {
    expect(await issue(signer, rootCaArn, templateArn(new CertificateTemplate(name)))).toBe('ExplicitlyDenied');
  });

  test('without a template ARN in the request IssueCertificate is not allowed', async () => {
    expect(await issue(signer, rootCaArn)).not.toBe('Allowed');
  });

  test('the allowed template name in another partition is explicitly denied', async () => {
    expect(await issue(signer, rootCaArn, templateArn(PATH_LEN_0, 'aws-us-gov'))).toBe('ExplicitlyDenied');
  });

  test('IssueCertificate with the allowed template on another CA of the root account is not allowed', async () => {
    expect(await issue(signer, otherCaArn(ROOT_ENV.account, ROOT_ENV.region), templateArn(PATH_LEN_0))).not.toBe('Allowed');
  });

  test('IssueCertificate with the allowed template on a CA of the root account in another Region is not allowed', async () => {
    const sameIdElsewhere = rootCaArn.replace(`:${ROOT_ENV.region}:`, ':eu-central-1:');
    expect(await issue(signer, sameIdElsewhere, templateArn(PATH_LEN_0))).not.toBe('Allowed');
  });

  test('IssueCertificate with the allowed template on a CA of another account that trusts the root account is not allowed', async () => {
    const sharedCa = otherCaArn(ISSUING_ENV.account, ROOT_ENV.region);
    // A CA whose resource policy lets the root account issue (as through AWS RAM): only the signer's own policy can refuse.
    const sharedWithRootAccount = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ROOT_ENV.account}:root` },
        Action: 'acm-pca:IssueCertificate',
        Resource: sharedCa,
      }],
    };
    expect(await simulate({
      principal: signer.principal,
      action: 'acm-pca:IssueCertificate',
      resource: sharedCa,
      context: { 'acm-pca:TemplateArn': templateArn(PATH_LEN_0) },
      identityPolicies: signer.policies,
      resourcePolicy: sharedWithRootAccount,
    })).not.toBe('Allowed');
  });

  test('IssueCertificate with the allowed template on the IssuingCa itself is not allowed', async () => {
    expect(await issue(signer, resolvedCaArn(issuing, app.issuingCa), templateArn(PATH_LEN_0))).not.toBe('Allowed');
  });

  test.each(SIGNER_READ_ACTIONS)('acm-pca:%s on the root is allowed', async (action) => {
    expect(await call(signer, `acm-pca:${action}`, rootCaArn)).toBe('Allowed');
  });

  test.each(SIGNER_READ_ACTIONS)('acm-pca:%s on another CA is not allowed', async (action) => {
    expect(await call(signer, `acm-pca:${action}`, otherCaArn(ROOT_ENV.account, ROOT_ENV.region))).not.toBe('Allowed');
  });

  test.each(ACM_PCA_CA_ACTIONS.filter((a) => a !== 'IssueCertificate' && !SIGNER_READ_ACTIONS.includes(a)))(
    'acm-pca:%s on the root is not allowed', async (action) => {
      expect(await call(signer, `acm-pca:${action}`, rootCaArn)).not.toBe('Allowed');
    });

  test.each(ACM_PCA_WILDCARD_ACTIONS)('acm-pca:%s is not allowed', async (action) => {
    expect(await call(signer, `acm-pca:${action}`, '*', ROOT_ENV.account)).not.toBe('Allowed');
  });

  test('ssm:GetParameter on the parameter that publishes the root ARN is allowed', async () => {
    expect(app.rootCa.arnParameterName).toBe('/cdk-pki/corp/root/certificate-authority-arn');
    expect(await call(signer, 'ssm:GetParameter', parameterArn(ROOT_ENV, app.rootCa.arnParameterName))).toBe('Allowed');
  });

  test('the published parameter holds the root CA ARN the policy names', () => {
    const parameter = root.logicalIds('AWS::SSM::Parameter', (p) => p.Name === app.rootCa.arnParameterName);
    expect(parameter).toHaveLength(1);
    expect(root.resolve(root.resource(parameter[0]).Properties?.Value)).toBe(rootCaArn);
  });

  test.each([
    ['another parameter of the hierarchy', parameterArn(ROOT_ENV, '/cdk-pki/corp/mid/certificate-authority-arn')],
    ['an unrelated parameter', parameterArn(ROOT_ENV, '/prod/database/password')],
    ['a parameter under the published one', parameterArn(ROOT_ENV, '/cdk-pki/corp/root/certificate-authority-arn/x')],
    ['the same name in another Region', parameterArn({ ...ROOT_ENV, region: 'eu-west-1' }, '/cdk-pki/corp/root/certificate-authority-arn')],
  ])('ssm:GetParameter on %s is not allowed', async (_, arn) => {
    expect(await call(signer, 'ssm:GetParameter', arn)).not.toBe('Allowed');
  });

  test.each([
    ['ssm:PutParameter', parameterArn(ROOT_ENV, '/cdk-pki/corp/root/certificate-authority-arn'), undefined],
    ['ssm:DeleteParameter', parameterArn(ROOT_ENV, '/cdk-pki/corp/root/certificate-authority-arn'), undefined],
    ['iam:PassRole', `arn:aws:iam::${ROOT_ENV.account}:role/cdk-pki-signer-corp-root`, undefined],
    ['iam:PassRole', `arn:aws:iam::${ROOT_ENV.account}:role/OrganizationAccountAccessRole`, undefined],
    ['sts:AssumeRole', `arn:aws:iam::${ROOT_ENV.account}:role/OrganizationAccountAccessRole`, undefined],
    ['s3:GetObject', 'arn:aws:s3:::corp-root-crl/crl/root.crl', ROOT_ENV.account],
    ['kms:Decrypt', `arn:aws:kms:${ROOT_ENV.region}:${ROOT_ENV.account}:key/${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}`, undefined],
  ])('%s on %s is not allowed', async (action, resource, account) => {
    expect(await call(signer, action, resource, account)).not.toBe('Allowed');
  });

  test('RevokeCertificate is not granted when no IssuingCa asks for it', async () => {
    expect(await call(signer, 'acm-pca:RevokeCertificate', rootCaArn)).not.toBe('Allowed');
  });
});

describe('trust policy of the root signer role', () => {
  let app: TwoLevel;
  let signer: Signer;
  let issuing: ResolvedStack;

  beforeAll(() => {
    ({ signer, issuing } = app = plain);
  });

  test('the role ARN is the documented one', () => {
    expect(signer.roleArn).toBe('arn:aws:iam::111111111111:role/cdk-pki-signer-corp-root');
  });

  test('a role of the issuing account under the signing handlers\' path /cdk-pki/ may assume it', async () => {
    expect(await assumeRole(`arn:aws:iam::${ISSUING_ENV.account}:role/cdk-pki/anything`, signer)).toBe('Allowed');
  });

  test('the signing handler of the issuing stack may assume it (its own policy and the trust, both synthesized)', async () => {
    const handler = handlerCaller(issuing, app.issuingStack);
    expect(await assumeRole(handler.principal, signer, { 'aws:PrincipalArn': handler.roleArn }, handler.policies)).toBe('Allowed');
  });

  test('the signing handler of the issuing stack may assume no other role of the root account', async () => {
    const handler = handlerCaller(issuing, app.issuingStack);
    const trustsIssuingAccount = { roleArn: `arn:aws:iam::${ROOT_ENV.account}:role/OrganizationAccountAccessRole`, trust: signer.trust };
    expect(await assumeRole(handler.principal, trustsIssuingAccount, { 'aws:PrincipalArn': handler.roleArn }, handler.policies)).not.toBe('Allowed');
  });

  test('a role of the issuing account outside /cdk-pki/ may not assume it', async () => {
    expect(await assumeRole(`arn:aws:iam::${ISSUING_ENV.account}:role/anything`, signer)).not.toBe('Allowed');
    expect(await assumeRole(`arn:aws:iam::${ISSUING_ENV.account}:user/cdk-pki/someone`, signer)).not.toBe('Allowed');
  });

  test(`a principal of ${OUTSIDER_ACCOUNT} may not assume it`, async () => {
    expect(await assumeRole(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/anything`, signer)).not.toBe('Allowed');
  });

  test(`a principal of ${OUTSIDER_ACCOUNT} claiming an organization may not assume it`, async () => {
    expect(await assumeRole(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/anything`, signer, { 'aws:PrincipalOrgID': ORG_ID })).not.toBe('Allowed');
  });

  test('another principal of the root account may not assume it', async () => {
    expect(await assumeRole(`arn:aws:iam::${ROOT_ENV.account}:role/anything`, signer)).not.toBe('Allowed');
  });
});

describe('trust policy with trustedOrganizationId', () => {
  let signer: Signer;

  beforeAll(() => {
    ({ signer } = organization);
  });

  test(`a principal of any account carrying aws:PrincipalOrgID ${ORG_ID} may assume it`, async () => {
    expect(await assumeRole(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/cdk-pki/anything`, signer, { 'aws:PrincipalOrgID': ORG_ID })).toBe('Allowed');
  });

  test('a principal of another organization may not assume it', async () => {
    expect(await assumeRole(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/anything`, signer, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' })).not.toBe('Allowed');
  });

  test('a principal outside any organization may not assume it', async () => {
    expect(await assumeRole(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/anything`, signer)).not.toBe('Allowed');
  });

  test('the issuing account of the app is still trusted', async () => {
    expect(await assumeRole(`arn:aws:iam::${ISSUING_ENV.account}:role/cdk-pki/anything`, signer)).toBe('Allowed');
  });
});

describe('signer role when the IssuingCa sets revokeOnDelete', () => {
  let signer: Signer;
  let rootCaArn: string;

  beforeAll(() => {
    ({ signer, rootCaArn } = revoking);
  });

  test('RevokeCertificate on the root is allowed', async () => {
    expect(await call(signer, 'acm-pca:RevokeCertificate', rootCaArn)).toBe('Allowed');
  });

  test('RevokeCertificate on another CA is not allowed', async () => {
    expect(await call(signer, 'acm-pca:RevokeCertificate', otherCaArn(ROOT_ENV.account, ROOT_ENV.region))).not.toBe('Allowed');
  });

  test('IssueCertificate is still limited: EndEntityCertificate/V1 is explicitly denied', async () => {
    expect(await issue(signer, rootCaArn, templateArn(CertificateTemplate.END_ENTITY))).toBe('ExplicitlyDenied');
  });

  test('IssueCertificate with PathLen0 is still allowed', async () => {
    expect(await issue(signer, rootCaArn, templateArn(PATH_LEN_0))).toBe('Allowed');
  });
});

describe('signing handler when root and IssuingCa share a stack', () => {
  let resolved: ResolvedStack;
  let handler: Caller;
  let rootCaArn: string;
  let issuingCaArn: string;
  let issuingCa: IssuingCa;

  beforeAll(() => {
    ({ resolved, handler, rootCaArn, issuingCaArn, issuingCa } = shared);
  });

  test('no signer role is made', () => {
    expect(resolved.hasRoleNamed('cdk-pki-signer-corp-root')).toBe(false);
  });

  test('the IssuingCa is signed with SubordinateCACertificate_PathLen0/V1', () => {
    expect(signingTemplateOf(resolved, issuingCa)).toBe(templateArn(PATH_LEN_0));
  });

  test('IssueCertificate on the root with PathLen0 is allowed', async () => {
    expect(await issue(handler, rootCaArn, templateArn(PATH_LEN_0))).toBe('Allowed');
  });

  test('IssueCertificate on the root with EndEntityCertificate/V1 is not allowed', async () => {
    expect(await issue(handler, rootCaArn, templateArn(CertificateTemplate.END_ENTITY))).not.toBe('Allowed');
  });

  test.each(templatesOtherThan(PATH_LEN_0))('IssueCertificate on the root with %s is not allowed', async (name) => {
    expect(await issue(handler, rootCaArn, templateArn(new CertificateTemplate(name)))).not.toBe('Allowed');
  });

  test('IssueCertificate on the root without a template ARN is not allowed', async () => {
    expect(await issue(handler, rootCaArn)).not.toBe('Allowed');
  });

  test('IssueCertificate with PathLen0 on the IssuingCa itself is not allowed', async () => {
    expect(await issue(handler, issuingCaArn, templateArn(PATH_LEN_0))).not.toBe('Allowed');
  });

  test('ImportCertificateAuthorityCertificate on the IssuingCa is allowed', async () => {
    expect(await call(handler, 'acm-pca:ImportCertificateAuthorityCertificate', issuingCaArn)).toBe('Allowed');
  });

  test('ImportCertificateAuthorityCertificate on the root is not allowed', async () => {
    expect(await call(handler, 'acm-pca:ImportCertificateAuthorityCertificate', rootCaArn)).not.toBe('Allowed');
  });

  test.each(['RevokeCertificate', 'UpdateCertificateAuthority', 'DeleteCertificateAuthority', 'PutPolicy'])(
    'acm-pca:%s on the root is not allowed', async (action) => {
      expect(await call(handler, `acm-pca:${action}`, rootCaArn)).not.toBe('Allowed');
    });
});

describe('three levels: root (111111111111) → mid (222222222222) → leaf (333333333333)', () => {
  let rootSigner: Signer;
  let midSigner: Signer;
  let rootCaArn: string;
  let midCaArn: string;

  beforeAll(() => {
    ({ rootSigner, midSigner, rootCaArn, midCaArn } = deep);
  });

  test('the root signer role may issue SubordinateCACertificate_PathLen1/V1', async () => {
    expect(await issue(rootSigner, rootCaArn, templateArn(PATH_LEN_1))).toBe('Allowed');
  });

  test('the root signer role may not issue SubordinateCACertificate_PathLen0/V1', async () => {
    expect(await issue(rootSigner, rootCaArn, templateArn(PATH_LEN_0))).toBe('ExplicitlyDenied');
  });

  test.each(templatesOtherThan(PATH_LEN_1))('the root signer role may not issue %s', async (name) => {
    expect(await issue(rootSigner, rootCaArn, templateArn(new CertificateTemplate(name)))).toBe('ExplicitlyDenied');
  });

  test('the mid signer role may issue SubordinateCACertificate_PathLen0/V1 on the mid CA', async () => {
    expect(await issue(midSigner, midCaArn, templateArn(PATH_LEN_0))).toBe('Allowed');
  });

  test.each(templatesOtherThan(PATH_LEN_0))('the mid signer role may not issue %s', async (name) => {
    expect(await issue(midSigner, midCaArn, templateArn(new CertificateTemplate(name)))).toBe('ExplicitlyDenied');
  });

  test('the mid signer role may not issue on the root', async () => {
    expect(await issue(midSigner, rootCaArn, templateArn(PATH_LEN_0))).not.toBe('Allowed');
  });

  test('the root signer role may not issue on the mid CA', async () => {
    expect(await issue(rootSigner, midCaArn, templateArn(PATH_LEN_1))).not.toBe('Allowed');
  });

  test('the mid signer role may read the mid ARN parameter in its own account and Region', async () => {
    expect(await call(midSigner, 'ssm:GetParameter', parameterArn(ISSUING_ENV, '/cdk-pki/corp/mid/certificate-authority-arn'))).toBe('Allowed');
  });

  test('the mid signer role may not read the root ARN parameter', async () => {
    expect(await call(midSigner, 'ssm:GetParameter', parameterArn(ROOT_ENV, '/cdk-pki/corp/root/certificate-authority-arn'))).not.toBe('Allowed');
  });

  test('the root signer role trusts the mid account', async () => {
    expect(await assumeRole(`arn:aws:iam::${ISSUING_ENV.account}:role/cdk-pki/anything`, rootSigner)).toBe('Allowed');
  });

  test('the root signer role does not trust the leaf account', async () => {
    expect(await assumeRole(`arn:aws:iam::${LEAF_ENV.account}:role/anything`, rootSigner)).not.toBe('Allowed');
  });

  test('the mid signer role trusts the leaf account', async () => {
    expect(await assumeRole(`arn:aws:iam::${LEAF_ENV.account}:role/cdk-pki/anything`, midSigner)).toBe('Allowed');
  });

  test('the mid signer role does not trust the root account', async () => {
    expect(await assumeRole(`arn:aws:iam::${ROOT_ENV.account}:role/anything`, midSigner)).not.toBe('Allowed');
  });
});
