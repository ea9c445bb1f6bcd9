/**
 * Certificates, keys and CSRs for the renewal: the key pair is made with Node's crypto (OpenSSL), the
 * ASN.1 structures with PeculiarVentures' maintained schemas (@peculiar/asn1-x509, @peculiar/asn1-csr),
 * which is what @peculiar/x509 is built on, without its WebCrypto and dependency-injection layers.
 */
import { generateKeyPair, KeyObject, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  Attribute,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  KeyUsage,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';
import { REIMPORT_REMOVABLE_EC_KEY_USAGES, REIMPORT_REMOVABLE_EXTENDED_KEY_USAGES } from '../../src/private/contracts/aws-renewal';
import { splitPem } from '../shared/pem';

const generateKeyPairAsync = promisify(generateKeyPair);

/** PKCS#9 extensionRequest attribute (RFC 2985 5.4.2). */
const EXTENSION_REQUEST_OID = '1.2.840.113549.1.9.14';
/** sha256WithRSAEncryption (RFC 4055). */
const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';
/** ecdsa-with-SHA256/384/512 (RFC 5758). */
const ECDSA_OIDS: Record<string, string> = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' };
/** DER of ASN.1 NULL: the parameters of an RSA signature algorithm. */
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

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
  readonly asn: Certificate;
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
  const asn = AsnConvert.parse(x509.raw, Certificate);
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  return {
    pem,
    x509,
    asn,
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
const CARRIED_EXTENSIONS = [id_ce_subjectAltName, id_ce_keyUsage, id_ce_extKeyUsage];

/**
 * A PKCS#10 request with the current certificate's subject (its DER, unchanged) and its SAN, Key Usage
 * and Extended Key Usage extensions in an extensionRequest, signed with the new key. Base templates take
 * the subject and SANs from it; passthrough templates take the rest too.
 */
export function buildCsr(current: CurrentCertificate, keys: { privateKey: KeyObject; publicKey: KeyObject }): { pem: string; der: Buffer } {
  const spec = KEY_SPECS[keyAlgorithmOf(keys.publicKey)];
  if (!spec) throw new Error(`no CSR signature for a ${keyAlgorithmOf(keys.publicKey)} key`);
  const carried = (current.asn.tbsCertificate.extensions ?? []).filter((e) => CARRIED_EXTENSIONS.includes(e.extnID));
  const info = new CertificationRequestInfo({
    subject: current.asn.tbsCertificate.subject,
    subjectPKInfo: AsnConvert.parse(keys.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
  });
  if (carried.length > 0) {
    info.attributes.push(new Attribute({
      type: EXTENSION_REQUEST_OID,
      values: [AsnConvert.serialize(new Extensions(carried.map((e) => new Extension({
        extnID: e.extnID, critical: e.critical, extnValue: e.extnValue,
      }))))],
    }));
  }
  const tbs = Buffer.from(AsnConvert.serialize(info));
  const signatureAlgorithm = spec.type === 'rsa'
    ? new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA_OID, parameters: DER_NULL })
    : new AlgorithmIdentifier({ algorithm: ECDSA_OIDS[spec.hash] });
  const signature = sign(spec.hash, tbs, keys.privateKey);
  const request = new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm, signature: new Uint8Array(signature).buffer });
  const der = Buffer.from(AsnConvert.serialize(request));
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
  if (!sameDer(AsnConvert.serialize(issued.asn.tbsCertificate.subject), AsnConvert.serialize(current.asn.tbsCertificate.subject))) {
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

function extension(cert: CurrentCertificate, oid: string): Extension | undefined {
  return (cert.asn.tbsCertificate.extensions ?? []).find((e) => e.extnID === oid);
}

/** SANs as `type:value` strings (DNS:example.com, IP:10.0.0.1, ...). */
export function subjectAltNames(cert: CurrentCertificate): Set<string> {
  const ext = extension(cert, id_ce_subjectAltName);
  if (!ext) return new Set();
  const names = AsnConvert.parse(ext.extnValue, SubjectAlternativeName);
  return new Set(names.map((n) => {
    if (n.dNSName !== undefined) return `DNS:${n.dNSName.toLowerCase()}`;
    if (n.iPAddress !== undefined) return `IP:${n.iPAddress}`;
    if (n.rfc822Name !== undefined) return `email:${n.rfc822Name}`;
    if (n.uniformResourceIdentifier !== undefined) return `URI:${n.uniformResourceIdentifier}`;
    return `DER:${Buffer.from(AsnConvert.serialize(n)).toString('hex')}`;
  }));
}

function keyUsages(cert: CurrentCertificate): string[] {
  const ext = extension(cert, id_ce_keyUsage);
  return ext ? AsnConvert.parse(ext.extnValue, KeyUsage).toJSON() : [];
}

function extendedKeyUsages(cert: CurrentCertificate): string[] {
  const ext = extension(cert, id_ce_extKeyUsage);
  return ext ? [...AsnConvert.parse(ext.extnValue, ExtendedKeyUsage)] : [];
}

function sameDer(a: ArrayBuffer, b: ArrayBuffer): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
