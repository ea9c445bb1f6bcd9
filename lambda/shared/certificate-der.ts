/**
 * What node:crypto's X509Certificate does not give of a certificate (RFC 5280 4.1): its subject as DER and
 * its extensions as they are, read with our DER reader (./der.ts).
 *
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
 *   subjectPublicKeyInfo, [1] issuerUniqueID OPTIONAL, [2] subjectUniqueID OPTIONAL, [3] extensions OPTIONAL }
 * Extensions ::= SEQUENCE OF Extension ([3] is EXPLICIT: a constructed [3] around the SEQUENCE)
 * Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 */
import { CONTEXT_SPECIFIC, DerError, DerNode, isTag, readBoolean, readDer, readOctetString, readOid, TAG } from './der';

/**
 * The GeneralName choices the handlers write or read (RFC 5280 4.2.1.6), context-specific and implicitly tagged:
 * rfc822Name [1], dNSName [2] and uniformResourceIdentifier [6] IA5Strings, iPAddress [7] an OCTET STRING.
 */
export const GENERAL_NAME = { RFC822_NAME: 1, DNS_NAME: 2, URI: 6, IP_ADDRESS: 7 } as const;

/** One extension of a certificate. */
export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** extnValue's contents: the DER of the extension's own value. */
  readonly value: Buffer;
}

export interface CertificateParts {
  /** The subject Name, a SEQUENCE. */
  readonly subject: DerNode;
  /** The extensions, in the certificate's order; empty when it has none. */
  readonly extensions: readonly CertificateExtension[];
}

function unparsable(what: string): Error {
  return new Error(`the certificate cannot be parsed: ${what}`);
}

/** The subject and extensions of a DER certificate. */
export function certificateParts(der: Buffer): CertificateParts {
  try {
    return parts(readDer(der));
  } catch (e) {
    throw e instanceof DerError ? unparsable(e.message) : e;
  }
}

function parts(certificate: DerNode): CertificateParts {
  const tbs = isTag(certificate, TAG.SEQUENCE) ? certificate.children[0] : undefined;
  if (!isTag(tbs, TAG.SEQUENCE)) throw unparsable('no tbsCertificate');
  const fields = tbs.children;
  const offset = isTag(fields[0], 0, CONTEXT_SPECIFIC) ? 1 : 0;
  const subject = fields[offset + 4];
  if (!isTag(subject, TAG.SEQUENCE)) throw unparsable('no subject');
  const tagged = fields.find((f) => isTag(f, 3, CONTEXT_SPECIFIC));
  if (!tagged) return { subject, extensions: [] };
  const list = tagged.children[0];
  if (!isTag(list, TAG.SEQUENCE)) throw unparsable('the extensions are not a SEQUENCE');
  return { subject, extensions: list.children.map(extension) };
}

function extension(node: DerNode): CertificateExtension {
  const [id, ...rest] = node.children;
  if (!isTag(node, TAG.SEQUENCE) || !isTag(id, TAG.OID) || rest.length < 1 || rest.length > 2) {
    throw unparsable('an extension is not a SEQUENCE { extnID, critical, extnValue }');
  }
  return {
    oid: readOid(id),
    critical: rest.length === 2 ? readBoolean(rest[0]) : false,
    value: readOctetString(rest[rest.length - 1]),
  };
}
