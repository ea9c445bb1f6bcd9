/**
 * Custom::PkiCaGuard: one per stack, and every CA of the stack depends on it, so CloudFormation updates it
 * before it creates or replaces any CA. It fails the deployment (which CloudFormation then rolls back) when a
 * CA would be replaced without being asked to: a create-only property changed, or the CA resource moved to
 * another logical id, while its generation stayed. A CA that appears is checked against the CAs of the
 * account: an ACTIVE CA of the same hierarchy, name and generation that another stack (or an earlier,
 * deleted stack) made would be duplicated.
 *
 * The physical id records the accepted set (a digest), so that CloudFormation's rollback Update back to
 * the accepted properties passes, and an accepted change gets a new physical id (the old one's Delete does
 * nothing).
 */
import { createHash } from 'node:crypto';
import { ListTagsCommand, paginateListCertificateAuthorities } from '@aws-sdk/client-acm-pca';
import { HandlerContext, OWN_CREDENTIALS } from './context';
import { CA_CREATE_ONLY_PROPERTIES, CA_PROPERTY_DEFAULTS, CA_STATUS } from '../../src/private/contracts/aws-hierarchy';
import { CA_TAGS } from '../../src/private/contracts/signing';
import type { CaGuardProperties, GuardedCa } from '../../src/private/contracts/signing';
import { forEachLimited } from '../shared/concurrency';
import { parseInteger } from '../shared/properties';

export interface GuardResponse {
  readonly PhysicalResourceId: string;
}

const PHYSICAL_ID_PREFIX = 'cdk-pki-ca-guard-';
/** ListTags calls at a time while looking for CAs of the same name (PcaLimits: 10 per second for most reads). */
const LIST_TAGS_CONCURRENCY = 4;

export class CaGuard {
  constructor(private readonly ctx: HandlerContext) {}

  public async run(): Promise<GuardResponse> {
    const event = this.ctx.event;
    switch (event.RequestType) {
      case 'Create': {
        const cas = readCas(event.ResourceProperties);
        this.refuseIfAny(await this.duplicates(cas));
        return { PhysicalResourceId: guardId(cas) };
      }
      case 'Update': {
        const cas = readCas(event.ResourceProperties);
        const id = guardId(cas);
        if (id === event.PhysicalResourceId) {
          this.ctx.log('the CAs are as accepted: nothing to check');
          return { PhysicalResourceId: id };
        }
        const old = readCas(event.OldResourceProperties, true);
        const { problems, added } = compare(old, cas);
        if ((problems.length > 0 || added.length > 0) && (await this.ctx.stack.state()).rollingBack) {
          // CloudFormation goes back to what was deployed before: nothing to refuse, nothing to look up.
          this.ctx.log('rollback: going back to properties deployed before', { problems });
          return { PhysicalResourceId: id };
        }
        problems.push(...await this.duplicates(added));
        this.refuseIfAny(problems);
        return { PhysicalResourceId: id };
      }
      case 'Delete':
        return { PhysicalResourceId: event.PhysicalResourceId };
    }
  }

  private refuseIfAny(problems: string[]): void {
    if (problems.length === 0) return;
    this.ctx.log('refusing the deployment', { problems });
    throw new Error(refusal(problems));
  }

