import { AsnConvert } from '@peculiar/asn1-schema';
import { NameConstraints } from '@peculiar/asn1-x509';
import { encodeNameConstraints, parseCidr } from '../../lambda/ca-signer/name-constraints';

test('encodes permitted and excluded subtrees that decode to the same names', () => {
  const der = encodeNameConstraints({ PermittedDnsNames: ['example.com'], ExcludedEmailAddresses: ['.example.org'] });

  const parsed = AsnConvert.parse(der, NameConstraints);
  expect(parsed.permittedSubtrees?.map((s) => s.base.dNSName)).toEqual(['example.com']);
  expect(parsed.excludedSubtrees?.map((s) => s.base.rfc822Name)).toEqual(['.example.org']);
  // minimum (DEFAULT 0) and maximum are absent from the DER.
  expect(parsed.permittedSubtrees?.[0].maximum).toBeUndefined();
});

test('leaves out an empty permittedSubtrees', () => {
  const parsed = AsnConvert.parse(encodeNameConstraints({ ExcludedDnsNames: ['bad.example.com'], PermittedDnsNames: [] }), NameConstraints);

  expect(parsed.permittedSubtrees).toBeUndefined();
  expect(parsed.excludedSubtrees).toHaveLength(1);
});

test.each([
  ['10.0.0.0/8', [10, 0, 0, 0, 255, 0, 0, 0]],
  ['192.168.16.0/20', [192, 168, 16, 0, 255, 255, 240, 0]],
  ['0.0.0.0/0', [0, 0, 0, 0, 0, 0, 0, 0]],
  ['198.51.100.7/32', [198, 51, 100, 7, 255, 255, 255, 255]],
  ['fd00::/8', [0xfd, ...Array(15).fill(0), 0xff, ...Array(15).fill(0)]],
  ['2001:db8:0:0:0:0:0:0/33', [0x20, 0x01, 0x0d, 0xb8, ...Array(12).fill(0), 255, 255, 255, 255, 0x80, ...Array(11).fill(0)]],
  ['::ffff:10.0.0.0/104', [...Array(10).fill(0), 255, 255, 10, 0, 0, 0, ...Array(13).fill(255), 0, 0, 0]],
])('%s is encoded as address and mask octets', (cidr, octets) => {
  const der = encodeNameConstraints({ PermittedIpRanges: [cidr as string] });

  // GeneralName iPAddress is [7] IMPLICIT OCTET STRING.
  expect(der.includes(Buffer.from([0x87, (octets as number[]).length, ...(octets as number[])]))).toBe(true);
});

test('collects every invalid entry in one message', () => {
  expect(() => encodeNameConstraints({
    PermittedDnsNames: ['exa mple.com', '*.example.com'],
    PermittedIpRanges: ['10.0.0.1/8', '10.0.0.0', '300.0.0.0/8', 'fe80::1%eth0/64', '::/129'],
    ExcludedEmailAddresses: ['a@b@example.com'],
    PermittedUriDomains: ['https://example.com'],
  })).toThrow([
    "invalid NameConstraints: 'exa mple.com' is not a valid DNS name constraint",
    "'*.example.com' is not a valid DNS name constraint",
    "'10.0.0.1/8' is not a valid IP range: host bits are set after /8",
    "'10.0.0.0' is not a valid IP range: expected address/prefix, for example 10.0.0.0/8 or fd00::/8",
    "'300.0.0.0/8' is not a valid IP range: '300.0.0.0' is neither an IPv4 nor an IPv6 address",
    "'fe80::1%eth0/64' is not a valid IP range: expected address/prefix, for example 10.0.0.0/8 or fd00::/8",
    "'::/129' is not a valid IP range: prefix /129 is longer than 128 bits",
    "'https://example.com' is not a valid URI domain constraint",
    "'a@b@example.com' is not a valid email address constraint",
  ].join('; '));
});

test('refuses a spec without names', () => {
  expect(() => encodeNameConstraints({ PermittedDnsNames: [] })).toThrow('no permitted or excluded names');
});

test('parseCidr reads IPv6 shorthand', () => {
  expect(parseCidr('2001:db8::1:0/112')).toEqual({ address: [0x20, 0x01, 0x0d, 0xb8, ...Array(8).fill(0), 0, 1, 0, 0], prefix: 112 });
});
