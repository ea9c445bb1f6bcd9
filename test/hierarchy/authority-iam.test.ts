/**
 * Who may have a parent CA sign something, evaluated with an IAM policy simulator (@cloud-copilot/iam-simulate)
 * over whole apps: every IAM role of every stack (its identity policies as the caller, its trust policy as the
 * resource policy of sts:AssumeRole, all from the synthesized templates), and principals made outside the apps
 * (an administrator-made role of a child account under /cdk-pki/ with a name like the signing handler's, a
 * child account's administrator and root user, roles of another account and organization).
 *
 * The requests: acm-pca:IssueCertificate with each documented template and acm-pca:RevokeCertificate on every
 * CA that signs CAs, lambda:InvokeFunction on each alias of the signing authorities and on the unqualified
 * functions, sts:AssumeRole on each invoker role and each CSR reader role. Every allow must be a declared one;
 * the matrix counts the others and asserts there are none.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CertificateTemplate, IssuingCa, ParentCa, RootCaAccount, TemplatePassthrough, Validity } from '../../src';
import { sha256Hex } from '../../src/hierarchy/private/authority-function';
import { authorityAliasName, invokerRoleName, readerRoleName } from '../../src/private/contracts/authority';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';
import { TempExample, synthesizeExampleToTemp } from '../support/synth';

type Policies = ReadonlyArray<{ name: string; policy: PolicyDocument }>;

const ADMINISTRATOR: Policies = [{
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
}];

/** A caller: an assumed-role session (or a root user) with its identity policies. */
interface Caller {
  /** aws:PrincipalArn: the role's ARN, path included (or the root user's). */
  readonly arn: string;
  readonly principal: string;
  readonly policies: Policies;
  readonly context?: Record<string, string>;
}

/** One request of the matrix. */
interface Target {
  readonly key: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
  readonly resourcePolicy?: PolicyDocument;
}

/** A role of a synthesized stack. */
interface TemplateRole {
  readonly stack: ResolvedStack;
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly trust: PolicyDocument;
}

function rolesOf(stack: ResolvedStack): TemplateRole[] {
  return stack.logicalIds('AWS::IAM::Role').map((logicalId) => {
    const props = stack.resource(logicalId).Properties ?? {};
    const name = stack.resolve({ Ref: logicalId }) as string;
    const path = (stack.resolve(props.Path) as string | undefined) ?? '/';
    return { stack, logicalId, name, arn: `arn:aws:iam::${stack.env.account}:role${path}${name}`, trust: stack.trustPolicy(logicalId) };
  });
}

function roleCaller(role: TemplateRole): Caller {
  return {
    arn: role.arn,
    principal: `arn:aws:sts::${role.stack.env.account}:assumed-role/${role.name}/session`,
    policies: role.stack.identityPolicies(role.logicalId),
  };
}

function madeRole(account: string, pathAndName: string, policies: Policies = ADMINISTRATOR, context?: Record<string, string>): Caller {
  const name = pathAndName.split('/').pop()!;
  return { arn: `arn:aws:iam::${account}:role/${pathAndName}`, principal: `arn:aws:sts::${account}:assumed-role/${name}/session`, policies, context };
}

function rootUser(account: string): Caller {
  return { arn: `arn:aws:iam::${account}:root`, principal: `arn:aws:iam::${account}:root`, policies: [] };
}

/** The tags of a CA resource as IAM reads them (aws:ResourceTag/<key>). */
function caTagContext(stack: ResolvedStack, logicalId: string): Record<string, string> {
  const tags = (stack.resolve(stack.resource(logicalId).Properties?.Tags) ?? []) as Array<{ Key: string; Value: string }>;
  return Object.fromEntries(tags.map((t) => [`aws:ResourceTag/${t.Key}`, String(t.Value)]));
}

/** A CA that signs CAs: its ARN and tags, found by its cdk-pki:ca-name tag. */
interface SigningCa {
  readonly caName: string;
  readonly arn: string;
  readonly tags: Record<string, string>;
}

