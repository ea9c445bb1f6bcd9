import { createHash } from 'node:crypto';
import { App, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CaUsageMode, CertificateTemplate, IssuingCa, KeyAlgorithm, ParentCa, RootCaAccount, SigningAlgorithm, Validity,
} from '../../src';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });
const template = (name: string) => partitionArn(`:acm-pca:::template/${name}`);
const CR = 'Custom::PkiSubordinateCaCertificate';
/** The 16 hex characters that name a subordinate's invoker and reader roles (SHA-256 of its alias name). */
const digest16 = (aliasName: string) => createHash('sha256').update(aliasName).digest('hex').slice(0, 16);

/** The statements of the policies attached to the roles whose logical id starts with `rolePrefix`. */
function policyStatementsOf(t: Template, rolePrefix: string): any[] {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

/** The statements of the policies attached to the stack's signing authority role. */
const authorityStatements = (t: Template) => policyStatementsOf(t, 'CdkPkiAuthoritycorpHandlerRole');

function newRoot(stack: Stack, props: Partial<ConstructorParameters<typeof RootCaAccount>[2]> = {}): RootCaAccount {
  return new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' }, ...props });
}

describe('IssuingCa in the root stack', () => {
  let stack: Stack;
  let t: Template;
  let issuing: IssuingCa;
  beforeAll(() => {
    stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    const root = newRoot(stack);
    issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing CA', organization: 'Corp' } });
    new IssuingCa(stack, 'Second', { parent: root, subject: { commonName: 'Second' }, keyAlgorithm: KeyAlgorithm.RSA_2048 });
    new IssuingCa(stack, 'Third', { parent: root, subject: { commonName: 'Third' } });
    t = Template.fromStack(stack);
  });

  test('is a SUBORDINATE CA with EC P-384 keys', () => {
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthority', {
      Type: 'SUBORDINATE',
      KeyAlgorithm: 'EC_secp384r1',
      SigningAlgorithm: 'SHA384WITHECDSA',
      UsageMode: 'GENERAL_PURPOSE',
      Subject: { CommonName: 'Issuing CA', Organization: 'Corp' },
    });
  });

  test('is signed by the root ARN in the same Region with PathLen0 for three years', () => {
    t.hasResourceProperties(CR, {
      CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Issuing'), 'Arn'] },
      CertificateSigningRequest: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Issuing'), 'CertificateSigningRequest'] },
      Parent: { Region: { Ref: 'AWS::Region' }, CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] } },
      TemplateArn: template('SubordinateCACertificate_PathLen0/V1'),
      ValidityType: 'YEARS',
      ValidityValue: '3',
      SigningAlgorithm: 'SHA384WITHECDSA',
      RevokeOnDelete: 'false',
      NameConstraints: Match.absent(),
    });
  });

  test('signs only after the root is active (its lifecycle resource waits for the activation) and the handler has its permissions', () => {
    const crs = t.findResources(CR);
    const lifecycle = Object.keys(t.findResources('Custom::PkiRootCaLifecycle'))[0];
    const policies = Object.keys(t.findResources('AWS::IAM::Policy')).filter((id) => id.includes('HandlerRole') || id.includes('CaAccess'));
    expect(policies).toHaveLength(2);
    for (const cr of Object.values(crs)) {
      expect(cr.DependsOn).toEqual(expect.arrayContaining([lifecycle, ...policies]));
    }
    expect(JSON.stringify(t.toJSON().Resources[lifecycle].Properties.CertificateAuthorityArn)).toContain('Activation');
  });

  test('three CAs share one provider: two Lambda functions in the stack', () => {
    t.resourceCountIs(CR, 3);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    // The signing handler (the library's, on its runtime); the provider framework's function and its runtime are aws-cdk-lib's.
    t.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^cdk-pki: ') }, 1);
  });

  test('the handler runs on Node.js 24 with the bundled asset and a bounded timeout', () => {
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Timeout: 300,
    });
  });

  test('the handler may issue from the root with the subordinate template only', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'acm-pca:IssueCertificate',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Root'), 'Arn'] },
          Condition: { StringEquals: { 'acm-pca:TemplateArn': template('SubordinateCACertificate_PathLen0/V1') } },
        }]),
      },
    });
  });

  test('the handler may install into, read the CSR of and disable the subordinate only', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: [
            'acm-pca:DescribeCertificateAuthority',
            'acm-pca:GetCertificateAuthorityCertificate',
            'acm-pca:GetCertificateAuthorityCsr',
            'acm-pca:ImportCertificateAuthorityCertificate',
            'acm-pca:UpdateCertificateAuthority',
          ],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Issuing'), 'Arn'] },
        }]),
      },
    });
  });

  test('grants ACM the permission to renew private certificates', () => {
    t.hasResourceProperties('AWS::ACMPCA::Permission', {
      Actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      Principal: 'acm.amazonaws.com',
      SourceAccount: '111111111111',
      // From the signing resource: ACM may use the CA once it is ACTIVE.
      CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IssuingCertificate'), 'CertificateAuthorityArn'] },
    });
  });

  test('CloudFormation keeps the CA (but one a failed operation created); the signing resource always gets its Delete', () => {
    t.hasResource('AWS::ACMPCA::CertificateAuthority', {
      Properties: { Type: 'SUBORDINATE' }, DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain',
    });
    t.hasResource(CR, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: Match.objectLike({ RemovalPolicy: 'RETAIN' }) });
  });

  test('the handler role has the fixed name under /cdk-pki/ that parents of other apps name', () => {
    t.hasResourceProperties('AWS::IAM::Role', { Path: '/cdk-pki/', RoleName: 'cdk-pki-signing-us-east-1-Pki', Description: Match.stringLikeRegexp('ca-signer') });
  });

  test('in-stack subordinates need no signing authority, invoker or reader role', () => {
    t.resourceCountIs('AWS::Lambda::Alias', 0);
    expect(t.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('cdk-pki-(authority|invoke|reader)-') } })).toEqual({});
    // No declaration parameter: only the root certificate and the renewal specs of the three issuing CAs.
    const names = Object.values(t.findResources('AWS::SSM::Parameter')).map((p) => JSON.stringify(p.Properties.Name));
    expect(names).toHaveLength(4);
    expect(names.filter((n) => /\/cdk-pki\/ca-renewal\/.*\/spec\//.test(n))).toHaveLength(3);
    expect(names).toContain('"/cdk-pki/corp/root/certificate"');
  });

  test('the signing resource carries the subject and key algorithm the handler checks the CSR against', () => {
    t.hasResourceProperties(CR, {
      Subject: { CommonName: 'Issuing CA', Organization: 'Corp' },
      KeyAlgorithm: 'EC_secp384r1',
      Parent: { Region: { Ref: 'AWS::Region' }, CertificateAuthorityArn: Match.anyValue() },
    });
    t.hasResourceProperties(CR, { Subject: { CommonName: 'Second' }, KeyAlgorithm: 'RSA_2048' });
  });

  test('CRLs on by default: the three CAs and the root share the stack\'s CRL bucket, and each waits for its policy', () => {
    // The stack's guard (no CA is replaced unasked) and the bucket policy.
    const policy = [...Object.keys(t.findResources('Custom::PkiCaGuard')), ...Object.keys(t.findResources('AWS::S3::BucketPolicy'))];
    expect(policy).toHaveLength(2);
    const cas = Object.values(t.findResources('AWS::ACMPCA::CertificateAuthority'));
    expect(cas).toHaveLength(4);
    for (const ca of cas) {
      expect(ca.Properties.RevocationConfiguration.CrlConfiguration).toMatchObject({ Enabled: true, S3ObjectAcl: 'BUCKET_OWNER_FULL_CONTROL' });
      expect(ca.DependsOn).toEqual(policy);
    }
    expect(issuing.revocation.crlEnabled).toBe(true);
  });

  test('exposes depth, path length, template and the certificate ARN', () => {
    expect(issuing.depth).toBe(2);
    expect(issuing.pathLength).toBe(0);
    expect(issuing.signingTemplate.templateName).toBe('SubordinateCACertificate_PathLen0/V1');
    expect(issuing.caName).toBe('issuing');
    expect(stack.resolve(issuing.certificateArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^IssuingCertificate/), 'CertificateArn'] });
  });
});

