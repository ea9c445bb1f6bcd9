/**
 * Scheduled by ExpiryAlarms: reads the certificate of every CA it is given (and, when asked, of every CA the
 * account owns in this Region), and publishes the days until it expires as a custom metric per CA, because
 * AWS sends no event for an expiring CA certificate. The metric is the earliest NotAfter of the CA's
 * certificate and of its chain: a CA is useless once any certificate above it has expired.
 *
 * A CA that cannot be read gets no data point, so its alarm (missing data = breaching) fires; the function
 * still publishes the others, then fails, so its Errors alarm fires too.
 */
import { X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ACMPCAClient,
  GetCertificateAuthorityCertificateCommand,
  paginateListCertificateAuthorities,
} from '@aws-sdk/client-acm-pca';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { parseCaArn } from '../../src/private/contracts/arn';
import { PUT_METRIC_DATA_MAX_DATUMS } from '../../src/private/contracts/aws-expiry';
import {
  CA_ARN_DIMENSION, CA_DAYS_TO_EXPIRY_METRIC, CA_EXPIRY_SESSION_NAME, CA_METRIC_NAMESPACE, CA_MONITOR_DIMENSION,
} from '../../src/private/contracts/expiry';
import type { CaExpiryCheckEvent, CaTarget } from '../../src/private/contracts/expiry';
import { assumeRole } from '../shared/assume-role';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { awsCalls, errorName, messageOf } from '../shared/errors';
import { log } from '../shared/log';
import { splitPem } from '../shared/pem';
import { readBoolean } from '../shared/properties';
import type { AsSentOrWritten } from '../shared/properties';

/** Options for tests (an emulator endpoint, a fake clock); production uses the defaults. */
export interface CaExpiryOptions extends AwsClientOptions {
  /** Attempts per API call, throttling retries included. @default 8 */
  readonly maxAttempts?: number;
  /** CAs read at the same time. @default 4 */
  readonly concurrency?: number;
  /** The current time. @default - new Date() */
  readonly now?: () => Date;
}

/** What was found for one CA. */
export interface CaExpiry {
  readonly certificateAuthorityArn: string;
  /** Days until the first certificate of the CA's chain expires; negative once it has. */
  readonly daysToExpiry: number;
  /** When that is. */
  readonly notAfter: string;
  /** Subject of the certificate that expires first: the CA's own, or one above it. */
  readonly expiresFirst: string;
  /** The CA's own certificate expires first (not one of its chain). */
  readonly ownCertificateExpiresFirst: boolean;
}

export interface CaExpiryResult {
  readonly checked: CaExpiry[];
  /** CAs found by listing that have no certificate yet (creating, pending, failed, deleted): not checked. */
  readonly skipped: string[];
}

const DAY_MS = 86_400_000;
const OWN_ROLE = 'with the function\'s own role';
/** Listed CAs in these states have no certificate to read. */
const NO_CERTIFICATE_STATES = new Set(['CREATING', 'PENDING_CERTIFICATE', 'FAILED', 'DELETED']);
/**
 * Adaptive: one client makes many calls in a row against per-account TPS quotas
 * (GetCertificateAuthorityCertificate 20 TPS), so a client-side rate limiter on top of backoff helps.
 */
const RETRY: RetrySettings = { retryMode: 'adaptive', maxAttempts: 8 };
const THROTTLE_HINT = 'the next scheduled run retries; if this persists, request a higher quota';
const aws = awsCalls({ throttleHint: THROTTLE_HINT });

/** Physical id of the deployment-time check (Custom::PkiCaExpiryCheck); it has nothing to delete. */
export const FIRST_CHECK_PHYSICAL_ID = 'cdk-pki-ca-expiry-first-check';

/**
 * The schedule invokes the function with a CaExpiryCheckEvent. CloudFormation invokes it directly (it is the
 * service token of Custom::PkiCaExpiryCheck) on Create and Update with the same event in ResourceProperties.Check,
 * so that new alarms have data at once: it answers CloudFormation SUCCESS first, whatever the check finds, then
 * runs the check (a failed check is for the alarms to report, not a reason to roll back a deployment).
 */
export interface CaExpiryHandler {
  (event: CaExpiryCheckEvent): Promise<CaExpiryResult>;
  (event: CloudFormationCustomResourceEvent): Promise<CaExpiryResult | undefined>;
}

export function createHandler(options: CaExpiryOptions = {}): CaExpiryHandler {
  return (async (event: CaExpiryCheckEvent | CloudFormationCustomResourceEvent) => {
    if (isCustomResourceEvent(event)) {
      await respondToCloudFormation(event);
      if (event.RequestType === 'Delete') return undefined;
      try {
        return await new CaExpiryCheck(options).run(event.ResourceProperties.Check as CheckEvent);
      } catch (e) {
        log('deployment-time CA check failed; the alarms and the errors alarm report it', { error: messageOf(e) });
        return undefined;
      }
    }
    return new CaExpiryCheck(options).run(event);
  }) as CaExpiryHandler;
}

