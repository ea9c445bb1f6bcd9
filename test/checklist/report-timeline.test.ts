// The PKI report's timeline of CA certificates: the plan of each CA's certificates (first one, automatic renewals,
// capped and refused renewals, a root's renewal due, a manual CA's expiry), the gantt it is drawn with, the JSON that
// has the same data, and the timelineStart prop.
import { App } from 'aws-cdk-lib';
import { PkiReport } from '../../src/checklist/pki-report';
import { gantt } from '../../src/checklist/private/report-gantt';
import { TimelineCaInput, formatDay, parseDay, planTimeline, validityEnd } from '../../src/checklist/private/report-timeline';
import { Validity } from '../../src/hierarchy/validity';
import { CaCertificateRenewal } from '../../src/lifecycle/ca-certificate-renewal';
import { ISSUING_ENV, issuingStack, rootStack, tempApps } from '../support/checklist';

const tempApp = tempApps('cdk-pki-timeline-');
const START = '2025-01-01';

/** The JSON report's timeline of an app, synthesized with a PkiReport whose timeline starts on START (by default). */
function timelineOf(app: App, options: { timelineStart?: string } = { timelineStart: START }) {
  const report = new PkiReport(app, 'PkiReport', { checks: { cloudTrailElsewhere: true }, ...options });
  app.synth();
  return { report, timeline: JSON.parse(report.document.json).timeline, markdown: report.document.markdown };
}

/** A CA of the timeline by name: its certificates as [start, end, capped]. */
function periodsOf(timeline: any, name: string): Array<[string, string, boolean]> {
  const ca = casOf(timeline).find((c: any) => c.name === name);
  return ca.certificates.map((c: any) => [c.start, c.end, c.capped]);
}

function casOf(timeline: any): any[] {
  return timeline.hierarchies.flatMap((h: any) => h.certificateAuthorities);
}

function ganttOf(markdown: string): string {
  return /```mermaid\n(gantt\n[\s\S]*?)```/.exec(markdown)![1];
}

describe('the default 10 / 5 / 2.5-year hierarchy, from 2025-01-01', () => {
  let timeline: any;
  let markdown: string;

  beforeAll(() => {
    const app = tempApp();
    const { root } = rootStack(app);
    const { ca: intermediate } = issuingStack(app, root, 'Intermediate', { caName: 'intermediate' });
    issuingStack(app, intermediate, 'Issuing', { caName: 'issuing' }, { account: '333333333333', region: 'eu-west-1' });
    ({ timeline, markdown } = timelineOf(app));
  });

  test('composes 10, 5 and 2.5 years', () => {
    expect(casOf(timeline).map((ca) => [ca.name, ca.renewal, ca.renewBeforeDays])).toEqual([
      ['root', 'on request', 1216],
      ['intermediate', 'automatic', 608],
      ['issuing', 'automatic', 280],
    ]);
    expect(timeline.start).toBe(START);
    expect(timeline.hierarchies.map((h: any) => [h.name, h.horizon])).toEqual([['test', '2035-01-01']]);
  });

  test('the root has its first certificate, and its renewal on request is due a third of its validity before its end', () => {
    const root = casOf(timeline)[0];
    expect(periodsOf(timeline, 'root')).toEqual([['2025-01-01', '2035-01-01', false]]);
    expect(root.milestones).toEqual([{ kind: 'renewal due', date: '2031-09-03' }]);
    expect(root.firstRenewal).toBe('2031-09-03');
  });

  test('the intermediate renews 608 days before each end, is capped by the root, then refused and expires', () => {
    expect(periodsOf(timeline, 'intermediate')).toEqual([
      ['2025-01-01', '2030-01-01', false],
      ['2028-05-03', '2033-05-03', false],
      ['2031-09-03', '2034-12-31', true],
    ]);
    const intermediate = casOf(timeline)[1];
    expect(intermediate.certificates.map((c: any) => c.renewal)).toEqual([0, 1, 2]);
    expect(intermediate.renewalBlockedFrom).toBe('2033-05-02');
    expect(intermediate.milestones).toEqual([{ kind: 'expires', date: '2034-12-31' }]);
  });

  test('the issuing CA renews every 30 months less 280 days, waits for its parent while the parent is due, and is capped a day before it', () => {
    expect(periodsOf(timeline, 'issuing')).toEqual([
      ['2025-01-01', '2027-07-01', false],
      ['2026-09-24', '2029-03-24', false],
      ['2028-06-17', '2030-12-17', false],
      ['2030-03-12', '2032-09-12', false],
      ['2031-12-07', '2034-06-07', false],
      // Due on 2033-08-31, while the intermediate is due (refused): it waits until 30 days are left.
      ['2034-05-08', '2034-12-30', true],
    ]);
    const issuing = casOf(timeline)[2];
    expect(issuing.renewalBlockedFrom).toBe('2034-11-30');
    expect(issuing.milestones).toEqual([{ kind: 'expires', date: '2034-12-30' }]);
  });

  test('draws the plan as a gantt, with capped renewals critical and the milestones', () => {
    const text = ganttOf(markdown);
    expect(text).toContain('    root g1 cert 1 :ca1_1, 2025-01-01, 2035-01-01\n    root g1 renewal due :milestone, ca1_m1, 2031-09-03, 0d\n');
    expect(text).toContain('    intermediate g1 cert 2 :ca2_2, 2028-05-03, 2033-05-03\n');
    expect(text).toContain('    intermediate g1 cert 3 capped :crit, ca2_3, 2031-09-03, 2034-12-31\n');
    expect(text).toContain('    issuing g1 expires :milestone, ca3_m1, 2034-12-30, 0d');
    expect(markdown).toContain('| test/intermediate g1 | automatic, 608 days before the end | 2025-01-01 to 2030-01-01 | 2028-05-03 | 3 |');
  });
});

