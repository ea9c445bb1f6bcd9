/**
 * The billed resources that the library's own constructs create in the app, for the cost estimate: KMS keys,
 * CloudWatch alarms, CloudFront distributions, SNS topics, Lambda functions, AWS Config rules (with how often
 * they run) and the schedules of the library's functions. Resources the app creates itself are left out.
 */
import { Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ModelContext, concrete, constructsOf, envOf } from './context';
import { BilledResources, LibraryConfigRule } from './nodes';
import { AcmExpiryEvents } from '../../../expiry/acm-expiry-events';
import { CaExpiryMonitor } from '../../../expiry/ca-expiry-monitor';
import { CertificateExpiryAlarms } from '../../../expiry/certificate-expiry-alarms';
import { CertificateExpiryRule } from '../../../expiry/certificate-expiry-rule';
import { CertificateInventory } from '../../../expiry/certificate-inventory';
import { ExpiryAlarms } from '../../../expiry/expiry-alarms';
import { IssuingCa } from '../../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../../hierarchy/root-ca-account';
import { LibraryFunction } from '../../../private/library-function';
import { LibraryProvider } from '../../../private/library-provider';
import { ImportedCertRenewal } from '../../../renewal/imported-cert-renewal';
import { CrlBucket } from '../../../revocation/crl-bucket';
import { CrlAlarmTopic } from '../../../revocation/private/apply-revocation';
import { RootCaDisabledRule } from '../../root-ca-disabled-rule';

/** The library's constructs that create billed resources (every function of the library is a LibraryFunction or LibraryProvider). */
const LIBRARY_CONSTRUCTS: ReadonlyArray<{ readonly prototype: object }> = [
  RootCaAccount, IssuingCa, CrlBucket, CrlAlarmTopic, ExpiryAlarms, CaExpiryMonitor, CertificateExpiryAlarms, CertificateExpiryRule,
  AcmExpiryEvents, CertificateInventory, ImportedCertRenewal, RootCaDisabledRule, LibraryFunction, LibraryProvider,
];

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** Runs a month of a Config rule's MaximumExecutionFrequency (24 hours when it is not given). */
const RUNS_PER_MONTH: Record<string, number> = {
  One_Hour: 720, Three_Hours: 240, Six_Hours: 120, Twelve_Hours: 60, TwentyFour_Hours: 30,
};

export function collectBilledResources(ctx: ModelContext): BilledResources {
  const library = <T extends IConstruct>(type: abstract new (...args: any[]) => T) => constructsOf(ctx, type).filter(isLibrary);
  const paths = (list: IConstruct[]) => list.map((c) => c.node.path).sort();
  return {
    kmsKeys: paths(library(kms.CfnKey)),
    alarms: paths(library(cloudwatch.CfnAlarm)),
    distributions: paths(library(cloudfront.CfnDistribution)),
    topics: paths(library(sns.CfnTopic)),
    functions: paths(library(lambda.CfnFunction)),
    configRules: library(config.CfnConfigRule).map((c): LibraryConfigRule => {
      const env = envOf(c);
      const source = ctx.markers.resolve(c, c.source) ?? {};
      return {
        path: c.node.path,
        stack: Stack.of(c),
        account: env.account,
        region: env.region,
        identifier: String(source.SourceIdentifier ?? source.sourceIdentifier ?? ''),
        runsPerMonth: RUNS_PER_MONTH[concrete(c.maximumExecutionFrequency) ?? 'TwentyFour_Hours'] ?? 30,
      };
    }).sort((a, b) => a.path.localeCompare(b.path)),
    scheduledInvocationsPerMonth: library(events.CfnRule)
      .map((r) => concrete(r.scheduleExpression))
      .filter((e): e is string => e !== undefined)
      .reduce((sum, e) => sum + runsOf(e), 0),
  };
}

function isLibrary(c: IConstruct): boolean {
  for (let s: IConstruct | undefined = c.node.scope; s !== undefined; s = s.node.scope) {
    if (LIBRARY_CONSTRUCTS.some((type) => Object.prototype.isPrototypeOf.call(type.prototype, s))) return true;
  }
  return false;
}

/** Runs a month of an EventBridge schedule: `rate(6 hours)` 120; a cron expression counts as daily. */
export function runsOf(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!rate) return 30;
  const minutes = Number(rate[1]) * (rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440);
  return Math.round(MINUTES_PER_MONTH / minutes);
}
