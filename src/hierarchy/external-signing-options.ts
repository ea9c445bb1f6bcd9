import * as s3 from 'aws-cdk-lib/aws-s3';
import { PemCertificates } from './pem-certificates';

/** How an `IssuingCa` whose parent is outside AWS (`ParentCa.outsideAws`) gets its certificate. */
export interface ExternalSigningOptions {
  /**
   * The certificate the parent outside AWS signed for this CA's CSR (PEM, the certificate alone). Checked at synthesis
   * against the parent's chain and this CA's subject, and at deployment against the CA's own CSR (the same key) before it
   * is installed; a new certificate for the same CSR (a renewal by the parent) is installed by the next deployment. Only
   * with a `ParentCa.outsideAws` parent.
   * @default - none yet: the CA is created and waits (PENDING_CERTIFICATE) with its CSR published; it can issue nothing,
   *   sign no subordinate, and ACM certificates cannot name it until the certificate is given
   */
  readonly signedCertificate?: PemCertificates;

  /**
   * A bucket to also publish this CA's CSR in, as `cdk-pki/<hierarchyName>/<caName>/generation-<n>.csr` (the signing
   * handler writes it). Only with a `ParentCa.outsideAws` parent.
   * @default - the CSR is published in the SSM parameter `/cdk-pki/<hierarchyName>/<caName>/csr` and a stack output only
   */
  readonly csrBucket?: s3.IBucket;
}
