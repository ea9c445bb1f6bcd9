import { Annotations, CfnOutput, Duration, Resource, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as pcaconnectorad from 'aws-cdk-lib/aws-pcaconnectorad';
import { Construct } from 'constructs';
import { CaUsageMode } from '../hierarchy/algorithms';
import { IssuingCa } from '../hierarchy/issuing-ca';
import { ConnectorCaRequirements, connectorCaProblems, connectorShare, noteImportedConnectorCa } from './private/connector';
import {
  AD_DIRECTORY_ID_PATTERN, AD_ENDPOINT_PORT, AD_GROUP_DISPLAY_NAME_MAX_LENGTH, AD_GROUP_DISPLAY_NAME_PATTERN, AD_GROUP_SID_MAX_LENGTH,
  AD_GROUP_SID_MIN_LENGTH, AD_GROUP_SID_PATTERN, AD_MAX_SECURITY_GROUPS, AD_TEMPLATE_NAME_MAX_LENGTH, AD_TEMPLATE_NAME_PATTERN,
  AD_VALIDITY_PERIOD_MAX,
} from '../private/contracts/aws-strings';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isConcrete, isConcreteNumber } from '../private/validation';
import { RamCaShare } from '../sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../sharing/share-permission';

/** Whether a group may enroll (or auto-enroll) with a template. */
export enum ActiveDirectoryAccessRight {
  /** The group may. */
  ALLOW = 'ALLOW',
  /** The group may not, even if another group it belongs to may. */
  DENY = 'DENY',
}

/** The IP address type of the connector's VPC endpoint. */
export class ConnectorIpAddressType {
  /** IPv4 only: every subnet of the directory has an IPv4 range. */
  public static readonly IPV4 = new ConnectorIpAddressType('IPV4');
  /** IPv4 and IPv6: every subnet of the directory has both ranges. */
  public static readonly DUALSTACK = new ConnectorIpAddressType('DUALSTACK');

  /** @param name the value CloudFormation takes */
  public constructor(public readonly name: string) {}

  public toString(): string {
    return this.name;
  }
}

/** Options of the preset template definitions of `ActiveDirectoryTemplateDefinition`. */
export interface ActiveDirectoryTemplatePresetOptions {
  /**
   * Validity of the certificates (whole days or hours).
   * @default Duration.days(365)
   */
  readonly validity?: Duration;

  /**
   * How long before expiry clients renew (whole days or hours); shorter than `validity`.
   * @default Duration.days(42) - six weeks, as the Windows templates
   */
  readonly renewalPeriod?: Duration;

  /**
   * Minimal RSA key length of the clients' keys.
   * @default 2048
   */
  readonly minimalKeyLength?: number;

  /**
   * Whether clients enroll by themselves through Group Policy autoenrollment (and renew the same way). Groups that
   * should auto-enroll also need `autoEnroll: ALLOW` (the default of a group access entry on such a template).
   * @default true
   */
  readonly autoEnrollment?: boolean;
}

/**
 * The definition of an Active Directory certificate template of Connector for AD (the `Definition` of
 * `AWS::PCAConnectorAD::Template`): two presets for the common cases, and any definition CloudFormation accepts.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/create-ad-template.html
 */
export class ActiveDirectoryTemplateDefinition {
  /**
   * Computers: TLS client and server authentication (802.1X, LDAPS, RDP, IPsec), subject and SAN from the
   * computer's DNS name, RSA key for digital signature and key encipherment, not exportable, for clients from
   * Windows Server 2016 / Windows 10 on. A version 2 template.
   */
  public static computer(options: ActiveDirectoryTemplatePresetOptions = {}): ActiveDirectoryTemplateDefinition {
    return ActiveDirectoryTemplateDefinition.preset('computer', true, ['CLIENT_AUTHENTICATION', 'SERVER_AUTHENTICATION'],
      { requireDnsAsCn: true, sanRequireDns: true }, options);
  }