describe('IssuingCa across accounts and Regions', () => {
  let app: App;
  let rootStack: Stack;
  let midStack: Stack;
  let leafStack: Stack;
  let mid: IssuingCa;
  let leaf: IssuingCa;
  beforeAll(() => {
    app = new App();
    rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = newRoot(rootStack);
    midStack = new Stack(app, 'Mid', { env: { account: '222222222222', region: 'eu-west-1' } });
    mid = new IssuingCa(midStack, 'Mid', { parent: root, subject: { commonName: 'Mid' }, validity: Validity.years(5), revokeOnDelete: true });
    leafStack = new Stack(app, 'Leaf', { env: { account: '333333333333', region: 'ap-southeast-2' } });
    leaf = new IssuingCa(leafStack, 'Leaf', {
      parent: mid,
      subject: { commonName: 'Leaf' },
      validity: Validity.years(2),
      nameConstraints: { permittedDnsNames: ['.example.com'], excludedIpRanges: ['10.0.0.0/8'] },
    });
  });

  test('the intermediate is signed by the root\'s signing authority in the root Region, through its alias and invoker role, with PathLen1', () => {
    Template.fromStack(midStack).hasResourceProperties(CR, {
      Parent: {
        Region: 'us-east-1',
        AuthorityFunctionArn: partitionArn(':lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:mid-222222222222-eu-west-1'),
        InvokerRoleArn: partitionArn(`:iam::111111111111:role/cdk-pki/cdk-pki-invoke-corp-${digest16('mid-222222222222-eu-west-1')}`),
        CertificateAuthorityArn: Match.absent(),
        RoleArn: Match.absent(),
        ArnParameterName: Match.absent(),
      },
      TemplateArn: template('SubordinateCACertificate_PathLen1/V1'),
      ValidityValue: '5',
      RevokeOnDelete: 'true',
      // The authority checks the CSR against the declaration, not against what the resource says.
      Subject: Match.absent(),
      KeyAlgorithm: Match.absent(),
    });
  });

  test('the issuing handler may assume its invoker role in the parent\'s account and nothing on the parent directly', () => {
    const statements = policyStatementsOf(Template.fromStack(midStack), 'CdkPkiSigningProviderHandlerRole');
    expect(statements.filter((s: any) => s.Action === 'sts:AssumeRole')).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: partitionArn(`:iam::111111111111:role/cdk-pki/cdk-pki-invoke-corp-${digest16('mid-222222222222-eu-west-1')}`) },
    ]);
    expect(statements.filter((s: any) => [s.Action].flat().includes('acm-pca:IssueCertificate'))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain('111111111111:certificate-authority');
  });

  test('the leaf is signed by the intermediate\'s authority with PathLen0 and name constraints through APIPassthrough', () => {
    Template.fromStack(leafStack).hasResourceProperties(CR, {
      Parent: {
        Region: 'eu-west-1',
        AuthorityFunctionArn: partitionArn(':lambda:eu-west-1:222222222222:function:cdk-pki-authority-corp-eu-west-1:leaf-333333333333-ap-southeast-2'),
        InvokerRoleArn: partitionArn(`:iam::222222222222:role/cdk-pki/cdk-pki-invoke-corp-${digest16('leaf-333333333333-ap-southeast-2')}`),
      },
      TemplateArn: template('SubordinateCACertificate_PathLen0_APIPassthrough/V1'),
      NameConstraints: { PermittedDnsNames: ['.example.com'], ExcludedIpRanges: ['10.0.0.0/8'] },
    });
  });

  test('the intermediate gets its own authority, whose role may issue the leaf template only, and the leaf\'s invoker role trusting the leaf handler', () => {
    const t = Template.fromStack(midStack);
    t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cdk-pki-authority-corp-eu-west-1' });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'acm-pca:IssueCertificate',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mid'), 'Arn'] },
          Condition: { StringEquals: { 'acm-pca:TemplateArn': [template('SubordinateCACertificate_PathLen0_APIPassthrough/V1')] } },
        }]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^CdkPkiAuthoritycorpHandlerRole') }],
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `cdk-pki-invoke-corp-${digest16('leaf-333333333333-ap-southeast-2')}`,
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { AWS: partitionArn(':iam::333333333333:root') },
          Condition: { ArnEquals: { 'aws:PrincipalArn': partitionArn(':iam::333333333333:role/cdk-pki/cdk-pki-signing-ap-southeast-2-Leaf') } },
        }],
      },
    });
  });

  test('the root\'s authority may issue PathLen1 only, and revoke, since the intermediate revokes on delete', () => {
    const statements = authorityStatements(Template.fromStack(rootStack));
    expect(statements.filter((s: any) => s.Action === 'acm-pca:IssueCertificate').map((s: any) => s.Condition))
      .toEqual([{ StringEquals: { 'acm-pca:TemplateArn': [template('SubordinateCACertificate_PathLen1/V1')] } }]);
    expect(statements).toContainEqual({ Action: 'acm-pca:RevokeCertificate', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Root/), 'Arn'] } });
  });

  test('the intermediate\'s authority may not revoke: the leaf does not revoke on delete', () => {
    expect(authorityStatements(Template.fromStack(midStack)).filter((s: any) => [s.Action].flat().includes('acm-pca:RevokeCertificate'))).toEqual([]);
  });

  test('stacks depend on their parents so that one deploy --all runs in order', () => {
    expect(midStack.dependencies).toEqual([rootStack]);
    expect(leafStack.dependencies).toEqual([midStack]);
  });

  test('depth and path length follow from the tree', () => {
    expect([mid.depth, mid.pathLength, leaf.depth, leaf.pathLength]).toEqual([2, 1, 3, 0]);
    expect(leaf.hierarchyName).toBe('corp');
  });

  test('no stack gets an output from the CAs or their authorities but the root certificate; the values are attributes', () => {
    expect(Object.keys(Template.fromStack(rootStack).findOutputs('*'))).toEqual([expect.stringMatching(/^RootCertificateOutput/)]);
    for (const stack of [midStack, leafStack]) {
      expect(Template.fromStack(stack).findOutputs('*')).toEqual({});
    }
    const signingId = Object.keys(Template.fromStack(midStack).findResources(CR))[0];
    expect(midStack.resolve(mid.certificateAuthorityArn)).toEqual({ 'Fn::GetAtt': [signingId, 'CertificateAuthorityArn'] });
    expect([mid.signingAuthorityFunctionName, mid.arnParameterName]).toEqual(['cdk-pki-authority-corp-eu-west-1', '/cdk-pki/corp/mid/certificate-authority-arn']);
    expect(leaf.signingAuthorityFunctionName).toBeUndefined();
    Template.fromStack(midStack).hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-pki/corp/mid/certificate-authority-arn',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Mid'), 'Arn'] },
    });
  });
});

