/**
 * Certificates, keys and CSRs for the renewal: the key pair is made with Node's crypto (OpenSSL), the
 * ASN.1 structures read and written with our DER reader and writer (lambda/shared/der.ts): the current
 * certificate's subject and extensions (lambda/shared/certificate-der.ts), the PKCS#10 request (RFC 2986),
 * and the SAN, Key Usage and Extended Key Usage values (RFC 5280 4.2.1.6, 4.2.1.3, 4.2.1.12).
 */
import { generateKeyPair, KeyObject, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { REIMPORT_REMOVABLE_EC_KEY_USAGES, REIMPORT_REMOVABLE_EXTENDED_KEY_USAGES } from '../../src/private/contracts/aws-renewal';
import { certificateParts, GENERAL_NAME } from '../shared/certificate-der';
import type { CertificateExtension } from '../shared/certificate-der';
import { bitIsSet, bitString, boolean, CONTEXT_SPECIFIC, contextTag, integer, isTag, nullValue, octetString, oid, readBitString, readDer, readOid, sequence, set, TAG, tlv } from '../shared/der';
import type { DerNode } from '../shared/der';
import { splitPem } from '../shared/pem';

const generateKeyPairAsync = promisify(generateKeyPair);

/** PKCS#9 extensionRequest attribute (RFC 2985 5.4.2). */
const EXTENSION_REQUEST_OID = '1.2.840.113549.1.9.14';
/** sha256WithRSAEncryption (RFC 4055). */
const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';
/** ecdsa-with-SHA256/384/512 (RFC 5758). */
const ECDSA_OIDS: Record<string, string> = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' };
/** Certificate extensions (RFC 5280 4.2.1). */
const SUBJECT_ALT_NAME_OID = '2.5.29.17';
const KEY_USAGE_OID = '2.5.29.15';
const EXTENDED_KEY_USAGE_OID = '2.5.29.37';

/** A key algorithm in ACM's names, and how to make and use such a key. */
interface KeySpec {
  readonly type: 'rsa' | 'ec';
  readonly modulusLength?: number;
  readonly namedCurve?: string;
  /** Hash of the CSR signature: SHA-256 for RSA, the curve's own size for EC. */
  readonly hash: 'sha256' | 'sha384' | 'sha512';
}

/** The key algorithms ACM imports, by ACM's name (ImportCertificate, import-certificate-prerequisites.html). */
const KEY_SPECS: Record<string, KeySpec> = {
  RSA_1024: { type: 'rsa', modulusLength: 1024, hash: 'sha256' },
  RSA_2048: { type: 'rsa', modulusLength: 2048, hash: 'sha256' },
  RSA_3072: { type: 'rsa', modulusLength: 3072, hash: 'sha256' },
  RSA_4096: { type: 'rsa', modulusLength: 4096, hash: 'sha256' },
  EC_prime256v1: { type: 'ec', namedCurve: 'prime256v1', hash: 'sha256' },
  EC_secp384r1: { type: 'ec', namedCurve: 'secp384r1', hash: 'sha384' },
  EC_secp521r1: { type: 'ec', namedCurve: 'secp521r1', hash: 'sha512' },
};

export const KEY_ALGORITHMS = Object.keys(KEY_SPECS);

/** Node's curve names, including the aliases OpenSSL may report. */
const CURVE_ALIASES: Record<string, string> = { 'prime256v1': 'prime256v1', 'P-256': 'prime256v1', 'secp384r1': 'secp384r1', 'P-384': 'secp384r1', 'secp521r1': 'secp521r1', 'P-521': 'secp521r1' };

/** What the renewal needs to know about the certificate in ACM. */
export interface CurrentCertificate {
  readonly pem: string;
  readonly x509: X509Certificate;
  /** The subject Name, DER, as it is in the certificate. */
  readonly subjectDer: Buffer;
  /** Its extensions, in its order. */
  readonly extensions: readonly CertificateExtension[];
  /** ACM's name of its key algorithm, or a description when ACM has none (e.g. `ed25519`). */
  readonly keyAlgorithm: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Its validity in whole days (at least one). */
  readonly lifetimeDays: number;
  readonly serial: string;
}

export function parseCertificate(pem: string): CurrentCertificate {
  const x509 = new X509Certificate(pem);
  const { subject, extensions } = certificateParts(x509.raw);
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  return {
    pem,
    x509,
    subjectDer: subject.raw,
    extensions,
    keyAlgorithm: keyAlgorithmOf(x509.publicKey),
    notBefore,
    notAfter,
    lifetimeDays: Math.max(1, Math.round((notAfter.getTime() - notBefore.getTime()) / 86_400_000)),
    serial: x509.serialNumber,
  };
}

/** ACM's name of a key's algorithm (RSA_2048, EC_prime256v1, ...), or its type and size when ACM has none. */
export function keyAlgorithmOf(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return `RSA_${details.modulusLength}`;
  if (key.asymmetricKeyType === 'ec') return `EC_${CURVE_ALIASES[details.namedCurve ?? ''] ?? details.namedCurve}`;
  return String(key.asymmetricKeyType);
}

/** A fresh key pair of the given algorithm (ACM's name). The private key stays a KeyObject in memory. */
export async function generateKey(keyAlgorithm: string): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  const spec = KEY_SPECS[keyAlgorithm];
  if (!spec) throw new Error(`cannot make a key of algorithm ${keyAlgorithm}`);
  if (spec.type === 'rsa') {
    return generateKeyPairAsync('rsa', { modulusLength: spec.modulusLength!, publicExponent: 0x10001 });
  }
  return generateKeyPairAsync('ec', { namedCurve: spec.namedCurve! });
}

