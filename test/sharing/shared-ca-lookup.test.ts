/**
 * SharedCa.fromHierarchy and SharedCaLookup at synthesis: the custom resource and what it is given, one provider
 * per stack, the lookup role (read-only, evaluated with the IAM policy simulator), the ARN attribute feeding
 * acm.PrivateCertificate, grants and PrivateCaIssuerRole, and the synth-time checks in pairs.
 */
import { App, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KubernetesIdentity, PrivateCaIssuerRole } from '../../src/connectors/privateca-issuer-role';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission } from '../../src/sharing/share-permission';
import { SharedCaLookup } from '../../src/sharing/shared-ca-lookup';
import { ResolvedStack, simulate } from '../support/iam-sim';
import type { PolicyDocument } from '../support/iam-sim';

const OWNER = '222222222222';
const OTHER_OWNER = '333333333333';
const CONSUMER = '666666666666';
const REGION = 'eu-west-1';
const LOOKUP = 'Custom::PkiSharedCaLookup';

function newStack(app = new App(), id = 'Workload', env = { account: CONSUMER, region: REGION }): Stack {
  return new Stack(app, id, { env });
}

function lookupCa(stack: Stack, id = 'SharedCa', extra: Partial<Parameters<typeof SharedCa.fromHierarchy>[2]> = {}): SharedCa {
  return SharedCa.fromHierarchy(stack, id, { account: OWNER, hierarchyName: 'corp', caName: 'issuing', ...extra });
}

function lookupId(stack: Stack, ca: SharedCa): string {
  return stack.resolve((ca.lookup!.resource.node.defaultChild as CfnResource).logicalId) as string;
}

describe('the lookup resource', () => {
  test('is a Custom::PkiSharedCaLookup given the owner account, Region, hierarchy and CA name', () => {
    const stack = newStack();
    lookupCa(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs(LOOKUP, 1);
    template.hasResourceProperties(LOOKUP, {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CdkPkiSharedCaLookupProvider'), 'Arn'] },
      OwnerAccount: OWNER,
      Region: REGION,
      HierarchyName: 'corp',
      CaName: 'issuing',
      Generation: Match.absent(),
    });
  });

  test('passes a generation as a string, as CloudFormation would anyway', () => {
    const stack = newStack();
    lookupCa(stack, 'SharedCa', { generation: 2 });
    Template.fromStack(stack).hasResourceProperties(LOOKUP, { Generation: '2' });
  });

  test('gives the CA the ARN, status and generation it finds as attributes, and the owner as its environment', () => {
    const stack = newStack();
    const ca = lookupCa(stack);
    const id = lookupId(stack, ca);
    expect(Token.isUnresolved(ca.certificateAuthorityArn)).toBe(true);
    expect(stack.resolve(ca.certificateAuthorityArn)).toEqual({ 'Fn::GetAtt': [id, 'CertificateAuthorityArn'] });
    expect(stack.resolve(ca.lookup!.status)).toEqual({ 'Fn::GetAtt': [id, 'Status'] });
    expect(stack.resolve(ca.lookup!.generation)).toEqual({ 'Fn::GetAtt': [id, 'Generation'] });
    expect(ca.env).toEqual({ account: OWNER, region: REGION });
    expect(ca.permission).toBe(SharePermission.DEFAULT);
    expect(SharedCa.fromShare(stack, 'ByArn', { certificateAuthorityArn: `arn:aws:acm-pca:${REGION}:${OWNER}:certificate-authority/x` }).lookup)
      .toBeUndefined();
  });

  test('waits for the handler\'s role and policy', () => {
    const stack = newStack();
    lookupCa(stack);
    const [resource] = Object.values(Template.fromStack(stack).findResources(LOOKUP));
    expect(resource.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/^CdkPkiSharedCaLookupProviderHandlerRole/), expect.stringMatching(/^CdkPkiSharedCaLookupProviderHandlerFunction/),
    ]));
  });
});