function signingCa(stack: ResolvedStack, caName: string): SigningCa {
  const ids = stack.logicalIds('AWS::ACMPCA::CertificateAuthority').filter((id) => caTagContext(stack, id)['aws:ResourceTag/cdk-pki:ca-name'] === caName);
  expect(ids).toHaveLength(1);
  return { caName, arn: stack.arnOf(ids[0]), tags: caTagContext(stack, ids[0]) };
}

const templateKey = (ca: SigningCa, template?: CertificateTemplate) => `IssueCertificate ${ca.caName} ${template?.templateName ?? '(no template)'}`;
const revokeKey = (ca: SigningCa) => `RevokeCertificate ${ca.caName}`;
const invokeKey = (arn: string) => `InvokeFunction ${arn}`;
const assumeKey = (arn: string) => `AssumeRole ${arn}`;

/** Every request of the matrix over these stacks and signing CAs. */
function targetsOf(stacks: ResolvedStack[], cas: SigningCa[]): Target[] {
  const targets: Target[] = [];
  for (const ca of cas) {
    for (const template of [...CertificateTemplate.all(), undefined]) {
      targets.push({
        key: templateKey(ca, template),
        action: 'acm-pca:IssueCertificate',
        resource: ca.arn,
        context: { ...ca.tags, ...(template ? { 'acm-pca:TemplateArn': template.arnForPartition('aws') } : {}) },
      });
    }
    targets.push({ key: revokeKey(ca), action: 'acm-pca:RevokeCertificate', resource: ca.arn, context: ca.tags });
  }
  for (const stack of stacks) {
    for (const id of stack.logicalIds('AWS::Lambda::Alias')) {
      const arn = stack.resolve({ Ref: id }) as string;
      targets.push({ key: invokeKey(arn), action: 'lambda:InvokeFunction', resource: arn });
    }
    for (const id of stack.logicalIds('AWS::Lambda::Function', (p) => String(stack.resolve(p.FunctionName)).startsWith('cdk-pki-authority-'))) {
      const arn = stack.arnOf(id);
      targets.push({ key: invokeKey(arn), action: 'lambda:InvokeFunction', resource: arn });
    }
    for (const role of rolesOf(stack).filter((r) => /^cdk-pki-(invoke|reader)-/.test(r.name))) {
      targets.push({ key: assumeKey(role.arn), action: 'sts:AssumeRole', resource: role.arn, resourcePolicy: role.trust });
    }
  }
  return targets;
}

/** What the matrix found: the allows, and those that were not declared. */
interface MatrixResult {
  readonly requests: number;
  readonly allowed: string[];
  readonly beyondDeclared: string[];
  readonly declaredButRefused: string[];
}

async function runMatrix(callers: Caller[], targets: Target[], declared: Array<[string, string]>): Promise<MatrixResult> {
  const expected = new Set(declared.map(([caller, target]) => `${caller} -> ${target}`));
  // A declared allow must name a caller and a request of the matrix, or it would be checked against nothing.
  const callerArns = new Set(callers.map((c) => c.arn));
  const targetKeys = new Set(targets.map((t) => t.key));
  for (const [caller, target] of declared) {
    if (!callerArns.has(caller)) throw new Error(`declared caller ${caller} is not in the matrix`);
    if (!targetKeys.has(target)) throw new Error(`declared request ${target} is not in the matrix`);
  }
  const allowed: string[] = [];
  let requests = 0;
  for (const caller of callers) {
    for (const target of targets) {
      requests++;
      const decision = await simulate({
        principal: caller.principal,
        action: target.action,
        resource: target.resource,
        context: { 'aws:PrincipalArn': caller.arn, ...caller.context, ...target.context },
        identityPolicies: caller.policies,
        resourcePolicy: target.resourcePolicy,
      });
      if (decision === 'Allowed') allowed.push(`${caller.arn} -> ${target.key}`);
    }
  }
  return {
    requests,
    allowed,
    beyondDeclared: allowed.filter((a) => !expected.has(a)),
    declaredButRefused: [...expected].filter((e) => !allowed.includes(e)),
  };
}

const PATH_LEN_0 = CertificateTemplate.subordinateCa(0);
const PATH_LEN_1 = CertificateTemplate.subordinateCa(1);

