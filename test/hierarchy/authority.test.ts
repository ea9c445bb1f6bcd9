/**
 * The signing authority's resources in the templates: in a parent's stack, one function per hierarchy (fixed
 * name, role of the same name under /cdk-pki/), and per declared subordinate an alias, an invoker role and the
 * declaration; in a subordinate's stack, the CSR reader role, the signing handler's fixed role name and the
 * signing resource's Parent. And `declareSubordinate`, for subordinates of other apps, with its validation.
 */
import { createHash } from 'node:crypto';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { IssuingCa, KeyAlgorithm, ParentCa, RootCaAccount, SubordinateDeclarationOptions, Validity } from '../../src';
import { ResolvedStack } from '../support/iam-sim';
import { awsSolutionsFindings, describeFindings } from '../support/nag';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const MID_ENV = { account: '222222222222', region: 'eu-west-1' };
const LEAF_ENV = { account: '333333333333', region: 'ap-southeast-2' };
const CR = 'Custom::PkiSubordinateCaCertificate';

const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const template = (name: string) => partitionArn(`:acm-pca:::template/${name}`);
const digest16 = (aliasName: string) => createHash('sha256').update(aliasName).digest('hex').slice(0, 16);
const invokerRole = (h: string, alias: string) => `cdk-pki-invoke-${h}-${digest16(alias)}`;
const readerRole = (h: string, alias: string) => `cdk-pki-reader-${h}-${digest16(alias)}`;

function newRoot(stack: Stack, hierarchyName = 'corp'): RootCaAccount {
  return new RootCaAccount(stack, 'Root', { hierarchyName, subject: { commonName: 'Corp Root CA' } });
}

function declaration(overrides: Partial<SubordinateDeclarationOptions> = {}): SubordinateDeclarationOptions {
  return {
    account: '444444444444',
    region: 'eu-central-1',
    stackName: 'PartnerPki',
    caName: 'partner',
    subject: { commonName: 'Partner CA', organization: 'Partner', country: 'DE' },
    validity: Validity.years(3),
    ...overrides,
  };
}

