/**
 * Scheduled by CaAuditReports: asks AWS Private CA for an audit report of each CA it is given
 * (CreateCertificateAuthorityAuditReport), which Private CA writes to the bucket as
 * `audit-report/<CA-ID>/<UUID>.json|csv`, listing every certificate the CA issued or revoked.
 *
 * A CA that is not ACTIVE or DISABLED is skipped with a log line. AWS makes at most one report per CA every 30
 * minutes: a CA whose report is still being made (RequestInProgressException) or that is over its limit
 * (LimitExceededException) is logged and left for the next run, not counted as a failure. Throttled calls are
 * retried by the SDK (adaptive mode). Any other failure is logged, the other CAs still get their report, and
 * the function then fails, so that its Errors metric shows it.
 */
import {
  ACMPCAClient,
  CreateCertificateAuthorityAuditReportCommand,
  DescribeCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { parseCaArn } from '../../src/private/contracts/arn';
import { AUDITABLE_CA_STATUSES, AUDIT_REPORT_FORMATS, AUDIT_REPORT_NOT_NOW_ERRORS } from '../../src/private/contracts/aws-lifecycle';
import type { CaAuditReportEvent } from '../../src/private/contracts/lifecycle';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { awsCalls, errorName, messageOf } from '../shared/errors';
import { log } from '../shared/log';

/** Options for tests (an emulator endpoint, a fake HTTP handler); production uses the defaults. */
export interface CaAuditReportOptions extends AwsClientOptions {
  /** CAs handled at the same time. @default 2 */
  readonly concurrency?: number;
}

/** A report that Private CA is now writing. */
export interface CreatedReport {
  readonly certificateAuthorityArn: string;
  readonly auditReportId?: string;
  readonly s3Key?: string;
}

/** A CA that got no report this run, and why. */
export interface NoReport {
  readonly certificateAuthorityArn: string;
  readonly reason: string;
}

export interface CaAuditReportResult {
  readonly created: CreatedReport[];
  /** CAs in a status that has no report (CREATING, PENDING_CERTIFICATE, EXPIRED, FAILED, DELETED). */
  readonly skipped: NoReport[];
  /** CAs whose report AWS would not make now (one in progress, or one made in the last 30 minutes). */
  readonly deferred: NoReport[];
}

/** Few calls per run, but DescribeCertificateAuthority is 20 TPS per account: a rate limiter on top of backoff. */
const RETRY: RetrySettings = { retryMode: 'adaptive', maxAttempts: 8 };
const aws = awsCalls({
  throttleHint: 'the next scheduled run tries again; if this persists, request a higher quota',
  accessHint: 'the function\'s role may only report on the CAs CaAuditReports names, and must be able to write to the bucket',
  hints: {
    InvalidArgsException: 'check that the bucket exists, is in the CA\'s Region, and that its policy lets acm-pca.amazonaws.com write to it',
  },
});

export function createHandler(options: CaAuditReportOptions = {}): (event: CaAuditReportEvent) => Promise<CaAuditReportResult> {
  return async (event) => {
    const { arns, bucket, format } = readEvent(event);
    const region = regionOf(options, 'the audit-report function cannot tell which Region it runs in');
    const clients = new AwsClients(options, region, RETRY);
    const result: CaAuditReportResult = { created: [], skipped: [], deferred: [] };
    const failures: string[] = [];

    await forEachLimited(arns, options.concurrency ?? 2, async (arn) => {
      const pca = clients.get(ACMPCAClient, parseCaArn(arn)?.region ?? region);
      try {
        const described = await aws.call('DescribeCertificateAuthority', arn,
          () => pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn })));
        const status = described.CertificateAuthority?.Status ?? 'UNKNOWN';
        if (!AUDITABLE_CA_STATUSES.has(status)) {
          const reason = `status ${status}: a report is made only for an ACTIVE or DISABLED CA`;
          result.skipped.push({ certificateAuthorityArn: arn, reason });
          log('CA skipped', { certificateAuthorityArn: arn, status });
          return;
        }
        const report = await createReport(pca, arn, bucket, format);
        if ('deferred' in report) {
          result.deferred.push({ certificateAuthorityArn: arn, reason: report.deferred });
          log('audit report not made now; the next run asks again', { certificateAuthorityArn: arn, reason: report.deferred });
          return;
        }
        result.created.push(report);
        log('audit report requested', { ...report, bucket, format });
      } catch (e) {
        failures.push(`${arn}: ${messageOf(e)}`);
        log('audit report failed', { certificateAuthorityArn: arn, error: messageOf(e) });
      }
    });

    log('audit reports done', {
      created: result.created.length, skipped: result.skipped.length, deferred: result.deferred.length, failed: failures.length,
    });
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${arns.length} CA(s) got no audit report:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    }
    return result;
  };
}

export const handler = createHandler();

async function createReport(pca: ACMPCAClient, arn: string, bucket: string, format: string): Promise<CreatedReport | { deferred: string }> {
  try {
    const out = await pca.send(new CreateCertificateAuthorityAuditReportCommand({
      CertificateAuthorityArn: arn,
      S3BucketName: bucket,
      AuditReportResponseFormat: format as (typeof AUDIT_REPORT_FORMATS)[number],
    }));
    return { certificateAuthorityArn: arn, auditReportId: out.AuditReportId, s3Key: out.S3Key };
  } catch (e) {
    // No call tells beforehand whether a report may be made now: these two answers are how AWS says "not within 30 minutes".
    if (AUDIT_REPORT_NOT_NOW_ERRORS.has(errorName(e))) {
      return { deferred: `${errorName(e)}: ${messageOf(e)}` };
    }
    throw aws.error('CreateCertificateAuthorityAuditReport', arn, e);
  }
}

/** The schedule's input, checked: a bad one is a bug in the construct, said plainly. */
function readEvent(event: CaAuditReportEvent): { arns: string[]; bucket: string; format: string } {
  const arns = event?.CertificateAuthorityArns;
  if (!Array.isArray(arns) || arns.length === 0 || !arns.every((a) => typeof a === 'string' && parseCaArn(a) !== undefined)) {
    throw new Error(`the event's CertificateAuthorityArns must be a non-empty list of CA ARNs; got ${JSON.stringify(arns)}`);
  }
  if (typeof event.S3BucketName !== 'string' || event.S3BucketName.length < 3) {
    throw new Error(`the event's S3BucketName must name a bucket; got ${JSON.stringify(event.S3BucketName)}`);
  }
  if (!(AUDIT_REPORT_FORMATS as readonly string[]).includes(event.Format)) {
    throw new Error(`the event's Format must be one of ${AUDIT_REPORT_FORMATS.join(', ')}; got ${JSON.stringify(event.Format)}`);
  }
  return { arns: [...new Set(arns)], bucket: event.S3BucketName, format: event.Format };
}
