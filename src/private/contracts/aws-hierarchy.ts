/**
 * AWS strings of the CA hierarchy (templates, path lengths, signing) and of safe change and removal of CAs
 * (the CA guard, the signing and root lifecycle resources). Part of aws-strings.ts, which re-exports it.
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
 * The resource identifiers of a CloudFormation resource import (`ResourcesToImport[].ResourceIdentifier`): each type's
 * primaryIdentifier in its registry schema. That AWS::ACMPCA::Certificate and AWS::ACMPCA::CertificateAuthorityActivation
 * support import (the CA does: it has a read handler) is UNCONFIRMED here: if CloudFormation refuses them, import the CA
 * alone; the next deployment then creates the root's certificate and activation again (a new self-signed certificate
 * for the same key). Change it here only.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html
 */
export const CFN_IMPORT_IDENTIFIERS = {
  'AWS::ACMPCA::CertificateAuthority': ['Arn'],
  'AWS::ACMPCA::Certificate': ['Arn', 'CertificateAuthorityArn'],
  'AWS::ACMPCA::CertificateAuthorityActivation': ['CertificateAuthorityArn'],
} as const;

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
