/**
 * Test support for the checklist tests: small apps of the library's constructs, synthesized with the PKI
 * checks, and the findings and annotations they produce.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PkiChecks, PkiChecksProps, PkiFinding } from '../../src/checklist/pki-checks';
import { CaNode, buildModel } from '../../src/checklist/private/checks-model';
import { evaluate } from '../../src/checklist/private/checks-rules';
import { IssuingCa, IssuingCaProps } from '../../src/hierarchy/issuing-ca';
import { IParentCa } from '../../src/hierarchy/parent';
import { RootCaAccount, RootCaAccountProps } from '../../src/hierarchy/root-ca-account';

export const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
export const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
export const WORKLOAD_ENV = { account: '333333333333', region: 'eu-west-1' };

/** Environments of the ACM tests' web stack. */
export const WEB_US_EAST_1 = { account: '444444444444', region: 'us-east-1' };
export const WEB_EU_WEST_1 = { account: '444444444444', region: 'eu-west-1' };

/** An annotation of the synthesized app. */
export interface Message {
  readonly level: string;
  /** Construct path, without the leading slash. */
  readonly path: string;
  readonly text: string;
}

export interface Checked {
  readonly app: App;
  readonly checks: PkiChecks;
  readonly findings: PkiFinding[];
  readonly messages: Message[];
}

/** Applies the checks to `app`, synthesizes it and returns what they found. */
export function synthChecked(app: App, props: PkiChecksProps = {}): Checked {
  const checks = PkiChecks.applyTo(app, props);
  const assembly = app.synth();
  const messages = assembly.stacks.flatMap((s) => s.messages.map((m) => ({
    level: m.level,
    path: m.id.replace(/^\//, ''),
    text: String(m.entry.data),
  })));
  return { app, checks, findings: checks.findings, messages };
}

/** The findings of one rule. */
export function findingsOf(checked: Checked, ruleId: string): PkiFinding[] {
  return checked.findings.filter((f) => f.ruleId === ruleId);
}

/** The annotations that carry a rule id (warnings as `[ack: id]`, errors as `[id]`). */
export function annotationsOf(checked: Checked, ruleId: string): Message[] {
  return checked.messages.filter((m) => m.text.includes(`[ack: ${ruleId}]`) || m.text.endsWith(`[${ruleId}]`));
}

/** Builds a stack 'Web' with `build`, then synthesizes the app with the checks (CloudTrail said to exist elsewhere). */
export function checkWebStack(build: (stack: Stack) => void, props: PkiChecksProps = {}, env = WEB_US_EAST_1): Checked {
  const app = new App();
  const stack = new Stack(app, 'Web', { env });
  build(stack);
  return synthChecked(app, { cloudTrailElsewhere: true, ...props });
}

/**
 * A maker of apps that synthesize into temporary directories, removed after the test file. Call it at the top
 * level of a test file.
 */
export function tempApps(prefix: string): () => App {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    outdirs.push(outdir);
    return new App({ outdir });
  };
}

export function rootStack(app: App, id = 'Root', props: Partial<RootCaAccountProps> = {}, env = ROOT_ENV): { stack: Stack; root: RootCaAccount } {
  const stack = new Stack(app, id, { env });
  const root = new RootCaAccount(stack, 'RootCa', { hierarchyName: 'test', subject: { commonName: 'Test Root CA' }, ...props });
  return { stack, root };
}

export function issuingStack(
  app: App, parent: IParentCa, id = 'Issuing', props: Partial<IssuingCaProps> = {}, env: StackProps['env'] = ISSUING_ENV,
): { stack: Stack; ca: IssuingCa } {
  const stack = new Stack(app, id, { env });
  const ca = new IssuingCa(stack, 'IssuingCa', { parent, subject: { commonName: `Test ${id} CA` }, ...props });
  return { stack, ca };
}

/** A two-account hierarchy: a root in its own account and an issuing CA in another. */
export function twoAccountPki(app: App = new App()): { app: App; root: RootCaAccount; ca: IssuingCa; rootStack: Stack; issuingStack: Stack } {
  const r = rootStack(app);
  const i = issuingStack(app, r.root);
  return { app, root: r.root, ca: i.ca, rootStack: r.stack, issuingStack: i.stack };
}

/** A construct that holds test resources. */
export class Holder extends Construct {}

/** Checklist options for tests: CloudTrail is said to exist elsewhere, so only the rule under test fires. */
export const ALL_CHECKED = { cloudTrailElsewhere: true };

/**
 * The messages of one rule over the model of `app` after `change` (for rules the constructs' own validation
 * keeps the library from reaching).
 */
export function ruleOverChangedModel(app: App, ruleId: string, change: (cas: CaNode[]) => void): string[] {
  const model = buildModel(app);
  change(model.cas);
  const options = {
    cloudTrailElsewhere: true,
    externallyValidatedDomains: [],
    transparencyLoggingOptOutDomains: [],
    testEnvironmentCertificateThreshold: 3,
    disabledRules: new Set<string>(),
  };
  return evaluate(model, options).flatMap((i) => i.findings).filter((f) => f.ruleId === ruleId).map((f) => f.message);
}