// ---------------------------------------------------------------------------------------------------------
// (a) the organization example: root 111111111111 us-east-1 → issuing-eu-west-1 (222222222222, revokeOnDelete),
// issuing-ap-southeast-2 (333333333333), intermediate (444444444444 us-east-1) → internal-eu-central-1
// (555555555555, name constraints); a workload account 666666666666.
// ---------------------------------------------------------------------------------------------------------

const ROOT_STACK = 'Pki-Root-111111111111-us-east-1';
const INTERMEDIATE_STACK = 'Pki-Intermediate-444444444444-us-east-1';
const SUBORDINATES = [
  { caName: 'issuing-eu-west-1', account: '222222222222', region: 'eu-west-1', stack: 'Pki-Issuing-222222222222-eu-west-1', parentStack: ROOT_STACK },
  { caName: 'issuing-ap-southeast-2', account: '333333333333', region: 'ap-southeast-2', stack: 'Pki-Issuing-333333333333-ap-southeast-2', parentStack: ROOT_STACK },
  { caName: 'intermediate', account: '444444444444', region: 'us-east-1', stack: INTERMEDIATE_STACK, parentStack: ROOT_STACK },
  { caName: 'internal-eu-central-1', account: '555555555555', region: 'eu-central-1', stack: 'Pki-Issuing-555555555555-eu-central-1', parentStack: INTERMEDIATE_STACK },
];

function subordinateRoles(hierarchyName: string, caName: string, account: string, region: string, parentAccount: string) {
  const alias = authorityAliasName(caName, account, region);
  return {
    alias,
    invokerArn: `arn:aws:iam::${parentAccount}:role/cdk-pki/${invokerRoleName(hierarchyName, alias, sha256Hex)}`,
    readerArn: `arn:aws:iam::${account}:role/cdk-pki/${readerRoleName(hierarchyName, alias, sha256Hex)}`,
  };
}

interface Organization {
  readonly example: TempExample;
  readonly stacks: Map<string, ResolvedStack>;
  readonly callers: Caller[];
  readonly templateRoles: TemplateRole[];
  readonly root: SigningCa;
  readonly intermediate: SigningCa;
  readonly targets: Target[];
}

function organization(): Organization {
  const example = synthesizeExampleToTemp('organization');
  const stacks = new Map<string, ResolvedStack>();
  for (const artifact of example.assembly.stacks) {
    let template = artifact.template;
    // The workload stack finds the shared CA's ARN at deployment (SharedCa.fromHierarchy): give it the value the
    // lookup would return.
    if (artifact.stackName.startsWith('Pki-Workload-')) {
      template = JSON.parse(JSON.stringify(template).replace(/\{"Fn::GetAtt":\["SharedCaLookup[0-9A-F]{8}","CertificateAuthorityArn"\]\}/g,
        '"arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555"'));
    }
    const env = { account: artifact.environment.account, region: artifact.environment.region };
    stacks.set(artifact.stackName, new ResolvedStack(artifact.stackName, template, env));
  }
  const all = [...stacks.values()];
  const templateRoles = all.flatMap(rolesOf);
  const handler = (stackName: string) => templateRoles.find((r) => r.stack.stackName === stackName && r.logicalId.startsWith('CdkPkiSigningProviderHandlerRole'))!;
  const issuingHandlerName = handler('Pki-Issuing-222222222222-eu-west-1').name;
  const callers: Caller[] = [
    ...templateRoles.map(roleCaller),
    // An administrator of a child account makes roles that look like the signing handler's.
    madeRole('222222222222', `cdk-pki/${issuingHandlerName}-2`),
    madeRole('222222222222', issuingHandlerName),
    madeRole('222222222222', `cdk-pki/${handler('Pki-Issuing-555555555555-eu-central-1').name}`.replace('555555555555', '222222222222')),
    // The child accounts' administrators and root users.
    madeRole('222222222222', 'OrganizationAccountAccessRole'),
    madeRole('555555555555', 'OrganizationAccountAccessRole'),
    rootUser('222222222222'),
    rootUser('555555555555'),
    // Another account, of another organization, with the handler's path and name.
    madeRole('999999999999', `cdk-pki/${issuingHandlerName}`, ADMINISTRATOR, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }),
    madeRole('999999999999', 'Admin', ADMINISTRATOR, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }),
  ];
  const root = signingCa(stacks.get(ROOT_STACK)!, 'root');
  const intermediate = signingCa(stacks.get(INTERMEDIATE_STACK)!, 'intermediate');
  return { example, stacks, callers, templateRoles, root, intermediate, targets: targetsOf(all, [root, intermediate]) };
}

