/**
 * What the model of a CDK app's PKI holds, as the checks and the report see it: CAs (the library's, shared and
 * imported ones, and raw AWS::ACMPCA::CertificateAuthority resources), IAM principals and what they may do on
 * each CA, RAM shares and CA resource policies, ACM certificates, CloudFront distributions, hosted zones,
 * trails, Config rules and CRL buckets. The collectors in this folder fill it; nothing here reads the tree.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IConstruct } from 'constructs';
import { IParentCa } from '../../../hierarchy/parent';
import { CaRemoval } from '../../../hierarchy/private/ca-lifecycle';
import { Validity } from '../../../hierarchy/validity';
import { CrlBucket } from '../../../revocation/crl-bucket';
import { CaResourcePolicy } from '../../../sharing/ca-resource-policy';
import { PolicyGrantSpec } from '../../../sharing/private/sharing';
import { SharePermission } from '../../../sharing/share-permission';
import type { CaAccess, CaIdentity, Statement } from '../checks-iam';
import type { Markers } from '../markers';
import type { TemplateSet } from '../template-set';

export type CaKind = 'root' | 'subordinate' | 'shared' | 'imported' | 'other-root' | 'other-subordinate';

/** How a CA makes revocation known, when the app says. */
export interface RevocationInfo {
  readonly crl: boolean;
  readonly ocsp: boolean;
  readonly crlExpirationDays?: number;
  readonly partitioned?: boolean;
  /** Construct path of the CRL bucket, or its name when it is not a construct of the app. */
  readonly crlBucket?: string;
  /** The CRL objects' ACL (CrlConfiguration.S3ObjectAcl); undefined means Private CA's default, PUBLIC_READ. */
  readonly crlObjectAcl?: string;
  readonly ocspCustomCname?: string;
}

/** A parent CA outside the app (ParentCa.fromAccount, fromCertificateAuthorityArn, outsideAws). */
export interface ExternalParent {
  readonly id: string;
  readonly label: string;
  readonly account?: string;
  readonly region?: string;
  /** A CA outside AWS (ParentCa.outsideAws): it has no account or Region. */
  readonly outsideAws: boolean;
  readonly depth: number;
  readonly validity?: Validity;
}

export interface CaNode {
  /** Short stable id (ca1, ca2, ... in path order), for the diagram. */
  id: string;
  readonly construct: IConstruct;
  readonly path: string;
  readonly kind: CaKind;
  readonly label: string;
  readonly stack: Stack;
  /** Account and Region of the CA itself, when known. */
  readonly account?: string;
  readonly region?: string;
  /** Where the CA is used from: its own account and Region, or for a shared or imported CA the consumer's. */
  readonly placeAccount?: string;
  readonly placeRegion?: string;
  readonly depth?: number;
  parent?: CaNode;
  externalParent?: ExternalParent;
  readonly parentObject?: IParentCa;
  readonly resource?: acmpca.CfnCertificateAuthority;
  readonly keyAlgorithm?: string;
  readonly signingAlgorithm?: string;
  readonly usageMode?: string;
  readonly keyStorageSecurityStandard?: string;
  readonly validity?: Validity;
  readonly pathLength?: number;
  /** The template the CA's certificate is (or will be) issued with. */
  readonly signingTemplate?: string;
  revocation?: RevocationInfo;
  readonly identity: CaIdentity;
  readonly sharePermission?: SharePermission;
  /** The CA is a root (its own kind, or a raw CA of type ROOT). */
  readonly isRoot: boolean;
  /** Owned by this app (so it costs money here and has settings to check). */
  readonly owned: boolean;
  /** Generation of a CA of the library. */
  readonly generation?: number;
  /** What happens to a CA of the library when it is removed or replaced. */
  readonly removal?: CaRemoval;
}

export type PrincipalKind = 'role' | 'user' | 'group';

export interface PrincipalNode {
  id: string;
  readonly construct: IConstruct;
  readonly cfn: CfnResource;
  readonly path: string;
  readonly kind: PrincipalKind;
  readonly stack: Stack;
  readonly account?: string;
  /** The role, user or group name when it is fixed at synthesis. */
  readonly name?: string;
  readonly marker: string;
  readonly statements: Statement[];
  /** AWS managed policies attached to it, by name. */
  readonly managedPolicies: string[];
  /** Who may assume it (roles): accounts, services, ARNs. */
  readonly assumedBy: string[];
}

/** Someone or something that may issue from a CA, and with which templates. */
export interface Issuer {
  readonly ca: CaNode;
  readonly who: string;
  readonly via: 'IAM' | 'ACM service permission' | 'ACM certificate' | 'RAM share' | 'CA resource policy' | 'AWS::ACMPCA::Certificate';
  readonly templates: TemplateSet;
  readonly construct: IConstruct;
  readonly principal?: PrincipalNode;
  /** Accounts of the principals, where known (for the diagram). */
  readonly accounts: string[];
}

