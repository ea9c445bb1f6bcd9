/**
 * ActiveDirectoryConnector: Connector for AD on an IssuingCa, in AWS's order (activation, RAM share, directory
 * registration, connector, service principal name, templates, access entries), with the security group of its VPC
 * endpoint, and the checks of directory id, CA, templates and groups at synthesis.
 */
import { App, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as pcaconnectorad from 'aws-cdk-lib/aws-pcaconnectorad';
import { ActiveDirectoryConnector, ActiveDirectoryConnectorProps, ConnectorIpAddressType } from '../../src/connectors/ad-connector';
import { ActiveDirectoryAccessRight, ActiveDirectoryTemplateDefinition } from '../../src/connectors/ad-template';
import { CaUsageMode } from '../../src/hierarchy/algorithms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { SharedCa } from '../../src/sharing/ram-ca-share';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const DIRECTORY_ID = 'd-1234567890';
const COMPUTERS_SID = 'S-1-5-21-1111111111-2222222222-3333333333-515';
const USERS_SID = 'S-1-5-21-1111111111-2222222222-3333333333-513';
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const T = {
  CONNECTOR: 'AWS::PCAConnectorAD::Connector',
  REGISTRATION: 'AWS::PCAConnectorAD::DirectoryRegistration',
  SPN: 'AWS::PCAConnectorAD::ServicePrincipalName',
  TEMPLATE: 'AWS::PCAConnectorAD::Template',
  ACCESS: 'AWS::PCAConnectorAD::TemplateGroupAccessControlEntry',
  SHARE: 'AWS::RAM::ResourceShare',
  SG: 'AWS::EC2::SecurityGroup',
  SIGNING: 'Custom::PkiSubordinateCaCertificate',
};
// A value known at deployment only (another stack's output): nothing the library can check at synthesis.
const token = (exportName: string) => Fn.importValue(exportName);

function pki(usageMode?: CaUsageMode) {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  const stack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, usageMode });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', vpcCidrBlock: '10.20.0.0/16', availabilityZones: ['eu-west-1a'] });
  return { app, stack, root, issuing, vpc };
}

function connector(props: Partial<ActiveDirectoryConnectorProps> = {}) {
  const { stack, issuing, vpc } = pki();
  const ad = new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, vpc, ...props });
  return { stack, issuing, vpc, ad, t: Template.fromStack(stack) };
}

const only = (t: Template, type: string) => {
  const ids = Object.keys(t.findResources(type));
  expect([type, ids.length]).toEqual([type, 1]);
  return ids[0];
};

/** Logical ids a resource depends on: DependsOn, Ref and Fn::GetAtt, transitively. */
function dependencies(t: Template, id: string, seen = new Set<string>()): Set<string> {
  const resources = t.toJSON().Resources;
  const direct = new Set<string>([...(resources[id].DependsOn ?? [])]);
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) { v.forEach(walk); return; }
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string' && resources[o.Ref]) direct.add(o.Ref);
    if (Array.isArray(o['Fn::GetAtt'])) direct.add((o['Fn::GetAtt'] as string[])[0]);
    Object.values(o).forEach(walk);
  };
  walk(resources[id].Properties);
  for (const d of direct) {
    if (!seen.has(d)) {
      seen.add(d);
      dependencies(t, d, seen);
    }
  }
  return seen;
}

