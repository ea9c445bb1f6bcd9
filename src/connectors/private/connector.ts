/**
 * What ScepConnector and ActiveDirectoryConnector share: the checks of the CA a connector issues from, and the
 * RAM share of that CA with the connector's service principal.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct, IConstruct } from 'constructs';
import { CaUsageMode } from '../../hierarchy/algorithms';
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { isConcrete } from '../../private/validation';
import { caLocationProblems } from '../../sharing/private/sharing';
import { RamCaShare, SharedCa } from '../../sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../sharing/share-permission';

/** What a connector needs of its CA. */
export interface ConnectorCaRequirements {
  /** The connector, for messages: `Connector for SCEP`. */
  readonly connector: string;
  /** Whether the CA must be in GENERAL_PURPOSE usage mode (Connector for SCEP). */
  readonly generalPurpose: boolean;
  /** Whether the CA's subject must have a common name (Connector for AD). */
  readonly commonName: boolean;
}

/**
 * Problems with the CA of a connector (AWS-FACTS 14): the connector's account must own the CA (a CA shared with
 * it does not do), in this stack's account and Region; it must not be a root; and, where the CA is made in this
 * app, its usage mode and subject are checked. Values that are tokens are not checked. A CA imported by ARN
 * cannot be checked: a warning says what the user must make sure of instead.
 */
export function connectorCaProblems(scope: IConstruct, ca: acmpca.ICertificateAuthority, needs: ConnectorCaRequirements): string[] {
  const problems: string[] = [];
  if (ca instanceof RootCaAccount) {
    problems.push(`the CA is the root CA of hierarchy '${ca.hierarchyName}' (${ca.node.path}); a root only signs subordinate CAs, and ${needs.connector} `
      + 'issues end-entity certificates: make an IssuingCa under the root and give the connector that');
    return problems;
  }
  if (ca instanceof SharedCa) {
    problems.push(`the CA is shared with this account (SharedCa ${ca.node.path}); ${needs.connector} needs a CA its account owns, and AWS refuses a CA `
      + 'shared through RAM or a resource policy: put the connector in a stack of the account that owns the CA');
    return problems;
  }
  problems.push(...caLocationProblems(scope, ca, `${needs.connector} (and the RAM share it needs)`));
  if (ca instanceof IssuingCa) {
    const usageMode = ca.resource.usageMode;
    if (needs.generalPurpose && isConcrete(usageMode) && usageMode !== CaUsageMode.GENERAL_PURPOSE.name) {
      problems.push(`the CA '${ca.node.path}' has usage mode ${usageMode}, and ${needs.connector} needs a CA in general-purpose mode; `
        + 'give the IssuingCa usageMode: CaUsageMode.GENERAL_PURPOSE (its default), or use another CA (the usage mode of an existing CA cannot change)');
    }
    const subject = ca.resource.subject;
    if (needs.commonName && !Token.isUnresolved(subject)) {
      const commonName = (subject as acmpca.CfnCertificateAuthority.SubjectProperty).commonName;
      if (commonName === undefined || (isConcrete(commonName) && commonName.trim() === '')) {
        problems.push(`the CA '${ca.node.path}' has no common name in its subject, and ${needs.connector} needs one; set subject.commonName on the IssuingCa`);
      }
    }
  }
  return problems;
}

/**
 * Warns that the CA of a connector was imported by ARN, so that its usage mode, subject and state are the user's to
 * check.
 */
export function noteImportedConnectorCa(scope: IConstruct, ca: acmpca.ICertificateAuthority, needs: ConnectorCaRequirements, id: string): void {
  if (ca instanceof IssuingCa || ca instanceof RootCaAccount || ca instanceof SharedCa) {
    return;
  }
  const what = [
    'ACTIVE',
    ...(needs.generalPurpose ? ['in GENERAL_PURPOSE usage mode'] : []),
    ...(needs.commonName ? ['with a common name in its subject'] : []),
    'owned by this account',
  ];
  Annotations.of(scope).addWarningV2(id,
    `The CA of this ${needs.connector} is imported by ARN, so its state, usage mode and subject cannot be checked at synthesis. `
    + `Make sure it is ${what.join(', ')}; an IssuingCa of this app is checked and waited for.`);
}

/**
 * The RAM share of `ca` with a connector's service principal and the managed permission AWS requires for it (AWS-FACTS
 * 14), in the connector's stack, limited to this account by RAM `Sources`. RAM shares the ARN that an IssuingCa
 * hands out once the CA is ACTIVE, so CloudFormation creates the share after the activation.
 */
export function connectorShare(
  scope: Construct, ca: acmpca.ICertificateAuthority, principal: SharePrincipal, permission: SharePermission,
): RamCaShare {
  return new RamCaShare(scope, 'Share', {
    certificateAuthority: ca,
    principals: [principal],
    permission,
  });
}
