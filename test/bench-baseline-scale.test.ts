/**
 * bench/baseline-scale.ts: the cost and rollout figures of docs/organization.md, computed from the synthesized member
 * template and the constants of aws-stacksets.ts; and the docs show what it computes for the docs' numbers.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  configCost, DOCS_INPUTS, memberTemplateCounts, MemberTemplateCounts, monthlyCost, parseInputs, report, rollout,
} from '../bench/baseline-scale';

const DOCS = readFileSync(path.join(__dirname, '..', 'docs', 'organization.md'), 'utf8');
const total = (lines: { usd: number }[]) => lines.reduce((sum, l) => sum + l.usd, 0);
const dollars = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;

let withKey: MemberTemplateCounts;
let withoutKey: MemberTemplateCounts;
beforeAll(() => {
  withKey = memberTemplateCounts(true);
  withoutKey = memberTemplateCounts(false);
});

test('counts what costs money in the member template as synthesized: the topic\'s key only when asked', () => {
  expect(withKey).toEqual({ alarms: 3, kmsKeys: 1, configRules: 1 });
  expect(withoutKey).toEqual({ alarms: 3, kmsKeys: 0, configRules: 1 });
});

test('Config evaluations are priced by tier, per Region', () => {
  expect(configCost(50_000)).toBeCloseTo(50);
  expect(configCost(150_000)).toBeCloseTo(100 + 40);
  expect(configCost(1_500_000)).toBeCloseTo(100 + 320 + 500);
});

test('the docs\' monthly totals are what the script computes, with and without the topics\' keys', () => {
  const keyed = total(monthlyCost(DOCS_INPUTS, withKey));
  const keyless = total(monthlyCost({ ...DOCS_INPUTS, topicKey: false }, withoutKey));
  expect(dollars(keyed)).toBe('$2,371');
  expect(dollars(keyless)).toBe('$871');
  expect(DOCS).toContain(`≈ ${dollars(keyed)} a month`);
  expect(DOCS).toContain(`≈ ${dollars(keyless)} a month`);
  expect(keyed - keyless).toBeCloseTo(1_500);
});

test('the docs\' rollout times are what the script computes', () => {
  const rows = rollout(DOCS_INPUTS);
  expect(rows.map((r) => [r.concurrency, r.perRegionMinutes, r.sequentialMinutes, r.parallelMinutes])).toEqual([
    [125, 12, 36, 12], [100, 15, 45, 15], [100, 15, 45, 45], [1, 1_500, 4_500, 1_500],
  ]);
  expect(DOCS).toContain('| 125 | 4 batches × 3 = 12 min | 36 min | 12 min |');
  expect(DOCS).toContain('| 100 | 5 × 3 = 15 min | 45 min | 15 min |');
  expect(DOCS).toContain('1,500 / 100 = 15 batches: 45 min');
  expect(DOCS).toContain('| 1 | 500 × 3 = 1,500 min (25 h) | 75 h');
});

test('other numbers: 25% of 3 accounts rounds down to one at a time; the report prints every line', () => {
  const small = { ...DOCS_INPUTS, accounts: 3, regions: 2 };
  expect(rollout(small)[0]).toMatchObject({ concurrency: 1, perRegionMinutes: 9 });
  const text = report(small, withKey);
  expect(text).toContain('PkiMemberBaseline at 3 accounts × 2 Regions (6 stack instances)');
  expect(text).toMatch(/KMS keys \(the expiry topics'\) +\$6\.00/);
});

test('the command line: the docs\' numbers by default, and positive numbers only', () => {
  expect(parseInputs([])).toEqual(DOCS_INPUTS);
  expect(parseInputs(['--accounts', '50', '--no-topic-key'])).toMatchObject({ accounts: 50, topicKey: false });
  expect(() => parseInputs(['--regions', '0'])).toThrow(/--regions takes a positive number, not '0'/);
});
