/**
 * CaResourcePolicy: the custom resource and its provider, the policy it writes (evaluated with the IAM policy
 * simulator, as the resource policy of the CA), the handler's own permissions, validation, and cdk-nag.
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { CaResourcePolicy, CaResourcePolicyProps } from '../../src/sharing/ca-resource-policy';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import { PolicyDocument, ResolvedStack, simulate } from '../support/iam-sim';
import { nagFindings } from '../support/nag';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const OTHER_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/99999999-2222-4333-8444-555555555555';
const ORG_ID = 'o-a1b2c3d4e5';
const OU_ARN = `arn:aws:organizations::111111111111:ou/${ORG_ID}/ou-ab12-cd34ef56`;
const PROXY_ARN = 'arn:aws:network-firewall:eu-west-1:222222222222:proxy/egress';
const CR = 'Custom::PkiCaResourcePolicy';
const token = (v: string) => Lazy.string({ produce: () => v });
const templateArn = (t: CertificateTemplate) => t.arnForPartition('aws');

/** Whatever the caller's own account allows: the question here is what the CA's policy allows. */
const CALLER_MAY_USE_ANY_CA = [{
  name: 'CallerMayUseAnyCa',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'acm-pca:*', Resource: '*' }] },
}];

interface Organization {
  readonly app: App;
  readonly issuingStack: Stack;
  readonly issuing: IssuingCa;
  readonly resolved: ResolvedStack;
  readonly caArn: string;
  readonly policy: PolicyDocument;
}

let org: Organization;

