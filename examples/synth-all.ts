// Synthesizes every example app into examples/out/<example>/ and prints, per example, its stacks (account,
// Region, resources, Lambda functions, dependencies), the StackSet of each PkiMemberBaseline (the OUs and Regions it
// targets, its regional stacks, its member template), its CA tree (with when each CA's certificate first renews and
// when it expires, from the report's timeline) and the best-practices checklist. Each
// example's PKI report is written next to its templates (examples/out/<example>/pki-report.md and .json) and
// copied to examples/<example>/ (the committed copy, which a test keeps current). `npm run examples` runs it
// after bundling the handlers. Tests reuse `synthesizeExample` and `summarizeExample`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import { CertificateTemplate, IParentCa, IssuingCa, PkiMemberBaseline, PkiReport, PkiReportDocument, RootCaAccount } from '../src';
import { buildOrganizationApp } from './organization/app';
import { buildQuickStartApp } from './quick-start/app';
import { CaCertificatePlan, CaTreeNode, formatCaTree, signedByText } from '../src/cli/ca-tree';
import { certificatePlans as certificatePlansOf } from '../src/cli/report-json';

/** An example app of this folder. */
export interface ExampleApp {
  /** Folder name under examples/, and of its output under examples/out/. */
  readonly name: string;
  /** Builds the app; nothing is synthesized yet. */
  readonly build: (props: { outdir?: string }) => App;
}

export const EXAMPLES: readonly ExampleApp[] = [
  { name: 'quick-start', build: buildQuickStartApp },
  { name: 'organization', build: buildOrganizationApp },
];

/** One stack of a synthesized example. */
export interface StackSummary {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** Number of resources in the template (CDKMetadata included). */
  readonly resourceCount: number;
  readonly lambdaFunctionCount: number;
  /** Names of the stacks this one depends on (and is deployed after). */
  readonly dependsOn: string[];
  /** Absolute path of the synthesized template. */
  readonly templateFile: string;
}

/** The StackSet of one PkiMemberBaseline: what it rolls out, where. */
export interface BaselineSummary {
  /** Construct path of the baseline. */
  readonly path: string;
  /** The stack the StackSet is a resource of (in the management or delegated administrator account). */
  readonly stackName: string;
  readonly stackSetName: string;
  readonly organizationalUnits: string[];
  readonly regions: string[];
  /** Names of the regional stacks (asset bucket and asset publication), in the order of `regions`. */
  readonly regionalStacks: { readonly region: string; readonly stackNames: string[] }[];
  /** Absolute path of the member template in the cloud assembly (a file asset of the stack, not a stack artifact). */
  readonly memberTemplateFile: string;
  /** Number of resources in the member template (CDKMetadata included), each stack instance's. */
  readonly memberResourceCount: number;
  /** What the member template holds: the expiry alarms, and the optional parts the baseline has. */
  readonly memberParts: string[];
}

/** The day the examples' report timelines start (a fixed day keeps the committed reports the same). */
export const EXAMPLE_TIMELINE_START = '2025-01-01';

/** A CA's first certificate and its renewal, from the PKI report's timeline (shared with the CLI's tree). */
export type { CaCertificatePlan } from '../src/cli/ca-tree';

/** One CA of the tree, with its subordinates. */
export interface CaSummary {
  readonly kind: 'RootCaAccount' | 'IssuingCa';
  /** Construct path, for example `Pki-Root-111111111111-us-east-1/RootCa`. */
  readonly path: string;
  readonly hierarchyName: string;
  readonly caName: string;
  /** 1 for the root. */
  readonly depth: number;
  readonly keyAlgorithm: string;
  /** For example `3 years`. */
  readonly validity: string;
  /** Path length of the CA certificate; undefined for a root, whose certificate has no constraint. */
  readonly pathLength?: number;
  /** Template the certificate is issued with (`RootCACertificate/V1` for a root). */
  readonly signingTemplate: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** Construct path of the parent; undefined for a root or a parent outside this app. */
  readonly parentPath?: string;
  /** Signed by a parent in another account. */
  readonly crossAccount: boolean;
  /** Signed by a parent in another Region. */
  readonly crossRegion: boolean;
  /** Its first certificate and renewal, when the app has a PkiReport. */
  readonly certificate?: CaCertificatePlan;
  readonly children: CaSummary[];
}

/** What `npm run examples` prints for one example. */
export interface ExampleSummary {
  readonly name: string;
  /** The cloud assembly directory. */
  readonly outdir: string;
  readonly stacks: StackSummary[];
  /** Roots of the CA tree: the root CAs, and subordinates of parents outside the app. */
  readonly caTree: CaSummary[];
  /** The StackSets of the app's PkiMemberBaselines (none when it has none). */
  readonly baselines?: BaselineSummary[];
  /** The PKI report, when the app has a PkiReport (synthesizeExample adds one to apps without). */
  readonly report?: PkiReportDocument;
  /** Where the Markdown report was written. */
  readonly reportFile?: string;
}

