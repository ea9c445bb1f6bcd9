/**
 * The planned life of the app's CA certificates, for the report's timeline: from the day the PKI is deployed, each
 * CA's first certificate, then each automatic renewal as the signing handler makes it (lambda/ca-signer/renewal.ts):
 * due `renewBeforeDays` before the end; parents first, so a subordinate due the day its parent renews is signed by
 * the parent's new certificate; while an automatically renewed parent is itself due (its renewal refused), waiting
 * for it until `CA_RENEWAL_WAIT_FLOOR_DAYS` are left; the declared validity, capped to end
 * `CA_RENEWAL_PARENT_MARGIN_DAYS` before the parent's certificate, and no renewal at all when the capped one would not
 * end `CA_RENEWAL_MIN_GAIN_DAYS` later than the installed one. Roots renew on request only: their renewal is due a
 * third of their validity before their end. Until a horizon: by default, per hierarchy, the end of its root's first
 * certificate.
 *
 * Pure: days in, days out, in UTC calendar arithmetic (years, months and days as the signing handler's
 * validityEnd counts them); nothing of aws-cdk-lib.
 */
import {
  CA_RENEWAL_MIN_GAIN_DAYS, CA_RENEWAL_PARENT_MARGIN_DAYS, CA_RENEWAL_WAIT_FLOOR_DAYS,
} from '../../private/contracts/ca-renewal';

const DAY_MS = 86_400_000;
/** Certificates shown per CA at most (a validity of days renewed for ten years would be thousands). */
export const MAX_CERTIFICATES_PER_CA = 24;

export type TimelineUnit = 'YEARS' | 'MONTHS' | 'DAYS';

export interface TimelineValidity {
  readonly value: number;
  readonly unit: TimelineUnit;
}

/** How a CA's certificate is renewed: by the stack's schedule, by a deployment, or (a root) on request. */
export type TimelineRenewal = 'automatic' | 'manual' | 'on request';

/** A CA of the library, as the timeline needs it. */
export interface TimelineCaInput {
  /** Unique among the input (the report's CA id). */
  readonly key: string;
  readonly path: string;
  readonly hierarchy: string;
  readonly name: string;
  readonly generation: number;
  /** The parent, when it is a CA of the input; undefined for a root and for a parent outside the app. */
  readonly parentKey?: string;
  /** A root (its renewal is on request). */
  readonly isRoot: boolean;
  /** Undefined when it is known only at deployment (a token). */
  readonly validity?: TimelineValidity;
  readonly renewal: TimelineRenewal;
  /** Days before the end that the certificate renews (automatic) or that its renewal is due (a root). */
  readonly renewBeforeDays?: number;
}

/** One certificate of a CA. */
export interface CertificatePeriod {
  /** 0 for the first certificate, then 1, 2, ... for each renewal. */
  readonly renewal: number;
  /** First day, YYYY-MM-DD. */
  readonly start: string;
  /** Last moment: the certificate ends at the start of this day (UTC), YYYY-MM-DD. */
  readonly end: string;
  /** Shortened to end a day before the parent's certificate. */
  readonly capped: boolean;
}

export type MilestoneKind = 'renewal due' | 'expires';

export interface TimelineMilestone {
  /** `renewal due`: a root's renewal on request is due; `expires`: the certificate ends without a renewal. */
  readonly kind: MilestoneKind;
  readonly date: string;
}

export interface CaTimeline {
  readonly key: string;
  readonly path: string;
  readonly hierarchy: string;
  readonly name: string;
  readonly generation: number;
  readonly renewal: TimelineRenewal;
  readonly renewBeforeDays: number | null;
  readonly certificates: CertificatePeriod[];
  readonly milestones: TimelineMilestone[];
  /** When the automatic renewal is first refused because the parent's certificate ends too soon (renew the parent then). */
  readonly renewalBlockedFrom: string | null;
  /** More renewals than the timeline shows (MAX_CERTIFICATES_PER_CA). */
  readonly truncated: boolean;
  /** Why the plan is partial, when it is. */
  readonly note: string | null;
}

export interface HierarchyTimeline {
  readonly name: string;
  /** Renewals are planned until this day. */
  readonly horizon: string;
  readonly cas: CaTimeline[];
}

export interface Timeline {
  readonly start: string;
  readonly hierarchies: HierarchyTimeline[];
}