  /**
   * Users: TLS client authentication (VPN, Wi-Fi, web sign-in), subject from the user's directory path and the
   * user principal name in the SAN, RSA key for digital signature and key encipherment, not exportable, for clients
   * from Windows Server 2016 / Windows 10 on. A version 2 template.
   */
  public static user(options: ActiveDirectoryTemplatePresetOptions = {}): ActiveDirectoryTemplateDefinition {
    return ActiveDirectoryTemplateDefinition.preset('user', false, ['CLIENT_AUTHENTICATION'],
      { requireDirectoryPath: true, sanRequireUpn: true }, options);
  }

  /**
   * Any definition CloudFormation accepts: a `templateV2`, `templateV3` or `templateV4`.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-pcaconnectorad-template-templatedefinition.html
   */
  public static fromCfn(definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty): ActiveDirectoryTemplateDefinition {
    const versions = [definition.templateV2, definition.templateV3, definition.templateV4].filter((v) => v !== undefined);
    const problems: string[] = [];
    if (versions.length !== 1) {
      problems.push(`the definition has ${versions.length} of templateV2, templateV3 and templateV4; give exactly one`);
    }
    const body = versions[0];
    let autoEnrollment: boolean | undefined;
    if (body !== undefined && !Token.isUnresolved(body)) {
      const flags = (body as pcaconnectorad.CfnTemplate.TemplateV2Property).generalFlags;
      const value = flags !== undefined && !Token.isUnresolved(flags)
        ? (flags as pcaconnectorad.CfnTemplate.GeneralFlagsV2Property).autoEnrollment : undefined;
      autoEnrollment = typeof value === 'boolean' ? value : undefined;
    }
    return new ActiveDirectoryTemplateDefinition(definition, autoEnrollment, problems);
  }

  private static preset(
    kind: string, machine: boolean, policies: string[], subjectNameFlags: pcaconnectorad.CfnTemplate.SubjectNameFlagsV2Property,
    options: ActiveDirectoryTemplatePresetOptions,
  ): ActiveDirectoryTemplateDefinition {
    const problems: string[] = [];
    const validity = validityPeriod(options.validity ?? Duration.days(365), `${kind} template validity`, problems);
    const renewal = validityPeriod(options.renewalPeriod ?? Duration.days(42), `${kind} template renewalPeriod`, problems);
    const validityDuration = options.validity ?? Duration.days(365);
    const renewalDuration = options.renewalPeriod ?? Duration.days(42);
    if (!validityDuration.isUnresolved() && !renewalDuration.isUnresolved()
      && renewalDuration.toHours({ integral: false }) >= validityDuration.toHours({ integral: false })) {
      problems.push(`${kind} template renewalPeriod ${renewalDuration.toHumanString()} is not shorter than its validity ${validityDuration.toHumanString()}; `
        + 'clients would renew at once: make renewalPeriod shorter, for example a tenth of the validity');
    }
    const minimalKeyLength = options.minimalKeyLength ?? 2048;
    if (isConcreteNumber(minimalKeyLength) && (!Number.isInteger(minimalKeyLength) || minimalKeyLength < 2048)) {
      problems.push(`${kind} template minimalKeyLength ${minimalKeyLength} is too short; use 2048 or more (3072, 4096)`);
    }
    const autoEnrollment = options.autoEnrollment ?? true;
    const definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty = {
      templateV2: {
        certificateValidity: { validityPeriod: validity, renewalPeriod: renewal },
        enrollmentFlags: {
          includeSymmetricAlgorithms: false,
          // Keep the SID security extension that strong certificate mapping (KB5014754) needs.
          noSecurityExtension: false,
          removeInvalidCertificateFromPersonalStore: false,
          userInteractionRequired: false,
          enableKeyReuseOnNtTokenKeysetStorageFull: false,
        },
        extensions: {
          keyUsage: { critical: true, usageFlags: { digitalSignature: true, keyEncipherment: true } },
          applicationPolicies: { critical: false, policies: policies.map((policyType) => ({ policyType })) },
        },
        generalFlags: { autoEnrollment, machineType: machine },
        privateKeyAttributes: { keySpec: 'KEY_EXCHANGE', minimalKeyLength },
        privateKeyFlags: { clientVersion: 'WINDOWS_SERVER_2016', exportableKey: false, strongKeyProtectionRequired: false },
        subjectNameFlags,
      },
    };
    return new ActiveDirectoryTemplateDefinition(definition, autoEnrollment, problems);
  }

