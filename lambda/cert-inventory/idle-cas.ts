/**
 * The CA part of the certificate inventory: each Private CA of the account and Region with the newest ACM
 * certificate of this account it issued, and the CAs that issued none for the idle period flagged as candidates
 * for retirement, with their monthly fee.
 *
 * What it sees is ACM's view only: certificates issued with IssueCertificate (workloads, cert-manager, other
 * accounts through RAM) never show in ACM, and short-lived certificate mode CAs cannot issue ACM certificates at
 * all. So a flag means "issued no ACM certificate in this account", to be checked against the CA's audit reports.
 */
import type { CertificateAuthority } from '@aws-sdk/client-acm-pca';
import { PCA_USAGE_MODE_GENERAL_PURPOSE, PCA_USAGE_MODE_SHORT_LIVED } from '../../src/private/contracts/aws-checklist';
import { PCA_GENERAL_PURPOSE_MONTHLY_FEE_USD, PCA_SHORT_LIVED_MONTHLY_FEE_USD } from '../../src/private/contracts/aws-expiry';
import { CA_STATUS } from '../../src/private/contracts/aws-hierarchy';

const DAY_MS = 86_400_000;

/** States in which a CA can issue, or could again: only these are candidates (a DISABLED CA is still billed). */
const CANDIDATE_STATUSES: ReadonlySet<string> = new Set([CA_STATUS.ACTIVE, CA_STATUS.DISABLED]);

/** What the inventory learned about one ACM certificate, for the CA part. */
export interface AcmIssuance {
  readonly certificateAuthorityArn: string;
  /** When the CA issued it (NotBefore, else IssuedAt, else CreatedAt of an issued certificate); undefined when unknown. */
  readonly issuedAt?: Date;
  /** Its NotAfter, to count the certificates from the CA that are still valid. */
  readonly notAfter?: Date;
}

/** One CA of the report. */
export interface CaInventoryEntry {
  readonly arn: string;
  readonly commonName?: string;
  /** ROOT or SUBORDINATE. */
  readonly type?: string;
  readonly status?: string;
  /** GENERAL_PURPOSE or SHORT_LIVED_CERTIFICATE (a CA that names none is general purpose). */
  readonly usageMode: string;
  readonly createdAt?: string;
  /** NotAfter of the CA's certificate. */
  readonly notAfter?: string;
  /** The newest issuance among the ACM certificates of this account from this CA; absent when none is seen. */
  readonly lastIssuance?: string;
  /** ACM certificates of this account from this CA. */
  readonly acmCertificates: number;
  /** Of those, the ones not yet expired: ACM renews them from this CA. */
  readonly validAcmCertificates: number;
  /** Flag: ACTIVE or DISABLED, older than the idle period, and no ACM certificate from it seen in that period. */
  readonly idle: boolean;
  /** The CA's monthly fee by usage mode, in US dollars; 0 once DELETED. */
  readonly monthlyCostUsd: number;
  /** For an idle candidate: what the flag means and what to check before retiring the CA. */
  readonly note?: string;
}

export interface CaAssessment {
  readonly entries: CaInventoryEntry[];
  readonly idle: number;
  readonly idleMonthlyCostUsd: number;
}

/** Columns of the CAs' CSV, in order. */
export const CA_CSV_COLUMNS = [
  'CertificateAuthorityArn', 'CommonName', 'Type', 'Status', 'UsageMode', 'CreatedAt', 'NotAfter', 'LastIssuance',
  'AcmCertificates', 'ValidAcmCertificates', 'Idle', 'MonthlyCostUsd', 'Note',
] as const;

/** The monthly fee of a CA of this usage mode while it exists. */
export function monthlyFeeUsd(usageMode: string | undefined): number {
  return usageMode === PCA_USAGE_MODE_SHORT_LIVED ? PCA_SHORT_LIVED_MONTHLY_FEE_USD : PCA_GENERAL_PURPOSE_MONTHLY_FEE_USD;
}

