/**
 * Renews imported ACM certificates that opt in through tags (see ImportedCertRenewal). Triggers:
 * - the daily schedule (or `{ "action": "sweep" }`): every imported certificate, paginated;
 * - ACM's `ACM Certificate Approaching Expiration` event and AWS Config's compliance change of the
 *   ACM_CERTIFICATE_EXPIRATION_CHECK rule to NON_COMPLIANT: the one certificate they name;
 * - `{ "action": "renew", "certificateArn": "...", "force": true }` by hand.
 * The private key is made here, goes to ACM in the ImportCertificate call, and is never logged.
 */
import { ACMClient, paginateListCertificates } from '@aws-sdk/client-acm';
import type { Context } from 'aws-lambda';
import { Clients } from './aws';
import type { AwsOptions } from './aws';
import { Notifier } from './notify';
import { Renewal } from './renewal';
import type { Outcome } from './renewal';
import { createSources } from './sources';
import type { Log, SourceOptions } from './sources';
import {
  ACM_APPROACHING_EXPIRATION, ACM_EVENT_SOURCE, ACM_LIST_KEY_TYPES, CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_COMPLIANCE_CHANGE,
  CONFIG_EVENT_SOURCE,
} from '../../src/private/contracts/aws-expiry';
import {
  ACM_CERTIFICATE_ARN_PATTERN, ACM_TYPE_IMPORTED, CONFIG_NON_COMPLIANT, SCHEDULED_EVENT_DETAIL_TYPE,
} from '../../src/private/contracts/aws-renewal';
import { RENEWAL_CONFIGURATION_ENV } from '../../src/private/contracts/renewal';
import type { RenewalConfiguration, RenewalRequest } from '../../src/private/contracts/renewal';
import { regionOf } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { logWith } from '../shared/log';
import { parseBoolean } from '../shared/properties';

export interface RenewalHandlerOptions extends AwsOptions {
  /** @default - JSON in the CDK_PKI_RENEWAL_CONFIGURATION environment variable */
  readonly configuration?: RenewalConfiguration;
  /** Options of the sources (waiter delays in tests). */
  readonly sources?: SourceOptions;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Between writing the lease and reading it back. @default 2000 */
  readonly settleMs?: number;
  /** Certificates a sweep renews at the same time. @default 4 */
  readonly concurrency?: number;
  /** A sweep starts no renewal when less time than this is left; the rest are marked pending. @default 180000 */
  readonly reserveMs?: number;
}

/** What an invocation did. */
export interface RenewalResult {
  readonly trigger: string;
  readonly renewed: string[];
  readonly failed: string[];
  /** Due certificates the sweep had no time for, now `pending renewal`. */
  readonly pending: string[];
  readonly skipped: number;
  readonly ignored?: string;
}

/** The events the function is invoked with (other fields are ignored). */
export type TriggerEvent = Partial<RenewalRequest> & {
  readonly 'source'?: string;
  readonly 'detail-type'?: string;
  readonly 'resources'?: string[];
  readonly 'region'?: string;
  readonly 'account'?: string;
  readonly 'detail'?: {
    readonly [field: string]: unknown;
    readonly resourceId?: string;
    readonly resourceType?: string;
    readonly awsRegion?: string;
    readonly awsAccountId?: string;
    readonly configRuleName?: string;
    readonly newEvaluationResult?: { readonly complianceType?: string };
  };
};

export function createHandler(options: RenewalHandlerOptions = {}): (event: TriggerEvent, context?: Partial<Context>) => Promise<RenewalResult> {
  return async (event, context) => {
    const region = regionOf(options, 'the renewal cannot tell which Region its certificates are in');
    const configuration = options.configuration ?? readConfiguration();
    const log: Log = logWith({ requestId: context?.awsRequestId });
    const clients = new Clients(options, region);
    const renewal = new Renewal({
      configuration,
      clients,
      sources: createSources(options.sources),
      notifier: new Notifier(clients, configuration.failureTopicArn, log),
      log,
      now: options.now ?? (() => new Date()),
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      settleMs: options.settleMs ?? 2000,
    });
    const remaining = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;

    const target = targetOf(event, configuration, region);
    if ('ignored' in target) {
      log('event ignored', { why: target.ignored, source: event.source, detailType: event['detail-type'] });
      return { trigger: 'none', renewed: [], failed: [], pending: [], skipped: 0, ignored: target.ignored };
    }
    if (target.sweep) {
      return sweep(renewal, clients, configuration, log, options, remaining, options.now ?? (() => new Date()));
    }
    const outcome = await renewal.run(target.certificateArn, target.trigger, { force: target.force });
    return summarize(target.trigger, [outcome], []);
  };
}

export const handler = createHandler();

function readConfiguration(): RenewalConfiguration {
  const raw = process.env[RENEWAL_CONFIGURATION_ENV];
  if (!raw) throw new Error(`${RENEWAL_CONFIGURATION_ENV} is not set: deploy the function with ImportedCertRenewal`);
  return JSON.parse(raw) as RenewalConfiguration;
}

type Target =
  | { readonly sweep: true }
  | { readonly sweep?: false; readonly certificateArn: string; readonly trigger: string; readonly force?: boolean }
  | { readonly ignored: string };

