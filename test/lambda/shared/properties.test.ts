/**
 * lambda/shared/properties.ts reads booleans and numbers as a handler receives them: from CloudFormation (every
 * scalar a string, "false" included, which JavaScript finds truthy) and from JSON events (as written).
 */
import { asCloudFormationSends } from './cloudformation';
import { parseBoolean, parseInteger, readBoolean } from '../../../lambda/shared/properties';
import type { AsCloudFormationSends } from '../../../lambda/shared/properties';

describe('what CloudFormation sends', () => {
  const written = { Discover: false, Revoke: true, Days: 30, Name: 'x', List: [{ On: false, Count: 2 }] };
  const sent = asCloudFormationSends(written) as AsCloudFormationSends<typeof written>;

  test('every number and boolean arrives as a string, at any depth', () => {
    expect(sent).toEqual({ Discover: 'false', Revoke: 'true', Days: '30', Name: 'x', List: [{ On: 'false', Count: '2' }] });
  });

  test('"false" is truthy: read as it is, it would count as true; the parser reads it as false', () => {
    expect(Boolean(sent.Discover)).toBe(true);
    expect(parseBoolean(sent.Discover)).toBe(false);
    expect(parseBoolean(sent.List[0].On)).toBe(false);
    expect(parseBoolean(sent.Revoke)).toBe(true);
  });

  test('"30" is the number 30, and reads the same as the 30 of a JSON event', () => {
    expect(parseInteger(sent.Days)).toBe(30);
    expect(parseInteger(written.Days)).toBe(30);
    expect(parseInteger(sent.List[0].Count)).toBe(2);
  });
});

describe('parseBoolean', () => {
  test.each([[true, true], ['true', true], [false, false], ['false', false]])('%p is %p', (value, expected) => {
    expect(parseBoolean(value)).toBe(expected);
  });

  test.each([undefined, null, '', 'TRUE', 'False', 'yes', '1', 1, 0, {}])('%p is neither', (value) => {
    expect(parseBoolean(value)).toBeUndefined();
  });
});

describe('parseInteger', () => {
  test.each([['30', 30], ['-1', -1], ['0', 0], ['007', 7], [30, 30], [-2, -2]])('%p is %p', (value, expected) => {
    expect(parseInteger(value)).toBe(expected);
  });

  test.each([undefined, null, '', ' 30', '30 ', '1.5', 1.5, '30 days', '1e3', '0x1f', 'NaN', NaN, Infinity, '99999999999999999999', true, {}])(
    '%p is not a whole number', (value) => {
      expect(parseInteger(value)).toBeUndefined();
    });
});

describe('readBoolean', () => {
  test('absent (left out, or empty as CloudFormation may pass it) is the fallback', () => {
    expect(readBoolean(undefined, 'Flag', false)).toBe(false);
    expect(readBoolean('', 'Flag', true)).toBe(true);
    expect(readBoolean(null, 'Flag', true)).toBe(true);
  });

  test('a string or boolean is read, whatever the fallback', () => {
    expect(readBoolean('false', 'Flag', true)).toBe(false);
    expect(readBoolean('true', 'Flag', false)).toBe(true);
    expect(readBoolean(false, 'Flag', true)).toBe(false);
  });

  test('anything else is refused, naming the property and the value', () => {
    expect(() => readBoolean('yes', 'DiscoverAccountCertificateAuthorities', false))
      .toThrow('DiscoverAccountCertificateAuthorities is "yes", which is neither true nor false');
  });
});
