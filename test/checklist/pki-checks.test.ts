// The PkiChecks Aspect: a compliant organization has no finding, the props are checked, every rule is listed,
// and only the constructs under its scope are annotated.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { PkiChecks, PkiFindingLevel, PkiRule } from '../../src/checklist/pki-checks';
import { PkiReport } from '../../src/checklist/pki-report';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { CaExpiryMonitor } from '../../src/expiry/ca-expiry-monitor';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { Revocation } from '../../src/revocation/revocation';
import { ALL_CHECKED, ROOT_ENV, rootStack, synthChecked, twoAccountPki } from '../support/checklist';

describe('a compliant organization', () => {
  test('has no finding at all', () => {
    const { app, root, ca, rootStack: stack, issuingStack } = twoAccountPki();
    new RootCaDisabledRule(stack, 'RootCaDisabled');
    // AWS sends no event before a CA certificate expires: each account checks its CAs.
    new CaExpiryMonitor(stack, 'CaExpiry', { certificateAuthorities: [root] });
    new ExpiryAlarms(issuingStack, 'ExpiryAlarms', { certificateAuthorities: [ca] });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(checked.findings).toEqual([]);
    expect(checked.messages.filter((m) => m.text.includes('cdk-pki:'))).toEqual([]);
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
