/**
 * The commands of the CLI over the reports found in a cloud assembly: `tree`, `report` and `check`. Each returns
 * its exit code and writes through the given streams, as text or (with `json`) one JSON document.
 */
import * as path from 'node:path';
import { LoadedReport } from './assembly';
import { ChecklistItemJson, ItemStatus, ReportFindingJson, usd } from './report-json';
import { formatReportTree, reportTree } from './tree';

/** Where a command writes. */
export interface Writer {
  write(text: string): unknown;
}

/** What a command runs with. */
export interface CommandContext {
  readonly stdout: Writer;
  /** The directory paths are shown relative to. */
  readonly cwd: string;
  readonly json: boolean;
}

export const EXIT_OK = 0;
/** `check`: an item fails (or, with --strict, warns). */
export const EXIT_CHECK_FAILED = 1;
/** Wrong arguments, or no report to read. */
export const EXIT_USAGE = 2;

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(ctx: CommandContext, file: string): string {
  const relative = path.relative(ctx.cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function header(ctx: CommandContext, report: LoadedReport): string {
  return `${report.data.title}  (${shown(ctx, report.jsonFile)})`;
}

function writeJson(ctx: CommandContext, value: unknown): void {
  ctx.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

function writeLines(ctx: CommandContext, lines: string[]): void {
  ctx.stdout.write(lines.join('\n') + '\n');
}

/** `cdk-pki tree`: the CA tree of each report. */
export function treeCommand(ctx: CommandContext, reports: LoadedReport[]): number {
  if (ctx.json) {
    writeJson(ctx, { reports: reports.map((r) => ({ file: r.jsonFile, title: r.data.title, ...reportTree(r.data) })) });
    return EXIT_OK;
  }
  writeLines(ctx, reports.flatMap((r, i) => [...(i > 0 ? [''] : []), header(ctx, r), ...formatReportTree(reportTree(r.data))]));
  return EXIT_OK;
}

/** The number of checklist items in each status. */
export function statusCounts(items: ChecklistItemJson[]): Record<ItemStatus, number> {
  const counts: Record<ItemStatus, number> = { 'PASS': 0, 'WARN': 0, 'FAIL': 0, 'N/A': 0 };
  for (const item of items) counts[item.status] = (counts[item.status] ?? 0) + 1;
  return counts;
}

function countsText(counts: Record<ItemStatus, number>): string {
  return `${counts.PASS} PASS, ${counts.WARN} WARN, ${counts.FAIL} FAIL, ${counts['N/A']} N/A`;
}

function regionsOf(report: LoadedReport): string[] {
  return [...new Set(report.data.accounts.flatMap((a) => a.regions))].sort();
}

/** `cdk-pki report`: where each report is, and what it sums up. */
export function reportCommand(ctx: CommandContext, reports: LoadedReport[]): number {
  if (ctx.json) {
    writeJson(ctx, {
      reports: reports.map((r) => ({
        title: r.data.title,
        markdownFile: r.markdownFile ?? null,
        jsonFile: r.jsonFile,
        summary: r.data.summary,
        checklist: statusCounts(r.data.checklist),
        accounts: r.data.accounts,
        regions: regionsOf(r),
        stacks: r.stacks,
      })),
    });
    return EXIT_OK;
  }
  const lines: string[] = [];
  reports.forEach((r, i) => {
    const s = r.data.summary;
    const regions = regionsOf(r);
    if (i > 0) lines.push('');
    lines.push(r.data.title);
    lines.push(`  Markdown:  ${r.markdownFile ? shown(ctx, r.markdownFile) : '(none next to the JSON)'}`);
    lines.push(`  JSON:      ${shown(ctx, r.jsonFile)}`);
    lines.push(`  CAs:       ${s.certificateAuthorities} of the app${s.sharedOrImportedCertificateAuthorities > 0 ? `, ${s.sharedOrImportedCertificateAuthorities} shared or imported` : ''}`);
    lines.push(`  Accounts:  ${r.data.accounts.length} in ${regions.length} Region${regions.length === 1 ? '' : 's'}`);
    const width = Math.max(...r.data.accounts.map((a) => a.account.length));
    lines.push(...r.data.accounts.map((a) => `    ${a.account.padEnd(width)}  ${a.regions.join(', ') || '(Region unknown)'}`));
    if (r.stacks.length > 0) {
      lines.push(`  Stacks:    ${r.stacks.length} (manifest.json)`);
      const stackWidth = Math.max(...r.stacks.map((st) => st.stackName.length));
      lines.push(...r.stacks.map((st) => `    ${st.stackName.padEnd(stackWidth)}  ${(st.environment ?? '').replace(/^aws:\/\//, '')}`.trimEnd()));
    }
    lines.push(`  Checklist: ${countsText(statusCounts(r.data.checklist))} (details: npx cdk-pki check)`);
    const cost = s.estimatedMonthlyCostUsd ?? r.data.cost?.monthlyTotal;
    if (typeof cost === 'number') {
      lines.push(`  Estimated cost: ${usd(cost)} per month${r.data.cost?.pricesReadOn ? ` (prices read ${r.data.cost.pricesReadOn})` : ''}`);
    }
  });
  writeLines(ctx, lines);
  return EXIT_OK;
}

/** Whether an item fails the check: FAIL always, WARN with --strict. Acknowledged findings make no WARN or FAIL. */
export function itemFails(item: ChecklistItemJson, strict: boolean): boolean {
  const open = item.findings.filter((f) => !f.acknowledged);
  if (item.status === 'FAIL' || open.some((f) => f.level === 'ERROR')) return true;
  return strict && (item.status === 'WARN' || open.length > 0);
}

function findingLines(f: ReportFindingJson): string[] {
  const level = f.level === 'ERROR' ? 'error' : 'warning';
  const head = f.acknowledged
    ? `acknowledged ${level} ${f.rule} at ${f.path}${f.reason ? ` (${f.reason})` : ''}`
    : `${level} ${f.rule} at ${f.path}`;
  return [`           ${head}`, `             ${f.message}`];
}

/** `cdk-pki check`: the checklist of each report; exit 1 on a FAIL (or a WARN with --strict). */
export function checkCommand(ctx: CommandContext, reports: LoadedReport[], strict: boolean): number {
  const results = reports.map((r) => {
    const failing = r.data.checklist.filter((item) => itemFails(item, strict));
    return { report: r, counts: statusCounts(r.data.checklist), failing, passed: failing.length === 0 };
  });
  const exitCode = results.every((r) => r.passed) ? EXIT_OK : EXIT_CHECK_FAILED;
  if (ctx.json) {
    writeJson(ctx, {
      passed: exitCode === EXIT_OK,
      strict,
      reports: results.map(({ report, counts, failing, passed }) => ({
        title: report.data.title,
        jsonFile: report.jsonFile,
        passed,
        counts,
        failing: failing.map((item) => item.key),
        checklist: report.data.checklist.map((item) => ({
          number: item.number, key: item.key, title: item.title, status: item.status, findings: item.findings,
        })),
      })),
    });
    return exitCode;
  }
  const lines: string[] = [];
  for (const { report, counts, failing, passed } of results) {
    if (lines.length > 0) lines.push('');
    lines.push(header(ctx, report));
    const width = Math.max(...report.data.checklist.map((item) => item.key.length));
    for (const item of report.data.checklist) {
      lines.push(`  ${item.status.padEnd(4)}  ${String(item.number).padStart(2)}. ${item.key.padEnd(width)}  ${item.title}`);
      item.findings.forEach((f) => lines.push(...findingLines(f)));
    }
    const verdict = passed
      ? (!strict && counts.WARN > 0 ? 'passed (warnings do not fail without --strict)' : 'passed')
      : `FAILED: ${failing.map((item) => `${item.status} ${item.key}`).join(', ')}${strict && counts.FAIL === 0 ? ' (--strict fails on warnings)' : ''}`;
    lines.push(`  ${countsText(counts)}: ${verdict}`);
  }
  writeLines(ctx, lines);
  return exitCode;
}
