import { Annotations, Resource, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as pcaconnectorad from 'aws-cdk-lib/aws-pcaconnectorad';
import { Construct } from 'constructs';
import { ActiveDirectoryAccessRight, ActiveDirectoryTemplateProps } from './ad-template';
import { groupAccessProblems } from './private/ad-validation';
import { ConnectorCaRequirements, connectorCaProblems, connectorShare, noteImportedConnectorCa } from './private/connector';
import { CaUsageMode } from '../hierarchy/algorithms';
import { IssuingCa } from '../hierarchy/issuing-ca';
import {
  AD_DIRECTORY_ID_PATTERN, AD_ENDPOINT_PORT, AD_MAX_SECURITY_GROUPS, AD_TEMPLATE_NAME_MAX_LENGTH, AD_TEMPLATE_NAME_PATTERN,
} from '../private/contracts/aws-strings';
import { loadEc2 } from '../private/lazy-modules';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isConcrete } from '../private/validation';
import { RamCaShare } from '../sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../sharing/share-permission';

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
   * Security groups of the connector's VPC endpoint (at most 4, what the Connector for AD API takes); they must allow inbound TCP 443 from the clients.
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

    // aws-ec2 is loaded here, not with the library.
    const { Connections, Peer, Port, SecurityGroup } = loadEc2();
    let groups = securityGroups;
    if (groups === undefined) {
      const vpc = props.vpc!;
      const group = new SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc,
        description: `cdk-pki: VPC endpoint of Connector for AD ${this.node.path}, HTTPS from the VPC`,
        allowAllOutbound: false,
      });
      group.addIngressRule(Peer.ipv4(vpc.vpcCidrBlock), Port.tcp(AD_ENDPOINT_PORT), 'HTTPS from the VPC to Connector for AD');
      groups = [group];
      if (Token.isUnresolved(vpc.vpcCidrBlock)) {
        acknowledgeNag(group, 'AwsSolutions-EC23', 'The only ingress is TCP 443 from the VPC\'s own IPv4 range (vpc.vpcCidrBlock), never 0.0.0.0/0; '
          + 'cdk-nag cannot read the range when the VPC is made or imported with a value known at deployment only.');
      }
    }
    this.connections = new Connections({ securityGroups: groups, defaultPort: Port.tcp(AD_ENDPOINT_PORT) });

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
