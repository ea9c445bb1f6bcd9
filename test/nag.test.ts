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
import { NagFinding, awsSolutionsFindings, describeFindings } from './support/nag';
import { ExampleName, TempExample, synthesizeExampleToTemp } from './support/synth';

const EXAMPLE_NAMES: ExampleName[] = ['quick-start', 'organization'];
const findingsByExample = new Map<ExampleName, NagFinding[]>();
const synthesized: TempExample[] = [];

beforeAll(() => {
  for (const name of EXAMPLE_NAMES) {
    const example = synthesizeExampleToTemp(name);
    synthesized.push(example);
    findingsByExample.set(name, awsSolutionsFindings(example.app));
  }
});

afterAll(() => synthesized.forEach((e) => e.cleanup()));

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
  const rules = awsSolutionsFindings(app).map((f) => f.rule);
  expect(rules).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-IAM4/)]));
});