beforeAll(() => {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  const issuingStack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const issuing = new IssuingCa(issuingStack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
  const policy = new CaResourcePolicy(issuingStack, 'Policy', {
    certificateAuthority: issuing,
    grants: [
      { principals: [SharePrincipal.account('333333333333'), SharePrincipal.account('444444444444')] },
      { principals: [SharePrincipal.organizationById('111111111111', ORG_ID)], permission: SharePermission.issuance([CertificateTemplate.END_ENTITY_SERVER_AUTH]) },
    ],
  });
  policy.addGrant({ principals: [SharePrincipal.organizationalUnit(OU_ARN)], permission: SharePermission.REVOKE_CERTIFICATE });
  policy.addGrant({
    principals: [SharePrincipal.service('proxy.network-firewall.amazonaws.com')],
    permission: SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
    sourceArns: [PROXY_ARN],
  });
  const resolved = ResolvedStack.of(issuingStack);
  const [id] = resolved.logicalIds(CR);
  const props = resolved.resource(id).Properties!;
  const caArn = resolved.resolve(props.CertificateAuthorityArn) as string;
  org = { app, issuingStack, issuing, resolved, caArn, policy: JSON.parse(resolved.resolve(props.Policy) as string) as PolicyDocument };
});

describe('the custom resource', () => {
  test('writes the policy of the CA, once the CA is signed and ACTIVE', () => {
    const t = Template.fromStack(org.issuingStack);
    const signing = Object.keys(t.findResources('Custom::PkiSubordinateCaCertificate'))[0];
    t.hasResourceProperties(CR, {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkPkiCaPolicyProvider'), 'Arn'] },
      CertificateAuthorityArn: { 'Fn::GetAtt': [signing, 'CertificateAuthorityArn'] },
      Policy: Match.anyValue(),
    });
    expect(org.caArn).toMatch(/^arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority\//);
  });

  test('runs after its handler and the handler\'s permissions exist', () => {
    const t = Template.fromStack(org.issuingStack);
    const handlerPolicy = Object.keys(t.findResources('AWS::IAM::Policy')).find((id) => id.startsWith('CdkPkiCaPolicyProviderHandlerRole'))!;
    expect(Object.values(t.findResources(CR))[0].DependsOn).toEqual(expect.arrayContaining([handlerPolicy]));
  });

  test('the policy is the documented shape: issuance with the permission\'s templates, the read actions, revocation where allowed', () => {
    const ee = templateArn(CertificateTemplate.END_ENTITY);
    const read = ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate', 'acm-pca:GetCertificateAuthorityCertificate',
      'acm-pca:ListPermissions', 'acm-pca:ListTags'];
    const caArn = org.caArn;
    const orgCondition = { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } };
    const ouCondition = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG_ID}/*/ou-ab12-cd34ef56/*` } };
    const serviceCondition = { StringEquals: { 'aws:SourceAccount': '222222222222' }, ArnLike: { 'aws:SourceArn': PROXY_ARN } };
    const proxy = { Service: 'proxy.network-firewall.amazonaws.com' };
    expect(org.policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Grant0AccountsIssue',
          Effect: 'Allow',
          Principal: { AWS: ['333333333333', '444444444444'] },
          Action: 'acm-pca:IssueCertificate',
          Resource: caArn,
          Condition: { StringEquals: { 'acm-pca:TemplateArn': ee } },
        },
        { Sid: 'Grant0AccountsRead', Effect: 'Allow', Principal: { AWS: ['333333333333', '444444444444'] }, Action: read, Resource: caArn },
        {
          Sid: 'Grant1OrganizationIssue',
          Effect: 'Allow',
          Principal: '*',
          Action: 'acm-pca:IssueCertificate',
          Resource: caArn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID, 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY_SERVER_AUTH) } },
        },
        { Sid: 'Grant1OrganizationRead', Effect: 'Allow', Principal: '*', Action: read, Resource: caArn, Condition: orgCondition },
        { Sid: 'Grant2OrganizationalUnitRead', Effect: 'Allow', Principal: '*', Action: read, Resource: caArn, Condition: ouCondition },
        { Sid: 'Grant2OrganizationalUnitRevoke', Effect: 'Allow', Principal: '*', Action: 'acm-pca:RevokeCertificate', Resource: caArn, Condition: ouCondition },
        {
          Sid: 'Grant3ServicesIssue',
          Effect: 'Allow',
          Principal: proxy,
          Action: 'acm-pca:IssueCertificate',
          Resource: caArn,
          Condition: { ...serviceCondition, StringEquals: { ...serviceCondition.StringEquals, 'acm-pca:TemplateArn': templateArn(CertificateTemplate.subordinateCa(0)) } },
        },
        { Sid: 'Grant3ServicesRead', Effect: 'Allow', Principal: proxy, Action: read, Resource: caArn, Condition: serviceCondition },
      ],
    });
  });

  test('one provider per stack: two CAs with policies still deploy one handler', () => {
    const stack = new Stack(new App(), 'Two', { env: ISSUING_ENV });
    for (const [id, arn] of [['A', CA_ARN], ['B', OTHER_CA_ARN]]) {
      const ca = IssuingCa.fromCertificateAuthorityArn(stack, `${id}Ca`, arn);
      new CaResourcePolicy(stack, `${id}Policy`, { certificateAuthority: ca, grants: [{ principals: [SharePrincipal.account('333333333333')] }] });
    }
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    t.resourceCountIs(CR, 2);
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], Description: Match.stringLikeRegexp('PutPolicy') });
  });
});

describe('what the policy allows (IAM policy simulator)', () => {
  const caller = (account: string) => `arn:aws:sts::${account}:assumed-role/Workload/session`;

  async function request(principal: string, action: string, context: Record<string, string | string[]> = {}, resource = org.caArn) {
    return simulate({
      principal,
      action,
      resource,
      resourceAccount: '222222222222',
      context,
      identityPolicies: principal.startsWith('arn:') ? CALLER_MAY_USE_ANY_CA : [],
      resourcePolicy: org.policy,
    });
  }

  test('a named account may issue with EndEntityCertificate/V1 and nothing else, and read', async () => {
    for (const template of CertificateTemplate.all()) {
      const expected = template.isSameAs(CertificateTemplate.END_ENTITY) ? 'Allowed' : 'ImplicitlyDenied';
      expect([template.templateName, await request(caller('333333333333'), 'acm-pca:IssueCertificate', { 'acm-pca:TemplateArn': templateArn(template) })])
        .toEqual([template.templateName, expected]);
    }
    expect(await request(caller('444444444444'), 'acm-pca:GetCertificate')).toBe('Allowed');
    expect(await request(caller('333333333333'), 'acm-pca:RevokeCertificate')).toBe('ImplicitlyDenied');
    expect(await request(caller('333333333333'), 'acm-pca:PutPolicy')).toBe('ImplicitlyDenied');
  });

  test('an account that is not named, outside the organization, gets nothing', async () => {
    expect(await request(caller('999999999999'), 'acm-pca:IssueCertificate', { 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY) }))
      .toBe('ImplicitlyDenied');
    expect(await request(caller('999999999999'), 'acm-pca:DescribeCertificateAuthority')).toBe('ImplicitlyDenied');
  });

  test('members of the organization may issue with EndEntityServerAuthCertificate/V1 only (aws:PrincipalOrgID)', async () => {
    const member = { 'aws:PrincipalOrgID': ORG_ID };
    expect(await request(caller('555555555555'), 'acm-pca:IssueCertificate',
      { ...member, 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY_SERVER_AUTH) })).toBe('Allowed');
    expect(await request(caller('555555555555'), 'acm-pca:IssueCertificate',
      { ...member, 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY_CLIENT_AUTH) })).toBe('ImplicitlyDenied');
    expect(await request(caller('555555555555'), 'acm-pca:IssueCertificate',
      { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz', 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY_SERVER_AUTH) })).toBe('ImplicitlyDenied');
  });

  test('accounts under the OU may revoke (aws:PrincipalOrgPaths), and not issue', async () => {
    const inOu = { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-ab12/ou-ab12-cd34ef56/ou-ab12-99999999/`] };
    expect(await request(caller('777777777777'), 'acm-pca:RevokeCertificate', inOu)).toBe('Allowed');
    expect(await request(caller('777777777777'), 'acm-pca:RevokeCertificate', { 'aws:PrincipalOrgPaths': [`${ORG_ID}/r-ab12/ou-ab12-00000000/`] }))
      .toBe('ImplicitlyDenied');
    expect(await request(caller('777777777777'), 'acm-pca:IssueCertificate', { ...inOu, 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY) }))
      .toBe('ImplicitlyDenied');
  });

  test('the service may sign a PathLen0 subordinate only for this account and this proxy (confused deputy)', async () => {
    const service = 'proxy.network-firewall.amazonaws.com';
    const pathLen0 = { 'acm-pca:TemplateArn': templateArn(CertificateTemplate.subordinateCa(0)) };
    expect(await request(service, 'acm-pca:IssueCertificate', { ...pathLen0, 'aws:SourceAccount': '222222222222', 'aws:SourceArn': PROXY_ARN })).toBe('Allowed');
    expect(await request(service, 'acm-pca:IssueCertificate', { ...pathLen0, 'aws:SourceAccount': '999999999999', 'aws:SourceArn': PROXY_ARN }))
      .toBe('ImplicitlyDenied');
    expect(await request(service, 'acm-pca:IssueCertificate',
      { ...pathLen0, 'aws:SourceAccount': '222222222222', 'aws:SourceArn': 'arn:aws:network-firewall:eu-west-1:222222222222:proxy/other' })).toBe('ImplicitlyDenied');
    expect(await request(service, 'acm-pca:IssueCertificate', {
      'acm-pca:TemplateArn': templateArn(CertificateTemplate.subordinateCa(1)), 'aws:SourceAccount': '222222222222', 'aws:SourceArn': PROXY_ARN,
    })).toBe('ImplicitlyDenied');
  });

  test('the handler may write, delete and describe the policy of its CA, and nothing else', async () => {
    const role = org.resolved.logicalIdOf(org.issuingStack.node.findChild('CdkPkiCaPolicyProvider').node.findChild('Handler').node.findChild('Role'));
    const policies = org.resolved.identityPolicies(role);
    const handler = (action: string, resource: string) => simulate({
      principal: 'arn:aws:sts::222222222222:assumed-role/handler/session', action, resource, identityPolicies: policies,
    });
    for (const action of ['acm-pca:PutPolicy', 'acm-pca:DeletePolicy', 'acm-pca:DescribeCertificateAuthority']) {
      expect([action, await handler(action, org.caArn)]).toEqual([action, 'Allowed']);
      expect([action, await handler(action, OTHER_CA_ARN)]).toEqual([action, 'ImplicitlyDenied']);
    }
    for (const action of ['acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority']) {
      expect([action, await handler(action, org.caArn)]).toEqual([action, 'ImplicitlyDenied']);
    }
  });
});

function policyOn(props: Partial<CaResourcePolicyProps> = {}, env = ISSUING_ENV) {
  const app = new App();
  const stack = new Stack(app, 'Pki', { env });
  const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
  const policy = new CaResourcePolicy(stack, 'Policy', {
    certificateAuthority: ca,
    grants: [{ principals: [SharePrincipal.account('333333333333')] }],
    ...props,
  });
  return { app, stack, ca, policy };
}

describe('CaResourcePolicy validation', () => {
  test('throws when a principal is malformed', () => {
    expect(() => policyOn({ grants: [{ principals: [SharePrincipal.account('3333'), SharePrincipal.organizationalUnit('ou-ab12-cd34ef56')] }] }))
      .toThrow(/^CaResourcePolicy 'Pki\/Policy' has 2 problems:\n {2}- grant 1: principal account '3333' is not an AWS account id.*\n {2}- grant 1: principal organizational unit 'ou-ab12-cd34ef56' is an OU id/);
  });

  test('does not throw when principals are tokens', () => {
    expect(() => policyOn({ grants: [{ principals: [SharePrincipal.account(token('x')), SharePrincipal.organization(token('y'))] }] })).not.toThrow();
  });

  test('an organization or OU given as a token ARN is matched by the ids taken from it at deployment', () => {
    const { stack } = policyOn({ grants: [{ principals: [SharePrincipal.organizationalUnit(token(OU_ARN))] }] });
    const resolved = ResolvedStack.of(stack);
    const props = resolved.resource(resolved.logicalIds(CR)[0]).Properties!;
    const doc = JSON.parse(resolved.resolve(props.Policy) as string) as { Statement: Array<{ Condition: unknown }> };
    expect(doc.Statement[0].Condition).toEqual({
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${ORG_ID}/*/ou-ab12-cd34ef56/*` },
      'StringEquals': { 'acm-pca:TemplateArn': templateArn(CertificateTemplate.END_ENTITY) },
    });
  });

  test('throws when a grant has no principals', () => {
    expect(() => policyOn({ grants: [{ principals: [] }] })).toThrow('grant 1: principals is empty');
  });

  test('throws when sourceArns or sourceAccounts come without a service principal', () => {
    expect(() => policyOn({ grants: [{ principals: [SharePrincipal.account('333333333333')], sourceArns: [PROXY_ARN] }] }))
      .toThrow('grant 1: sourceAccounts and sourceArns apply to service principals only');
  });

  test('throws when a source account is malformed, and not when it is a token', () => {
    const service = [SharePrincipal.PCA_CONNECTOR_SCEP];
    expect(() => policyOn({ grants: [{ principals: service, sourceAccounts: ['22'] }] })).toThrow("grant 1: source account '22' is not an AWS account id");
    expect(() => policyOn({ grants: [{ principals: service, sourceAccounts: [token('22')] }] })).not.toThrow();
  });

  test('throws when the permission allows nothing, or a root template', () => {
    expect(() => policyOn({ grants: [{ principals: [SharePrincipal.account('333333333333')], permission: SharePermission.issuance([]) }] }))
      .toThrow('allows nothing; allow templates, revocation, or both');
    expect(() => policyOn({ grants: [{ principals: [SharePrincipal.account('333333333333')], permission: SharePermission.issuance([CertificateTemplate.ROOT_CA]) }] }))
      .toThrow('allows RootCACertificate/V1, which self-signs a root CA\'s own certificate');
  });

  test('addGrant validates too', () => {
    const { policy } = policyOn();
    expect(() => policy.addGrant({ principals: [SharePrincipal.service('nope')] }))
      .toThrow("CaResourcePolicy 'Pki/Policy': addGrant: principal service 'nope' is not a service principal");
  });

  test('a policy without grants fails synthesis', () => {
    const { stack } = policyOn({ grants: [] });
    expect(() => Template.fromStack(stack)).toThrow("CaResourcePolicy 'Pki/Policy': the policy has no grants");
  });

  test('throws on a second policy for the same CA: PutPolicy would replace the first', () => {
    const { stack, ca } = policyOn();
    expect(() => new CaResourcePolicy(stack, 'Second', { certificateAuthority: ca, grants: [{ principals: [SharePrincipal.account('444444444444')] }] }))
      .toThrow("CaResourcePolicy 'Pki/Second': CA Pki/Ca already has a CaResourcePolicy ('Pki/Policy')");
  });

  test('throws when the CA is in another Region or account than the stack', () => {
    expect(() => policyOn({}, { account: '222222222222', region: 'us-east-1' }))
      .toThrow("the CA is in eu-west-1 but stack 'Pki' is in us-east-1; CA resource policy is regional");
    expect(() => policyOn({}, { account: '666666666666', region: 'eu-west-1' })).toThrow('the CA belongs to account 222222222222 but stack');
  });

  test('does not throw when the stack\'s account and Region are tokens', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
    expect(() => new CaResourcePolicy(stack, 'Policy', { certificateAuthority: ca, grants: [{ principals: [SharePrincipal.account('333333333333')] }] }))
      .not.toThrow();
  });

  test('warns about templates AWS does not document for cross-account issuers, such as a PathLen1 subordinate', () => {
    const { stack } = policyOn({
      grants: [{ principals: [SharePrincipal.account('333333333333')], permission: SharePermission.issuance([CertificateTemplate.subordinateCa(1)]) }],
    });
    Annotations.fromStack(stack).hasWarning('/Pki/Policy', Match.stringLikeRegexp('issue with SubordinateCACertificate_PathLen1/V1; AWS documents only'));
  });

  describe('on a root CA', () => {
    function rootPolicy(allowRootCaSharing?: boolean) {
      const stack = new Stack(new App(), 'Root', { env: ROOT_ENV });
      const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
      new CaResourcePolicy(stack, 'Policy', {
        certificateAuthority: root,
        allowRootCaSharing,
        grants: [{ principals: [SharePrincipal.account('222222222222')], permission: SharePermission.issuance([CertificateTemplate.subordinateCa(1)]) }],
      });
      return stack;
    }

    test('throws without allowRootCaSharing', () => {
      expect(() => rootPolicy()).toThrow(/the CA is the root CA of hierarchy 'corp'.*or set allowRootCaSharing: true if you must attach a resource policy to the root/);
    });

    test('does not throw with allowRootCaSharing, and warns with the best practice', () => {
      const stack = rootPolicy(true);
      Annotations.fromStack(stack).hasWarning('/Root/Policy', Match.stringLikeRegexp('AWS\'s best practice keeps the root in its own account'));
      const resolved = ResolvedStack.of(stack);
      const props = resolved.resource(resolved.logicalIds(CR)[0]).Properties!;
      expect(resolved.resolve(props.CertificateAuthorityArn)).toMatch(/^arn:aws:acm-pca:us-east-1:111111111111:certificate-authority\//);
    });
  });
});

test('cdk-nag finds nothing unacknowledged in a stack with a CaResourcePolicy', () => {
  const { app } = policyOn();
  const findings = nagFindings(app);
  expect(findings).toEqual([]);
});