  /** What CloudFormation gets as `Definition`. */
  public readonly definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty;
  /** Whether the template enrolls automatically, when known at synthesis. */
  public readonly autoEnrollment?: boolean;
  /** @internal */
  public readonly _problems: string[];

  private constructor(definition: pcaconnectorad.CfnTemplate.TemplateDefinitionProperty, autoEnrollment: boolean | undefined, problems: string[]) {
    this.definition = definition;
    this.autoEnrollment = autoEnrollment;
    this._problems = problems;
  }
}

/** A group of the directory that may enroll with a template (`AWS::PCAConnectorAD::TemplateGroupAccessControlEntry`). */
export interface ActiveDirectoryGroupAccess {
  /** Security identifier (SID) of the group, such as `S-1-5-21-1111111111-2222222222-3333333333-1104`. */
  readonly groupSecurityIdentifier: string;

  /** Name of the group, for people: printable ASCII, at most 256 characters. */
  readonly groupDisplayName: string;

  /**
   * Whether members may request certificates with the template.
   * @default ActiveDirectoryAccessRight.ALLOW
   */
  readonly enroll?: ActiveDirectoryAccessRight;

  /**
   * Whether members enroll automatically (Group Policy autoenrollment).
   * @default - ALLOW when the template enrolls automatically (the presets' default), else DENY
   */
  readonly autoEnroll?: ActiveDirectoryAccessRight;
}

/** A certificate template of a Connector for AD. */
export interface ActiveDirectoryTemplateProps {
  /**
   * Name of the template as Windows clients see it: 1 to 64 printable ASCII characters, none of `\ ' + , ; < = > # "`.
   * Changing it replaces the template.
   */
  readonly name: string;

  /** What the certificates contain: `ActiveDirectoryTemplateDefinition.computer()`, `.user()` or `.fromCfn(...)`. */
  readonly definition: ActiveDirectoryTemplateDefinition;

  /**
   * The groups that may enroll with the template.
   * @default - none: nobody can enroll until an access entry exists
   */
  readonly groupAccess?: ActiveDirectoryGroupAccess[];

  /**
   * Ask every holder of a certificate from this template to re-enroll when the template changes.
   * @default false
   */
  readonly reenrollAllCertificateHolders?: boolean;
}

/** Properties of an `ActiveDirectoryConnector`. */
export interface ActiveDirectoryConnectorProps {
  /**
   * The CA the connector issues from: an `IssuingCa` of this stack's account and Region whose subject has a common
   * name (the connector cannot use a CA shared with this account). The connector is created once the CA is ACTIVE.
   */
  readonly certificateAuthority: acmpca.ICertificateAuthority;

  /**
   * Id of the directory: an AWS Managed Microsoft AD or an AD Connector of AWS Directory Service, `d-` and 10
   * hexadecimal digits, in this account and Region.
   */
  readonly directoryId: string;

  /**
   * The directory's VPC: the connector's VPC endpoint gets a security group that allows HTTPS (TCP 443) from the VPC's
   * primary IPv4 range.
   * @default - none; then `securityGroups` is required
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Security groups of the connector's VPC endpoint (at most 5); they must allow inbound TCP 443 from the clients.
   * @default - one security group in `vpc` that allows TCP 443 from the VPC's IPv4 range and no egress
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * IP address type of the connector's VPC endpoint.
   * @default - AWS's default (IPv4)
   */
  readonly ipAddressType?: ConnectorIpAddressType;

