import { BitString, Constructed, Integer, ObjectIdentifier, Sequence, Set as Asn1Set, Utf8String } from 'asn1js';
import { csrPublicKey } from '../../lambda/ca-signer/csr';
import { declarationProblems, readCsr } from '../../lambda/shared/declaration';
import type { DeclaredSubject } from '../../src/private/contracts/signing';
import { csrWith, keyPair, OID } from '../support/declared-csr';
import type { Attribute } from '../support/declared-csr';

jest.setTimeout(120_000);

const SUBJECT: DeclaredSubject = { CommonName: 'Example Issuing CA', Organization: 'Example', OrganizationalUnit: 'PKI', Country: 'DE' };
const ATTRIBUTES: Attribute[] = [[OID.C, 'DE'], [OID.O, 'Example'], [OID.OU, 'PKI'], [OID.CN, 'Example Issuing CA']];

describe('readCsr', () => {
  test.each([
    [{ rsa: 2048 }, 'RSA_2048'],
    [{ rsa: 3072 }, 'RSA_3072'],
    [{ rsa: 4096 }, 'RSA_4096'],
    [{ curve: 'P-256' as const }, 'EC_prime256v1'],
    [{ curve: 'P-384' as const }, 'EC_secp384r1'],
    [{ curve: 'P-521' as const }, 'EC_secp521r1'],
  ])('key %j is %s', async (key, expected) => {
    const { pem } = await csrWith(ATTRIBUTES, key);
    const facts = readCsr(pem);
    expect(facts.keyAlgorithm).toBe(expected);
    expect(facts.publicKey.equals(csrPublicKey(pem))).toBe(true);
  });

  test('an RSA key of another size has no AWS name', async () => {
    const { pem } = await csrWith(ATTRIBUTES, { rsa: 1024 });
    expect(readCsr(pem).keyAlgorithm).toBeUndefined();
  });

  test('subject attributes in their order, every field of the CloudFormation subject', async () => {
    const attributes: Attribute[] = [
      [OID.C, 'DE'], [OID.ST, 'Berlin'], [OID.L, 'Berlin'], [OID.O, 'Example'], [OID.OU, 'PKI'],
      [OID.DNQ, 'q1'], [OID.SERIAL, '0042'], [OID.CN, 'Beispiel Zwischen-CA ü'],
    ];
    const { pem } = await csrWith(attributes);
    expect(readCsr(pem).subject).toEqual(attributes.map(([oid, value]) => ({ oid, value })));
  });

  /**
   * A CSR whose key is of an algorithm WebCrypto on Node.js 20 cannot make (ML-DSA, SM2): the structure only, with
   * a dummy key and signature (readCsr reads, it does not verify).
   */
  function syntheticCsr(algorithm: Array<ObjectIdentifier>): string {
    const info = new Sequence({
      value: [
        new Integer({ value: 0 }),
        new Sequence({ value: [new Asn1Set({ value: [new Sequence({ value: [new ObjectIdentifier({ value: OID.CN }), new Utf8String({ value: 'PQ CA' })] })] })] }),
        new Sequence({ value: [new Sequence({ value: algorithm }), new BitString({ valueHex: new Uint8Array(32).fill(7).buffer })] }),
        new Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] }),
      ],
    });
    const request = new Sequence({ value: [info, new Sequence({ value: [algorithm[0]] }), new BitString({ valueHex: new Uint8Array(8).buffer })] });
    const body = Buffer.from(request.toBER(false)).toString('base64').match(/.{1,64}/g)!.join('\n');
    return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
  }

  test.each([
    ['2.16.840.1.101.3.4.3.17', 'ML_DSA_44'],
    ['2.16.840.1.101.3.4.3.18', 'ML_DSA_65'],
    ['2.16.840.1.101.3.4.3.19', 'ML_DSA_87'],
    ['1.2.3.4', undefined],
  ])('key algorithm OID %s is %s', (oid, expected) => {
    const facts = readCsr(syntheticCsr([new ObjectIdentifier({ value: oid })]));
    expect(facts.keyAlgorithm).toBe(expected);
    expect(facts.subject).toEqual([{ oid: OID.CN, value: 'PQ CA' }]);
  });

  test('an EC key on the SM2 curve is SM2', () => {
    const facts = readCsr(syntheticCsr([new ObjectIdentifier({ value: '1.2.840.10045.2.1' }), new ObjectIdentifier({ value: '1.2.156.10197.1.301' })]));
    expect(facts.keyAlgorithm).toBe('SM2');
  });

  test('a PEM that is not a CSR is refused', () => {
    expect(() => readCsr('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(/not a PEM certificate request/);
  });
});