/**
 * The unencrypted PEM that ACM imports: PKCS#1 for RSA, SEC 1 for EC, as in ACM's import format examples
 * (import-certificate-format.html). Made only for the ImportCertificate call.
 */
export function privateKeyPem(privateKey: KeyObject): string {
  return privateKey.export({ type: privateKey.asymmetricKeyType === 'rsa' ? 'pkcs1' : 'sec1', format: 'pem' }) as string;
}

/** The extensions of the current certificate that the CSR asks for again: SAN, Key Usage, Extended Key Usage. */
const CARRIED_EXTENSIONS = [SUBJECT_ALT_NAME_OID, KEY_USAGE_OID, EXTENDED_KEY_USAGE_OID];

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }: DER omits a FALSE critical. */
function extensionDer(ext: CertificateExtension): Buffer {
  return sequence(oid(ext.oid), ...(ext.critical ? [boolean(true)] : []), octetString(ext.value));
}

/**
 * A PKCS#10 request (RFC 2986) with the current certificate's subject (its DER, unchanged) and its SAN, Key Usage
 * and Extended Key Usage extensions in an extensionRequest, signed with the new key. Base templates take
 * the subject and SANs from it; passthrough templates take the rest too.
 *
 * CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
 * CertificationRequestInfo ::= SEQUENCE { version INTEGER (v1 is 0), subject Name, subjectPKInfo SubjectPublicKeyInfo,
 *   attributes [0] IMPLICIT SET OF Attribute }
 * Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY }; extensionRequest's value is
 * Extensions ::= SEQUENCE OF Extension (RFC 2985 5.4.2).
 */
export function buildCsr(current: CurrentCertificate, keys: { privateKey: KeyObject; publicKey: KeyObject }): { pem: string; der: Buffer } {
  const spec = KEY_SPECS[keyAlgorithmOf(keys.publicKey)];
  if (!spec) throw new Error(`no CSR signature for a ${keyAlgorithmOf(keys.publicKey)} key`);
  const carried = current.extensions.filter((e) => CARRIED_EXTENSIONS.includes(e.oid));
  const attributes = carried.length === 0 ? [] : [sequence(oid(EXTENSION_REQUEST_OID), set(sequence(...carried.map(extensionDer))))];
  const info = sequence(
    integer(0),
    current.subjectDer,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
    // One attribute at most: the SET OF needs no sorting.
    tlv(contextTag(0, true), ...attributes),
  );
  // AlgorithmIdentifier ::= SEQUENCE { algorithm, parameters }: NULL for RSA (RFC 4055 5), absent for ECDSA (RFC 5758 3.2).
  const signatureAlgorithm = spec.type === 'rsa'
    ? sequence(oid(SHA256_WITH_RSA_OID), nullValue())
    : sequence(oid(ECDSA_OIDS[spec.hash]));
  // For ECDSA Node returns the DER Ecdsa-Sig-Value (RFC 3279 2.2.3) that the BIT STRING carries.
  const signature = sign(spec.hash, info, keys.privateKey);
  const der = sequence(info, signatureAlgorithm, bitString(signature));
  return { der, pem: toPem(der, 'CERTIFICATE REQUEST') };
}

