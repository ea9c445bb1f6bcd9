import * as fs from 'node:fs';
import * as path from 'node:path';
import { attachCustomSynthesis } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { PkiChecks, PkiChecksProps, PkiFinding, PkiFindingLevel } from './pki-checks';
import { Analysis, acknowledgementOf, analysisOf, assemblyRootOf } from './private/checks-analysis';
import { itemSpec } from './private/checks-catalog';
import { RenderedReport, renderReport } from './private/report-render';
import { formatDay, parseDay } from './private/report-timeline';
import { ValidationErrors, isConcreteNumber } from '../private/validation';

/** The status of one checklist item in the report. */
export enum ChecklistStatus {
  /** Nothing open: every finding (if any) is acknowledged. */
  PASS = 'PASS',
  /** An open warning. */
  WARN = 'WARN',
  /** An error. */
  FAIL = 'FAIL',
  /** The app has nothing the item is about. */
  NOT_APPLICABLE = 'N/A',
}

/** One item of the checklist as the report gives it. */
export interface ChecklistItemResult {
  /** Position in the checklist, from 1. */
  readonly number: number;
  /** The item, for example "The root CA is alone in its account". */
  readonly title: string;
  readonly status: ChecklistStatus;
  /** Its findings, acknowledged ones included. */
  readonly findings: PkiFinding[];
  /** What was checked and what passed. */
  readonly notes: string[];
}

/** The PKI report of an app: Markdown, JSON and a short summary. */
export interface PkiReportDocument {
  /** The report in Markdown, with a Mermaid diagram. */
  readonly markdown: string;
  /** The same report as JSON. */
  readonly json: string;
  /** A few lines for a console: the checklist with each item's status and open findings. */
  readonly summary: string;
  /** The checklist, item by item. */
  readonly checklist: ChecklistItemResult[];
  /** The estimated monthly cost in US dollars. */
  readonly estimatedMonthlyCostUsd: number;
}

/** What a PKI report says besides the checks. */
export interface PkiReportOptions {
  /**
   * The report's title.
   * @default 'PKI report'
   */
  readonly title?: string;

  /**
   * Certificates issued directly from the app's general-purpose CAs in a month (IssueCertificate: workloads,
   * cert-manager, the renewal of imported certificates, AWS::ACMPCA::Certificate), for the cost estimate.
   * ACM private certificates are not among them: see `exportedAcmCertificatesPerMonth`.
   * @default - the AWS::ACMPCA::Certificate resources the app declares on general-purpose CAs, counted once
   */
  readonly certificatesPerMonth?: number;

  /**
   * Certificates issued from the app's short-lived certificate mode CAs in a month, for the cost estimate
   * (priced per certificate at the short-lived rate).
   * @default - the AWS::ACMPCA::Certificate resources the app declares on short-lived certificate mode CAs, counted once
   */
  readonly shortLivedCertificatesPerMonth?: number;

  /**
   * ACM private certificates exported for the first time in a month, for the cost estimate. AWS charges an ACM
   * private certificate only the first time it is exported (at the price of an issued certificate); one that is
   * never exported carries no per-certificate charge.
   * @default 0 - no ACM private certificate is exported
   */
  readonly exportedAcmCertificatesPerMonth?: number;

  /**
   * OCSP requests in a month, for the cost estimate.
   * @default - none estimated; the report names the CAs with OCSP and the price per 10,000 requests
   */
  readonly ocspRequestsPerMonth?: number;

  /**
   * The day the report's timeline of CA certificates starts, as `YYYY-MM-DD` (UTC): the day the PKI is (or was)
   * deployed. The timeline plans each CA's certificates from then: the first, each automatic renewal of an
   * IssuingCa (capped by its parent's end), and when each root's renewal is due. Give a fixed day to keep a
   * committed report the same from one synthesis to the next.
   * @default - the day of synthesis (UTC)
   */
  readonly timelineStart?: string;
}

/** Properties of a `PkiReport`. */
export interface PkiReportProps extends PkiReportOptions {
  /**
   * Settings of the checks the report runs (as a read-only Aspect on the app).
   * @default - the checks' defaults
   */
  readonly checks?: PkiChecksProps;

  /**
   * Base name of the files written next to the templates: `<fileName>.md` and `<fileName>.json`. Letters,
   * digits, dots, hyphens and underscores.
   * @default 'pki-report'
   */
  readonly fileName?: string;