  /** ACTIVE (or pending) CAs of the account with the same hierarchy, name and a generation at least as high. */
  private async duplicates(added: GuardedCa[]): Promise<string[]> {
    if (added.length === 0) return [];
    const wanted = new Map(added.map((ca) => [ca.Name, ca]));
    const existing: Array<{ arn: string; status: string }> = [];
    await this.ctx.aws.call('ListCertificateAuthorities', `the CAs of account ${accountOf(this.ctx.event.StackId)} in ${this.ctx.region}`,
      async () => {
        for await (const page of paginateListCertificateAuthorities({ client: this.ctx.pca, pageSize: 100 }, { ResourceOwner: 'SELF' })) {
          for (const ca of page.CertificateAuthorities ?? []) {
            if (ca.Arn && (ca.Status === CA_STATUS.ACTIVE || ca.Status === CA_STATUS.PENDING_CERTIFICATE)) {
              existing.push({ arn: ca.Arn, status: ca.Status });
            }
          }
        }
      }, { via: OWN_CREDENTIALS, accessHint: 'check that the signer\'s role allows acm-pca:ListCertificateAuthorities' });
    const problems: string[] = [];
    await forEachLimited(existing, LIST_TAGS_CONCURRENCY, async ({ arn, status }) => {
      const out = await this.ctx.aws.call('ListTags', `CA ${arn}`,
        () => this.ctx.pca.send(new ListTagsCommand({ CertificateAuthorityArn: arn })),
        { via: OWN_CREDENTIALS, accessHint: 'check that the signer\'s role allows acm-pca:ListTags on the CAs of its account' });
      const tags = new Map((out.Tags ?? []).map((t) => [t.Key, t.Value ?? '']));
      const ca = wanted.get(`${tags.get(CA_TAGS.hierarchy)}/${tags.get(CA_TAGS.caName)}`);
      const generation = Number(tags.get(CA_TAGS.generation) ?? '1');
      if (ca && generation >= generationOf(ca)) {
        problems.push(`refusing to create a second CA ${ca.Name} (construct ${ca.Path}): CA ${arn} of account `
          + `${accountOf(this.ctx.event.StackId)} in ${this.ctx.region} already has this name and generation ${generation}, and is ${status}`
          + (tags.get(CA_TAGS.stackId) ? ` (made by stack ${tags.get(CA_TAGS.stackId)})` : '')
          + '. This happens when a CA moves to another stack or its stack was deleted and the CA kept. Keep the CA where it is; '
          + `or retire that CA yourself (disable it, then delete it with a restoration period), or set generation: ${generation + 1} `
          + 'on the construct to make a new CA next to it on purpose.');
      }
    });
    return problems.sort();
  }
}

/**
 * CloudFormation shows at most what fits in a 4096-byte response, the provider framework's log pointer and
 * stack trace included, and repeats every line of a message after its first in the trace: the refusal is one
 * line, and when many CAs are refused at once, the first ones and a count (the log has them all).
 */
const MAX_REFUSAL_LENGTH = 1800;
const NOTHING_CHANGED = 'Nothing was changed: the deployment stops here, before any CA is created or replaced.';

export function refusal(problems: string[]): string {
  const shown: string[] = [];
  let length = NOTHING_CHANGED.length;
  for (const problem of problems) {
    const line = problem.replace(/\s*\n\s*/g, ' ');
    if (shown.length > 0 && length + line.length + 3 > MAX_REFUSAL_LENGTH) break;
    shown.push(line);
    length += line.length + 3;
  }
  const more = problems.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more refusal${more === 1 ? '' : 's'} (the signing handler's log lists them)`] : []), NOTHING_CHANGED]
    .join(' | ');
}

/** Physical id of the guard: a digest of what it accepted. */
function guardId(cas: GuardedCa[]): string {
  const canonical = [...cas].sort((a, b) => a.LogicalId.localeCompare(b.LogicalId)).map((ca) => canonicalJson(ca));
  return PHYSICAL_ID_PREFIX + createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 32);
}

function readCas(raw: Record<string, unknown> | undefined, lenient = false): GuardedCa[] {
  const list = (raw as unknown as CaGuardProperties | undefined)?.CertificateAuthorities;
  if (!Array.isArray(list)) {
    if (lenient) return [];
    throw new Error('invalid properties of the CA guard: CertificateAuthorities is not a list');
  }
  return list.filter((ca) => typeof ca?.LogicalId === 'string' && typeof ca?.Name === 'string');
}

/**
 * What changes between the accepted CAs and the new ones: the problems (a replacement nobody asked for) and
 * the CAs that are new to the stack (to check against the account).
 */