/** The statements of the policies attached to roles whose logical id starts with `prefix`. */
function statementsOfRole(t: Template, prefix: string): any[] {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(prefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** The declarations of a stack, resolved as CloudFormation would and parsed, by parameter name. */
function declarationsOf(stack: Stack): Map<string, any> {
  const resolved = ResolvedStack.of(stack);
  const result = new Map<string, any>();
  for (const id of resolved.logicalIds('AWS::SSM::Parameter', (p) => String(p.Name).includes('/subordinates/'))) {
    const props = resolved.resource(id).Properties!;
    result.set(props.Name as string, JSON.parse(resolved.resolve(props.Value) as string));
  }
  return result;
}

const authorityFunctions = (t: Template) => t.findResources('AWS::Lambda::Function', { Properties: { FunctionName: Match.stringLikeRegexp('^cdk-pki-authority-') } });

// root (ROOT_ENV) → mid (MID_ENV, revokeOnDelete) → leaf (LEAF_ENV, name constraints); and a partner of another app
// declared on the root.
let app: App;
let rootStack: Stack;
let midStack: Stack;
let leafStack: Stack;
let rootTemplate: Template;
let midTemplate: Template;
let leafTemplate: Template;

beforeAll(() => {
  app = new App();
  rootStack = new Stack(app, 'PkiRoot', { env: ROOT_ENV });
  const root = newRoot(rootStack);
  midStack = new Stack(app, 'PkiMid', { env: MID_ENV });
  const mid = new IssuingCa(midStack, 'Mid', {
    parent: root,
    caName: 'mid',
    subject: { commonName: 'Corp Intermediate CA', organization: 'Corp' },
    validity: Validity.years(5),
    keyAlgorithm: KeyAlgorithm.RSA_4096,
    revokeOnDelete: true,
  });
  leafStack = new Stack(app, 'PkiLeaf', { env: LEAF_ENV });
  new IssuingCa(leafStack, 'Leaf', {
    parent: mid,
    caName: 'leaf',
    subject: { commonName: 'Corp Leaf CA' },
    validity: Validity.years(2),
    nameConstraints: { permittedDnsNames: ['.corp.internal'], excludedIpRanges: ['10.0.0.0/8'] },
  });
  root.declareSubordinate(declaration({ keyAlgorithm: KeyAlgorithm.EC_PRIME256V1, pathLength: 1, revokeOnDelete: false }));
  rootTemplate = Template.fromStack(rootStack);
  midTemplate = Template.fromStack(midStack);
  leafTemplate = Template.fromStack(leafStack);
});

describe('the authority in a parent\'s stack', () => {
  test('one function per hierarchy and stack, named after the hierarchy and Region, on Node.js 22 or newer', () => {
    const functions = Object.values(authorityFunctions(rootTemplate));
    expect(functions).toHaveLength(1);
    const fn = functions[0].Properties;
    expect(fn.FunctionName).toBe('cdk-pki-authority-corp-us-east-1');
    expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn.Environment.Variables.CDK_PKI_HIERARCHY).toBe('corp');
    expect(Object.values(authorityFunctions(midTemplate)).map((f) => f.Properties.FunctionName)).toEqual(['cdk-pki-authority-corp-eu-west-1']);
    expect(authorityFunctions(leafTemplate)).toEqual({});
  });

  test('the authority knows its parent CAs by name and ARN', () => {
    const fn = Object.values(authorityFunctions(rootTemplate))[0].Properties;
    expect(JSON.parse(ResolvedStack.of(rootStack).resolve(fn.Environment.Variables.CDK_PKI_PARENT_CAS) as string))
      .toEqual({ root: expect.stringMatching(/^arn:aws:acm-pca:us-east-1:111111111111:certificate-authority\//) });
  });

  test('its role has the function\'s name under /cdk-pki/', () => {
    rootTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cdk-pki-authority-corp-us-east-1',
      Path: '/cdk-pki/',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
    });
  });

  test('its role may issue on its parent only the declared templates, read it, revoke when a declared subordinate revokes', () => {
    const statements = statementsOfRole(rootTemplate, 'CdkPkiAuthoritycorpHandlerRole');
    const rootArn = { 'Fn::GetAtt': [expect.stringMatching(/^Root/), 'Arn'] };
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('acm-pca:')))).toEqual([
      {
        Action: 'acm-pca:IssueCertificate',
        Effect: 'Allow',
        Resource: rootArn,
        // mid (PathLen1, its leaf under it) and the declared partner (pathLength 1): one template.
        Condition: { StringEquals: { 'acm-pca:TemplateArn': [template('SubordinateCACertificate_PathLen1/V1')] } },
      },
      { Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Effect: 'Allow', Resource: rootArn },
      { Action: 'acm-pca:RevokeCertificate', Effect: 'Allow', Resource: rootArn },
    ]);
  });

  test('its role reads the hierarchy\'s declarations, sends audit events to the default bus, and assumes the declared reader roles only', () => {
    const statements = statementsOfRole(rootTemplate, 'CdkPkiAuthoritycorpHandlerRole');
    expect(statements).toContainEqual({ Sid: 'ReadDeclarations', Action: 'ssm:GetParameter', Effect: 'Allow', Resource: partitionArn(':ssm:us-east-1:111111111111:parameter/cdk-pki/corp/*') });
    expect(statements).toContainEqual({ Sid: 'AuditEvents', Action: 'events:PutEvents', Effect: 'Allow', Resource: partitionArn(':events:us-east-1:111111111111:event-bus/default') });
    expect(statements).toContainEqual({
      Sid: 'ReadSubordinateCsrs',
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Resource: [
        partitionArn(`:iam::222222222222:role/cdk-pki/${readerRole('corp', 'mid-222222222222-eu-west-1')}`),
        partitionArn(`:iam::444444444444:role/cdk-pki/${readerRole('corp', 'partner-444444444444-eu-central-1')}`),
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    });
  });

  test('the intermediate\'s authority may not revoke: its only subordinate does not revoke on delete', () => {
    const statements = statementsOfRole(midTemplate, 'CdkPkiAuthoritycorpHandlerRole');
    expect(statements.filter((s) => [s.Action].flat().includes('acm-pca:RevokeCertificate'))).toEqual([]);
    expect(statements.find((s) => s.Action === 'acm-pca:IssueCertificate').Condition)
      .toEqual({ StringEquals: { 'acm-pca:TemplateArn': [template('SubordinateCACertificate_PathLen0_APIPassthrough/V1')] } });
  });

  test('one alias per declared subordinate, named by CA name, account and Region, on the function\'s current version', () => {
    const aliases = Object.values(rootTemplate.findResources('AWS::Lambda::Alias')).map((a) => a.Properties);
    expect(aliases.map((a) => a.Name).sort()).toEqual(['mid-222222222222-eu-west-1', 'partner-444444444444-eu-central-1']);
    const version = Object.keys(rootTemplate.findResources('AWS::Lambda::Version'));
    expect(version).toHaveLength(1);
    for (const alias of aliases) {
      expect(alias.FunctionName).toEqual({ Ref: expect.stringMatching(/^CdkPkiAuthoritycorpHandlerFunction/) });
      expect(alias.FunctionVersion).toEqual({ 'Fn::GetAtt': [version[0], 'Version'] });
    }
  });

  test('one invoker role per declared subordinate: trusting only its signing handler role, allowed to invoke only its alias', () => {
    const roles = rootTemplate.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-invoke-') } });
    expect(Object.keys(roles)).toHaveLength(2);
    const cases: Array<[string, string, string]> = [
      ['mid-222222222222-eu-west-1', '222222222222', 'cdk-pki-signing-eu-west-1-PkiMid'],
      ['partner-444444444444-eu-central-1', '444444444444', 'cdk-pki-signing-eu-central-1-PartnerPki'],
    ];
    for (const [alias, account, handler] of cases) {
      const [id, role] = Object.entries(roles).find(([, r]) => r.Properties.RoleName === invokerRole('corp', alias))!;
      expect(role.Properties.Path).toBe('/cdk-pki/');
      expect(role.Properties.MaxSessionDuration).toBe(3600);
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: partitionArn(`:iam::${account}:root`) },
        Condition: { ArnEquals: { 'aws:PrincipalArn': partitionArn(`:iam::${account}:role/cdk-pki/${handler}`) } },
      }]);
      const aliasId = Object.entries(rootTemplate.findResources('AWS::Lambda::Alias')).find(([, a]) => a.Properties.Name === alias)![0];
      // Inline in the role, and no other policy attached to it.
      expect(role.Properties.Policies).toEqual([{
        PolicyName: 'InvokeItsAlias',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { Ref: aliasId } }] },
      }]);
      expect(statementsOfRole(rootTemplate, id)).toEqual([]);
    }
  });

  test('no resource policy lets anyone else invoke the function', () => {
    rootTemplate.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('the declaration of an in-app subordinate: subject, key, template with its path length, validity, callers and revocation', () => {
    const declarations = declarationsOf(rootStack);
    expect([...declarations.keys()].sort()).toEqual([
      '/cdk-pki/corp/root/subordinates/mid-222222222222-eu-west-1',
      '/cdk-pki/corp/root/subordinates/partner-444444444444-eu-central-1',
    ]);
    expect(declarations.get('/cdk-pki/corp/root/subordinates/mid-222222222222-eu-west-1')).toEqual({
      Version: 1,
      HierarchyName: 'corp',
      ParentCaName: 'root',
      CaName: 'mid',
      Account: '222222222222',
      Region: 'eu-west-1',
      Subject: { CommonName: 'Corp Intermediate CA', Organization: 'Corp' },
      KeyAlgorithm: 'RSA_4096',
      TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen1/V1',
      MaxValidity: { Type: 'YEARS', Value: 5 },
      SigningAlgorithm: 'SHA384WITHECDSA',
      CallerRoleArn: 'arn:aws:iam::222222222222:role/cdk-pki/cdk-pki-signing-eu-west-1-PkiMid',
      ReaderRoleArn: `arn:aws:iam::222222222222:role/cdk-pki/${readerRole('corp', 'mid-222222222222-eu-west-1')}`,
      Revocation: true,
    });
  });

  test('the declaration of the name-constrained CA: the APIPassthrough template and the constraints the authority imposes', () => {
    expect(declarationsOf(midStack).get('/cdk-pki/corp/mid/subordinates/leaf-333333333333-ap-southeast-2')).toEqual({
      Version: 1,
      HierarchyName: 'corp',
      ParentCaName: 'mid',
      CaName: 'leaf',
      Account: '333333333333',
      Region: 'ap-southeast-2',
      Subject: { CommonName: 'Corp Leaf CA' },
      KeyAlgorithm: 'EC_secp384r1',
      TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0_APIPassthrough/V1',
      MaxValidity: { Type: 'YEARS', Value: 2 },
      SigningAlgorithm: 'SHA512WITHRSA',
      NameConstraints: { PermittedDnsNames: ['.corp.internal'], ExcludedIpRanges: ['10.0.0.0/8'] },
      CallerRoleArn: 'arn:aws:iam::333333333333:role/cdk-pki/cdk-pki-signing-ap-southeast-2-PkiLeaf',
      ReaderRoleArn: `arn:aws:iam::333333333333:role/cdk-pki/${readerRole('corp', 'leaf-333333333333-ap-southeast-2')}`,
      Revocation: false,
    });
  });

  test('declarations are standard-tier String parameters', () => {
    rootTemplate.allResourcesProperties('AWS::SSM::Parameter', { Type: 'String' });
    expect(Object.values(rootTemplate.findResources('AWS::SSM::Parameter', { Properties: { Name: Match.stringLikeRegexp('/subordinates/') } }))
      .map((p) => p.Properties.Tier)).toEqual(['Standard', 'Standard']);
  });

  test('the ARN parameter is still published, at <ca>/Signer/ArnParameter', () => {
    const [id] = Object.keys(rootTemplate.findResources('AWS::SSM::Parameter', { Properties: { Name: '/cdk-pki/corp/root/certificate-authority-arn' } }));
    expect(id).toMatch(/^RootSignerArnParameter/);
    expect(rootStack.node.findChild('Root').node.findChild('Signer').node.findChild('ArnParameter')).toBeDefined();
  });
});