export interface TimelineOptions {
  /** The day the PKI is deployed. */
  readonly start: Date;
  /** Plan renewals until this day. @default - per hierarchy, the end of its root's first certificate */
  readonly horizon?: Date;
}

/** A day as YYYY-MM-DD, when `text` is one (a real calendar day); else undefined. */
export function parseDay(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return formatDay(day) === text ? day : undefined;
}

export function formatDay(day: Date): string {
  return day.toISOString().slice(0, 10);
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + Math.round(days) * DAY_MS);
}

/** When a certificate of `validity` issued on `from` ends (calendar arithmetic in UTC). */
export function validityEnd(from: Date, validity: TimelineValidity): Date {
  const end = new Date(from.getTime());
  switch (validity.unit) {
    case 'YEARS': end.setUTCFullYear(end.getUTCFullYear() + validity.value); break;
    case 'MONTHS': end.setUTCMonth(end.getUTCMonth() + validity.value); break;
    case 'DAYS': end.setUTCDate(end.getUTCDate() + validity.value); break;
  }
  return end;
}

interface Period {
  readonly renewal: number;
  readonly start: Date;
  readonly end: Date;
  readonly capped: boolean;
}

interface Plan {
  readonly input: TimelineCaInput;
  readonly periods: Period[];
  readonly milestones: Array<{ kind: MilestoneKind; date: Date }>;
  readonly blockedFrom?: Date;
  readonly truncated: boolean;
  readonly note?: string;
}

/** The certificate a plan holds on `day` (a renewal of that day included), if any. */
function certificateOn(plan: Plan, day: Date): Period | undefined {
  return [...plan.periods].reverse().find((p) => p.start <= day);
}

/** The first day after `day` that the plan installs a new certificate. */
function nextRenewalAfter(plan: Plan, day: Date): Date | undefined {
  return plan.periods.find((p) => p.start > day)?.start;
}

function minDate(a: Date, b: Date | undefined): Date {
  return b !== undefined && b < a ? b : a;
}

/** The automatic renewals of a CA after its first certificate, until `horizon`. */
function renewals(ca: TimelineCaInput, first: Period, parent: Plan | undefined, horizon: Date) {
  const validity = ca.validity!;
  const renewBefore = ca.renewBeforeDays ?? 1;
  const periods: Period[] = [first];
  let blockedFrom: Date | undefined;
  /** Why the plan stops: the horizon, a renewal refused for good (the certificate expires), or too many certificates. */
  let stop: 'horizon' | 'blocked' | 'truncated' = 'horizon';
  let current = first;
  let day = addDays(current.end, -renewBefore);
  const waitsForParent = parent?.input.renewal === 'automatic' && parent.input.renewBeforeDays !== undefined;
  for (let step = 0; day < horizon && periods.length <= MAX_CERTIFICATES_PER_CA && step < 10_000; step++) {
    // A certificate shorter than renewBefore (a capped one) is due again on the next daily run.
    if (day <= current.start) day = addDays(current.start, 1);
    const held = parent && certificateOn(parent, day);
    const floor = addDays(current.end, -CA_RENEWAL_WAIT_FLOOR_DAYS);
    if (waitsForParent && held && held.end <= addDays(day, parent!.input.renewBeforeDays!) && day < floor) {
      day = minDate(floor, nextRenewalAfter(parent!, day));
      continue;
    }
    let end = validityEnd(day, validity);
    let capped = false;
    if (held) {
      const limit = addDays(held.end, -CA_RENEWAL_PARENT_MARGIN_DAYS);
      if (end > limit) {
        const days = Math.floor((limit.getTime() - day.getTime()) / DAY_MS);
        const cappedEnd = addDays(day, days);
        if (days < 1 || cappedEnd < addDays(current.end, CA_RENEWAL_MIN_GAIN_DAYS)) {
          // Refused until the parent renews (the next run after it), or for good.
          blockedFrom = blockedFrom ?? day;
          const next = nextRenewalAfter(parent!, day);
          if (next === undefined || next >= current.end) {
            stop = 'blocked';
            break;
          }
          day = next;
          continue;
        }
        end = cappedEnd;
        capped = true;
      }
    }
    current = { renewal: periods.length, start: day, end, capped };
    periods.push(current);
    blockedFrom = undefined;
    day = addDays(current.end, -renewBefore);
  }
  if (periods.length > MAX_CERTIFICATES_PER_CA) stop = 'truncated';
  return { periods: periods.slice(0, MAX_CERTIFICATES_PER_CA), blockedFrom, stop };
}

