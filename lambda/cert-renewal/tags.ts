/** The certificate's state in its tags: values ACM accepts, and the lease of a renewal in progress. */
import { ACM_TAG_NOT_ALLOWED, ACM_TAG_VALUE_MAX_LENGTH } from '../../src/private/contracts/aws-renewal';
import { RENEWAL_TAGS } from '../../src/private/contracts/renewal';

/** A tag value ACM accepts: other characters become spaces, runs of spaces one, at most 255 characters. */
export function tagValue(text: string): string {
  const clean = text.replace(ACM_TAG_NOT_ALLOWED, ' ').replace(/\s+/g, ' ').trim();
  return clean.length <= ACM_TAG_VALUE_MAX_LENGTH ? clean : `${clean.slice(0, ACM_TAG_VALUE_MAX_LENGTH - 3)}...`;
}

export interface Lease {
  readonly token: string;
  readonly expires: Date;
}

/** `<token>@<ISO time>`: `@`, `:`, `.` and `-` are tag characters. */
export function formatLease(lease: Lease): string {
  return `${lease.token}@${lease.expires.toISOString()}`;
}

/** The lease in the tags, or undefined when there is none (or it is unreadable, which counts as none). */
export function leaseOf(tags: Readonly<Record<string, string>>): Lease | undefined {
  const match = /^([0-9a-f]+)@(.+)$/.exec(tags[RENEWAL_TAGS.lease] ?? '');
  if (!match) return undefined;
  const expires = new Date(match[2]);
  return Number.isNaN(expires.getTime()) ? undefined : { token: match[1], expires };
}

/** When the state last changed, or undefined. */
export function updatedAtOf(tags: Readonly<Record<string, string>>): Date | undefined {
  const value = tags[RENEWAL_TAGS.updatedAt];
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
