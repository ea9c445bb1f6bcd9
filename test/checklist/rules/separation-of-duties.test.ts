// Checklist item 4 (rules/separation-of-duties.ts): CA administration and certificate issuance are separate duties.
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { IssuingCa } from '../../../src/hierarchy/issuing-ca';
import { Validity } from '../../../src/hierarchy/validity';
import { ALL_CHECKED, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked, twoAccountPki } from '../../support/checklist';

describe('cdk-pki:AdminAndIssuer', () => {
  const ID = PkiRule.ADMIN_AND_ISSUER.id;

  test('passes when administration and issuance go to different roles', () => {
    const { app, ca } = twoAccountPki();
    ca.grantAdmin(new iam.Role(Stack.of(ca), 'Admin', { assumedBy: new iam.AccountRootPrincipal() }));
    ca.grantIssue(new iam.Role(Stack.of(ca), 'Issuer', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('warns about one role that administers the CA and issues from it', () => {
    const { app, ca } = twoAccountPki();
    const role = new iam.Role(Stack.of(ca), 'Both', { assumedBy: new iam.AccountRootPrincipal() });
    ca.grantAdmin(role);
    ca.grantIssue(role);
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, ID);
    expect(finding.path).toBe('Issuing/Both');
    expect(finding.message).toContain('IAM role \'Issuing/Both\' may both administer IssuingCa \'Issuing/IssuingCa\' (test/issuingca) (acm-pca:CreateCertificateAuthorityAuditReport');
    expect(finding.message).toContain('and issue EndEntityCertificate/V1, EndEntityClientAuthCertificate/V1, EndEntityServerAuthCertificate/V1 from it');
    expect(finding.message).toContain('ca.grantAdmin(adminRole)');
    expect(annotationsOf(checked, ID)).toHaveLength(1);
  });

  test('warns about a user with the AWSPrivateCAFullAccess managed policy', () => {
    const { app, ca } = twoAccountPki();
    new iam.User(Stack.of(ca), 'Operator', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSPrivateCAFullAccess')] });
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    // The managed policy covers every CA: the issuing CA, and the root in another account (as far as this policy goes).
    expect(findings.map((f) => f.path)).toEqual(['Issuing/Operator', 'Issuing/Operator']);
    expect(findings.map((f) => /administer (\w+) /.exec(f.message)?.[1]).sort()).toEqual(['IssuingCa', 'RootCaAccount']);
    expect(findings[0].message).toContain('and issue any template from it');
  });

  test('does not count the signing handler, which installs a CA certificate and signs only subordinate CAs', () => {
    const app = new App();
    const { root } = rootStack(app);
    const intermediate = issuingStack(app, root, 'Intermediate', { validity: Validity.years(5) });
    new IssuingCa(intermediate.stack, 'Leaf', { parent: intermediate.ca, subject: { commonName: 'Leaf' }, validity: Validity.years(2) });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });
});
