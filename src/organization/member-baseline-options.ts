/**
 * The options of what a `PkiMemberBaseline` rolls out to every member account: the expiry alarms, the CA-expiry read
 * role, the shared CAs and the renewal of imported certificates, and how the Regions of a rollout are deployed.
 */
import { Duration } from 'aws-cdk-lib';
import { CertificateFilter } from '../expiry/certificate-filter';
import { SharePermission } from '../sharing/share-permission';

/** How the Regions of a rollout are deployed. */
export enum RegionConcurrency {
  /** All Regions at once (each within its own failure tolerance). */
  PARALLEL = 'PARALLEL',
  /** One Region after the other, in the order given. */
  SEQUENTIAL = 'SEQUENTIAL',
}

/** What each member account gets of `ExpiryAlarms` (the settings that can be the same in every account). */
export interface MemberExpiryAlarmsOptions {
  /**
   * Email addresses subscribed to each account's expiry topic.
   * @default - none: the topic's events reach the central event bus only, when one is given
   */
  readonly emailAddresses?: string[];
  /**
   * Which certificates the alarms and events cover.
   * @default - every certificate of the account
   */
  readonly filter?: CertificateFilter;
  /**
   * When ACM's own expiry events start (the account's DaysBeforeExpiry).
   * @default Duration.days(45)
   */
  readonly eventsBeforeExpiry?: Duration;
  /**
   * The AWS Config rule ACM_CERTIFICATE_EXPIRATION_CHECK, where the Region offers it.
   * @default true
   */
  readonly configRule?: boolean;
  /**
   * Watch the certificates of the CAs each account owns (CA certificate expiry).
   * @default true
   */
  readonly discoverCertificateAuthorities?: boolean;
  /**
   * ARN of the organization's central event bus (`PkiEventBus`, in the security account): each account forwards its
   * expiry, renewal and retirement events there, so that one team sees the whole organization.
   * @default - events stay in each account
   */
  readonly centralEventBusArn?: string;
  /**
   * Encrypt each account's expiry topic with a KMS key of its own (SNS's AWS managed key cannot be used: its policy
   * does not let EventBridge and CloudWatch publish). A key costs $1 a month per account and Region, $1,500 a month
   * for 500 accounts in 3 Regions (docs/organization.md). With false the topic has no server-side encryption: its
   * messages name certificates, their ARNs and expiry dates, no secret; it still takes SSL only.
   * @default true
   */
  readonly encryptTopic?: boolean;
}

/**
 * The role through which the CA-expiry check of a central account (`CaExpiryMonitor` or `ExpiryAlarms` in the security
 * account, `crossAccountCertificateAuthorities` with `CaExpiryReadRole.roleArnOf(account)`) reads the certificates of
 * the CAs a member account holds: a `CaExpiryReadRole` over every CA of the account, including the CAs it creates
 * later (a CA's next generation).
 */
export interface MemberCaExpiryReadRoleOptions {
  /** Accounts whose CA-expiry check reads the member accounts' CAs (the security account, for example). */
  readonly monitoringAccounts: string[];
  /**
   * Name of the role in every member account.
   * @default CaExpiryReadRole.DEFAULT_ROLE_NAME ('cdk-pki-ca-expiry-reader')
   */
  readonly roleName?: string;
  /**
   * The Region whose stack instance makes the role: IAM is global, so the role is made once per account (the template
   * carries a condition on the Region); it reads the account's CAs of every Region.
   * @default - the first of `regions`
   */
  readonly homeRegion?: string;
}

/**
 * A CA that its owner account shares with the OUs' accounts through AWS RAM (`RamCaShare` with the organization or the
 * OUs), as each member account finds it: by hierarchy and CA name (`SharedCa.fromHierarchy`, at deployment, in the
 * account's Region), with its ARN in a Parameter Store parameter of the account, so that the account's own stacks and
 * workloads name the CA without copying an ARN.
 */
export interface MemberSharedCaOptions {
  /** The account that owns the CA and shares it (12 digits). */
  readonly account: string;
  /** The CA's hierarchy (`hierarchyName` of its root). */
  readonly hierarchyName: string;
  /**
   * The CA's name (`caName` of its `IssuingCa`), when each Region of the baseline has a CA of that name (AWS RAM shares
   * are regional: each Region's accounts use the CA of their Region).
   * @default - none: give caNameByRegion
   */
  readonly caName?: string;
  /**
   * The CA's name in each Region of the baseline, when the hierarchy names its CAs after their Region
   * (`{ 'us-east-1': 'issuing-use1', 'eu-west-1': 'issuing-euw1' }`): every Region of the baseline, no other.
   * @default - none: give caName
   */
  readonly caNameByRegion?: { [region: string]: string };
  /**
   * The CA's generation: raise it when the owner moves issuance to a new generation, and the next rollout of the
   * StackSet makes every account find the new CA.
   * @default - the highest ACTIVE generation shared with the account, found when its stack instance is created
   */
  readonly generation?: number;
  /**
   * The permission of the share that reaches the accounts.
   * @default SharePermission.DEFAULT
   */
  readonly permission?: SharePermission;
  /**
   * The Parameter Store parameter (String, in every account and Region) that holds the CA's ARN: a path.
   * @default - '/cdk-pki/shared-ca/<hierarchyName>/<caName>'; required with caNameByRegion
   */
  readonly parameterName?: string;
}

/**
 * The renewal of imported ACM certificates in every member account (`ImportedCertRenewal`), from the shared CAs of the
 * baseline: a certificate opts in with its tags, as with `ImportedCertRenewal` itself.
 */
export interface MemberImportedCertRenewalOptions {
  /**
   * Renew a certificate once it expires within this time (whole days, 1 to 365). When the expiry alarms have their
   * Config rule, the rule turns a certificate NON_COMPLIANT at this time too and triggers the renewal (one rule serves
   * both).
   * @default Duration.days(30)
   */
  readonly renewBefore?: Duration;
  /**
   * A certificate renewed (or failed) less than this time ago is left alone.
   * @default Duration.days(1)
   */
  readonly minimumRenewalInterval?: Duration;
}