export function compare(old: GuardedCa[], cas: GuardedCa[]): { problems: string[]; added: GuardedCa[] } {
  const problems: string[] = [];
  const added: GuardedCa[] = [];
  const oldById = new Map(old.map((ca) => [ca.LogicalId, ca]));
  const matched = new Set<string>();
  for (const ca of cas) {
    const before = oldById.get(ca.LogicalId);
    if (before) {
      matched.add(before.LogicalId);
      const changes = propertyChanges(before.Properties ?? {}, ca.Properties ?? {});
      if (changes.length > 0) {
        problems.push(replacementMessage(ca, changes, `CloudFormation creates a new CA when ${changes.length === 1 ? 'this create-only property changes' : 'these create-only properties change'}`));
      }
    }
  }
  const newIds = new Set(cas.map((ca) => ca.LogicalId));
  const newNames = new Set(cas.map((ca) => ca.Name));
  for (const ca of cas) {
    if (oldById.has(ca.LogicalId)) continue;
    const before = old.find((o) => o.Name === ca.Name && !matched.has(o.LogicalId));
    if (!before) {
      // A CA that leaves under one name while one with the very same create-only properties comes under another is
      // the same CA renamed (a construct whose caName follows its id, moved or renamed).
      const renamed = old.find((o) => !newIds.has(o.LogicalId) && !newNames.has(o.Name) && !matched.has(o.LogicalId)
        && canonicalJson(o.Properties ?? {}) === canonicalJson(ca.Properties ?? {}));
      if (renamed) {
        matched.add(renamed.LogicalId);
        problems.push(renamedMessage(renamed, ca));
      } else {
        added.push(ca);
      }
      continue;
    }
    matched.add(before.LogicalId);
    const from = generationOf(before);
    const to = generationOf(ca);
    if (to > from) continue; // replaced on purpose: a new generation
    if (to < from) {
      problems.push(`refusing to go back from generation ${from} to ${to} of CA ${ca.Name} (construct ${ca.Path}): `
        + `that would create yet another CA. Keep generation: ${from}, or raise it to ${from + 1} to replace the CA on purpose.`);
      continue;
    }
    const changes = propertyChanges(before.Properties ?? {}, ca.Properties ?? {});
    problems.push(replacementMessage(ca, [`its logical id changed from ${before.LogicalId} to ${ca.LogicalId} (the construct moved or `
      + 'was renamed)', ...changes], 'CloudFormation creates a new CA when the logical id of the CA resource changes. To keep the CA, '
      + `put the construct back where it was, or keep the old logical id (overrideLogicalId('${before.LogicalId}') on its CA resource)`));
  }
  return { problems, added };
}

function renamedMessage(before: GuardedCa, ca: GuardedCa): string {
  return `refusing to replace CA ${before.Name} (construct ${before.Path}, logical id ${before.LogicalId}) with CA ${ca.Name} (construct `
    + `${ca.Path}, logical id ${ca.LogicalId}): they have the same create-only properties, so this is the same CA renamed or moved, and `
    + 'CloudFormation would create a new CA and retire the old one. To keep the CA, put the construct back where it was, or give it '
    + `caName: '${before.Name.split('/').pop()}' and keep the old logical id (overrideLogicalId('${before.LogicalId}') on its CA resource). `
    + `To replace it on purpose, keep caName '${before.Name.split('/').pop()}' and set generation: ${generationOf(before) + 1} `
    + `(the old CA is then ${before.Removal}).`;
}

function replacementMessage(ca: GuardedCa, changes: string[], why: string): string {
  const generation = generationOf(ca);
  return `refusing to replace CA ${ca.Name} (construct ${ca.Path}, logical id ${ca.LogicalId}): ${why}: ${changes.join('; ')}. `
    + 'The old CA would stay, keep costing, and drop out of its shares and monitoring. To keep the CA, undo the change; to replace it '
    + `on purpose, also set generation: ${generation + 1} on the construct (the old CA is then ${ca.Removal}).`;
}

/** The create-only properties that differ, in words. */
export function propertyChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const changes: string[] = [];
  for (const name of CA_CREATE_ONLY_PROPERTIES) {
    const [a, b] = [before[name], after[name]];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    const fallback = CA_PROPERTY_DEFAULTS[name];
    if (fallback !== undefined && (a ?? fallback) === (b ?? fallback)) {
      // Only AWS's default written out, or left out: the CA would be the same, but CloudFormation compares templates.
      changes.push(a === undefined
        ? `${name} was absent (AWS's default, ${fallback}) and is now written out as ${show(b)}; leave it out again to keep the CA`
        : `${name} was ${show(a)} and is now absent (AWS's default is the same); write it again to keep the CA`);
    } else if (isRecord(a) && isRecord(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (canonicalJson(a[key]) !== canonicalJson(b[key])) changes.push(`${name}.${key}: ${show(a[key])} -> ${show(b[key])}`);
      }
    } else {
      changes.push(`${name}: ${show(a)} -> ${show(b)}`);
    }
  }
  return changes;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** JSON with object keys sorted, so that key order does not count as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A CA's generation, a whole number that CloudFormation sends as a string (NaN when it is not one, which equals nothing). */
function generationOf(ca: GuardedCa): number {
  return parseInteger(ca.Generation) ?? NaN;
}

function accountOf(stackId: string): string {
  return stackId.split(':')[4] ?? 'of this stack';
}
