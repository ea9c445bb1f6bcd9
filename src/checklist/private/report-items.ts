/**
 * The checklist items as the report gives them: each finding with what became of it (acknowledged or not),
 * and the item's status.
 */
import { ItemResult, RawFinding, compareFindings } from './findings';

export type ItemStatus = 'PASS' | 'WARN' | 'FAIL' | 'N/A';

/** A finding with what became of it: acknowledged (with the reason, when one was given) or not. */
export interface ReportFinding extends RawFinding {
  readonly acknowledged: boolean;
  readonly reason?: string;
}

export interface ReportItem {
  readonly result: ItemResult;
  readonly findings: ReportFinding[];
  readonly status: ItemStatus;
}

export function itemStatus(result: ItemResult, findings: ReportFinding[]): ItemStatus {
  const open = findings.filter((f) => !f.acknowledged);
  if (open.some((f) => f.level === 'ERROR')) return 'FAIL';
  if (open.length > 0) return 'WARN';
  return result.applicable || findings.length > 0 ? 'PASS' : 'N/A';
}

/** Whether a finding was acknowledged, and why. */
export type Acknowledgement = (f: RawFinding) => { acknowledged: boolean; reason?: string };

/** The items of the report: findings in order, with their acknowledgement, and a status per item. */
export function reportItems(results: ItemResult[], ackOf: Acknowledgement): ReportItem[] {
  return results.map((result) => {
    const findings = result.findings.map((f) => ({ ...f, ...ackOf(f) })).sort(compareFindings);
    return { result, findings, status: itemStatus(result, findings) };
  });
}

export function countStatuses(items: ReportItem[]) {
  return {
    pass: items.filter((i) => i.status === 'PASS').length,
    warn: items.filter((i) => i.status === 'WARN').length,
    fail: items.filter((i) => i.status === 'FAIL').length,
    notApplicable: items.filter((i) => i.status === 'N/A').length,
  };
}
