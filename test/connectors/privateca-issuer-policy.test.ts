/**
 * PrivateCaIssuerPolicy: the template aws-privateca-issuer picks per Certificate, the check against the share's
 * permission (the AccessDenied of aws-privateca-issuer#50, #211, #351, #409, #460 made a synthesis error), and
 * what the policy allows, evaluated with the IAM policy simulator.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PrivateCaIssuerPolicy, PrivateCaIssuerPolicyProps } from '../../src/connectors/privateca-issuer-policy';
import { CertificateTemplate, TemplatePassthrough } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { caPolicyStatements } from '../../src/sharing/private/sharing';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import { ResolvedStack, simulate } from '../support/iam-sim';

const WORKLOAD_ENV = { account: '666666666666', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const OTHER_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/99999999-2222-4333-8444-555555555555';

function workload(permission?: SharePermission) {
  const stack = new Stack(new App(), 'Workload', { env: WORKLOAD_ENV });
  const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN, permission });
  return { stack, ca };
}

function issuerPolicy(props: Partial<PrivateCaIssuerPolicyProps> = {}, permission?: SharePermission) {
  const { stack, ca } = workload(permission);
  return { stack, policy: new PrivateCaIssuerPolicy(stack, 'IssuerPolicy', { certificateAuthority: ca, ...props }) };
}

describe('templateFor: the template aws-privateca-issuer requests (pkg/aws/pca.go)', () => {
  test.each([
    [{ isCa: true, usages: ['server auth'] }, 'SubordinateCACertificate_PathLen0/V1'],
    [{ usages: ['code signing'] }, 'CodeSigningCertificate/V1'],
    [{ usages: ['client auth'] }, 'EndEntityClientAuthCertificate/V1'],
    [{ usages: ['server auth'] }, 'EndEntityServerAuthCertificate/V1'],
    [{ usages: ['ocsp signing'] }, 'OCSPSigningCertificate/V1'],
    [{ usages: ['client auth', 'server auth'] }, 'EndEntityCertificate/V1'],
    [{ usages: ['server auth', 'client auth'] }, 'EndEntityCertificate/V1'],
    [{ usages: ['server auth', 'digital signature'] }, 'BlankEndEntityCertificate_APICSRPassthrough/V1'],
    [{ usages: ['digital signature', 'key encipherment'] }, 'BlankEndEntityCertificate_APICSRPassthrough/V1'],
    [{}, 'BlankEndEntityCertificate_APICSRPassthrough/V1'],
  ])('%j -> %s', (certificate, template) => {
    expect(PrivateCaIssuerPolicy.templateFor(certificate).templateName).toBe(template);
  });
});

describe('checked against the share', () => {
  test('a Certificate with only server auth is refused on a default share, naming the certificate, the template and the permission', () => {
    expect(() => issuerPolicy({ certificates: [{ name: 'apps/web', usages: ['server auth'] }] }))
      .toThrow("PrivateCaIssuerPolicy 'Workload/IssuerPolicy': certificate apps/web (template chosen by its usages) requests certificate template "
        + 'EndEntityServerAuthCertificate/V1, which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow (it allows only '
        + 'EndEntityCertificate/V1); no RAM managed permission allows it: grant it with a CaResourcePolicy and SharePermission.issuance([...]), or request '
        + 'a template this permission allows; or set the Certificate\'s usages so that the issuer picks an allowed template (client auth and server auth '
        + 'together pick EndEntityCertificate/V1)');
  });

  test('a Certificate without usages is refused on a default share (aws-privateca-issuer#409) and points to the permission that allows it', () => {
    expect(() => issuerPolicy({ certificates: [{}] }))
      .toThrow(/certificate usages \[\] .*BlankEndEntityCertificate_APICSRPassthrough\/V1, which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow .*share the CA a second time with permission AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority/);
  });

  test('every problem is reported at once', () => {
    expect(() => issuerPolicy({ certificates: [{ usages: ['server auth'] }, { usages: ['client auth'] }, { usages: ['client auth', 'server auth'] }] }))
      .toThrow(/has 2 problems:\n {2}- certificate usages \[server auth\].*\n {2}- certificate usages \[client auth\]/);
  });

  test('client auth and server auth together on a default share are fine', () => {
    const { policy } = issuerPolicy({ certificates: [{ usages: ['client auth', 'server auth'] }, { usages: ['server auth', 'client auth'] }] });
    expect(policy.templates.map((t) => t.templateName)).toEqual(['EndEntityCertificate/V1']);
    expect(policy.permission).toBe(SharePermission.DEFAULT);
  });

  test('the issuer\'s defaultTemplateName wins over usages', () => {
    const apiCsr = CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR);
    const { policy } = issuerPolicy({ issuerDefaultTemplate: CertificateTemplate.END_ENTITY, certificates: [{ usages: ['server auth'] }, {}] });
    expect(policy.templates.map((t) => t.templateName)).toEqual(['EndEntityCertificate/V1']);
    expect(() => issuerPolicy({ issuerDefaultTemplate: apiCsr, certificates: [{ usages: ['client auth', 'server auth'] }] }))
      .toThrow(/template chosen by the issuer's pcaTemplate.defaultTemplateName/);
  });

  test('isCA needs the PathLen0 subordinate permission', () => {
    expect(() => issuerPolicy({ certificates: [{ name: 'linkerd/identity', isCa: true }] }))
      .toThrow(/certificate linkerd\/identity .*SubordinateCACertificate_PathLen0\/V1, which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow/);
    const { policy } = issuerPolicy({ certificates: [{ isCa: true }] }, SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE);
    expect(policy.templates.map((t) => t.templateName)).toEqual(['SubordinateCACertificate_PathLen0/V1']);
  });

  test('an explicit permission is used instead of the SharedCa\'s', () => {
    const { policy } = issuerPolicy({ certificates: [{}], permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE });
    expect(policy.templates.map((t) => t.templateName)).toEqual(['BlankEndEntityCertificate_APICSRPassthrough/V1']);
  });

  test('without certificates or templates, the policy allows what the share allows', () => {
    const { policy } = issuerPolicy({}, SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE);
    expect(policy.templates.map((t) => t.templateName)).toEqual(['BlankEndEntityCertificate_APICSRPassthrough/V1']);
    expect(() => issuerPolicy({}, SharePermission.REVOKE_CERTIFICATE)).toThrow('share permission AWSRAMRevokeCertificateCertificateAuthority allows no issuance');
  });

  test('a CA template other than PathLen0 is refused: the issuer never requests one', () => {
    const pathLen1 = [CertificateTemplate.subordinateCa(1)];
    expect(() => issuerPolicy({ templates: pathLen1 }, SharePermission.issuance(pathLen1)))
      .toThrow('the templates prop uses SubordinateCACertificate_PathLen1/V1, which aws-privateca-issuer never requests for a Certificate');
  });

  test('a CA of the issuer\'s own account is not checked against any share', () => {
    const stack = new Stack(new App(), 'Same', { env: { account: '222222222222', region: 'eu-west-1' } });
    const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
    const policy = new PrivateCaIssuerPolicy(stack, 'IssuerPolicy', { certificateAuthority: ca, certificates: [{ usages: ['code signing'] }, {}] });
    expect(policy.permission).toBeUndefined();
    expect(policy.templates.map((t) => t.templateName)).toEqual(['CodeSigningCertificate/V1', 'BlankEndEntityCertificate_APICSRPassthrough/V1']);
  });
});

describe('what the policy allows (IAM policy simulator)', () => {
  let resolved: ResolvedStack;
  let roleId: string;
  let documentStatements: unknown;

  beforeAll(() => {
    const { stack, policy } = issuerPolicy({ certificates: [{ usages: ['client auth', 'server auth'] }] });
    const role = new iam.Role(stack, 'IssuerRole', { assumedBy: new iam.AccountRootPrincipal() });
    policy.grant(role);
    documentStatements = stack.resolve(policy.document.toJSON());
    resolved = ResolvedStack.of(stack);
    roleId = resolved.logicalIdOf(role);
  });

  /**
   * The CA's side: what the default RAM share gives account 666666666666, as the documented resource policy
   * (pca-rbp.html policy1), built by the same code as CaResourcePolicy's.
   */
  const sharePolicy = () => {
    const statements = caPolicyStatements(CA_ARN, '222222222222', [{ principals: [SharePrincipal.account('666666666666')], permission: SharePermission.DEFAULT }]);
    return { Version: '2012-10-17', Statement: resolved.resolve(new Stack().resolve(statements)) as unknown[] };
  };

  const asIssuer = async (action: string, resource: string, context: Record<string, string> = {}, identity = true) => simulate({
    principal: 'arn:aws:sts::666666666666:assumed-role/IssuerRole/aws-privateca-issuer',
    action,
    resource,
    context,
    identityPolicies: identity ? resolved.identityPolicies(roleId) : [],
    resourcePolicy: sharePolicy(),
  });

  test('the share alone is not enough: the issuer\'s role needs the policy', async () => {
    expect(await asIssuer('acm-pca:IssueCertificate', CA_ARN, { 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.arnForPartition('aws') }, false))
      .toBe('ImplicitlyDenied');
  });

  test('the issuer may issue with the permitted template only, on the shared CA only', async () => {
    for (const template of CertificateTemplate.all()) {
      const expected = template.isSameAs(CertificateTemplate.END_ENTITY) ? 'Allowed' : 'ImplicitlyDenied';
      expect([template.templateName, await asIssuer('acm-pca:IssueCertificate', CA_ARN, { 'acm-pca:TemplateArn': template.arnForPartition('aws') })])
        .toEqual([template.templateName, expected]);
    }
    expect(await asIssuer('acm-pca:IssueCertificate', OTHER_CA_ARN, { 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.arnForPartition('aws') }))
      .toBe('ImplicitlyDenied');
  });

  test('the issuer may get certificates and describe the CA, and nothing else', async () => {
    expect(await asIssuer('acm-pca:GetCertificate', CA_ARN)).toBe('Allowed');
    expect(await asIssuer('acm-pca:DescribeCertificateAuthority', CA_ARN)).toBe('Allowed');
    for (const action of ['acm-pca:RevokeCertificate', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:ListPermissions', 'acm-pca:PutPolicy']) {
      expect([action, await asIssuer(action, CA_ARN)]).toEqual([action, 'ImplicitlyDenied']);
    }
    expect(await asIssuer('acm-pca:GetCertificate', OTHER_CA_ARN)).toBe('ImplicitlyDenied');
  });

  test('document holds the same statements, for a managed policy', () => {
    expect(documentStatements).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'IssueWithPermittedTemplates',
          Effect: 'Allow',
          Action: 'acm-pca:IssueCertificate',
          Resource: CA_ARN,
          Condition: { StringEquals: { 'acm-pca:TemplateArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/EndEntityCertificate/V1']] }] } },
        },
        { Sid: 'ReadCaAndIssued', Effect: 'Allow', Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Resource: CA_ARN },
      ],
    });
  });

  test('the role gets one policy and nothing from the library but it', () => {
    expect(resolved.identityPolicies(roleId)).toHaveLength(1);
  });
});