describe('a connector with a computer template (the defaults)', () => {
  let t: Template;
  let ad: ActiveDirectoryConnector;

  beforeAll(() => {
    ({ t, ad } = connector({
      templates: [{
        name: 'Corp Computer',
        definition: ActiveDirectoryTemplateDefinition.computer(),
        groupAccess: [{ groupSecurityIdentifier: COMPUTERS_SID, groupDisplayName: 'Domain Computers' }],
      }],
    }));
  });

  test('shares the ACTIVE CA with pca-connector-ad.amazonaws.com with the APIPassthrough permission, for this account only', () => {
    t.hasResourceProperties(T.SHARE, {
      ResourceArns: [{ 'Fn::GetAtt': [only(t, T.SIGNING), 'CertificateAuthorityArn'] }],
      Principals: ['pca-connector-ad.amazonaws.com'],
      PermissionArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ram::aws:permission/AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority']] }],
      Sources: ['222222222222'],
    });
  });

  test('registers the directory, then makes the connector on the CA, the directory and the endpoint\'s security group', () => {
    t.hasResourceProperties(T.REGISTRATION, { DirectoryId: DIRECTORY_ID });
    t.hasResource(T.CONNECTOR, {
      Properties: {
        CertificateAuthorityArn: { 'Fn::GetAtt': [only(t, T.SIGNING), 'CertificateAuthorityArn'] },
        DirectoryId: DIRECTORY_ID,
        VpcInformation: { SecurityGroupIds: [{ 'Fn::GetAtt': [only(t, T.SG), 'GroupId'] }] },
      },
    });
    expect(t.toJSON().Resources[only(t, T.CONNECTOR)].DependsOn.sort()).toEqual([only(t, T.SHARE), only(t, T.REGISTRATION)].sort());
    expect(ad.connections.securityGroups).toHaveLength(1);
  });

  test('the endpoint\'s security group allows TCP 443 from the VPC and nothing out', () => {
    t.hasResourceProperties(T.SG, {
      VpcId: 'vpc-0123456789abcdef0',
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.20.0.0/16', Description: Match.stringLikeRegexp('HTTPS') }],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  test('adds the service principal name of the connector in the directory', () => {
    t.hasResourceProperties(T.SPN, {
      ConnectorArn: { 'Fn::GetAtt': [only(t, T.CONNECTOR), 'ConnectorArn'] },
      DirectoryRegistrationArn: { 'Fn::GetAtt': [only(t, T.REGISTRATION), 'DirectoryRegistrationArn'] },
    });
  });

  test('the computer template: client and server auth, DNS name as subject and SAN, machine, auto-enrollment, one year, six weeks', () => {
    t.hasResource(T.TEMPLATE, {
      Properties: {
        ConnectorArn: { 'Fn::GetAtt': [only(t, T.CONNECTOR), 'ConnectorArn'] },
        Name: 'Corp Computer',
        Definition: {
          TemplateV2: {
            CertificateValidity: { ValidityPeriod: { Period: 365, PeriodType: 'DAYS' }, RenewalPeriod: { Period: 42, PeriodType: 'DAYS' } },
            EnrollmentFlags: {
              IncludeSymmetricAlgorithms: false,
              NoSecurityExtension: false,
              RemoveInvalidCertificateFromPersonalStore: false,
              UserInteractionRequired: false,
              EnableKeyReuseOnNtTokenKeysetStorageFull: false,
            },
            Extensions: {
              KeyUsage: { Critical: true, UsageFlags: { DigitalSignature: true, KeyEncipherment: true } },
              ApplicationPolicies: { Critical: false, Policies: [{ PolicyType: 'CLIENT_AUTHENTICATION' }, { PolicyType: 'SERVER_AUTHENTICATION' }] },
            },
            GeneralFlags: { AutoEnrollment: true, MachineType: true },
            PrivateKeyAttributes: { KeySpec: 'KEY_EXCHANGE', MinimalKeyLength: 2048 },
            PrivateKeyFlags: { ClientVersion: 'WINDOWS_SERVER_2016', ExportableKey: false, StrongKeyProtectionRequired: false },
            SubjectNameFlags: { RequireDnsAsCn: true, SanRequireDns: true },
          },
        },
      },
      DependsOn: [only(t, T.SPN)],
    });
  });

  test('the group may enroll and, since the template auto-enrolls, auto-enroll', () => {
    t.hasResourceProperties(T.ACCESS, {
      TemplateArn: { 'Fn::GetAtt': [only(t, T.TEMPLATE), 'TemplateArn'] },
      GroupSecurityIdentifier: COMPUTERS_SID,
      GroupDisplayName: 'Domain Computers',
      AccessRights: { Enroll: 'ALLOW', AutoEnroll: 'ALLOW' },
    });
  });

  test('is created in AWS\'s order: activation, share, registration, connector, SPN, template, access entry', () => {
    const order = [T.SIGNING, T.SHARE, T.REGISTRATION, T.CONNECTOR, T.SPN, T.TEMPLATE, T.ACCESS].map((type) => only(t, type));
    for (let i = 1; i < order.length; i++) {
      expect([order[i], [...dependencies(t, order[i])].filter((d) => order.includes(d)).sort()])
        .toEqual([order[i], order.slice(0, i).sort()]);
    }
  });

  test('hands out the connector ARN as an attribute, emits no output, and has no warning', () => {
    expect(ad.stack.resolve(ad.connectorArn)).toEqual({ 'Fn::GetAtt': [only(t, T.CONNECTOR), 'ConnectorArn'] });
    expect(t.findOutputs('*')).toEqual({});
    expect(Annotations.fromStack(ad.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('props', () => {
  test('the user template: client auth, directory path subject, UPN in the SAN, not a machine', () => {
    const { t } = connector({ templates: [{ name: 'Corp User', definition: ActiveDirectoryTemplateDefinition.user() }] });
    t.hasResourceProperties(T.TEMPLATE, {
      Definition: {
        TemplateV2: Match.objectLike({
          Extensions: Match.objectLike({ ApplicationPolicies: { Critical: false, Policies: [{ PolicyType: 'CLIENT_AUTHENTICATION' }] } }),
          GeneralFlags: { AutoEnrollment: true, MachineType: false },
          SubjectNameFlags: { RequireDirectoryPath: true, SanRequireUpn: true },
        }),
      },
    });
    t.resourceCountIs(T.ACCESS, 0);
  });

  test('preset options: validity, renewal period, key length, no auto-enrollment (groups then do not auto-enroll by default)', () => {
    const { t } = connector({
      templates: [{
        name: 'Short',
        definition: ActiveDirectoryTemplateDefinition.computer({
          validity: Duration.days(30), renewalPeriod: Duration.hours(36), minimalKeyLength: 4096, autoEnrollment: false,
        }),
        groupAccess: [
          { groupSecurityIdentifier: COMPUTERS_SID, groupDisplayName: 'Domain Computers' },
          { groupSecurityIdentifier: USERS_SID, groupDisplayName: 'Domain Users', enroll: ActiveDirectoryAccessRight.DENY, autoEnroll: ActiveDirectoryAccessRight.ALLOW },
        ],
        reenrollAllCertificateHolders: true,
      }],
    });
    t.hasResourceProperties(T.TEMPLATE, {
      ReenrollAllCertificateHolders: true,
      Definition: {
        TemplateV2: Match.objectLike({
          CertificateValidity: { ValidityPeriod: { Period: 30, PeriodType: 'DAYS' }, RenewalPeriod: { Period: 36, PeriodType: 'HOURS' } },
          PrivateKeyAttributes: { KeySpec: 'KEY_EXCHANGE', MinimalKeyLength: 4096 },
          GeneralFlags: { AutoEnrollment: false, MachineType: true },
        }),
      },
    });
    t.hasResourceProperties(T.ACCESS, { GroupSecurityIdentifier: COMPUTERS_SID, AccessRights: { Enroll: 'ALLOW', AutoEnroll: 'DENY' } });
    t.hasResourceProperties(T.ACCESS, { GroupSecurityIdentifier: USERS_SID, AccessRights: { Enroll: 'DENY', AutoEnroll: 'ALLOW' } });
  });

  test('fromCfn: any definition, passed through; auto-enrollment read from its general flags', () => {
    const templateV3: pcaconnectorad.CfnTemplate.TemplateV3Property = {
      certificateValidity: { validityPeriod: { period: 1, periodType: 'YEARS' }, renewalPeriod: { period: 6, periodType: 'WEEKS' } },
      enrollmentFlags: {},
      extensions: { keyUsage: { usageFlags: { digitalSignature: true } } },
      generalFlags: { autoEnrollment: true, machineType: false },
      hashAlgorithm: 'SHA384',
      privateKeyAttributes: { algorithm: 'ECDH_P384', keySpec: 'SIGNATURE', keyUsageProperty: { propertyType: 'ALL' }, minimalKeyLength: 384 },
      privateKeyFlags: { clientVersion: 'WINDOWS_SERVER_2016' },
      subjectNameFlags: { sanRequireUpn: true },
    };
    const definition = ActiveDirectoryTemplateDefinition.fromCfn({ templateV3 });
    expect(definition.autoEnrollment).toBe(true);
    const { t } = connector({ templates: [{ name: 'EC User', definition, groupAccess: [{ groupSecurityIdentifier: USERS_SID, groupDisplayName: 'Domain Users' }] }] });
    t.hasResourceProperties(T.TEMPLATE, {
      Definition: { TemplateV3: Match.objectLike({ HashAlgorithm: 'SHA384', PrivateKeyAttributes: Match.objectLike({ Algorithm: 'ECDH_P384' }) }) },
    });
    t.hasResourceProperties(T.ACCESS, { AccessRights: { Enroll: 'ALLOW', AutoEnroll: 'ALLOW' } });
  });

  test('securityGroups and ipAddressType: the given groups, no group made', () => {
    const { stack, issuing } = pki();
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0');
    const ad = new ActiveDirectoryConnector(stack, 'Ad', {
      certificateAuthority: issuing, directoryId: DIRECTORY_ID, securityGroups: [sg], ipAddressType: ConnectorIpAddressType.DUALSTACK,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(T.CONNECTOR, { VpcInformation: { SecurityGroupIds: ['sg-0123456789abcdef0'], IpAddressType: 'DUALSTACK' } });
    t.resourceCountIs(T.SG, 0);
    expect(ad.connections.securityGroups).toEqual([sg]);
    expect(ConnectorIpAddressType.IPV4.toString()).toBe('IPV4');
  });

  test('addTemplate adds templates after construction, each after the SPN', () => {
    const { stack, issuing, vpc } = pki();
    const ad = new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, vpc });
    ad.addTemplate({ name: 'One', definition: ActiveDirectoryTemplateDefinition.computer() });
    ad.addTemplate({ name: 'Two/Web', definition: ActiveDirectoryTemplateDefinition.user() });
    const t = Template.fromStack(stack);
    t.resourceCountIs(T.TEMPLATE, 2);
    expect(ad.templates.map((x) => x.name)).toEqual(['One', 'Two/Web']);
    expect(ad.templates.map((x) => x.node.id)).toEqual(['TemplateOne', 'TemplateTwo-Web']);
  });

  test('a CA of this account imported by ARN is accepted with a warning that it cannot be checked', () => {
    const stack = new Stack(new App(), 'Issuing', { env: ISSUING_ENV });
    const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN);
    new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: ca, directoryId: DIRECTORY_ID, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678')] });
    Annotations.fromStack(stack).hasWarning('/Issuing/Ad', Match.stringLikeRegexp('imported by ARN.*ACTIVE, with a common name in its subject, owned by this account'));
  });

  test('with a VPC range known at deployment only, the security group tells cdk-nag why its ingress is not open (EC23)', () => {
    const { stack, issuing } = pki();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'TokenVpc', { vpcId: 'vpc-1', vpcCidrBlock: Fn.importValue('Cidr'), availabilityZones: ['eu-west-1a'] });
    const ad = new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, vpc });
    const group = ad.connections.securityGroups[0];
    const acknowledged = group.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    expect(acknowledged).toEqual([{ 'AwsSolutions-EC23': expect.stringContaining('TCP 443 from the VPC\'s own IPv4 range') }]);
    const concrete = connector().ad.connections.securityGroups[0];
    expect(concrete.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)).toEqual([]);
  });

  test('a short-lived-certificate CA is accepted (AWS requires no usage mode for AD), with a warning about validity', () => {
    const { stack, issuing, vpc } = pki(CaUsageMode.SHORT_LIVED_CERTIFICATE);
    expect(() => new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, vpc })).not.toThrow();
    Annotations.fromStack(stack).hasWarning('/Issuing/Ad', Match.stringLikeRegexp('short-lived-certificate mode.*seven days or less'));
  });
});

describe('bad input', () => {
  test('throws when the directory id has the wrong form, naming value and fix', () => {
    expect(() => connector({ directoryId: 'D-1234567890' }))
      .toThrow("ActiveDirectoryConnector 'Issuing/Ad': directoryId 'D-1234567890' is not a directory id; use the id AWS Directory Service shows for the directory, "
        + '\'d-\' and 10 lowercase hexadecimal digits, for example \'d-1234567890\'');
    expect(() => connector({ directoryId: 'd-12345678' })).toThrow(/directoryId 'd-12345678' is not a directory id/);
    expect(() => connector({ directoryId: 'corp.example.com' })).toThrow(/directoryId 'corp.example.com'/);
  });

  test('does not throw when the directory id is a token', () => {
    const { t } = connector({ directoryId: token('corp') });
    t.hasResourceProperties(T.REGISTRATION, { DirectoryId: { 'Fn::ImportValue': 'corp' } });
  });

  test('throws without vpc and securityGroups, and with too many security groups', () => {
    const { stack, issuing } = pki();
    expect(() => new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID }))
      .toThrow(/neither vpc nor securityGroups is given/);
    // CloudFormation's schema takes 5, the Connector for AD API 4: five would fail at deployment.
    const groups = [0, 1, 2, 3, 4].map((i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-1234567${i}`));
    expect(() => new ActiveDirectoryConnector(stack, 'Ad2', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, securityGroups: groups }))
      .toThrow(/securityGroups has 5; the connector's VPC endpoint takes 1 to 4/);
    expect(() => new ActiveDirectoryConnector(stack, 'Ad4', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, securityGroups: groups.slice(0, 4) }))
      .not.toThrow();
    expect(() => new ActiveDirectoryConnector(stack, 'Ad3', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, securityGroups: [] }))
      .toThrow(/securityGroups has 0/);
  });

  test('throws when the CA is shared with this account, or a root', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '666666666666', region: 'eu-west-1' } });
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: CA_ARN });
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678');
    expect(() => new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: shared, directoryId: DIRECTORY_ID, securityGroups: [sg] }))
      .toThrow(/Connector for AD needs a CA its account owns/);
    const { root, vpc } = pki();
    expect(() => new ActiveDirectoryConnector(Stack.of(root), 'Ad', { certificateAuthority: root, directoryId: DIRECTORY_ID, vpc }))
      .toThrow(/the CA is the root CA of hierarchy 'corp'/);
  });

  test('throws when the CA\'s subject has no common name', () => {
    const { stack, issuing, vpc } = pki();
    issuing.resource.subject = { organization: 'Corp' };
    expect(() => new ActiveDirectoryConnector(stack, 'Ad', { certificateAuthority: issuing, directoryId: DIRECTORY_ID, vpc }))
      .toThrow(/the CA 'Issuing\/Issuing' has no common name in its subject, and Connector for AD needs one; set subject.commonName/);
  });

  test('throws for template names Windows or AWS would refuse, and a name used twice', () => {
    const definition = ActiveDirectoryTemplateDefinition.computer();
    expect(() => connector({ templates: [{ name: 'Web;Server', definition }] }))
      .toThrow(/template name 'Web;Server' is not allowed; use 1 to 64 printable ASCII characters/);
    expect(() => connector({ templates: [{ name: 'x'.repeat(65), definition }] })).toThrow(/template name 'x{65}' is not allowed/);
    expect(() => connector({ templates: [{ name: '   ', definition }] })).toThrow(/template name ' {3}' is not allowed/);
    expect(() => connector({ templates: [{ name: 'Web', definition }, { name: 'Web', definition }] }))
      .toThrow(/template name 'Web' is used twice/);
  });

  test('throws for a group SID or display name AWS would refuse, and a group given twice, all at once', () => {
    expect(() => connector({
      templates: [{
        name: 'Web',
        definition: ActiveDirectoryTemplateDefinition.computer(),
        groupAccess: [
          { groupSecurityIdentifier: 'Domain Computers', groupDisplayName: 'Domain Computers' },
          { groupSecurityIdentifier: COMPUTERS_SID, groupDisplayName: 'Ordinateurs du domaine é' },
          { groupSecurityIdentifier: COMPUTERS_SID, groupDisplayName: 'Domain Computers' },
        ],
      }],
    })).toThrow(/has 3 problems:\n {2}- template 'Web': groupSecurityIdentifier 'Domain Computers' is not a security identifier.*Get-ADGroup.*\n {2}- template 'Web': groupDisplayName 'Ordinateurs du domaine é' is not allowed.*\n {2}- template 'Web' has group S-1-5-21-1111111111-2222222222-3333333333-515 twice/);
  });

  test('throws for preset options that make no sense', () => {
    expect(() => connector({ templates: [{ name: 'Web', definition: ActiveDirectoryTemplateDefinition.computer({ validity: Duration.days(30), renewalPeriod: Duration.days(30) }) }] }))
      .toThrow(/template 'Web': computer template renewalPeriod 30 days is not shorter than its validity 30 days/);
    expect(() => connector({ templates: [{ name: 'Web', definition: ActiveDirectoryTemplateDefinition.user({ minimalKeyLength: 1024 }) }] }))
      .toThrow(/user template minimalKeyLength 1024 is too short; use 2048 or more/);
    expect(() => connector({ templates: [{ name: 'Web', definition: ActiveDirectoryTemplateDefinition.user({ validity: Duration.minutes(90) }) }] }))
      .toThrow(/user template validity 1 hour 30 minutes is not a whole number of hours/);
  });

  test('throws for a fromCfn definition with more than one template version', () => {
    const v2 = (ActiveDirectoryTemplateDefinition.computer().definition as pcaconnectorad.CfnTemplate.TemplateDefinitionProperty).templateV2;
    expect(() => connector({ templates: [{ name: 'Both', definition: ActiveDirectoryTemplateDefinition.fromCfn({ templateV2: v2, templateV3: v2 as any }) }] }))
      .toThrow(/template 'Both': the definition has 2 of templateV2, templateV3 and templateV4; give exactly one/);
  });

  test('does not throw when the template name, SID or display name are tokens', () => {
    const { t } = connector({
      templates: [{
        name: token('a-b'),
        definition: ActiveDirectoryTemplateDefinition.computer(),
        groupAccess: [{ groupSecurityIdentifier: token('x'), groupDisplayName: token('e') }, { groupSecurityIdentifier: token('y'), groupDisplayName: 'Y' }],
      }],
    });
    t.resourceCountIs(T.ACCESS, 2);
  });
});