describe('one provider per stack', () => {
  test('two lookups in a stack share one handler; the owner accounts named each get one ListTags statement', () => {
    const stack = newStack();
    lookupCa(stack, 'A');
    lookupCa(stack, 'B', { caName: 'issuing-2' });
    lookupCa(stack, 'C', { account: OTHER_OWNER });
    const template = Template.fromStack(stack);
    template.resourceCountIs(LOOKUP, 3);
    expect(Object.values(template.findResources('AWS::Lambda::Function'))
      .filter((f) => String(f.Properties.Description).includes('finds the ARN of a CA shared'))).toHaveLength(1);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>)
      .filter((s) => s.Action === 'acm-pca:ListTags');
    expect(statements.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining(`:acm-pca:${REGION}:${OWNER}:certificate-authority/*`),
      expect.stringContaining(`:acm-pca:${REGION}:${OTHER_OWNER}:certificate-authority/*`),
    ]);
  });

  test('each stack gets its own provider', () => {
    const app = new App();
    const a = newStack(app, 'A');
    const b = newStack(app, 'B');
    lookupCa(a);
    lookupCa(b);
    for (const stack of [a, b]) {
      expect(stack.node.tryFindChild('CdkPkiSharedCaLookupProvider')).toBeDefined();
      Template.fromStack(stack).resourceCountIs(LOOKUP, 1);
    }
  });
});

describe('the lookup role', () => {
  let resolved: ResolvedStack;
  let policies: ReturnType<ResolvedStack['identityPolicies']>;
  const ownerCa = `arn:aws:acm-pca:${REGION}:${OWNER}:certificate-authority/11111111-2222-4333-8444-555555555555`;
  const principal = `arn:aws:sts::${CONSUMER}:assumed-role/lookup-role/session`;
  /** What a share's resource policy grants the consumer account: reads, tags included. */
  const shareReads = (resource: string): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:ListTags'], Resource: resource }],
  });

  beforeAll(() => {
    const stack = newStack();
    lookupCa(stack);
    resolved = ResolvedStack.of(stack);
    const [roleId] = resolved.logicalIds('AWS::IAM::Role', (p) => String(p.Description).includes('shared-ca-lookup'));
    policies = resolved.identityPolicies(roleId);
  });

  const call = (action: string, resource: string, resourcePolicy?: PolicyDocument, resourceAccount?: string) =>
    simulate({ principal, action, resource, resourceAccount, identityPolicies: policies, resourcePolicy });

  test('may list the CAs shared with its account', async () => {
    expect(await call('acm-pca:ListCertificateAuthorities', '*', undefined, CONSUMER)).toBe('Allowed');
  });

  test('may read the tags of the owner\'s CAs in the Region when the share allows it, and not otherwise', async () => {
    expect(await call('acm-pca:ListTags', ownerCa, shareReads(ownerCa))).toBe('Allowed');
    expect(await call('acm-pca:ListTags', ownerCa)).not.toBe('Allowed');
  });

  test('may not read the tags of CAs of other accounts or Regions, even shared', async () => {
    const other = ownerCa.replace(OWNER, OTHER_OWNER);
    const otherRegion = ownerCa.replace(REGION, 'us-east-1');
    expect(await call('acm-pca:ListTags', other, shareReads(other))).not.toBe('Allowed');
    expect(await call('acm-pca:ListTags', otherRegion, shareReads(otherRegion))).not.toBe('Allowed');
  });

  test.each([
    'acm-pca:IssueCertificate', 'acm-pca:RevokeCertificate', 'acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority',
    'acm-pca:PutPolicy', 'acm-pca:TagCertificateAuthority', 'acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority',
  ])('may not %s, even where the share would allow it', async (action) => {
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: CONSUMER }, Action: action, Resource: ownerCa }] };
    expect(await call(action, ownerCa, allowAll)).not.toBe('Allowed');
  });

  test('may not assume roles, so it acts in its own account only', async () => {
    expect(await call('sts:AssumeRole', `arn:aws:iam::${OWNER}:role/anything`)).not.toBe('Allowed');
    expect(await call('sts:AssumeRole', `arn:aws:iam::${CONSUMER}:role/anything`)).not.toBe('Allowed');
  });
});

