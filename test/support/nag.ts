/**
 * cdk-nag's AwsSolutions pack over an app, for the tests: one way to run it, with or without the acknowledgements.
 *
 * cdk-nag's own rules read deprecated aws-cdk-lib attributes (AwsSolutions-EVB1 reads CfnEventBusPolicy's `principal`
 * and `condition`): under CI's JSII_DEPRECATED=fail (the newest aws-cdk-lib leg, where a deprecated call of the library
 * must fail) such a rule would throw and be reported as an error on our resource, and elsewhere it prints a
 * deprecation warning that is not ours. The pack runs after synthesis, every call of the library made, with
 * deprecation messages quiet.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

export interface NagFinding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

function withoutDeprecationMessages<T>(run: () => T): T {
  const mode = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'quiet';
  try {
    return run();
  } finally {
    if (mode === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = mode;
  }
}

/** The AwsSolutions findings over the scope (an app, synthesized), those acknowledged left out unless told otherwise. */
export function awsSolutionsFindings(scope: IConstruct, honourAcknowledgements = true): NagFinding[] {
  const pack = new AwsSolutionsChecks();
  if (!honourAcknowledgements) {
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  const report = withoutDeprecationMessages(() => pack.validateScope(scope));
  return report.violations.flatMap((v) => v.violatingResources.map((r) => ({
    rule: v.ruleName,
    severity: v.severity ?? 'error',
    path: r.constructPath ?? '(unknown)',
    description: v.description,
  })));
}

/** The findings as `<rule> at <path>`, sorted: what a test compares (an empty list, or the ones it expects). */
export function nagFindings(scope: IConstruct, honourAcknowledgements = true): string[] {
  return awsSolutionsFindings(scope, honourAcknowledgements).map((f) => `${f.rule} at ${f.path}`).sort();
}

/** The findings with their severity and description, for a failure message. */
export function describeFindings(findings: NagFinding[]): string {
  return findings.map((f) => `[${f.severity}] ${f.rule} at ${f.path}\n    ${f.description}`).join('\n');
}
