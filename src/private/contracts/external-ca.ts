/**
 * The contract between the constructs and the `ca-signer` handler for a subordinate CA whose parent is outside AWS
 * (an offline root, an on-premises HSM): the library creates the CA and publishes its CSR; the user has the parent
 * sign it and gives the certificate to the app; the handler checks it against the CA's CSR and the parent's chain and
 * installs it (lambda/ca-signer/external.ts). Type-only for the handler, like contracts/signing.ts.
 */
import type { CaRemovalPolicy, DeclaredSubject } from './signing';

/** Resource type of the custom resource that installs the certificate a parent outside AWS signed. */
export const EXTERNAL_CA_CERTIFICATE_RESOURCE_TYPE = 'Custom::PkiExternalCaCertificate';

/**
 * What ImportCertificateAuthorityCertificate accepts of a subordinate CA's certificate and chain (API reference,
 * "additional requirements"): the certificate is not self-signed, the chain does not hold it, the chain ends with the
 * root and each element is signed by the next, PEM; at most 32 KB for the certificate and 2 MB for the chain; a basic
 * constraints extension, when present, is critical.
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_ImportCertificateAuthorityCertificate.html
 */
export const IMPORTED_CA_CERTIFICATE_MAX_BYTES = 32 * 1024;
export const IMPORTED_CA_CHAIN_MAX_BYTES = 2 * 1024 * 1024;

/** Status the resource reports while no certificate was given (the CA waits, PENDING_CERTIFICATE). */
export const EXTERNAL_CERTIFICATE_PENDING = 'PENDING_CERTIFICATE';
/** Status the resource reports once the certificate is installed. */
export const EXTERNAL_CERTIFICATE_INSTALLED = 'INSTALLED';

/** ResourceProperties of Custom::PkiExternalCaCertificate (ServiceToken left out); scalars are strings. */
export interface ExternalCaCertificateProperties {
  /** The subordinate CA (same account and Region as the handler). */
  readonly CertificateAuthorityArn: string;
  /** Its CSR, PEM (GetAtt CertificateSigningRequest): a CA replaced on purpose changes it. */
  readonly CertificateSigningRequest: string;
  /** The certificate the parent signed for the CSR, PEM; absent while the app has none (the CA waits). */
  readonly Certificate?: string;
  /** The parent's certificate, then each certificate above it up to and including the root, PEM. */
  readonly CertificateChain: string;
  /** The subject the app declared: the certificate must carry exactly it. */
  readonly Subject: DeclaredSubject;
  /** Path length this CA needs for its subordinates in the app (its certificate must allow at least that), as a string. */
  readonly PathLength: string;
  /** Where the handler also writes the CSR (PutObject), when the app gives a bucket. */
  readonly CsrBucket?: string;
  readonly CsrKey?: string;
  readonly RemovalPolicy: CaRemovalPolicy;
  /** Days a CA deleted with RemovalPolicy DESTROY stays restorable (7 to 30), as a string. */
  readonly RestorationDays?: string;
  /** As SubordinateCertificateProperties.RetireAfterDays: how long a generation replaced on purpose stays ACTIVE. */
  readonly RetireAfterDays?: string;
}

/**
 * Data of Custom::PkiExternalCaCertificate: the same names as a signed subordinate's (IssuingCa reads them alike). No
 * ARN exists for a certificate signed outside AWS: CertificateArn is `external:<SHA-256 fingerprint>` (`pending` while
 * the CA waits), and ParentCertificateAuthorityArn is `external`.
 */
export interface ExternalCaCertificateAttributes {
  readonly CertificateArn: string;
  readonly SerialNumber: string;
  readonly NotAfter: string;
  readonly ParentCertificateAuthorityArn: string;
  readonly CertificateAuthorityArn: string;
  /** EXTERNAL_CERTIFICATE_PENDING or EXTERNAL_CERTIFICATE_INSTALLED. */
  readonly Status: string;
}

/** The CertificateArn attribute of a certificate signed outside AWS (no ARN exists). */
export function externalCertificateId(sha256Fingerprint: string): string {
  return `external:${sha256Fingerprint.replace(/:/g, '').toLowerCase()}`;
}

export const EXTERNAL_PARENT_ARN = 'external';
export const PENDING_CERTIFICATE_ID = 'pending';
