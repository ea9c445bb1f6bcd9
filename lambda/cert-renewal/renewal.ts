/**
 * Renewal of one imported certificate, from "is it ours and due" to re-import under the same ARN.
 *
 * ACM tags have no compare-and-set, so two triggers for the same certificate (the daily sweep, ACM's daily
 * event and Config's compliance change can all arrive at once) agree through a lease in its tags:
 *  1. read the tags; a lease that has not lapsed belongs to another renewal: leave the certificate alone;
 *  2. write our lease (a random token and its expiry) and check that the write landed within `settleMs` of
 *     the read, else give up (a slow write may have overwritten a lease written after our read);
 *  3. wait `settleMs`, read again: if another renewal's token is there, it wrote last and goes on, we stop;
 *  4. right before ImportCertificate, read again: our token must still be there and the certificate's serial
 *     unchanged since we started, else another renewal has done it (our certificate is never imported);
 *  5. release: RemoveTagsFromCertificate with the key and our value, which removes only our own lease.
 * Of concurrent renewals at most one passes 3, and one that passed 3 while another passes it later (only
 * if that one's write was slower than `settleMs`, which step 2 rules out) still stops at 4.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  ACMClient,
  AddTagsToCertificateCommand,
  DescribeCertificateCommand,
  GetCertificateCommand,
  ImportCertificateCommand,
  ListTagsForCertificateCommand,
  RemoveTagsFromCertificateCommand,
} from '@aws-sdk/client-acm';
import type { CertificateDetail } from '@aws-sdk/client-acm';
import type { Clients } from './aws';
import { aws } from './aws';
import { emitMetric } from './notify';
import type { Notifier } from './notify';
import { RenewalInputError } from './sources';
import type { Log, RenewalSourceModule } from './sources';
import { formatLease, leaseOf, tagValue, updatedAtOf } from './tags';
import type { Lease } from './tags';
import { buildCsr, generateKey, KEY_ALGORITHMS, parseCertificate, privateKeyPem, replacementProblem } from './x509';
import type { CurrentCertificate } from './x509';
import { ISSUE_IDEMPOTENCY_TOKEN_LENGTH } from '../../src/private/contracts/aws-hierarchy';
import { ACM_TYPE_IMPORTED } from '../../src/private/contracts/aws-renewal';
import {
  RENEWAL_METRIC_FAILED, RENEWAL_METRIC_RENEWED, RENEWAL_STATUS, RENEWAL_TAGS,
} from '../../src/private/contracts/renewal';
import type { RenewalConfiguration, RenewalEventDetail, RenewalSourceSettings, RenewalStatusValue } from '../../src/private/contracts/renewal';
import { errorName, messageOf } from '../shared/errors';
import { formatSerial } from '../shared/pem';

const DAY_MS = 86_400_000;
/** An import does not start when the lease lapses sooner than this. */
const LEASE_MARGIN_MS = 60_000;
/** ACM statuses of an imported certificate that can be re-imported over. */
const RENEWABLE_STATUSES = new Set(['ISSUED', 'EXPIRED']);

export interface RenewalDependencies {
  readonly configuration: RenewalConfiguration;
  readonly clients: Clients;
  readonly sources: ReadonlyMap<string, RenewalSourceModule>;
  readonly notifier: Notifier;
  readonly log: Log;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Wait between writing the lease and reading it back, in ms. */
  readonly settleMs: number;
}

export type SkipReason =
  | 'not-found' | 'not-imported' | 'not-renewable' | 'not-opted-in' | 'not-due' | 'recently-renewed' | 'recently-failed'
  | 'in-progress' | 'lost-lease' | 'superseded' | 'marked-pending';

export type Outcome =
  | { readonly result: 'renewed'; readonly certificateArn: string; readonly serial: string; readonly notAfter: string }
  | { readonly result: 'failed'; readonly certificateArn: string; readonly reason: string }
  | { readonly result: 'skipped'; readonly certificateArn: string; readonly why: SkipReason };

export interface RunOptions {
  /** Skip the due and minimum-interval checks (a manual renewal). */
  readonly force?: boolean;
  /** Only mark a due certificate `pending renewal` (the sweep ran out of time for it). */
  readonly markPendingOnly?: boolean;
}

/** What a renewal knows about its certificate once it has decided to act. */
interface Subject {
  readonly certificateArn: string;
  readonly trigger: string;
  readonly source: string;
  readonly domainName?: string;
  status?: string;
}

/** A renewal that has passed the checks: its source, request and the certificate in ACM. */
interface Plan {
  readonly source: RenewalSourceModule;
  readonly request: unknown;
  readonly current: CurrentCertificate;
  /** DescribeCertificate's Serial when we started: unchanged until we import. */
  readonly serialAtStart?: string;
}

