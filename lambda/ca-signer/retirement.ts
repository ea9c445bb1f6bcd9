/**
 * The retirement of CA generations replaced on purpose (contract: src/private/contracts/ca-renewal.ts). When a new
 * generation replaces a CA, CloudFormation's Delete of the old one schedules its retirement instead of retiring it at
 * once: the certificates it issued are still in use and relying parties still need its CRLs. Its grants, shares and
 * permissions have moved to the new generation, so it issues nothing new. The stack's daily run then:
 * - once the certificates it issued have expired (RetireAfter), revokes its own certificate at its parent when
 *   revokeOnDelete asked for it, and disables it;
 * - CA_RETIREMENT_DISABLED_DAYS later, deletes it with its restoration period when its removal policy is DESTROY
 *   (RETAIN keeps it DISABLED). A CA someone enabled again in between is left ACTIVE, and its record dropped.
 * Each step is recorded in the CA's retirement record (SSM) and announced on the default bus.
 */
import { X509Certificate } from 'node:crypto';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { OWN_CREDENTIALS } from './context';
import type { CaState, HandlerContext } from './context';
import { ParentCas } from './parent';
import { Revocation } from './revocation';
import { parseCaArn, parseIssuedCertificateArn } from '../../src/private/contracts/arn';
import { CA_STATUS, REVOCATION_REASON_CESSATION } from '../../src/private/contracts/aws-hierarchy';
import {
  CA_RETIREMENT_DETAIL_TYPES, CA_RETIREMENT_DISABLED_DAYS, CA_RETIREMENT_EVENT_SOURCE, caRetirementPath, stackNameOfId,
} from '../../src/private/contracts/ca-renewal';
import type { CaRetirementEventDetail, CaRetirementRecord } from '../../src/private/contracts/ca-renewal';
import type { CaRemovalPolicy, ParentReference } from '../../src/private/contracts/signing';
import { errorName, messageOf } from '../shared/errors';
import { parseInteger } from '../shared/properties';

const DAY_MS = 86_400_000;
const ACCESS_HINT = 'check that the signing handler\'s role may use the retirement parameters of its stack (ssm:GetParametersByPath, '
  + 'PutParameter, DeleteParameter under /cdk-pki/ca-retirement/<stack>)';

/** What the run did with one retiring CA. */
export type RetirementResult = 'waiting' | 'disabled' | 'deleted' | 'kept-disabled' | 'enabled-again' | 'gone' | 'failed';

export interface RetirementOutcome {
  readonly certificateAuthorityArn: string;
  readonly result: RetirementResult;
  readonly retireAfter?: string;
  readonly reason?: string;
}

/** A replaced generation, as the Delete that replaced it knows it. */
export interface ReplacedGeneration {
  readonly arn: string;
  readonly policy: CaRemovalPolicy;
  readonly restorationDays: number;
  /** The resource's RetireAfterDays property, as CloudFormation sent it. */
  readonly retireAfterDays: unknown;
  /** The CA as it is now (its certificate's end bounds the retirement). */
  readonly held?: CaState;
  /** Certificates of the CA to revoke at its parent at retirement, and the parent. */
  readonly revoke?: { readonly certificateArns: string[]; readonly parent?: ParentReference };
  /** An SSM parameter to publish the CA's certificate in until it is disabled (a replaced root, for trust stores). */
  readonly publishCertificateAs?: string;
}

export class Retirements {
  private readonly stackName: string | undefined;

  constructor(private readonly ctx: HandlerContext, stackId: string) {
    this.stackName = stackNameOfId(stackId);
  }