  /**
   * Certificate templates; more can be added with `addTemplate`.
   * @default - none
   */
  readonly templates?: ActiveDirectoryTemplateProps[];
}

const AD_CA: ConnectorCaRequirements = { connector: 'Connector for AD', generalPurpose: false, commonName: true };

/**
 * AWS Private CA Connector for Active Directory on a CA of this account, in the order AWS documents: the RAM share
 * of the CA with `pca-connector-ad.amazonaws.com` (`AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority`,
 * limited to this account), the directory registration, the connector (its VPC endpoint with a security group that
 * allows TCP 443 from the VPC), its service principal name in the directory, the certificate templates and the
 * groups that may enroll with them.
 *
 * The CA must be owned by this account, not a root, and its subject must have a common name: checked at synthesis.
 * An `IssuingCa`'s ARN is handed out once the CA is ACTIVE, so everything here is created after the activation.
 * Connector for AD creates the VPC endpoint itself, in the directory's VPC, with these security groups.
 *
 * @resource AWS::PCAConnectorAD::Connector
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/connector-for-ad.html
 */
export class ActiveDirectoryConnector extends Resource implements ec2.IConnectable {
  /** ARN of the connector. */
  public readonly connectorArn: string;
  /** ARN of the directory registration. */
  public readonly directoryRegistrationArn: string;
  /** The RAM share of the CA with Connector for AD. */
  public readonly share: RamCaShare;
  /** The connector resource. */
  public readonly resource: pcaconnectorad.CfnConnector;
  /** The directory registration. */
  public readonly directoryRegistration: pcaconnectorad.CfnDirectoryRegistration;
  /** The connector's service principal name in the directory. */
  public readonly servicePrincipalName: pcaconnectorad.CfnServicePrincipalName;
  /** The security groups of the connector's VPC endpoint. */
  public readonly connections: ec2.Connections;
  /** The templates, in the order they were added. */
  public readonly templates: pcaconnectorad.CfnTemplate[] = [];
  /** The CA the connector issues from. */
  public readonly certificateAuthority: acmpca.ICertificateAuthority;

  private readonly templateNames = new Set<string>();

