import { KeyAlgorithm, KeyFamily, SigningAlgorithm, Validity, ValidityUnit } from '../../src';
import { signingIncompatibility } from '../../src/hierarchy/private/ca-config';

describe('Validity', () => {
  test('keeps unit and value as AWS takes them', () => {
    expect([Validity.years(10).unit, Validity.years(10).value]).toEqual([ValidityUnit.YEARS, 10]);
    expect(Validity.months(18).toString()).toBe('18 months');
    expect(Validity.days(90).unit).toBe(ValidityUnit.DAYS);
  });

  test.each([
    [Validity.years(3), Validity.years(10), true],
    [Validity.years(10), Validity.years(10), false],
    [Validity.months(119), Validity.years(10), true],
    [Validity.months(120), Validity.years(10), false],
    [Validity.days(3649), Validity.years(10), true],
    [Validity.days(3650), Validity.years(10), false],
    [Validity.years(1), Validity.days(367), true],
    [Validity.years(1), Validity.days(366), false],
    [Validity.months(1), Validity.days(32), true],
    [Validity.months(1), Validity.days(31), false],
  ])('%s ends before %s: %s', (child, parent, expected) => {
    expect(child.endsBefore(parent)).toBe(expected);
  });

  test.each([0, -1, 1.5])('refuses %d', (value) => {
    expect(() => Validity.years(value)).toThrow(/is not a validity; use a whole number of at least 1/);
  });
});

describe('KeyAlgorithm', () => {
  test.each([
    [KeyAlgorithm.RSA_2048, SigningAlgorithm.SHA512WITHRSA, undefined],
    [KeyAlgorithm.EC_SECP384R1, SigningAlgorithm.SHA256WITHECDSA, undefined],
    [KeyAlgorithm.ML_DSA_87, SigningAlgorithm.ML_DSA_87, undefined],
    [KeyAlgorithm.SM2, SigningAlgorithm.SM3WITHSM2, undefined],
    [KeyAlgorithm.EC_SECP384R1, SigningAlgorithm.SHA384WITHRSA, /is for RSA keys/],
    [KeyAlgorithm.ML_DSA_44, SigningAlgorithm.SHA256WITHECDSA, /is for EC keys/],
    [KeyAlgorithm.ML_DSA_87, SigningAlgorithm.ML_DSA_44, /signs only with ML_DSA_87/],
  ])('%s with %s', (key, signing, problem) => {
    const result = signingIncompatibility(key, signing);
    if (problem === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(problem);
    }
  });

  test('every key signs with its default algorithm', () => {
    const keys = Object.values(KeyAlgorithm).filter((k): k is KeyAlgorithm => k instanceof KeyAlgorithm);
    expect(keys.map((k) => k.name)).toEqual([
      'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'SM2',
    ]);
    for (const key of keys) {
      expect(signingIncompatibility(key, key.defaultSigningAlgorithm)).toBeUndefined();
    }
  });

  test('a custom algorithm can be named through the constructor', () => {
    const future = new KeyAlgorithm('EC_FUTURE', KeyFamily.EC, SigningAlgorithm.SHA384WITHECDSA);
    expect(future.toString()).toBe('EC_FUTURE');
  });
});