/** A synthesized example: the app (whose construct tree tests inspect), its assembly and its summary. */
export interface SynthesizedExample {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly summary: ExampleSummary;
}

export interface SynthesizeOptions {
  /** Called with the app after it is built and before it is synthesized (for example to add validations). */
  readonly beforeSynth?: (app: App) => void;
}

/** The app's PkiReport; apps without one get one with default checks (as `cdk synth` of them would not). */
export function ensureReport(app: App): PkiReport {
  return app.node.children.find((c): c is PkiReport => c instanceof PkiReport)
    ?? new PkiReport(app, 'PkiReport', { timelineStart: EXAMPLE_TIMELINE_START });
}

/** Builds an example app and synthesizes it into `outdir`, replacing what was there. */
export function synthesizeExample(example: ExampleApp, outdir: string, options: SynthesizeOptions = {}): SynthesizedExample {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = example.build({ outdir });
  ensureReport(app);
  options.beforeSynth?.(app);
  const assembly = app.synth();
  return { app, assembly, summary: summarizeExample(example.name, app, assembly) };
}

/** The stacks, the CA tree and the PKI report of a synthesized app. */
export function summarizeExample(name: string, app: App, assembly: CloudAssembly): ExampleSummary {
  const stacks = assembly.stacks.map((artifact) => summarizeStack(artifact));
  const report = app.node.children.find((c): c is PkiReport => c instanceof PkiReport);
  const plans = report ? certificatePlans(report.document) : undefined;
  return {
    name,
    outdir: assembly.directory,
    stacks,
    caTree: caTree(app, plans),
    baselines: baselines(app, assembly),
    report: report?.document,
    reportFile: report?.markdownFile,
  };
}

/** Every PkiMemberBaseline of the app, with the resources of its member template as synthesized into the assembly. */
export function baselines(app: App, assembly: CloudAssembly): BaselineSummary[] {
  return app.node.findAll().filter((c): c is PkiMemberBaseline => c instanceof PkiMemberBaseline).map((baseline) => {
    const memberTemplateFile = path.join(assembly.directory, baseline.memberStack.templateFile);
    const member = JSON.parse(fs.readFileSync(memberTemplateFile, 'utf8')) as { Resources?: Record<string, unknown> };
    return {
      path: baseline.node.path,
      stackName: Stack.of(baseline).stackName,
      stackSetName: baseline.stackSet.stackSetName,
      organizationalUnits: [...baseline.organizationalUnits],
      regions: [...baseline.regions],
      regionalStacks: baseline.regions.map((region) => ({
        region,
        stackNames: baseline.regionalStacks.filter((s) => s.region === region).map((s) => s.stackName),
      })),
      memberTemplateFile,
      memberResourceCount: Object.keys(member.Resources ?? {}).length,
      memberParts: [
        'expiry alarms',
        ...(baseline.caExpiryReadRole ? ['CA-expiry read role'] : []),
        ...baseline.sharedCertificateAuthorities.map((_, i) => `shared CA (ARN in ${baseline.memberStack.resolve((baseline.sharedCaParameters[i].node.defaultChild as ssm.CfnParameter).name)})`),
        ...(baseline.importedCertRenewal ? ['imported certificate renewal'] : []),
      ],
    };
  });
}

/** Each CA's first certificate and renewal, by construct path, from the timeline of the JSON report. */
export function certificatePlans(report: PkiReportDocument): Map<string, CaCertificatePlan> {
  return certificatePlansOf(JSON.parse(report.json));
}

function summarizeStack(artifact: CloudFormationStackArtifact): StackSummary {
  const resources = Object.values((artifact.template.Resources ?? {}) as Record<string, { Type: string }>);
  return {
    stackName: artifact.stackName,
    account: artifact.environment.account,
    region: artifact.environment.region,
    resourceCount: resources.length,
    lambdaFunctionCount: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length,
    dependsOn: artifact.dependencies
      .filter((d): d is CloudFormationStackArtifact => 'stackName' in d)
      .map((d) => d.stackName)
      .sort(),
    templateFile: artifact.templateFullPath,
  };
}

type Ca = RootCaAccount | IssuingCa;

function isCa(c: IConstruct): c is Ca {
  return c instanceof RootCaAccount || c instanceof IssuingCa;
}

