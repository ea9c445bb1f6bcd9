// Lints every template the examples synthesize with cfn-lint (CloudFormation's registry schemas) and
// the repository's custom rules for AWS::ACMPCA::CertificateAuthority enums, which the schema types as
// plain strings. cfn-lint is a Python tool: `pip install cfn-lint`. Without it this file is skipped
// with a warning, except under CI, where it fails.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TempExample, synthesizeAllExamplesToTemp } from './support/synth';

const RULES_FILE = path.join(__dirname, '..', 'cfn-lint', 'pca-rules.txt');
/** aws-cdk-lib gives every lambda.Function a DependsOn on its role that a GetAtt already implies. */
const IGNORED_CHECKS = 'W3005';
const LINT_TIMEOUT_MS = 120_000;

/** The cfn-lint executable: on PATH (pyenv shim), else where the machine image installs it. */
function findCfnLint(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v cfn-lint'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [onPath, path.join(os.homedir(), '.pyenv', 'versions', '3.11.7', 'bin', 'cfn-lint')];
  // A pyenv shim can exist while the active Python lacks cfn-lint; only a command that runs counts.
  return candidates.find((c) => c !== '' && spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
}

interface LintResult {
  readonly status: number | null;
  readonly output: string;
}

function cfnLint(executable: string, templates: string[]): LintResult {
  const result = spawnSync(executable, ['--ignore-checks', IGNORED_CHECKS, '--custom-rules', RULES_FILE, '--', ...templates], {
    encoding: 'utf8',
    timeout: LINT_TIMEOUT_MS - 10_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`cfn-lint (${executable}) could not run: ${result.error.message}`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

const executable = findCfnLint();
const MISSING = 'cfn-lint is not installed, so the synthesized templates are NOT checked against CloudFormation\'s schemas. ' +
  'Install it with `pip install cfn-lint`.';

if (!executable) {
  if (process.env.CI) {
    test('cfn-lint is installed (required under CI)', () => {
      throw new Error(MISSING);
    });
  } else {
    console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED test/cfn-lint.test.ts: ${MISSING}\n${'!'.repeat(100)}\n`);
  }
}

const lintTest = executable ? test : test.skip;

describe('cfn-lint', () => {
  let examples: TempExample[] = [];

  beforeAll(() => {
    if (executable) {
      examples = synthesizeAllExamplesToTemp();
    }
  });

  afterAll(() => examples.forEach((e) => e.cleanup()));

  lintTest('finds nothing in any template of any example', () => {
    const templates = examples.flatMap((e) => e.templateFiles);
    expect(templates.length).toBeGreaterThanOrEqual(6);
    // One invocation for all templates: cfn-lint's start-up (loading the schemas) dominates.
    const result = cfnLint(executable!, templates);
    if (result.status !== 0) {
      throw new Error(`cfn-lint exited with ${result.status} (bit mask: 2 errors, 4 warnings) on ${templates.length} templates:\n${result.output}`);
    }
  }, LINT_TIMEOUT_MS);

  lintTest('loads the custom rules: wrong ACM PCA enum values are reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-cfn-lint-'));
    try {
      const ca = (type: string, keyAlgorithm: string, signingAlgorithm: string) => ({
        Type: 'AWS::ACMPCA::CertificateAuthority',
        Properties: { Type: type, KeyAlgorithm: keyAlgorithm, SigningAlgorithm: signingAlgorithm, Subject: { CommonName: 'Test CA' } },
      });
      const file = path.join(dir, 'bad.template.json');
      fs.writeFileSync(file, JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          WeakKey: ca('ROOT', 'RSA_1024', 'SHA256WITHRSA'),
          WrongSigning: ca('ROOT', 'RSA_2048', 'SHA1WITHRSA'),
          WrongType: ca('INTERMEDIATE', 'EC_secp384r1', 'SHA384WITHECDSA'),
        },
      }, undefined, 2));

      const result = cfnLint(executable!, [file]);

      // Exit status is a bit mask: 2 errors, 4 warnings.
      expect([2, 6]).toContain(result.status);
      expect(result.output).toContain('KeyAlgorithm must be a valid ACM PCA KeyAlgorithm');
      expect(result.output).toContain('SigningAlgorithm must be a valid ACM PCA SigningAlgorithm');
      expect(result.output).toContain('Type must be ROOT or SUBORDINATE');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, LINT_TIMEOUT_MS);
});
