// The member-baseline benchmark (bench/member-baseline.ts) times the synthesis of a PkiMemberBaseline of 1, 10 and 50
// OUs. This test times nothing: it synthesizes the benchmark's app in-process for 1 and 2 OUs and checks what the
// benchmark reads of it (the StackSet targets exactly the generated OUs; only the management template grows with
// them), the OU ids it generates, and how it takes its medians.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BaselineShape, OU_COUNTS, REGIONS, Run, buildMemberBaselineApp, countReport, organizationalUnitIds, schedule, summarizeBaseline,
} from '../bench/member-baseline';
import { CLI_CONTEXT } from '../bench/scale';
import { DEPLOYMENT_TARGET_OU_PATTERN, STACKSETS_MAX_OUS_PER_OPERATION } from '../src/private/contracts/aws-strings';

const outdirs: string[] = [];
const shapes = new Map<number, BaselineShape>();

function synthesize(ouCount: number): BaselineShape {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-bench-baseline-test-'));
  outdirs.push(outdir);
  return summarizeBaseline(buildMemberBaselineApp({ ouCount, outdir, context: CLI_CONTEXT }).app.synth());
}

beforeAll(() => {
  for (const n of [1, 2]) shapes.set(n, synthesize(n));
});

afterAll(() => {
  outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
});

describe('the benchmark\'s app', () => {
  test('targets exactly the N generated OUs, in the 3 Regions', () => {
    for (const n of [1, 2]) {
      expect(shapes.get(n)!.stackSetOus).toEqual(organizationalUnitIds(n));
      expect(shapes.get(n)!.stackSetRegions).toEqual(REGIONS);
    }
  });

  test('has a management template, the member template and a bucket and an asset stack per Region', () => {
    const shape = shapes.get(1)!;
    expect(shape.member.name).toMatch(/MemberStack[0-9A-F]{8}\.template\.json$/);
    expect(shape.member.resources).toBeGreaterThan(10);
    expect(shape.regional.map((s) => s.name)).toEqual(
      REGIONS.flatMap((r) => [`Pki-Organization-AssetBucket-${r}`, `Pki-Organization-Assets-${r}`]).sort(),
    );
  });

  test('grows with the OUs in the management template only: the member and regional templates are the same', () => {
    const [one, two] = [shapes.get(1)!, shapes.get(2)!];
    expect(two.management.bytes).toBeGreaterThan(one.management.bytes);
    expect(two.management.bytes - one.management.bytes).toBeLessThan(64); // one OU id, formatted
    expect(two.management.resources).toBe(one.management.resources);
    expect(two.member).toEqual(one.member);
    expect(two.regional).toEqual(one.regional);
  });

  test('generates distinct OU ids of the real shape, up to the StackSets maximum the benchmark goes to', () => {
    const ids = organizationalUnitIds(Math.max(...OU_COUNTS));
    expect(Math.max(...OU_COUNTS)).toBe(STACKSETS_MAX_OUS_PER_OPERATION);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => DEPLOYMENT_TARGET_OU_PATTERN.test(id) && id.startsWith('ou-'))).toBe(true);
    expect(() => buildMemberBaselineApp({ ouCount: STACKSETS_MAX_OUS_PER_OPERATION + 1 })).toThrow(/at most 50/);
  });
});

describe('the benchmark\'s figures', () => {
  // The figures of a run that do not matter here.
  const others = { ouCount: 1, constructMs: 1, synthMs: 1, processCpuMs: 1, maxRssKb: 1024, heapAfterGcKb: 1024, constructs: 100, processMs: 1 };
  const run = (constructCpuMs: number, synthCpuMs: number, shape = shapes.get(1)!): Run => ({ ...others, constructCpuMs, synthCpuMs, shape });

  test('take the median of each run\'s build + synth, not the sum of the medians', () => {
    const report = countReport([run(100, 10), run(10, 100), run(50, 50)]);
    expect(report.buildAndSynthCpuMs).toEqual({ median: 110, min: 100, max: 110 });
    expect(report.constructCpuMs.median + report.synthCpuMs.median).toBe(100);
  });

  test('refuse runs that synthesized different assemblies', () => {
    expect(() => countReport([run(1, 1), run(1, 1, shapes.get(2)!)])).toThrow(/not synthesize the same assembly/);
  });

  test('run every OU count once per round, in a rotated order', () => {
    expect(schedule([1, 10, 50], 3)).toEqual([1, 10, 50, 10, 50, 1, 50, 1, 10]);
  });
});