/** Walks the construct tree: every CA of the app, nested under the CA that signs it (with its certificate plan from `plans`). */
export function caTree(app: App, plans?: ReadonlyMap<string, CaCertificatePlan>): CaSummary[] {
  const cas = app.node.findAll().filter(isCa);
  const inApp = new Set<IParentCa>(cas);
  const node = (ca: Ca): CaSummary => {
    const stack = Stack.of(ca);
    const parent = ca instanceof IssuingCa ? ca.parent : undefined;
    return {
      kind: ca instanceof RootCaAccount ? 'RootCaAccount' : 'IssuingCa',
      path: ca.node.path,
      hierarchyName: ca.hierarchyName,
      caName: ca.caName,
      depth: ca.depth,
      keyAlgorithm: ca.keyAlgorithm.name,
      validity: ca.validity.toString(),
      pathLength: ca instanceof IssuingCa ? ca.pathLength : undefined,
      signingTemplate: ca instanceof IssuingCa ? ca.signingTemplate.templateName : CertificateTemplate.ROOT_CA.templateName,
      stackName: stack.stackName,
      account: stack.account,
      region: stack.region,
      parentPath: parent && isCa(parent as unknown as IConstruct) ? (parent as Ca).node.path : undefined,
      crossAccount: parent !== undefined && parent.env.account !== stack.account,
      crossRegion: parent !== undefined && parent.env.region !== stack.region,
      certificate: plans?.get(ca.node.path),
      children: cas.filter((c) => c instanceof IssuingCa && c.parent === ca).map(node),
    };
  };
  return cas.filter((ca) => !(ca instanceof IssuingCa) || !inApp.has(ca.parent)).map(node);
}

/** The summary as plain text: the stacks, then the CA tree with indentation. */
export function formatSummary(summary: ExampleSummary, baseDir: string = process.cwd()): string {
  const lines = [`${summary.name}  (cloud assembly: ${path.relative(baseDir, summary.outdir) || '.'})`, '  Stacks:'];
  const width = Math.max(...summary.stacks.map((s) => s.stackName.length));
  for (const s of summary.stacks) {
    const deps = s.dependsOn.length > 0 ? `  after ${s.dependsOn.join(', ')}` : '';
    lines.push(`    ${s.stackName.padEnd(width)}  ${s.account}/${s.region.padEnd(14)}  ` +
      `${String(s.resourceCount).padStart(3)} resources  ${s.lambdaFunctionCount} Lambda functions${deps}`);
  }
  for (const b of summary.baselines ?? []) lines.push(...formatBaseline(b, baseDir));
  lines.push('  CA tree:', ...formatCaTree(summary.caTree.map(treeNode)));
  if (summary.report) {
    lines.push(summary.report.summary);
    if (summary.reportFile) lines.push(`  Report: ${path.relative(baseDir, summary.reportFile)} (and .json)`);
  }
  return lines.join('\n');
}

/** A PkiMemberBaseline's StackSet as `npm run examples` prints it. */
function formatBaseline(b: BaselineSummary, baseDir: string): string[] {
  const width = Math.max(...b.regions.map((r) => r.length));
  return [
    `  StackSet ${b.stackSetName} (${b.path}), deployed by ${b.stackName}:`,
    `    OUs:      ${b.organizationalUnits.join(', ')}`,
    `    Regions:  ${b.regions.join(', ')}`,
    '    Regional stacks:',
    ...b.regionalStacks.map((r) => `      ${r.region.padEnd(width)}  ${r.stackNames.join(', ')}`),
    `    Member template: ${path.relative(baseDir, b.memberTemplateFile)}  ${b.memberResourceCount} resources, in every account of the OUs, in each Region`,
    `      ${b.memberParts.join('; ')}`,
  ];
}

/** A CA of the summary as the shared tree renderer (src/cli/ca-tree.ts, also used by `cdk-pki tree`) prints it. */
function treeNode(ca: CaSummary): CaTreeNode {
  return {
    kind: ca.kind,
    name: `${ca.hierarchyName}/${ca.caName}`,
    path: ca.path,
    depth: ca.depth,
    keyAlgorithm: ca.keyAlgorithm,
    validity: ca.validity,
    pathLength: ca.pathLength ?? 'none',
    signingTemplate: ca.signingTemplate,
    account: ca.account,
    region: ca.region,
    signedBy: signedByText({
      selfSigned: ca.kind === 'RootCaAccount', parentInApp: ca.parentPath !== undefined, crossAccount: ca.crossAccount, crossRegion: ca.crossRegion,
    }),
    certificate: ca.certificate,
    children: ca.children.map(treeNode),
  };
}

/** Copies an example's report to examples/<example>/pki-report.{md,json}, the copy that is committed. */
export function commitReport(summary: ExampleSummary, examplesDir: string = __dirname): void {
  if (!summary.report) return;
  fs.writeFileSync(path.join(examplesDir, summary.name, 'pki-report.md'), summary.report.markdown);
  fs.writeFileSync(path.join(examplesDir, summary.name, 'pki-report.json'), summary.report.json);
}

/** Synthesizes every example into `<outRoot>/<example>/` and returns their summaries. */
export function synthesizeAll(outRoot: string = path.join(__dirname, 'out')): ExampleSummary[] {
  return EXAMPLES.map((example) => synthesizeExample(example, path.join(outRoot, example.name)).summary);
}

if (require.main === module) {
  for (const summary of synthesizeAll()) {
    commitReport(summary);
    console.log(formatSummary(summary));
    console.log();
  }
}
