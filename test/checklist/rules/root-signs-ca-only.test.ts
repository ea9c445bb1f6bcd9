// Checklist item 1 (rules/root-signs-ca-only.ts): nothing of the app issues end-entity certificates from a root CA.
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { CertificateTemplate } from '../../../src/hierarchy/certificate-template';
import { CaResourcePolicy } from '../../../src/sharing/ca-resource-policy';
import { RamCaShare } from '../../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../../src/sharing/share-permission';
import { ALL_CHECKED, ROOT_ENV, WORKLOAD_ENV, annotationsOf, findingsOf, rootStack, synthChecked, twoAccountPki } from '../../support/checklist';

describe('cdk-pki:RootSignsEndEntity', () => {
  const ID = PkiRule.ROOT_SIGNS_END_ENTITY.id;

  test('passes when ACM private certificates come from the issuing CA', () => {
    const { app, ca } = twoAccountPki();
    new acm.PrivateCertificate(Stack.of(ca), 'Certificate', { domainName: 'service.example.internal', certificateAuthority: ca });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('fails for an ACM private certificate from the root', () => {
    const { app, root } = twoAccountPki();
    new acm.PrivateCertificate(Stack.of(root), 'Certificate', { domainName: 'service.example.internal', certificateAuthority: root });
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, ID);
    expect(finding).toMatchObject({ level: PkiFindingLevel.ERROR, path: 'Root/Certificate', acknowledged: false });
    expect(finding.message).toContain('ACM certificate service.example.internal (\'Root/Certificate\') is issued by root CA RootCaAccount \'Root/RootCa\' (test/root)');
    expect(finding.message).toContain('issue end-entity certificates from an IssuingCa under it');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'error', path: 'Root/Certificate' })]);
  });

  test('passes for a role that may issue only subordinate CA certificates from the root', () => {
    const { app, root } = twoAccountPki();
    const role = new iam.Role(Stack.of(root), 'Signer', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [root.certificateAuthorityArn],
      conditions: { StringEquals: { 'acm-pca:TemplateArn': CertificateTemplate.subordinateCa(0).templateArn } },
    }));
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('fails for a role that may issue any template from the root, naming the role and what it may issue', () => {
    const { app, root } = twoAccountPki();
    const role = new iam.Role(Stack.of(root), 'Issuer', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['acm-pca:IssueCertificate'], resources: [root.certificateAuthorityArn] }));
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe('Root/Issuer');
    expect(finding.message).toContain('IAM role \'Root/Issuer\' may issue any template from root CA RootCaAccount \'Root/RootCa\'');
    expect(finding.message).toContain('condition acm-pca:TemplateArn');
  });

  test('fails for a role in another stack whose policy names the root through a pattern of every CA', () => {
    const { app, ca } = twoAccountPki();
    const role = new iam.Role(Stack.of(ca), 'Wildcard', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['acm-pca:*'], resources: ['arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/*'] }));
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID).map((f) => f.path)).toEqual(['Issuing/Wildcard']);
  });

  test('fails when the root\'s signing authority role may use an end-entity template', () => {
    const { app, root } = twoAccountPki();
    // The authority's role is allowed the declared subordinates' templates only; an escape hatch can still widen it.
    const role = Stack.of(root).node.findChild('CdkPkiAuthority-test').node.findChild('Handler').node.findChild('Role') as iam.Role;
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [root.resource.attrArn],
      conditions: { StringEquals: { 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.templateArn } },
    }));
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe('Root/CdkPkiAuthority-test/Handler/Role');
    expect(finding.message).toContain('IAM role \'Root/CdkPkiAuthority-test/Handler/Role\' (cdk-pki-authority-test-us-east-1) may issue EndEntityCertificate/V1, SubordinateCACertificate_PathLen0/V1 from root CA');
  });

  test('passes for the root\'s signing authority as the library makes it: the declared subordinate templates only', () => {
    const { app } = twoAccountPki();
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('fails for an ACM permission on the root', () => {
    const { app, root } = twoAccountPki();
    new acmpca.CfnPermission(Stack.of(root), 'AcmPermission', {
      certificateAuthorityArn: root.certificateAuthorityArn,
      principal: 'acm.amazonaws.com',
      actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
    });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.message).toContain('AWS::ACMPCA::Permission \'Root/AcmPermission\' lets ACM issue and renew end-entity certificates from root CA');
  });

  test('fails for a RAM share of the root with an end-entity permission, and passes with the subordinate permission', () => {
    const app = new App();
    const { root } = rootStack(app);
    new RamCaShare(Stack.of(root), 'EndEntityShare', {
      certificateAuthority: root, principals: [SharePrincipal.account(WORKLOAD_ENV.account)], allowRootCaSharing: true,
    });
    new RamCaShare(Stack.of(root), 'SubordinateShare', {
      certificateAuthority: root,
      principals: [SharePrincipal.account(WORKLOAD_ENV.account)],
      allowRootCaSharing: true,
      permission: SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
    });
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(findings.map((f) => f.path)).toEqual(['Root/EndEntityShare']);
    expect(findings[0].message).toContain('RAM share \'Root/EndEntityShare\' lets 333333333333 issue EndEntityCertificate/V1 from root CA');
  });

  test('fails for a CA resource policy on the root that lets another account issue end-entity certificates', () => {
    const app = new App();
    const { root } = rootStack(app);
    new CaResourcePolicy(Stack.of(root), 'Policy', {
      certificateAuthority: root, allowRootCaSharing: true, grants: [{ principals: [SharePrincipal.account(WORKLOAD_ENV.account)] }],
    });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.message).toContain('CA resource policy \'Root/Policy\' lets 333333333333 issue EndEntityCertificate/V1 from root CA');
  });

  test('fails for an AWS::ACMPCA::Certificate issued by a raw root CA with the default (end-entity) template', () => {
    const app = new App();
    const stack = new Stack(app, 'Raw', { env: ROOT_ENV });
    const raw = new acmpca.CfnCertificateAuthority(stack, 'Root', {
      type: 'ROOT', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: 'Raw Root' },
    });
    new acmpca.CfnCertificate(stack, 'Leaf', {
      certificateAuthorityArn: raw.attrArn, certificateSigningRequest: 'csr', signingAlgorithm: 'SHA384WITHECDSA', validity: { type: 'DAYS', value: 30 },
    });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe('Raw/Leaf');
    expect(finding.message).toContain('is issued with EndEntityCertificate/V1 by root CA AWS::ACMPCA::CertificateAuthority \'Raw/Root\'');
  });
});