describe('IssuingCa under a parent of another app', () => {
  test('ParentCa.fromAccount signs through the parent\'s authority alias and invoker role, named from names alone, with no stack dependency', () => {
    const stack = new Stack(new App(), 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    const parent = ParentCa.fromAccount({ account: '111111111111', region: 'us-east-1', hierarchyName: 'corp' });
    new IssuingCa(stack, 'Issuing', { parent, subject: { commonName: 'Issuing' } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(CR, {
      Parent: {
        Region: 'us-east-1',
        AuthorityFunctionArn: partitionArn(':lambda:us-east-1:111111111111:function:cdk-pki-authority-corp-us-east-1:issuing-222222222222-eu-west-1'),
        InvokerRoleArn: partitionArn(`:iam::111111111111:role/cdk-pki/cdk-pki-invoke-corp-${digest16('issuing-222222222222-eu-west-1')}`),
      },
      SigningAlgorithm: Match.absent(),
      TemplateArn: template('SubordinateCACertificate_PathLen0/V1'),
    });
    // The reader role through which the parent's authority (only) reads this CA's CSR.
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `cdk-pki-reader-corp-${digest16('issuing-222222222222-eu-west-1')}`,
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { AWS: partitionArn(':iam::111111111111:root') },
          Condition: { ArnEquals: { 'aws:PrincipalArn': partitionArn(':iam::111111111111:role/cdk-pki/cdk-pki-authority-corp-us-east-1') } },
        })],
      },
    });
    expect(stack.dependencies).toEqual([]);
  });

  test('an intermediate of another app is reached by its CA name: the parent\'s Region names the authority, the CA the alias', () => {
    const stack = new Stack(new App(), 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    const parent = ParentCa.fromAccount({ account: '111111111111', region: 'us-east-2', hierarchyName: 'corp', caName: 'mid' });
    const ca = new IssuingCa(stack, 'Issuing', { parent, subject: { commonName: 'Issuing' } });
    expect(ca.depth).toBe(3);
    Template.fromStack(stack).hasResourceProperties(CR, {
      Parent: Match.objectLike({
        Region: 'us-east-2',
        AuthorityFunctionArn: partitionArn(':lambda:us-east-2:111111111111:function:cdk-pki-authority-corp-us-east-2:issuing-222222222222-eu-west-1'),
      }),
    });
  });

  test('an explicit path length makes a CA ready for subordinates of other apps, which it declares', () => {
    const stack = new Stack(new App(), 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    const parent = ParentCa.fromAccount({ account: '111111111111', region: 'us-east-1', hierarchyName: 'corp' });
    const mid = new IssuingCa(stack, 'Mid', { parent, caName: 'mid', subject: { commonName: 'Mid' }, pathLength: 1 });
    mid.declareSubordinate({
      account: '444444444444', region: 'eu-west-1', stackName: 'Team', caName: 'team', subject: { commonName: 'Team' }, validity: Validity.years(1),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(CR, { TemplateArn: template('SubordinateCACertificate_PathLen1/V1') });
    t.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'cdk-pki-authority-corp-eu-west-1' });
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-pki/corp/mid/certificate-authority-arn' });
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: '/cdk-pki/corp/mid/subordinates/team-444444444444-eu-west-1' });
  });
});

