import { X509Certificate } from 'node:crypto';
import { formatSerial, splitPem } from '../shared/pem';

/** Serial (hex) of a PEM certificate, or undefined when there is none. */
export function serialOf(pem: string | undefined): string | undefined {
  if (!pem) return undefined;
  try {
    return new X509Certificate(pem).serialNumber;
  } catch {
    return undefined;
  }
}

/** Whether two serial numbers, in any of the hexadecimal spellings, are the same number. */
export function sameSerial(a: string, b: string): boolean {
  const value = (s: string) => BigInt(`0x${s.replace(/[^0-9a-fA-F]/g, '') || '0'}`);
  return value(a) === value(b);
}

function describeCert(cert: X509Certificate): string {
  return `'${cert.subject.replace(/\n/g, ', ')}' (serial ${formatSerial(cert.serialNumber)})`;
}

/**
 * Checks that `certificatePem` is issued and signed by the first certificate of `chainPem`, each chain
 * element by the next, and that a self-issued last element is validly self-signed. Returns the parsed
 * certificate; throws naming the link that fails.
 */
export function verifyChain(certificatePem: string, chainPem: string | undefined): X509Certificate {
  const certificate = new X509Certificate(certificatePem);
  const chain = splitPem(chainPem).map((pem) => new X509Certificate(pem));
  if (chain.length === 0) {
    throw new Error(`no certificate chain came with ${describeCert(certificate)}`);
  }
  const links = [certificate, ...chain];
  for (let i = 0; i < chain.length; i++) {
    const [child, issuer] = [links[i], links[i + 1]];
    if (!child.checkIssued(issuer)) {
      throw new Error(`${describeCert(child)} is not issued by the next chain element ${describeCert(issuer)}`);
    }
    if (!child.verify(issuer.publicKey)) {
      throw new Error(`the signature of ${describeCert(child)} does not verify with the key of ${describeCert(issuer)}`);
    }
  }
  const last = chain[chain.length - 1];
  if (last.checkIssued(last) && !last.verify(last.publicKey)) {
    throw new Error(`the self-signature of ${describeCert(last)} does not verify`);
  }
  return certificate;
}

export type ValidityUnit = 'YEARS' | 'MONTHS' | 'DAYS';
export const VALIDITY_UNITS: readonly ValidityUnit[] = ['YEARS', 'MONTHS', 'DAYS'];

/** When a certificate of `value` `unit` issued at `from` ends (calendar arithmetic in UTC). */
export function validityEnd(from: Date, unit: ValidityUnit, value: number): Date {
  const end = new Date(from.getTime());
  switch (unit) {
    case 'YEARS': end.setUTCFullYear(end.getUTCFullYear() + value); break;
    case 'MONTHS': end.setUTCMonth(end.getUTCMonth() + value); break;
    case 'DAYS': end.setUTCDate(end.getUTCDate() + value); break;
  }
  return end;
}

/** The longest validity in `unit` issued at `from` that ends no later than `limit` (0 when none fits). */
export function longestValidity(from: Date, unit: ValidityUnit, limit: Date): number {
  const perUnitDays = { YEARS: 366, MONTHS: 31, DAYS: 1 }[unit];
  let value = Math.max(0, Math.floor((limit.getTime() - from.getTime()) / 86_400_000 / perUnitDays));
  while (validityEnd(from, unit, value + 1) <= limit) value++;
  return value;
}
