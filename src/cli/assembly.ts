/**
 * Finds the PKI reports of a cloud assembly directory (`cdk.out`): `pki-report.json` there, else any JSON file
 * there whose schema is `cdk-pki/pki-report/v1` (a `PkiReport` with another `fileName`), and the same in each
 * nested Stage assembly (`assembly-*`). Reads the stacks of the assembly's manifest.json next to each report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_SCHEMA, ReportJson, reportProblem } from './report-json';

export const DEFAULT_REPORT_FILE = 'pki-report.json';
export const DEFAULT_ASSEMBLY_DIR = 'cdk.out';

/** A stack of the cloud assembly, from its manifest.json. */
export interface AssemblyStack {
  readonly stackName: string;
  /** `aws://account/region`, as the manifest has it. */
  readonly environment?: string;
}

/** A PKI report found in a cloud assembly. */
export interface LoadedReport {
  /** Absolute path of the JSON report. */
  readonly jsonFile: string;
  /** Absolute path of the Markdown report next to it, when there is one. */
  readonly markdownFile?: string;
  readonly data: ReportJson;
  /** The stacks of the assembly the report is in (its manifest.json); empty without a manifest. */
  readonly stacks: AssemblyStack[];
}

/** The reports found, or why none could be read (a usage error for the CLI). */
export type FindResult = { readonly reports: LoadedReport[]; readonly error?: undefined } | { readonly error: string; readonly reports?: undefined };

/** The hint of every "no report" message: what to add to the app and run. */
export const ADD_REPORT_HINT = "add `new PkiReport(app, 'PkiReport')` (import { PkiReport } from 'cdk-pki') to the app, then run `cdk synth`";

const HEAD_BYTES = 512;
const SCHEMA_IN_HEAD = new RegExp(`"schema"\\s*:\\s*"${REPORT_SCHEMA.replace(/\//g, '\\/')}"`);

/** Whether a JSON file starts like a PKI report (reads its first bytes only: templates can be large). */
function looksLikeReport(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return SCHEMA_IN_HEAD.test(buffer.toString('utf8', 0, read));
  } finally {
    fs.closeSync(fd);
  }
}

function stacksOf(dir: string): AssemblyStack[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return [];
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      artifacts?: Record<string, { type?: string; environment?: string; displayName?: string; properties?: { stackName?: string } }>;
    };
    return Object.entries(manifest.artifacts ?? {})
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id, a]) => ({ stackName: a.properties?.stackName ?? a.displayName ?? id, environment: a.environment }));
  } catch {
    return [];
  }
}

/** Reads one report file; throws with a message that names the file. */
export function loadReport(file: string): LoadedReport {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const problem = reportProblem(data);
  if (problem) throw new Error(`${file} is not a PKI report: ${problem}`);
  const markdownFile = file.replace(/\.json$/, '.md');
  return {
    jsonFile: file,
    markdownFile: markdownFile !== file && fs.existsSync(markdownFile) ? markdownFile : undefined,
    data: data as ReportJson,
    stacks: stacksOf(path.dirname(file)),
  };
}

/** The report files of one directory: pki-report.json, else the JSON files that start like a report. */
function reportFilesIn(dir: string): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  const preferred = path.join(dir, DEFAULT_REPORT_FILE);
  if (entries.some((e) => e.isFile() && e.name === DEFAULT_REPORT_FILE) && looksLikeReport(preferred)) return [preferred];
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && e.name !== 'manifest.json' && e.name !== 'tree.json')
    .map((e) => path.join(dir, e.name))
    .filter(looksLikeReport)
    .sort();
}

/** The report files of a cloud assembly and of its nested Stage assemblies (`assembly-*`), depth first. */
function reportFilesUnder(dir: string): string[] {
  const nested = fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('assembly-'))
    .map((e) => e.name)
    .sort();
  return [...reportFilesIn(dir), ...nested.flatMap((name) => reportFilesUnder(path.join(dir, name)))];
}

/**
 * The PKI reports at `target`: a cloud assembly directory (with its nested assemblies) or one report JSON file.
 * `shown` is how messages name the target (as the user typed it).
 */
export function findReports(target: string, shown: string = target): FindResult {
  if (!fs.existsSync(target)) {
    return { error: `no cloud assembly at ${shown}: run \`cdk synth\` first, or give the assembly directory with --output <dir>` };
  }
  try {
    if (fs.statSync(target).isFile()) return { reports: [loadReport(target)] };
    const files = reportFilesUnder(target);
    if (files.length === 0) {
      const where = fs.existsSync(path.join(target, 'manifest.json')) ? shown
        : `${shown}, which is no cloud assembly (it has no manifest.json; give the assembly directory with --output <dir>)`;
      return { error: `no PKI report in ${where}: no ${DEFAULT_REPORT_FILE}, nor another JSON file of schema ${REPORT_SCHEMA}; ${ADD_REPORT_HINT}` };
    }
    return { reports: files.map(loadReport) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
