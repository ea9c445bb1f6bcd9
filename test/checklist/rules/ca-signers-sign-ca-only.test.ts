// Checklist item 14 (rules/ca-signers-sign-ca-only.ts): a CA below the root that signs CAs issues no end-entity certificates.
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { Validity } from '../../../src/hierarchy/validity';
import { RamCaShare } from '../../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../../src/sharing/share-permission';
import { ALL_CHECKED, WORKLOAD_ENV, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked } from '../../support/checklist';

const ID = PkiRule.CA_SIGNER_ISSUES_END_ENTITY.id;

/** Root, an intermediate in its own account (with ACM's permission only when asked), and an issuing CA under it. */
function threeLevels(acmRenewalPermission = false) {
  const app = new App();
  const { root } = rootStack(app);
  const intermediate = issuingStack(app, root, 'Intermediate', { caName: 'intermediate', validity: Validity.years(5), acmRenewalPermission },
    { account: '444444444444', region: 'us-east-1' });
  const issuing = issuingStack(app, intermediate.ca, 'Issuing', { validity: Validity.years(2) });
  return { app, intermediate, issuing };
}

describe('cdk-pki:CaSignerIssuesEndEntity', () => {
  test('passes when only the issuing CA at the bottom issues end-entity certificates', () => {
    const { app, issuing } = threeLevels();
    issuing.ca.grantIssue(new iam.Role(issuing.stack, 'Issuer', { assumedBy: new iam.AccountRootPrincipal() }));
    new acm.PrivateCertificate(issuing.stack, 'Certificate', { domainName: 'service.example.internal', certificateAuthority: issuing.ca });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, ID)).toEqual([]);
    const item = PkiRule.CA_SIGNER_ISSUES_END_ENTITY.checklistItem;
    expect(item).toBe('A CA that signs CAs issues no end-entity certificates');
  });

  test('warns about an IAM grant of end-entity templates on an intermediate', () => {
    const { app, intermediate } = threeLevels();
    intermediate.ca.grantIssue(new iam.Role(intermediate.stack, 'Issuer', { assumedBy: new iam.AccountRootPrincipal() }));
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, ID);
    expect(finding).toMatchObject({ level: PkiFindingLevel.WARNING, path: 'Intermediate/Issuer', acknowledged: false });
    expect(finding.message).toContain('IAM role \'Intermediate/Issuer\' may issue EndEntityCertificate/V1');
    expect(finding.message).toContain('from CA IssuingCa \'Intermediate/IssuingCa\' (test/intermediate), which signs CAs (it signs test/issuingca)');
    expect(finding.message).toContain('limit acm-pca:IssueCertificate on this CA to subordinate CA templates');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'warning', path: 'Intermediate/Issuer' })]);
  });

  test('warns about the ACM renewal permission and an ACM certificate on an intermediate', () => {
    const { app, intermediate } = threeLevels(true);
    new acm.PrivateCertificate(intermediate.stack, 'Certificate', { domainName: 'service.example.internal', certificateAuthority: intermediate.ca });
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(findings.map((f) => f.path)).toEqual(['Intermediate/Certificate', expect.stringMatching(/^Intermediate\/IssuingCa\/.*Permission/)]);
    expect(findings[0].message).toContain('ACM certificate service.example.internal (\'Intermediate/Certificate\') is issued by CA');
    expect(findings[1].message).toMatch(/AWS::ACMPCA::Permission 'Intermediate\/IssuingCa\/.*' lets ACM issue and renew end-entity certificates from CA/);
    expect(findings[1].message).toContain('remove the permission (IssuingCa: acmRenewalPermission: false)');
  });

  test('warns about an AWS::ACMPCA::Permission for ACM made outside the library', () => {
    const { app, intermediate } = threeLevels();
    new acmpca.CfnPermission(intermediate.stack, 'AcmPermission', {
      certificateAuthorityArn: intermediate.ca.certificateAuthorityArn,
      principal: 'acm.amazonaws.com',
      actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
    });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe('Intermediate/AcmPermission');
  });

  test('counts a CA that others may ask for subordinate CA certificates as one that signs CAs', () => {
    const app = new App();
    const { ca, stack } = issuingStack(app, rootStack(app).root, 'Issuing', { validity: Validity.years(5) });
    new RamCaShare(stack, 'SubordinateShare', {
      certificateAuthority: ca,
      principals: [SharePrincipal.account(WORKLOAD_ENV.account)],
      permission: SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
    });
    new acm.PrivateCertificate(Stack.of(ca), 'Certificate', { domainName: 'service.example.internal', certificateAuthority: ca });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe('Issuing/Certificate');
    expect(finding.message).toContain('which signs CAs (it may sign subordinate CA certificates)');
  });

  test('leaves roots to cdk-pki:RootSignsEndEntity', () => {
    const app = new App();
    const { root, stack } = rootStack(app);
    issuingStack(app, root);
    new acm.PrivateCertificate(stack, 'Certificate', { domainName: 'service.example.internal', certificateAuthority: root });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, ID)).toEqual([]);
    expect(findingsOf(checked, PkiRule.ROOT_SIGNS_END_ENTITY.id)).toHaveLength(1);
  });
});