describe('planTimeline', () => {
  const ca = (key: string, more: Partial<TimelineCaInput>): TimelineCaInput => ({
    key, path: `Stack/${key}`, hierarchy: 'h', name: key, generation: 1, isRoot: false, renewal: 'automatic', ...more,
  });
  const root = (validity: TimelineCaInput['validity'], renewBeforeDays = 1) => ca('root', { isRoot: true, validity, renewal: 'on request', renewBeforeDays });
  const plan = (cas: TimelineCaInput[]) => planTimeline(cas, { start: parseDay(START)! });
  const periods = (timeline: ReturnType<typeof plan>, key: string) =>
    timeline.hierarchies[0].cas.find((c) => c.key === key)!.certificates.map((c) => [c.start, c.end, c.capped]);

  test('caps a renewal that would outlive the parent a day before the parent\'s end, then refuses one that would not end later', () => {
    const timeline = plan([
      root({ value: 100, unit: 'DAYS' }),
      ca('child', { parentKey: 'root', validity: { value: 60, unit: 'DAYS' }, renewBeforeDays: 20 }),
    ]);
    expect(periods(timeline, 'child')).toEqual([
      ['2025-01-01', '2025-03-02', false],
      ['2025-02-10', '2025-04-10', true],
    ]);
    const child = timeline.hierarchies[0].cas[1];
    expect(child.renewalBlockedFrom).toBe('2025-03-21');
    expect(child.milestones).toEqual([{ kind: 'expires', date: '2025-04-10' }]);
    expect(gantt(timeline)).toContain('    child g1 cert 2 capped :crit, child_2, 2025-02-10, 2025-04-10\n');
  });

  test('renews a subordinate after its parent when both renew the same day, whatever the order of the input', () => {
    const timeline = plan([
      ca('child', { parentKey: 'parent', validity: { value: 400, unit: 'DAYS' }, renewBeforeDays: 35 }),
      ca('parent', { parentKey: 'root', validity: { value: 2, unit: 'YEARS' }, renewBeforeDays: 365 }),
      root({ value: 10, unit: 'YEARS' }),
    ]);
    expect(periods(timeline, 'parent').slice(0, 2)).toEqual([['2025-01-01', '2027-01-01', false], ['2026-01-01', '2028-01-01', false]]);
    // Signed by the parent's new certificate: the old one would have capped it at 2026-12-31.
    expect(periods(timeline, 'child').slice(0, 2)).toEqual([['2025-01-01', '2026-02-05', false], ['2026-01-01', '2027-02-05', false]]);
  });

  test('a manual CA has one certificate and expires; a CA under a parent outside the app is not capped', () => {
    const timeline = plan([
      root({ value: 10, unit: 'YEARS' }, 1216),
      ca('lab', { parentKey: 'root', validity: { value: 3, unit: 'YEARS' }, renewal: 'manual' }),
      ca('outside', { validity: { value: 9, unit: 'YEARS' }, renewBeforeDays: 1095 }),
    ]);
    const [, lab, outside] = timeline.hierarchies[0].cas;
    expect(lab.certificates).toEqual([{ renewal: 0, start: '2025-01-01', end: '2028-01-01', capped: false }]);
    expect(lab.milestones).toEqual([{ kind: 'expires', date: '2028-01-01' }]);
    expect(lab.renewBeforeDays).toBeNull();
    expect(outside.certificates.map((c) => [c.start, c.end, c.capped])).toEqual([['2025-01-01', '2034-01-01', false], ['2031-01-02', '2040-01-02', false]]);
    expect(outside.note).toContain('parent outside this app');
  });

  test('shows at most 24 certificates of a CA renewed every few days', () => {
    const timeline = plan([root({ value: 1, unit: 'YEARS' }), ca('short', { parentKey: 'root', validity: { value: 3, unit: 'DAYS' }, renewBeforeDays: 1 })]);
    const short = timeline.hierarchies[0].cas[1];
    expect(short.certificates).toHaveLength(24);
    expect(short.truncated).toBe(true);
    expect(short.certificates[1]).toEqual({ renewal: 1, start: '2025-01-03', end: '2025-01-06', capped: false });
  });

  test('leaves a CA whose validity is known only at deployment without a plan', () => {
    const timeline = plan([ca('token', { validity: undefined })]);
    expect(timeline.hierarchies[0].cas[0]).toMatchObject({ certificates: [], note: 'validity known only at deployment: no plan' });
  });

  test('counts years, months and days in UTC calendar arithmetic, as the signing handler does', () => {
    const day = (text: string) => parseDay(text)!;
    expect(formatDay(validityEnd(day('2024-02-29'), { value: 1, unit: 'YEARS' }))).toBe('2025-03-01');
    expect(formatDay(validityEnd(day('2025-01-31'), { value: 1, unit: 'MONTHS' }))).toBe('2025-03-03');
    expect(formatDay(validityEnd(day('2025-12-31'), { value: 1, unit: 'DAYS' }))).toBe('2026-01-01');
    expect(parseDay('2025-02-29')).toBeUndefined();
    expect(parseDay('2025-1-1')).toBeUndefined();
  });
});