describe('(a) the organization example, every role of every stack', () => {
  let org: Organization;
  let result: MatrixResult;
  const handlerArn = (stackName: string) => org.templateRoles.find((r) => r.stack.stackName === stackName && r.logicalId.startsWith('CdkPkiSigningProviderHandlerRole'))!.arn;
  const authorityArn = (account: string) => `arn:aws:iam::${account}:role/cdk-pki/cdk-pki-authority-example-us-east-1`;
  const aliasArn = (account: string, alias: string) => `arn:aws:lambda:us-east-1:${account}:function:cdk-pki-authority-example-us-east-1:${alias}`;

  beforeAll(async () => {
    org = organization();
    const declared: Array<[string, string]> = [
      // The root's authority: the templates of its three declared subordinates, and revocation (issuing-eu-west-1 revokes on delete).
      [authorityArn('111111111111'), templateKey(org.root, PATH_LEN_0)],
      [authorityArn('111111111111'), templateKey(org.root, PATH_LEN_1)],
      [authorityArn('111111111111'), revokeKey(org.root)],
      // The intermediate's authority: the name-constrained issuing CA's template only, no revocation.
      [authorityArn('444444444444'), templateKey(org.intermediate, CertificateTemplate.subordinateCa(0, TemplatePassthrough.API))],
    ];
    for (const sub of SUBORDINATES) {
      const parentAccount = sub.parentStack === ROOT_STACK ? '111111111111' : '444444444444';
      const names = subordinateRoles('example', sub.caName, sub.account, sub.region, parentAccount);
      declared.push([names.invokerArn, invokeKey(aliasArn(parentAccount, names.alias))]);
      declared.push([handlerArn(sub.stack), assumeKey(names.invokerArn)]);
      declared.push([authorityArn(parentAccount), assumeKey(names.readerArn)]);
    }
    result = await runMatrix(org.callers, org.targets, declared);
  }, 300_000);

  afterAll(() => org?.example.cleanup());

  test('the matrix covers every role of the thirteen stacks, the made-up principals and every request', () => {
    // Six of the PKI, the management stack with the member baseline, and its two stacks per Region (three Regions).
    expect(org.stacks.size).toBe(13);
    // Signing handlers, provider frameworks, authorities, invoker and reader roles, expiry and workload roles.
    expect(org.templateRoles.length).toBeGreaterThanOrEqual(25);
    expect(org.templateRoles.filter((r) => r.name.startsWith('cdk-pki-invoke-'))).toHaveLength(4);
    expect(org.templateRoles.filter((r) => r.name.startsWith('cdk-pki-reader-'))).toHaveLength(4);
    expect(org.templateRoles.filter((r) => r.name.startsWith('cdk-pki-authority-'))).toHaveLength(2);
    // 2 CAs × (every template + none + revocation), 4 aliases and 2 functions, 4 invoker and 4 reader roles.
    expect(CertificateTemplate.all().length).toBeGreaterThanOrEqual(50);
    expect(org.targets).toHaveLength(2 * (CertificateTemplate.all().length + 2) + 6 + 8);
    expect(result.requests).toBe(org.callers.length * org.targets.length);
  });

  test('allows beyond the declared ones: 0', () => {
    expect(result.beyondDeclared).toEqual([]);
    expect(result.beyondDeclared.length).toBe(0);
  });

  test('every declared allow is allowed', () => {
    expect(result.declaredButRefused).toEqual([]);
    expect(result.allowed.length).toBe(4 + 3 * SUBORDINATES.length);
  });

  test('IssueCertificate on the root: only the root account\'s authority role, with PathLen0 and PathLen1', () => {
    const issuers = result.allowed.filter((a) => a.includes(' -> IssueCertificate root '));
    expect(issuers.sort()).toEqual([
      `${authorityArn('111111111111')} -> ${templateKey(org.root, PATH_LEN_0)}`,
      `${authorityArn('111111111111')} -> ${templateKey(org.root, PATH_LEN_1)}`,
    ]);
  });

  test('IssueCertificate on the intermediate: only its account\'s authority role, with PathLen0_APIPassthrough', () => {
    expect(result.allowed.filter((a) => a.includes(' -> IssueCertificate intermediate '))).toEqual([
      `${authorityArn('444444444444')} -> IssueCertificate intermediate SubordinateCACertificate_PathLen0_APIPassthrough/V1`,
    ]);
  });

  test('RevokeCertificate: on the root by its authority (a declared subordinate revokes), on the intermediate by nobody', () => {
    expect(result.allowed.filter((a) => a.includes('-> RevokeCertificate'))).toEqual([`${authorityArn('111111111111')} -> ${revokeKey(org.root)}`]);
  });

  // Per template: who may issue with it on each CA that signs CAs (nobody, or the authority of the CA's own account).
  const declaredTemplates: Record<string, string[]> = {
    root: [PATH_LEN_0.templateName, PATH_LEN_1.templateName],
    intermediate: [CertificateTemplate.subordinateCa(0, TemplatePassthrough.API).templateName],
  };
  test.each(CertificateTemplate.all().flatMap((t) => [['root', t.templateName], ['intermediate', t.templateName]]))(
    'IssueCertificate on the %s with %s: only its own authority, and only when a declared subordinate uses it', (ca, templateName) => {
      const issuers = result.allowed.filter((a) => a.endsWith(` -> IssueCertificate ${ca} ${templateName}`)).map((a) => a.split(' -> ')[0]);
      const account = ca === 'root' ? '111111111111' : '444444444444';
      expect(issuers).toEqual(declaredTemplates[ca].includes(templateName) ? [authorityArn(account)] : []);
    });

  test.each(SUBORDINATES.map((s) => [s.caName, s]))('the invoker role of %s: only its subordinate\'s signing handler assumes it', (_, sub) => {
    const parentAccount = sub.parentStack === ROOT_STACK ? '111111111111' : '444444444444';
    const names = subordinateRoles('example', sub.caName, sub.account, sub.region, parentAccount);
    expect(result.allowed.filter((a) => a.endsWith(`-> ${assumeKey(names.invokerArn)}`))).toEqual([`${handlerArn(sub.stack)} -> ${assumeKey(names.invokerArn)}`]);
    expect(result.allowed.filter((a) => a.endsWith(`-> ${invokeKey(aliasArn(parentAccount, names.alias))}`)))
      .toEqual([`${names.invokerArn} -> ${invokeKey(aliasArn(parentAccount, names.alias))}`]);
    expect(result.allowed.filter((a) => a.endsWith(`-> ${assumeKey(names.readerArn)}`))).toEqual([`${authorityArn(parentAccount)} -> ${assumeKey(names.readerArn)}`]);
  });

  test('nobody may invoke an authority function unqualified', () => {
    expect(result.allowed.filter((a) => /:function:cdk-pki-authority-example-us-east-1$/.test(a))).toEqual([]);
  });

  test('no Lambda permission (resource policy) names an authority function', () => {
    for (const stack of org.stacks.values()) {
      const permissions = stack.logicalIds('AWS::Lambda::Permission', (p) => JSON.stringify(p.FunctionName).includes('CdkPkiAuthority'));
      expect(permissions).toEqual([]);
    }
  });

  test('a control: an administrator of the root\'s account may issue on the root (the simulator does allow)', async () => {
    const admin = madeRole('111111111111', 'Admin');
    expect(await simulate({
      principal: admin.principal,
      action: 'acm-pca:IssueCertificate',
      resource: org.root.arn,
      context: { 'aws:PrincipalArn': admin.arn, 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.arnForPartition('aws') },
      identityPolicies: admin.policies,
    })).toBe('Allowed');
  });
});