describe('IssuingCa options', () => {
  test('revokeOnDelete, removal policy, no ACM permission, short-lived mode and months of validity', () => {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    const root = newRoot(stack);
    new IssuingCa(stack, 'Issuing', {
      parent: root,
      subject: { commonName: 'Issuing' },
      revokeOnDelete: true,
      removalPolicy: RemovalPolicy.DESTROY,
      acmRenewalPermission: false,
      usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE,
      validity: Validity.months(18),
      signingAlgorithm: SigningAlgorithm.SHA512WITHECDSA,
    });
    const t = Template.fromStack(stack);
    t.hasResource(CR, {
      Properties: Match.objectLike({ RevokeOnDelete: 'true', RemovalPolicy: 'DESTROY', RestorationDays: '30', ValidityType: 'MONTHS', ValidityValue: '18' }),
      DeletionPolicy: 'Delete',
    });
    t.hasResource('AWS::ACMPCA::CertificateAuthority', {
      Properties: Match.objectLike({ Type: 'SUBORDINATE', UsageMode: 'SHORT_LIVED_CERTIFICATE', SigningAlgorithm: 'SHA512WITHECDSA' }),
      // The signing resource disables and deletes it with a restoration period, not CloudFormation.
      DeletionPolicy: 'RetainExceptOnCreate',
    });
    t.resourceCountIs('AWS::ACMPCA::Permission', 0);
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority', 'acm-pca:RevokeCertificate'], Effect: 'Allow', Resource: Match.anyValue() }]) },
    });
  });

  test('acm.PrivateCertificate accepts an IssuingCa', () => {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: newRoot(stack), subject: { commonName: 'Issuing' } });
    new acm.PrivateCertificate(stack, 'Cert', { domainName: 'app.example.internal', certificateAuthority: issuing });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'app.example.internal',
      // The signing resource's attribute: the certificate is requested once the CA is ACTIVE.
      CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IssuingCertificate'), 'CertificateAuthorityArn'] },
    });
  });

  test('grantIssue limits a principal to end-entity templates; grantRevoke grants revocation', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '999999999999', region: 'us-east-1' } });
    const shared = IssuingCa.fromCertificateAuthorityArn(stack, 'Shared', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555');
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.AccountRootPrincipal() });
    shared.grantIssue(role);
    shared.grantIssue(role, [CertificateTemplate.END_ENTITY_SERVER_AUTH]);
    shared.grantRevoke(role);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Action: 'acm-pca:IssueCertificate',
      Effect: 'Allow',
      Resource: shared.certificateAuthorityArn,
      Condition: {
        StringEquals: {
          'acm-pca:TemplateArn': [
            template('EndEntityCertificate/V1'), template('EndEntityClientAuthCertificate/V1'), template('EndEntityServerAuthCertificate/V1'),
          ],
        },
      },
    });
    expect(statements).toContainEqual(expect.objectContaining({ Condition: { StringEquals: { 'acm-pca:TemplateArn': [template('EndEntityServerAuthCertificate/V1')] } } }));
    expect(statements).toContainEqual({ Action: 'acm-pca:RevokeCertificate', Effect: 'Allow', Resource: shared.certificateAuthorityArn });
    expect(shared.env.account).toBe('111111111111');
  });

  test('grantIssue refuses CA templates', () => {
    const stack = new Stack();
    const shared = IssuingCa.fromCertificateAuthorityArn(stack, 'Shared', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/x');
    expect(() => shared.grantIssue(new iam.AccountRootPrincipal(), [CertificateTemplate.subordinateCa(0)]))
      .toThrow(/grantIssue needs end-entity templates; got SubordinateCACertificate_PathLen0\/V1/);
  });

  test('a fourth level draws a warning, not an error', () => {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    let parent: any = newRoot(stack);
    for (let level = 2; level <= 4; level++) {
      parent = new IssuingCa(stack, `L${level}`, { parent, subject: { commonName: `L${level}` }, validity: Validity.years(9 - level) });
    }
    Annotations.fromStack(stack).hasWarning('/Pki/L4', Match.stringLikeRegexp('level 4 of hierarchy .*two or three levels'));
    expect(Annotations.fromStack(stack).findWarning('/Pki/L3', Match.anyValue())).toEqual([]);
    Template.fromStack(stack).hasResourceProperties(CR, { TemplateArn: template('SubordinateCACertificate_PathLen2/V1') });
  });
});