describe('declarationProblems', () => {
  const declared = { Subject: SUBJECT, KeyAlgorithm: 'EC_secp384r1' };

  async function problemsOf(attributes: readonly Attribute[], key: Parameters<typeof csrWith>[1] = { curve: 'P-384' }, d = declared) {
    return declarationProblems(readCsr((await csrWith(attributes, key)).pem), d);
  }

  test('the declared subject and key algorithm: no problem', async () => {
    expect(await problemsOf(ATTRIBUTES)).toEqual([]);
  });

  test('another order of the same attributes still matches', async () => {
    expect(await problemsOf([...ATTRIBUTES].reverse())).toEqual([]);
  });

  test('empty declared fields count as absent', async () => {
    expect(await problemsOf(ATTRIBUTES, undefined, { ...declared, Subject: { ...SUBJECT, State: '', Locality: undefined } })).toEqual([]);
  });

  test('an extra OrganizationalUnit is a problem that names the field and the value', async () => {
    const problems = await problemsOf([...ATTRIBUTES, [OID.OU, 'Rogue']]);
    expect(problems).toEqual(['subject OrganizationalUnit: declared "PKI", the CSR has "PKI", "Rogue".']);
  });

  test('another CommonName', async () => {
    const problems = await problemsOf([[OID.C, 'DE'], [OID.O, 'Example'], [OID.OU, 'PKI'], [OID.CN, 'Other CA']]);
    expect(problems).toEqual(['subject CommonName: declared "Example Issuing CA", the CSR has "Other CA".']);
  });

  test('a missing field', async () => {
    const problems = await problemsOf([[OID.O, 'Example'], [OID.OU, 'PKI'], [OID.CN, 'Example Issuing CA']]);
    expect(problems).toEqual(['subject Country: declared "DE", the CSR has none.']);
  });

  test('a field that is not declared, and an attribute of another type', async () => {
    const problems = await problemsOf([...ATTRIBUTES, [OID.L, 'Paris'], [OID.EMAIL, 'ca@example.com']]);
    expect(problems).toEqual([
      'subject Locality: declared none, the CSR has "Paris".',
      'subject attribute 1.2.840.113549.1.9.1: not declared (the declaration has no such field), the CSR has "ca@example.com".',
    ]);
  });

  test('another key algorithm: curve and RSA size', async () => {
    expect(await problemsOf(ATTRIBUTES, { curve: 'P-256' })).toEqual(['key algorithm: declared EC_secp384r1, the CSR has EC_prime256v1.']);
    expect(await problemsOf(ATTRIBUTES, { rsa: 2048 }, { ...declared, KeyAlgorithm: 'RSA_4096' }))
      .toEqual(['key algorithm: declared RSA_4096, the CSR has RSA_2048.']);
  });

  test('every problem at once', async () => {
    const problems = await problemsOf([[OID.CN, 'Other CA']], { curve: 'P-256' });
    expect(problems).toHaveLength(5);
    expect(problems.join(' ')).toMatch(/CommonName.*Organization.*OrganizationalUnit.*Country.*key algorithm/);
  });

  test('the public key tells two CSRs of the same subject apart', async () => {
    const mine = readCsr((await csrWith(ATTRIBUTES, { curve: 'P-384' }, await keyPair({ curve: 'P-384' }, true))).pem);
    const theirs = readCsr((await csrWith(ATTRIBUTES, { curve: 'P-384' }, await keyPair({ curve: 'P-384' }, true))).pem);
    expect(declarationProblems(theirs, declared)).toEqual([]);
    expect(mine.publicKey.equals(theirs.publicKey)).toBe(false);
    expect(mine.keyAlgorithm).toBe(theirs.keyAlgorithm);
  });
});
