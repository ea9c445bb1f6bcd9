// Checklist item 16 (rules/distinct-ca-names.ts): two CAs of one hierarchy do not share a name, in any account or Region.
import { App } from 'aws-cdk-lib';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { ALL_CHECKED, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked } from '../../support/checklist';

const ID = PkiRule.DUPLICATE_CA_NAME.id;

/** The README's organization: one IssuingCa 'Issuing' per account and Region, by default all named `<hierarchy>/issuing`. */
function issuingPerRegion(caName?: (region: string) => string) {
  const app = new App();
  const { root } = rootStack(app);
  for (const [account, region] of [['222222222222', 'eu-west-1'], ['333333333333', 'ap-southeast-2']]) {
    issuingStack(app, root, `Pki-Issuing-${account}-${region}`, { caName: caName?.(region) }, { account, region });
  }
  return app;
}

describe('cdk-pki:DuplicateCaName', () => {
  test('warns about two CAs of one hierarchy with one name in different accounts and Regions', () => {
    const checked = synthChecked(issuingPerRegion(), ALL_CHECKED);
    const findings = findingsOf(checked, ID);
    expect(findings.map((f) => [f.path, f.level])).toEqual([
      ['Pki-Issuing-222222222222-eu-west-1/IssuingCa', PkiFindingLevel.WARNING],
      ['Pki-Issuing-333333333333-ap-southeast-2/IssuingCa', PkiFindingLevel.WARNING],
    ]);
    expect(findings[0].message).toBe('CA IssuingCa \'Pki-Issuing-222222222222-eu-west-1/IssuingCa\' (test/issuingca) has the name \'test/issuingca\' of '
      + '\'Pki-Issuing-333333333333-ap-southeast-2/IssuingCa\' (account 333333333333 ap-southeast-2), so alarms, reports, tags and '
      + 'SharedCa.fromHierarchy cannot tell them apart; give each CA of hierarchy \'test\' its own caName, for example \'issuingca-eu-west-1\'');
    expect(annotationsOf(checked, ID)).toHaveLength(2);
  });

  test('passes when each CA has its own caName', () => {
    expect(findingsOf(synthChecked(issuingPerRegion((region) => `issuing-${region}`), ALL_CHECKED), ID)).toEqual([]);
  });

  test('warns about two roots of one hierarchy, asking for another hierarchy name', () => {
    const app = new App();
    rootStack(app, 'RootA');
    rootStack(app, 'RootB', {}, { account: '999999999999', region: 'us-east-1' });
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(findings.map((f) => f.path)).toEqual(['RootA/RootCa', 'RootB/RootCa']);
    expect(findings[0].message).toContain('give each root its own hierarchyName instead of \'test\'');
  });
});
