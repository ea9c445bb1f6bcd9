/**
 * PrivateCaIssuerRole: the role of aws-privateca-issuer on EKS (Pod Identity or IRSA), built on PrivateCaIssuerPolicy.
 * The template tests cover every prop; the IAM policy simulator shows that the role issues only the chosen templates
 * on the chosen CA, and that only the chosen namespace and service account can assume it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KubernetesIdentity, KubernetesIdentityKind, PrivateCaIssuerRole, PrivateCaIssuerRoleProps } from '../../src/connectors/privateca-issuer-role';
import { CertificateTemplate, TemplatePassthrough } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { caPolicyStatements } from '../../src/sharing/private/sharing';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import { ResolvedStack, simulate } from '../support/iam-sim';

const WORKLOAD_ENV = { account: '666666666666', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const OTHER_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/99999999-2222-4333-8444-555555555555';
const OIDC_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const OIDC_PROVIDER_ARN = `arn:aws:iam::666666666666:oidc-provider/${OIDC_ISSUER}`;
const ROLE = 'AWS::IAM::Role';
const token = (v: string) => Lazy.string({ produce: () => v });
const templateArnJoin = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:acm-pca:::template/${name}`]] });

function workload(permission: SharePermission = SharePermission.DEFAULT) {
  const stack = new Stack(new App(), 'Workload', { env: WORKLOAD_ENV });
  const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN, permission });
  return { stack, ca };
}

function issuerRole(props: Partial<PrivateCaIssuerRoleProps> = {}, permission?: SharePermission) {
  const { stack, ca } = workload(permission);
  const role = new PrivateCaIssuerRole(stack, 'Issuer', {
    certificateAuthority: ca,
    identity: KubernetesIdentity.podIdentity('workloads'),
    certificates: [{ usages: ['client auth', 'server auth'] }],
    ...props,
  });
  return { stack, role, template: Template.fromStack(stack) };
}

const irsaProvider = (stack: Stack) => iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', OIDC_PROVIDER_ARN);

describe('EKS Pod Identity (the defaults)', () => {
  let t: Template;
  let role: PrivateCaIssuerRole;

  beforeAll(() => {
    ({ template: t, role } = issuerRole());
  });

  test('the role trusts pods.eks.amazonaws.com only with the session tags of one cluster, namespace and service account', () => {
    t.hasResourceProperties(ROLE, {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-name': 'workloads',
              'aws:RequestTag/kubernetes-namespace': 'aws-privateca-issuer',
              'aws:RequestTag/kubernetes-service-account': 'aws-privateca-issuer',
            },
          },
        }],
      },
      Description: Match.stringLikeRegexp('aws-privateca-issuer/aws-privateca-issuer \\(EKS Pod Identity\\)'),
    });
    expect(role.namespace).toBe('aws-privateca-issuer');
    expect(role.serviceAccountName).toBe('aws-privateca-issuer');
  });

  test('an AWS::EKS::PodIdentityAssociation binds the role to the service account, after the role exists', () => {
    const roleId = Object.keys(t.findResources(ROLE))[0];
    t.hasResource('AWS::EKS::PodIdentityAssociation', {
      Properties: {
        ClusterName: 'workloads',
        Namespace: 'aws-privateca-issuer',
        ServiceAccount: 'aws-privateca-issuer',
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      },
      DependsOn: Match.arrayWith([roleId]),
    });
  });

  test('the role gets the PrivateCaIssuerPolicy: issue with the chosen template on the CA, get and describe', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Issuer') }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'acm-pca:IssueCertificate',
            Resource: CA_ARN,
            Condition: { StringEquals: { 'acm-pca:TemplateArn': [templateArnJoin('EndEntityCertificate/V1')] } },
          },
          { Effect: 'Allow', Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Resource: CA_ARN },
        ],
      },
    });
    expect(role.policy.templates.map((x) => x.templateName)).toEqual(['EndEntityCertificate/V1']);
    expect(role.grantPrincipal).toBe(role.role);
  });

  test('nothing is installed and no Lambda function is made', () => {
    t.resourceCountIs('Custom::AWSCDK-EKS-HelmChart', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.resourceCountIs('AWS::CloudFormation::Stack', 0);
  });
});

describe('props', () => {
  test('namespace, serviceAccountName and roleName', () => {
    const { template } = issuerRole({ namespace: 'cert-manager', serviceAccountName: 'pca-issuer.v1', roleName: 'pca-issuer' });
    template.hasResourceProperties(ROLE, {
      RoleName: 'pca-issuer',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { StringEquals: Match.objectLike({ 'aws:RequestTag/kubernetes-namespace': 'cert-manager', 'aws:RequestTag/kubernetes-service-account': 'pca-issuer.v1' }) },
        })],
      },
    });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'cert-manager', ServiceAccount: 'pca-issuer.v1' });
  });

  test('templates, issuerDefaultTemplate and permission go to PrivateCaIssuerPolicy', () => {
    const apiCsr = CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR);
    const { role } = issuerRole({ certificates: [], templates: [apiCsr] }, SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE);
    expect(role.policy.templates.map((x) => x.templateName)).toEqual(['BlankEndEntityCertificate_APICSRPassthrough/V1']);
    expect(role.policy.permission).toBe(SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE);

    const withDefault = issuerRole({ certificates: [{ usages: ['server auth'] }], issuerDefaultTemplate: CertificateTemplate.END_ENTITY });
    expect(withDefault.role.policy.templates.map((x) => x.templateName)).toEqual(['EndEntityCertificate/V1']);
    expect(withDefault.role.clusterIssuerManifest().spec.pcaTemplate).toEqual({ defaultTemplateName: 'EndEntityCertificate/V1' });

    const explicit = issuerRole({ certificates: [{}], permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE });
    expect(explicit.role.policy.permission).toBe(SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE);
  });

  test('IRSA with a provider known at synthesis: web identity trust on sub and aud, no association, no custom resource', () => {
    const stack = new Stack(new App(), 'Workload', { env: WORKLOAD_ENV });
    const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN });
    const role = new PrivateCaIssuerRole(stack, 'Issuer', {
      certificateAuthority: ca,
      identity: KubernetesIdentity.irsa(irsaProvider(stack)),
      namespace: 'cert-manager',
      certificates: [{ usages: ['client auth', 'server auth'] }],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(ROLE, {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Federated: OIDC_PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${OIDC_ISSUER}:aud`]: 'sts.amazonaws.com',
              [`${OIDC_ISSUER}:sub`]: 'system:serviceaccount:cert-manager:aws-privateca-issuer',
            },
          },
        }],
      },
      Description: Match.stringLikeRegexp('\\(IRSA\\)'),
    });
    t.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
    t.resourceCountIs('Custom::AWSCDKCfnJson', 0);
    expect(role.podIdentityAssociation).toBeUndefined();
  });

  test('IRSA with a provider of this app (issuer known at deployment only): the condition keys go through CfnJson', () => {
    const stack = new Stack(new App(), 'Workload', { env: WORKLOAD_ENV });
    const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN });
    const provider = new iam.OpenIdConnectProvider(stack, 'Provider', { url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE' });
    new PrivateCaIssuerRole(stack, 'Issuer', {
      certificateAuthority: ca,
      identity: KubernetesIdentity.irsa(provider),
      certificates: [{ usages: ['client auth', 'server auth'] }],
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('Custom::AWSCDKCfnJson', 1);
    t.hasResourceProperties(ROLE, {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { StringEquals: { 'Fn::GetAtt': [Match.stringLikeRegexp('TrustConditions'), 'Value'] } } })] },
    });
  });

  test('a CA of the role\'s own account (an IssuingCa) is not checked against a share, and the issuer names its Region', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: WORKLOAD_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    const role = new PrivateCaIssuerRole(stack, 'Issuer', {
      certificateAuthority: issuing,
      identity: KubernetesIdentity.podIdentity('workloads'),
      certificates: [{ usages: ['server auth'] }, {}],
    });
    expect(role.policy.permission).toBeUndefined();
    expect(role.policy.templates.map((x) => x.templateName)).toEqual(['EndEntityServerAuthCertificate/V1', 'BlankEndEntityCertificate_APICSRPassthrough/V1']);
    expect(stack.resolve(role.clusterIssuerManifest('corp-issuing'))).toEqual({
      apiVersion: 'awspca.cert-manager.io/v1beta1',
      kind: 'AWSPCAClusterIssuer',
      metadata: { name: 'corp-issuing' },
      spec: { arn: stack.resolve(issuing.certificateAuthorityArn), region: 'eu-west-1' },
    });
  });

  test('KubernetesIdentity records its kind', () => {
    const stack = new Stack();
    expect(KubernetesIdentity.podIdentity('c').kind).toBe(KubernetesIdentityKind.POD_IDENTITY);
    expect(KubernetesIdentity.irsa(irsaProvider(stack)).kind).toBe(KubernetesIdentityKind.IRSA);
  });
});

describe('bad input', () => {
  test('throws when the share does not permit a certificate\'s template, naming certificate, template, permission and fix', () => {
    expect(() => issuerRole({ certificates: [{ name: 'apps/web', usages: ['server auth'] }] }))
      .toThrow(/PrivateCaIssuerRole 'Workload\/Issuer': PrivateCaIssuerPolicy 'Workload\/Issuer\/Policy': certificate apps\/web .*EndEntityServerAuthCertificate\/V1, which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow .*CaResourcePolicy/);
  });

  test('throws when namespace is not a DNS-1123 label, naming value and fix', () => {
    expect(() => issuerRole({ namespace: 'Cert_Manager' }))
      .toThrow("PrivateCaIssuerRole 'Workload/Issuer': namespace 'Cert_Manager' is not a name Kubernetes accepts (a DNS-1123 label): use at most 63 lowercase letters");
    expect(() => issuerRole({ namespace: 'a'.repeat(64) })).toThrow(/namespace 'a{64}' is not a name Kubernetes accepts/);
    expect(() => issuerRole({ namespace: 'pca.issuer' })).toThrow(/namespace 'pca.issuer'/);
  });

  test('throws when serviceAccountName is not a DNS-1123 subdomain', () => {
    expect(() => issuerRole({ serviceAccountName: '-issuer' })).toThrow(/serviceAccountName '-issuer' is not a name Kubernetes accepts \(a DNS-1123 subdomain\)/);
    expect(() => issuerRole({ serviceAccountName: 'Issuer' })).toThrow(/serviceAccountName 'Issuer'/);
  });

  test('throws when the Pod Identity cluster name is an ARN', () => {
    expect(() => issuerRole({ identity: KubernetesIdentity.podIdentity('arn:aws:eks:eu-west-1:666666666666:cluster/workloads') }))
      .toThrow(/cluster name 'arn:aws:eks:eu-west-1:666666666666:cluster\/workloads' is not an EKS cluster name; use the cluster's name/);
  });

  test('reports every problem at once, its own and the policy\'s', () => {
    expect(() => issuerRole({ namespace: 'NS', serviceAccountName: 'SA', certificates: [{ usages: ['code signing'] }] }))
      .toThrow(/has 3 problems:\n {2}- namespace 'NS'.*\n {2}- serviceAccountName 'SA'.*\n {2}- PrivateCaIssuerPolicy .*CodeSigningCertificate\/V1/);
  });

  test('does not throw when namespace, service account or cluster name are tokens', () => {
    const { template } = issuerRole({ namespace: token('Whatever_'), serviceAccountName: token('Any'), identity: KubernetesIdentity.podIdentity(token('arn:x')) });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'Whatever_', ServiceAccount: 'Any', ClusterName: 'arn:x' });
  });

  test('clusterIssuerManifest throws for a name Kubernetes would reject', () => {
    const { role } = issuerRole();
    expect(() => role.clusterIssuerManifest('Corp Issuer')).toThrow(/clusterIssuerName 'Corp Issuer' is not a name Kubernetes accepts/);
  });

  test('has no warning or error annotation', () => {
    const { stack } = issuerRole();
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('what the role allows (IAM policy simulator)', () => {
  /** A CA resource policy that lets the workload issue with both templates its Certificates pick. */
  const BOTH = SharePermission.issuance([CertificateTemplate.END_ENTITY, CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR)]);
  let resolved: ResolvedStack;
  let roleId: string;
  let irsaResolved: ResolvedStack;
  let irsaRoleId: string;
  const roleSession = 'arn:aws:sts::666666666666:assumed-role/Issuer/eks-workloads-aws-priva-1234';

  beforeAll(() => {
    const { stack, role } = issuerRole({ certificates: [{ usages: ['client auth', 'server auth'] }, {}] }, BOTH);
    resolved = ResolvedStack.of(stack);
    roleId = resolved.logicalIdOf(role.role);

    const irsa = workload();
    const irsaRole = new PrivateCaIssuerRole(irsa.stack, 'Issuer', {
      certificateAuthority: irsa.ca,
      identity: KubernetesIdentity.irsa(irsaProvider(irsa.stack)),
      permission: SharePermission.DEFAULT,
      certificates: [{ usages: ['client auth', 'server auth'] }],
    });
    irsaResolved = ResolvedStack.of(irsa.stack);
    irsaRoleId = irsaResolved.logicalIdOf(irsaRole.role);
  });

  /** What the CA's resource policy (CaResourcePolicy with the same permission) gives account 666666666666. */
  const sharePolicy = () => {
    const statements = caPolicyStatements(CA_ARN, '222222222222', [{ principals: [SharePrincipal.account('666666666666')], permission: BOTH }]);
    return { Version: '2012-10-17', Statement: resolved.resolve(new Stack().resolve(statements)) as unknown[] };
  };

  const asIssuer = (action: string, resource: string, context: Record<string, string> = {}) => simulate({
    principal: roleSession,
    action,
    resource,
    context,
    identityPolicies: resolved.identityPolicies(roleId),
    resourcePolicy: sharePolicy(),
  });

  test('issues only the chosen templates, on the chosen CA only', async () => {
    const chosen = ['EndEntityCertificate/V1', 'BlankEndEntityCertificate_APICSRPassthrough/V1'];
    for (const template of CertificateTemplate.all()) {
      const expected = chosen.includes(template.templateName) ? 'Allowed' : 'ImplicitlyDenied';
      expect([template.templateName, await asIssuer('acm-pca:IssueCertificate', CA_ARN, { 'acm-pca:TemplateArn': template.arnForPartition('aws') })])
        .toEqual([template.templateName, expected]);
    }
    expect(await asIssuer('acm-pca:IssueCertificate', OTHER_CA_ARN, { 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.arnForPartition('aws') }))
      .toBe('ImplicitlyDenied');
  });

  test('gets certificates and describes the CA, and nothing else', async () => {
    expect(await asIssuer('acm-pca:GetCertificate', CA_ARN)).toBe('Allowed');
    expect(await asIssuer('acm-pca:DescribeCertificateAuthority', CA_ARN)).toBe('Allowed');
    for (const action of ['acm-pca:RevokeCertificate', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:ListPermissions', 'acm-pca:PutPolicy',
      'acm-pca:ListCertificateAuthorities', 'acm-pca:CreateCertificateAuthority']) {
      const resource = action.endsWith('ListCertificateAuthorities') || action.endsWith('CreateCertificateAuthority') ? '*' : CA_ARN;
      expect([action, await simulate({ principal: roleSession, action, resource, resourceAccount: '666666666666', identityPolicies: resolved.identityPolicies(roleId) })])
        .toEqual([action, 'ImplicitlyDenied']);
    }
    expect(await asIssuer('acm-pca:GetCertificate', OTHER_CA_ARN)).toBe('ImplicitlyDenied');
  });

  test('only EKS Pod Identity for the chosen cluster, namespace and service account can assume the role', async () => {
    const roleArn = resolved.arnOf(roleId);
    const assume = (tags: Record<string, string>, action = 'sts:AssumeRole') => simulate({
      principal: 'pods.eks.amazonaws.com',
      action,
      resource: roleArn,
      context: Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
      resourcePolicy: resolved.trustPolicy(roleId),
    });
    const right = { 'eks-cluster-name': 'workloads', 'kubernetes-namespace': 'aws-privateca-issuer', 'kubernetes-service-account': 'aws-privateca-issuer' };
    expect(await assume(right)).toBe('Allowed');
    expect(await assume(right, 'sts:TagSession')).toBe('Allowed');
    expect(await assume({ ...right, 'kubernetes-namespace': 'default' })).toBe('ImplicitlyDenied');
    expect(await assume({ ...right, 'kubernetes-service-account': 'default' })).toBe('ImplicitlyDenied');
    expect(await assume({ ...right, 'eks-cluster-name': 'other' })).toBe('ImplicitlyDenied');
    expect(await assume({})).toBe('ImplicitlyDenied');
  });

  test('with IRSA, the trust names only the cluster\'s OIDC provider, the service account\'s sub and STS\'s aud', () => {
    // The simulator drops condition keys of OIDC providers its data does not list (an EKS cluster's
    // oidc.eks.<region>.amazonaws.com/id/<id>:sub), so the resolved trust policy is checked as a whole instead.
    expect(irsaResolved.trustPolicy(irsaRoleId)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: OIDC_PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${OIDC_ISSUER}:aud`]: 'sts.amazonaws.com',
            [`${OIDC_ISSUER}:sub`]: 'system:serviceaccount:aws-privateca-issuer:aws-privateca-issuer',
          },
        },
      }],
    });
  });
});

describe('organization example', () => {
  test('the workload account has a Pod Identity role for aws-privateca-issuer that issues EndEntityCertificate/V1 from the shared CA only', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the example app, built without writing a cloud assembly
    const { buildOrganizationApp } = require('../../examples/organization/app') as typeof import('../../examples/organization/app');
    const app = buildOrganizationApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-k8s-example-')) });
    const workloadStack = app.node.findChild('Pki-Workload-666666666666-eu-west-1') as Stack;
    const role = workloadStack.node.findChild('PrivateCaIssuer') as PrivateCaIssuerRole;
    expect(role.policy.templates.map((x) => x.templateName)).toEqual(['EndEntityCertificate/V1']);
    expect(role.policy.permission).toBe(SharePermission.DEFAULT);
    const t = Template.fromStack(workloadStack);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'workloads', Namespace: 'aws-privateca-issuer' });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'acm-pca:IssueCertificate',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedCaLookup'), 'CertificateAuthorityArn'] },
        })]),
      },
    });
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});
