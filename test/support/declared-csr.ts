/**
 * CSRs of any key (RSA of a size, an EC curve) and any subject, for the declaration and signing-authority
 * tests: the subject is given as attributes (type OID and value, in order), one attribute a RDN.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { LeafKey } from './pki';

x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

type CryptoKeyPair = webcrypto.CryptoKeyPair;

export const OID = {
  CN: '2.5.4.3',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  ST: '2.5.4.8',
  L: '2.5.4.7',
  DNQ: '2.5.4.46',
  SERIAL: '2.5.4.5',
  EMAIL: '1.2.840.113549.1.9.1',
} as const;

export type Attribute = readonly [oid: string, value: string];

function algorithm(key: LeafKey) {
  return 'rsa' in key
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: key.rsa }
    : { name: 'ECDSA', namedCurve: key.curve, hash: 'SHA-256' };
}

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

/** A key pair of `key`'s kind; `fresh` false reuses one made before (RSA-4096 takes a while). */
export function keyPair(key: LeafKey, fresh = false): Promise<CryptoKeyPair> {
  const id = JSON.stringify(key);
  const make = () => webcrypto.subtle.generateKey(algorithm(key), true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  if (fresh) return make();
  if (!keyCache.has(id)) keyCache.set(id, make());
  return keyCache.get(id)!;
}

/** A PEM CSR with the subject `attributes` (in order, one a RDN), signed by `keys` (a new key of `key` when absent). */
export async function csrWith(attributes: readonly Attribute[], key: LeafKey = { curve: 'P-384' }, keys?: CryptoKeyPair): Promise<{ pem: string; keys: CryptoKeyPair }> {
  const pair = keys ?? await keyPair(key);
  const name = attributes.map(([oid, value]) => ({ [oid]: [value] }));
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys: pair, signingAlgorithm: algorithm(key) });
  return { pem: csr.toString('pem'), keys: pair };
}