describe('the number of subordinates changes the aliases, not the functions', () => {
  test.each([1, 10, 25])('%i declared subordinates: one function, one version, that many aliases, invoker roles and declarations', (n) => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    const root = newRoot(stack);
    for (let i = 0; i < n; i++) {
      root.declareSubordinate(declaration({ caName: `team-${i}`, stackName: `Team${i}`, account: String(400000000000 + i) }));
    }
    const t = Template.fromStack(stack);
    expect(Object.keys(authorityFunctions(t))).toHaveLength(1);
    // The signing handler, the provider framework's function and the authority.
    t.resourceCountIs('AWS::Lambda::Function', 3);
    t.resourceCountIs('AWS::Lambda::Version', 1);
    t.resourceCountIs('AWS::Lambda::Alias', n);
    expect(Object.keys(t.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-invoke-') } }))).toHaveLength(n);
    expect(Object.keys(t.findResources('AWS::SSM::Parameter', { Properties: { Name: Match.stringLikeRegexp('/subordinates/') } }))).toHaveLength(n);
  });

  test('a subordinate of this app in another stack makes one function too', () => {
    const a = new App();
    const s = new Stack(a, 'PkiRoot', { env: ROOT_ENV });
    new IssuingCa(new Stack(a, 'PkiIssuing', { env: MID_ENV }), 'Issuing', { parent: newRoot(s), subject: { commonName: 'Issuing' } });
    const t = Template.fromStack(s);
    expect(Object.keys(authorityFunctions(t))).toHaveLength(1);
    t.resourceCountIs('AWS::Lambda::Alias', 1);
  });

  test('two hierarchies in one stack: one function each', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    newRoot(stack, 'corp').declareSubordinate(declaration());
    new RootCaAccount(stack, 'Other', { hierarchyName: 'lab', subject: { commonName: 'Lab Root CA' } }).declareSubordinate(declaration());
    expect(Object.values(authorityFunctions(Template.fromStack(stack))).map((f) => f.Properties.FunctionName).sort())
      .toEqual(['cdk-pki-authority-corp-us-east-1', 'cdk-pki-authority-lab-us-east-1']);
  });
});

