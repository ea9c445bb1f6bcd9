// The AWS Private CA items of the checklist, continued (separation of duties, revocation, validity, CloudTrail,
// the root-CA-disabled rule) and the PkiChecks Aspect itself: each rule both ways.
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PkiChecks, PkiFindingLevel, PkiRule } from '../../src/checklist/pki-checks';
import { PkiReport } from '../../src/checklist/pki-report';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { CaUsageMode } from '../../src/hierarchy/algorithms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { ParentCa } from '../../src/hierarchy/parent-ca';
import { Validity } from '../../src/hierarchy/validity';
import { CrlBucket } from '../../src/revocation/crl-bucket';
import { Revocation } from '../../src/revocation/revocation';
import {
  ISSUING_ENV, ROOT_ENV, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked, twoAccountPki,
  ALL_CHECKED, ruleOverChangedModel,
} from '../support/checklist';

describe('cdk-pki:AdminAndIssuer', () => {
  const ID = PkiRule.ADMIN_AND_ISSUER.id;

  test('passes when administration and issuance go to different roles', () => {
    const { app, ca } = twoAccountPki();
    ca.grantAdministration(new iam.Role(Stack.of(ca), 'Admin', { assumedBy: new iam.AccountRootPrincipal() }));
    ca.grantIssue(new iam.Role(Stack.of(ca), 'Issuer', { assumedBy: new iam.AccountRootPrincipal() }));
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('warns about one role that administers the CA and issues from it', () => {
    const { app, ca } = twoAccountPki();
    const role = new iam.Role(Stack.of(ca), 'Both', { assumedBy: new iam.AccountRootPrincipal() });
    ca.grantAdministration(role);
    ca.grantIssue(role);
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, ID);
    expect(finding.path).toBe('Issuing/Both');
    expect(finding.message).toContain('IAM role \'Issuing/Both\' may both administer IssuingCa \'Issuing/IssuingCa\' (test/issuingca) (acm-pca:CreateCertificateAuthorityAuditReport');
    expect(finding.message).toContain('and issue EndEntityCertificate/V1, EndEntityClientAuthCertificate/V1, EndEntityServerAuthCertificate/V1 from it');
    expect(finding.message).toContain('ca.grantAdministration(adminRole)');
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

describe('revocation', () => {
  test('passes with CRLs (the default), with OCSP only, and for a short-lived CA without revocation', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Ocsp', { revocation: Revocation.ocsp() });
    issuingStack(app, root, 'ShortLived', { revocation: Revocation.none(), usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE }, { account: '444444444444', region: 'eu-west-1' });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.NO_REVOCATION.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id)).toEqual([]);
  });

  test('warns about a general-purpose CA without CRLs or OCSP', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', { revocation: Revocation.none() });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.NO_REVOCATION.id);
    expect(finding.path).toBe('Issuing/IssuingCa');
    expect(finding.message).toContain('publishes neither CRLs nor OCSP, so revoking a certificate reaches no client; use Revocation.crl()');
  });

  test('errors when a CRL bucket lets public access in', () => {
    const { app, rootStack: stack } = twoAccountPki();
    const bucket = new CrlBucket(stack, 'OpenCrls');
    (bucket.bucket.node.defaultChild as s3.CfnBucket).publicAccessBlockConfiguration = {
      blockPublicAcls: false, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    };
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id);
    expect(finding).toMatchObject({ level: PkiFindingLevel.ERROR, path: 'Root/OpenCrls' });
    expect(finding.message).toContain('does not block all public access on its S3 bucket');
    expect(annotationsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id)).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  test('errors when a raw CA writes its CRLs with the default public ACL, and passes with BUCKET_OWNER_FULL_CONTROL', () => {
    const app = new App();
    const stack = new Stack(app, 'Raw', { env: ISSUING_ENV });
    const crl = (acl?: string) => ({ crlConfiguration: { enabled: true, s3BucketName: 'crls', s3ObjectAcl: acl } });
    for (const [id, acl] of [['Public', undefined], ['Private', 'BUCKET_OWNER_FULL_CONTROL']] as const) {
      new acmpca.CfnCertificateAuthority(stack, id, {
        type: 'SUBORDINATE', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: id }, revocationConfiguration: crl(acl),
      });
    }
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.CRL_BUCKET_PUBLIC.id);
    expect(findings.map((f) => f.path)).toEqual(['Raw/Public']);
    expect(findings[0].message).toContain('writes its CRLs with the object ACL PUBLIC_READ (the default)');
  });
});

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

describe('PkiChecks', () => {
  test('throws when testEnvironmentCertificateThreshold or a domain is not allowed', () => {
    expect(() => new PkiChecks({ testEnvironmentCertificateThreshold: 1 })).toThrow(
      'PkiChecks: testEnvironmentCertificateThreshold 1 is not allowed; use a whole number of at least 2, for example 3');
    expect(() => new PkiChecks({ externallyValidatedDomains: ['not a domain'], transparencyLoggingOptOutDomains: ['also bad!'] })).toThrow(
      /PkiChecks has 2 problems:\n {2}- externallyValidatedDomains has 'not a domain'.*\n {2}- transparencyLoggingOptOutDomains has 'also bad!'/);
  });

  test('lists every rule with its level and checklist item', () => {
    const rules = PkiRule.all();
    expect(rules.map((r) => r.id)).toContain('cdk-pki:RootSignsEndEntity');
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(PkiRule.CLOUDFRONT_CERTIFICATE_REGION.level).toBe(PkiFindingLevel.ERROR);
    expect(PkiRule.NO_CLOUDTRAIL).toMatchObject({ level: PkiFindingLevel.WARNING, checklistItem: 'CloudTrail records the PKI accounts' });
  });

  test('annotates only the constructs under the scope it was applied to, while reading the whole app', () => {
    const app = new App();
    const { root } = rootStack(app);
    const other = new Stack(app, 'Other', { env: ROOT_ENV });
    new IssuingCa(Stack.of(root), 'IssuingCa', { parent: root, subject: { commonName: 'x' } });
    // Another name: two CAs of one hierarchy, account and Region cannot share one.
    new IssuingCa(other, 'IssuingCa', { parent: root, subject: { commonName: 'y' }, caName: 'other' });
    const checks = PkiChecks.applyTo(other, ALL_CHECKED);
    const messages = app.synth().stacks.flatMap((s) => s.messages).filter((m) => String(m.entry.data).includes('cdk-pki:RootAccountShared'));
    expect(messages.map((m) => m.id)).toEqual(['/Other/IssuingCa']);
    expect(checks.findings.filter((f) => f.ruleId === 'cdk-pki:RootAccountShared').map((f) => f.path)).toEqual(['Other/IssuingCa', 'Root/IssuingCa']);
  });

  test('has no findings before synthesis, and the report and the checks agree', () => {
    const { app } = twoAccountPki();
    const report = new PkiReport(app, 'Report');
    expect(report.checks.findings).toEqual([]);
    app.synth();
    expect(report.document.checklist.flatMap((i) => i.findings)).toEqual(report.checks.findings);
  });

  test('reads a CA\'s CRL expiration back in days', () => {
    const app = new App();
    const { root } = rootStack(app, 'Root', { revocation: Revocation.crl({ expiration: Duration.days(3) }) });
    const report = new PkiReport(app, 'Report');
    app.synth();
    const data = JSON.parse(report.document.json);
    expect(data.certificateAuthorities.find((c: { path: string }) => c.path === root.node.path).revocation.crlExpirationDays).toBe(3);
  });
});