  /**
   * Print nothing at synthesis. When the CDK CLI runs the app (`cdk synth`, `cdk deploy`: it sets `CDK_OUTDIR`),
   * the report prints one line on stderr saying where it was written and how its checklist came out, for example
   * `cdk-pki: PKI report written to cdk.out/pki-report.md (13 PASS, 0 WARN, 0 FAIL; npx cdk-pki check)`. An app
   * synthesized otherwise (in a unit test, say) prints nothing either way.
   * @default false
   */
  readonly quiet?: boolean;
}

const DEFAULT_FILE_NAME = 'pki-report';
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function validateOptions(errors: ValidationErrors, options: PkiReportOptions): void {
  const volumes = [
    ['certificatesPerMonth', options.certificatesPerMonth],
    ['shortLivedCertificatesPerMonth', options.shortLivedCertificatesPerMonth],
    ['exportedAcmCertificatesPerMonth', options.exportedAcmCertificatesPerMonth],
    ['ocspRequestsPerMonth', options.ocspRequestsPerMonth],
  ] as const;
  for (const [name, value] of volumes) {
    if (value !== undefined && isConcreteNumber(value) && (!Number.isInteger(value) || value < 0)) {
      errors.add(`${name} ${value} is not allowed; use a whole number of at least 0`);
    }
  }
  const start = options.timelineStart;
  if (start !== undefined && (typeof start !== 'string' || parseDay(start) === undefined)) {
    errors.add(`timelineStart '${start}' is not allowed; use a day as YYYY-MM-DD (a real calendar day, known at synthesis), for example '2025-01-01'`);
  }
}

/**
 * The line the report prints at synthesis: where the Markdown report is (relative to the working directory when
 * inside it), the checklist's counts, and the command that prints the checklist (with the assembly directory
 * when it is not the default cdk.out).
 */
function writtenLine(markdownFile: string, document: PkiReportDocument): string {
  const relative = path.relative(process.cwd(), markdownFile);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? markdownFile : relative;
  const dir = path.dirname(shown);
  const count = (status: ChecklistStatus) => document.checklist.filter((i) => i.status === status).length;
  const command = `npx cdk-pki check${dir === 'cdk.out' ? '' : ` -o ${dir}`}`;
  return `cdk-pki: PKI report written to ${shown} (${count(ChecklistStatus.PASS)} PASS, ${count(ChecklistStatus.WARN)} WARN, `
    + `${count(ChecklistStatus.FAIL)} FAIL; ${command})`;
}

/** The day the timeline starts: the one given, else today (UTC). */
function timelineStartOf(options: PkiReportOptions): Date {
  return parseDay(options.timelineStart ?? formatDay(new Date()))!;
}

function toDocument(rendered: RenderedReport): PkiReportDocument {
  return {
    markdown: rendered.markdown,
    json: rendered.json,
    summary: rendered.summary,
    estimatedMonthlyCostUsd: JSON.parse(rendered.json).cost.monthlyTotal,
    checklist: rendered.items.map((item, i) => ({
      number: i + 1,
      title: itemSpec(item.result.key).title,
      status: item.status === 'N/A' ? ChecklistStatus.NOT_APPLICABLE : ChecklistStatus[item.status],
      notes: item.result.notes,
      findings: item.findings.map((f) => ({
        ruleId: f.ruleId,
        level: f.level === 'ERROR' ? PkiFindingLevel.ERROR : PkiFindingLevel.WARNING,
        path: f.scope.node.path,
        message: f.message,
        acknowledged: f.acknowledged,
        acknowledgementReason: f.reason,
      })),
    })),
  };
}

function render(analysis: Analysis, checks: PkiChecks, options: PkiReportOptions): PkiReportDocument {
  const rendered = renderReport(analysis.model, analysis.items, (f) => acknowledgementOf(f, analysis), {
    title: options.title ?? 'PKI report',
    certificatesPerMonth: options.certificatesPerMonth,
    shortLivedCertificatesPerMonth: options.shortLivedCertificatesPerMonth,
    exportedAcmCertificatesPerMonth: options.exportedAcmCertificatesPerMonth,
    ocspRequestsPerMonth: options.ocspRequestsPerMonth,
    timelineStart: timelineStartOf(options),
    settings: checks._settings(),
  });
  return toDocument(rendered);
}