/** Each CA with its last ACM issuance and, when it qualifies, the idle flag; idle candidates first. */
export function assessCertificateAuthorities(cas: CertificateAuthority[], issuances: AcmIssuance[], now: Date, idleDays: number): CaAssessment {
  const cutoff = now.getTime() - idleDays * DAY_MS;
  const byCa = new Map<string, AcmIssuance[]>();
  for (const issuance of issuances) {
    byCa.set(issuance.certificateAuthorityArn, [...(byCa.get(issuance.certificateAuthorityArn) ?? []), issuance]);
  }
  const entries = cas.filter((ca) => ca.Arn).map((ca): CaInventoryEntry => {
    const arn = ca.Arn!;
    const seen = byCa.get(arn) ?? [];
    const last = newest(seen.map((s) => s.issuedAt));
    const createdAt = toDate(ca.CreatedAt);
    const usageMode = ca.UsageMode ?? PCA_USAGE_MODE_GENERAL_PURPOSE;
    const validAcmCertificates = seen.filter((s) => s.notAfter !== undefined && s.notAfter.getTime() > now.getTime()).length;
    const idle = CANDIDATE_STATUSES.has(ca.Status ?? '')
      && createdAt !== undefined && createdAt.getTime() <= cutoff
      && (last === undefined || last.getTime() < cutoff);
    const monthlyCostUsd = ca.Status === CA_STATUS.DELETED ? 0 : monthlyFeeUsd(usageMode);
    return {
      arn,
      commonName: ca.CertificateAuthorityConfiguration?.Subject?.CommonName,
      type: ca.Type,
      status: ca.Status,
      usageMode,
      createdAt: createdAt?.toISOString(),
      notAfter: toDate(ca.NotAfter)?.toISOString(),
      lastIssuance: last?.toISOString(),
      acmCertificates: seen.length,
      validAcmCertificates,
      idle,
      monthlyCostUsd,
      note: idle ? idleNote({ status: ca.Status, usageMode, last, validAcmCertificates, idleDays, monthlyCostUsd }) : undefined,
    };
  });
  entries.sort((a, b) => Number(b.idle) - Number(a.idle) || a.arn.localeCompare(b.arn));
  const idle = entries.filter((e) => e.idle);
  return { entries, idle: idle.length, idleMonthlyCostUsd: idle.reduce((sum, e) => sum + e.monthlyCostUsd, 0) };
}

interface IdleFacts {
  readonly status?: string;
  readonly usageMode: string;
  readonly last?: Date;
  readonly validAcmCertificates: number;
  readonly idleDays: number;
  readonly monthlyCostUsd: number;
}

function idleNote(ca: IdleFacts): string {
  const parts = [
    `Candidate for retirement: issued no ACM certificate in this account in the last ${ca.idleDays} days `
      + `(${ca.last ? `last seen ${ca.last.toISOString().slice(0, 10)}` : 'none seen'}); it costs ${ca.monthlyCostUsd} USD a month`
      + `${ca.status === CA_STATUS.DISABLED ? ', DISABLED included, until it is deleted' : ''}.`,
  ];
  if (ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED) {
    parts.push('A short-lived certificate mode CA cannot issue ACM certificates, so the inventory never sees what it issues.');
  }
  parts.push('Certificates issued with IssueCertificate (workloads, cert-manager, other accounts through RAM) are not seen: '
    + 'check its audit reports (CaAuditReports) before retiring it.');
  if (ca.validAcmCertificates > 0) {
    parts.push(`${ca.validAcmCertificates} ACM certificate(s) from it are still valid and ACM renews them from this CA: retiring it stops their renewal.`);
  }
  return parts.join(' ');
}

/** The report's one line on the CA part: how many idle candidates, what they cost a month, and what the flag cannot see. */
export function idleSummary(assessment: CaAssessment | { error: string }, idleDays: number, undescribedCertificates: number): string {
  if ('error' in assessment) return `The CAs could not be listed, so none is flagged: ${assessment.error}`;
  const total = assessment.entries.length;
  const lines: string[] = [];
  if (assessment.idle === 0) {
    lines.push(`No idle CA: each of the ${total} CA(s) issued an ACM certificate in this account in the last ${idleDays} days, is younger than that, `
      + 'or is neither ACTIVE nor DISABLED.');
  } else {
    lines.push(`${assessment.idle} of ${total} CA(s) issued no ACM certificate in this account in the last ${idleDays} days: candidates for retirement, `
      + `${assessment.idleMonthlyCostUsd} USD a month together. The inventory sees only this account's ACM certificates, not those issued with `
      + 'IssueCertificate (workloads, cert-manager, other accounts through RAM): check each CA\'s audit reports (CaAuditReports) before retiring it.');
  }
  if (undescribedCertificates > 0) {
    lines.push(`${undescribedCertificates} certificate(s) could not be described; a CA may have issued one of them.`);
  }
  return lines.join(' ');
}

/** RFC 4180 CSV of the CAs, quoted as the certificates' CSV is. */
export function casToCsv(entries: CaInventoryEntry[]): string {
  const quote = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const rows = entries.map((e) => [
    e.arn, e.commonName, e.type, e.status, e.usageMode, e.createdAt, e.notAfter, e.lastIssuance, e.acmCertificates, e.validAcmCertificates,
    e.idle, e.monthlyCostUsd, e.note,
  ].map(quote).join(','));
  return [CA_CSV_COLUMNS.map(quote).join(','), ...rows].join('\r\n') + '\r\n';
}

function newest(dates: Array<Date | undefined>): Date | undefined {
  let found: Date | undefined;
  for (const d of dates) {
    if (d && (!found || d.getTime() > found.getTime())) found = d;
  }
  return found;
}

export function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
