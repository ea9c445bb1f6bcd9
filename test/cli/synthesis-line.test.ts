// The one line a PkiReport prints on stderr at synthesis, saying where the report went and how the checklist came
// out: only when the CDK CLI runs the app (it sets CDK_OUTDIR, which App reads), so unit tests stay quiet.
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp, tempDirs } from './apps';

const tempDir = tempDirs('cdk-pki-line-');
const ENV = cxapi.OUTDIR_ENV;

/** The lines starting `cdk-pki:` that synthesizing the app writes to stderr. */
function linesOfSynthesis(synth: () => void): string[] {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
    written.push(String(chunk));
    return true;
  });
  try {
    synth();
  } finally {
    spy.mockRestore();
  }
  return written.join('').split('\n').filter((l) => l.startsWith('cdk-pki:'));
}

/** Runs `fn` with CDK_OUTDIR set to `value` (or unset), as the CDK CLI does for the app. */
function withOutdirEnv<T>(value: string | undefined, fn: () => T): T {
  const saved = process.env[ENV];
  if (value === undefined) delete process.env[ENV];
  else process.env[ENV] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  }
}

test('App takes its output directory from CDK_OUTDIR, which the CDK CLI sets for the app', () => {
  expect(ENV).toBe('CDK_OUTDIR');
  const outdir = tempDir();
  expect(withOutdirEnv(outdir, () => new App({ autoSynth: false }).outdir)).toBe(outdir);
});

test('run by the CDK CLI (CDK_OUTDIR set), the report prints one line: where it is, the counts and the command', () => {
  const project = tempDir();
  const outdir = path.join(project, 'cdk.out');
  const cwd = jest.spyOn(process, 'cwd').mockReturnValue(project);
  try {
    const lines = withOutdirEnv(outdir, () => linesOfSynthesis(() => buildApp('warn', outdir).synth()));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^cdk-pki: PKI report written to cdk\.out\/pki-report\.md \(\d+ PASS, 1 WARN, 0 FAIL; npx cdk-pki check\)$/);
  } finally {
    cwd.mockRestore();
  }
});

test('an assembly directory other than cdk.out is in the line and in the command, absolute outside the working directory', () => {
  const outdir = path.join(tempDir(), 'assembly');
  const lines = withOutdirEnv(outdir, () => linesOfSynthesis(() => buildApp('fail', outdir).synth()));
  expect(lines).toEqual([expect.stringMatching(
    new RegExp(`^cdk-pki: PKI report written to ${outdir}/pki-report\\.md \\(\\d+ PASS, \\d+ WARN, 1 FAIL; npx cdk-pki check -o ${outdir}\\)$`),
  )]);
});

test('synthesized otherwise (CDK_OUTDIR unset, as in this test), the report prints nothing', () => {
  const outdir = tempDir();
  expect(withOutdirEnv(undefined, () => linesOfSynthesis(() => buildApp('pass', outdir).synth()))).toEqual([]);
});

test('quiet: true prints nothing under the CDK CLI either', () => {
  const outdir = tempDir();
  expect(withOutdirEnv(outdir, () => linesOfSynthesis(() => buildApp('pass', outdir, { quiet: true }).synth()))).toEqual([]);
});
