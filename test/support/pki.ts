/**
 * Real keys, CSRs and certificates for handler tests, made with @peculiar/x509 on Node's WebCrypto, so
 * that mocked AWS answers carry certificates whose chains verify.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

type CryptoKeyPair = webcrypto.CryptoKeyPair;
type CryptoKey = webcrypto.CryptoKey;

export type KeyFamily = 'RSA' | 'EC';

/** A CA's certificate and keys. */
export interface CaMaterial {
  readonly certificate: x509.X509Certificate;
  readonly pem: string;
  readonly keys: CryptoKeyPair;
}

const DAY = 86_400_000;

function algorithm(family: KeyFamily) {
  return family === 'RSA'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
    : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
}

export async function generateKeys(family: KeyFamily = 'RSA'): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm(family), true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** Extensions of a CA certificate: critical basicConstraints CA (with pathLen when given), keyCertSign and cRLSign. */
async function caExtensions(publicKey: CryptoKey, pathLength?: number): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign + x509.KeyUsageFlags.cRLSign + x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
}

/** A self-signed root CA (CA:TRUE, no path length), valid from a day ago until `notAfter` (ten years). */
export async function createRootCa(options: { family?: KeyFamily; commonName?: string; notAfter?: Date } = {}): Promise<CaMaterial> {
  const family = options.family ?? 'RSA';
  const keys = await generateKeys(family);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${options.commonName ?? 'Test Root CA'}, O=cdk-pki tests`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 3650 * DAY),
    signingAlgorithm: algorithm(family),
    keys,
    extensions: await caExtensions(keys.publicKey),
  });
  return { certificate, pem: certificate.toString('pem'), keys };
}

/** A subordinate CA's key and PKCS#10 request, PEM. */
export async function createCsr(options: { family?: KeyFamily; commonName?: string } = {}): Promise<{ pem: string; keys: CryptoKeyPair }> {
  const family = options.family ?? 'RSA';
  const keys = await generateKeys(family);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${options.commonName ?? 'Test Issuing CA'}, O=cdk-pki tests`,
    keys,
    signingAlgorithm: algorithm(family),
  });
  return { pem: csr.toString('pem'), keys };
}

/** Signs a CSR as `issuer` would for a subordinate CA certificate; returns the PEM certificate. */
export async function signCsrAsCa(csrPem: string, issuer: CaMaterial, options: {
  pathLength?: number; notAfter?: Date; serialNumber?: string;
} = {}): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const publicKey = await csr.publicKey.export();
  const issuerFamily: KeyFamily = issuer.keys.privateKey.algorithm.name === 'ECDSA' ? 'EC' : 'RSA';
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? randomSerial(),
    subject: csr.subject,
    issuer: issuer.certificate.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: algorithm(issuerFamily),
    publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      ...await caExtensions(publicKey, options.pathLength ?? 0),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
  });
  return certificate.toString('pem');
}

/** 16 random bytes as hex, first bit clear so the DER integer needs no leading zero. */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] % 0x7f) + 1;
  return Buffer.from(bytes).toString('hex');
}

/** Key of an end-entity certificate: RSA of a size, or an EC curve (WebCrypto names). */
export type LeafKey = { readonly rsa: number } | { readonly curve: 'P-256' | 'P-384' | 'P-521' };

/** What an end-entity certificate says. */
export interface LeafOptions {
  /** Distinguished name, for example `CN=app.example.com, O=Example`. */
  readonly subject?: string;
  readonly dnsNames?: string[];
  readonly ipAddresses?: string[];
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly serialNumber?: string;
  /** @default serverAuth and clientAuth, as EndEntityCertificate/V1 gives */
  readonly extendedKeyUsages?: string[];
  /** @default digitalSignature and keyEncipherment (critical), as EndEntityCertificate/V1 gives */
  readonly keyUsages?: number;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

async function leafExtensions(options: LeafOptions, publicKey: CryptoKey, issuer: CaMaterial): Promise<x509.Extension[]> {
  const names = [
    ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(options.keyUsages ?? (x509.KeyUsageFlags.digitalSignature + x509.KeyUsageFlags.keyEncipherment), true),
    new x509.ExtendedKeyUsageExtension(options.extendedKeyUsages ?? [SERVER_AUTH, CLIENT_AUTH]),
    ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
  ];
}

function signingAlgorithmOf(issuer: CaMaterial) {
  return algorithm(issuer.keys.privateKey.algorithm.name === 'ECDSA' ? 'EC' : 'RSA');
}

/**
 * An end-entity certificate and its key (PEM, PKCS#8), as a workload would have imported into ACM,
 * issued by `issuer`.
 */
export async function createLeafCertificate(issuer: CaMaterial, key: LeafKey, options: LeafOptions = {}): Promise<{ pem: string; keyPem: string }> {
  const keyAlgorithm = 'rsa' in key
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: key.rsa }
    : { name: 'ECDSA', namedCurve: key.curve };
  const keys = await webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? randomSerial(),
    subject: options.subject ?? 'CN=app.example.com, O=cdk-pki tests',
    issuer: issuer.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 10 * DAY),
    signingAlgorithm: signingAlgorithmOf(issuer),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: await leafExtensions(options, keys.publicKey, issuer),
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { pem: certificate.toString('pem'), keyPem };
}

/**
 * Issues an end-entity certificate for a PKCS#10 request as AWS Private CA's EndEntityCertificate/V1 does:
 * the CSR's subject and SANs, the template's key usages. Throws when the CSR's signature does not verify.
 */
export async function issueFromCsr(csrPem: string, issuer: CaMaterial, options: Omit<LeafOptions, 'subject' | 'dnsNames' | 'ipAddresses'> & {
  /** Drop the SANs of the CSR (a template that does not copy them). */
  readonly dropSans?: boolean;
} = {}): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!await csr.verify()) throw new Error('the CSR signature does not verify');
  const publicKey = await csr.publicKey.export();
  const san = csr.getExtension('2.5.29.17');
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: options.serialNumber ?? randomSerial(),
    subject: csr.subject,
    issuer: issuer.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - 60_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: signingAlgorithmOf(issuer),
    publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      ...(await leafExtensions(options, publicKey, issuer)),
      ...(san && !options.dropSans ? [san] : []),
    ],
  });
  return certificate.toString('pem');
}