/** What the event asks for: a sweep, one certificate, or nothing this function does. */
function targetOf(event: TriggerEvent, configuration: RenewalConfiguration, region: string): Target {
  if (event.action === 'sweep' || event['detail-type'] === SCHEDULED_EVENT_DETAIL_TYPE) return { sweep: true };
  if (event.action === 'renew') {
    return ACM_CERTIFICATE_ARN_PATTERN.test(event.certificateArn ?? '')
      ? { certificateArn: event.certificateArn!, trigger: 'manual', force: parseBoolean(event.force) === true }
      : { ignored: `certificateArn '${event.certificateArn ?? ''}' is not an ACM certificate ARN` };
  }
  if (event.source === ACM_EVENT_SOURCE && event['detail-type'] === ACM_APPROACHING_EXPIRATION) {
    const arn = (event.resources ?? []).find((r) => ACM_CERTIFICATE_ARN_PATTERN.test(r));
    return arn ? { certificateArn: arn, trigger: 'acm-event' } : { ignored: 'the ACM event names no certificate ARN' };
  }
  if (event.source === CONFIG_EVENT_SOURCE && event['detail-type'] === CONFIG_COMPLIANCE_CHANGE) {
    const detail = event.detail ?? {};
    if (detail.resourceType !== CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE || detail.newEvaluationResult?.complianceType !== CONFIG_NON_COMPLIANT) {
      return { ignored: 'the Config event is not about an ACM certificate turning NON_COMPLIANT' };
    }
    // Config's resource id of an ACM certificate is taken to be its ARN (UNCONFIRMED, AWS-FACTS 6); a bare
    // certificate id is turned into the ARN in the event's account and Region.
    const id = detail.resourceId ?? '';
    const arn = ACM_CERTIFICATE_ARN_PATTERN.test(id) ? id
      : /^[0-9a-f-]{36}$/.test(id)
        ? `arn:${configuration.partition}:acm:${detail.awsRegion ?? event.region ?? region}:${detail.awsAccountId ?? event.account}:certificate/${id}`
        : undefined;
    return arn && ACM_CERTIFICATE_ARN_PATTERN.test(arn) ? { certificateArn: arn, trigger: 'config-rule' }
      : { ignored: `the Config event's resourceId '${id}' is not an ACM certificate` };
  }
  return { ignored: 'not a trigger of the renewal' };
}

/**
 * Every imported certificate that expires within renewBeforeDays, paginated (thousands work); each renewal
 * stands alone, so one bad certificate does not stop the others.
 */
async function sweep(
  renewal: Renewal, clients: Clients, configuration: RenewalConfiguration, log: Log, options: RenewalHandlerOptions,
  remaining: () => number, now: () => Date,
): Promise<RenewalResult> {
  const horizon = now().getTime() + configuration.renewBeforeDays * 86_400_000;
  const candidates: string[] = [];
  let listed = 0;
  // Without Includes.keyTypes, ListCertificates lists only RSA_1024 and RSA_2048 certificates.
  const pages = paginateListCertificates({ client: clients.get(ACMClient), pageSize: 500 }, { Includes: { keyTypes: [...ACM_LIST_KEY_TYPES] } });
  for await (const page of pages) {
    for (const summary of page.CertificateSummaryList ?? []) {
      listed++;
      if (!summary.CertificateArn) continue;
      // Older summaries have no Type or NotAfter: then DescribeCertificate decides.
      if (summary.Type !== undefined && summary.Type !== ACM_TYPE_IMPORTED) continue;
      if (summary.NotAfter !== undefined && summary.NotAfter.getTime() > horizon) continue;
      candidates.push(summary.CertificateArn);
    }
  }
  log('sweep', { listed, candidates: candidates.length });

  const outcomes: Outcome[] = [];
  const unstarted: string[] = [];
  const reserve = options.reserveMs ?? 180_000;
  await forEachLimited(candidates, options.concurrency ?? 4, async (arn) => {
    if (remaining() < reserve) {
      unstarted.push(arn);
      return;
    }
    outcomes.push(await runIsolated(renewal, arn, 'sweep', log));
  });

  const pending: string[] = [];
  for (const arn of unstarted) {
    const outcome = await runIsolated(renewal, arn, 'sweep', log, true);
    if (outcome.result === 'skipped' && outcome.why === 'marked-pending') pending.push(arn);
    else outcomes.push(outcome);
  }
  if (unstarted.length > 0) log('the sweep ran out of time', { unstarted: unstarted.length });
  return summarize('sweep', outcomes, pending);
}

/** One certificate of a sweep: an error is logged and counted, and the sweep goes on. */
async function runIsolated(renewal: Renewal, arn: string, trigger: string, log: Log, markPendingOnly = false): Promise<Outcome> {
  try {
    return await renewal.run(arn, trigger, { markPendingOnly });
  } catch (e) {
    const reason = (e as Error).message ?? String(e);
    log('certificate could not be processed', { certificateArn: arn, error: reason });
    return { result: 'failed', certificateArn: arn, reason };
  }
}

function summarize(trigger: string, outcomes: Outcome[], pending: string[]): RenewalResult {
  return {
    trigger,
    renewed: outcomes.filter((o) => o.result === 'renewed').map((o) => o.certificateArn),
    failed: outcomes.filter((o) => o.result === 'failed').map((o) => o.certificateArn),
    pending,
    skipped: outcomes.filter((o) => o.result === 'skipped').length,
  };
}
