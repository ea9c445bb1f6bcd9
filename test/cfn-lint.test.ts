// Lints every template the examples synthesize with cfn-lint (CloudFormation's registry schemas) and
// the repository's custom rules for AWS::ACMPCA::CertificateAuthority enums, which the schema types as
// plain strings. cfn-lint is a Python tool: `pip install cfn-lint`. Without it this file is skipped
// with a warning, except under CI, where it fails.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LINT_TIMEOUT_MS, cfnLint, cfnLintForTests } from './support/cfn-lint';
import { TempExample, synthesizeAllExamplesToTemp } from './support/synth';

const executable = cfnLintForTests('the synthesized templates');
const lintTest = executable ? test : test.skip;

describe('cfn-lint', () => {
  let examples: TempExample[] = [];

  beforeAll(() => {
    if (executable) {
      examples = synthesizeAllExamplesToTemp();
    }
  });

  afterAll(() => examples.forEach((e) => e.cleanup()));

  lintTest('finds nothing in any template of any example, StackSet member templates included', () => {
    const templates = examples.flatMap((e) => [...e.templateFiles, ...e.assetTemplateFiles]);
    expect(templates.length).toBeGreaterThanOrEqual(6);
    expect(examples.flatMap((e) => e.assetTemplateFiles).some((f) => /MemberStack[0-9A-F]{8}\.template\.json$/.test(f))).toBe(true);
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
