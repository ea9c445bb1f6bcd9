/** PEM bundles and serial numbers, as the handlers read and print them. */

/** The DER of the first PEM block labelled `label` (CERTIFICATE REQUEST, ...), whatever its line breaks. */
export function pemBody(pem: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`not a PEM ${label.toLowerCase()}`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** Every certificate of a PEM bundle, in order. */
export function splitPem(bundle: string | undefined): string[] {
  return (bundle ?? '').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Lowercase hexadecimal with a colon between octets, as openssl and ACM print serials and RevokeCertificate takes them. */
export function formatSerial(hex: string): string {
  const digits = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  const even = digits.length % 2 === 1 ? `0${digits}` : digits;
  return (even.match(/../g) ?? []).join(':');
}
