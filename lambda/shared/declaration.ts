/**
 * What a certificate request (PKCS#10, RFC 2986) says about the CA that made it, and how that compares with
 * what the parent's app declared for it (subject and key algorithm): read with our DER reader (./der.ts).
 */
import { createPublicKey } from 'node:crypto';
import { DerNode, isTag, readBitString, readDer, readIntegerBytes, readOid, readText, TAG, tryReadDer } from './der';
import { pemBody } from './pem';
import type { DeclaredSubject } from '../../src/private/contracts/signing';
import { normalizeSpki } from '../ca-signer/csr';

/** What the signing handlers read of a CSR. */
export interface CsrFacts {
  /** Subject attributes, in the order of the CSR (attribute type OID and string value). */
  readonly subject: ReadonlyArray<{ oid: string; value: string }>;
  /** Key algorithm as AWS Private CA names it (for example EC_secp384r1), undefined when unknown. */
  readonly keyAlgorithm?: string;
  /** SubjectPublicKeyInfo, DER, normalized by `normalizeSpki` (lambda/ca-signer/csr.ts). */
  readonly publicKey: Buffer;
}

/** Subject fields of AWS::ACMPCA::CertificateAuthority and their attribute types (X.520). */
export const SUBJECT_FIELD_OIDS: Readonly<Record<keyof DeclaredSubject, string>> = {
  CommonName: '2.5.4.3',
  Organization: '2.5.4.10',
  OrganizationalUnit: '2.5.4.11',
  Country: '2.5.4.6',
  State: '2.5.4.8',
  Locality: '2.5.4.7',
  DistinguishedNameQualifier: '2.5.4.46',
  SerialNumber: '2.5.4.5',
};

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const SM2_CURVE = '1.2.156.10197.1.301';
const CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'EC_prime256v1',
  '1.3.132.0.34': 'EC_secp384r1',
  '1.3.132.0.35': 'EC_secp521r1',
  [SM2_CURVE]: 'SM2',
};
const KEY_ALGORITHM_OIDS: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.3.17': 'ML_DSA_44',
  '2.16.840.1.101.3.4.3.18': 'ML_DSA_65',
  '2.16.840.1.101.3.4.3.19': 'ML_DSA_87',
  [SM2_CURVE]: 'SM2',
};
const RSA_SIZES = new Set([2048, 3072, 4096]);

/**
 * Parses a PEM PKCS#10 CSR: subject attributes, key algorithm (AWS Private CA's name) and public key.
 * CertificationRequest ::= SEQUENCE { certificationRequestInfo SEQUENCE { version, subject, subjectPKInfo, attributes }, ... }
 */