describe('IssuingCa validation', () => {
  function setup(): { stack: Stack; root: RootCaAccount } {
    const stack = new Stack(new App(), 'Pki', { env: ROOT_ENV });
    return { stack, root: newRoot(stack) };
  }

  test.each([
    ['validity equal to the parent', { validity: Validity.years(10) }, /validity 10 years does not end before the parent's 10 years; set validity to less than 10 years/],
    ['validity longer than the parent', { validity: Validity.months(121) }, /validity 121 months does not end before the parent's 10 years/],
    ['key and signing algorithm of different families', { keyAlgorithm: KeyAlgorithm.EC_PRIME256V1, signingAlgorithm: SigningAlgorithm.SHA256WITHRSA }, /SHA256WITHRSA is for RSA keys/],
    ['a CA name with underscores', { caName: 'my_ca' }, /caName 'my_ca' is not allowed/],
    ['the CA name root', { caName: 'root' }, /caName 'root' is not allowed/],
    ['an invalid DNS name constraint', { nameConstraints: { permittedDnsNames: ['-bad-.example.com'] } }, /nameConstraints.permittedDnsNames has '-bad-.example.com', which is not a DNS name/],
    ['a CIDR without prefix', { nameConstraints: { excludedIpRanges: ['10.0.0.0'] } }, /nameConstraints.excludedIpRanges has '10.0.0.0', which is not a CIDR block/],
    ['a CIDR with host bits set', { nameConstraints: { permittedIpRanges: ['10.0.0.1/8'] } }, /'10.0.0.1\/8', which is not a CIDR block without host bits/],
    ['an IPv6 prefix too long', { nameConstraints: { permittedIpRanges: ['fd00::/129'] } }, /'fd00::\/129', which is not a CIDR block/],
    ['an invalid email constraint', { nameConstraints: { permittedEmailAddresses: ['a b@example.com'] } }, /permittedEmailAddresses has 'a b@example.com'/],
    ['empty name constraints', { nameConstraints: {} }, /nameConstraints sets no name/],
    ['a negative path length', { pathLength: -1 }, /pathLength -1 is not possible at level 2; use 0 to 3/],
    ['a path length past five levels', { pathLength: 4 }, /pathLength 4 is not possible at level 2/],
    ['trusted accounts, which the signing authority replaced', { trustedAccountIds: ['222222222222'] }, /trustedAccountIds is set; parents no longer trust accounts or organizations/],
    ['additional subordinate templates', { additionalSubordinateTemplates: [CertificateTemplate.subordinateCa(0)] }, /additionalSubordinateTemplates is set; .*declareSubordinate pathLength and nameConstraints/],
    ['subordinate revocation', { allowSubordinateRevocation: true }, /allowSubordinateRevocation is set; .*revokeOnDelete: true/],
  ])('throws for %s', (_what, overrides, message) => {
    const { stack, root } = setup();
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, ...overrides })).toThrow(message);
  });

  test('the message names the construct', () => {
    const { stack, root } = setup();
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: '' } }))
      .toThrow("IssuingCa 'Pki/Issuing': subject has no common name; set subject.commonName");
  });

  test('a sixth level is an error', () => {
    const { stack, root } = setup();
    let parent: any = root;
    for (let level = 2; level <= 5; level++) {
      parent = new IssuingCa(stack, `L${level}`, { parent, subject: { commonName: `L${level}` }, validity: Validity.years(9 - level) });
    }
    expect(() => new IssuingCa(stack, 'L6', { parent, subject: { commonName: 'L6' }, validity: Validity.days(30) }))
      .toThrow(/it would be level 6 of its hierarchy, but AWS Private CA allows at most 5 levels/);
  });

  test('an explicit path length too short for the subordinates fails synthesis', () => {
    const { stack, root } = setup();
    const mid = new IssuingCa(stack, 'Mid', { parent: root, subject: { commonName: 'Mid' }, pathLength: 0 });
    new IssuingCa(stack, 'Leaf', { parent: mid, subject: { commonName: 'Leaf' }, validity: Validity.years(1) });
    expect(() => Template.fromStack(stack)).toThrow(/pathLength 0 is too short for its subordinates, which need 1/);
  });

  test('a parent in an environment-agnostic stack cannot be reached from another stack', () => {
    const app = new App();
    const root = newRoot(new Stack(app, 'Root'));
    const stack = new Stack(app, 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } }))
      .toThrow(/whose account or Region is not known at synthesis; give that stack an env/);
  });

  test('an environment-agnostic issuing stack cannot be declared to an in-app parent elsewhere', () => {
    const app = new App();
    const root = newRoot(new Stack(app, 'Root', { env: ROOT_ENV }));
    const stack = new Stack(app, 'Issuing');
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } }))
      .toThrow(/whose signing authority must know this stack's account and Region; give stack 'Issuing' an env with account and region/);
  });

  test('a parent object this library did not make is refused', () => {
    const { stack } = setup();
    const fake = { hierarchyName: 'x', caName: 'root', depth: 1, env: ROOT_ENV };
    expect(() => new IssuingCa(stack, 'Issuing', { parent: fake, subject: { commonName: 'Issuing' } }))
      .toThrow(/is not a parent this library made/);
  });

  test('does not throw when names, constraints and ids are tokens', () => {
    const { stack, root } = setup();
    const token = (v: string) => Lazy.string({ produce: () => v });
    expect(() => new IssuingCa(stack, 'Issuing', {
      parent: root,
      caName: token('not valid'),
      subject: { commonName: token('') },
      nameConstraints: { permittedDnsNames: [token('-bad-')], permittedIpRanges: [token('nope')] },
    })).not.toThrow();
  });

  test('a path length token is refused: it chooses the signing template at synthesis', () => {
    const { stack, root } = setup();
    expect(() => new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, pathLength: Lazy.number({ produce: () => 0 }) }))
      .toThrow(/pathLength must be a number known at synthesis/);
  });

  test('a remote parent validity is checked when given', () => {
    const stack = new Stack(new App(), 'Issuing', { env: { account: '222222222222', region: 'eu-west-1' } });
    const parent = ParentCa.fromAccount({ account: '111111111111', region: 'us-east-1', hierarchyName: 'corp', validity: Validity.years(2) });
    expect(() => new IssuingCa(stack, 'Issuing', { parent, subject: { commonName: 'Issuing' }, validity: Validity.years(3) }))
      .toThrow(/validity 3 years does not end before the parent's 2 years; set validity to less than 2 years, for example Validity.years\(1\)/);
    // Without a validity, it takes half of the parent's: three years would not fit.
    expect(new IssuingCa(stack, 'Defaulted', { parent, subject: { commonName: 'Issuing' } }).validity.toString()).toBe('1 years');
  });
});
