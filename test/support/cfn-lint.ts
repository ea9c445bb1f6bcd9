// cfn-lint (CloudFormation's registry schemas) with the repository's custom rules for the
// AWS::ACMPCA::CertificateAuthority enums, which the schema types as plain strings. cfn-lint is a Python
// tool (`pip install cfn-lint`): without it, a lint test is skipped with a loud warning, except under CI,
// where it fails.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export const RULES_FILE = path.join(__dirname, '..', '..', 'cfn-lint', 'pca-rules.txt');
/** aws-cdk-lib gives every lambda.Function a DependsOn on its role that a GetAtt already implies. */
export const IGNORED_CHECKS = 'W3005';
export const LINT_TIMEOUT_MS = 120_000;

/** The cfn-lint executable: on PATH (pyenv shim), else where the machine image installs it. */
export function findCfnLint(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v cfn-lint'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [onPath, path.join(os.homedir(), '.pyenv', 'versions', '3.11.7', 'bin', 'cfn-lint')];
  // A pyenv shim can exist while the active Python lacks cfn-lint; only a command that runs counts.
  return candidates.find((c) => c !== '' && spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
}

export interface LintResult {
  readonly status: number | null;
  readonly output: string;
}

/** Lints the templates in one cfn-lint run (exit code: bit mask, 2 errors, 4 warnings). */
export function cfnLint(executable: string, templates: string[], rulesFile: string = RULES_FILE): LintResult {
  const result = spawnSync(executable, ['--ignore-checks', IGNORED_CHECKS, '--custom-rules', rulesFile, '--', ...templates], {
    encoding: 'utf8',
    timeout: LINT_TIMEOUT_MS - 10_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`cfn-lint (${executable}) could not run: ${result.error.message}`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/**
 * The cfn-lint executable for a test file, or undefined when it is missing: then a failing test is
 * registered under CI, and a loud warning is printed elsewhere. Use `executable ? test : test.skip`.
 */
export function cfnLintForTests(what: string): string | undefined {
  const executable = findCfnLint();
  if (!executable) {
    const missing = `cfn-lint is not installed, so ${what} are NOT checked against CloudFormation's schemas. Install it with \`pip install cfn-lint\`.`;
    if (process.env.CI) {
      test('cfn-lint is installed (required under CI)', () => {
        throw new Error(missing);
      });
    } else {
      console.warn(`\n${'!'.repeat(100)}\n!! SKIPPED cfn-lint: ${missing}\n${'!'.repeat(100)}\n`);
    }
  }
  return executable;
}