  /**
   * Schedules the retirement of a replaced generation; returns false (and schedules nothing) when the resource does
   * not say how long its issued certificates live (a resource of an earlier version), so that the caller retires it
   * at once as before.
   */
  public async schedule(replaced: ReplacedGeneration): Promise<boolean> {
    const days = parseInteger(replaced.retireAfterDays);
    if (days === undefined || days < 0 || !this.stackName) return false;
    const now = this.ctx.now;
    const byIssued = new Date(now.getTime() + days * DAY_MS);
    const ownEnd = replaced.held?.certificatePem ? new Date(new X509Certificate(replaced.held.certificatePem).validTo) : undefined;
    const retireAfter = ownEnd && ownEnd < byIssued ? ownEnd : byIssued;
    let record: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: replaced.arn,
      ReplacedAt: now.toISOString(),
      RetireAfter: retireAfter.toISOString(),
      RemovalPolicy: replaced.policy,
      RestorationDays: replaced.restorationDays,
      Revoke: replaced.revoke && replaced.revoke.certificateArns.length > 0
        ? { CertificateArns: replaced.revoke.certificateArns, Parent: replaced.revoke.parent } : undefined,
    };
    if (replaced.publishCertificateAs && replaced.held?.certificatePem) {
      await this.publish(replaced.publishCertificateAs, replaced.held.certificatePem, replaced.arn);
      record = { ...record, PublishedParameter: replaced.publishCertificateAs };
    }
    await this.put(record);
    this.ctx.log('replaced generation stays ACTIVE, issuing nothing new, until the certificates it issued have expired; then it retires',
      { certificateAuthorityArn: replaced.arn, retireAfter: record.RetireAfter, removalPolicy: replaced.policy });
    await this.announce('scheduled', record);
    return true;
  }

  /** The daily run: every retirement record of the stack, one step each when due. */
  public async run(): Promise<RetirementOutcome[]> {
    const outcomes: RetirementOutcome[] = [];
    for (const record of await this.records()) {
      try {
        outcomes.push(await this.step(record));
      } catch (e) {
        const reason = messageOf(e);
        this.ctx.log('retirement step failed; the next run tries again', { certificateAuthorityArn: record.CertificateAuthorityArn, reason });
        await this.announce('failed', record, { reason });
        outcomes.push({ certificateAuthorityArn: record.CertificateAuthorityArn, result: 'failed', reason });
      }
    }
    return outcomes;
  }

  /**
   * The stack is being deleted: its daily run goes with it, so every replaced generation it still holds retires now,
   * as its record says (revoked when asked, then disabled, or deleted with its restoration period), and the records go.
   */
  public async retireAllNow(): Promise<void> {
    for (const record of await this.records()) {
      const arn = record.CertificateAuthorityArn;
      const state = await this.ctx.caState(arn);
      let revoked = false;
      if (record.Revoke && state && state.status !== CA_STATUS.DELETED) {
        await this.revoke(record);
        revoked = true;
      }
      this.ctx.log('the stack is deleted: its replaced generation retires now', { certificateAuthorityArn: arn, removalPolicy: record.RemovalPolicy });
      // DESTROY deletes it (disabled first); RETAIN disables it when its certificate was revoked, as for a CA that left.
      await this.ctx.retire(arn, record.RemovalPolicy, record.RestorationDays, revoked, state);
      if (record.PublishedParameter) await this.deleteParameter(record.PublishedParameter);
      await this.remove(record);
    }
  }

  private async step(record: CaRetirementRecord): Promise<RetirementOutcome> {
    const arn = record.CertificateAuthorityArn;
    const outcome = (result: RetirementResult, reason?: string): RetirementOutcome =>
      ({ certificateAuthorityArn: arn, result, retireAfter: record.RetireAfter, reason });
    const now = this.ctx.now;
    const state = await this.ctx.caState(arn);
    if (!state || state.status === CA_STATUS.DELETED) {
      await this.remove(record);
      return outcome('gone');
    }
    if (record.DisabledAt === undefined) {
      if (now < new Date(record.RetireAfter)) return outcome('waiting');
      if (record.Revoke) await this.revoke(record);
      await this.ctx.disable(arn, state, 'a replaced generation whose issued certificates have expired');
      if (record.PublishedParameter) await this.deleteParameter(record.PublishedParameter);
      if (record.RemovalPolicy === 'DESTROY') {
        await this.put({ ...record, DisabledAt: now.toISOString() });
      } else {
        await this.remove(record);
      }
      await this.announce('disabled', record);
      return outcome(record.RemovalPolicy === 'DESTROY' ? 'disabled' : 'kept-disabled');
    }
    if (state.status === CA_STATUS.ACTIVE) {
      // Someone enabled it again: it is needed after all. The library leaves it alone from now on.
      this.ctx.log('retiring CA was enabled again: left ACTIVE, its retirement dropped', { certificateAuthorityArn: arn });
      await this.remove(record);
      return outcome('enabled-again');
    }
    if (now.getTime() < new Date(record.DisabledAt).getTime() + CA_RETIREMENT_DISABLED_DAYS * DAY_MS) return outcome('waiting');
    await this.ctx.deleteWithRestorationPeriod(arn, state, record.RestorationDays);
    await this.remove(record);
    await this.announce('deleted', record, { restorationDays: record.RestorationDays });
    return outcome('deleted');
  }

  /** Revokes the certificates the record names at the parent (a parent that cannot any more leaves them). */
  private async revoke(record: CaRetirementRecord): Promise<void> {
    const parents = new ParentCas(this.ctx);
    const revocation = new Revocation(this.ctx, parents);
    for (const certificateArn of record.Revoke!.CertificateArns) {
      const certificate = parseIssuedCertificateArn(certificateArn);
      if (!certificate) continue;
      await revocation.revoke(record.Revoke!.Parent, certificate, record.CertificateAuthorityArn, REVOCATION_REASON_CESSATION);
    }
  }

  private async announce(kind: keyof typeof CA_RETIREMENT_DETAIL_TYPES, record: CaRetirementRecord, more: Partial<CaRetirementEventDetail> = {}) {
    const detail: CaRetirementEventDetail = {
      certificateAuthorityArn: record.CertificateAuthorityArn, stackName: this.stackName ?? '', retireAfter: record.RetireAfter, ...more,
    };
    await this.ctx.putEvent(CA_RETIREMENT_EVENT_SOURCE, CA_RETIREMENT_DETAIL_TYPES[kind], detail, 'retirement event');
  }

  private get ssm(): SSMClient {
    return this.ctx.clients.get(SSMClient);
  }

  private nameOf(arn: string): string {
    const id = parseCaArn(arn)?.id;
    if (!id || !this.stackName) throw new Error(`cannot name the retirement record of ${arn}`);
    return `${caRetirementPath(this.stackName)}/${id}`;
  }

  private async put(record: CaRetirementRecord): Promise<void> {
    const name = this.nameOf(record.CertificateAuthorityArn);
    await this.ctx.aws.call('PutParameter', `SSM parameter ${name}`, () => this.ssm.send(new PutParameterCommand({
      Name: name,
      Value: JSON.stringify(record),
      Type: 'String',
      Overwrite: true,
      Description: 'cdk-pki: a replaced CA generation waiting for retirement (written by the signing handler)',
    })), { via: OWN_CREDENTIALS, accessHint: ACCESS_HINT });
  }

  /** Publishes a replaced root's certificate (PEM) for trust stores, while it still serves what it signed. */
  private async publish(name: string, certificatePem: string, arn: string): Promise<void> {
    await this.ctx.aws.call('PutParameter', `SSM parameter ${name}`, () => this.ssm.send(new PutParameterCommand({
      Name: name,
      Value: certificatePem,
      Type: 'String',
      Overwrite: true,
      Tier: 'Intelligent-Tiering',
      Description: `cdk-pki: certificate of the replaced root CA ${arn}, trusted until it retires (written by the signing handler)`,
    })), { via: OWN_CREDENTIALS, accessHint: 'check that the signing handler\'s role may write the previous root certificate parameter' });
  }

  private async remove(record: CaRetirementRecord): Promise<void> {
    await this.deleteParameter(this.nameOf(record.CertificateAuthorityArn));
  }

  private async deleteParameter(name: string): Promise<void> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: name }));
    } catch (e) {
      if (errorName(e) !== 'ParameterNotFound') {
        throw this.ctx.aws.error('DeleteParameter', `SSM parameter ${name}`, e, { via: OWN_CREDENTIALS, accessHint: ACCESS_HINT });
      }
    }
  }

  private async records(): Promise<CaRetirementRecord[]> {
    if (!this.stackName) return [];
    const parameters = await this.ctx.parametersByPath(caRetirementPath(this.stackName), ACCESS_HINT);
    const records: CaRetirementRecord[] = [];
    for (const p of parameters) {
      try {
        const record = JSON.parse(p.Value ?? '') as CaRetirementRecord;
        if (record.Version === 1 && record.CertificateAuthorityArn) records.push(record);
      } catch {
        this.ctx.log('retirement record not readable: left out', { parameterName: p.Name });
      }
    }
    return records;
  }
}
