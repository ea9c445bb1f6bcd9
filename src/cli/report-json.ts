/**
 * The JSON PKI report (schema `cdk-pki/pki-report/v1`, written by `PkiReport` at synthesis and built in
 * src/checklist/private/report-data.ts) as far as the CLI reads it, and what the CLI derives from it.
 */
import { CaCertificatePlan } from './ca-tree';

export const REPORT_SCHEMA = 'cdk-pki/pki-report/v1';

export type ItemStatus = 'PASS' | 'WARN' | 'FAIL' | 'N/A';

export interface ReportFindingJson {
  readonly rule: string;
  readonly level: 'ERROR' | 'WARNING';
  readonly path: string;
  readonly message: string;
  readonly acknowledged: boolean;
  readonly reason: string | null;
}

export interface ChecklistItemJson {
  readonly number: number;
  readonly key: string;
  readonly title: string;
  readonly status: ItemStatus;
  readonly findings: ReportFindingJson[];
}

export interface CaJson {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  /** root, subordinate (the library's), other-root, other-subordinate (raw resources), shared, imported. */
  readonly kind: string;
  readonly account: string | null;
  readonly region: string | null;
  readonly usedFromAccount: string | null;
  readonly level: number | null;
  readonly parent: string | null;
  readonly parentOutsideApp: string | null;
  readonly signedWith: string | null;
  readonly pathLength: number | null;
  readonly keyAlgorithm: string | null;
  readonly validity: string | null;
  readonly sharePermission: string | null;
}

export interface TimelineCaJson {
  readonly path: string;
  readonly renewal: CaCertificatePlan['renewal'];
  readonly firstRenewal: string | null;
  readonly certificates: Array<{ readonly start: string; readonly end: string }>;
}

export interface ReportJson {
  readonly schema: string;
  readonly title: string;
  readonly summary: {
    readonly certificateAuthorities: number;
    readonly sharedOrImportedCertificateAuthorities: number;
    readonly accounts: number;
    readonly checklist: { readonly pass: number; readonly warn: number; readonly fail: number; readonly notApplicable: number };
    readonly estimatedMonthlyCostUsd?: number;
  };
  readonly accounts: Array<{ readonly account: string; readonly regions: string[] }>;
  readonly certificateAuthorities: CaJson[];
  readonly timeline?: { readonly hierarchies: Array<{ readonly certificateAuthorities: TimelineCaJson[] }> };
  readonly checklist: ChecklistItemJson[];
  readonly cost?: { readonly monthlyTotal?: number; readonly pricesReadOn?: string };
}

/** Each CA's first certificate and renewal, by construct path, from the report's timeline. */
export function certificatePlans(report: Pick<ReportJson, 'timeline'>): Map<string, CaCertificatePlan> {
  return new Map((report.timeline?.hierarchies ?? []).flatMap((h) => h.certificateAuthorities)
    .filter((ca) => ca.certificates.length > 0)
    .map((ca) => [ca.path, {
      start: ca.certificates[0].start,
      expires: ca.certificates[0].end,
      renewal: ca.renewal,
      firstRenewal: ca.firstRenewal ?? undefined,
    }]));
}

/** The checks a report passes to be read: its schema and the fields the CLI needs. Returns what is wrong, if anything. */
export function reportProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return 'it is not a JSON object';
  const r = data as Partial<ReportJson>;
  if (r.schema !== REPORT_SCHEMA) return `its schema is ${JSON.stringify(r.schema)}, not ${REPORT_SCHEMA}`;
  if (!Array.isArray(r.certificateAuthorities) || !Array.isArray(r.checklist) || !Array.isArray(r.accounts) || typeof r.summary !== 'object') {
    return 'it lacks certificateAuthorities, checklist, accounts or summary';
  }
  return undefined;
}

/** Dollars with thousands separators and cents: `$2,016.91`. */
export function usd(amount: number): string {
  const fixed = (Math.round(amount * 100) / 100).toFixed(2);
  const [whole, cents] = fixed.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
