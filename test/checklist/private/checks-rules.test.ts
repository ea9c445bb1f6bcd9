// The evaluator (private/checks-rules.ts): every item of the catalog, in its order, and only its own rules.
import { App } from 'aws-cdk-lib';
import { CHECKLIST_ITEMS, ruleSpec } from '../../../src/checklist/private/checks-catalog';
import { buildModel } from '../../../src/checklist/private/checks-model';
import { CHECKLIST, evaluate } from '../../../src/checklist/private/checks-rules';
import { CheckOptions } from '../../../src/checklist/private/findings';
import { rootStack } from '../../support/checklist';

const OPTIONS: CheckOptions = {
  cloudTrailElsewhere: false,
  externallyValidatedDomains: [],
  transparencyLoggingOptOutDomains: [],
  testEnvironmentCertificateThreshold: 3,
  disabledRules: new Set(),
};

test('runs one item per entry of the catalog, in its order', () => {
  expect(CHECKLIST).toHaveLength(CHECKLIST_ITEMS.length);
  expect(evaluate(buildModel(new App()), OPTIONS).map((i) => i.key)).toEqual(CHECKLIST_ITEMS.map((i) => i.key));
});

test('gives each finding under the item its rule belongs to, and none of a disabled rule', () => {
  const app = new App();
  rootStack(app);
  const items = evaluate(buildModel(app), OPTIONS);
  const findings = items.flatMap((i) => i.findings.map((f) => ({ item: i.key, rule: f.ruleId })));
  expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['cdk-pki:NoCloudTrail', 'cdk-pki:RootCaDisabledRuleMissing']));
  findings.forEach((f) => expect(ruleSpec(f.rule).item).toBe(f.item));
  const disabled = evaluate(buildModel(app), { ...OPTIONS, disabledRules: new Set(['cdk-pki:NoCloudTrail']) });
  expect(disabled.flatMap((i) => i.findings).map((f) => f.ruleId)).not.toContain('cdk-pki:NoCloudTrail');
});
