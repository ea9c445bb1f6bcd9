/**
 * Upgrading the library must never replace a CA: CloudFormation replaces an AWS::ACMPCA::CertificateAuthority
 * when a create-only property (or its logical id) changes, a default written out included. This pins, for
 * every CA of the examples, its logical id and the create-only properties as the library renders them. The
 * fixture was made with the first released version (day one) and is identical today.
 *
 * If this test fails, the change would replace every deployed CA of that kind on upgrade: render the
 * property as before instead. Never update the fixture to make the test pass.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CA_CREATE_ONLY_PROPERTIES } from '../../src/private/contracts/aws-strings';
import { TempExample, synthesizeAllExamplesToTemp } from '../support/synth';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'example-ca-create-only-properties.json');

let examples: TempExample[];

beforeAll(() => {
  examples = synthesizeAllExamplesToTemp();
});

afterAll(() => {
  examples?.forEach((e) => e.cleanup());
});

function rendered(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const example of examples) {
    for (const stack of example.assembly.stacks) {
      for (const [logicalId, resource] of Object.entries<{ Type: string; Properties: Record<string, unknown> }>(stack.template.Resources)) {
        if (resource.Type !== 'AWS::ACMPCA::CertificateAuthority') continue;
        out[`${example.example.name}/${stack.stackName}/${logicalId}`] = Object.fromEntries(CA_CREATE_ONLY_PROPERTIES
          .filter((name) => resource.Properties[name] !== undefined)
          .map((name) => [name, resource.Properties[name]]));
      }
    }
  }
  return out;
}

test('every example CA keeps its logical id and create-only properties, as the first version rendered them', () => {
  const pinned = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  expect(rendered()).toEqual(pinned);
});

test('the pins cover every CA of both examples', () => {
  const keys = Object.keys(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')));
  expect(keys.filter((k) => k.startsWith('quick-start/'))).toHaveLength(2);
  expect(keys.filter((k) => k.startsWith('organization/'))).toHaveLength(5);
});
