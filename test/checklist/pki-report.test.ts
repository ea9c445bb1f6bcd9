// The PKI report: written next to the templates at synthesis, deterministic, and saying what a reviewer
// needs (diagram, CAs, who may issue, the checklist, the cost with its prices and their date).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PkiRule } from '../../src/checklist/pki-checks';
import { ChecklistStatus, PkiReport, PkiReportProps } from '../../src/checklist/pki-report';
import { RootCaDisabledRule } from '../../src/checklist/root-ca-disabled-rule';
import { CaExpiryMonitor } from '../../src/expiry/ca-expiry-monitor';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { CaUsageMode } from '../../src/hierarchy/algorithms';
import { Revocation } from '../../src/revocation/revocation';
import { RamCaShare } from '../../src/sharing/ram-ca-share';
import { SharePrincipal } from '../../src/sharing/share-permission';
import { ISSUING_ENV, WORKLOAD_ENV, issuingStack, rootStack, tempApps, twoAccountPki } from '../support/checklist';

const tempApp = tempApps('cdk-pki-report-');

/** The two-account PKI with a share, a workload role and a private certificate. */
function organization(props: PkiReportProps = { checks: { cloudTrailElsewhere: true }, timelineStart: '2025-01-01' }) {
  const app = tempApp();
  const { root, stack: rootStackOfApp } = rootStack(app);
  const { ca, stack } = issuingStack(app, root);
  new RootCaDisabledRule(rootStackOfApp, 'RootCaDisabled');
  new RamCaShare(stack, 'Share', { certificateAuthority: ca, principals: [SharePrincipal.account(WORKLOAD_ENV.account)] });
  const workloadRole = new iam.Role(stack, 'Workload', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'), roleName: 'workload' });
  ca.grantIssue(workloadRole);
  new acm.PrivateCertificate(stack, 'Certificate', { domainName: 'service.example.internal', certificateAuthority: ca });
  // Each account checks its CAs' expiry: the root's alone, the issuing account's in an ExpiryAlarms.
  new CaExpiryMonitor(rootStackOfApp, 'CaExpiry', { certificateAuthorities: [root] });
  new ExpiryAlarms(stack, 'ExpiryAlarms', { certificateAuthorities: [ca] });
  const report = new PkiReport(app, 'PkiReport', props);
  return { app, root, ca, report };
}

describe('a synthesized app', () => {
  let report: PkiReport;
  let outdir: string;
  let markdown: string;
  let data: any;

  beforeAll(() => {
    const built = organization();
    report = built.report;
    outdir = built.app.synth().directory;
    markdown = report.document.markdown;
    data = JSON.parse(report.document.json);
  });

  test('has the report next to its templates, as Markdown and JSON', () => {
    expect(report.markdownFile).toBe(path.join(outdir, 'pki-report.md'));
    expect(fs.readFileSync(path.join(outdir, 'pki-report.md'), 'utf8')).toBe(markdown);
    expect(fs.readFileSync(path.join(outdir, 'pki-report.json'), 'utf8')).toBe(report.document.json);
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort()).toEqual(['Issuing.template.json', 'Root.template.json']);
  });

  test('draws accounts, Regions, CAs, signing, shares and issuers in Mermaid', () => {
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(markdown)![1];
    expect(diagram).toMatch(/^flowchart TB/);
    expect(diagram).toContain('subgraph acct_111111111111["Account 111111111111"]');
    expect(diagram).toContain('subgraph acct_222222222222_eu_west_1["eu-west-1"]');
    expect(diagram).toContain('ca1["<b>test/root</b><br/>root CA<br/>EC_secp384r1, 10 years<br/>GENERAL_PURPOSE<br/>revocation: CRL"]');
    expect(diagram).toContain('ca1 -->|"signs (PathLen0)"| ca2');
    expect(diagram).toContain('ca2 -.->|"RAM share: EndEntityCertificate/V1"| principal_333333333333');
    expect(diagram).toMatch(/p\d+_ca2\(\["IAM role workload"\]\)/);
    expect(diagram).toMatch(/p\d+_ca2 -->\|"may issue EndEntityCertificate\/V1, EndEntityClientAuthCertificate\/V1, EndEntityServerAuthCertificate\/V1"\| ca2/);
    expect(diagram).toContain('[/"1 ACM private certificate: service.example.internal"/]');
  });

  test('lists each CA with its key and signing algorithm, validity, usage mode and revocation', () => {
    expect(markdown).toContain('| **test/root** `Root/RootCa` | 111111111111 / us-east-1 | 1 (root) | itself (RootCACertificate/V1) | EC_secp384r1 / SHA384WITHECDSA '
      + '| 10 years | GENERAL_PURPOSE | CRL (complete, 7 days, `Root/CdkPkiCrlBucket`) |');
    expect(data.certificateAuthorities.map((c: any) => [c.name, c.kind, c.level, c.parent, c.signedWith])).toEqual([
      ['test/root', 'root', 1, null, 'RootCACertificate/V1'],
      ['test/issuingca', 'subordinate', 2, 'ca1', 'SubordinateCACertificate_PathLen0/V1'],
    ]);
    expect(data.certificateAuthorities[1]).toMatchObject({
      account: ISSUING_ENV.account,
      keyAlgorithm: 'EC_secp384r1',
      signingAlgorithm: 'SHA384WITHECDSA',
      validity: '3 years',
      usageMode: 'GENERAL_PURPOSE',
      keyStorageSecurityStandard: 'AWS default',
      revocation: { crl: true, crlExpirationDays: 7, crlType: 'COMPLETE', ocsp: false },
    });
  });

  test('says who may issue what, and who may administer', () => {
    const issuers = data.certificateAuthorities[1].issuers.map((i: any) => `${i.via}: ${i.who}: ${i.templates === 'ANY' ? 'ANY' : i.templates.join(' ')}`);
    expect(issuers).toEqual(expect.arrayContaining([
      'IAM: role workload: EndEntityCertificate/V1 EndEntityClientAuthCertificate/V1 EndEntityServerAuthCertificate/V1',
      'RAM share: 333333333333: EndEntityCertificate/V1',
      'ACM certificate: ACM certificate service.example.internal: EndEntityCertificate/V1',
      'ACM service permission: acm.amazonaws.com (this account): EndEntityCertificate/V1',
    ]));
    // The root's signing authority, with the template of its one subordinate in another stack, and nobody else.
    expect(data.certificateAuthorities[0].issuers).toEqual([
      { who: 'role cdk-pki-authority-test-us-east-1', via: 'IAM', templates: ['SubordinateCACertificate_PathLen0/V1'], path: 'Root/CdkPkiAuthority-test/Handler/Role' },
    ]);
    // The signing handler's role has its fixed name now, which the report shows.
    expect(markdown).toContain('| test/issuingca | role cdk-pki-signing-eu-west-1-Issuing | ImportCertificateAuthorityCertificate, UpdateCertificateAuthority |');
  });

  test('has the checklist with a status per item, and links to the AWS guidance', () => {
    expect(report.document.checklist.map((i) => `${i.number} ${i.status}`)).toEqual([
      '1 PASS', '2 PASS', '3 PASS', '4 PASS', '5 PASS', '6 PASS', '7 PASS', '8 PASS', '9 PASS', '10 N/A', '11 N/A', '12 N/A', '13 PASS',
      '14 N/A', '15 PASS', '16 PASS',
    ]);
    expect(markdown).toContain('| 1 | [The root CA signs only CA certificates](https://docs.aws.amazon.com/privateca/latest/userguide/ca-best-practices.html#minimize-root-use) | PASS |');
    expect(data.checklist[6]).toMatchObject({ key: 'cloudtrail', status: 'PASS', notes: [expect.stringContaining('cloudTrailElsewhere')] });
  });

  test('estimates the monthly cost with the prices, their sources and the month they were read', () => {
    expect(data.cost).toMatchObject({ pricesReadOn: '2026-12', source: 'https://aws.amazon.com/private-ca/pricing/', currency: 'USD', monthlyTotal: 805.26 });
    expect(data.cost.lines.map((l: any) => [l.item, l.quantity, l.unitPrice, l.monthly, l.confirmed, l.source])).toEqual([
      ['General-purpose CA', 2, '$400 per CA-month', 800, true, 'https://aws.amazon.com/private-ca/pricing/'],
      // ACM charges an ACM private certificate only when it is first exported.
      ['ACM private certificates, not exported', 1, 'no per-certificate charge unless exported', 0, true, 'https://aws.amazon.com/private-ca/pricing/'],
      // The CRL alarm topics of both stacks and the ExpiryAlarms topic.
      ['KMS keys (encrypted alarm topics)', 3, '$1 per key-month', 3, true, 'https://aws.amazon.com/kms/pricing/'],
      // Two CRL alarms per CA; per CA-expiry check a warning and a critical alarm per CA and an errors alarm.
      ['CloudWatch alarms', 10, '$0.10 per alarm-month', 1, false, 'https://aws.amazon.com/cloudwatch/pricing/'],
      // Per CA-expiry check: one metric per CA and the minimum.
      ['CloudWatch custom metrics (CA days to expiry)', 4, '$0.30 per metric-month', expect.closeTo(1.2, 5), false, 'https://aws.amazon.com/cloudwatch/pricing/'],
      // RootCaDisabledRule and the ExpiryAlarms' expiration rule, daily, on one resource each.
      ['AWS Config rule evaluations (2 rules)', 60, '$0.001 per rule evaluation', 0.06, true, 'https://aws.amazon.com/config/pricing/'],
      ['CloudFront distributions (CRLs)', 2, 'no monthly fee; $0.085 per GB beyond the free tier', 0, true, 'https://aws.amazon.com/cloudfront/pricing/'],
      // Two CA-expiry checks every six hours.
      ['Lambda requests, scheduled (7 functions)', 240, '$0.20 per 1,000,000 requests', expect.closeTo(0.000048, 9), true, 'https://aws.amazon.com/lambda/pricing/'],
      ['SNS topics (alarms and notifications)', 3, 'no monthly fee; $0.50 per 1,000,000 publishes', 0, false, 'https://aws.amazon.com/sns/pricing/'],
    ]);
    expect(markdown).toContain('| **Total** | | | **$805.26** |');
    expect(markdown).toContain('Prices in US dollars (US East and Europe), read in 2026-12 from https://aws.amazon.com/private-ca/pricing/, '
      + 'https://aws.amazon.com/kms/pricing/');
    expect(markdown).toContain('| CloudWatch alarms | 10 | $0.10 per alarm-month (UNCONFIRMED) | $1.00 |');
    expect(data.cost.notes).toEqual(expect.arrayContaining([
      expect.stringContaining('none is assumed exported: set exportedAcmCertificatesPerMonth'),
      expect.stringContaining('assumed to stay within the always-free tier of 1 TB and 10,000,000 requests a month'),
      expect.stringContaining('so the real cost is about $0'),
    ]));
  });

  test('has no date or time but the month the prices were read, and the timeline\'s from its start', () => {
    const [before, timeline, after] = markdown.split(/(?=^## CA certificate timeline$)|(?=^## Checklist$)/m);
    const dates = (text: string) => new Set([...text.matchAll(/\d{4}-\d{2}(-\d{2})?/g)].map((m) => m[0]));
    expect(dates(before + after)).toEqual(new Set(['2026-12']));
    expect([...dates(timeline)].every((d) => d >= '2025-01-01' && d <= '2035-01-01')).toBe(true);
    expect(timeline).toContain('| test/issuingca g1 | automatic, 365 days before the end | 2025-01-01 to 2028-01-01 | 2027-01-01 | 5 |');
    expect(markdown).not.toMatch(/\d{2}:\d{2}:\d{2}/);
  });

  test('summarizes the checklist for a console', () => {
    expect(report.document.summary).toContain('Checklist: 12 pass, 0 warn, 0 fail, 4 n/a; estimated $805.26 per month');
    expect(report.document.summary).toMatch(/^ {4}PASS {3}1\. The root CA signs only CA certificates$/m);
  });
});

test('is the same every time the app is synthesized', () => {
  const first = organization().app;
  const second = organization().app;
  const read = (app: App) => ['pki-report.md', 'pki-report.json'].map((f) => fs.readFileSync(path.join(app.synth().directory, f), 'utf8'));
  expect(read(first)).toEqual(read(second));
});

test('marks open warnings WARN, errors FAIL, and acknowledged warnings PASS with their reason', () => {
  const app = tempApp();
  const { root } = rootStack(app);
  const { ca } = issuingStack(app, root, 'Issuing', { revocation: Revocation.none() });
  new acm.PrivateCertificate(Stack.of(root), 'FromRoot', { domainName: 'bad.example.internal', certificateAuthority: root });
  Validations.of(ca).acknowledge({ id: PkiRule.NO_REVOCATION.id, reason: 'test CA, thrown away daily' });
  const report = new PkiReport(app, 'PkiReport');
  app.synth();
  const status = (n: number) => report.document.checklist[n - 1].status;
  expect(status(1)).toBe(ChecklistStatus.FAIL);
  expect(status(5)).toBe(ChecklistStatus.PASS);
  expect(status(7)).toBe(ChecklistStatus.WARN);
  expect(report.document.markdown).toContain('*Acknowledged: test CA, thrown away daily.*');
  expect(report.document.markdown).toMatch(/- \*\*error\*\* `cdk-pki:RootSignsEndEntity` at `Root\/FromRoot`: ACM certificate bad\.example\.internal/);
  expect(report.document.summary).toContain('error cdk-pki:RootSignsEndEntity at Root/FromRoot');
  expect(report.document.summary).toContain('1 acknowledged');
});

describe('the cost of certificates', () => {
  const PRIVATE_CA_ITEMS = /CA$|certificates|OCSP/;
  const linesOf = (report: PkiReport) => JSON.parse(report.document.json).cost.lines
    .filter((l: any) => PRIVATE_CA_ITEMS.test(l.item)).map((l: any) => [l.item, l.quantity, l.monthly]);

  test('prices short-lived CAs and their certificates at their own rates, certificates by tier and OCSP requests', () => {
    const app = tempApp();
    const { root } = rootStack(app);
    issuingStack(app, root, 'ShortLived', { usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE, revocation: Revocation.none() });
    issuingStack(app, root, 'Ocsp', { revocation: Revocation.ocsp() }, { account: '444444444444', region: 'eu-west-1' });
    const report = new PkiReport(app, 'PkiReport', { certificatesPerMonth: 2500, shortLivedCertificatesPerMonth: 1000, ocspRequestsPerMonth: 1000000 });
    app.synth();
    expect(linesOf(report)).toEqual([
      ['General-purpose CA', 2, 800],
      ['Short-lived certificate mode CA', 1, 50],
      ['Private certificates (issued)', 2500, 1000 * 0.75 + 1500 * 0.35],
      ['Short-lived certificates', 1000, expect.closeTo(58, 6)],
      ['OCSP requests', 1000000, 6],
    ]);
  });

  test('counts the AWS::ACMPCA::Certificate resources of the app at the rate of their CA', () => {
    const app = tempApp();
    const { root } = rootStack(app);
    const shortLived = issuingStack(app, root, 'ShortLived', { usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE, revocation: Revocation.none() });
    const general = issuingStack(app, root, 'General', {}, { account: '444444444444', region: 'eu-west-1' });
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----';
    for (const [{ stack, ca }, id] of [[shortLived, 'Device'], [general, 'Server']] as const) {
      new acmpca.CfnCertificate(stack, id, {
        certificateAuthorityArn: ca.certificateAuthorityArn,
        certificateSigningRequest: csr,
        signingAlgorithm: 'SHA384WITHECDSA',
        validity: { type: 'DAYS', value: 1 },
      });
    }
    const report = new PkiReport(app, 'PkiReport');
    app.synth();
    expect(linesOf(report)).toEqual([
      ['General-purpose CA', 2, 800],
      ['Short-lived certificate mode CA', 1, 50],
      ['Private certificates (issued)', 1, 0.75],
      ['Short-lived certificates', 1, 0.058],
    ]);
  });

  test('charges ACM private certificates only when they are exported', () => {
    const build = (props: PkiReportProps) => {
      const app = tempApp();
      const { ca, stack } = issuingStack(app, rootStack(app).root);
      for (const name of ['a', 'b', 'c']) new acm.PrivateCertificate(stack, name, { domainName: `${name}.example.internal`, certificateAuthority: ca });
      const report = new PkiReport(app, 'PkiReport', props);
      app.synth();
      return report;
    };
    const notExported = build({});
    expect(linesOf(notExported)).toEqual([['General-purpose CA', 2, 800], ['ACM private certificates, not exported', 3, 0]]);
    expect(linesOf(build({ exportedAcmCertificatesPerMonth: 2 }))).toEqual([
      ['General-purpose CA', 2, 800],
      ['Private certificates (issued, and ACM private certificates exported)', 2, 1.5],
      ['ACM private certificates, not exported', 3, 0],
    ]);
  });
});

test('counts only the billed resources of the library, not the app\'s own', () => {
  const app = tempApp();
  const { stack } = rootStack(app);
  new kms.Key(stack, 'AppKey');
  new sns.Topic(stack, 'AppTopic');
  const report = new PkiReport(app, 'PkiReport');
  app.synth();
  const lines = JSON.parse(report.document.json).cost.lines.map((l: any) => [l.item, l.quantity]);
  // The root's CRL alarm topic and its key: the app's own key and topic are not the PKI's.
  expect(lines).toEqual(expect.arrayContaining([['KMS keys (encrypted alarm topics)', 1], ['SNS topics (alarms and notifications)', 1]]));
});

describe('PkiReport', () => {
  test('writes the file name it is given', () => {
    const app = tempApp();
    twoAccountPki(app);
    const report = new PkiReport(app, 'PkiReport', { fileName: 'security-review' });
    const dir = app.synth().directory;
    expect(fs.existsSync(path.join(dir, 'security-review.md'))).toBe(true);
    expect(report.jsonFile).toBe(path.join(dir, 'security-review.json'));
  });

  test('throws when the file name or a volume is not allowed', () => {
    expect(() => new PkiReport(new App(), 'PkiReport', {
      fileName: '../report', certificatesPerMonth: -1, shortLivedCertificatesPerMonth: 0.5, exportedAcmCertificatesPerMonth: -2, ocspRequestsPerMonth: 1.5,
    })).toThrow(new RegExp("PkiReport 'PkiReport' has 5 problems:\n {2}- fileName '\\.\\./report' is not allowed.*\n {2}- certificatesPerMonth -1 is not allowed.*"
      + '\n {2}- shortLivedCertificatesPerMonth 0\\.5 is not allowed.*\n {2}- exportedAcmCertificatesPerMonth -2 is not allowed.*'
      + '\n {2}- ocspRequestsPerMonth 1\\.5 is not allowed'));
  });

  test('does not throw when a volume is a token', () => {
    expect(() => new PkiReport(new App(), 'PkiReport', { certificatesPerMonth: Token.asNumber({ Ref: 'Volume' }) })).not.toThrow();
  });

  test('throws when the document is asked for before synthesis', () => {
    const report = new PkiReport(new App(), 'PkiReport');
    expect(() => report.document).toThrow('PkiReport \'PkiReport\': the report exists once the app is synthesized; call app.synth() first');
  });

  test('generates a report of an app without a PkiReport, without annotating it', () => {
    const { app } = twoAccountPki(tempApp());
    const assembly = app.synth();
    const document = PkiReport.generate(app, { title: 'Review' }, { cloudTrailElsewhere: true });
    expect(document.markdown).toMatch(/^# Review\n/);
    expect(document.checklist.find((i) => i.number === 8)!.findings.map((f) => f.ruleId)).toEqual(['cdk-pki:RootCaDisabledRuleMissing']);
    expect(assembly.stacks.flatMap((s) => s.messages).filter((m) => String(m.entry.data).includes('cdk-pki:'))).toEqual([]);
  });

  test('generates the same report as the one written at synthesis', () => {
    const { app, report } = organization();
    app.synth();
    expect(PkiReport.generate(app, { timelineStart: '2025-01-01' }).markdown).toBe(report.document.markdown);
  });
});
