/** PEM bundles and serial numbers as every handler reads and prints them (lambda/shared/pem.ts). */
import { X509Certificate } from 'node:crypto';
import { formatSerial, splitPem } from '../../../lambda/shared/pem';
import { createCsr, createRootCa, signCsrAsCa } from '../../support/pki';

test('splitPem: every certificate of a bundle, in order; nothing for an empty or missing bundle', async () => {
  const root = await createRootCa({ family: 'EC', commonName: 'Split Root' });
  const child = await signCsrAsCa((await createCsr({ family: 'EC', commonName: 'Split Child' })).pem, root);
  const parts = splitPem(`${child}\n${root.pem}`);
  expect(parts.map((pem) => new X509Certificate(pem).subject.split('\n')[0])).toEqual(['CN=Split Child', 'CN=Split Root']);
  expect(splitPem('')).toEqual([]);
  expect(splitPem(undefined)).toEqual([]);
});

test.each([
  ['0A1B2C', '0a:1b:2c'],
  ['a1b2c', '0a:1b:2c'],
  ['0a:1b:2c', '0a:1b:2c'],
  ['', ''],
])('formatSerial(%p) is %p: lowercase octets with colons', (hex, formatted) => {
  expect(formatSerial(hex)).toBe(formatted);
});
