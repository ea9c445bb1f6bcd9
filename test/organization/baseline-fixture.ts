/** The member baseline built and synthesized into a temporary directory, with its templates read back. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { PkiMemberBaseline, PkiMemberBaselineProps } from '../../src';

export const ACCOUNT = '123456789012';
export const ENV = { account: ACCOUNT, region: 'us-east-1' };
export const ORG = 'o-abcdef1234';
export const OU = 'ou-ab12-cdefgh34';
export const REGIONS = ['us-east-1', 'eu-west-1'];

export interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly baseline: PkiMemberBaseline;
  readonly outdir: string;
  readonly memberFile: string;
  template(file: string): any;
}

const dirs: string[] = [];
/** Removes the directories of the builds of this test file (afterAll). */
export function removeBuilds(): void {
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
}

export function build(props: Partial<PkiMemberBaselineProps> = {}): Built {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-baseline-'));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'PkiOrg', { env: ENV });
  const baseline = new PkiMemberBaseline(stack, 'Baseline', { organizationId: ORG, organizationalUnits: [OU], regions: REGIONS, ...props });
  app.synth();
  const memberFile = fs.readdirSync(outdir).find((f) => /MemberStack[0-9A-F]{8}\.template\.json$/.test(f))!;
  return { app, stack, baseline, outdir, memberFile, template: (file) => JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8')) };
}

export const resourcesOf = (template: any, type: string) =>
  Object.entries(template.Resources as Record<string, any>).filter(([, r]) => r.Type === type);

