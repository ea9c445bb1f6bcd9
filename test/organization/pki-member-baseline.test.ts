/**
 * PkiMemberBaseline: the StackSet (service-managed, automatic deployment, OUs, Regions, operation preferences), the
 * member template it rolls out (the expiry alarms, nothing else, no account or Region in it), the regional asset buckets
 * and the publication of the handlers into them (the asset manifests say where; the template reads from there), the
 * buckets' organization-scoped read policy (IAM simulator), validation, cfn-lint and cdk-nag.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { ACCOUNT, Built, build, ENV, ORG, OU, REGIONS, removeBuilds, resourcesOf } from './baseline-fixture';
import { ExpiryAlarms, PkiMemberBaseline, PkiMemberBaselineProps, RegionConcurrency } from '../../src';
import { cfnLint, cfnLintForTests, LINT_TIMEOUT_MS } from '../support/cfn-lint';
import { PolicyDocument, simulate } from '../support/iam-sim';
import { nagFindings } from '../support/nag';

afterAll(removeBuilds);

describe('the default baseline', () => {
  let b: Built;
  let management: any;
  let member: any;
  beforeAll(() => {
    b = build();
    management = b.template('PkiOrg.template.json');
    member = b.template(b.memberFile);
  });

  test('one StackSet: service-managed, automatic deployment, the OUs and Regions, preferences that deploy a quarter of a Region at once', () => {
    const [[, stackSet]] = resourcesOf(management, 'AWS::CloudFormation::StackSet');
    expect(stackSet.Properties).toMatchObject({
      StackSetName: 'cdk-pki-member-baseline',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_IAM'],
      OperationPreferences: {
        FailureTolerancePercentage: 10, MaxConcurrentPercentage: 25, RegionConcurrencyType: 'PARALLEL', ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU] }, Regions: REGIONS }],
    });
    expect(Object.keys(management.Resources).filter((id) => management.Resources[id].Type !== 'AWS::CDK::Metadata')).toHaveLength(1);
  });

  test('its TemplateURL is the member template, published as a file asset of the management stack', () => {
    const [[, stackSet]] = resourcesOf(management, 'AWS::CloudFormation::StackSet');
    const manifest = b.template('PkiOrg.assets.json');
    const entry = Object.entries(manifest.files as Record<string, any>).find(([, f]) => f.source.path === b.memberFile);
    expect(entry).toBeDefined();
    const [hash, file] = entry!;
    const destination: any = Object.values(file.destinations)[0];
    expect(JSON.stringify(stackSet.Properties.TemplateURL)).toContain(`${destination.bucketName}/${hash}.json`);
    // Not a stack of its own: cdk deploy does not deploy it.
    expect(b.app.synth().stacks.map((s) => s.stackName)).not.toContain(b.baseline.memberStack.stackName);
  });

  test('the member template holds what ExpiryAlarms builds in an account, nothing else, and names no account or Region', () => {
    const alone = new Stack(new App(), 'Alone');
    new ExpiryAlarms(alone, 'ExpiryAlarms', { discoverCertificateAuthorities: true });
    const expected = alone.resolve((alone as any)._toCloudFormation()).Resources;
    const types = (resources: Record<string, any>) => Object.values(resources).map((r) => r.Type).filter((t) => t !== 'AWS::CDK::Metadata').sort();
    expect(types(member.Resources)).toEqual(types(expected));
    // The management account appears only in the asset buckets' name, which the Region completes.
    const text = JSON.stringify(member).split(`cdk-pki-baseline-${ACCOUNT}-\${AWS::Region}`).join('');
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toMatch(/us-east-1|eu-west-1/);
    expect(member.Parameters?.BootstrapVersion).toBeUndefined();
  });

  test('each Region publishes the handlers into its bucket, under the key the member template reads', () => {
    const [[, fn]] = resourcesOf(member, 'AWS::Lambda::Function');
    expect(fn.Properties.Code.S3Bucket).toEqual({ 'Fn::Sub': `cdk-pki-baseline-${ACCOUNT}-\${AWS::Region}` });
    const key = fn.Properties.Code.S3Key;
    for (const region of REGIONS) {
      const manifest = b.template(`PkiOrg-Assets-${region}.assets.json`);
      const destinations = Object.values(manifest.files as Record<string, any>).flatMap((f: any) => Object.values(f.destinations)) as any[];
      expect(destinations).toContainEqual(expect.objectContaining({
        bucketName: `cdk-pki-baseline-${ACCOUNT}-${region}`,
        objectKey: key,
        region,
        assumeRoleArn: expect.stringContaining(`:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-${region}`),
      }));
    }
  });

  test('deployment order: each Region\'s bucket, then its publication, then the StackSet', () => {
    const stacks = new Map(b.app.synth().stacks.map((s) => [s.stackName, s.dependencies.map((d) => d.id)]));
    for (const region of REGIONS) {
      expect(stacks.get(`PkiOrg-Assets-${region}`)).toContain(`PkiOrg-AssetBucket-${region}`);
      expect(stacks.get('PkiOrg')).toContain(`PkiOrg-Assets-${region}`);
    }
    expect(b.baseline.regionalStacks.map((s) => s.region).sort()).toEqual([...REGIONS, ...REGIONS].sort());
  });

  test('the buckets: named per Region, private, encrypted, SSL only, kept', () => {
    for (const region of REGIONS) {
      const [[, bucket]] = resourcesOf(b.template(`PkiOrg-AssetBucket-${region}.template.json`), 'AWS::S3::Bucket');
      expect(bucket.Properties).toMatchObject({
        BucketName: `cdk-pki-baseline-${ACCOUNT}-${region}`,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });

  describe('the bucket policy (IAM simulator)', () => {
    const region = 'eu-west-1';
    const bucketArn = `arn:aws:s3:::cdk-pki-baseline-${ACCOUNT}-${region}`;
    let policy: PolicyDocument;
    beforeAll(() => {
      const [[, p]] = resourcesOf(b.template(`PkiOrg-AssetBucket-${region}.template.json`), 'AWS::S3::BucketPolicy');
      const resolve = (v: unknown): unknown => JSON.parse(JSON.stringify(v)
        .replace(/\{"Fn::GetAtt":\["Bucket[0-9A-F]{8}","Arn"\]\}/g, `"${bucketArn}"`)
        .replace(/\{"Fn::Join":\["",\["(arn:aws:s3:::[^"]+)","(\/\*)"\]\]\}/g, '"$1$2"')
        .replace(/\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["Bucket[0-9A-F]{8}","Arn"\]\},"\/\*"\]\]\}/g, `"${bucketArn}/*"`)
        .replace(/\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},"(:iam::[^"]+)"\]\]\}/g, '"arn:aws$1"'));
      policy = resolve(p.Properties.PolicyDocument) as PolicyDocument;
      expect(JSON.stringify(policy)).not.toContain('Fn::');
    });

    // The caller's own policy allows S3 (StackSets' execution role in a member account is an administrator): the bucket
    // policy decides.
    const admin: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const read = (principal: string, orgId: string | undefined, action = 's3:GetObject') => simulate({
      principal,
      action,
      resource: `${bucketArn}/abc.zip`,
      resourceAccount: ACCOUNT,
      resourcePolicy: policy,
      identityPolicies: [{ name: 'admin', policy: admin }],
      context: orgId ? { 'aws:PrincipalOrgID': orgId } : {},
    });

    test('an account of the organization may read the handlers', async () => {
      expect(await read('arn:aws:sts::555555555555:assumed-role/stacksets-exec-abc/session', ORG)).toBe('Allowed');
    });

    test('an account outside the organization may not, nor may anyone write', async () => {
      expect(await read('arn:aws:sts::666666666666:assumed-role/admin/session', 'o-otherorg12')).not.toBe('Allowed');
      expect(await read('arn:aws:sts::555555555555:assumed-role/stacksets-exec-abc/session', ORG, 's3:PutObject')).not.toBe('Allowed');
    });

    test('the bootstrap\'s publishing role of that Region may write', async () => {
      const role = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-${region}`;
      expect(await simulate({ principal: role, action: 's3:PutObject', resource: `${bucketArn}/abc.zip`, resourceAccount: ACCOUNT, resourcePolicy: policy }))
        .toBe('Allowed');
    });
  });

  const lint = cfnLintForTests('the member baseline templates');
  (lint ? test : test.skip)('cfn-lint passes the management, member and regional templates', () => {
    const files = fs.readdirSync(b.outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(b.outdir, f));
    expect(files.length).toBe(1 + 1 + 2 * REGIONS.length);
    const result = cfnLint(lint!, files);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, LINT_TIMEOUT_MS);

  test('cdk-nag finds nothing unacknowledged', () => {
    const findings = nagFindings(b.app);
    expect(findings).toEqual([]);
  });
});

test('options: a delegated administrator, retained stacks, other preferences, a central event bus', () => {
  const b = build({
    delegatedAdministrator: true,
    retainStacksOnAccountRemoval: true,
    failureTolerancePercentage: 0,
    maxConcurrentPercentage: 100,
    regionConcurrency: RegionConcurrency.SEQUENTIAL,
    stackSetName: 'pki-baseline',
    expiryAlarms: { centralEventBusArn: 'arn:aws:events:us-east-1:999999999999:event-bus/cdk-pki-events', configRule: false },
  });
  const [[, stackSet]] = resourcesOf(b.template('PkiOrg.template.json'), 'AWS::CloudFormation::StackSet');
  expect(stackSet.Properties).toMatchObject({
    StackSetName: 'pki-baseline',
    CallAs: 'DELEGATED_ADMIN',
    AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
    OperationPreferences: { FailureTolerancePercentage: 0, MaxConcurrentPercentage: 100, RegionConcurrencyType: 'SEQUENTIAL' },
  });
  const member = b.template(b.memberFile);
  expect(resourcesOf(member, 'AWS::Config::ConfigRule')).toHaveLength(0);
  expect(JSON.stringify(member)).toContain('arn:aws:events:us-east-1:999999999999:event-bus/cdk-pki-events');
});

describe('refused at synthesis', () => {
  test.each([
    [{ organizationalUnits: [] }, /organizationalUnits is empty/],
    [{ organizationalUnits: ['ou-bad'] }, /'ou-bad' is neither an OU id/],
    [{ organizationalUnits: [OU, OU] }, /names an OU twice/],
    [{ organizationalUnits: Array.from({ length: 51 }, (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`) }, /at most 50/],
    [{ regions: [] }, /regions is empty/],
    [{ regions: ['us-east-1', 'us-east-1'] }, /names a Region twice/],
    [{ organizationId: 'org-1' }, /is not an organization id/],
    [{ stackSetName: '1-bad' }, /stackSetName '1-bad' is not allowed/],
    [{ failureTolerancePercentage: 101 }, /failureTolerancePercentage 101 is not a whole number from 0 to 100/],
    [{ maxConcurrentPercentage: 0 }, /maxConcurrentPercentage 0 is not a whole number from 1 to 100/],
    [{ assetBucketPrefix: 'Bad_Prefix' }, /assetBucketPrefix 'Bad_Prefix' is not allowed/],
    [{ expiryAlarms: { centralEventBusArn: 'not-an-arn' } }, /expiryAlarms.centralEventBusArn 'not-an-arn' is not an event bus ARN/],
    [{ expiryAlarms: { centralEventBusArn: 'arn:aws:sns:us-east-1:999999999999:topic' } }, /is not an event bus ARN/],
    [{ bootstrapQualifier: 'qualifier-too-long' }, /bootstrapQualifier 'qualifier-too-long' is not a CDK bootstrap qualifier/],
    [{ bootstrapQualifier: 'has space' }, /is not a CDK bootstrap qualifier: cdk bootstrap --qualifier takes 1 to 10/],
  ])('%j', (props, message) => {
    expect(() => build(props as Partial<PkiMemberBaselineProps>)).toThrow(message);
  });

  test('a bootstrap qualifier from the context is checked too, and named as the context', () => {
    const app = new App({ context: { '@aws-cdk/core:bootstrapQualifier': 'much-too-long' } });
    const stack = new Stack(app, 'Org', { env: ENV });
    expect(() => new PkiMemberBaseline(stack, 'B', { organizationId: ORG, organizationalUnits: [OU], regions: REGIONS }))
      .toThrow(/the context '@aws-cdk\/core:bootstrapQualifier' 'much-too-long' is not a CDK bootstrap qualifier/);
  });

  test('a stack without account and Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new PkiMemberBaseline(stack, 'B', { organizationId: ORG, organizationalUnits: [OU], regions: REGIONS })).toThrow(/needs an env with account and region/);
  });
});
