// Checklist item 3 (rules/root-isolated.ts): the root CA is alone in its account; and how a warning is
// acknowledged or disabled.
import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { CaExpiryMonitor } from '../../../src/expiry/ca-expiry-monitor';
import { CertificateInventory } from '../../../src/expiry/certificate-inventory';
import { ExpiryAlarms } from '../../../src/expiry/expiry-alarms';
import { IssuingCa } from '../../../src/hierarchy/issuing-ca';
import { CrlBucket } from '../../../src/revocation/crl-bucket';
import { ALL_CHECKED, Holder, ROOT_ENV, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked, twoAccountPki } from '../../support/checklist';

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

  test('passes with the parts of ExpiryAlarms used alone in the root\'s account (they watch it; no workload)', () => {
    const { app, root, rootStack: stack } = twoAccountPki();
    new CaExpiryMonitor(stack, 'CaExpiryMonitor', { certificateAuthorities: [root] });
    new CertificateInventory(stack, 'Inventory');
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