describe('the subordinate\'s stack', () => {
  test('the signing handler role has the fixed name cdk-pki-signing-<region>-<stack name> under /cdk-pki/', () => {
    midTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: 'cdk-pki-signing-eu-west-1-PkiMid', Path: '/cdk-pki/' });
    leafTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: 'cdk-pki-signing-ap-southeast-2-PkiLeaf', Path: '/cdk-pki/' });
  });

  test('a long stack name is cut to 64 characters with a digest, and the parent\'s invoker role trusts exactly that name', () => {
    const a = new App();
    const root = newRoot(new Stack(a, 'PkiRoot', { env: ROOT_ENV }));
    const longName = `Pki-Issuing-${'x'.repeat(60)}`;
    const stack = new Stack(a, 'Long', { env: MID_ENV, stackName: longName });
    new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    const handler = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-signing-') } }))[0];
    const name: string = handler.Properties.RoleName;
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^cdk-pki-signing-eu-west-1-Pki-Issuing-x+-[0-9a-f]{8}$/);
    Template.fromStack(root.stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { ArnEquals: { 'aws:PrincipalArn': partitionArn(`:iam::222222222222:role/cdk-pki/${name}`) } } })] },
    });
  });

  test('the handler may only assume its invoker role in the parent\'s account: no acm-pca right on the parent', () => {
    const statements = statementsOfRole(midTemplate, 'CdkPkiSigningProviderHandlerRole');
    expect(statements.filter((s) => s.Action === 'sts:AssumeRole')).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: partitionArn(`:iam::111111111111:role/cdk-pki/${invokerRole('corp', 'mid-222222222222-eu-west-1')}`) },
    ]);
    expect(JSON.stringify(statements)).not.toMatch(/111111111111:certificate-authority|acm-pca:IssueCertificate/);
  });

  test('a reader role per subordinate CA: trusting only the parent\'s authority role, reading the CSR, state and tags of the CAs tagged with its hierarchy and name', () => {
    midTemplate.hasResourceProperties('AWS::IAM::Role', {
      RoleName: readerRole('corp', 'mid-222222222222-eu-west-1'),
      Path: '/cdk-pki/',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: partitionArn(':iam::111111111111:root') },
          Condition: { ArnEquals: { 'aws:PrincipalArn': partitionArn(':iam::111111111111:role/cdk-pki/cdk-pki-authority-corp-us-east-1') } },
        }],
      },
    });
    const [readerId] = Object.keys(midTemplate.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-reader-') } }));
    expect(statementsOfRole(midTemplate, readerId)).toEqual([{
      Sid: 'ReadCsrOfThisCa',
      // ListTags: the authority checks the CA's tags (hierarchy and name) before it reads the CSR.
      Action: ['acm-pca:GetCertificateAuthorityCsr', 'acm-pca:DescribeCertificateAuthority', 'acm-pca:ListTags'],
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':certificate-authority/*']] },
      Condition: { StringEquals: { 'aws:ResourceTag/cdk-pki:hierarchy': 'corp', 'aws:ResourceTag/cdk-pki:ca-name': 'mid' } },
    }]);
  });

  test('the signing resource names the authority\'s alias and the invoker role, and nothing of the signer role', () => {
    midTemplate.hasResourceProperties(CR, {
      Parent: {
        Region: 'us-east-1',
        AuthorityFunctionArn: partitionArn(':lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:mid-222222222222-eu-west-1'),
        InvokerRoleArn: partitionArn(`:iam::111111111111:role/cdk-pki/${invokerRole('corp', 'mid-222222222222-eu-west-1')}`),
        RoleArn: Match.absent(),
        ArnParameterName: Match.absent(),
        CertificateAuthorityArn: Match.absent(),
      },
      Subject: Match.absent(),
      KeyAlgorithm: Match.absent(),
    });
  });

  test('the signing resource waits for the reader role; the stack for its parent\'s stack', () => {
    const [readerId] = Object.keys(midTemplate.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-reader-') } }));
    const signing = Object.values(midTemplate.findResources(CR))[0];
    expect(signing.DependsOn).toContain(readerId);
    expect(midStack.dependencies).toEqual([rootStack]);
    expect(leafStack.dependencies).toEqual([midStack]);
  });

  test('a subordinate in its parent\'s stack is signed in-process: the resource carries Subject and KeyAlgorithm, no authority is made', () => {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    new IssuingCa(stack, 'Issuing', { parent: newRoot(stack), subject: { commonName: 'Issuing', organization: 'Corp' }, keyAlgorithm: KeyAlgorithm.EC_PRIME256V1 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(CR, {
      Parent: { Region: { Ref: 'AWS::Region' }, CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] } },
      Subject: { CommonName: 'Issuing', Organization: 'Corp' },
      KeyAlgorithm: 'EC_prime256v1',
    });
    expect(authorityFunctions(t)).toEqual({});
    t.resourceCountIs('AWS::Lambda::Alias', 0);
  });
});