export function readCsr(pem: string): CsrFacts {
  const request = tryReadDer(pemBody(pem, 'CERTIFICATE REQUEST'));
  const info = isTag(request, TAG.SEQUENCE) ? request.children[0] : undefined;
  const subject = isTag(info, TAG.SEQUENCE) ? info.children[1] : undefined;
  const spki = isTag(info, TAG.SEQUENCE) ? info.children[2] : undefined;
  if (!isTag(subject, TAG.SEQUENCE) || !isTag(spki, TAG.SEQUENCE)) {
    throw new Error('the certificate request cannot be parsed: no subject or subjectPKInfo');
  }
  return {
    subject: readName(subject),
    keyAlgorithm: keyAlgorithm(spki),
    publicKey: normalizeSpki(spki.raw),
  };
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName (SET OF AttributeTypeAndValue ::= SEQUENCE { type, value }). */
export function readName(name: DerNode): Array<{ oid: string; value: string }> {
  const attributes: Array<{ oid: string; value: string }> = [];
  for (const rdn of name.children) {
    if (!isTag(rdn, TAG.SET)) throw new Error('the certificate request cannot be parsed: a subject part is not a SET');
    for (const pair of rdn.children) {
      const type = isTag(pair, TAG.SEQUENCE) ? pair.children[0] : undefined;
      const value = isTag(pair, TAG.SEQUENCE) ? pair.children[1] : undefined;
      if (!isTag(type, TAG.OID) || value === undefined) {
        throw new Error('the certificate request cannot be parsed: a subject attribute has no type or value');
      }
      attributes.push({ oid: readOid(type), value: stringValue(value) });
    }
  }
  return attributes;
}

/**
 * The text of a directory string (PrintableString, UTF8String, IA5String, BMPString...) or an OBJECT
 * IDENTIFIER's dotted text, `#` and the hex of the whole DER of anything else (RFC 4514 2.4).
 */
function stringValue(value: DerNode): string {
  const text = readText(value) ?? (isTag(value, TAG.OID) ? readOid(value) : undefined);
  return text ?? `#${value.raw.toString('hex')}`;
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { algorithm OID, parameters ANY OPTIONAL }, subjectPublicKey BIT STRING }. */
function keyAlgorithm(spki: DerNode): string | undefined {
  const algorithm = spki.children[0];
  const oid = isTag(algorithm, TAG.SEQUENCE) ? algorithm.children[0] : undefined;
  if (!isTag(oid, TAG.OID)) return undefined;
  const name = readOid(oid);
  if (name === RSA_ENCRYPTION) {
    const bits = rsaModulusBits(spki);
    return bits !== undefined && RSA_SIZES.has(bits) ? `RSA_${bits}` : undefined;
  }
  if (name === EC_PUBLIC_KEY) {
    const curve = algorithm.children[1];
    return isTag(curve, TAG.OID) ? CURVES[readOid(curve)] : undefined;
  }
  return KEY_ALGORITHM_OIDS[name];
}

/** Modulus length of an RSA key: node:crypto's when it reads the key, else the INTEGER of RSAPublicKey. */
function rsaModulusBits(spki: DerNode): number | undefined {
  try {
    const key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
    if (key.asymmetricKeyDetails?.modulusLength) return key.asymmetricKeyDetails.modulusLength;
  } catch {
    // read it below
  }
  try {
    const bits = spki.children[1];
    const inner = isTag(bits, TAG.BIT_STRING) ? readDer(readBitString(bits).bytes) : undefined;
    const modulus = isTag(inner, TAG.SEQUENCE) ? inner.children[0] : undefined;
    if (!isTag(modulus, TAG.INTEGER)) return undefined;
    let bytes = readIntegerBytes(modulus);
    while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
    return bytes.length === 0 ? 0 : (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]));
  } catch {
    return undefined; // not an RSAPublicKey
  }
}

const FIELD_BY_OID: ReadonlyMap<string, string> = new Map(Object.entries(SUBJECT_FIELD_OIDS).map(([field, oid]) => [oid, field]));

function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/**
 * Problems of a CSR against what was declared, in sentences, empty when none: the subject must equal the
 * declared one as a multiset of (attribute type, value), whatever the order (absent or empty fields are
 * absent; an attribute of another type is a problem), and the key algorithm must be the declared one.
 */
export function declarationProblems(
  csr: CsrFacts,
  declared: { readonly Subject: DeclaredSubject; readonly KeyAlgorithm: string },
): string[] {
  const problems: string[] = [];
  const found = new Map<string, string[]>();
  for (const { oid, value } of csr.subject) found.set(oid, [...(found.get(oid) ?? []), value]);

  for (const [field, oid] of Object.entries(SUBJECT_FIELD_OIDS) as Array<[keyof DeclaredSubject, string]>) {
    const want = declared.Subject[field];
    const expected = want === undefined || want === '' ? [] : [want];
    const actual = found.get(oid) ?? [];
    found.delete(oid);
    if (sameMultiset(expected, actual)) continue;
    if (expected.length === 0) {
      problems.push(`subject ${field}: declared none, the CSR has ${quoted(actual)}.`);
    } else if (actual.length === 0) {
      problems.push(`subject ${field}: declared ${quoted(expected)}, the CSR has none.`);
    } else {
      problems.push(`subject ${field}: declared ${quoted(expected)}, the CSR has ${quoted(actual)}.`);
    }
  }
  for (const [oid, values] of found) {
    const field = FIELD_BY_OID.get(oid) ?? `attribute ${oid}`;
    problems.push(`subject ${field}: not declared (the declaration has no such field), the CSR has ${quoted(values)}.`);
  }
  if (csr.keyAlgorithm !== declared.KeyAlgorithm) {
    problems.push(`key algorithm: declared ${declared.KeyAlgorithm}, the CSR has ${csr.keyAlgorithm ?? 'a key of an unknown algorithm'}.`);
  }
  return problems;
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...a].sort();
  const right = [...b].sort();
  return left.every((value, i) => value === right[i]);
}
