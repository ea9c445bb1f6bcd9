/**
 * The automatic renewal of a stack's subordinate CA certificates (contract: src/private/contracts/ca-renewal.ts).
 * Once a day the stack's schedule invokes the signing handler with the stack's id; for each renewal spec of the
 * stack, parents first:
 * - a CA that is not ACTIVE (or EXPIRED), or whose certificate has more than RenewBeforeDays left, is left alone;
 * - while its parent is itself due for renewal, it waits for it, unless its own end is near;
 * - else its current CSR (same key) is signed again by the same parent, through the same path and the same checks
 *   as the first signing (SubordinateSigner.sign: the parent's signing authority, or the parent in the stack), and
 *   installed into the same CA. The validity is the declared one, capped to end CA_RENEWAL_PARENT_MARGIN_DAYS before
 *   the parent's certificate; a cap is reported, and a renewal that would not end later than the installed
 *   certificate is not made (renew the parent first).
 * Each renewal writes a renewal record (the signing resource honours it) and puts an event; capped and failed
 * renewals put a warning event too, and the run logs its counts as CloudWatch metrics (embedded metric format), on
 * which the stack's alarms are. A failure of one CA does not stop the others, and does not fail the run: the next
 * run tries again, and the same renewal asked again gets the same certificate from the parent.
 */