function isCustomResourceEvent(event: unknown): event is CloudFormationCustomResourceEvent {
  return typeof event === 'object' && event !== null && 'RequestType' in event && 'ResponseURL' in event;
}

/** PUT of the custom resource's SUCCESS to the pre-signed URL CloudFormation gave (cfn-response's protocol). */
async function respondToCloudFormation(event: CloudFormationCustomResourceEvent): Promise<void> {
  const body = JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'CA expiry check started; its result goes to the DaysToExpiry metrics',
    PhysicalResourceId: event.RequestType === 'Create' ? FIRST_CHECK_PHYSICAL_ID : event.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: {},
  });
  const url = new URL(event.ResponseURL);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  for (let attempt = 1; ; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const req = send(url, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
      log('answered CloudFormation', { requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, requestId: event.RequestId });
      return;
    } catch (e) {
      if (attempt >= 3) throw new Error(`could not answer CloudFormation for ${event.LogicalResourceId} (${event.RequestType}): ${messageOf(e)}`, { cause: e });
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

export const handler = createHandler();

/** The check's input: as the schedule sends it (JSON as written), or as CloudFormation passes it (every scalar a string). */
type CheckEvent = AsSentOrWritten<CaExpiryCheckEvent>;

class CaExpiryCheck {
  private readonly region: string;
  private readonly now: Date;
  private readonly clients: AwsClients;

  constructor(private readonly options: CaExpiryOptions) {
    this.region = regionOf(options, 'the CA-expiry check cannot tell which Region it runs in');
    this.now = (options.now ?? (() => new Date()))();
    this.clients = new AwsClients(options, this.region, RETRY);
  }

  public async run(event: CheckEvent): Promise<CaExpiryResult> {
    const { targets: named, discover } = readEvent(event);
    const targets = new Map<string, CaTarget>(named.map((t) => [t.Arn, t]));
    const skipped: string[] = [];
    if (discover) {
      for (const ca of await this.listAccountCas()) {
        if (targets.has(ca.arn)) continue;
        if (NO_CERTIFICATE_STATES.has(ca.status)) {
          skipped.push(ca.arn);
          continue;
        }
        targets.set(ca.arn, { Arn: ca.arn });
      }
    }

    const failures: Array<{ arn: string; error: Error }> = [];
    const checked: CaExpiry[] = [];
    await forEachLimited([...targets.values()], this.options.concurrency ?? 4, async (target) => {
      try {
        const expiry = await this.check(target);
        checked.push(expiry);
        log('CA certificate checked', { ...expiry });
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        failures.push({ arn: target.Arn, error });
        log('CA certificate could not be checked', { certificateAuthorityArn: target.Arn, error: error.message });
      }
    });
    checked.sort((a, b) => a.certificateAuthorityArn.localeCompare(b.certificateAuthorityArn));

    await this.publish(checked, event.Monitor);
    log('CA expiry check done', { checked: checked.length, failed: failures.length, skipped: skipped.length });
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${targets.size} CA(s) could not be checked; their DaysToExpiry alarms will fire for missing data:\n`
        + failures.map((f) => `  - ${f.arn}: ${f.error.message}`).join('\n'));
    }
    return { checked, skipped };
  }

  /** Every CA the account owns in this Region, with its status (paginated). */
  private async listAccountCas(): Promise<Array<{ arn: string; status: string }>> {
    const client = this.clients.get(ACMPCAClient);
    const found: Array<{ arn: string; status: string }> = [];
    await aws.call('ListCertificateAuthorities', `the account's CAs in ${this.region}`, async () => {
      for await (const page of paginateListCertificateAuthorities({ client, pageSize: 100 }, { ResourceOwner: 'SELF' })) {
        for (const ca of page.CertificateAuthorities ?? []) {
          if (ca.Arn) found.push({ arn: ca.Arn, status: ca.Status ?? 'UNKNOWN' });
        }
      }
    }, { via: OWN_ROLE, accessHint: 'check that the function\'s role allows acm-pca:ListCertificateAuthorities' });
    log('CAs listed', { region: this.region, count: found.length });
    return found;
  }

  private async check(target: CaTarget): Promise<CaExpiry> {
    const region = parseCaArn(target.Arn)?.region;
    if (!region) throw new Error(`'${target.Arn}' is not a certificate authority ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)`);
    const { pca, via } = await this.pcaFor(region, target.RoleArn, target.Arn);
    let out;
    try {
      out = await pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: target.Arn }));
    } catch (e) {
      const name = errorName(e);
      if (name === 'InvalidStateException') {
        throw new Error(`CA ${target.Arn} has no certificate installed (${messageOf(e)}): activate it, or stop monitoring it`, { cause: e });
      }
      if (name === 'ResourceNotFoundException') {
        throw new Error(`CA ${target.Arn} does not exist (${messageOf(e)}): it was deleted; remove it from ExpiryAlarms`, { cause: e });
      }
      throw aws.error('GetCertificateAuthorityCertificate', `CA ${target.Arn}`, e, {
        via, accessHint: 'check that it allows acm-pca:GetCertificateAuthorityCertificate on the CA',
      });
    }
    if (!out.Certificate) throw new Error(`GetCertificateAuthorityCertificate of CA ${target.Arn} returned no certificate`);
    return this.expiryOf(target.Arn, out.Certificate, out.CertificateChain);
  }

  /** The earliest NotAfter of the CA's certificate and its chain. */
  private expiryOf(arn: string, certificatePem: string, chainPem: string | undefined): CaExpiry {
    let own: X509Certificate;
    let chain: X509Certificate[];
    try {
      own = new X509Certificate(certificatePem);
      chain = splitPem(chainPem).map((pem) => new X509Certificate(pem));
    } catch (e) {
      throw new Error(`the certificate or chain of CA ${arn} is not a readable PEM certificate: ${messageOf(e)}`, { cause: e });
    }
    let first = own;
    for (const c of chain) {
      if (Date.parse(c.validTo) < Date.parse(first.validTo)) first = c;
    }
    const notAfter = new Date(first.validTo);
    const days = Math.floor(((notAfter.getTime() - this.now.getTime()) / DAY_MS) * 100) / 100;
    return {
      certificateAuthorityArn: arn,
      daysToExpiry: days,
      notAfter: notAfter.toISOString(),
      expiresFirst: first.subject.replace(/\n/g, ', '),
      ownCertificateExpiresFirst: first === own,
    };
  }

  /** One data point per CA, and the minimum under the Monitor dimension. */
  private async publish(checked: CaExpiry[], monitor: string): Promise<void> {
    if (checked.length === 0) return;
    const timestamp = this.now;
    const data: MetricDatum[] = checked.map((c) => ({
      MetricName: CA_DAYS_TO_EXPIRY_METRIC,
      Dimensions: [{ Name: CA_ARN_DIMENSION, Value: c.certificateAuthorityArn }],
      Value: c.daysToExpiry,
      Unit: 'None',
      Timestamp: timestamp,
    }));
    if (monitor) {
      data.push({
        MetricName: CA_DAYS_TO_EXPIRY_METRIC,
        Dimensions: [{ Name: CA_MONITOR_DIMENSION, Value: monitor }],
        Value: Math.min(...checked.map((c) => c.daysToExpiry)),
        Unit: 'None',
        Timestamp: timestamp,
      });
    }
    const cloudwatch = this.clients.get(CloudWatchClient);
    for (let i = 0; i < data.length; i += PUT_METRIC_DATA_MAX_DATUMS) {
      const batch = data.slice(i, i + PUT_METRIC_DATA_MAX_DATUMS);
      await aws.call('PutMetricData', `namespace ${CA_METRIC_NAMESPACE} in ${this.region}`,
        () => cloudwatch.send(new PutMetricDataCommand({ Namespace: CA_METRIC_NAMESPACE, MetricData: batch })),
        { via: OWN_ROLE, accessHint: `check that the function's role allows cloudwatch:PutMetricData for namespace ${CA_METRIC_NAMESPACE}` });
    }
  }

  /** A client for the CA's Region, through the role when one is given; each role is assumed once per run. */
  private async pcaFor(region: string, roleArn: string | undefined, caArn: string): Promise<{ pca: ACMPCAClient; via: string }> {
    if (!roleArn) return { pca: this.clients.get(ACMPCAClient, region), via: OWN_ROLE };
    const role = await assumeRole(this.clients, {
      roleArn,
      sessionName: CA_EXPIRY_SESSION_NAME,
      purpose: `to read CA ${caArn}`,
      deniedHint: 'check that the role trusts this account\'s CA-expiry function (a CaExpiryReadRole in the CA\'s account does)',
      via: `to read CA ${caArn}`,
      throttleHint: THROTTLE_HINT,
      log,
    });
    return { pca: this.clients.get(ACMPCAClient, region, role), via: role.via };
  }
}

/** The CAs to check and whether to list the account's, from the event as written or as CloudFormation passes it. */
function readEvent(event: CheckEvent): { targets: CaTarget[]; discover: boolean } {
  if (!event || !Array.isArray(event.CertificateAuthorities)) {
    throw new Error('the event has no CertificateAuthorities list: the function is meant to run from ExpiryAlarms\' schedule');
  }
  const problems = event.CertificateAuthorities
    .filter((t) => !t || typeof t.Arn !== 'string' || !parseCaArn(t.Arn))
    .map((t) => `'${JSON.stringify(t)}' has no certificate authority ARN`);
  if (problems.length > 0) throw new Error(`invalid CertificateAuthorities: ${problems.join('; ')}`);
  return {
    targets: event.CertificateAuthorities,
    discover: readBoolean(event.DiscoverAccountCertificateAuthorities, 'DiscoverAccountCertificateAuthorities', false),
  };
}
