/**
 * The fixed names of a CA that signs subordinates besides those of its signing authority (contracts/authority.ts):
 * the SSM parameter that publishes its ARN, and the limits that keep the names within IAM's and SSM's lengths.
 */
import { MAX_NAME_PART_LENGTH } from '../../private/contracts/authority';

/** Longest hierarchy and CA names: `cdk-pki-invoke-<hierarchy>-<ca>` must fit IAM's 64 characters. */
export const MAX_HIERARCHY_NAME_LENGTH = MAX_NAME_PART_LENGTH;
export const MAX_CA_NAME_LENGTH = MAX_NAME_PART_LENGTH;

/** SSM parameter (in the CA's account and Region) that publishes the CA's ARN. */
export function arnParameterName(hierarchyName: string, caName: string): string {
  return `/cdk-pki/${hierarchyName}/${caName}/certificate-authority-arn`;
}


/** SSM parameter (in the root's account and Region) that publishes the root CA certificate, PEM, for trust stores. */
export function rootCertificateParameterName(hierarchyName: string): string {
  return `/cdk-pki/${hierarchyName}/root/certificate`;
}

/** SSM parameter (in the CA's account and Region) that publishes the CSR of a CA whose parent is outside AWS. */
export function csrParameterName(hierarchyName: string, caName: string): string {
  return `/cdk-pki/${hierarchyName}/${caName}/csr`;
}

/** Key of the S3 object that also publishes that CSR, when the app gives a bucket (one per generation: a new key, a new CSR). */
export function csrObjectKey(hierarchyName: string, caName: string, generation: number): string {
  return `cdk-pki/${hierarchyName}/${caName}/generation-${generation}.csr`;
}