import { X509Certificate } from 'node:crypto';
import type { CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { longestValidity, sameSerial, validityEnd } from './certificates';
import type { ValidityUnit } from './certificates';
import { HandlerContext } from './context';
import type { SignerOptions } from './context';
import { parseSigningPhysicalId } from './digest';
import { ParentCas, requireActive } from './parent';
import { RenewalRecords } from './renewal-records';
import { readProperties } from './request';
import { Retirements } from './retirement';
import type { RetirementOutcome } from './retirement';
import { SubordinateSigner } from './subordinate';
import {
  CA_RENEWAL_DETAIL_TYPES, CA_RENEWAL_EVENT_SOURCE, CA_RENEWAL_METRIC_DIMENSION, CA_RENEWAL_METRIC_NAMESPACE, CA_RENEWAL_METRICS,
  CA_RENEWAL_MIN_GAIN_DAYS, CA_RENEWAL_PARENT_MARGIN_DAYS, CA_RENEWAL_WAIT_FLOOR_DAYS, RENEWABLE_CA_STATUSES, stackNameOfId,
} from '../../src/private/contracts/ca-renewal';
import type { CaRenewalEventDetail, CaRenewalInvocation, CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import { SUBORDINATE_CERTIFICATE_RESOURCE_TYPE } from '../../src/private/contracts/signing';
import { messageOf } from '../shared/errors';
import { log } from '../shared/log';
import { formatSerial } from '../shared/pem';

const DAY_MS = 86_400_000;


/** What the run did with one CA. */
export type RenewalResult = 'renewed' | 'not-due' | 'not-active' | 'waiting' | 'blocked' | 'failed';

export interface RenewalOutcome {
  readonly caName: string;
  readonly certificateAuthorityArn: string;
  readonly result: RenewalResult;
  /** Whether the renewed validity was shortened to end before the parent (renewed and blocked renewals). */
  readonly capped?: boolean;
  readonly notAfter?: string;
  /** When the CA is due (not-due). */
  readonly renewsOn?: string;
  readonly reason?: string;
}

export interface RenewalSummary {
  readonly StackName: string;
  readonly Outcomes: RenewalOutcome[];
  /** Specs that could not be read (not JSON of the contract's version). */
  readonly Unreadable: string[];
  /** What the run did with the replaced generations waiting for retirement. */
  readonly Retirements: RetirementOutcome[];
}

export async function renewCaCertificates(invocation: CaRenewalInvocation, options: SignerOptions): Promise<RenewalSummary> {
  const stackName = stackNameOfId(invocation.StackId) ?? invocation.StackId;
  const run = new HandlerContext(contextEvent(invocation.StackId, 'CaRenewal', { ServiceToken: '' }), options, { action: 'RenewCaCertificates', stackName });
  const { specs, unreadable } = await new RenewalRecords(run, invocation.StackId).specs();
  if (unreadable.length > 0) run.log('renewal specs not readable: left out', { parameterNames: unreadable });
  // Parents first: a parent in the stack renews before its subordinates look at its end.
  const ordered = [...specs].sort((a, b) => a.Depth - b.Depth || a.CaName.localeCompare(b.CaName));
  const outcomes: RenewalOutcome[] = [];
  for (const spec of ordered) {
    const ctx = new HandlerContext(contextEvent(invocation.StackId, spec.LogicalId, spec.Properties), options,
      { action: 'RenewCaCertificates', stackName, caName: spec.CaName, logicalResourceId: spec.LogicalId });
    const renewal = new CaRenewal(ctx, spec, invocation.StackId, stackName);
    let outcome: RenewalOutcome;
    try {
      outcome = await renewal.run();
    } catch (e) {
      outcome = { caName: spec.CaName, certificateAuthorityArn: spec.Properties.CertificateAuthorityArn, result: 'failed', reason: messageOf(e) };
      ctx.log('renewal failed; the next run tries again', { reason: outcome.reason });
      await renewal.report('failed', { renewed: false, reason: outcome.reason });
    }
    outcomes.push(outcome);
  }
  // Then the replaced generations of the stack that wait for their retirement.
  const retirements = await new Retirements(run, invocation.StackId).run();
  logMetrics(stackName, outcomes, retirements);
  run.log('renewal run done', {
    results: outcomes.map((o) => `${o.caName}: ${o.result}`), retirements: retirements.map((r) => `${r.certificateAuthorityArn}: ${r.result}`),
  });
  return { StackName: stackName, Outcomes: outcomes, Unreadable: unreadable, Retirements: retirements };
}

class CaRenewal {
  private readonly arn: string;

  constructor(private readonly ctx: HandlerContext, private readonly spec: CaRenewalSpec, private readonly stackId: string,
    private readonly stackName: string) {
    this.arn = spec.Properties.CertificateAuthorityArn;
  }

  public async run(): Promise<RenewalOutcome> {
    const { ctx, spec, arn } = this;
    const outcome = (result: RenewalResult, more: Partial<RenewalOutcome> = {}): RenewalOutcome =>
      ({ caName: spec.CaName, certificateAuthorityArn: arn, result, ...more });
    const state = await ctx.caState(arn);
    if (!state?.status || !RENEWABLE_CA_STATUSES.has(state.status) || !state.certificatePem) {
      ctx.log('CA not renewed: it is not ACTIVE or holds no certificate', { certificateAuthorityArn: arn, status: state?.status ?? 'gone' });
      return outcome('not-active', { reason: state?.status ?? 'gone' });
    }
    const installed = new X509Certificate(state.certificatePem);
    const notAfter = new Date(installed.validTo);
    const now = ctx.now;
    const renewsOn = new Date(notAfter.getTime() - spec.RenewBeforeDays * DAY_MS);
    if (now < renewsOn) {
      return outcome('not-due', { notAfter: notAfter.toISOString(), renewsOn: renewsOn.toISOString() });
    }

    const props = readProperties({ ...spec.Properties, CertificateSigningRequest: await ctx.csrOf(arn) });
    const parent = new ParentCas(ctx).reach(props.Parent, arn);
    const parentState = await parent.describe();
    requireActive(parentState);
    const parentEnd = parentState.notAfter ? new Date(parentState.notAfter) : undefined;
    const daysLeft = (notAfter.getTime() - now.getTime()) / DAY_MS;
    if (spec.ParentRenewBeforeDays !== undefined && parentEnd !== undefined && daysLeft > CA_RENEWAL_WAIT_FLOOR_DAYS
      && parentEnd.getTime() - now.getTime() <= spec.ParentRenewBeforeDays * DAY_MS) {
      ctx.log('due, waiting for the parent, which is due itself and renews first', {
        certificateAuthorityArn: arn, notAfter: notAfter.toISOString(), parentArn: parentState.arn, parentNotAfter: parentEnd.toISOString(),
      });
      return outcome('waiting', { notAfter: notAfter.toISOString() });
    }

    // The declared validity, or the longest in days that ends the margin before the parent.
    const unit = props.ValidityType as ValidityUnit;
    const value = Number(props.ValidityValue);
    let validity: { unit: ValidityUnit; value: number } | undefined;
    if (parentEnd !== undefined) {
      const limit = new Date(parentEnd.getTime() - CA_RENEWAL_PARENT_MARGIN_DAYS * DAY_MS);
      if (validityEnd(now, unit, value) > limit) {
        const days = longestValidity(now, 'DAYS', limit);
        const end = validityEnd(now, 'DAYS', days);
        if (days < 1 || end.getTime() < notAfter.getTime() + CA_RENEWAL_MIN_GAIN_DAYS * DAY_MS) {
          const reason = `the parent CA ${parentState.arn} ends on ${parentEnd.toISOString()}: a renewed certificate would not end later than the `
            + `installed one (${notAfter.toISOString()}); renew the parent CA's certificate, then this CA renews on the next run`;
          ctx.log('renewal not made: capped by the parent', { certificateAuthorityArn: arn, reason });
          await this.report('capped', { renewed: false, capped: true, previousNotAfter: notAfter.toISOString(), reason });
          return outcome('blocked', { capped: true, notAfter: notAfter.toISOString(), reason });
        }
        validity = { unit: 'DAYS', value: days };
      }
    }

    const records = new RenewalRecords(ctx, this.stackId);
    const previous = await records.get(spec.LogicalId);
    const heldSerial = installed.serialNumber;
    const seed = JSON.stringify(['cdk-pki/renewal', this.stackId, spec.LogicalId, arn, heldSerial, validity ?? null]);
    const signed = await new SubordinateSigner(ctx).sign(props, parent, { validity, seed });
    const data = signed.Data!;
    const capped = validity !== undefined;
    await records.put(spec.LogicalId, {
      Version: 1,
      CertificateArn: data.CertificateArn,
      SerialNumber: data.SerialNumber,
      NotAfter: data.NotAfter,
      Digest: parseSigningPhysicalId(signed.PhysicalResourceId)!.digest!,
      ParentCertificateAuthorityArn: data.ParentCertificateAuthorityArn,
      // The resource's own certificate: the one an earlier renewal renewed, else the one the CA held.
      ResourceSerialNumber: previous && sameSerial(previous.SerialNumber, heldSerial) ? previous.ResourceSerialNumber : formatSerial(heldSerial),
      RenewedAt: now.toISOString(),
      Capped: capped,
    });
    const detail = {
      renewed: true,
      capped,
      previousNotAfter: notAfter.toISOString(),
      certificateArn: data.CertificateArn,
      serialNumber: data.SerialNumber,
      notAfter: data.NotAfter,
      parentCertificateAuthorityArn: data.ParentCertificateAuthorityArn,
    };
    ctx.log('CA certificate renewed', { certificateAuthorityArn: arn, ...detail });
    await this.report('renewed', detail);
    if (capped) {
      await this.report('capped', {
        ...detail,
        reason: `the certificate ends on ${data.NotAfter}, ${CA_RENEWAL_PARENT_MARGIN_DAYS} day before the parent CA's (${parentEnd!.toISOString()}), `
          + `not after the declared ${value} ${unit}: renew the parent CA's certificate`,
      });
    }
    return outcome('renewed', { capped, notAfter: data.NotAfter });
  }

  /** Puts one renewal event of this CA. */
  public async report(kind: keyof typeof CA_RENEWAL_DETAIL_TYPES, more: Omit<CaRenewalEventDetail, 'hierarchyName' | 'caName' | 'certificateAuthorityArn' | 'stackName'>) {
    const detail: CaRenewalEventDetail = {
      hierarchyName: this.spec.HierarchyName, caName: this.spec.CaName, certificateAuthorityArn: this.arn, stackName: this.stackName, ...more,
    };
    await this.ctx.putEvent(CA_RENEWAL_EVENT_SOURCE, CA_RENEWAL_DETAIL_TYPES[kind], detail, 'renewal event');
  }
}

/**
 * The event the signing code of the resource sees for a renewal: the stack and the CA's signing resource (its log
 * lines and idempotency name them); a renewal asks for no CloudFormation response.
 */
function contextEvent(stackId: string, logicalId: string, properties: object): CloudFormationCustomResourceUpdateEvent {
  return {
    RequestType: 'Update',
    ServiceToken: '',
    ResponseURL: '',
    StackId: stackId,
    RequestId: `ca-renewal/${logicalId}`,
    LogicalResourceId: logicalId,
    PhysicalResourceId: '',
    ResourceType: SUBORDINATE_CERTIFICATE_RESOURCE_TYPE,
    ResourceProperties: { ServiceToken: '', ...properties },
    OldResourceProperties: { ServiceToken: '' },
  };
}

/** The run's counts as CloudWatch metrics, in the embedded metric format (a log line; no CloudWatch call, no permission). */
function logMetrics(stackName: string, outcomes: RenewalOutcome[], retirements: RetirementOutcome[]): void {
  const count = (test: (o: RenewalOutcome) => boolean) => outcomes.filter(test).length;
  log('renewal metrics', {
    _aws: {
      // The real time, whatever clock a test gives: CloudWatch takes no metric from the future.
      Timestamp: Date.now(),
      CloudWatchMetrics: [{
        Namespace: CA_RENEWAL_METRIC_NAMESPACE,
        Dimensions: [[CA_RENEWAL_METRIC_DIMENSION]],
        Metrics: Object.values(CA_RENEWAL_METRICS).map((Name) => ({ Name, Unit: 'Count' })),
      }],
    },
    [CA_RENEWAL_METRIC_DIMENSION]: stackName,
    [CA_RENEWAL_METRICS.renewed]: count((o) => o.result === 'renewed'),
    [CA_RENEWAL_METRICS.capped]: count((o) => o.capped === true),
    [CA_RENEWAL_METRICS.failed]: count((o) => o.result === 'failed'),
    [CA_RENEWAL_METRICS.retirementFailed]: retirements.filter((r) => r.result === 'failed').length,
  });
}