export class Renewal {
  constructor(private readonly deps: RenewalDependencies) {}

  private get acm(): ACMClient {
    return this.deps.clients.get(ACMClient);
  }

  /** Renews `certificateArn` if it is imported, opted in, due, and no other renewal holds it. */
  public async run(certificateArn: string, trigger: string, options: RunOptions = {}): Promise<Outcome> {
    const skipped = (why: SkipReason): Outcome => {
      this.deps.log('certificate left alone', { certificateArn, trigger, why });
      return { result: 'skipped', certificateArn, why };
    };

    let description: CertificateDetail | undefined;
    try {
      description = (await this.acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }))).Certificate;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return skipped('not-found');
      throw aws.error('DescribeCertificate', `certificate ${certificateArn}`, e);
    }
    if (!description) return skipped('not-found');
    if (description.Type !== ACM_TYPE_IMPORTED) return skipped('not-imported');
    if (!RENEWABLE_STATUSES.has(description.Status ?? '')) return skipped('not-renewable');

    const tags = await this.readTags(certificateArn);
    const sourceName = tags[RENEWAL_TAGS.source]?.trim();
    if (!sourceName) return skipped('not-opted-in');

    const why = this.reasonToWait(description, tags, options.force ?? false);
    if (why) return skipped(why);

    const subject: Subject = { certificateArn, trigger, source: sourceName, domainName: description.DomainName, status: tags[RENEWAL_TAGS.status] };
    let lease: Lease | 'held' | 'lost';
    let plan: Plan;
    try {
      plan = await this.plan(subject, description, tags);
      if (subject.status !== RENEWAL_STATUS.pending) {
        const days = Math.floor((plan.current.notAfter.getTime() - this.deps.now().getTime()) / DAY_MS);
        await this.setState(subject, RENEWAL_STATUS.pending,
          `due: expires on ${plan.current.notAfter.toISOString()} (${days >= 0 ? `in ${days} days` : 'expired'})`
          + (options.markPendingOnly ? '; the sweep ran out of time, the next trigger renews it' : ''));
      }
      if (options.markPendingOnly) return skipped('marked-pending');
      lease = await this.acquire(subject);
    } catch (e) {
      // Bad tags, a key the source cannot issue, or AWS refusing a read or a tag write: nothing was issued.
      return this.fail(subject, messageOf(e));
    }
    if (lease === 'held') return skipped('in-progress');
    if (lease === 'lost') return skipped('lost-lease');

    try {
      return await this.renew(subject, plan, lease);
    } catch (e) {
      if (e instanceof Superseded) return skipped('superseded');
      return this.fail(subject, messageOf(e), lease);
    }
  }

  /** Why a due check says "not now", or undefined to go on. */
  private reasonToWait(description: CertificateDetail, tags: Record<string, string>, force: boolean): SkipReason | undefined {
    const now = this.deps.now().getTime();
    const lease = leaseOf(tags);
    if (lease && lease.expires.getTime() > now) return 'in-progress';
    if (force) return undefined;
    const updatedAt = updatedAtOf(tags)?.getTime();
    const status = tags[RENEWAL_TAGS.status];
    if (updatedAt !== undefined && now - updatedAt < this.deps.configuration.minimumIntervalSeconds * 1000) {
      if (status === RENEWAL_STATUS.complete) return 'recently-renewed';
      if (status === RENEWAL_STATUS.failed) return 'recently-failed';
    }
    const notAfter = description.NotAfter?.getTime();
    if (notAfter !== undefined && notAfter - now > this.deps.configuration.renewBeforeDays * DAY_MS) return 'not-due';
    return undefined;
  }

  /** Everything that can be checked before a tag is written: the source, its tags, the key type. */
  private async plan(subject: Subject, description: CertificateDetail, tags: Record<string, string>): Promise<Plan> {
    const source = this.deps.sources.get(subject.source);
    if (!source) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.source} is '${subject.source}', a source this renewal does not know `
        + `(it knows ${[...this.deps.sources.keys()].join(', ')}): fix the tag`);
    }
    const settings: RenewalSourceSettings | undefined = this.deps.configuration.sources[subject.source];
    if (!settings) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.source} is '${subject.source}', a source this ImportedCertRenewal is not set up for `
        + `(it uses ${Object.keys(this.deps.configuration.sources).join(', ')}): add it to the construct's sources, or fix the tag`);
    }

    const pem = (await aws.call('GetCertificate', `certificate ${subject.certificateArn}`,
      () => this.acm.send(new GetCertificateCommand({ CertificateArn: subject.certificateArn })))).Certificate;
    if (!pem) throw new Error(`GetCertificate of ${subject.certificateArn} returned no certificate`);
    const current = parseCertificate(pem);

    const wanted = tags[RENEWAL_TAGS.keyAlgorithm]?.trim();
    if (wanted && !KEY_ALGORITHMS.includes(wanted)) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.keyAlgorithm} is '${wanted}', not one of ${KEY_ALGORITHMS.join(', ')}: fix it or remove it`);
    }
    if (wanted && wanted !== current.keyAlgorithm) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.keyAlgorithm} asks for ${wanted}, but the certificate has a ${current.keyAlgorithm} key, `
        + `and ACM keeps the key type and size of a re-imported certificate: set the tag to ${current.keyAlgorithm} or remove it, `
        + `or import a new ${wanted} certificate and move the tags to it`);
    }
    if (!source.keyAlgorithms.includes(current.keyAlgorithm)) {
      throw new RenewalInputError(`the certificate has a ${current.keyAlgorithm} key; source ${source.name} issues certificates only for `
        + `${source.keyAlgorithms.join(', ')} keys, and ACM keeps the key type and size of a re-imported certificate: `
        + 'import a new certificate with one of those keys and move the tags to it');
    }
    const request = source.parse(tags, settings);
    return { source, request, current, serialAtStart: description.Serial };
  }

  /** Takes the lease (see the file comment), or says why not. */
  private async acquire(subject: Subject): Promise<Lease | 'held' | 'lost'> {
    const { certificateArn } = subject;
    const started = this.deps.now().getTime();
    const before = leaseOf(await this.readTags(certificateArn));
    if (before && before.expires.getTime() > started) return 'held';

    const lease: Lease = {
      token: randomBytes(8).toString('hex'),
      expires: new Date(started + this.deps.configuration.leaseSeconds * 1000),
    };
    await this.writeTags(certificateArn, { [RENEWAL_TAGS.lease]: formatLease(lease) });
    if (this.deps.now().getTime() - started > this.deps.settleMs) {
      this.deps.log('writing the lease took too long to be sure of it: giving up this time', { certificateArn });
      await this.release(certificateArn, lease);
      return 'lost';
    }
    await this.deps.sleep(this.deps.settleMs);
    const after = leaseOf(await this.readTags(certificateArn));
    if (after?.token !== lease.token) {
      this.deps.log('another renewal took the lease', { certificateArn });
      return 'lost';
    }
    await this.setState(subject, RENEWAL_STATUS.inProgress, `renewing from source ${subject.source}`);
    return lease;
  }

  private async renew(subject: Subject, plan: Plan, lease: Lease): Promise<Outcome> {
    const { certificateArn } = subject;
    const { current } = plan;
    const keys = await generateKey(current.keyAlgorithm);
    const csr = buildCsr(current, keys);
    const idempotencyToken = createHash('sha256').update(certificateArn).update(lease.token).update(csr.der)
      .digest('hex').slice(0, ISSUE_IDEMPOTENCY_TOKEN_LENGTH);

    const issued = await plan.source.issue(plan.request, csr.pem, {
      certificateArn, current, idempotencyToken, clients: this.deps.clients, log: this.deps.log, now: this.deps.now,
    });
    const problem = replacementProblem(current, issued.certificatePem, issued.chainPem, keys.privateKey);
    if (problem) throw new Error(`not importing the certificate from ${issued.issuer}: ${problem}`);
    const renewed = parseCertificate(issued.certificatePem);

    await this.checkStillOurs(subject, plan, lease);
    const privateKey = Buffer.from(privateKeyPem(keys.privateKey), 'utf8');
    try {
      await aws.call('ImportCertificate', `certificate ${certificateArn}`, () => this.acm.send(new ImportCertificateCommand({
        CertificateArn: certificateArn,
        Certificate: Buffer.from(issued.certificatePem, 'utf8'),
        PrivateKey: privateKey,
        CertificateChain: Buffer.from(issued.chainPem, 'utf8'),
      })), { accessHint: 'check that the function\'s role allows acm:ImportCertificate on it' });
    } finally {
      privateKey.fill(0);
    }
    const serial = formatSerial(renewed.serial);
    const notAfter = renewed.notAfter.toISOString();
    this.deps.log('certificate renewed', { certificateArn, serial, notAfter, issuer: issued.issuer, reference: issued.reference });
    await this.setState(subject, RENEWAL_STATUS.complete, `renewed by ${issued.issuer}: serial ${serial} valid until ${notAfter}`,
      { serial, notAfter });
    await this.release(certificateArn, lease);
    emitMetric(RENEWAL_METRIC_RENEWED);
    return { result: 'renewed', certificateArn, serial, notAfter };
  }

  /** Right before the import: the lease is ours for a while yet, and nobody has re-imported meanwhile. */
  private async checkStillOurs(subject: Subject, plan: Plan, lease: Lease): Promise<void> {
    const { certificateArn } = subject;
    const held = leaseOf(await this.readTags(certificateArn));
    if (held?.token !== lease.token) {
      this.deps.log('the lease passed to another renewal before the import: not importing', { certificateArn });
      throw new Superseded();
    }
    if (held.expires.getTime() - this.deps.now().getTime() < LEASE_MARGIN_MS) {
      throw new Error(`the renewal took longer than its lease (${this.deps.configuration.leaseSeconds} s): not importing; the next trigger retries`);
    }
    const now = (await aws.call('DescribeCertificate', `certificate ${certificateArn}`,
      () => this.acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })))).Certificate;
    if (now?.Serial !== plan.serialAtStart) {
      this.deps.log('the certificate was re-imported meanwhile: not importing', { certificateArn });
      await this.release(certificateArn, lease);
      throw new Superseded();
    }
  }

  /** Marks the certificate failed, tells people, and gives up the lease if it holds one. */
  private async fail(subject: Subject, reason: string, lease?: Lease): Promise<Outcome> {
    const { certificateArn } = subject;
    this.deps.log('renewal failed', { certificateArn, trigger: subject.trigger, reason });
    emitMetric(RENEWAL_METRIC_FAILED);
    try {
      if (lease) {
        const held = leaseOf(await this.readTags(certificateArn));
        if (held?.token !== lease.token) {
          this.deps.log('the lease passed to another renewal: leaving the state to it', { certificateArn });
          return { result: 'failed', certificateArn, reason };
        }
      }
      await this.setState(subject, RENEWAL_STATUS.failed, reason);
      if (lease) await this.release(certificateArn, lease);
    } catch (e) {
      // The state cannot be written (the role, throttling): the event and the topic still say it.
      this.deps.log('could not record the failure in the tags', { certificateArn, error: messageOf(e) });
      await this.deps.notifier.stateChanged(this.detail(subject, RENEWAL_STATUS.failed, reason, new Date()));
    }
    return { result: 'failed', certificateArn, reason };
  }

  private async setState(subject: Subject, status: RenewalStatusValue, reason: string, extra: Partial<RenewalEventDetail> = {}): Promise<void> {
    const at = this.deps.now();
    await this.writeTags(subject.certificateArn, {
      [RENEWAL_TAGS.status]: status,
      [RENEWAL_TAGS.reason]: tagValue(reason),
      [RENEWAL_TAGS.updatedAt]: at.toISOString(),
    });
    const detail = this.detail(subject, status, reason, at, extra);
    subject.status = status;
    await this.deps.notifier.stateChanged(detail);
  }

  private detail(
    subject: Subject, status: RenewalStatusValue, reason: string, at: Date, extra: Partial<RenewalEventDetail> = {},
  ): RenewalEventDetail {
    return {
      certificateArn: subject.certificateArn,
      status,
      previousStatus: subject.status,
      reason,
      updatedAt: at.toISOString(),
      trigger: subject.trigger,
      source: subject.source,
      domainName: subject.domainName,
      ...extra,
    };
  }

  private async readTags(certificateArn: string): Promise<Record<string, string>> {
    const out = await aws.call('ListTagsForCertificate', `certificate ${certificateArn}`,
      () => this.acm.send(new ListTagsForCertificateCommand({ CertificateArn: certificateArn })));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  }

  private async writeTags(certificateArn: string, tags: Record<string, string>): Promise<void> {
    await aws.call('AddTagsToCertificate', `certificate ${certificateArn}`,
      () => this.acm.send(new AddTagsToCertificateCommand({
        CertificateArn: certificateArn, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      })), { accessHint: 'check that the function\'s role allows acm:AddTagsToCertificate on it' });
  }

  /** Removes the lease tag if it still holds our value (ACM removes a tag given with a value only when it matches). */
  private async release(certificateArn: string, lease: Lease): Promise<void> {
    await aws.call('RemoveTagsFromCertificate', `certificate ${certificateArn}`,
      () => this.acm.send(new RemoveTagsFromCertificateCommand({
        CertificateArn: certificateArn, Tags: [{ Key: RENEWAL_TAGS.lease, Value: formatLease(lease) }],
      })), { accessHint: 'check that the function\'s role allows acm:RemoveTagsFromCertificate on it' });
  }
}

/** Another renewal has done, or is doing, this certificate: stop without touching its state. */
class Superseded extends Error {
  constructor() {
    super('superseded by another renewal');
  }
}
