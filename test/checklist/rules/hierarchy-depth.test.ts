// Checklist item 2 (rules/hierarchy-depth.ts): two or three levels, five at most.
import { Annotations, App } from 'aws-cdk-lib';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { IssuingCa } from '../../../src/hierarchy/issuing-ca';
import { ParentCa } from '../../../src/hierarchy/parent-ca';
import { RootCaAccount } from '../../../src/hierarchy/root-ca-account';
import { Validity } from '../../../src/hierarchy/validity';
import { ALL_CHECKED, ROOT_ENV, annotationsOf, findingsOf, issuingStack, rootStack, ruleOverChangedModel, synthChecked, twoAccountPki } from '../../support/checklist';

describe('hierarchy depth', () => {
  function chain(levels: number): App {
    const app = new App();
    let parent: RootCaAccount | IssuingCa = rootStack(app).root;
    for (let level = 2; level <= levels; level++) {
      parent = issuingStack(app, parent, `Level${level}`, { validity: Validity.years(12 - 2 * level) }, { account: `${level}`.repeat(12), region: 'eu-west-1' }).ca;
    }
    return app;
  }

  test('passes with three levels', () => {
    const checked = synthChecked(chain(3), ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.HIERARCHY_DEPTH.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.HIERARCHY_TOO_DEEP.id)).toEqual([]);
  });

  test('warns at level four, without repeating the warning the IssuingCa gives itself', () => {
    const checked = synthChecked(chain(4), ALL_CHECKED);
    const [finding] = findingsOf(checked, PkiRule.HIERARCHY_DEPTH.id);
    expect(finding).toMatchObject({ level: PkiFindingLevel.WARNING, path: 'Level4/IssuingCa', acknowledged: false });
    expect(finding.message).toContain('is level 4 of its hierarchy; AWS recommends two or three levels');
    expect(annotationsOf(checked, PkiRule.HIERARCHY_DEPTH.id)).toEqual([]);
    expect(annotationsOf(checked, 'cdk-pki:deepHierarchy').map((m) => m.path)).toEqual(['Level4/IssuingCa']);
  });

  test('counts the IssuingCa\'s own acknowledgement of its depth warning', () => {
    const app = chain(4);
    Annotations.of(app.node.findChild('Level4')).acknowledgeWarning('cdk-pki:deepHierarchy', 'a four-level legacy hierarchy');
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.HIERARCHY_DEPTH.id);
    expect(finding.acknowledged).toBe(true);
  });

  test('errors beyond five levels (IssuingCa refuses them itself; the rule covers what it cannot see)', () => {
    const app = new App();
    const deep = ParentCa.fromAccount({ account: ROOT_ENV.account, region: ROOT_ENV.region, hierarchyName: 'test', caName: 'deep', depth: 5 });
    expect(() => issuingStack(app, deep)).toThrow(/at most 5 levels/);
    // The rule itself, over a model of a six-level CA.
    const { app: app2, ca } = twoAccountPki();
    const messages = ruleOverChangedModel(app2, PkiRule.HIERARCHY_TOO_DEEP.id,
      (cas) => Object.assign(cas.find((c) => c.construct === ca)!, { depth: 6 }));
    expect(messages).toEqual([expect.stringContaining('is level 6 of its hierarchy; AWS Private CA allows at most 5 levels')]);
  });
});
