/** AWS strings of sharing CAs (RamCaShare, SharePermission, CaResourcePolicy, SharedCa, PrivateCaIssuerPolicy). Part of aws-strings.ts. */

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

/**
 * `ListCertificateAuthorities` `ResourceOwner` value that lists the CAs other accounts share with the caller
 * through AWS RAM (AWS-FACTS 0; API reference ListCertificateAuthorities: `SELF | OTHER_ACCOUNTS`).
 */
export const RESOURCE_OWNER_OTHER_ACCOUNTS = 'OTHER_ACCOUNTS';

/**
 * What the lookup of a shared CA (SharedCa.fromHierarchy) calls: `ListCertificateAuthorities`, a List action
 * without resource-level permissions (Resource `*`), and `ListTags` on the candidate CAs of the owner
 * account, whose tags `cdk-pki:hierarchy` and `cdk-pki:ca-name` name them.
 *
 * ListTags on a CA of another account also needs the CA's resource policy to allow it. The documented
 * cross-account policies (pca-rbp.html) and CaResourcePolicy's reads include it (SHARED_CA_READ_ACTIONS), and
 * a RAM customer managed permission may include it (pca-cmp.html). That the AWS RAM managed permissions of
 * Private CA (AWSRAMDefaultPermissionCertificateAuthority and the four others) allow acm-pca:ListTags is
 * UNCONFIRMED (AWS-FACTS 0: their bodies are still unknown): check with
 * `aws ram get-permission --permission-arn arn:aws:ram::aws:permission/AWSRAMDefaultPermissionCertificateAuthority`.
 * If one does not, the lookup fails with an access-denied message that says so, and SharedCa.fromShare (by
 * ARN) is the way.
 */
export const LIST_CAS_ACTION = 'acm-pca:ListCertificateAuthorities';
export const LIST_CA_TAGS_ACTION = 'acm-pca:ListTags';

/**
 * Parameter Store's naming constraints (PutParameter `Name`), for the parameter in which each member account of a
 * PkiMemberBaseline finds a shared CA's ARN: letters, digits and `_.-`, with `/` between the levels of a hierarchy
 * (the library asks for a path, with a leading `/`), at most 15 levels, not beginning with `aws` or `ssm`
 * (case-insensitive, also after the leading `/`), and at most 1011 characters (2048 less the 1037 reserved for
 * internal use).
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
export const SSM_PARAMETER_PATH_PATTERN = /^(\/[a-zA-Z0-9_.-]+)+$/;
export const SSM_PARAMETER_NAME_MAX_LENGTH = 1011;
export const SSM_PARAMETER_MAX_LEVELS = 15;
export const SSM_PARAMETER_RESERVED_PREFIX = /^\/?(aws|ssm)/i;
