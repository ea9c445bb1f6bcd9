/**
 * The contract between the constructs and the `ca-signer` handler (lambda/ca-signer). Type-only: the
 * handler imports it with `import type`, so nothing of the construct library ends up in the bundle.
 *
 * CloudFormation hands every scalar of a custom resource's properties to the handler as a string, so
 * numbers and booleans are strings here.
 */

/** Resource type of the custom resource that signs a subordinate CA and installs its certificate. */
export const SUBORDINATE_CERTIFICATE_RESOURCE_TYPE = 'Custom::PkiSubordinateCaCertificate';

/** Where the parent (signing) CA is, and how to reach it. */
export interface ParentReference {
  /** Region of the parent CA: IssueCertificate is called there. */
  readonly Region: string;
  /** ARN of the parent CA when it is known at synthesis (same stack). */
  readonly CertificateAuthorityArn?: string;
  /**
   * SSM parameter (name, in the parent's account and region) that holds the parent's ARN, read through
   * the signer role when the parent is in another stack.
   */
  readonly ArnParameterName?: string;
  /** Signer role to assume in the parent's account before any call to the parent. */
  readonly RoleArn?: string;
}

/** Name constraints to put in the subordinate CA certificate (extension 2.5.29.30, critical). */
export interface NameConstraintsSpec {
  readonly PermittedDnsNames?: string[];
  readonly ExcludedDnsNames?: string[];
  /** CIDR blocks, IPv4 or IPv6. */
  readonly PermittedIpRanges?: string[];
  readonly ExcludedIpRanges?: string[];
  /** A mailbox, a host (all mailboxes on it) or a domain with a leading dot (RFC 5280 4.2.1.10). */
  readonly PermittedEmailAddresses?: string[];
  readonly ExcludedEmailAddresses?: string[];
  /** A host, or a domain with a leading dot. */
  readonly PermittedUriDomains?: string[];
  readonly ExcludedUriDomains?: string[];
}

/** ResourceProperties of Custom::PkiSubordinateCaCertificate (ServiceToken left out). */
export interface SubordinateCertificateProperties {
  /** The subordinate CA (same account and region as the handler) that receives the certificate. */
  readonly CertificateAuthorityArn: string;
  /** Its CSR, PEM (GetAtt CertificateSigningRequest of AWS::ACMPCA::CertificateAuthority). */
  readonly CertificateSigningRequest: string;
  readonly Parent: ParentReference;
  /** Full template ARN, for example arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1. */
  readonly TemplateArn: string;
  /** YEARS | MONTHS | DAYS */
  readonly ValidityType: string;
  /** Positive integer, as a string. */
  readonly ValidityValue: string;
  /** Signing algorithm of the parent; when absent the handler uses the parent CA's own. */
  readonly SigningAlgorithm?: string;
  /** Present only when the certificate carries name constraints (requires an APIPassthrough template). */
  readonly NameConstraints?: NameConstraintsSpec;
  /** 'true' to revoke the certificate when the resource is deleted or replaced. */
  readonly RevokeOnDelete?: string;
}

/**
 * Data the handler returns, each a small string: CloudFormation limits a custom resource's response to
 * 4096 bytes, which a CA certificate and its chain (RSA-4096, ML-DSA) can exceed, so the handler installs
 * the certificate itself instead of returning it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
export interface SubordinateCertificateAttributes {
  /** ARN of the certificate the parent issued (also the physical resource id). */
  readonly CertificateArn: string;
  /** Serial number, lowercase hex with colons. */
  readonly SerialNumber: string;
  /** Not After of the issued certificate, ISO 8601. */
  readonly NotAfter: string;
  /** ARN of the parent CA that signed it. */
  readonly ParentCertificateAuthorityArn: string;
  /**
   * ARN of the subordinate CA, now ACTIVE: the construct hands this attribute to users, so that what
   * they build on the CA waits for the signing.
   */
  readonly CertificateAuthorityArn: string;
}