describe('declareSubordinate', () => {
  test('declares a subordinate of another app: its declaration, alias and invoker role', () => {
    const declared = declarationsOf(rootStack).get('/cdk-pki/corp/root/subordinates/partner-444444444444-eu-central-1');
    expect(declared).toEqual({
      Version: 1,
      HierarchyName: 'corp',
      ParentCaName: 'root',
      CaName: 'partner',
      Account: '444444444444',
      Region: 'eu-central-1',
      Subject: { CommonName: 'Partner CA', Organization: 'Partner', Country: 'DE' },
      KeyAlgorithm: 'EC_prime256v1',
      TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen1/V1',
      MaxValidity: { Type: 'YEARS', Value: 3 },
      SigningAlgorithm: 'SHA384WITHECDSA',
      CallerRoleArn: 'arn:aws:iam::444444444444:role/cdk-pki/cdk-pki-signing-eu-central-1-PartnerPki',
      ReaderRoleArn: `arn:aws:iam::444444444444:role/cdk-pki/${readerRole('corp', 'partner-444444444444-eu-central-1')}`,
      Revocation: false,
    });
  });

  test('defaults: EC P-384, path length 0, no name constraints, no revocation', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    newRoot(stack).declareSubordinate(declaration());
    const declared = [...declarationsOf(stack).values()][0];
    expect(declared).toMatchObject({
      KeyAlgorithm: 'EC_secp384r1', TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1', Revocation: false,
    });
    expect(declared.NameConstraints).toBeUndefined();
  });

  test('name constraints choose the APIPassthrough template and go into the declaration; revokeOnDelete grants revocation', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    newRoot(stack).declareSubordinate(declaration({ nameConstraints: { permittedDnsNames: ['.partner.example'] }, revokeOnDelete: true }));
    expect([...declarationsOf(stack).values()][0]).toMatchObject({
      TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0_APIPassthrough/V1',
      NameConstraints: { PermittedDnsNames: ['.partner.example'] },
      Revocation: true,
    });
    expect(statementsOfRole(Template.fromStack(stack), 'CdkPkiAuthoritycorpHandlerRole')).toContainEqual(expect.objectContaining({ Action: 'acm-pca:RevokeCertificate' }));
  });

  test('a declared subordinate raises the parent\'s derived path length', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    const root = newRoot(stack);
    const mid = new IssuingCa(stack, 'Mid', { parent: root, caName: 'mid', subject: { commonName: 'Mid' } });
    mid.declareSubordinate(declaration({ validity: Validity.years(1) }));
    expect(mid.pathLength).toBe(1);
    Template.fromStack(stack).hasResourceProperties(CR, { TemplateArn: template('SubordinateCACertificate_PathLen1/V1') });
  });

  const invalid: Array<[string, Partial<SubordinateDeclarationOptions>, RegExp]> = [
    ['a bad account', { account: '12345' }, /subordinate 'partner': account '12345' is not a 12-digit AWS account id/],
    ['a bad region', { region: 'europe' }, /subordinate 'partner': region 'europe' is not an AWS Region code such as 'eu-west-1'/],
    ['a missing stackName', { stackName: '' }, /subordinate 'partner': stackName must be the name of the stack that holds the subordinate's IssuingCa/],
    ['a bad caName', { caName: 'my_ca' }, /subordinate 'my_ca': caName is not allowed; use a letter, then letters, digits and hyphens, at most 24 characters, and not 'root'/],
    ['the caName root', { caName: 'root' }, /subordinate 'root': caName is not allowed/],
    ['a validity that does not end before the parent\'s', { validity: Validity.years(10) },
      /subordinate 'partner': validity 10 years does not end before the parent's 10 years; declare a shorter validity/],
    ['a negative path length', { pathLength: -1 }, /subordinate 'partner': pathLength -1 is not possible at level 2; use 0 to 3/],
    ['a path length past five levels', { pathLength: 4 }, /subordinate 'partner': pathLength 4 is not possible at level 2; use 0 to 3/],
    ['bad name constraints', { nameConstraints: { permittedDnsNames: ['-bad-.example.com'] } }, /nameConstraints.permittedDnsNames has '-bad-.example.com', which is not a DNS name/],
    ['empty name constraints', { nameConstraints: {} }, /nameConstraints sets no name/],
    ['a subject without common name', { subject: { commonName: '' } }, /subject has no common name/],
  ];

  test.each(invalid)('refuses %s', (_what, overrides, message) => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    const root = newRoot(stack);
    expect(() => root.declareSubordinate(declaration(overrides))).toThrow(message);
    expect(() => root.declareSubordinate(declaration(overrides))).toThrow(/^declareSubordinate 'PkiRoot\/Root'/);
  });

  test('lists every problem at once', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    expect(() => newRoot(stack).declareSubordinate(declaration({ account: 'x', region: 'y', stackName: '' })))
      .toThrow(/has 3 problems:\n {2}- .*account 'x'.*\n {2}- .*region 'y'.*\n {2}- .*stackName must be/);
  });

  test('on an IssuingCa, checks the validity against the IssuingCa\'s', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    const mid = new IssuingCa(stack, 'Mid', { parent: newRoot(stack), caName: 'mid', subject: { commonName: 'Mid' } });
    expect(() => mid.declareSubordinate(declaration({ validity: Validity.years(3) })))
      .toThrow(/subordinate 'partner': validity 3 years does not end before the parent's 3 years/);
  });

  test('a subordinate declared twice (same name, account and Region) is refused', () => {
    const stack = new Stack(new App(), 'PkiRoot', { env: ROOT_ENV });
    const root = newRoot(stack);
    root.declareSubordinate(declaration());
    expect(() => root.declareSubordinate(declaration({ stackName: 'Another' })))
      .toThrow(/hierarchy 'corp' already has a subordinate named 'partner' in account 444444444444 and eu-central-1 signed from PkiRoot; give each subordinate CA its own caName/);
  });
});