describe('the gantt', () => {
  test('starts with gantt and its date format, with one section per hierarchy and only lines Mermaid reads', () => {
    const app = tempApp();
    const { root: alpha } = rootStack(app, 'RootAlpha', { hierarchyName: 'alpha' });
    const { root: beta } = rootStack(app, 'RootBeta', { hierarchyName: 'beta', validity: Validity.years(8) }, { account: '444444444444', region: 'us-east-1' });
    issuingStack(app, alpha, 'IssuingAlpha', { caName: 'issuing' });
    issuingStack(app, beta, 'IssuingBeta', { caName: 'issuing' }, { account: '555555555555', region: 'eu-west-1' });
    const { markdown, timeline } = timelineOf(app);
    const text = ganttOf(markdown);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['gantt', '  title CA certificates planned from 2025-01-01', '  dateFormat YYYY-MM-DD', '  axisFormat %Y']);
    expect(lines.filter((l) => l.startsWith('  section '))).toEqual(['  section alpha', '  section beta']);
    for (const line of lines.slice(4).filter((l) => !l.startsWith('  section '))) {
      expect(line).toMatch(/^ {4}[^#:;()]+ :(crit, |milestone, )?ca\d+_m?\d+, \d{4}-\d{2}-\d{2}, (\d{4}-\d{2}-\d{2}|0d)$/);
    }
    expect(markdown.indexOf('## CA certificate timeline')).toBeGreaterThan(markdown.indexOf('```mermaid\nflowchart'));
    expect(timeline.hierarchies.map((h: any) => [h.name, h.horizon])).toEqual([['alpha', '2035-01-01'], ['beta', '2033-01-01']]);
  });

  test('names a CA with manual renewal once, with the day it expires', () => {
    const app = tempApp();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Lab', { caName: 'lab', validity: Validity.years(3), renewal: CaCertificateRenewal.manual() });
    const { markdown, timeline } = timelineOf(app);
    expect(periodsOf(timeline, 'lab')).toEqual([['2025-01-01', '2028-01-01', false]]);
    expect(casOf(timeline)[1]).toMatchObject({ renewal: 'manual', firstRenewal: null, milestones: [{ kind: 'expires', date: '2028-01-01' }] });
    expect(ganttOf(markdown)).toContain('    lab g1 cert 1 :ca2_1, 2025-01-01, 2028-01-01\n    lab g1 expires :milestone, ca2_m1, 2028-01-01, 0d');
    expect(ganttOf(markdown)).not.toContain('lab g1 cert 2');
  });

  test('takes no # or : from a name, which Mermaid reads as a comment or a separator', () => {
    const timeline = planTimeline([{ key: 'ca1', path: 'p', hierarchy: 'a#b', name: 'x:y', generation: 2, isRoot: false, renewal: 'manual', validity: { value: 1, unit: 'YEARS' } }],
      { start: parseDay(START)! });
    expect(gantt(timeline)).toContain('  section a b\n    x y g2 cert 1 :ca1_1, 2025-01-01, 2026-01-01\n');
  });
});

describe('timelineStart', () => {
  test.each(['2025-02-30', '2025/01/01', '25-01-01', '2025-1-1', ' 2025-01-01'])('refuses %p, naming the prop and the format', (value) => {
    expect(() => new PkiReport(new App(), 'PkiReport', { timelineStart: value })).toThrow(
      `PkiReport 'PkiReport': timelineStart '${value}' is not allowed; use a day as YYYY-MM-DD (a real calendar day, known at synthesis), for example '2025-01-01'`);
  });

  test('is refused by PkiReport.generate too', () => {
    const app = tempApp();
    rootStack(app);
    expect(() => PkiReport.generate(app, { timelineStart: 'today' })).toThrow(/timelineStart 'today' is not allowed; use a day as YYYY-MM-DD/);
    expect(JSON.parse(PkiReport.generate(app, { timelineStart: '2030-06-15' }).json).timeline.start).toBe('2030-06-15');
  });

  test('is the day of synthesis (UTC) by default', () => {
    const app = tempApp();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', {}, ISSUING_ENV);
    const before = formatDay(new Date());
    const { timeline } = timelineOf(app, {});
    const after = formatDay(new Date());
    expect([before, after]).toContain(timeline.start);
    expect(casOf(timeline)[0].certificates[0].start).toBe(timeline.start);
  });
});
