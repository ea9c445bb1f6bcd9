// Checklist item 8 (rules/root-disabled-when-idle.ts): root CAs are watched by the ACM_PCA_ROOT_CA_DISABLED rule.
import * as config from 'aws-cdk-lib/aws-config';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { RootCaDisabledRule } from '../../../src/checklist/root-ca-disabled-rule';
import { ALL_CHECKED, findingsOf, synthChecked, twoAccountPki } from '../../support/checklist';

describe('the ACM_PCA_ROOT_CA_DISABLED rule', () => {
  test('warns when no rule watches the root\'s account and Region', () => {
    const { app } = twoAccountPki();
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.ROOT_CA_DISABLED_RULE_MISSING.id);
    expect(finding.path).toBe('Root/RootCa');
    expect(finding.message).toContain('no ACM_PCA_ROOT_CA_DISABLED Config rule watches account 111111111111 us-east-1 of root CA');
    expect(finding.message).toContain('add a RootCaDisabledRule to its stack');
  });

  test('passes with a RootCaDisabledRule, which exempts the root', () => {
    const { app, rootStack: stack } = twoAccountPki();
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.ROOT_CA_DISABLED_RULE_MISSING.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.ROOT_CA_DISABLED_RULE_ALWAYS_RED.id)).toEqual([]);
  });

  test('warns about a rule that does not exempt the ACTIVE root, since it would never be compliant', () => {
    const { app, rootStack: stack } = twoAccountPki();
    new config.ManagedRule(stack, 'Plain', { identifier: 'ACM_PCA_ROOT_CA_DISABLED' });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.ROOT_CA_DISABLED_RULE_ALWAYS_RED.id);
    expect(finding.path).toBe('Root/Plain');
    expect(finding.message).toContain('does not exempt root CA RootCaAccount \'Root/RootCa\' (test/root), which RootCaAccount keeps ACTIVE');
  });
});
