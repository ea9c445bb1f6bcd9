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

/** The template that self-signs a root CA certificate. */
export const ROOT_CA_TEMPLATE = 'RootCACertificate/V1';

/** Highest path length a subordinate template exists for (PathLen0..3), so at most five CA levels. */
export const MAX_SUBORDINATE_PATH_LENGTH = 3;

/** "up to five levels" of CAs in one hierarchy (Designing a CA hierarchy, ca-hierarchy.html). */
export const MAX_HIERARCHY_DEPTH = 5;

/** Depth above which AWS recommends against a hierarchy (2-3 levels recommended). */
export const RECOMMENDED_MAX_HIERARCHY_DEPTH = 3;

/** Object identifier of the X.509 NameConstraints extension (RFC 5280 4.2.1.10). */
export const NAME_CONSTRAINTS_OID = '2.5.29.30';

/** CloudFormation resource types of AWS Private CA. */
export const CFN_CERTIFICATE_AUTHORITY = 'AWS::ACMPCA::CertificateAuthority';

/**
 * CloudFormation custom resources may answer with at most 4096 bytes. A CA certificate and its chain
 * (RSA-4096 or ML-DSA) do not fit, which is why the signing custom resource installs the certificate
 * itself instead of handing it to AWS::ACMPCA::CertificateAuthorityActivation.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
export const CUSTOM_RESOURCE_RESPONSE_LIMIT_BYTES = 4096;

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

/** CRL/OCSP CNAME pattern and length (CrlConfiguration.CustomCname). */
export const CUSTOM_CNAME_MAX_LENGTH = 253;