  constructor(scope: Construct, id: string, props: ActiveDirectoryConnectorProps) {
    super(scope, id);
    const ca = props.certificateAuthority;
    this.certificateAuthority = ca;

    const errors = new ValidationErrors('ActiveDirectoryConnector', this);
    connectorCaProblems(this, ca, AD_CA).forEach((p) => errors.add(p));
    if (isConcrete(props.directoryId) && !AD_DIRECTORY_ID_PATTERN.test(props.directoryId)) {
      errors.add(`directoryId '${props.directoryId}' is not a directory id; use the id AWS Directory Service shows for the directory, `
        + '\'d-\' and 10 lowercase hexadecimal digits, for example \'d-1234567890\'');
    }
    const securityGroups = props.securityGroups;
    if (securityGroups === undefined && props.vpc === undefined) {
      errors.add('neither vpc nor securityGroups is given; give the directory\'s vpc (a security group that allows TCP 443 from it is made), '
        + 'or securityGroups for the connector\'s VPC endpoint');
    }
    if (securityGroups !== undefined && (securityGroups.length === 0 || securityGroups.length > AD_MAX_SECURITY_GROUPS)) {
      errors.add(`securityGroups has ${securityGroups.length}; the connector's VPC endpoint takes 1 to ${AD_MAX_SECURITY_GROUPS}: `
        + (securityGroups.length === 0 ? 'leave securityGroups out to get one, or give at least one' : 'combine their rules into fewer groups'));
    }
    errors.throwIfAny();
    noteImportedConnectorCa(this, ca, AD_CA, 'cdk-pki:adConnectorImportedCa');
    if (ca instanceof IssuingCa && ca.resource.usageMode === CaUsageMode.SHORT_LIVED_CERTIFICATE.name) {
      Annotations.of(this).addWarningV2('cdk-pki:adConnectorShortLivedCa',
        `CA ${ca.node.path} is in short-lived-certificate mode, which issues certificates of at most seven days: every template of this connector `
        + 'needs a validity of seven days or less (the presets default to a year), and clients must renew that often. Use a general-purpose CA otherwise.');
    }

    let groups = securityGroups;
    if (groups === undefined) {
      const vpc = props.vpc!;
      const group = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc,
        description: `cdk-pki: VPC endpoint of Connector for AD ${this.node.path}, HTTPS from the VPC`,
        allowAllOutbound: false,
      });
      group.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(AD_ENDPOINT_PORT), 'HTTPS from the VPC to Connector for AD');
      groups = [group];
      if (Token.isUnresolved(vpc.vpcCidrBlock)) {
        acknowledgeNag(group, 'AwsSolutions-EC23', 'The only ingress is TCP 443 from the VPC\'s own IPv4 range (vpc.vpcCidrBlock), never 0.0.0.0/0; '
          + 'cdk-nag cannot read the range when the VPC is made or imported with a value known at deployment only.');
      }
    }
    this.connections = new ec2.Connections({ securityGroups: groups, defaultPort: ec2.Port.tcp(AD_ENDPOINT_PORT) });

    // 1. The CA, ACTIVE (its ARN comes from the signing resource) and shared with Connector for AD.
    this.share = connectorShare(this, ca, SharePrincipal.PCA_CONNECTOR_AD, SharePermission.BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE);
    // 2. The directory registration.
    this.directoryRegistration = new pcaconnectorad.CfnDirectoryRegistration(this, 'DirectoryRegistration', { directoryId: props.directoryId });
    this.directoryRegistration.node.addDependency(this.share);
    this.directoryRegistrationArn = this.directoryRegistration.attrDirectoryRegistrationArn;
    // 3. The connector.
    this.resource = new pcaconnectorad.CfnConnector(this, 'Resource', {
      certificateAuthorityArn: ca.certificateAuthorityArn,
      directoryId: props.directoryId,
      vpcInformation: {
        securityGroupIds: groups.map((g) => g.securityGroupId),
        ipAddressType: props.ipAddressType?.name,
      },
    });
    this.resource.node.addDependency(this.share, this.directoryRegistration);
    this.connectorArn = this.resource.attrConnectorArn;
    // 4. The connector's service principal name in the directory.
    this.servicePrincipalName = new pcaconnectorad.CfnServicePrincipalName(this, 'ServicePrincipalName', {
      connectorArn: this.connectorArn,
      directoryRegistrationArn: this.directoryRegistrationArn,
    });

    // 5. and 6. Templates and their access entries.
    for (const template of props.templates ?? []) {
      this.addTemplate(template);
    }

    new CfnOutput(this, 'ConnectorArnOutput', { value: this.connectorArn, description: `Connector for AD ${this.node.path}` });
  }

  /**
   * Adds a certificate template and the access entries of its groups; returns the template. Throws when the name or
   * an entry is invalid, or the name is taken.
   */
  public addTemplate(props: ActiveDirectoryTemplateProps): pcaconnectorad.CfnTemplate {
    const errors = new ValidationErrors('ActiveDirectoryConnector', this);
    const name = props.name;
    if (isConcrete(name)) {
      if (!AD_TEMPLATE_NAME_PATTERN.test(name) || name.length > AD_TEMPLATE_NAME_MAX_LENGTH) {
        errors.add(`template name '${name}' is not allowed; use 1 to ${AD_TEMPLATE_NAME_MAX_LENGTH} printable ASCII characters, not only blanks, `
          + 'and none of \\ \' + , ; < = > # ", for example \'Corp Computer\'');
      }
      if (this.templateNames.has(name)) {
        errors.add(`template name '${name}' is used twice; give each template of a connector its own name`);
      }
    }
    props.definition._problems.forEach((p) => errors.add(`template '${name}': ${p}`));
    const sids = new Set<string>();
    for (const access of props.groupAccess ?? []) {
      groupAccessProblems(name, access).forEach((p) => errors.add(p));
      if (isConcrete(access.groupSecurityIdentifier)) {
        if (sids.has(access.groupSecurityIdentifier)) {
          errors.add(`template '${name}' has group ${access.groupSecurityIdentifier} twice; give each group one entry`);
        }
        sids.add(access.groupSecurityIdentifier);
      }
    }
    errors.throwIfAny();
    if (isConcrete(name)) this.templateNames.add(name);

    const templateId = `Template${isConcrete(name) ? name.replace(/\//g, '-') : this.templates.length}`;
    const template = new pcaconnectorad.CfnTemplate(this, templateId, {
      connectorArn: this.connectorArn,
      name,
      definition: props.definition.definition,
      reenrollAllCertificateHolders: props.reenrollAllCertificateHolders,
    });
    // AWS's order: the connector's service principal name before its templates.
    template.node.addDependency(this.servicePrincipalName);
    this.templates.push(template);

    (props.groupAccess ?? []).forEach((access, i) => {
      const autoEnroll = access.autoEnroll ?? (props.definition.autoEnrollment ? ActiveDirectoryAccessRight.ALLOW : ActiveDirectoryAccessRight.DENY);
      const entryId = isConcrete(access.groupSecurityIdentifier) ? access.groupSecurityIdentifier : `Group${i}`;
      new pcaconnectorad.CfnTemplateGroupAccessControlEntry(template, `Access${entryId}`, {
        templateArn: template.attrTemplateArn,
        groupSecurityIdentifier: access.groupSecurityIdentifier,
        groupDisplayName: access.groupDisplayName,
        accessRights: { enroll: access.enroll ?? ActiveDirectoryAccessRight.ALLOW, autoEnroll },
      });
    });
    return template;
  }
}

