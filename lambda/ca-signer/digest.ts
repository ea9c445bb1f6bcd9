/**
 * What a subordinate CA's certificate would contain, as one digest, and the physical id that records it.
 *
 * The signing resource's physical id is `<certificate ARN>#<digest>`: the certificate it installed and what
 * it was signed for. An Update whose properties give the same digest keeps that certificate (a rollback to
 * the old properties, a reordered name-constraint list, a changed RevokeOnDelete), instead of issuing another.
 * Resources made by earlier versions have the bare certificate ARN as physical id; their digest is computed
 * from the old properties.
 */
import { createHash } from 'node:crypto';
import { csrPublicKey } from './csr';
import { parseIssuedCertificateArn } from '../../src/private/contracts/arn';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import type { NameConstraintsSpec, SubordinateCertificateProperties } from '../../src/private/contracts/signing';

/** Hexadecimal characters of the digest kept in the physical id. */
const DIGEST_LENGTH = 32;
const DIGEST_PATTERN = new RegExp(`^[0-9a-f]{${DIGEST_LENGTH}}$`);
const SEPARATOR = '#';

/** The physical id of a signing resource: its certificate, and the digest it was signed for when recorded. */
export interface SigningPhysicalId extends IssuedCertificateArnParts {
  readonly digest?: string;
}

export function signingPhysicalId(certificateArn: string, digest: string): string {
  return `${certificateArn}${SEPARATOR}${digest}`;
}

export function parseSigningPhysicalId(id: string | undefined): SigningPhysicalId | undefined {
  const [arn, digest, ...rest] = (id ?? '').split(SEPARATOR);
  const certificate = parseIssuedCertificateArn(arn);
  if (!certificate || rest.length > 0 || (digest !== undefined && !DIGEST_PATTERN.test(digest))) return undefined;
  return { ...certificate, digest };
}

/** Name constraints as sets: each list sorted and without duplicates, empty lists left out. */
export function canonicalNameConstraints(spec: NameConstraintsSpec | undefined): Record<string, string[]> | undefined {
  if (!spec) return undefined;
  const entries = Object.entries(spec)
    .filter(([, values]) => Array.isArray(values) && values.length > 0)
    .map(([key, values]) => [key, [...new Set(values as string[])].sort()] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Digest of what the parent would put in the certificate: the CSR's public key, the template, the declared
 * validity, the parent, the signing algorithm asked for, and the name constraints as sets.
 */
export function signingDigest(props: SubordinateCertificateProperties, parentArn: string): string {
  const content = [
    'cdk-pki/signing/v1',
    csrPublicKey(props.CertificateSigningRequest).toString('base64'),
    props.TemplateArn,
    props.ValidityType,
    String(Number(props.ValidityValue)),
    parentArn,
    props.SigningAlgorithm ?? '',
    canonicalNameConstraints(props.NameConstraints) ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, DIGEST_LENGTH);
}
