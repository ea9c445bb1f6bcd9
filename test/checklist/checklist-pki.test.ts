// The AWS Private CA items of the checklist, each rule both ways: a compliant app has no finding of it, a
// non-compliant one has the finding, with its message, as an annotation on the construct it is about.
import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PkiFindingLevel, PkiRule } from '../../src/checklist/pki-checks';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { ParentCa } from '../../src/hierarchy/parent-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { Validity } from '../../src/hierarchy/validity';
import { CrlBucket } from '../../src/revocation/crl-bucket';
import { CaResourcePolicy } from '../../src/sharing/ca-resource-policy';
import { RamCaShare } from '../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import {
  Holder, ISSUING_ENV, ROOT_ENV, WORKLOAD_ENV, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked, twoAccountPki,
  ALL_CHECKED, ruleOverChangedModel,
} from '../support/checklist';

describe('a compliant organization', () => {
  test('has no finding at all', () => {
    const { app, rootStack: stack } = twoAccountPki();
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    const checked = synthChecked(app, ALL_CHECKED);
    expect(checked.findings).toEqual([]);
    expect(checked.messages.filter((m) => m.text.includes('cdk-pki:'))).toEqual([]);
  });
});

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

  test('fails when the root\'s signer role may use an end-entity template', () => {
    const app = new App();
    const { root } = rootStack(app, 'Root', { trustedAccountIds: [ISSUING_ENV.account] });
    // RootCaAccount refuses end-entity templates for its signer role; an escape hatch can still widen it.
    (root.node.findChild('Signer').node.defaultChild as iam.CfnRole).policies = [{
      policyName: 'Widened',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'acm-pca:IssueCertificate',
          Resource: root.resource.attrArn,
          Condition: { StringEquals: { 'acm-pca:TemplateArn': CertificateTemplate.END_ENTITY.templateArn } },
        }],
      },
    }];
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(finding.path).toBe(root.node.findChild('Signer').node.path);
    expect(finding.message).toContain('IAM role \'Root/RootCa/Signer\' (cdk-pki-signer-test-root) may issue EndEntityCertificate/V1 from root CA');
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

describe('cdk-pki:RootAccountShared', () => {
  const ID = PkiRule.ROOT_ACCOUNT_SHARED.id;

  test('passes when the root\'s account holds only the root and what supports it', () => {
    const { app, root, rootStack: stack } = twoAccountPki();
    new ExpiryAlarms(stack, 'ExpiryAlarms', { certificateAuthorities: [root] });
    new CrlBucket(stack, 'ExtraCrlBucket');
    new cloudtrail.Trail(stack, 'Trail');
    new iam.Role(stack, 'Administrators', { assumedBy: new iam.AccountRootPrincipal() });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('warns about an issuing CA in the root\'s stack', () => {
    const app = new App();
    const { root } = rootStack(app);
    new IssuingCa(Stack.of(root), 'IssuingCa', { parent: root, subject: { commonName: 'Same stack' } });
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, ID);
    expect(finding.path).toBe('Root/IssuingCa');
    expect(finding.message).toContain('IssuingCa \'Root/IssuingCa\' (test/issuingca) is in account 111111111111, with root CA RootCaAccount \'Root/RootCa\'');
    expect(finding.message).toContain('put this CA in another account');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'warning', path: 'Root/IssuingCa' })]);
  });

  test('warns about an issuing CA in another stack of the root\'s account', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'SameAccount', {}, { account: ROOT_ENV.account, region: 'eu-west-1' });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID).map((f) => f.path)).toEqual(['SameAccount/IssuingCa']);
  });

  test('warns about workloads in the root\'s account, once per top-level construct', () => {
    const { app, rootStack: stack } = twoAccountPki();
    const holder = new Holder(stack, 'Service');
    new lambda.Function(holder, 'Function', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=()=>1') });
    new s3.Bucket(holder, 'Data');
    const [finding, ...others] = findingsOf(synthChecked(app, ALL_CHECKED), ID);
    expect(others).toEqual([]);
    expect(finding.path).toBe('Root/Service');
    expect(finding.message).toContain('\'Root/Service\' puts AWS::Lambda::Function into account 111111111111, the account of root CA');
  });

  test('can be acknowledged with a reason, which the finding keeps', () => {
    const app = new App();
    const { root } = rootStack(app);
    const ca = new IssuingCa(Stack.of(root), 'IssuingCa', { parent: root, subject: { commonName: 'Same stack' } });
    Validations.of(ca).acknowledge({ id: ID, reason: 'a sandbox account with one stack' });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, ID)).toEqual([expect.objectContaining({ acknowledged: true, acknowledgementReason: 'a sandbox account with one stack' })]);
    expect(annotationsOf(checked, ID)).toEqual([]);
  });

  test('can be acknowledged with Annotations.acknowledgeWarning', () => {
    const app = new App();
    const { root } = rootStack(app);
    new IssuingCa(Stack.of(root), 'IssuingCa', { parent: root, subject: { commonName: 'Same stack' } });
    Annotations.of(Stack.of(root)).acknowledgeWarning(ID, 'one-account sandbox');
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, ID)).toEqual([expect.objectContaining({ acknowledged: true })]);
    expect(annotationsOf(checked, ID)).toEqual([]);
  });

  test('reports nothing when the rule is disabled', () => {
    const app = new App();
    const { root } = rootStack(app);
    new IssuingCa(Stack.of(root), 'IssuingCa', { parent: root, subject: { commonName: 'Same stack' } });
    expect(findingsOf(synthChecked(app, { ...ALL_CHECKED, disabledRules: [PkiRule.ROOT_ACCOUNT_SHARED] }), ID)).toEqual([]);
  });
});