export interface AcmCertificateNode {
  readonly construct: IConstruct;
  readonly cfn: acm.CfnCertificate;
  readonly path: string;
  readonly stack: Stack;
  readonly account?: string;
  readonly region?: string;
  readonly domainName?: string;
  /** Concrete names: the domain and the subject alternative names. */
  readonly names: string[];
  readonly validationMethod: string;
  readonly isPrivate: boolean;
  readonly ca?: CaNode;
  /** Domains whose validation record CloudFormation creates (a hosted zone id is given for them). */
  readonly zonesGiven: ReadonlySet<string>;
  readonly transparencyLogging?: string;
  readonly marker: string;
}

export interface PcaCertificateNode {
  readonly cfn: acmpca.CfnCertificate;
  readonly path: string;
  readonly ca?: CaNode;
  readonly template: string;
}

export interface AcmPermissionNode {
  readonly cfn: acmpca.CfnPermission;
  readonly path: string;
  readonly ca?: CaNode;
  readonly principal?: string;
  readonly actions: string[];
}

export interface DistributionNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly certificate?: AcmCertificateNode;
  readonly certificateArn?: string;
}

export interface HostedZoneNode {
  readonly path: string;
  readonly zoneName: string;
}

export interface TrailNode {
  readonly path: string;
  readonly account?: string;
  readonly region?: string;
  readonly organization: boolean;
  readonly multiRegion: boolean;
}

export interface ConfigRuleNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly account?: string;
  readonly region?: string;
  readonly stack: Stack;
  readonly identifier: string;
  /** Markers and ARNs in its exemptedCAArns parameter. */
  readonly exemptions: string;
}

export interface ShareNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly ca?: CaNode;
  readonly principals: string[];
  readonly permissions: SharePermission[];
  /** Permission names that this library does not know. */
  readonly unknownPermissions: string[];
}

export interface ResourcePolicyNode {
  readonly construct: CaResourcePolicy;
  readonly path: string;
  readonly ca?: CaNode;
  readonly grants: PolicyGrantSpec[];
}

export interface CrlBucketNode {
  readonly construct: CrlBucket;
  readonly path: string;
  readonly publicAccessBlocked: boolean;
}

/** A CA-expiry check (CaExpiryMonitor): the CAs it names, and whether it discovers its account's CAs in its Region. */
export interface CaMonitorNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly stack: Stack;
  readonly account?: string;
  readonly region?: string;
  readonly discover: boolean;
  /** The CAs of the model it names (by marker or ARN). */
  readonly cas: CaNode[];
  /** How many CAs it names, including those outside the model. */
  readonly namedCount: number;
}

/** A Config rule of the library, with the runs a month of its periodic trigger. */
export interface LibraryConfigRule {
  readonly path: string;
  readonly stack: Stack;
  readonly account?: string;
  readonly region?: string;
  readonly identifier: string;
  readonly runsPerMonth: number;
}

/** The billed resources the library's constructs create, by construct path. */
export interface BilledResources {
  readonly kmsKeys: string[];
  readonly alarms: string[];
  readonly distributions: string[];
  readonly topics: string[];
  readonly functions: string[];
  readonly configRules: LibraryConfigRule[];
  /** Invocations a month of the library's scheduled functions. */
  readonly scheduledInvocationsPerMonth: number;
}

export interface PkiModel {
  readonly root: IConstruct;
  readonly stacks: Stack[];
  readonly cas: CaNode[];
  readonly externalParents: ExternalParent[];
  readonly principals: PrincipalNode[];
  readonly certificates: AcmCertificateNode[];
  readonly pcaCertificates: PcaCertificateNode[];
  readonly acmPermissions: AcmPermissionNode[];
  readonly distributions: DistributionNode[];
  readonly hostedZones: HostedZoneNode[];
  readonly trails: TrailNode[];
  readonly configRules: ConfigRuleNode[];
  readonly shares: ShareNode[];
  readonly resourcePolicies: ResourcePolicyNode[];
  readonly crlBuckets: CrlBucketNode[];
  /** What each principal may do on each CA (only pairs with some access). */
  readonly access: Array<{ principal: PrincipalNode; ca: CaNode; access: CaAccess }>;
  readonly issuers: Issuer[];
  /** The CA-expiry checks of the app. */
  readonly caMonitors: CaMonitorNode[];
  /** What the library's constructs create that AWS bills. */
  readonly billed: BilledResources;
  readonly markers: Markers;
}
