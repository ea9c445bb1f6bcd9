import { App, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { CaResourcePolicy } from '../../src/sharing/ca-resource-policy';
import { RamCaShare, RamCaShareProps, SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const WORKLOAD_ENV = { account: '666666666666', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const ORG_ARN = 'arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5';
const OU_ARN = 'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';
const RESOURCE_SHARE = 'AWS::RAM::ResourceShare';
const permissionArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ram::aws:permission/${name}`]] });
const token = (v: string) => Lazy.string({ produce: () => v });

/** An organization: root in its own account, an issuing CA in 222222222222 / eu-west-1, shared from there. */
describe('RamCaShare of an IssuingCa', () => {
  let issuingStack: Stack;
  let issuing: IssuingCa;
  let t: Template;

  beforeAll(() => {
    const app = new App();
    const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
    issuingStack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
    issuing = new IssuingCa(issuingStack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' } });
    new RamCaShare(issuingStack, 'Accounts', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.account('333333333333'), SharePrincipal.account('444444444444')],
      resourceShareName: 'accounts',
    });
    new RamCaShare(issuingStack, 'Organization', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.organization(ORG_ARN)],
      permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
      resourceShareName: 'organization',
    });
    new RamCaShare(issuingStack, 'OrganizationById', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.organizationById('111111111111', 'o-a1b2c3d4e5')],
      permission: SharePermission.BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE,
      resourceShareName: 'organization-by-id',
    });
    new RamCaShare(issuingStack, 'Ou', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.organizationalUnit(OU_ARN)],
      permission: SharePermission.REVOKE_CERTIFICATE,
      resourceShareName: 'ou',
    });
    new RamCaShare(issuingStack, 'Scep', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.PCA_CONNECTOR_SCEP],
      permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
      resourceShareName: 'scep',
    });
    new RamCaShare(issuingStack, 'Proxy', {
      certificateAuthority: issuing,
      principals: [SharePrincipal.service('proxy.network-firewall.amazonaws.com')],
      permission: SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
      resourceShareName: 'proxy',
    });
    t = Template.fromStack(issuingStack);
  });

  const shareNamed = (name: string) => Object.values(t.findResources(RESOURCE_SHARE, { Properties: { Name: name } }))[0]?.Properties;

  test('shares the CA ARN that appears once the CA is signed and ACTIVE', () => {
    const signing = Object.keys(t.findResources('Custom::PkiSubordinateCaCertificate'))[0];
    for (const name of ['accounts', 'organization', 'organization-by-id', 'ou', 'scep', 'proxy']) {
      expect(shareNamed(name).ResourceArns).toEqual([{ 'Fn::GetAtt': [signing, 'CertificateAuthorityArn'] }]);
    }
  });

  test('shares with accounts, with the default permission and no external principals', () => {
    expect(shareNamed('accounts')).toEqual({
      Name: 'accounts',
      ResourceArns: expect.anything(),
      Principals: ['333333333333', '444444444444'],
      PermissionArns: [permissionArn('AWSRAMDefaultPermissionCertificateAuthority')],
      AllowExternalPrincipals: false,
    });
  });

  test('shares with an organization by ARN', () => {
    expect(shareNamed('organization')).toMatchObject({
      Principals: [ORG_ARN],
      PermissionArns: [permissionArn('AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority')],
      AllowExternalPrincipals: false,
    });
  });

  test('shares with an organization by id, its ARN in the stack\'s partition', () => {
    expect(shareNamed('organization-by-id')).toMatchObject({
      Principals: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::111111111111:organization/o-a1b2c3d4e5']] }],
      PermissionArns: [permissionArn('AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority')],
    });
  });

  test('shares revocation with an organizational unit', () => {
    expect(shareNamed('ou')).toMatchObject({
      Principals: [OU_ARN],
      PermissionArns: [permissionArn('AWSRAMRevokeCertificateCertificateAuthority')],
      AllowExternalPrincipals: false,
    });
  });

  test('shares with a service principal, limited to this account by Sources', () => {
    expect(shareNamed('scep')).toEqual({
      Name: 'scep',
      ResourceArns: expect.anything(),
      Principals: ['pca-connector-scep.amazonaws.com'],
      PermissionArns: [permissionArn('AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority')],
      AllowExternalPrincipals: true,
      Sources: ['222222222222'],
    });
  });

  test('shares subordinate PathLen0 issuance, with a warning about what a subordinate can do', () => {
    expect(shareNamed('proxy')).toMatchObject({
      Principals: ['proxy.network-firewall.amazonaws.com'],
      PermissionArns: [permissionArn('AWSRAMSubordinateCACertificatePathLen0IssuanceCertificateAuthority')],
    });
    Annotations.fromStack(issuingStack).hasWarning('/Issuing/Proxy', Match.stringLikeRegexp('issue subordinate CA certificates'));
    expect(Annotations.fromStack(issuingStack).findWarning('/Issuing/Accounts', Match.anyValue())).toEqual([]);
  });

  test('is one AWS::RAM::ResourceShare and nothing else: RAM is native CloudFormation', () => {
    for (const id of ['Accounts', 'Organization', 'OrganizationById', 'Ou', 'Scep', 'Proxy']) {
      const resources = issuingStack.node.findChild(id).node.findAll().filter(CfnResource.isCfnResource);
      expect(resources.map((r) => r.cfnResourceType)).toEqual([RESOURCE_SHARE]);
    }
    t.resourceCountIs(RESOURCE_SHARE, 6);
  });
});

/** A stack in the CA's account and Region, the CA imported by ARN. */
function caStack(env = ISSUING_ENV) {
  const app = new App();
  const stack = new Stack(app, 'Pki', { env });
  const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
  return { app, stack, ca };
}

function share(props: Partial<RamCaShareProps> = {}, env = ISSUING_ENV) {
  const { stack, ca } = caStack(env);
  return new RamCaShare(stack, 'Share', { certificateAuthority: ca, principals: [SharePrincipal.account('333333333333')], ...props });
}

describe('RamCaShare validation', () => {
  test.each([
    ['an account is not 12 digits', SharePrincipal.account('12345'), "principal account '12345' is not an AWS account id; use the 12 digits"],
    ['an organization ARN is an id', SharePrincipal.organization('o-a1b2c3d4e5'),
      "principal organization 'o-a1b2c3d4e5' is an organization id, but RAM needs the organization's ARN; use SharePrincipal.organizationById('<management account>', 'o-a1b2c3d4e5')"],
    ['an organization ARN is malformed', SharePrincipal.organization('arn:aws:organizations::111111111111:organization/a1b2c3d4e5'),
      "is not an organization ARN; use 'arn:<partition>:organizations::<management account>:organization/o-…'"],
    ['an organization id is malformed', SharePrincipal.organizationById('111111111111', 'o-ABC'), "principal organization id 'o-ABC' is not an organization id"],
    ['a management account is malformed', SharePrincipal.organizationById('1111', 'o-a1b2c3d4e5'), "principal management account '1111' is not an AWS account id"],
    ['an OU ARN is an OU id', SharePrincipal.organizationalUnit('ou-ab12-cd34ef56'), "is an OU id, but RAM needs the OU's ARN"],
    ['an OU ARN lacks the organization', SharePrincipal.organizationalUnit('arn:aws:organizations::111111111111:ou/ou-ab12-cd34ef56'),
      "is not an OU ARN; use 'arn:<partition>:organizations::<management account>:ou/o-…/ou-…'"],
    ['an OU id is malformed', SharePrincipal.organizationalUnitById('111111111111', 'o-a1b2c3d4e5', 'ou-1'), "principal OU id 'ou-1' is not an organizational unit id"],
    ['a service principal is an account', SharePrincipal.service('333333333333'), "principal service '333333333333' is not a service principal"],
    ['an OU is given without its management account', SharePrincipal.organizationalUnitById('', 'o-a1b2c3d4e5', 'ou-ab12-cd34ef56'),
      "principal organizational unit 'ou-ab12-cd34ef56' has no managementAccountId: RAM names an organizational unit by an ARN that holds the "
      + "organization's management account (arn:<partition>:organizations::<managementAccountId>:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56); pass the 12-digit id "
      + "of the organization's management account as managementAccountId, the first argument of SharePrincipal.organizationalUnitById: the account "
      + "that created the organization (aws organizations describe-organization --query Organization.MasterAccountId), not the CA's account nor the workload's"],
    ['an OU is given by organization and OU id only, the management account left out', SharePrincipal.organizationalUnitById('o-a1b2c3d4e5', 'ou-ab12-cd34ef56', undefined as unknown as string),
      'principal organizational unit: SharePrincipal.organizationalUnitById takes (managementAccountId, organizationId, organizationalUnitId), and '
      + "managementAccountId is 'o-a1b2c3d4e5', an organization id; put the organization's management account first: "
      + "SharePrincipal.organizationalUnitById('<12-digit management account>', 'o-a1b2c3d4e5', 'ou-ab12-cd34ef56')"],
    ['an organization is given without its management account', SharePrincipal.organizationById(' ', 'o-a1b2c3d4e5'),
      "principal organization 'o-a1b2c3d4e5' has no managementAccountId: RAM names an organization by an ARN that holds the organization's management account"],
    ['an OU ARN is an OU id, with how to find the management account', SharePrincipal.organizationalUnit('ou-ab12-cd34ef56'),
      "use SharePrincipal.organizationalUnitById('<management account>', 'o-…', 'ou-ab12-cd34ef56'), where <management account> is the 12-digit id "
      + 'of the account that created the organization (aws organizations describe-organization --query Organization.MasterAccountId)'],
  ])('throws when %s', (_case, principal, message) => {
    expect(() => share({ principals: [principal] })).toThrow(message);
  });

  test('does not throw when account ids, ARNs, organization and OU ids and service principals are tokens', () => {
    expect(() => share({
      principals: [
        SharePrincipal.account(token('1')),
        SharePrincipal.organization(token('o-x')),
        SharePrincipal.organizationById(token('1'), token('o')),
        SharePrincipal.organizationalUnit(token('ou')),
        SharePrincipal.organizationalUnitById(token('1'), token('o'), token('ou')),
      ],
    })).not.toThrow();
    expect(() => share({ principals: [SharePrincipal.service(token('x'))] })).not.toThrow();
  });

  test('reports every problem at once, naming the construct', () => {
    expect(() => share({ principals: [SharePrincipal.account('1'), SharePrincipal.service('x')] }))
      .toThrow(/^RamCaShare 'Pki\/Share' has 3 problems:\n {2}- principal account '1'.*\n {2}- principal service 'x'.*\n {2}- principals mix service principals/);
  });

  test('throws when there are no principals', () => {
    expect(() => share({ principals: [] })).toThrow('principals is empty');
  });

  test('throws when a principal is given twice', () => {
    expect(() => share({ principals: [SharePrincipal.account('222222222222'), SharePrincipal.account('222222222222')] }))
      .toThrow("principal '222222222222' is given more than once; name each principal once");
    const arn = 'arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5';
    expect(() => share({ principals: [SharePrincipal.organization(arn), SharePrincipal.account('222222222222'), SharePrincipal.organization(arn)] }))
      .toThrow(`principal '${arn}' is given more than once`);
  });

  test('throws when the permission is not a RAM managed permission', () => {
    expect(() => share({ permission: SharePermission.issuance([CertificateTemplate.END_ENTITY_SERVER_AUTH]) }))
      .toThrow(/permission resource-policy permission \(issuance with EndEntityServerAuthCertificate\/V1\) is not an AWS RAM managed permission; .*or grant it with a CaResourcePolicy/);
  });

  test('throws when service principals are mixed with accounts', () => {
    expect(() => share({ principals: [SharePrincipal.account('333333333333'), SharePrincipal.PCA_CONNECTOR_AD] }))
      .toThrow(/principals mix service principals \(pca-connector-ad.amazonaws.com\) with accounts or organizations \(333333333333\); .*make two RamCaShares/);
  });

  test('throws when sourceAccounts is given without service principals', () => {
    expect(() => share({ sourceAccounts: ['222222222222'] })).toThrow('sourceAccounts applies to service principals only');
  });

  test('throws when the CA is in another Region: RAM is regional', () => {
    expect(() => share({}, { account: '222222222222', region: 'us-east-1' }))
      .toThrow("the CA is in eu-west-1 but stack 'Pki' is in us-east-1; RAM share is regional: put it in a stack in eu-west-1 (where the CA is)");
  });

  test('throws when the CA belongs to another account: only its owner shares it', () => {
    expect(() => share({}, WORKLOAD_ENV)).toThrow(/the CA belongs to account 222222222222 but stack 'Pki' deploys to 666666666666/);
  });

  test('does not throw when the Region and account are tokens', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
    expect(() => new RamCaShare(stack, 'Share', { certificateAuthority: ca, principals: [SharePrincipal.account('333333333333')] })).not.toThrow();
    const other = new Stack(app, 'Other', { env: { account: '222222222222', region: 'us-east-1' } });
    const tokenCa = acmpca.CertificateAuthority.fromCertificateAuthorityArn(other, 'Ca', token(CA_ARN));
    expect(() => new RamCaShare(other, 'Share', { certificateAuthority: tokenCa, principals: [SharePrincipal.account('333333333333')] })).not.toThrow();
  });

  test('allowExternalPrincipals can be turned on for accounts outside the organization', () => {
    const s = share({ allowExternalPrincipals: true });
    Template.fromStack(Stack.of(s)).hasResourceProperties(RESOURCE_SHARE, { AllowExternalPrincipals: true });
  });

  test('warns when a service-principal share is made internal', () => {
    const s = share({
      principals: [SharePrincipal.PCA_CONNECTOR_SCEP],
      permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
      allowExternalPrincipals: false,
      sourceAccounts: ['222222222222', '555555555555'],
    });
    const t = Template.fromStack(Stack.of(s));
    t.hasResourceProperties(RESOURCE_SHARE, { AllowExternalPrincipals: false, Sources: ['222222222222', '555555555555'] });
    Annotations.fromStack(Stack.of(s)).hasWarning('/Pki/Share', Match.stringLikeRegexp('allowExternalPrincipals is false'));
  });
});

describe('RamCaShare of a root CA', () => {
  function rootShare(allowRootCaSharing?: boolean) {
    const stack = new Stack(new App(), 'Root', { env: ROOT_ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
    const s = new RamCaShare(stack, 'Share', {
      certificateAuthority: root,
      principals: [SharePrincipal.account('222222222222')],
      permission: SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
      allowRootCaSharing,
    });
    return { stack, share: s };
  }

  test('throws when a root is shared without allowRootCaSharing', () => {
    expect(() => rootShare()).toThrow("RamCaShare 'Root/Share': the CA is the root CA of hierarchy 'corp' (Root/Root); AWS recommends that a root CA only sign "
      + 'subordinate CAs in its own isolated account. Share an IssuingCa instead, or set allowRootCaSharing: true if you must share the root');
  });

  test('does not throw when allowRootCaSharing is true, and warns with the best practice', () => {
    const { stack } = rootShare(true);
    Annotations.fromStack(stack).hasWarning('/Root/Share', Match.stringLikeRegexp("gives other accounts access to the root CA of hierarchy 'corp'. AWS's best practice keeps the root in its own account"));
    Template.fromStack(stack).hasResourceProperties(RESOURCE_SHARE, {
      ResourceArns: [{ Ref: Match.stringLikeRegexp('^RootActivation') }],
    });
  });
});

test('a CA shared through RAM that also has a CaResourcePolicy gets a warning', () => {
  const { stack, ca } = caStack();
  new RamCaShare(stack, 'Share', { certificateAuthority: ca, principals: [SharePrincipal.account('333333333333')] });
  new CaResourcePolicy(stack, 'Policy', { certificateAuthority: ca, grants: [{ principals: [SharePrincipal.account('444444444444')] }] });
  Annotations.fromStack(stack).hasWarning('/Pki/Policy', Match.stringLikeRegexp('RAM writes the CA\'s resource policy too'));
});

describe('SharedCa (the consumer side)', () => {
  function workload(permission?: SharePermission, arn = CA_ARN, env = WORKLOAD_ENV) {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env });
    const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: arn, permission });
    return { app, stack, ca };
  }

  test('is the shared CA, for acm.PrivateCertificate', () => {
    const { stack, ca } = workload();
    new acm.PrivateCertificate(stack, 'Cert', { domainName: 'service.example.internal', certificateAuthority: ca });
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'service.example.internal',
      CertificateAuthorityArn: CA_ARN,
    });
    expect(ca.env).toMatchObject({ account: '222222222222', region: 'eu-west-1' });
    expect(ca.permission).toBe(SharePermission.DEFAULT);
  });

  test('an ACM private certificate from a share that does not allow EndEntityCertificate/V1 is a synthesis error naming both', () => {
    const { stack, ca } = workload(SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE);
    new acm.PrivateCertificate(stack, 'Cert', { domainName: 'service.example.internal', certificateAuthority: ca });
    expect(() => Template.fromStack(stack)).toThrow("SharedCa 'Workload/SharedCa': ACM private certificate 'Workload/Cert/Resource' is issued by ACM with "
      + 'certificate template EndEntityCertificate/V1, which share permission AWSRAMSubordinateCACertificatePathLen0IssuanceCertificateAuthority does not allow '
      + '(it allows only SubordinateCACertificate_PathLen0/V1); share the CA a second time with permission AWSRAMDefaultPermissionCertificateAuthority for ACM');
  });

  test('two views of one CA (shared twice, as the error recommends) each check only the ACM certificates made from them', () => {
    const { stack, ca } = workload(SharePermission.DEFAULT);
    const passthrough = SharedCa.fromShare(stack, 'PassthroughCa', {
      certificateAuthorityArn: CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    new acm.PrivateCertificate(stack, 'Cert', { domainName: 'service.example.internal', certificateAuthority: ca });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    passthrough.grantIssue(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { CertificateAuthorityArn: CA_ARN });
  });

  test('the ACM check blames the view an ACM certificate was made from, not another view of the same ARN', () => {
    const { stack, ca } = workload(SharePermission.DEFAULT);
    const passthrough = SharedCa.fromShare(stack, 'PassthroughCa', {
      certificateAuthorityArn: CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    new acm.PrivateCertificate(stack, 'Good', { domainName: 'good.example.internal', certificateAuthority: ca });
    new acm.PrivateCertificate(stack, 'Bad', { domainName: 'bad.example.internal', certificateAuthority: passthrough });
    expect(() => Template.fromStack(stack)).toThrow("SharedCa 'Workload/PassthroughCa': ACM private certificate 'Workload/Bad/Resource' is issued by ACM");
    expect(() => Template.fromStack(stack)).not.toThrow(/Workload\/Good|SharedCa 'Workload\/SharedCa'/);
  });

  test('an ACM certificate that names the ARN itself is accepted when one view of the ARN allows ACM, and refused when none does', () => {
    const both = workload(SharePermission.DEFAULT);
    SharedCa.fromShare(both.stack, 'PassthroughCa', {
      certificateAuthorityArn: CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    new acm.CfnCertificate(both.stack, 'Raw', { domainName: 'raw.example.internal', certificateAuthorityArn: CA_ARN });
    expect(() => Template.fromStack(both.stack)).not.toThrow();

    const none = workload(SharePermission.REVOKE_CERTIFICATE);
    SharedCa.fromShare(none.stack, 'PassthroughCa', {
      certificateAuthorityArn: CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    new acm.CfnCertificate(none.stack, 'Raw', { domainName: 'raw.example.internal', certificateAuthorityArn: CA_ARN });
    expect(() => Template.fromStack(none.stack)).toThrow(/^[^]*ACM private certificate 'Workload\/Raw'[^]*no SharedCa of this ARN allows it \(views 'Workload\/SharedCa' \(AWSRAMRevokeCertificateCertificateAuthority\), 'Workload\/PassthroughCa'/);
  });

  test('grantIssue defaults to the templates of the share', () => {
    const { stack, ca } = workload();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    ca.grantIssue(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'acm-pca:IssueCertificate',
            Effect: 'Allow',
            Resource: CA_ARN,
            Condition: { StringEquals: { 'acm-pca:TemplateArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/EndEntityCertificate/V1']] }] } },
          },
          { Action: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority'], Effect: 'Allow', Resource: CA_ARN },
        ],
      },
    });
  });

  test('grantIssue refuses a template the share does not allow, naming both', () => {
    const { stack, ca } = workload();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => ca.grantIssue(role, [CertificateTemplate.END_ENTITY, CertificateTemplate.END_ENTITY_SERVER_AUTH]))
      .toThrow("SharedCa 'Workload/SharedCa': grantIssue requests certificate template EndEntityServerAuthCertificate/V1, which share permission "
        + 'AWSRAMDefaultPermissionCertificateAuthority does not allow');
  });

  test('grantIssue allows a subordinate template when the share does', () => {
    const { stack, ca } = workload(SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE);
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => ca.grantIssue(role)).not.toThrow();
    expect(() => ca.assertAllows(CertificateTemplate.subordinateCa(1))).toThrow(/SubordinateCACertificate_PathLen1\/V1, which share permission AWSRAMSubordinateCACertificatePathLen0/);
  });

  test('grantRevoke needs a share that allows revocation', () => {
    const { stack, ca } = workload();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => ca.grantRevoke(role)).toThrow('grantRevoke needs a share that allows revocation, and permission AWSRAMDefaultPermissionCertificateAuthority does not');
    const revoking = workload(SharePermission.REVOKE_CERTIFICATE);
    const revoker = new iam.Role(revoking.stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => revoking.ca.grantRevoke(revoker)).not.toThrow();
    expect(() => revoking.ca.grantIssue(revoker)).toThrow('grantIssue needs templates, and share permission AWSRAMRevokeCertificateCertificateAuthority allows no issuance');
  });

  test('throws when the CA is in another Region than the stack: RAM shares are regional', () => {
    expect(() => workload(undefined, CA_ARN, { account: '666666666666', region: 'us-east-1' }))
      .toThrow("SharedCa 'Workload/SharedCa': the CA is in eu-west-1 but stack 'Workload' is in us-east-1; AWS RAM shares are regional");
  });

  test('throws when the ARN is not a CA ARN', () => {
    expect(() => workload(undefined, 'arn:aws:acm:eu-west-1:222222222222:certificate/abc'))
      .toThrow("certificateAuthorityArn 'arn:aws:acm:eu-west-1:222222222222:certificate/abc' is not a CA ARN");
  });

  test('does not throw when the ARN is a token', () => {
    expect(() => workload(undefined, token('anything'))).not.toThrow();
  });
});
