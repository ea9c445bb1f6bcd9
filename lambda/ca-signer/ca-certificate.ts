/**
 * What the signer reads of a CA certificate that node:crypto does not tell: its subject as attributes (to compare with
 * a CSR's) and its basic constraints (CA, path length, critical), read with asn1js from the DER.
 *
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
 *   subjectPublicKeyInfo, [1] issuerUniqueID OPTIONAL, [2] subjectUniqueID OPTIONAL, [3] extensions OPTIONAL }
 * Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
 */
import type { X509Certificate } from 'node:crypto';
import { BaseBlock, Boolean as Asn1Boolean, fromBER, Integer, ObjectIdentifier, OctetString, Sequence } from 'asn1js';
import { readName } from '../shared/declaration';

const BASIC_CONSTRAINTS_OID = '2.5.29.19';
const CONTEXT_SPECIFIC = 3;

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

function isTagged(block: BaseBlock | undefined, tag: number): boolean {
  return block !== undefined && block.idBlock.tagClass === CONTEXT_SPECIFIC && block.idBlock.tagNumber === tag;
}

function unparsable(what: string): Error {
  return new Error(`the certificate cannot be parsed: ${what}`);
}

/** Reads the subject and the basic constraints of a certificate. */
export function readCaCertificate(certificate: X509Certificate): CaCertificateFacts {
  const parsed = fromBER(new Uint8Array(certificate.raw).buffer);
  const tbs = parsed.result instanceof Sequence ? parsed.result.valueBlock.value[0] : undefined;
  if (parsed.offset === -1 || !(tbs instanceof Sequence)) throw unparsable('no tbsCertificate');
  const fields = tbs.valueBlock.value;
  const offset = isTagged(fields[0], 0) ? 1 : 0;
  const subject = fields[offset + 4];
  if (!(subject instanceof Sequence)) throw unparsable('no subject');
  const extensions = fields.find((f) => isTagged(f, 3));
  return { subject: readName(subject), basicConstraints: extensions ? basicConstraintsOf(extensions) : undefined };
}

function basicConstraintsOf(tagged: BaseBlock): CaCertificateFacts['basicConstraints'] {
  const list = (tagged as Sequence).valueBlock.value?.[0];
  if (!(list instanceof Sequence)) throw unparsable('the extensions are not a SEQUENCE');
  for (const extension of list.valueBlock.value) {
    const parts = extension instanceof Sequence ? extension.valueBlock.value : [];
    const [id] = parts;
    if (!(id instanceof ObjectIdentifier) || id.valueBlock.toString() !== BASIC_CONSTRAINTS_OID) continue;
    const critical = parts[1] instanceof Asn1Boolean ? parts[1].valueBlock.value : false;
    const value = parts[parts.length - 1];
    if (!(value instanceof OctetString)) throw unparsable('basic constraints have no value');
    const inner = fromBER(new Uint8Array(value.valueBlock.valueHexView).buffer).result;
    const items = inner instanceof Sequence ? inner.valueBlock.value : [];
    const ca = items[0] instanceof Asn1Boolean ? items[0].valueBlock.value : false;
    const length = items.find((i): i is Integer => i instanceof Integer);
    return { ca, critical, pathLength: length ? length.valueBlock.valueDec : undefined };
  }
  return undefined;
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
