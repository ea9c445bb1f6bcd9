// What a PkiMemberBaseline costs a month and how long its first rollout takes, for an organization of N accounts in
// R Regions: the figures of docs/organization.md ("Scale"), computed from the member template as the library
// synthesizes it (its alarms, KMS keys and Config rules counted, not assumed) and the prices, quotas and rules of
// src/private/contracts/aws-stacksets.ts, so that anyone can rerun them with their own numbers.
//
//   npm run bench:baseline-scale [-- --accounts 500 --regions 3 --certificates 10 --events 40 --minutes 3
//                                    --max-concurrent 25 --no-topic-key]
//
// test/bench-baseline-scale.test.ts checks the computation, and that the docs show what it gives for the docs' numbers.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildMemberBaselineApp } from './member-baseline';
import {
  CLOUDWATCH_STANDARD_ALARM_MONTHLY_USD, CONFIG_RULE_EVALUATION_TIERS, EVENTBRIDGE_CUSTOM_EVENTS_PER_MILLION_USD, KMS_KEY_MONTHLY_USD,
  LAMBDA_REQUESTS_PER_MILLION_USD, SNS_EMAIL_PER_100000_USD, SNS_PUBLISHES_PER_MILLION_USD, STACKSET_PRICES_READ_ON,
  STACKSETS_MAX_CONCURRENT_INSTANCES_PER_STACK_SET,
} from '../src/private/contracts/aws-stacksets';

/** Free email deliveries a month (SNS; counted once for the organization under consolidated billing). */
const SNS_FREE_EMAILS = 1_000;
/** Config's periodic runs a month (daily, the library's default). */
const CONFIG_RUNS_PER_MONTH = 30;
/** Lambda runs a month per account and Region: the daily CA-expiry check. */
const LAMBDA_RUNS_PER_MONTH = 30;

export interface ScaleInputs {
  readonly accounts: number;
  readonly regions: number;
  /** ACM certificates per account and Region. */
  readonly certificates: number;
  /** Expiry events per account and Region and month (forwarded to the central bus; each may email). */
  readonly eventsPerMonth: number;
  /** Minutes to create one stack instance (no AWS page gives one). */
  readonly minutesPerInstance: number;
  /** MaxConcurrentPercentage of the rollout. */
  readonly maxConcurrentPercentage: number;
  /** Each account's expiry topic has a KMS key of its own (expiryAlarms.encryptTopic, true by default). */
  readonly topicKey: boolean;
}

/** What one stack instance holds that costs money, counted in the synthesized member template. */
export interface MemberTemplateCounts {
  readonly alarms: number;
  readonly kmsKeys: number;
  readonly configRules: number;
}

export const DOCS_INPUTS: ScaleInputs = {
  accounts: 500, regions: 3, certificates: 10, eventsPerMonth: 40, minutesPerInstance: 3, maxConcurrentPercentage: 25, topicKey: true,
};

/** Synthesizes the member template (default options, the topic's key as asked) and counts what costs money in it. */
export function memberTemplateCounts(topicKey: boolean): MemberTemplateCounts {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-baseline-scale-'));
  try {
    const { app, baseline } = buildMemberBaselineApp({ ouCount: 1, outdir, expiryAlarms: { encryptTopic: topicKey } });
    app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(outdir, baseline.memberStack.templateFile), 'utf8'));
    const count = (type: string) => Object.values(template.Resources as Record<string, { Type: string }>).filter((r) => r.Type === type).length;
    return { alarms: count('AWS::CloudWatch::Alarm'), kmsKeys: count('AWS::KMS::Key'), configRules: count('AWS::Config::ConfigRule') };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Config's price of `evaluations` in one Region and month, by tier. */
export function configCost(evaluations: number): number {
  let left = evaluations;
  let from = 0;
  let usd = 0;
  for (const tier of CONFIG_RULE_EVALUATION_TIERS) {
    const inTier = Math.min(left, (tier.upTo ?? Infinity) - from);
    usd += inTier * tier.usd;
    left -= inTier;
    from = tier.upTo ?? from;
    if (left <= 0) break;
  }
  return usd;
}

export interface CostLine {
  readonly item: string;
  readonly usd: number;
  readonly how: string;
}

/** The organization's monthly bill for the baseline, line by line. */
export function monthlyCost(inputs: ScaleInputs, counts: MemberTemplateCounts): CostLine[] {
  const accountRegions = inputs.accounts * inputs.regions;
  const evaluationsPerRegion = inputs.accounts * inputs.certificates * CONFIG_RUNS_PER_MONTH * counts.configRules;
  const events = accountRegions * inputs.eventsPerMonth;
  const emails = Math.max(0, events - SNS_FREE_EMAILS);
  return [
    {
      item: 'CloudWatch alarms',
      usd: accountRegions * counts.alarms * CLOUDWATCH_STANDARD_ALARM_MONTHLY_USD,
      how: `${accountRegions} × ${counts.alarms} alarms × $${CLOUDWATCH_STANDARD_ALARM_MONTHLY_USD}`,
    },
    {
      item: 'Config rule evaluations',
      usd: inputs.regions * configCost(evaluationsPerRegion),
      how: `per Region ${evaluationsPerRegion} evaluations, by tier; × ${inputs.regions}`,
    },
    {
      item: 'EventBridge (forwarded to the central bus)',
      usd: events * EVENTBRIDGE_CUSTOM_EVENTS_PER_MILLION_USD / 1e6,
      how: `${events} events × $${EVENTBRIDGE_CUSTOM_EVENTS_PER_MILLION_USD}/1e6`,
    },
    { item: 'SNS publishes', usd: events * SNS_PUBLISHES_PER_MILLION_USD / 1e6, how: `${events} × $${SNS_PUBLISHES_PER_MILLION_USD}/1e6` },
    {
      item: 'SNS emails (if every event emails)',
      usd: emails * SNS_EMAIL_PER_100000_USD / 1e5,
      how: `${emails} after ${SNS_FREE_EMAILS} free × $${SNS_EMAIL_PER_100000_USD}/1e5`,
    },
    {
      item: 'Lambda requests',
      usd: accountRegions * LAMBDA_RUNS_PER_MONTH * LAMBDA_REQUESTS_PER_MILLION_USD / 1e6,
      how: `${accountRegions} × ${LAMBDA_RUNS_PER_MONTH} × $${LAMBDA_REQUESTS_PER_MILLION_USD}/1e6`,
    },
    {
      item: 'KMS keys (the expiry topics\')',
      usd: accountRegions * counts.kmsKeys * KMS_KEY_MONTHLY_USD,
      how: `${accountRegions} × ${counts.kmsKeys} × $${KMS_KEY_MONTHLY_USD}`,
    },
  ];
}