function planOf(ca: TimelineCaInput, parent: Plan | undefined, start: Date, horizon: Date, hasParentOutside: boolean): Plan {
  if (ca.validity === undefined) {
    return { input: ca, periods: [], milestones: [], truncated: false, note: 'validity known only at deployment: no plan' };
  }
  const first: Period = { renewal: 0, start, end: validityEnd(start, ca.validity), capped: false };
  if (ca.renewal === 'on request') {
    const due = addDays(first.end, -(ca.renewBeforeDays ?? 1));
    return { input: ca, periods: [first], milestones: [{ kind: 'renewal due', date: due }], truncated: false };
  }
  if (ca.renewal === 'manual') {
    return { input: ca, periods: [first], milestones: [{ kind: 'expires', date: first.end }], truncated: false };
  }
  const planned = renewals(ca, first, parent, horizon);
  const last = planned.periods[planned.periods.length - 1];
  const note = parent && parent.periods.length === 0 ? 'the parent\'s certificate is not known here: renewals not capped'
    : hasParentOutside ? 'signed by a parent outside this app: renewals not capped here' : undefined;
  return {
    input: ca,
    periods: planned.periods,
    milestones: planned.stop === 'blocked' ? [{ kind: 'expires', date: last.end }] : [],
    blockedFrom: planned.blockedFrom,
    truncated: planned.stop === 'truncated',
    note,
  };
}

/** The horizon of a hierarchy: the latest end of its roots' first certificates, or without a root the latest first certificate's. */
function horizonOf(cas: TimelineCaInput[], start: Date): Date {
  const roots = cas.filter((ca) => ca.isRoot && ca.validity);
  const ends = (roots.length > 0 ? roots : cas.filter((ca) => ca.validity)).map((ca) => validityEnd(start, ca.validity!).getTime());
  return new Date(ends.length > 0 ? Math.max(...ends) : start.getTime());
}

/** The timeline of `cas` (in any order: parents are planned first). */
export function planTimeline(cas: TimelineCaInput[], options: TimelineOptions): Timeline {
  const byKey = new Map(cas.map((ca) => [ca.key, ca]));
  const names = [...new Set(cas.map((ca) => ca.hierarchy))];
  const horizons = new Map(names.map((name) => [name, options.horizon ?? horizonOf(cas.filter((ca) => ca.hierarchy === name), options.start)]));
  const plans = new Map<string, Plan>();
  const plan = (ca: TimelineCaInput, seen: Set<string>): Plan => {
    const known = plans.get(ca.key);
    if (known) return known;
    const parentInput = ca.parentKey !== undefined && !seen.has(ca.parentKey) ? byKey.get(ca.parentKey) : undefined;
    const parent = parentInput && plan(parentInput, new Set([...seen, ca.key]));
    const result = planOf(ca, parent, options.start, horizons.get(ca.hierarchy)!, !ca.isRoot && parentInput === undefined);
    plans.set(ca.key, result);
    return result;
  };
  cas.forEach((ca) => plan(ca, new Set()));
  return {
    start: formatDay(options.start),
    hierarchies: names.map((name) => ({
      name,
      horizon: formatDay(horizons.get(name)!),
      cas: cas.filter((ca) => ca.hierarchy === name).map((ca) => caTimeline(plans.get(ca.key)!)),
    })),
  };
}

function caTimeline(plan: Plan): CaTimeline {
  const ca = plan.input;
  return {
    key: ca.key,
    path: ca.path,
    hierarchy: ca.hierarchy,
    name: ca.name,
    generation: ca.generation,
    renewal: ca.renewal,
    renewBeforeDays: ca.renewal === 'manual' ? null : ca.renewBeforeDays ?? null,
    certificates: plan.periods.map((p) => ({ renewal: p.renewal, start: formatDay(p.start), end: formatDay(p.end), capped: p.capped })),
    milestones: plan.milestones.map((m) => ({ kind: m.kind, date: formatDay(m.date) })),
    renewalBlockedFrom: plan.blockedFrom ? formatDay(plan.blockedFrom) : null,
    truncated: plan.truncated,
    note: plan.note ?? null,
  };
}

/** When a CA's certificate first renews: its first automatic renewal, or when a root's renewal is due. */
export function firstRenewalOf(ca: CaTimeline): string | undefined {
  if (ca.renewal === 'on request') return ca.milestones.find((m) => m.kind === 'renewal due')?.date;
  return ca.certificates[1]?.start;
}
