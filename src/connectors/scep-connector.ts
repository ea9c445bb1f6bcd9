import { Resource } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scep from 'aws-cdk-lib/aws-pcaconnectorscep';
import { Construct } from 'constructs';
import { ConnectorCaRequirements, connectorCaProblems, connectorShare, noteImportedConnectorCa } from './private/connector';
import {
  SCEP_AZURE_APPLICATION_ID_MAX_LENGTH, SCEP_AZURE_APPLICATION_ID_MIN_LENGTH, SCEP_AZURE_APPLICATION_ID_PATTERN, SCEP_GET_CHALLENGE_PASSWORD_ACTION,
  SCEP_INTUNE_DOMAIN_MAX_LENGTH, SCEP_INTUNE_DOMAIN_PATTERN,
} from '../private/contracts/aws-strings';
import { ValidationErrors, isConcrete } from '../private/validation';
import { RamCaShare } from '../sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../sharing/share-permission';

/**
 * The Microsoft Intune tenant a SCEP connector serves (the connector's `MobileDeviceManagement`).
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/connector-for-scep-intune.html
 */
export interface ScepIntuneConfiguration {
  /**
   * The application (client) id of the Microsoft Entra ID application that the connector uses to validate Intune's
   * SCEP challenges, such as `12345678-abcd-1234-abcd-1234567890ab`.
   */
  readonly azureApplicationId: string;

  /** The Microsoft Entra ID domain of the tenant, such as `example.onmicrosoft.com`. */
  readonly domain: string;
}

/** Properties of a `ScepConnector`. */
export interface ScepConnectorProps {
  /**
   * The CA the connector issues from: an `IssuingCa` of this stack's account and Region in general-purpose mode (the
   * connector cannot use a CA shared with this account). The connector is created once the CA is ACTIVE.
   */
  readonly certificateAuthority: acmpca.ICertificateAuthority;

  /**
   * Serve a Microsoft Intune tenant: Intune validates each request, and the connector has no static challenge.
   * @default - a general-purpose connector, which authenticates requests with a static challenge password
   */
  readonly intune?: ScepIntuneConfiguration;

  /**
   * Create a challenge (`AWS::PCAConnectorSCEP::Challenge`) for a general-purpose connector. Devices present its
   * password in their SCEP requests; read it with `aws pca-connector-scep get-challenge-password --challenge-arn <challengeArn>`
   * (see `grantGetChallengePassword`). Not possible with `intune`.
   * @default - true for a general-purpose connector, false with `intune`
   */
  readonly challenge?: boolean;

  /**
   * An interface VPC endpoint for Connector for SCEP (PrivateLink), which then serves the connector's endpoint
   * privately. AWS recommends one; it is not required.
   * @default - the connector's public endpoint only
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/vpc-endpoints-scep.html
   */
  readonly vpcEndpoint?: ec2.IInterfaceVpcEndpoint;
}

const SCEP_CA: ConnectorCaRequirements = { connector: 'Connector for SCEP', generalPurpose: true, commonName: false };

/**
 * AWS Private CA Connector for SCEP on a CA of this account: the connector (`AWS::PCAConnectorSCEP::Connector`),
 * for general-purpose use with a challenge (`AWS::PCAConnectorSCEP::Challenge`) or for Microsoft Intune, and the
 * RAM share the connector needs: the CA shared with `pca-connector-scep.amazonaws.com` with
 * `AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority`, limited to this account.
 *
 * AWS's constraints on the CA are checked at synthesis: the CA must be owned by this account (not shared with it),
 * in general-purpose mode, and not a root; an `IssuingCa`'s ARN is handed out once the CA is ACTIVE, so the share
 * and the connector are created after the activation.
 *
 * @resource AWS::PCAConnectorSCEP::Connector
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/scep-connector.html
 */