export interface RolloutRow {
  readonly preferences: string;
  /** Accounts deployed at once in a Region. */
  readonly concurrency: number;
  readonly perRegionMinutes: number;
  readonly sequentialMinutes: number;
  readonly parallelMinutes: number;
}

/**
 * The first rollout's duration under the preferences of docs/organization.md: per Region ceil(N / c) batches of t
 * minutes; SEQUENTIAL Regions one after the other, PARALLEL at once (or sharing the 100-instance cap, UNCONFIRMED).
 */
export function rollout(inputs: ScaleInputs): RolloutRow[] {
  const byPercentage = Math.max(1, Math.floor(inputs.accounts * inputs.maxConcurrentPercentage / 100));
  const cap = STACKSETS_MAX_CONCURRENT_INSTANCES_PER_STACK_SET;
  const row = (preferences: string, c: number, parallelShared = false): RolloutRow => {
    const perRegion = Math.ceil(inputs.accounts / c) * inputs.minutesPerInstance;
    return {
      preferences,
      concurrency: c,
      perRegionMinutes: perRegion,
      sequentialMinutes: inputs.regions * perRegion,
      parallelMinutes: parallelShared ? Math.ceil(inputs.accounts * inputs.regions / c) * inputs.minutesPerInstance : perRegion,
    };
  };
  return [
    row(`SOFT (or tolerance ≥ ${inputs.maxConcurrentPercentage}%), no ${cap} cap`, byPercentage),
    row(`same, ${cap}-instance cap per Region`, Math.min(byPercentage, cap)),
    row(`same, ${cap}-instance cap shared by the stack set`, Math.min(byPercentage, cap), true),
    row('defaults (STRICT, tolerance 0)', 1),
  ];
}

const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const minutes = (m: number) => (m >= 120 ? `${m.toLocaleString('en-US')} min (${+(m / 60).toFixed(1)} h)` : `${m} min`);

export function report(inputs: ScaleInputs, counts: MemberTemplateCounts): string {
  const lines = monthlyCost(inputs, counts);
  const total = lines.reduce((sum, l) => sum + l.usd, 0);
  const accountRegions = inputs.accounts * inputs.regions;
  const width = Math.max(...lines.map((l) => l.item.length));
  return [
    `PkiMemberBaseline at ${inputs.accounts} accounts × ${inputs.regions} Regions (${accountRegions} stack instances); prices read on ${STACKSET_PRICES_READ_ON}`,
    `Member template: ${counts.alarms} alarms, ${counts.kmsKeys} KMS key(s), ${counts.configRules} Config rule(s); ${inputs.certificates} certificates `
      + `and ${inputs.eventsPerMonth} events per account-Region and month`,
    '',
    'Monthly cost:',
    ...lines.map((l) => `  ${l.item.padEnd(width)}  ${usd(l.usd).padStart(10)}   ${l.how}`),
    `  ${'total'.padEnd(width)}  ${usd(total).padStart(10)}   ≈ ${usd(total / accountRegions)} per account-Region`,
    '',
    `First rollout, ${inputs.maxConcurrentPercentage}% of a Region's accounts at once, ${inputs.minutesPerInstance} minutes per stack instance:`,
    ...rollout(inputs).map((r) => `  ${r.preferences}: c = ${r.concurrency}; per Region ${minutes(r.perRegionMinutes)}; `
      + `SEQUENTIAL ${minutes(r.sequentialMinutes)}; PARALLEL ${minutes(r.parallelMinutes)}`),
  ].join('\n');
}

export function parseInputs(argv: string[]): ScaleInputs {
  const number = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    if (i < 0) return fallback;
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} takes a positive number, not '${argv[i + 1]}'`);
    return value;
  };
  return {
    accounts: number('--accounts', DOCS_INPUTS.accounts),
    regions: number('--regions', DOCS_INPUTS.regions),
    certificates: number('--certificates', DOCS_INPUTS.certificates),
    eventsPerMonth: number('--events', DOCS_INPUTS.eventsPerMonth),
    minutesPerInstance: number('--minutes', DOCS_INPUTS.minutesPerInstance),
    maxConcurrentPercentage: number('--max-concurrent', DOCS_INPUTS.maxConcurrentPercentage),
    topicKey: !argv.includes('--no-topic-key'),
  };
}

if (require.main === module) {
  const inputs = parseInputs(process.argv.slice(2));
  process.stdout.write(`${report(inputs, memberTemplateCounts(inputs.topicKey))}\n`);
}
