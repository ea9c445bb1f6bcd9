/**
 * Test support for the CLI tests: small apps with a PkiReport, each synthesized into a temporary cloud assembly
 * whose checklist comes out a known way (every item passes, a warning is acknowledged, one warns, one fails), and
 * `main` run over them with captured output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { PkiRule } from '../../src/checklist/pki-checks';
import { PkiReport, PkiReportProps } from '../../src/checklist/pki-report';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { main } from '../../src/cli/main';
import { CaExpiryMonitor } from '../../src/expiry/ca-expiry-monitor';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { issuingStack, rootStack } from '../support/checklist';

/** How the checklist of a test app comes out. */
export type AppOutcome = 'pass' | 'acknowledged' | 'warn' | 'fail';

export const TIMELINE_START = '2025-01-01';

/**
 * A two-account PKI that passes every applicable item when CloudTrail is said to exist elsewhere: a root with its
 * ACM_PCA_ROOT_CA_DISABLED rule and expiry monitor, an issuing CA in another account with expiry alarms.
 * - `warn`: without `cloudTrailElsewhere`, so `cdk-pki:NoCloudTrail` warns;
 * - `acknowledged`: that warning acknowledged on the app, with a reason;
 * - `fail`: the root also issues an ACM certificate, `cdk-pki:RootSignsEndEntity`, an error.
 */
export function buildApp(outcome: AppOutcome, outdir: string, report: PkiReportProps = {}): App {
  const app = new App({ outdir, autoSynth: false });
  const root = rootStack(app);
  const issuing = issuingStack(app, root.root);
  new RootCaDisabledRule(root.stack, 'RootCaDisabled');
  new CaExpiryMonitor(root.stack, 'CaExpiry', { certificateAuthorities: [root.root] });
  new ExpiryAlarms(issuing.stack, 'ExpiryAlarms', { certificateAuthorities: [issuing.ca] });
  if (outcome === 'fail') {
    new acm.PrivateCertificate(Stack.of(root.root), 'FromRoot', { domainName: 'bad.example.internal', certificateAuthority: root.root });
  }
  if (outcome === 'acknowledged') {
    Validations.of(app).acknowledge({ id: PkiRule.NO_CLOUDTRAIL.id, reason: 'an organization trail records every account' });
  }
  new PkiReport(app, 'PkiReport', {
    timelineStart: TIMELINE_START,
    checks: { cloudTrailElsewhere: outcome === 'pass' || outcome === 'fail' },
    ...report,
  });
  return app;
}

/** Temporary directories, removed after the test file. Call at the top level of a test file. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** What a run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `main` with `argv` in `cwd` (the repository by default), capturing what it writes. */
export function runCli(argv: string[], cwd: string = process.cwd()): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: { write: (text: string) => { stdout += text; } },
    stderr: { write: (text: string) => { stderr += text; } },
    cwd,
  });
  return { code, stdout, stderr };
}
