// Checklist item 6 (rules/validity.ts): each CA ends before its parent, with room to renew its children.
import { App } from 'aws-cdk-lib';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { ParentCa } from '../../../src/hierarchy/parent-ca';
import { Validity } from '../../../src/hierarchy/validity';
import { ALL_CHECKED, ROOT_ENV, findingsOf, issuingStack, rootStack, ruleOverChangedModel, synthChecked, twoAccountPki } from '../../support/checklist';

describe('validity', () => {
  test('passes when each CA has at most half of its parent\'s validity', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', { validity: Validity.years(5) });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.PARENT_VALIDITY_MARGIN.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.VALIDITY_EXCEEDS_PARENT.id)).toEqual([]);
  });

  test('warns when a CA has more than half of its parent\'s validity', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', { validity: Validity.years(6) });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.PARENT_VALIDITY_MARGIN.id);
    expect(finding.path).toBe('Issuing/IssuingCa');
    expect(finding.message).toContain('is valid 6 years under test/root (10 years): once it has lived its 6 years, test/root has less than 6 years left');
  });

  test('warns with days too, counting months and years at their shortest', () => {
    const app = new App();
    const { root } = rootStack(app, 'Root', { validity: Validity.days(100) });
    issuingStack(app, root, 'Issuing', { validity: Validity.days(51) });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.PARENT_VALIDITY_MARGIN.id)).toHaveLength(1);
  });

  test('checks a parent outside the app by the validity it was described with', () => {
    const app = new App();
    const parent = ParentCa.fromAccount({ ...ROOT_ENV, hierarchyName: 'other', validity: Validity.years(4) });
    issuingStack(app, parent, 'Issuing', { validity: Validity.years(3) });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.PARENT_VALIDITY_MARGIN.id);
    expect(finding.message).toContain('under other/root (4 years)');
  });

  test('errors when a CA would outlive its parent (IssuingCa refuses it; the rule covers what it cannot see)', () => {
    const { app, ca } = twoAccountPki();
    const messages = ruleOverChangedModel(app, PkiRule.VALIDITY_EXCEEDS_PARENT.id,
      (cas) => Object.assign(cas.find((c) => c.construct === ca)!, { validity: Validity.years(11) }));
    expect(messages).toEqual([expect.stringContaining('is valid 11 years, which does not end before its parent test/root (10 years)')]);
  });
});