/** A ValidityPeriod in whole days (or hours when the duration is not whole days). */
function validityPeriod(duration: Duration, what: string, problems: string[]): pcaconnectorad.CfnTemplate.ValidityPeriodProperty {
  if (duration.isUnresolved()) {
    // Known at deployment only: CloudFormation checks it.
    return { period: duration.toDays(), periodType: 'DAYS' };
  }
  const hours = duration.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < 1) {
    problems.push(`${what} ${duration.toHumanString()} is not a whole number of hours; use whole days or hours`);
    return { period: 1, periodType: 'HOURS' };
  }
  const [period, periodType] = hours % 24 === 0 ? [hours / 24, 'DAYS'] : [hours, 'HOURS'];
  if (period > AD_VALIDITY_PERIOD_MAX) {
    problems.push(`${what} ${duration.toHumanString()} is longer than AWS allows; use at most ${AD_VALIDITY_PERIOD_MAX} ${periodType.toLowerCase()}`);
  }
  return { period, periodType };
}

function groupAccessProblems(template: string, access: ActiveDirectoryGroupAccess): string[] {
  const problems: string[] = [];
  const sid = access.groupSecurityIdentifier;
  if (isConcrete(sid) && (!AD_GROUP_SID_PATTERN.test(sid) || sid.length < AD_GROUP_SID_MIN_LENGTH || sid.length > AD_GROUP_SID_MAX_LENGTH)) {
    problems.push(`template '${template}': groupSecurityIdentifier '${sid}' is not a security identifier; use the group's SID, `
      + 'for example \'S-1-5-21-1111111111-2222222222-3333333333-1104\' (Get-ADGroup <name> | Select SID)');
  }
  const display = access.groupDisplayName;
  if (isConcrete(display) && (!AD_GROUP_DISPLAY_NAME_PATTERN.test(display) || display.length > AD_GROUP_DISPLAY_NAME_MAX_LENGTH)) {
    problems.push(`template '${template}': groupDisplayName '${display}' is not allowed; use 1 to ${AD_GROUP_DISPLAY_NAME_MAX_LENGTH} printable ASCII characters`);
  }
  return problems;
}