// ---------------------------------------------------------------------------------------------------------
// (b) a root with a same-stack IssuingCa and a subordinate of another app (declareSubordinate), and that app:
// the declared subordinate's stack, and a sibling stack in the same account whose CA was not declared.
// ---------------------------------------------------------------------------------------------------------

const B_ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const PARTNER_ENV = { account: '777777777777', region: 'eu-west-1' };

interface Declared {
  readonly root: ResolvedStack;
  readonly partner: ResolvedStack;
  readonly sibling: ResolvedStack;
  readonly rootCa: SigningCa;
  readonly callers: Caller[];
  readonly templateRoles: TemplateRole[];
  readonly targets: Target[];
}

function declaredApp(): Declared {
  const app = new App();
  const rootStack = new Stack(app, 'PkiRoot', { env: B_ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  new IssuingCa(rootStack, 'Local', { parent: root, caName: 'local', subject: { commonName: 'Corp Local CA' } });
  root.declareSubordinate({
    ...PARTNER_ENV,
    stackName: 'PartnerPki',
    caName: 'partner',
    subject: { commonName: 'Partner CA', organization: 'Partner' },
    validity: Validity.years(3),
    pathLength: 1,
    revokeOnDelete: true,
  });

  const partnerApp = new App();
  const parent = ParentCa.fromAccount({ ...B_ROOT_ENV, hierarchyName: 'corp' });
  const partnerStack = new Stack(partnerApp, 'PartnerPki', { env: PARTNER_ENV });
  new IssuingCa(partnerStack, 'Partner', { parent, caName: 'partner', subject: { commonName: 'Partner CA', organization: 'Partner' }, pathLength: 1 });
  const siblingStack = new Stack(partnerApp, 'PartnerOther', { env: PARTNER_ENV });
  new IssuingCa(siblingStack, 'Other', { parent, caName: 'other', subject: { commonName: 'Other CA' } });

  const resolvedRoot = ResolvedStack.of(rootStack);
  const partner = ResolvedStack.of(partnerStack);
  const sibling = ResolvedStack.of(siblingStack);
  const stacks = [resolvedRoot, partner, sibling];
  const templateRoles = stacks.flatMap(rolesOf);
  const partnerHandler = templateRoles.find((r) => r.stack === partner && r.logicalId.startsWith('CdkPkiSigningProviderHandlerRole'))!;
  const callers = [
    ...templateRoles.map(roleCaller),
    madeRole(PARTNER_ENV.account, `cdk-pki/${partnerHandler.name}-x`),
    madeRole(PARTNER_ENV.account, 'OrganizationAccountAccessRole'),
    rootUser(PARTNER_ENV.account),
    madeRole('999999999999', `cdk-pki/${partnerHandler.name}`, ADMINISTRATOR, { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' }),
  ];
  const rootCa = signingCa(resolvedRoot, 'root');
  return { root: resolvedRoot, partner, sibling, rootCa, callers, templateRoles, targets: targetsOf(stacks, [rootCa]) };
}

describe('(b) a root with a declared subordinate of another app and a subordinate in its own stack', () => {
  let b: Declared;
  let result: MatrixResult;
  const authority = 'arn:aws:iam::111111111111:role/cdk-pki/cdk-pki-authority-corp-us-east-1';
  const partner = subordinateRoles('corp', 'partner', PARTNER_ENV.account, PARTNER_ENV.region, '111111111111');
  const partnerAlias = `arn:aws:lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:${partner.alias}`;
  const handlerOf = (stack: ResolvedStack) => b.templateRoles.find((r) => r.stack === stack && r.logicalId.startsWith('CdkPkiSigningProviderHandlerRole'))!.arn;

  beforeAll(async () => {
    b = declaredApp();
    result = await runMatrix(b.callers, b.targets, [
      [authority, templateKey(b.rootCa, PATH_LEN_1)],
      [authority, revokeKey(b.rootCa)],
      // The root stack's own signing handler signs the local IssuingCa in-process, with its template only.
      [handlerOf(b.root), templateKey(b.rootCa, PATH_LEN_0)],
      [partner.invokerArn, invokeKey(partnerAlias)],
      [handlerOf(b.partner), assumeKey(partner.invokerArn)],
      [authority, assumeKey(partner.readerArn)],
    ]);
  }, 300_000);

  test('the partner\'s handler role has the fixed name the declaration names', () => {
    expect(handlerOf(b.partner)).toBe('arn:aws:iam::777777777777:role/cdk-pki/cdk-pki-signing-eu-west-1-PartnerPki');
  });

  test('the matrix has the one alias, the function, the invoker role and both apps\' reader roles', () => {
    expect(b.targets.filter((t) => t.action === 'lambda:InvokeFunction').map((t) => t.resource).sort())
      .toEqual(['arn:aws:lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1', partnerAlias]);
    // The sibling's reader role exists in its account, though no parent declared it: nobody may assume it.
    expect(b.targets.filter((t) => t.action === 'sts:AssumeRole')).toHaveLength(3);
  });

  test('allows beyond the declared ones: 0', () => {
    expect(result.beyondDeclared).toEqual([]);
    expect(result.beyondDeclared.length).toBe(0);
  });

  test('every declared allow is allowed', () => {
    expect(result.declaredButRefused).toEqual([]);
    expect(result.allowed).toHaveLength(6);
  });

  test('the sibling stack\'s handler, in the declared account, may not assume the partner\'s invoker role', () => {
    expect(result.allowed.filter((a) => a.startsWith(handlerOf(b.sibling)))).toEqual([]);
  });

  test('a control: were the invoker role to trust its whole account, the matrix would count the allows beyond the declared one', async () => {
    const invoker = b.targets.find((t) => t.key === assumeKey(partner.invokerArn))!;
    const statements = invoker.resourcePolicy!.Statement as Array<Record<string, unknown>>;
    expect(statements).toHaveLength(1);
    const { Condition: _exactRole, ...withoutCondition } = statements[0];
    expect(_exactRole).toBeDefined();
    const accountWide = { ...invoker, resourcePolicy: { ...invoker.resourcePolicy!, Statement: [withoutCondition] } };
    const widened = await runMatrix(b.callers, [accountWide], [[handlerOf(b.partner), invoker.key]]);
    // The account's administrators; not the sibling's handler, whose own policy names its invoker role only,
    // nor the root user, which cannot assume roles.
    expect(widened.beyondDeclared.sort()).toEqual([
      `arn:aws:iam::777777777777:role/OrganizationAccountAccessRole -> ${invoker.key}`,
      `arn:aws:iam::777777777777:role/cdk-pki/cdk-pki-signing-eu-west-1-PartnerPki-x -> ${invoker.key}`,
    ]);
  });
});

describe('the signer role\'s trust props are refused with the migration message', () => {
  const stack = () => new Stack(new App(), 'Root', { env: B_ROOT_ENV });

  test.each([
    ['trustedOrganizationId', { trustedOrganizationId: 'o-a1b2c3d4e5' }],
    ['trustedAccountIds', { trustedAccountIds: ['222222222222'] }],
  ])('%s on a RootCaAccount', (name, props) => {
    expect(() => new RootCaAccount(stack(), 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' }, ...props }))
      .toThrow(new RegExp(`${name} is set; parents no longer trust accounts or organizations: the signing authority signs only the subordinates `
        + 'the parent\'s app declares\\. Remove it, and declare each subordinate of another app with declareSubordinate\\(.*\\(docs/upgrading\\.md\\)'));
  });

  test.each([
    ['trustedOrganizationId', { trustedOrganizationId: 'o-a1b2c3d4e5' }],
    ['trustedAccountIds', { trustedAccountIds: ['333333333333'] }],
  ])('%s on an IssuingCa', (name, props) => {
    const s = stack();
    const root = new RootCaAccount(s, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
    expect(() => new IssuingCa(s, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, ...props }))
      .toThrow(new RegExp(`IssuingCa 'Root/Issuing'.*${name} is set; parents no longer trust accounts or organizations.*declareSubordinate`));
  });
});
