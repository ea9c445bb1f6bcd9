/**
 * The public key of a PKCS#10 certificate request (RFC 2986), read with our DER reader (lambda/shared/der.ts),
 * so the signer can check that a CSR belongs to the CA it is about to sign.
 */
import { createPublicKey } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { isTag, TAG, tryReadDer } from '../shared/der';
import { pemBody } from '../shared/pem';

/**
 * The SubjectPublicKeyInfo of a CSR, DER, normalized through node:crypto where Node.js knows the key type
 * (so that it compares equal with a certificate's key); the bytes as they are otherwise.
 * CertificationRequest ::= SEQUENCE { certificationRequestInfo SEQUENCE { version, subject, subjectPKInfo, attributes }, ... }
 */
export function csrPublicKey(pem: string): Buffer {
  const der = pemBody(pem, 'CERTIFICATE REQUEST');
  const request = tryReadDer(der);
  const info = isTag(request, TAG.SEQUENCE) ? request.children[0] : undefined;
  const spki = isTag(info, TAG.SEQUENCE) ? info.children[2] : undefined;
  if (!isTag(spki, TAG.SEQUENCE)) {
    throw new Error('the certificate request cannot be parsed: no subjectPKInfo');
  }
  return normalizeSpki(spki.raw);
}

/** A certificate's SubjectPublicKeyInfo, DER, normalized like `csrPublicKey`'s. */
export function certificatePublicKey(certificate: X509Certificate): Buffer {
  return normalizeSpki(certificate.publicKey.export({ type: 'spki', format: 'der' }));
}

/** A SubjectPublicKeyInfo (DER) as node:crypto writes it, so that two encodings of one key compare equal. */
export function normalizeSpki(spki: Buffer): Buffer {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
  } catch {
    // A key type this Node.js does not know (an ML-DSA key on an older runtime): compare the bytes.
    return spki;
  }
}
