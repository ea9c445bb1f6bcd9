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
   * the signer role (`RoleArn`) by resources of versions before the signing authority.
   */
  readonly ArnParameterName?: string;
  /**
   * Signer role to assume in the parent's account before any call to the parent. Written by versions before
   * the signing authority; the handler still honours it for resources that have it.
   */
  readonly RoleArn?: string;
  /**
   * The subordinate's alias of the parent's signing authority function (authority.ts): when present, the
   * handler asks the authority (assuming `InvokerRoleArn`) instead of calling the parent CA itself.
   */
  readonly AuthorityFunctionArn?: string;
  /** Role in the parent's account that may invoke `AuthorityFunctionArn`, assumed by the handler. */
  readonly InvokerRoleArn?: string;
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

/** The subject of a CA as its CloudFormation resource declares it (Subject of AWS::ACMPCA::CertificateAuthority). */
export interface DeclaredSubject {
  readonly CommonName?: string;
  readonly Organization?: string;
  readonly OrganizationalUnit?: string;
  readonly Country?: string;
  readonly State?: string;
  readonly Locality?: string;
  readonly DistinguishedNameQualifier?: string;
  readonly SerialNumber?: string;
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
  /** 'true' to revoke the certificate when it is superseded, or when the CA is removed or replaced. */
  readonly RevokeOnDelete?: string;
  /**
   * What happens to the CA when it leaves the stack or is replaced on purpose (a new generation).
   * Absent in resources made by versions before it existed: RETAIN.
   */
  readonly RemovalPolicy?: CaRemovalPolicy;
  /** Days a CA deleted with RemovalPolicy DESTROY stays restorable (7 to 30), as a string. */
  readonly RestorationDays?: string;
  /**
   * Generation of the parent CA when the app knows it: a parent replaced on purpose changes it, so that
   * CloudFormation sends this resource an Update and the handler signs the CA again with the new parent.
   */
  readonly ParentGeneration?: string;
  /**
   * What the parent's app declared for this subordinate's CSR, checked before a parent in the same stack signs
   * (the signing authority checks its own declaration for parents in other stacks).
   */
  readonly Subject?: DeclaredSubject;
  /** Key algorithm the CSR's key must have, for example EC_secp384r1. */
  readonly KeyAlgorithm?: string;
  /**
   * Longest validity, in days, of the certificates this CA issues: a generation replaced on purpose stays ACTIVE that
   * long (or until its own certificate ends), then retires (contracts/ca-renewal.ts). Absent in resources of earlier
   * versions: the replaced generation retires at once.
   */
  readonly RetireAfterDays?: string;
}

/** How the lifecycle handlers treat a CA that leaves its stack or is replaced on purpose. */
export type CaRemovalPolicy = 'RETAIN' | 'DESTROY';

/**
 * Tags the library puts on every CA it creates: who the CA is (hierarchy, name, generation), and the
 * stack that manages it, which scopes the lifecycle handler's rights to this stack's CAs (condition
 * `aws:ResourceTag/cdk-pki:stack-id`), old generations included.
 */
export const CA_TAGS = {
  hierarchy: 'cdk-pki:hierarchy',
  caName: 'cdk-pki:ca-name',
  generation: 'cdk-pki:generation',
  stackId: 'cdk-pki:stack-id',
  /** `root` or `subordinate`. */
  role: 'cdk-pki:ca-role',
} as const;

export const CA_ROLE_ROOT = 'root';
export const CA_ROLE_SUBORDINATE = 'subordinate';

/** Resource type of the stack's guard, which refuses a deployment that would replace a CA. */
export const CA_GUARD_RESOURCE_TYPE = 'Custom::PkiCaGuard';

/** A CA as the guard sees it: who it is, where CloudFormation keeps it, and what replaces it. */
export interface GuardedCa {
  /** Logical id of the AWS::ACMPCA::CertificateAuthority resource. */
  readonly LogicalId: string;
  /** `<hierarchyName>/<caName>`. */
  readonly Name: string;
  /** Construct path, for messages. */
  readonly Path: string;
  /** Generation, a positive integer as a string: raising it replaces the CA on purpose. */
  readonly Generation: string;
  /** What happens to the CA when it is replaced or removed, in words (for messages). */
  readonly Removal: string;
  /**
   * The CA's create-only properties as CloudFormation receives them (CA_CREATE_ONLY_PROPERTIES), with
   * CloudFormation's property names; absent ones are left out.
   */
  readonly Properties: Record<string, unknown>;
}

/** ResourceProperties of Custom::PkiCaGuard (ServiceToken left out). */
export interface CaGuardProperties {
  readonly CertificateAuthorities: GuardedCa[];
}

/** Resource type of the custom resource that carries a root CA's removal policy. */
export const ROOT_CA_LIFECYCLE_RESOURCE_TYPE = 'Custom::PkiRootCaLifecycle';

/** ResourceProperties of Custom::PkiRootCaLifecycle (ServiceToken left out). */
export interface RootCaLifecycleProperties {
  /** The root CA (ACTIVE: the resource depends on its activation). */
  readonly CertificateAuthorityArn: string;
  readonly RemovalPolicy: CaRemovalPolicy;
  readonly RestorationDays: string;
  /**
   * Longest validity, in days, of the certificates the root signed: a root replaced on purpose (a new generation)
   * stays ACTIVE that long, then retires (contracts/ca-renewal.ts). Absent in resources of earlier versions: the
   * replaced root retires at once.
   */
  readonly RetireAfterDays?: string;
  /**
   * The root's hierarchy: a root replaced on purpose keeps its certificate published under
   * `previousRootCertificateParameterName` until it retires (trust stores hold both roots during the overlap).
   */
  readonly HierarchyName?: string;
}

/** SSM parameter (in the root's account and Region) that publishes the certificate of a replaced root until it retires. */
export function previousRootCertificateParameterName(hierarchyName: string): string {
  return `/cdk-pki/${hierarchyName}/root/previous-certificate`;
}

/** Data of Custom::PkiRootCaLifecycle. */
export interface RootCaLifecycleAttributes {
  readonly CertificateAuthorityArn: string;
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