describe('names across stacks', () => {
  test('two stacks of one account and Region holding parents of one hierarchy with remote subordinates fail synthesis', () => {
    const a = new App();
    const root = newRoot(new Stack(a, 'PkiRoot', { env: ROOT_ENV }));
    const second = new Stack(a, 'PkiSecond', { env: ROOT_ENV });
    const mid = new IssuingCa(second, 'Mid', { parent: root, caName: 'mid', subject: { commonName: 'Mid' } });
    new IssuingCa(new Stack(a, 'PkiLeaf', { env: MID_ENV }), 'Leaf', { parent: root, caName: 'leaf', subject: { commonName: 'Leaf' } });
    expect(() => mid.declareSubordinate(declaration({ validity: Validity.years(1) })))
      .toThrow(/stacks 'PkiRoot' and 'PkiSecond' both hold parents of hierarchy 'corp' with subordinates in other stacks, in account 111111111111 and us-east-1; .*\(cdk-pki-authority-corp-us-east-1\)/);
  });

  test('the same caName in two accounts is allowed: distinct aliases, invoker roles and declarations', () => {
    const a = new App();
    const stack = new Stack(a, 'PkiRoot', { env: ROOT_ENV });
    const root = newRoot(stack);
    new IssuingCa(new Stack(a, 'TeamA', { env: MID_ENV }), 'Team', { parent: root, caName: 'team', subject: { commonName: 'Team A' } });
    new IssuingCa(new Stack(a, 'TeamB', { env: { ...MID_ENV, account: '555555555555' } }), 'Team', { parent: root, caName: 'team', subject: { commonName: 'Team B' } });
    expect(() => a.synth()).not.toThrow();
    const t = Template.fromStack(stack);
    expect(Object.values(t.findResources('AWS::Lambda::Alias')).map((x) => x.Properties.Name).sort())
      .toEqual(['team-222222222222-eu-west-1', 'team-555555555555-eu-west-1']);
    const invokers = Object.values(t.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cdk-pki-invoke-') } })).map((r) => r.Properties.RoleName);
    expect(invokers.sort()).toEqual([invokerRole('corp', 'team-222222222222-eu-west-1'), invokerRole('corp', 'team-555555555555-eu-west-1')].sort());
    expect(new Set(invokers).size).toBe(2);
    expect([...declarationsOf(stack).keys()].sort()).toEqual([
      '/cdk-pki/corp/root/subordinates/team-222222222222-eu-west-1', '/cdk-pki/corp/root/subordinates/team-555555555555-eu-west-1',
    ]);
  });

  test('a parent of another app is reached through names alone, whatever app declared it', () => {
    const stack = new Stack(new App(), 'PartnerPki', { env: { account: '444444444444', region: 'eu-central-1' } });
    const parent = ParentCa.fromAccount({ ...ROOT_ENV, hierarchyName: 'corp' });
    new IssuingCa(stack, 'Partner', { parent, caName: 'partner', subject: { commonName: 'Partner CA', organization: 'Partner', country: 'DE' }, pathLength: 1 });
    const t = Template.fromStack(stack);
    // What the root's app above declared: the same alias, invoker role, caller role and reader role.
    t.hasResourceProperties(CR, {
      Parent: {
        Region: 'us-east-1',
        AuthorityFunctionArn: partitionArn(':lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:partner-444444444444-eu-central-1'),
        InvokerRoleArn: partitionArn(`:iam::111111111111:role/cdk-pki/${invokerRole('corp', 'partner-444444444444-eu-central-1')}`),
      },
    });
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'cdk-pki-signing-eu-central-1-PartnerPki' });
    t.hasResourceProperties('AWS::IAM::Role', { RoleName: readerRole('corp', 'partner-444444444444-eu-central-1') });
    rootTemplate.hasResourceProperties('AWS::IAM::Role', { RoleName: invokerRole('corp', 'partner-444444444444-eu-central-1') });
  });
});

test('cdk-nag AwsSolutions finds nothing unacknowledged in the parents\' and subordinates\' stacks (declared subordinate included)', () => {
  const findings = describeFindings(awsSolutionsFindings(app));
  expect(findings).toBe('');
});
