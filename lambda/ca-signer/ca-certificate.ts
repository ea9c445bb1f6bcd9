/**
 * What the signer reads of a CA certificate that node:crypto does not tell: its subject as attributes (to compare with
 * a CSR's) and its basic constraints (CA, path length, critical), read with our DER reader (lambda/shared/der.ts).
 *
 * BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
 * (the certificate's own structure is in lambda/shared/certificate-der.ts)
 */
import type { X509Certificate } from 'node:crypto';
import { certificateParts } from '../shared/certificate-der';
import type { CertificateExtension } from '../shared/certificate-der';
import { readName } from '../shared/declaration';
import { isTag, readBoolean, readInteger, TAG, tryReadDer } from '../shared/der';

const BASIC_CONSTRAINTS_OID = '2.5.29.19';

/** A CA certificate's subject and basic constraints. */
export interface CaCertificateFacts {
  readonly subject: ReadonlyArray<{ oid: string; value: string }>;
  /** Absent when the certificate has no basic constraints extension. */
  readonly basicConstraints?: {
    readonly ca: boolean;
    /** Absent: no limit. */
    readonly pathLength?: number;
    readonly critical: boolean;
  };
}

/** Reads the subject and the basic constraints of a certificate. */
export function readCaCertificate(certificate: X509Certificate): CaCertificateFacts {
  const { subject, extensions } = certificateParts(certificate.raw);
  const basicConstraints = extensions.find((e) => e.oid === BASIC_CONSTRAINTS_OID);
  return { subject: readName(subject), basicConstraints: basicConstraints ? basicConstraintsOf(basicConstraints) : undefined };
}

/** A value that is not a BasicConstraints SEQUENCE reads as one with neither field: not a CA. */
function basicConstraintsOf(extension: CertificateExtension): CaCertificateFacts['basicConstraints'] {
  const value = tryReadDer(extension.value);
  const items = isTag(value, TAG.SEQUENCE) ? value.children : [];
  const ca = isTag(items[0], TAG.BOOLEAN) ? readBoolean(items[0]) : false;
  const length = items.find((i) => isTag(i, TAG.INTEGER));
  return { ca, critical: extension.critical, pathLength: length ? readInteger(length) : undefined };
}

/** Whether two subjects hold the same attributes (type and value), whatever their order. */
export function sameSubject(a: CaCertificateFacts['subject'], b: CaCertificateFacts['subject']): boolean {
  const key = (s: CaCertificateFacts['subject']) => s.map(({ oid, value }) => `${oid}=${value}`).sort().join('\n');
  return key(a) === key(b);
}

/** A subject in words, for messages. */
export function subjectText(subject: CaCertificateFacts['subject']): string {
  return subject.map(({ oid, value }) => `${oid}=${value}`).join(', ');
}
