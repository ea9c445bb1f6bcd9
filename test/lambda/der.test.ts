/**
 * lambda/shared/der.ts, the handlers' own DER reader and writer: round trips and refusals, cross-checked
 * against asn1js and @peculiar/asn1-* (test-only here) for encodings and against node:crypto for real
 * certificates; and the PKCS#10 request that cert-renewal's buildCsr makes, decoded with @peculiar/asn1-csr
 * and verified with node:crypto.
 */
import 'reflect-metadata';
import { createPublicKey, generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Extensions, ExtendedKeyUsage, KeyUsage, KeyUsageFlags, SubjectAlternativeName } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import { buildCsr, parseCertificate } from '../../lambda/cert-renewal/x509';
import {
  bitIsSet, bitString, boolean, CONTEXT_SPECIFIC, contextTag, integer, isTag, nullValue, octetString, oid, readBitString,
  readBoolean, readDer, readInteger, readIntegerBytes, readOctetString, readOid, readText, sequence, set, TAG, tlv, tryReadDer,
} from '../../lambda/shared/der';
import { createLeafCertificate, createRootCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';

jest.setTimeout(60_000);

const hex = (bytes: Uint8Array | ArrayBuffer) => Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('hex');
const asn1Der = (block: asn1js.BaseBlock) => hex(block.toBER(false));

describe('lengths', () => {
  test.each([
    [0, '00'],
    [1, '01'],
    [127, '7f'],
    [128, '8180'],
    [255, '81ff'],
    [256, '820100'],
    [1000, '8203e8'],
    [65_535, '82ffff'],
    [65_536, '83010000'],
  ])('an OCTET STRING of %d bytes has the length octets %s, as asn1js writes them, and reads back', (size, lengthOctets) => {
    const contents = Buffer.alloc(size, 0xab);
    const der = octetString(contents);
    expect(der.subarray(1, 1 + lengthOctets.length / 2).toString('hex')).toBe(lengthOctets);
    expect(hex(der)).toBe(asn1Der(new asn1js.OctetString({ valueHex: new Uint8Array(contents).buffer })));
    const node = readDer(der);
    expect(readOctetString(node).equals(contents)).toBe(true);
    expect(node.raw.equals(der)).toBe(true);
  });

  test('a SEQUENCE over 255 bytes of children reads back to the same children, raw slices included', () => {
    const items = Array.from({ length: 60 }, (_, i) => octetString(Buffer.alloc(i, i)));
    const der = sequence(...items);
    expect(der.subarray(0, 2).toString('hex')).toBe('3082');
    expect(hex(der)).toBe(asn1Der(new asn1js.Sequence({ value: items.map((i) => asn1js.fromBER(new Uint8Array(i).buffer).result) })));
    const node = readDer(der);
    expect(node.constructed).toBe(true);
    expect(node.children.map((c) => c.raw.toString('hex'))).toEqual(items.map((i) => i.toString('hex')));
  });

  test('a long-form length that could be shorter is read (BER leniency), and the writer never writes one', () => {
    expect(readOctetString(readDer(Buffer.from('0481020102', 'hex'))).toString('hex')).toBe('0102');
    expect(octetString(Buffer.from([1, 2])).toString('hex')).toBe('04020102');
  });
});

describe('refusals', () => {
  test.each([
    ['an indefinite length', '3080040100 0000', /indefinite length at offset 1: not allowed in DER/],
    ['empty input', '', /truncated: the identifier at offset 0 is missing/],
    ['a missing length', '30', /truncated: the length at offset 1 is missing/],
    ['contents shorter than the length', '0405010203', /truncated: the value at offset 0 has 5 content byte\(s\), 3 left/],
    ['a long-form length cut short', '048201', /truncated: the long-form length at offset 3 is missing/],
    ['a child longer than its parent, though the input has the bytes', '3003040500 00000000', /truncated: the value at offset 2 has 5 content byte\(s\), 1 left/],
    ['trailing bytes', '0500 00', /1 trailing byte\(s\) after the value, at offset 2/],
    ['two values', '0500 0500', /2 trailing byte\(s\)/],
    ['a length of 5 octets', '04850100000000', /a length of 5 octets at offset 1 is too large/],
    ['the reserved length octet', '04ff', /reserved length octet 0xFF/],
  ])('%s is refused', (_, input, message) => {
    const der = Buffer.from(input.replace(/ /g, ''), 'hex');
    expect(() => readDer(der)).toThrow(message);
    expect(tryReadDer(der)).toBeUndefined();
  });

  test('a truncated certificate is refused at every length', async () => {
    const der = new X509Certificate((await root()).pem).raw;
    for (const cut of [1, 2, 10, 100, der.length - 1]) {
      expect(() => readDer(der.subarray(0, cut))).toThrow(/truncated/);
    }
  });

  test('nesting deeper than 64 is refused', () => {
    let der = nullValue();
    for (let i = 0; i < 70; i++) der = sequence(der);
    expect(() => readDer(der)).toThrow(/nested more than 64 deep/);
  });

  test('values read as the wrong type are refused', () => {
    expect(() => readOid(readDer(nullValue()))).toThrow(/expected an OBJECT IDENTIFIER, found a primitive universal value of tag 5/);
    expect(() => readOid(readDer(Buffer.from('0600', 'hex')))).toThrow(/an empty OBJECT IDENTIFIER/);
    expect(() => readOid(readDer(Buffer.from('06022a86', 'hex')))).toThrow(/ends inside a sub-identifier/);
    expect(() => readIntegerBytes(readDer(Buffer.from('0200', 'hex')))).toThrow(/an INTEGER without contents/);
    expect(() => readBoolean(readDer(Buffer.from('01020000', 'hex')))).toThrow(/a BOOLEAN of 2 octets/);
    expect(() => readBitString(readDer(Buffer.from('0300', 'hex')))).toThrow(/without its initial octet/);
    expect(() => readBitString(readDer(Buffer.from('030208ff', 'hex')))).toThrow(/8 unused bits/);
    expect(() => readBitString(readDer(Buffer.from('030101', 'hex')))).toThrow(/1 unused bits/);
    expect(() => readText(readDer(Buffer.from('1e03004100', 'hex')))).toThrow(/a BMPString of 3 octets/);
    expect(() => readText(readDer(Buffer.from('1c03000041', 'hex')))).toThrow(/a UniversalString of 3 octets/);
  });
});

describe('OBJECT IDENTIFIER', () => {
  test.each([
    ['1.2.840.113549.1.1.11', '06092a864886f70d01010b'],
    ['2.5.29.17', '0603551d11'],
    ['1.3.6.1.4.1.311.20.2.2', '060a2b0601040182371402 02'],
    ['0.0', '060100'],
    ['0.39', '060127'],
    ['1.0', '060128'],
    ['1.39', '06014f'],
    // The first two arcs share one sub-identifier, 40 * X + Y: only arc 2 may have a second arc of 40 or more.
    ['2.0', '060150'],
    ['2.47', '06017f'],
    ['2.48', '0602 8100'],
    ['2.999.3', '0603883703'],
    // Sub-identifiers of 128 and more take several octets, the high bit set on all but the last.
    ['1.2.128.16383.16384.2097151', '060b2a 8100 ff7f 818000 ffff7f'],
    // A UUID arc (X.667) is beyond Number.MAX_SAFE_INTEGER.
    ['2.25.329800735698586629295641978511506172918', '0614 69 83f09da7ebcfdee0c7a1a7b2c0948cc8f9d776'],
  ])('%s', (dotted, expected) => {
    const der = oid(dotted);
    const reference = asn1Der(new asn1js.ObjectIdentifier({ value: dotted }));
    expect(hex(der)).toBe(reference);
    expect(hex(der)).toBe(expected.replace(/ /g, ''));
    expect(readOid(readDer(der))).toBe(dotted);
    expect(readOid(readDer(Buffer.from(reference, 'hex')))).toBe(dotted);
  });

  test.each(['1', '3.1', '1.40', '0.40', '1.2.', 'a.b', '1..2', '-1.2'])('%s is not written', (dotted) => {
    expect(() => oid(dotted)).toThrow(/is not an object identifier/);
  });
});

describe('INTEGER', () => {
  test.each([
    [0, '020100'],
    [1, '020101'],
    [127, '02017f'],
    // A positive value whose high bit is set needs a 00 octet in front, a negative one whose high bit is clear an FF.
    [128, '02020080'],
    [255, '020200ff'],
    [256, '02020100'],
    [32_767, '02027fff'],
    [32_768, '0203008000'],
    [-1, '0201ff'],
    [-128, '020180'],
    [-129, '0202ff7f'],
    [-256, '0202ff00'],
    [-32_768, '02028000'],
    [-32_769, '0203ff7fff'],
    [Number.MAX_SAFE_INTEGER, '02071fffffffffffff'],
    [Number.MIN_SAFE_INTEGER, '0207e00000000000 01'],
  ])('%d', (value, expected) => {
    const der = integer(value);
    expect(hex(der)).toBe(expected.replace(/ /g, ''));
    // asn1js as the reference: its number constructor within 32 bits, fromBigInt beyond (which pads -2^(8n-1)
    // with a needless FF, and the number constructor loses precision near 2^53).
    expect(hex(der)).toBe(asn1Der(Math.abs(value) < 2 ** 31 ? new asn1js.Integer({ value }) : asn1js.Integer.fromBigInt(BigInt(value))));
    expect(readInteger(readDer(der))).toBe(value);
  });

  test('bigints and unsigned bytes (a serial number) are written in the fewest octets', () => {
    const big = 2n ** 100n + 5n;
    expect(hex(integer(big))).toBe(asn1Der(asn1js.Integer.fromBigInt(big)));
    expect(hex(integer(-big))).toBe(asn1Der(asn1js.Integer.fromBigInt(-big)));
    expect(hex(integer(Buffer.from('80', 'hex')))).toBe('02020080');
    expect(hex(integer(Buffer.from('00000102', 'hex')))).toBe('02020102');
    expect(hex(integer(Buffer.from('0000', 'hex')))).toBe('020100');
    expect(hex(integer(new Uint8Array(0)))).toBe('020100');
    expect(() => readInteger(readDer(integer(big)))).toThrow(/too large for a number/);
    expect(hex(readIntegerBytes(readDer(integer(big))))).toBe((big).toString(16).padStart(26, '0'));
  });

  test('a redundant leading octet is read (BER leniency)', () => {
    expect(readInteger(readDer(Buffer.from('0202007f', 'hex')))).toBe(127);
    expect(readInteger(readDer(Buffer.from('0202ffff', 'hex')))).toBe(-1);
  });
});

describe('BOOLEAN, NULL, BIT STRING, context tags, SET OF', () => {
  test('BOOLEAN and NULL as asn1js writes them', () => {
    expect(hex(boolean(true))).toBe(asn1Der(new asn1js.Boolean({ value: true })));
    expect(hex(boolean(true))).toBe('0101ff');
    expect(hex(boolean(false))).toBe('010100');
    expect(readBoolean(readDer(boolean(true)))).toBe(true);
    expect(readBoolean(readDer(boolean(false)))).toBe(false);
    expect(readBoolean(readDer(Buffer.from('010101', 'hex')))).toBe(true);
    expect(hex(nullValue())).toBe(asn1Der(new asn1js.Null()));
  });

  test('BIT STRING: unused bits and named bits, as @peculiar/asn1-x509 reads a KeyUsage', () => {
    const flags = KeyUsageFlags.digitalSignature + KeyUsageFlags.keyCertSign + KeyUsageFlags.decipherOnly;
    const usage = new KeyUsage(flags);
    const der = Buffer.from(AsnConvert.serialize(usage));
    const bits = readBitString(readDer(der));
    expect(bits.unusedBits).toBe(usage.unusedBits);
    expect(hex(bitString(bits.bytes, bits.unusedBits))).toBe(hex(der));
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 40].filter((n) => bitIsSet(bits, n))).toEqual([0, 5, 8]);
    expect(hex(bitString(Buffer.from('0102', 'hex')))).toBe(asn1Der(new asn1js.BitString({ valueHex: new Uint8Array([1, 2]).buffer })));
    expect(() => bitString(Buffer.alloc(0), 3)).toThrow(RangeError);
  });

  test('context-specific tags, primitive and constructed, and a high tag number', () => {
    expect(contextTag(0, true)).toBe(0xa0);
    expect(contextTag(7, false)).toBe(0x87);
    expect(() => contextTag(31, false)).toThrow(RangeError);
    const der = sequence(tlv(contextTag(3, true), sequence(nullValue())), tlv(contextTag(2, false), Buffer.from('a.example')));
    const [explicit, implicit] = readDer(der).children;
    expect([explicit.tagClass, explicit.constructed, explicit.tagNumber]).toEqual([CONTEXT_SPECIFIC, true, 3]);
    expect(isTag(explicit, 3, CONTEXT_SPECIFIC)).toBe(true);
    expect(isTag(explicit, 3)).toBe(false);
    expect(isTag(explicit.children[0], TAG.SEQUENCE)).toBe(true);
    expect([implicit.tagClass, implicit.constructed, implicit.contents.toString()]).toEqual([CONTEXT_SPECIFIC, false, 'a.example']);
    const high = readDer(Buffer.from('9f8101020102', 'hex'));
    expect([high.tagClass, high.tagNumber, high.contents.toString('hex')]).toEqual([CONTEXT_SPECIFIC, 129, '0102']);
  });

  test('SET OF orders its elements by their encodings', () => {
    const [a, b, c] = [integer(1), integer(256), octetString(Buffer.from([0]))];
    expect(hex(set(c, b, a))).toBe(`310a${hex(a)}${hex(b)}${hex(c)}`);
    // A shorter encoding sorts as if padded with zero octets.
    expect(hex(set(Buffer.from('0401ff', 'hex'), Buffer.from('0400', 'hex')))).toBe('31050400 0401ff'.replace(/ /g, ''));
  });
});