export class ScepConnector extends Resource {
  /** ARN of the connector. */
  public readonly connectorArn: string;
  /** The connector's SCEP endpoint URL, to configure in devices or the MDM. */
  public readonly endpoint: string;
  /** ARN of the challenge, for a general-purpose connector with a challenge. */
  public readonly challengeArn?: string;
  /** The RAM share of the CA with Connector for SCEP. */
  public readonly share: RamCaShare;
  /** The connector resource. */
  public readonly resource: scep.CfnConnector;
  /** The challenge resource, if any. */
  public readonly challenge?: scep.CfnChallenge;
  /** The CA the connector issues from. */
  public readonly certificateAuthority: acmpca.ICertificateAuthority;

  constructor(scope: Construct, id: string, props: ScepConnectorProps) {
    super(scope, id);
    const ca = props.certificateAuthority;
    this.certificateAuthority = ca;

    const errors = new ValidationErrors('ScepConnector', this);
    connectorCaProblems(this, ca, SCEP_CA).forEach((p) => errors.add(p));
    if (props.intune) {
      intuneProblems(props.intune).forEach((p) => errors.add(p));
      if (props.challenge === true) {
        errors.add('challenge is true but the connector is for Intune, which validates requests itself; remove challenge, or intune for a general-purpose connector');
      }
    }
    errors.throwIfAny();
    noteImportedConnectorCa(this, ca, SCEP_CA, 'cdk-pki:scepConnectorImportedCa');

    this.share = connectorShare(this, ca, SharePrincipal.PCA_CONNECTOR_SCEP, SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE);

    this.resource = new scep.CfnConnector(this, 'Resource', {
      certificateAuthorityArn: ca.certificateAuthorityArn,
      mobileDeviceManagement: props.intune
        ? { intune: { azureApplicationId: props.intune.azureApplicationId, domain: props.intune.domain } }
        : undefined,
      vpcEndpointId: props.vpcEndpoint?.vpcEndpointId,
    });
    // The connector issues through the share: without it, CreateConnector fails on the CA.
    this.resource.node.addDependency(this.share);
    this.connectorArn = this.resource.attrConnectorArn;
    this.endpoint = this.resource.attrEndpoint;

    if (props.challenge ?? !props.intune) {
      this.challenge = new scep.CfnChallenge(this, 'Challenge', { connectorArn: this.connectorArn });
      this.challengeArn = this.challenge.attrChallengeArn;
    }
  }

  /**
   * Lets `grantee` read the password of this connector's challenge (`pca-connector-scep:GetChallengePassword` on the
   * challenge only), for example the role of an MDM integration that configures devices. Throws when the connector
   * has no challenge.
   */
  public grantGetChallengePassword(grantee: iam.IGrantable): iam.Grant {
    if (!this.challengeArn) {
      throw new Error(`ScepConnector '${this.node.path}': grantGetChallengePassword needs a challenge, and this connector has none `
        + '(it is for Intune, or challenge is false); remove challenge: false, or grant nothing');
    }
    return iam.Grant.addToPrincipal({ grantee, actions: [SCEP_GET_CHALLENGE_PASSWORD_ACTION], resourceArns: [this.challengeArn] });
  }
}

function intuneProblems(intune: ScepIntuneConfiguration): string[] {
  const problems: string[] = [];
  const appId = intune.azureApplicationId;
  if (isConcrete(appId) && (!SCEP_AZURE_APPLICATION_ID_PATTERN.test(appId)
    || appId.length < SCEP_AZURE_APPLICATION_ID_MIN_LENGTH || appId.length > SCEP_AZURE_APPLICATION_ID_MAX_LENGTH)) {
    problems.push(`intune.azureApplicationId '${appId}' is not a Microsoft Entra application id; use the application (client) id of the app registration, `
      + 'five groups of letters and digits joined by hyphens, for example \'12345678-abcd-1234-abcd-1234567890ab\'');
  }
  const domain = intune.domain;
  if (isConcrete(domain) && (!SCEP_INTUNE_DOMAIN_PATTERN.test(domain) || domain.length > SCEP_INTUNE_DOMAIN_MAX_LENGTH)) {
    problems.push(`intune.domain '${domain}' is not a domain name; use the tenant's Microsoft Entra domain (letters, digits, '.', '_' and '-', `
      + `at most ${SCEP_INTUNE_DOMAIN_MAX_LENGTH}), for example 'example.onmicrosoft.com'`);
  }
  return problems;
}
