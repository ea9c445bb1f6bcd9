// Checklist item 15 (rules/ca-expiry-watched.ts): every CA of the app is checked by a CaExpiryMonitor, since AWS
// sends no event before a CA certificate expires.
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { CaExpiryMonitor } from '../../../src/expiry/ca-expiry-monitor';
import { CaExpiryReadRole } from '../../../src/expiry/ca-expiry-read-role';
import { ExpiryAlarms } from '../../../src/expiry/expiry-alarms';
import { ALL_CHECKED, ROOT_ENV, annotationsOf, findingsOf, synthChecked, twoAccountPki } from '../../support/checklist';

const ID = PkiRule.CA_EXPIRY_UNWATCHED.id;

describe('cdk-pki:CaExpiryUnwatched', () => {
  test('warns about each CA that no check reads, naming its account and Region', () => {
    const { app } = twoAccountPki();
    const checked = synthChecked(app, ALL_CHECKED);
    const findings = findingsOf(checked, ID);
    expect(findings.map((f) => [f.path, f.level])).toEqual([['Issuing/IssuingCa', PkiFindingLevel.WARNING], ['Root/RootCa', PkiFindingLevel.WARNING]]);
    expect(findings[1].message).toContain('no CaExpiryMonitor checks the certificate of CA RootCaAccount \'Root/RootCa\' (test/root), and AWS sends '
      + 'no event before a CA certificate expires, so account 111111111111 us-east-1 is blind to it');
    expect(findings[1].message).toContain('add an ExpiryAlarms with certificateAuthorities: [this CA]');
    expect(annotationsOf(checked, ID).map((m) => m.path).sort()).toEqual(['Issuing/IssuingCa', 'Root/RootCa']);
  });

  test('passes for CAs named by an ExpiryAlarms or a CaExpiryMonitor of their stack', () => {
    const { app, root, ca, rootStack, issuingStack } = twoAccountPki();
    new CaExpiryMonitor(rootStack, 'CaExpiry', { certificateAuthorities: [root] });
    new ExpiryAlarms(issuingStack, 'ExpiryAlarms', { certificateAuthorities: [ca] });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('passes for a check that discovers the CAs of its account and Region', () => {
    const { app, issuingStack } = twoAccountPki();
    // Another stack of the root's account and Region discovers the root; the issuing stack discovers its own.
    new ExpiryAlarms(new Stack(app, 'Monitoring', { env: ROOT_ENV }), 'ExpiryAlarms', { discoverCertificateAuthorities: true });
    new CaExpiryMonitor(issuingStack, 'CaExpiry', { discoverCertificateAuthorities: true });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('warns when the only discovering check is in another Region of the account', () => {
    const { app, ca, issuingStack } = twoAccountPki();
    new ExpiryAlarms(issuingStack, 'ExpiryAlarms', { certificateAuthorities: [ca] });
    new ExpiryAlarms(new Stack(app, 'Elsewhere', { env: { ...ROOT_ENV, region: 'eu-west-1' } }), 'ExpiryAlarms', { discoverCertificateAuthorities: true });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID).map((f) => f.path)).toEqual(['Root/RootCa']);
  });

  test('passes for a CA read across accounts by a monitoring account\'s ExpiryAlarms', () => {
    const { app, root, ca, issuingStack } = twoAccountPki();
    new ExpiryAlarms(issuingStack, 'ExpiryAlarms', {
      certificateAuthorities: [ca],
      crossAccountCertificateAuthorities: [{
        certificateAuthorityArn: root.certificateAuthorityArn,
        roleArn: CaExpiryReadRole.roleArnOf(ROOT_ENV.account),
      }],
    });
    expect(findingsOf(synthChecked(app, ALL_CHECKED), ID)).toEqual([]);
  });

  test('reads a raw AWS::ACMPCA::CertificateAuthority too, named by its ARN', () => {
    const rawCa = (watch: boolean) => {
      const app = new App();
      const stack = new Stack(app, 'Raw', { env: ROOT_ENV });
      const ca = new acmpca.CfnCertificateAuthority(stack, 'Ca', {
        type: 'ROOT', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: 'Raw' },
      });
      if (watch) {
        new CaExpiryMonitor(stack, 'CaExpiry', {
          certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Imported', ca.attrArn)],
        });
      }
      return findingsOf(synthChecked(app, ALL_CHECKED), ID).map((f) => f.path);
    };
    expect(rawCa(false)).toEqual(['Raw/Ca']);
    expect(rawCa(true)).toEqual([]);
  });
});
