// cdk-nag's AwsSolutions pack over both example apps: the library's resources and the examples' own
// must have no finding that is not acknowledged with a reason.
//
// cdk-nag v3 is a policy-validation plugin, not an Aspect, and reads acknowledgements from
// `Validations.of(construct).acknowledge({ id, reason })`. Registered through
// `Validations.of(app).addPlugins(...)`, it needs a CDK that hands it the construct tree
// (IPolicyValidationContext.appConstruct), which aws-cdk-lib 2.257 does not; so the pack runs here through
// its documented direct entry point, `validateScope(app)`, after synthesis.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ExampleName, TempExample, synthesizeExampleToTemp } from './support/synth';

interface Finding {
  readonly rule: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
}

const EXAMPLE_NAMES: ExampleName[] = ['quick-start', 'organization'];
const findingsByExample = new Map<ExampleName, Finding[]>();
const synthesized: TempExample[] = [];

beforeAll(() => {
  for (const name of EXAMPLE_NAMES) {
    const example = synthesizeExampleToTemp(name);
    synthesized.push(example);
    const report = withoutDeprecationFailures(() => new AwsSolutionsChecks().validateScope(example.app));
    findingsByExample.set(name, report.violations.flatMap((v) => v.violatingResources.map((r) => ({
      rule: v.ruleName,
      severity: v.severity ?? 'error',
      path: r.constructPath ?? '(unknown)',
      description: v.description,
    }))));
  }
});

afterAll(() => synthesized.forEach((e) => e.cleanup()));

/**
 * CI's newest-aws-cdk-lib leg sets JSII_DEPRECATED=fail so that a deprecated aws-cdk-lib call of the library fails the
 * suite. cdk-nag's own rules read deprecated attributes (AwsSolutions-EVB1 reads CfnEventBusPolicy's `principal` and
 * `condition`), which would make the rule throw and be reported as an error on our bus policy. The app is synthesized
 * (every call of the library made) before this runs, so only cdk-nag's reads are spared.
 */
function withoutDeprecationFailures<T>(run: () => T): T {
  const mode = process.env.JSII_DEPRECATED;
  process.env.JSII_DEPRECATED = 'quiet';
  try {
    return run();
  } finally {
    if (mode === undefined) delete process.env.JSII_DEPRECATED;
    else process.env.JSII_DEPRECATED = mode;
  }
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `[${f.severity}] ${f.rule} at ${f.path}\n    ${f.description}`).join('\n');
}

test.each(EXAMPLE_NAMES)('AwsSolutions finds no unacknowledged error in the %s example', (name) => {
  const errors = findingsByExample.get(name)!.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`${errors.length} AwsSolutions error(s) in the ${name} example:\n${describeFindings(errors)}`);
  }
});

test.each(EXAMPLE_NAMES)('AwsSolutions finds no unacknowledged warning in the %s example', (name) => {
  const warnings = findingsByExample.get(name)!.filter((f) => f.severity !== 'error');
  if (warnings.length > 0) {
    throw new Error(`${warnings.length} AwsSolutions warning(s) in the ${name} example:\n${describeFindings(warnings)}`);
  }
});

test('the pack really runs: it reports a known finding', () => {
  // A clean result above means something only if the pack, run the same way, reports findings at all.
  const app = new App();
  const stack = new Stack(app, 'NagProbe');
  new iam.Role(stack, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  });
  const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
  expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-IAM4/)]));
});
