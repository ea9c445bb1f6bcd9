// The cdk-pki CLI over cloud assemblies synthesized here: the CA tree, the report's summary, and the checklist
// with its exit codes (0 pass, 1 fail, with --strict also on warnings; acknowledged warnings pass; 2 no report).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppOutcome, buildApp, runCli, tempDirs } from './apps';

const tempDir = tempDirs('cdk-pki-cli-');
const OUTCOMES: AppOutcome[] = ['pass', 'acknowledged', 'warn', 'fail'];
/** The cloud assembly of each app, synthesized once for the file. */
const assemblies = new Map<AppOutcome, string>();

beforeAll(() => {
  for (const outcome of OUTCOMES) {
    const outdir = path.join(tempDir(), 'cdk.out');
    buildApp(outcome, outdir).synth();
    assemblies.set(outcome, outdir);
  }
});

const dirOf = (outcome: AppOutcome) => assemblies.get(outcome)!;

describe('tree', () => {
  test('prints the root and the issuing CA it signs, with account, Region and certificate plan', () => {
    const run = runCli(['tree', '-o', dirOf('pass')]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining([
      '  CA tree:',
      '    [level 1] RootCaAccount test/root (Root/RootCa)',
      '    │   EC_secp384r1, valid 10 years, no path length constraint, RootCACertificate/V1',
      '    │   111111111111/us-east-1, self-signed',
      '    │   certificate from 2025-01-01, expires 2035-01-01; renewal on request, due 2031-09-03',
      '    └─ [level 2] IssuingCa test/issuingca (Issuing/IssuingCa)',
      '           EC_secp384r1, valid 3 years, path length 0, SubordinateCACertificate_PathLen0/V1',
      '           222222222222/eu-west-1, signed cross-account and cross-Region',
      '           certificate from 2025-01-01, expires 2028-01-01; renews automatically on 2027-01-01',
    ]));
    expect(run.stdout.split('\n')[0]).toBe(`PKI report  (${path.join(dirOf('pass'), 'pki-report.json')})`);
  });

  test('--json gives the same tree as data', () => {
    const run = runCli(['tree', '--json', dirOf('pass')]);
    const [report] = JSON.parse(run.stdout).reports;
    expect(report.roots).toHaveLength(1);
    expect(report.roots[0]).toMatchObject({ kind: 'RootCaAccount', name: 'test/root', account: '111111111111', depth: 1 });
    expect(report.roots[0].children.map((c: any) => [c.name, c.signedBy, c.certificate.expires])).toEqual([
      ['test/issuingca', 'signed cross-account and cross-Region', '2028-01-01'],
    ]);
  });
});

describe('report', () => {
  test('says where the Markdown and JSON reports are, and sums up CAs, accounts, Regions, stacks, checklist and cost', () => {
    const dir = dirOf('warn');
    const run = runCli(['report'], path.dirname(dir));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      '  Markdown:  cdk.out/pki-report.md',
      '  JSON:      cdk.out/pki-report.json',
      '  CAs:       2 of the app',
      '  Accounts:  2 in 2 Regions',
      '    111111111111  us-east-1',
      '    222222222222  eu-west-1',
      '  Stacks:    2 (manifest.json)',
    ]));
    expect(lines.find((l) => l.startsWith('  Checklist:'))).toMatch(/^ {2}Checklist: \d+ PASS, 1 WARN, 0 FAIL, \d+ N\/A/);
    expect(lines.find((l) => l.startsWith('  Estimated cost:'))).toMatch(/^ {2}Estimated cost: \$[\d,]+\.\d\d per month \(prices read \d{4}-\d\d\)$/);
  });

  test('--json has the files and the counts', () => {
    const [report] = JSON.parse(runCli(['report', '--json', dirOf('fail')]).stdout).reports;
    expect(report.markdownFile).toBe(path.join(dirOf('fail'), 'pki-report.md'));
    expect(report.checklist).toMatchObject({ FAIL: 1 });
    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.summary.estimatedMonthlyCostUsd).toBeGreaterThan(0);
  });
});