export function toPem(der: Buffer, label: string): string {
  const body = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/**
 * Why the issued certificate may not replace the current one, or undefined when it may: it must hold the
 * new key, have the same subject and SANs, end later, chain to the returned chain, and keep every Key Usage
 * and Extended Key Usage that ACM does not let a re-import drop.
 */
export function replacementProblem(current: CurrentCertificate, issuedPem: string, chainPem: string, privateKey: KeyObject): string | undefined {
  let issued: CurrentCertificate;
  try {
    issued = parseCertificate(issuedPem);
  } catch (e) {
    return `the source returned something that is not a PEM certificate (${(e as Error).message})`;
  }
  if (!issued.x509.checkPrivateKey(privateKey)) return 'the issued certificate does not hold the new public key';
  if (!issued.subjectDer.equals(current.subjectDer)) {
    return `the issued certificate's subject '${issued.x509.subject.replace(/\n/g, ', ')}' differs from the current '${current.x509.subject.replace(/\n/g, ', ')}'`;
  }
  const [before, after] = [subjectAltNames(current), subjectAltNames(issued)];
  const missing = [...before].filter((n) => !after.has(n));
  const added = [...after].filter((n) => !before.has(n));
  if (missing.length > 0 || added.length > 0) {
    return `the issued certificate's subject alternative names differ (${[...missing.map((n) => `missing ${n}`), ...added.map((n) => `added ${n}`)].join(', ')}); `
      + 'use a template that copies the SANs from the CSR';
  }
  if (issued.notAfter.getTime() <= current.notAfter.getTime()) {
    return `the issued certificate expires on ${issued.notAfter.toISOString()}, no later than the current one (${current.notAfter.toISOString()}); raise the validity`;
  }
  const chain = splitPem(chainPem);
  if (chain.length === 0) return 'the source returned no certificate chain';
  const links = [issued.x509, ...chain.map((p) => new X509Certificate(p))];
  for (let i = 0; i < links.length - 1; i++) {
    if (!links[i].checkIssued(links[i + 1]) || !links[i].verify(links[i + 1].publicKey)) {
      return `chain element ${i} ('${links[i].subject.replace(/\n/g, ', ')}') is not signed by the next ('${links[i + 1].subject.replace(/\n/g, ', ')}')`;
    }
  }
  const droppedKeyUsages = keyUsages(current).filter((u) => !keyUsages(issued).includes(u)
    && !(current.keyAlgorithm.startsWith('EC_') && REIMPORT_REMOVABLE_EC_KEY_USAGES.includes(u)));
  const droppedExtendedKeyUsages = extendedKeyUsages(current).filter((u) => !extendedKeyUsages(issued).includes(u)
    && !REIMPORT_REMOVABLE_EXTENDED_KEY_USAGES.includes(u));
  if (droppedKeyUsages.length > 0 || droppedExtendedKeyUsages.length > 0) {
    return `the issued certificate lacks ${[...droppedKeyUsages.map((u) => `key usage ${u}`), ...droppedExtendedKeyUsages.map((u) => `extended key usage ${u}`)].join(', ')} `
      + 'of the current one, which ACM does not let a re-import remove; use a template that keeps them';
  }
  return undefined;
}

function extension(cert: CurrentCertificate, id: string): CertificateExtension | undefined {
  return cert.extensions.find((e) => e.oid === id);
}

const { RFC822_NAME, DNS_NAME, URI, IP_ADDRESS } = GENERAL_NAME;

/** SANs as `type:value` strings (DNS:example.com, IP:10.0.0.1, ...). SubjectAltName ::= GeneralNames ::= SEQUENCE OF GeneralName */
export function subjectAltNames(cert: CurrentCertificate): Set<string> {
  const ext = extension(cert, SUBJECT_ALT_NAME_OID);
  if (!ext) return new Set();
  const names = readDer(ext.value);
  if (!isTag(names, TAG.SEQUENCE)) throw new Error('the subject alternative names are not a SEQUENCE');
  return new Set(names.children.map(generalNameText));
}

/** The IA5String choices read one character an octet; any other choice is its whole DER in hex. */
function generalNameText(name: DerNode): string {
  if (name.tagClass === CONTEXT_SPECIFIC && !name.constructed) {
    const text = name.contents.toString('latin1');
    if (name.tagNumber === DNS_NAME) return `DNS:${text.toLowerCase()}`;
    if (name.tagNumber === IP_ADDRESS) return `IP:${ipText(name.contents)}`;
    if (name.tagNumber === RFC822_NAME) return `email:${text}`;
    if (name.tagNumber === URI) return `URI:${text}`;
  }
  return `DER:${name.raw.toString('hex')}`;
}

/**
 * An iPAddress as text, as @peculiar/asn1-x509 wrote it before: dotted IPv4, IPv6 with the longest run of
 * two or more zero groups as `::`, address/prefix for an address and mask (8 or 32 octets), hex otherwise.
 */
function ipText(octets: Buffer): string {
  const ipv4 = (bytes: Buffer) => [...bytes].join('.');
  const ipv6 = (bytes: Buffer) => {
    const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
    let [run, best, bestStart] = [0, 0, -1];
    groups.forEach((group, i) => {
      run = group === '0' ? run + 1 : 0;
      if (run > best) [best, bestStart] = [run, i - run + 1];
    });
    if (best < 2) return groups.join(':');
    return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + best).join(':')}`;
  };
  if (octets.length === 4) return ipv4(octets);
  if (octets.length === 16) return ipv6(octets);
  if (octets.length !== 8 && octets.length !== 32) return octets.toString('hex');
  if (octets.every((o) => o === 0)) return octets.length === 8 ? '0.0.0.0/0' : '::/0';
  const half = octets.length / 2;
  const prefix = [...octets.subarray(half)].reduce((bits, o) => bits + o.toString(2).replace(/0/g, '').length, 0);
  return `${half === 4 ? ipv4(octets.subarray(0, half)) : ipv6(octets.subarray(0, half))}/${prefix}`;
}

/**
 * KeyUsage ::= BIT STRING { digitalSignature (0), nonRepudiation (1), keyEncipherment (2), dataEncipherment (3),
 * keyAgreement (4), keyCertSign (5), cRLSign (6), encipherOnly (7), decipherOnly (8) }, bit 0 the first octet's
 * high bit. Names and order as @peculiar/asn1-x509's KeyUsage.toJSON() gave them, which aws-renewal.ts lists.
 */
const KEY_USAGES: ReadonlyArray<readonly [string, number]> = [
  ['crlSign', 6], ['dataEncipherment', 3], ['decipherOnly', 8], ['digitalSignature', 0], ['encipherOnly', 7],
  ['keyAgreement', 4], ['keyCertSign', 5], ['keyEncipherment', 2], ['nonRepudiation', 1],
];

function keyUsages(cert: CurrentCertificate): string[] {
  const ext = extension(cert, KEY_USAGE_OID);
  if (!ext) return [];
  const bits = readBitString(readDer(ext.value));
  return KEY_USAGES.filter(([, bit]) => bitIsSet(bits, bit)).map(([name]) => name);
}

/** ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId (OBJECT IDENTIFIER), as dotted OIDs. */
function extendedKeyUsages(cert: CurrentCertificate): string[] {
  const ext = extension(cert, EXTENDED_KEY_USAGE_OID);
  if (!ext) return [];
  const purposes = readDer(ext.value);
  if (!isTag(purposes, TAG.SEQUENCE)) throw new Error('the extended key usages are not a SEQUENCE');
  return purposes.children.map(readOid);
}
