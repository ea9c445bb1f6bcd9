/**
 * Checklist item 9 (rules/ca-removal.ts): the checklist and the PKI report say what happens to each CA when it is
 * removed or replaced, and warn about a root the library would delete.
 */
import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { ChecklistStatus, PkiReport } from '../../../src/checklist/pki-report';
import { findingsOf, issuingStack, rootStack, synthChecked, tempApps } from '../../support/checklist';

const tempApp = tempApps('cdk-pki-removal-');

describe('cdk-pki:RootDeletable', () => {
  test('warns about a root with removalPolicy DESTROY, naming the construct, the restoration period and the fix', () => {
    const app = new App();
    rootStack(app, 'Root', { removalPolicy: RemovalPolicy.DESTROY, restorationPeriod: Duration.days(10) });
    const findings = findingsOf(synthChecked(app), 'cdk-pki:RootDeletable');
    expect(findings).toHaveLength(1);
    expect(findings[0].path).toBe('Root/RootCa');
    expect(findings[0].message).toMatch(/RootCaAccount 'Root\/RootCa' \(test\/root\) has removalPolicy DESTROY: .*restorable for 10 days.*keep RemovalPolicy.RETAIN/);
  });

  test('passes for a root kept on removal (the default), whatever its subordinates do', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', { removalPolicy: RemovalPolicy.DESTROY, revokeOnDelete: true });
    expect(findingsOf(synthChecked(app), 'cdk-pki:RootDeletable')).toEqual([]);
  });
});

describe('the PKI report', () => {
  let report: PkiReport;
  beforeAll(() => {
    const app = tempApp();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Kept');
    issuingStack(app, root, 'Revoked', { revokeOnDelete: true, caName: 'revoked' }, { account: '333333333333', region: 'eu-west-1' });
    issuingStack(app, root, 'Deleted', { removalPolicy: RemovalPolicy.DESTROY, revokeOnDelete: true, caName: 'deleted', restorationPeriod: Duration.days(7) },
      { account: '444444444444', region: 'eu-west-1' });
    report = new PkiReport(app, 'PkiReport', { checks: { cloudTrailElsewhere: true } });
    app.synth();
  });

  test('lists, per CA, its generation and what happens on removal or replacement', () => {
    const markdown = report.document.markdown;
    const row = (name: string) => markdown.split('\n').find((l) => l.startsWith('| ') && l.includes(`**${name}**`))!;
    expect(markdown).toContain('| Generation | On removal or replacement |');
    expect(row('test/root')).toMatch(/\| 1 \| kept \|$/);
    expect(row('test/issuingca')).toMatch(/\| 1 \| kept \|$/);
    expect(row('test/revoked')).toMatch(/\| 1 \| revoked, disabled, kept \|$/);
    expect(row('test/deleted')).toMatch(/\| 1 \| revoked, deleted after 7 days \|$/);
  });

  test('the JSON report carries the same per CA', () => {
    const cas = JSON.parse(report.document.json).certificateAuthorities as Array<{ name: string }>;
    const byName = Object.fromEntries(cas.map((ca) => [ca.name, ca]));
    expect(byName['test/deleted']).toMatchObject({ generation: 1, onRemoval: 'revoked, deleted after 7 days' });
    expect(byName['test/root']).toMatchObject({ generation: 1, onRemoval: 'kept' });
  });

  test('the checklist item passes and notes what it checked', () => {
    const item = report.document.checklist.find((i) => i.title === 'CAs are replaced on purpose and retired by the recommended process')!;
    expect(item.status).toBe(ChecklistStatus.PASS);
    expect(item.notes.join('\n')).toContain('4 CAs of the library guarded against replacement');
    expect(item.notes.join('\n')).toContain('on removal or replacement: 2 kept; 1 revoked, deleted after 7 days; 1 revoked, disabled, kept');
  });
});
