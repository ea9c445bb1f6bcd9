// scripts/compare-templates.ts: the examples synthesize the same templates as before the refactor of issue 13
// (git ref d3f72c5), resource for resource, apart from the changes listed with a reason in
// scripts/compare-templates.allowed.json. The first tests check how the script compares and allows; the last
// compares the refactor's result (0a29580, the last commit of issue 13) with d3f72c5 (two git worktrees, both
// synthesized: about 20 to 40 s). Later issues change templates on purpose, so the working tree is not the
// subject: `npx projen compare-templates -- --ref <commit>` shows what a later change did.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Difference, Template, allowedBy, compareTemplates, leafDifferences, normalizeResource, parseAllowList,
} from '../../scripts/compare-templates';

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);

function template(resources: Template['Resources'], outputs: Template['Outputs'] = {}): Template {
  return { Resources: resources, Outputs: outputs };
}

const bucket = { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'crl' }, Metadata: { 'aws:cdk:path': 'Stack/Bucket/Resource' } };
const fn = (hash: string, description: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Code: { S3Bucket: 'b', S3Key: `${hash}.zip` }, Description: description, Handler: 'index.handler' },
  Metadata: { 'aws:asset:path': `asset.${hash}`, 'aws:asset:property': 'Code' },
});

describe('compare-templates', () => {
  test('ignores asset hashes, Lambda code, path and asset metadata, CDK metadata and the order of DependsOn', () => {
    const before = template({
      Bucket: bucket,
      Fn: { ...fn(HASH, 'signs'), DependsOn: ['A', 'B'] },
      Meta: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:one' } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Resource: `arn:aws:s3:::cdk-assets/${HASH}.json` } },
    });
    const after = template({
      Bucket: { ...bucket, Metadata: { 'aws:cdk:path': 'Stack/Renamed/Resource' } },
      Fn: { ...fn(OTHER_HASH, 'signs'), DependsOn: ['B', 'A'] },
      Meta: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:two' } },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Resource: `arn:aws:s3:::cdk-assets/${OTHER_HASH}.json` } },
    });
    expect(compareTemplates({ ex: { S: before } }, { ex: { S: after } })).toEqual([]);
    expect(normalizeResource(fn(HASH, 'x')).Properties).toEqual({ Description: 'x', Handler: 'index.handler' });
  });

  test('reports resources added, removed and changed by logical id, type and top-level property or attribute', () => {
    const before = template({ Bucket: bucket, Fn: fn(HASH, 'signs'), Old: { Type: 'AWS::SNS::Topic' } }, { Arn: { Value: 'a' } });
    const after = template({
      Bucket: { ...bucket, DeletionPolicy: 'Retain', Metadata: { cdk_nag: { rules_to_suppress: [] } } },
      Fn: fn(HASH, 'signs CAs'),
      New: { Type: 'AWS::SNS::Topic' },
    }, { Name: { Value: 'n' }, ArnOutput: { Value: 'a' } });
    const diffs = compareTemplates({ ex: { S: before, Gone: template({}) } }, { ex: { S: after, Added: template({}) } });
    const brief = diffs.map((d) => [d.stack, d.kind, d.id, d.type, d.detail, d.note].filter((x) => x !== undefined).join(' '));
    expect(brief).toEqual([
      'Added stack-added',
      'Gone stack-removed',
      'S resource-removed Old AWS::SNS::Topic same as the added New',
      'S resource-added New AWS::SNS::Topic same as the removed Old',
      'S resource-changed Bucket AWS::S3::Bucket DeletionPolicy',
      'S resource-changed Bucket AWS::S3::Bucket Metadata.cdk_nag',
      'S resource-changed Fn AWS::Lambda::Function Properties.Description',
      'S output-removed Arn same value as the added ArnOutput',
      'S output-added ArnOutput same value as the removed Arn',
      'S output-added Name',
    ]);
  });

  test('shows where a changed value differs, with --verbose', () => {
    expect(leafDifferences([{ Name: 'a', Removal: 'kept' }], [{ Name: 'a', Removal: 'deleted' }])).toEqual([
      { path: '[0].Removal', before: 'kept', after: 'deleted' },
    ]);
  });

  test('allows a difference only through an entry that gives a reason, fields matched with wildcards', () => {
    const diff: Difference = { example: 'organization', stack: 'Pki-Root', kind: 'output-removed', id: 'RootCaArn' };
    const entries = parseAllowList(JSON.stringify([
      { kind: 'output-removed', stack: 'Pki-*', id: 'RootCa*', reason: 'constructs emit no CfnOutput; the examples add theirs' },
    ]));
    expect(allowedBy(diff, entries)?.reason).toMatch(/CfnOutput/);
    expect(allowedBy({ ...diff, kind: 'output-added' }, entries)).toBeUndefined();
    expect(allowedBy({ ...diff, stack: 'Other' }, entries)).toBeUndefined();
    expect(() => parseAllowList('[{ "kind": "output-removed" }]')).toThrow(/no reason/);
    expect(() => parseAllowList('[{ "kind": "output-gone", "reason": "r" }]')).toThrow(/unknown kind/);
    expect(() => parseAllowList('[{ "logicalId": "X", "reason": "r" }]')).toThrow(/unknown field 'logicalId'/);
    expect(() => parseAllowList('{}')).toThrow(/array/);
  });

  test('the checked-in allow-list is valid', () => {
    const file = path.join(__dirname, '..', '..', 'scripts', 'compare-templates.allowed.json');
    expect(() => parseAllowList(fs.readFileSync(file, 'utf8'))).not.toThrow();
  });

  test('the refactor of issue 13 (0a29580) synthesizes the same templates as d3f72c5, apart from the allowed changes', () => {
    const repository = path.join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, [
      require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', 'tsconfig.dev.json', 'scripts/compare-templates.ts',
      '--ref', 'd3f72c5', '--to', '0a29580',
    ], {
      cwd: repository,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      // Both commits are history: a call that a newer aws-cdk-lib deprecates there is not the library's today.
      env: { ...process.env, JSII_DEPRECATED: 'quiet' },
    });
    if (run.status !== 0) {
      throw new Error(`npx projen compare-templates exited ${run.status}:\n${run.stdout}${run.stderr}`);
    }
    expect(run.stdout).toMatch(/, 0 not allowed\.$/m);
  }, 120_000);
});