describe('character strings', () => {
  test.each([
    ['UTF8String', new asn1js.Utf8String({ value: 'Beispiel Zwischen-CA ü 😀' }), 'Beispiel Zwischen-CA ü 😀'],
    ['PrintableString', new asn1js.PrintableString({ value: 'Example CA' }), 'Example CA'],
    ['IA5String', new asn1js.IA5String({ value: 'ca@example.com' }), 'ca@example.com'],
    ['BMPString', new asn1js.BmpString({ value: 'Ωmega Zertifizierungsstelle ü' }), 'Ωmega Zertifizierungsstelle ü'],
    ['TeletexString', new asn1js.TeletexString({ value: 'Aé' }), 'Aé'],
    ['NumericString', new asn1js.NumericString({ value: '0042' }), '0042'],
    ['VisibleString', new asn1js.VisibleString({ value: 'Visible' }), 'Visible'],
    ['UniversalString', new asn1js.UniversalString({ value: 'Aé Ω' }), 'Aé Ω'],
  ])('%s', (_, block, text) => {
    expect(readText(readDer(Buffer.from(block.toBER(false))))).toBe(text);
  });

  test('BMPString is UTF-16BE, surrogate pairs included; UniversalString is UCS-4', () => {
    expect(readText(readDer(Buffer.from('1e0c03a9006d00650067d83dde00', 'hex')))).toBe('Ωmeg😀');
    expect(readText(readDer(Buffer.from('1c080001f600000000 41'.replace(/ /g, ''), 'hex')))).toBe('😀A');
  });

  test('a UTF8String that is not UTF-8 reads one character an octet, as asn1js did', () => {
    expect(readText(readDer(Buffer.from('0c0441c328ff', 'hex')))).toBe('A\u00c3(\u00ff');
    expect(readText(readDer(Buffer.from('0c05efbbbf6869', 'hex')))).toBe('\ufeffhi');
  });

  test('other values are no text', () => {
    expect(readText(readDer(integer(5)))).toBeUndefined();
    expect(readText(readDer(oid('2.5.4.3')))).toBeUndefined();
    expect(readText(readDer(tlv(0x82, Buffer.from('x'))))).toBeUndefined();
  });
});

