// The PKI reports of the examples: regenerated here and compared with the copies committed under examples/,
// so a change to an example (or to the checks) that changes its report fails until `npm run examples` is run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaSummary, formatSummary } from '../../examples/synth-all';
import { ChecklistStatus } from '../../src/checklist/pki-report';
import { ExampleName, TempExample, synthesizeExampleToTemp } from '../support/synth';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
const NAMES: ExampleName[] = ['organization', 'quick-start'];
const synthesized = new Map<ExampleName, TempExample>();

beforeAll(() => {
  for (const name of NAMES) synthesized.set(name, synthesizeExampleToTemp(name));
});

afterAll(() => synthesized.forEach((e) => e.cleanup()));

describe.each(NAMES)('the %s example', (name) => {
  test.each(['pki-report.md', 'pki-report.json'])('has a current committed %s', (file) => {
    const example = synthesized.get(name)!;
    const generated = fs.readFileSync(path.join(example.assembly.directory, file), 'utf8');
    const committedPath = path.join(EXAMPLES_DIR, name, file);
    const committed = fs.existsSync(committedPath) ? fs.readFileSync(committedPath, 'utf8') : '(missing)';
    if (generated !== committed) {
      throw new Error(`examples/${name}/${file} is stale: the report of the example has changed. Run \`npm run examples\` and commit the new report.`);
    }
  });

  test('prints the CA tree and the checklist summary', () => {
    const text = formatSummary(synthesized.get(name)!.summary);
    expect(text).toContain('  CA tree:');
    expect(text).toMatch(/^ {2}Checklist: \d+ pass, \d+ warn, 0 fail, \d+ n\/a; estimated \$[\d,]+\.\d{2} per month$/m);
    expect(text).toMatch(new RegExp(`^  Report: .*${name}.*pki-report\\.md \\(and \\.json\\)$`, 'm'));
  });
});

test('the organization passes every item of the checklist that applies to it', () => {
  const report = synthesized.get('organization')!.summary.report!;
  expect(report.checklist.filter((i) => i.status !== ChecklistStatus.PASS && i.status !== ChecklistStatus.NOT_APPLICABLE)).toEqual([]);
  expect(report.markdown).toContain('# PKI report: example organization');
});

test('the quick start, one account for everything, warns that the root is not alone in its account', () => {
  const report = synthesized.get('quick-start')!.summary.report!;
  const item = report.checklist.find((i) => i.title === 'The root CA is alone in its account')!;
  expect(item.status).toBe(ChecklistStatus.WARN);
  expect(item.findings.map((f) => f.path)).toEqual(['PkiQuickStart/IssuingCa', 'PkiQuickStart/ServiceCertificate']);
});

test('npm run examples prints when each CA of the organization first renews and when its first certificate expires', () => {
  const text = formatSummary(synthesized.get('organization')!.summary);
  const lines = text.split('\n').filter((l) => l.includes('certificate from')).map((l) => l.replace(/^[\s│├└─]+/, ''));
  expect(lines).toEqual([
    'certificate from 2025-01-01, expires 2035-01-01; renewal on request, due 2031-09-03',
    'certificate from 2025-01-01, expires 2028-01-01; renews automatically on 2027-01-01',
    'certificate from 2025-01-01, expires 2028-01-01; renews automatically on 2027-01-01',
    'certificate from 2025-01-01, expires 2030-01-01; renews automatically on 2028-05-03',
    'certificate from 2025-01-01, expires 2027-01-01; renews automatically on 2026-05-03',
  ]);
});

test('prints a CA without automatic renewal as manual', () => {
  const ca: CaSummary = {
    kind: 'IssuingCa',
    path: 'Lab/IssuingCa',
    hierarchyName: 'lab',
    caName: 'lab',
    depth: 2,
    keyAlgorithm: 'EC_secp384r1',
    validity: '3 years',
    pathLength: 0,
    signingTemplate: 'SubordinateCACertificate_PathLen0/V1',
    stackName: 'Lab',
    account: '111111111111',
    region: 'us-east-1',
    crossAccount: false,
    crossRegion: false,
    certificate: { start: '2025-01-01', expires: '2028-01-01', renewal: 'manual' },
    children: [],
  };
  const text = formatSummary({ name: 'lab', outdir: '/tmp/lab', stacks: [], caTree: [ca] }, '/tmp');
  expect(text).toContain('certificate from 2025-01-01, expires 2028-01-01; renewal manual');
});

test('docs/checklist.md shows the organization example\'s current timeline', () => {
  const gantt = (file: string) => /```mermaid\ngantt\n[\s\S]*?```/.exec(fs.readFileSync(path.join(EXAMPLES_DIR, '..', file), 'utf8'))?.[0];
  const current = gantt('examples/organization/pki-report.md');
  expect(current).toBeDefined();
  if (gantt('docs/checklist.md') !== current) {
    throw new Error('the timeline in docs/checklist.md differs from examples/organization/pki-report.md: copy the report\'s gantt block into the page');
  }
});