describe('the CA it finds is a SharedCa like any other', () => {
  test('feeds acm.PrivateCertificate with the looked-up ARN', () => {
    const stack = newStack();
    const ca = lookupCa(stack);
    new acm.PrivateCertificate(stack, 'Certificate', { domainName: 'api.example.internal', certificateAuthority: ca });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      CertificateAuthorityArn: { 'Fn::GetAtt': [lookupId(stack, ca), 'CertificateAuthorityArn'] },
    });
  });

  test('still refuses an ACM certificate that the share\'s permission does not allow', () => {
    const stack = newStack();
    const ca = lookupCa(stack, 'SharedCa', { permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE });
    new acm.PrivateCertificate(stack, 'Certificate', { domainName: 'api.example.internal', certificateAuthority: ca });
    expect(() => Template.fromStack(stack)).toThrow(/EndEntityCertificate\/V1, which share permission AWSRAMBlankEndEntityCertificateAPICSRPassthrough/);
  });

  test('grantIssue names the looked-up ARN, and checks the templates against the permission', () => {
    const stack = newStack();
    const ca = lookupCa(stack);
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    ca.grantIssue(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'acm-pca:IssueCertificate',
          Resource: { 'Fn::GetAtt': [lookupId(stack, ca), 'CertificateAuthorityArn'] },
        })]),
      },
    });
    expect(() => ca.grantIssue(role, [CertificateTemplate.END_ENTITY_SERVER_AUTH])).toThrow(/does not allow/);
    expect(() => ca.grantAdmin(role)).toThrow(/belongs to account 222222222222/);
  });

  test('feeds PrivateCaIssuerRole, whose policy names the looked-up ARN', () => {
    const stack = newStack();
    const ca = lookupCa(stack);
    new PrivateCaIssuerRole(stack, 'Issuer', {
      certificateAuthority: ca,
      identity: KubernetesIdentity.podIdentity('workloads'),
      certificates: [{ name: 'apps/service', usages: ['client auth', 'server auth'] }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'acm-pca:IssueCertificate',
          Resource: { 'Fn::GetAtt': [lookupId(stack, ca), 'CertificateAuthorityArn'] },
        })]),
      },
    });
  });
});

describe('checks at synthesis', () => {
  test('throws, naming every problem, for a bad account, another Region, bad names and generation', () => {
    const stack = newStack();
    expect(() => SharedCa.fromHierarchy(stack, 'Bad', {
      account: '2222', region: 'us-east-1', hierarchyName: '1corp', caName: 'issuing_ca', generation: 0,
    })).toThrow(/SharedCaLookup 'Workload\/Bad\/Lookup' has 5 problems:[\s\S]*account '2222'[\s\S]*is in us-east-1 but stack 'Workload' is in eu-west-1[\s\S]*hierarchyName '1corp'[\s\S]*caName 'issuing_ca'[\s\S]*generation 0/);
  });

  test('throws for the stack\'s own account: a lookup is for CAs other accounts share', () => {
    expect(() => lookupCa(newStack(), 'Own', { account: CONSUMER })).toThrow(/this stack's own account/);
  });

  test('does not throw when the values are tokens', () => {
    const stack = newStack();
    const lookup = new SharedCaLookup(stack, 'Lookup', {
      account: Token.asString({ Ref: 'Owner' }),
      region: Token.asString({ Ref: 'AWS::Region' }),
      hierarchyName: Token.asString({ Ref: 'Hierarchy' }),
      caName: Token.asString({ Ref: 'Name' }),
      generation: Token.asNumber({ Ref: 'Generation' }),
    });
    expect(Token.isUnresolved(lookup.certificateAuthorityArn)).toBe(true);
  });

  test('does not throw in an environment-agnostic stack; the Region is then the deployment\'s', () => {
    const stack = new Stack(new App(), 'Agnostic');
    lookupCa(stack);
    Template.fromStack(stack).hasResourceProperties(LOOKUP, { Region: { Ref: 'AWS::Region' } });
  });
});
