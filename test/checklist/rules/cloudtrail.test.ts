// Checklist item 7 (rules/cloudtrail.ts): CloudTrail records the PKI accounts.
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { findingsOf, synthChecked, twoAccountPki } from '../../support/checklist';

describe('cdk-pki:NoCloudTrail', () => {
  const ID = PkiRule.NO_CLOUDTRAIL.id;

  test('warns for every account with a CA and no trail', () => {
    const { app } = twoAccountPki();
    const findings = findingsOf(synthChecked(app), ID);
    expect(findings.map((f) => f.path)).toEqual(['Issuing/IssuingCa', 'Root/RootCa']);
    expect(findings[1].message).toContain('no CloudTrail trail of the app records account 111111111111 (us-east-1), where RootCaAccount \'Root/RootCa\' (test/root) is');
    expect(findings[1].message).toContain('set cloudTrailElsewhere: true');
  });

  test('passes when each account has a trail, and warns only for the account without one', () => {
    const { app, rootStack: stack } = twoAccountPki();
    new cloudtrail.Trail(stack, 'Trail');
    expect(findingsOf(synthChecked(app), ID).map((f) => f.path)).toEqual(['Issuing/IssuingCa']);
  });

  test('passes with an organization trail anywhere in the app', () => {
    const { app, rootStack: stack } = twoAccountPki();
    new cloudtrail.Trail(stack, 'Trail', { isOrganizationTrail: true });
    expect(findingsOf(synthChecked(app), ID)).toEqual([]);
  });

  test('passes when the checks are told a trail exists elsewhere', () => {
    const { app } = twoAccountPki();
    expect(findingsOf(synthChecked(app, { cloudTrailElsewhere: true }), ID)).toEqual([]);
  });
});