/**
 * A report of the app's PKI for a security reviewer, written at synthesis next to the templates
 * (`<outdir>/pki-report.md` and `.json`, so `cdk synth` produces it): a Mermaid diagram of accounts, Regions,
 * CAs, shares and who may issue what; per CA its key and signing algorithm, validity, usage mode and
 * revocation; a timeline (Mermaid gantt) of each CA's planned certificates, automatic renewals and roots' renewals
 * due; the best-practices checklist with pass, warn or fail per item; and an estimated monthly cost with the
 * prices and the date they were read. Only the timeline depends on the day of synthesis, when `timelineStart` is
 * not given: with it, a committed copy changes only when the app does.
 *
 * It runs `PkiChecks` on the app (their annotations included). Add it once, to the App.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { PkiReport } from 'cdk-pki';
 *
 * const app = new App();
 * new PkiReport(app, 'PkiReport', { checks: { cloudTrailElsewhere: true } });
 */
export class PkiReport extends Construct {
  /**
   * The report of an app (or Stage) that has been synthesized, from the analysis its `PkiChecks` made then;
   * without one, the checks run now with `checks` (and annotate nothing). Writes no file.
   *
   * @param scope the App, or a construct in it
   */
  public static generate(scope: IConstruct, options: PkiReportOptions = {}, checks: PkiChecksProps = {}): PkiReportDocument {
    const errors = new ValidationErrors('PkiReport', scope);
    validateOptions(errors, options);
    errors.throwIfAny();
    const root = assemblyRootOf(scope);
    const runner = new PkiChecks(checks);
    const analysis = analysisOf(root) ?? runner._analysisOf(root);
    return render(analysis, runner, options);
  }

  /** The checks the report runs. */
  public readonly checks: PkiChecks;
  /** Base name of the report files. */
  public readonly fileName: string;

  private readonly options: PkiReportOptions;
  private readonly root: IConstruct;
  private rendered?: PkiReportDocument;
  private writtenTo?: string;

  constructor(scope: Construct, id: string, props: PkiReportProps = {}) {
    super(scope, id);
    const errors = new ValidationErrors('PkiReport', this);
    this.fileName = props.fileName ?? DEFAULT_FILE_NAME;
    if (!FILE_NAME.test(this.fileName)) {
      errors.add(`fileName '${this.fileName}' is not allowed; use letters, digits, dots, hyphens and underscores, for example 'pki-report'`);
    }
    validateOptions(errors, props);
    errors.throwIfAny();

    this.options = props;
    this.root = assemblyRootOf(this);
    this.checks = PkiChecks.applyTo(this.root, props.checks);
    // The same hook aws-cdk-lib's own policy report uses to add a file to the cloud assembly; it runs after
    // the checks (an Aspect), when every value of the app is final.
    attachCustomSynthesis(this, {
      onSynthesize: (session) => {
        const document = this.renderNow();
        fs.writeFileSync(path.join(session.outdir, `${this.fileName}.md`), document.markdown);
        fs.writeFileSync(path.join(session.outdir, `${this.fileName}.json`), document.json);
        this.writtenTo = session.outdir;
        // Only when the CDK CLI runs the app (App reads its output directory from CDK_OUTDIR): tests stay quiet.
        if (!props.quiet && process.env[cxapi.OUTDIR_ENV] !== undefined) {
          process.stderr.write(`${writtenLine(path.join(session.outdir, `${this.fileName}.md`), document)}\n`);
        }
      },
    });
  }

  /** The report, once the app has been synthesized; throws before. */
  public get document(): PkiReportDocument {
    if (!this.rendered) {
      throw new Error(`PkiReport '${this.node.path}': the report exists once the app is synthesized; call app.synth() first`);
    }
    return this.rendered;
  }

  /** Where the Markdown report was written, once the app has been synthesized. */
  public get markdownFile(): string | undefined {
    return this.writtenTo && path.join(this.writtenTo, `${this.fileName}.md`);
  }

  /** Where the JSON report was written, once the app has been synthesized. */
  public get jsonFile(): string | undefined {
    return this.writtenTo && path.join(this.writtenTo, `${this.fileName}.json`);
  }

  private renderNow(): PkiReportDocument {
    this.rendered = render(this.checks._analysisOf(this.root), this.checks, this.options);
    return this.rendered;
  }
}