let rootCa: CaMaterial | undefined;
async function root(): Promise<CaMaterial> {
  rootCa ??= await createRootCa({ commonName: 'DER Test Root' });
  return rootCa;
}

describe('a real certificate, against node:crypto', () => {
  test('serial, subject, public key and the signed tbsCertificate bytes', async () => {
    const ca = await root();
    const leaf = await createLeafCertificate(ca, { curve: 'P-256' }, { subject: 'CN=app.example.com, O=Beispiel GmbH ü', dnsNames: ['app.example.com'] });
    const certificate = new X509Certificate(leaf.pem);
    const [tbs, algorithm, signature] = readDer(certificate.raw).children;
    const fields = tbs.children;
    expect(isTag(fields[0], 0, CONTEXT_SPECIFIC)).toBe(true);
    expect(readInteger(fields[0].children[0])).toBe(2); // v3
    expect(hex(readIntegerBytes(fields[1])).toUpperCase()).toBe(certificate.serialNumber);
    expect(readOid(algorithm.children[0])).toBe('1.2.840.113549.1.1.11');

    const subject = fields[5].children.map((rdn) => rdn.children[0].children);
    const text = subject.map(([type, value]) => `${{ '2.5.4.3': 'CN', '2.5.4.10': 'O' }[readOid(type)]}=${readText(value)}`);
    expect(text.join('\n')).toBe(certificate.subject);
    expect(fields[6].raw.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);

    // The raw slice of tbsCertificate is exactly the signed bytes.
    const issuerKey = new X509Certificate(ca.pem).publicKey;
    expect(verify('sha256', tbs.raw, issuerKey, readBitString(signature).bytes)).toBe(true);
  });
});