describe('check', () => {
  test.each([
    ['pass', [], 0],
    ['pass', ['--strict'], 0],
    ['acknowledged', [], 0],
    ['acknowledged', ['--strict'], 0],
    ['warn', [], 0],
    ['warn', ['--strict'], 1],
    ['fail', [], 1],
    ['fail', ['--strict'], 1],
  ] as Array<[AppOutcome, string[], number]>)('of the %s app with %j exits %d', (outcome, options, code) => {
    const run = runCli(['check', ...options, '-o', dirOf(outcome)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
  });

  test('prints each item with status, id and title, and each finding with its message', () => {
    const lines = runCli(['check', dirOf('fail')]).stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}FAIL {3}1\. root-signs-ca-only +The root CA signs only CA certificates$/));
    expect(lines).toContain('           error cdk-pki:RootSignsEndEntity at Root/FromRoot');
    expect(lines).toContainEqual(expect.stringMatching(/^ {13}ACM certificate bad\.example\.internal/));
    expect(lines[lines.length - 2]).toMatch(/^ {2}\d+ PASS, \d+ WARN, 1 FAIL, \d+ N\/A: FAILED: FAIL root-signs-ca-only$/);
  });

  test('shows an acknowledged warning with its reason, and passes it even with --strict', () => {
    const run = runCli(['check', '--strict', dirOf('acknowledged')]);
    expect(run.stdout).toMatch(/^ {2}PASS {3}7\. cloudtrail +CloudTrail records the PKI accounts$/m);
    expect(run.stdout).toMatch(/^ {11}acknowledged warning cdk-pki:NoCloudTrail at Root\/RootCa \(an organization trail records every account\)$/m);
    expect(run.stdout).toMatch(/: passed\n$/);
  });

  test('says that warnings fail only with --strict', () => {
    expect(runCli(['check', dirOf('warn')]).stdout).toMatch(/1 WARN, 0 FAIL, \d+ N\/A: passed \(warnings do not fail without --strict\)\n$/);
    expect(runCli(['check', '--strict', dirOf('warn')]).stdout).toMatch(/FAILED: WARN cloudtrail \(--strict fails on warnings\)\n$/);
  });

  test('--json gives the verdict, the failing items and the checklist', () => {
    const run = runCli(['check', '--json', '--strict', dirOf('warn')]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ passed: false, strict: true });
    expect(result.reports[0].failing).toEqual(['cloudtrail']);
    expect(result.reports[0].checklist.find((i: any) => i.key === 'cloudtrail').findings[0]).toMatchObject({
      rule: 'cdk-pki:NoCloudTrail', level: 'WARNING', acknowledged: false,
    });
  });

  test('reads a report JSON file given directly, and a report of another file name', () => {
    expect(runCli(['check', path.join(dirOf('fail'), 'pki-report.json')]).code).toBe(1);
    const dir = path.join(tempDir(), 'renamed');
    fs.mkdirSync(dir);
    fs.copyFileSync(path.join(dirOf('fail'), 'pki-report.json'), path.join(dir, 'security-review.json'));
    fs.copyFileSync(path.join(dirOf('fail'), 'manifest.json'), path.join(dir, 'manifest.json'));
    const run = runCli(['check', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(path.join(dir, 'security-review.json'));
  });

  test('checks the reports of nested Stage assemblies (assembly-*) too', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version":"48.0.0","artifacts":{}}');
    for (const [stage, outcome] of [['Dev', 'warn'], ['Prod', 'pass']] as const) {
      fs.mkdirSync(path.join(dir, `assembly-${stage}`));
      fs.copyFileSync(path.join(dirOf(outcome), 'pki-report.json'), path.join(dir, `assembly-${stage}`, 'pki-report.json'));
    }
    const run = runCli(['check', '--strict', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(path.join(dir, 'assembly-Dev', 'pki-report.json'));
    expect(run.stdout).toContain(path.join(dir, 'assembly-Prod', 'pki-report.json'));
    expect(runCli(['check', dir]).code).toBe(0);
  });
});

describe('exit 2', () => {
  test('when the assembly has no PKI report, saying how to add one', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"version":"48.0.0","artifacts":{}}');
    const run = runCli(['check', dir]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain(`no PKI report in ${dir}`);
    expect(run.stderr).toContain("add `new PkiReport(app, 'PkiReport')`");
    expect(run.stderr).toContain('then run `cdk synth`');
  });

  test('when there is no cloud assembly: cdk.out by default', () => {
    const run = runCli(['tree'], tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cdk-pki: no cloud assembly at cdk\.out: run `cdk synth` first/);
  });

  test('on a report JSON of another schema', () => {
    const file = path.join(tempDir(), 'pki-report.json');
    fs.writeFileSync(file, JSON.stringify({ schema: 'something/else' }));
    expect(runCli(['check', file]).stderr).toContain('is not a PKI report: its schema is "something/else"');
  });

  test.each([
    [[], 'give a command'],
    [['deploy'], "unknown command 'deploy'"],
    [['check', '--verbose'], 'unknown option --verbose'],
    [['tree', '--strict'], '--strict applies to check, not tree'],
    [['check', '-o'], '-o needs a directory'],
    [['check', '-o', '--json'], '-o needs a directory, not --json'],
    [['check', '-o', 'a', 'b'], 'the assembly directory is given twice (a and b)'],
    [['check', 'a', 'b'], 'too many arguments: a b'],
    [['check', '--json=yes'], '--json takes no value'],
  ])('on the arguments %j', (argv, message) => {
    const run = runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('options', () => {
  test('--help prints the commands, options and exit codes', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of ['tree', 'report', 'check', '--output <dir>', '--strict', '--json', 'Exit codes:']) expect(run.stdout).toContain(text);
    expect(runCli(['help']).stdout).toBe(run.stdout);
    expect(runCli(['check', '-h']).stdout).toBe(run.stdout);
  });

  test('--version prints the package version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('the assembly directory as -o, --output=, -a or a positional; by default cdk.json\'s output, else cdk.out', () => {
    const dir = dirOf('pass');
    for (const argv of [['-o', dir], [`--output=${dir}`], ['--app', dir], ['-a', dir], [dir]]) {
      expect(runCli(['check', ...argv]).code).toBe(0);
    }
    const project = tempDir();
    fs.cpSync(dir, path.join(project, 'custom.out'), { recursive: true });
    expect(runCli(['check'], project).code).toBe(2);
    fs.writeFileSync(path.join(project, 'cdk.json'), JSON.stringify({ app: 'node app.js', output: 'custom.out' }));
    const run = runCli(['check'], project);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('PKI report  (custom.out/pki-report.json)');
  });
});
