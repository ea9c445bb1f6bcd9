// bench/floor.ts computes the least build + synth CPU time a library with this public API could take. Its
// figures are only as good as two things checked here, without timing anything: that its census sorts the
// library's constructs right (what a public property hands out, what is internal), and that each micro app's
// L2 variant deploys exactly what its L1 variant deploys, so that their difference is the L2's cost alone.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { buildBaselineApp } from '../bench/baseline-app';
import { buildMicroApp, Census, census, MicroKind, publicProperties } from '../bench/floor';
import { buildLibraryApp } from '../bench/library-app';
import { CLI_CONTEXT, SMALL_SCALE } from '../bench/scale';
import { ExpiryAlarms, IssuingCa } from '../src';

const outdirs: string[] = [];
const outdir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-floor-test-'));
  outdirs.push(dir);
  return dir;
};
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('the census', () => {
  let library: App;
  let found: Census;
  let properties: Map<string, Set<string>>;
  beforeAll(() => {
    const props = { scale: SMALL_SCALE, outdir: outdir(), context: CLI_CONTEXT };
    library = buildLibraryApp(props);
    properties = publicProperties();
    found = census(library, buildBaselineApp(props), properties);
  });
  const all = <T>(is: (c: IConstruct) => c is IConstruct & T) => library.node.findAll().filter(is) as T[];

  test('reads the public properties from the source, not the private ones', () => {
    expect([...properties.get('ExpiryAlarms')!]).toEqual(expect.arrayContaining(['topic', 'approachingExpirationRule', 'alarms', 'node']));
    expect(properties.get('IssuingCa')).toContain('certificateAuthorityArn');
    // A private class of the library is not exported: nothing it holds is public through it.
    expect(properties.has('LibraryFunction')).toBe(false);
    for (const names of properties.values()) {
      expect([...names].filter((n) => n.startsWith('_'))).toEqual([]);
    }
  });

  test('counts what a public property hands out as public, with the L2s below it', () => {
    const expiryAlarms = all((c): c is ExpiryAlarms => c instanceof ExpiryAlarms);
    expect(expiryAlarms.length).toBeGreaterThan(0);
    for (const e of expiryAlarms) {
      expect(found.handedOut.has(e.approachingExpirationRule)).toBe(true);
      expect(found.handedOut.has(e.topic)).toBe(true);
      // The topic's policy comes with the topic.
      expect(e.topic.node.findAll().filter((c) => c !== e.topic && found.handedOut.has(c)).length).toBeGreaterThan(0);
    }
    const publicRules = found.publicL2.get('aws-cdk-lib.aws_events.Rule') ?? 0;
    expect(publicRules).toBeGreaterThanOrEqual(3 * expiryAlarms.length);
  });

  test('counts what no public property reaches as internal', () => {
    const cas = all((c): c is IssuingCa => c instanceof IssuingCa);
    const crlRules = cas.map((ca) => ca.node.tryFindChild('CrlGenerationFailed')).filter((c): c is IConstruct => c !== undefined);
    expect(crlRules.length).toBe(cas.length);
    crlRules.forEach((rule) => expect(found.handedOut.has(rule)).toBe(false));
    expect(found.internalL2.get('aws-cdk-lib.aws_iam.Role')).toBeGreaterThan(0);
    expect(found.libraryConstructs).toBeGreaterThanOrEqual(cas.length + 2 * cas.length);
  });

  test('leaves out what the baseline has as many of (stacks, assets)', () => {
    for (const counts of [found.publicL2, found.internalL2]) {
      expect(counts.has('aws-cdk-lib.Stack')).toBe(false);
      expect(counts.has('aws-cdk-lib.aws_s3_assets.Asset')).toBe(false);
    }
  });
});

describe('the micro apps', () => {
  const templates = (kind: MicroKind) => {
    const app = buildMicroApp(kind, outdir(), 2);
    return app.node.children.filter(Stack.isStack).map((s) => {
      const t = Template.fromStack(s).toJSON();
      // Version reporting names the constructs used, which differ by design; so do the construct paths in metadata.
      delete t.Resources.CDKMetadata;
      for (const r of Object.values(t.Resources as Record<string, { Metadata?: unknown }>)) delete r.Metadata;
      return t;
    });
  };

  test.each([['rule-l1', 'rule-l2'], ['alarm-l1', 'alarm-l2']] as Array<[MicroKind, MicroKind]>)(
    '%s and %s deploy the same template, logical IDs included', (l1, l2) => {
      const [a, b] = [templates(l1), templates(l2)];
      expect(Object.keys(a[0].Resources).length).toBeGreaterThan(1);
      expect(b).toEqual(a);
    });

  test('a plain scope adds no resource', () => {
    expect(templates('scope')).toEqual(templates('empty'));
  });
});