describe('buildCsr (cert-renewal)', () => {
  test.each([
    ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), '1.2.840.113549.1.1.11', 'sha256'],
    ['EC P-256', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), '1.2.840.10045.4.3.2', 'sha256'],
    ['EC P-384', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }), '1.2.840.10045.4.3.3', 'sha384'],
  ])('a %s request is a PKCS#10 that verifies with its own key and carries the subject, SANs, KU and EKU', async (_, keysOf, algorithm, hash) => {
    const ca = await root();
    const leaf = await createLeafCertificate(ca, { rsa: 2048 }, {
      subject: 'CN=app.example.com, O=Beispiel GmbH ü, C=DE', dnsNames: ['app.example.com', 'www.app.example.com'], ipAddresses: ['10.0.0.1', '2001:db8::1'],
    });
    const current = parseCertificate(leaf.pem);
    const keys = keysOf();
    const { der, pem } = buildCsr(current, keys);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE REQUEST-----\n$/);

    const request = AsnConvert.parse(der, CertificationRequest);
    expect(request.certificationRequestInfo.version).toBe(0);
    expect(Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subject)).equals(current.subjectDer)).toBe(true);
    expect(Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo))
      .equals(keys.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(request.signatureAlgorithm.algorithm).toBe(algorithm);
    // @peculiar reads NULL parameters as null, absent ones as undefined.
    expect(request.signatureAlgorithm.parameters).toBe(algorithm.startsWith('1.2.840.113549') ? null : undefined);

    // The signature is over the certificationRequestInfo's DER, as it is in the request.
    const info = readDer(der).children[0];
    expect(hex(AsnConvert.serialize(request.certificationRequestInfo))).toBe(hex(info.raw));
    const signature = readBitString(readDer(der).children[2]);
    expect(signature.unusedBits).toBe(0);
    const ownKey = createPublicKey({ key: Buffer.from(AsnConvert.serialize(request.certificationRequestInfo.subjectPKInfo)), format: 'der', type: 'spki' });
    expect(verify(hash, info.raw, ownKey, signature.bytes)).toBe(true);
    expect(verify(hash, Buffer.from(AsnConvert.serialize(request.certificationRequestInfo)), ownKey, Buffer.from(request.signature))).toBe(true);

    // extensionRequest: the SAN, KU and EKU extensions of the current certificate, the same values, critical only when they were.
    const [attribute] = request.certificationRequestInfo.attributes;
    expect(attribute.type).toBe('1.2.840.113549.1.9.14');
    const extensions = AsnConvert.parse(attribute.values[0], Extensions);
    const byOid = new Map(current.extensions.map((e) => [e.oid, e]));
    expect(extensions.map((e) => e.extnID)).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.17']);
    for (const e of extensions) {
      expect(Buffer.from(e.extnValue.buffer).equals(byOid.get(e.extnID)!.value)).toBe(true);
      expect(e.critical).toBe(byOid.get(e.extnID)!.critical);
    }
    expect(extensions[0].critical).toBe(true);
    expect(AsnConvert.parse(extensions[0].extnValue, KeyUsage).toJSON()).toEqual(['digitalSignature', 'keyEncipherment']);
    expect([...AsnConvert.parse(extensions[1].extnValue, ExtendedKeyUsage)]).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(AsnConvert.parse(extensions[2].extnValue, SubjectAlternativeName).map((n) => n.dNSName ?? n.iPAddress))
      .toEqual(['app.example.com', 'www.app.example.com', '10.0.0.1', '2001:db8::1']);
    // A FALSE critical is left out (DEFAULT FALSE), a TRUE one written as FF.
    const written = readDer(Buffer.from(attribute.values[0])).children;
    expect(written.map((e) => e.children.length)).toEqual([3, 2, 2]);
    expect(hex(written[0].children[1].raw)).toBe('0101ff');
  });

  test('a certificate without SAN, KU or EKU gives an empty [0] attributes', async () => {
    const ca = await root();
    const current = parseCertificate(ca.pem);
    const withoutCarried = { ...current, extensions: current.extensions.filter((e) => !['2.5.29.15', '2.5.29.17', '2.5.29.37'].includes(e.oid)) };
    const { der } = buildCsr(withoutCarried, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
    const info = readDer(der).children[0];
    expect(hex(info.children[3].raw)).toBe('a000');
    expect(AsnConvert.parse(der, CertificationRequest).certificationRequestInfo.attributes).toHaveLength(0);
  });
});
