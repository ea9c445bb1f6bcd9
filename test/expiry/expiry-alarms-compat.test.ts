/**
 * ExpiryAlarms before and after its split into constructs by job (issue 13): the examples' ExpiryAlarms and a
 * representative app with every option on synthesize the same resources, with the same logical ids and types,
 * as the code before the split did. The fixture was generated from the code before the split, with
 * `UPDATE_EXPIRY_FIXTURE=1 npx jest test/expiry/expiry-alarms-compat.test.ts` on an export of that commit;
 * regenerate it only for a documented change (a logical id that changes replaces a user's resource).
 *
 * The apps use the props that existed before the split (the day counts, now deprecated aliases), since those
 * are what users' existing stacks have; a second run of the representative app with the `Duration` successors
 * shows that they synthesize the same resources.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildOrganizationApp } from '../../examples/organization/app';
import { buildQuickStartApp } from '../../examples/quick-start/app';
import { CaExpiryReadRole, CertificateFilter, ExpiryAlarms, ExpiryAlarmsProps } from '../../src/expiry/expiry-alarms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';

const FIXTURE = path.join(__dirname, 'fixtures', 'expiry-alarms-resources.json');
/** The aws-cdk-lib the fixture was synthesized with (the lockfile's), and the one installed. */
const FIXTURE_AWS_CDK_LIB = '2.257.0';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AWS_CDK_LIB_VERSION = (require('aws-cdk-lib/package.json') as { version: string }).version;

const ENV = { account: '222222222222', region: 'eu-west-1' };
const CA_ACCOUNT = '111111111111';
const CERT_A = `arn:aws:acm:eu-west-1:${ENV.account}:certificate/aaaaaaaa-1111-4111-8111-111111111111`;
const CERT_B = `arn:aws:acm:eu-west-1:${ENV.account}:certificate/bbbbbbbb-1111-4111-8111-111111111111`;
const LOCAL_CA = `arn:aws:acm-pca:eu-west-1:${ENV.account}:certificate-authority/cccccccc-1111-4111-8111-111111111111`;
const OTHER_REGION_CA = `arn:aws:acm-pca:us-east-1:${ENV.account}:certificate-authority/dddddddd-1111-4111-8111-111111111111`;
const REMOTE_CA = `arn:aws:acm-pca:us-east-1:${CA_ACCOUNT}:certificate-authority/eeeeeeee-1111-4111-8111-111111111111`;
const READER_ROLE = `arn:aws:iam::${CA_ACCOUNT}:role/cdk-pki-ca-expiry-reader`;

/** One resource as the fixture records it. */
interface RecordedResource {
  readonly Type: string;
  /**
   * The resource's template entry (properties, dependencies, metadata, policies), asset hashes and Lambda code
   * replaced by placeholders: in full for the representative app, as a digest for the examples (whose
   * resources the representative app has too) to keep the fixture small.
   */
  readonly Definition?: unknown;
  readonly Sha256?: string;
}

/** Stack name to logical id to resource. */
type Recorded = Record<string, Record<string, RecordedResource>>;

/** Which props an app passes for thresholds: the day counts users have today, or their `Duration` successors. */
type Thresholds = 'days' | 'durations';

/** Days of the representative app's time props. */
interface DayValues {
  readonly events?: number;
  readonly warning?: number;
  readonly critical?: number;
  readonly configRule?: number;
  readonly caWarning?: number;
  readonly caCritical?: number;
}

/**
 * The time props of the representative app, in either form. The `Duration` form is built by name so that
 * this file also compiles against the code before the split, which generated the fixture.
 */
function thresholds(form: Thresholds, values: DayValues): Partial<ExpiryAlarmsProps> {
  if (form === 'days') {
    return {
      daysBeforeExpiry: values.events,
      warningDays: values.warning,
      criticalDays: values.critical,
      configRuleDaysToExpiration: values.configRule,
      caWarningDays: values.caWarning,
      caCriticalDays: values.caCritical,
    };
  }
  const d = (days?: number) => (days === undefined ? undefined : Duration.days(days));
  return {
    eventsBeforeExpiry: d(values.events),
    warningThreshold: d(values.warning),
    criticalThreshold: d(values.critical),
    configRuleThreshold: d(values.configRule),
    caWarningThreshold: d(values.caWarning),
    caCriticalThreshold: d(values.caCritical),
  } as unknown as Partial<ExpiryAlarmsProps>;
}

/** Every option of ExpiryAlarms, over several stacks (one construct cannot take them all at once). */
function buildRepresentativeApp(form: Thresholds, outdir: string): App {
  const app = new App({ outdir });

  // Defaults: a new topic and key, the account configuration, the ACM rules and the Config rule.
  // (One account configuration per account and Region: each stack of the app has a Region of its own.)
  new ExpiryAlarms(new Stack(app, 'Defaults', { env: { ...ENV, region: 'eu-central-1' } }), 'ExpiryAlarms');

  // Everything on: subscriptions, ARN filter, certificate alarms, Config rule days, local (construct and imported),
  // other-Region and cross-account CAs, discovery, and a new inventory bucket.
  {
    const stack = new Stack(app, 'Full', { env: ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'test', subject: { commonName: 'Test Root' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Test Issuing' } });
    new ExpiryAlarms(stack, 'ExpiryAlarms', {
      emailAddresses: ['pki-team@example.com', 'oncall@example.com'],
      httpsEndpoints: ['https://hooks.example.com/pki'],
      filter: CertificateFilter.certificateArns([CERT_A, CERT_B]),
      certificates: [acm.Certificate.fromCertificateArn(stack, 'CertA', CERT_A), acm.Certificate.fromCertificateArn(stack, 'CertB', CERT_B)],
      ...thresholds(form, { events: 30, warning: 40, critical: 10, configRule: 21, caWarning: 200, caCritical: 90 }),
      certificateAuthorities: [
        root, issuing,
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'LocalCa', LOCAL_CA),
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'OtherRegionCa', OTHER_REGION_CA),
      ],
      crossAccountCertificateAuthorities: [{ certificateAuthorityArn: REMOTE_CA, roleArn: READER_ROLE }],
      discoverCertificateAuthorities: true,
      inventory: { ownerTagKeys: ['Owner', 'CostCenter'] },
    });
  }

  // A topic and a bucket passed in, a tag filter with the Config rule, certificates of the stack (token ARNs, one
  // named twice), named CAs without discovery, an inventory on a schedule and prefix of its own, and a second
  // ExpiryAlarms of the account that leaves the account configuration to the first.
  {
    const stack = new Stack(app, 'PassedIn', { env: { ...ENV, region: 'eu-west-2' } });
    const key = new kms.Key(stack, 'TeamKey');
    const topic = new sns.Topic(stack, 'TeamTopic', { masterKey: key });
    const bucket = new s3.Bucket(stack, 'Reports');
    const cert = new acm.Certificate(stack, 'Cert', { domainName: 'service.example.com' });
    new ExpiryAlarms(stack, 'Expiry', {
      topic,
      filter: CertificateFilter.tags({ Team: 'payments', Env: 'prod' }),
      certificates: [cert, cert, acm.Certificate.fromCertificateArn(stack, 'Imported', CERT_A.replace('eu-west-1', 'eu-west-2'))],
      ...thresholds(form, { warning: 21, critical: 3, caWarning: 120, caCritical: 30 }),
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', LOCAL_CA)],
      inventory: { bucket, keyPrefix: 'acm/', schedule: events.Schedule.rate(Duration.days(7)) },
    });
    new ExpiryAlarms(stack, 'SecondExpiry', {
      configureAccount: false,
      configRule: false,
      filter: CertificateFilter.certificates([cert]),
      topic: new sns.Topic(stack, 'PlainTopic'),
    });
  }

  // An environment-agnostic stack: discovery only, no Config rule, a default inventory, a token threshold.
  new ExpiryAlarms(new Stack(app, 'Agnostic'), 'ExpiryAlarms', {
    configRule: false,
    discoverCertificateAuthorities: true,
    inventory: {},
    ...thresholds(form, { warning: Token.asNumber({ Ref: 'WarningDays' }) }),
  });

  // The CA account's read role.
  {
    const stack = new Stack(app, 'CaAccount', { env: { account: CA_ACCOUNT, region: 'us-east-1' } });
    new CaExpiryReadRole(stack, 'Reader', {
      monitoringAccounts: [ENV.account, '333333333333'],
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Ca', REMOTE_CA)],
    });
  }
  return app;
}

/** Constructs of the representative app that are plain aws-cdk-lib and handed to ExpiryAlarms: their resources count too. */
const PASSED_IN = new Set(['TeamKey', 'TeamTopic', 'Reports', 'Cert', 'PlainTopic']);

/**
 * The resources of each stack that belong to the expiry constructs: the subtrees of the ExpiryAlarms and
 * CaExpiryReadRoles, and, in the representative app, of the topics, key, bucket and certificate handed to them
 * (so a topic policy written on a topic passed in counts too). The CAs' own resources are other constructs'.
 */
function record(app: App, mode: 'examples' | 'representative'): Recorded {
  const assembly = app.synth();
  const recorded: Recorded = {};
  for (const stack of app.node.children.filter(Stack.isStack)) {
    const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, any> };
    const all = stack.node.findAll();
    const roots = all.filter((c) => c instanceof ExpiryAlarms || c instanceof CaExpiryReadRole
      || (mode === 'representative' && c.node.scope === stack && PASSED_IN.has(c.node.id)));
    const prefixes = roots.map((c) => `${c.node.path}/`);
    const ids = all
      .filter((c) => prefixes.some((p) => `${c.node.path}/`.startsWith(p)))
      .filter((c) => (c as { cfnResourceType?: string }).cfnResourceType !== undefined)
      // A part added after the split (the CA lifecycle events to the topic), which the fixture cannot have.
      .filter((c) => c.node.scope === undefined || c.node.scope.node.id !== 'CaRenewalRule')
      .map((c) => stack.resolve((c as unknown as { logicalId: string }).logicalId) as string);
    const resources: Record<string, RecordedResource> = {};
    for (const id of ids.sort()) {
      const resource = template.Resources[id];
      if (resource === undefined) continue; // a CfnResource removed from the template (none today)
      const definition = normalize(resource);
      resources[id] = mode === 'representative' ? { Type: resource.Type, Definition: definition } : { Type: resource.Type, Sha256: digest(definition) };
    }
    if (Object.keys(resources).length > 0) recorded[stack.stackName] = resources;
  }
  return recorded;
}

/** Asset hashes and the Lambda functions' code change with every handler change; they are not part of the comparison. */
function normalize(resource: any): unknown {
  const copy = JSON.parse(JSON.stringify(resource, (_k, v) => (typeof v === 'string' ? v.replace(/[0-9a-f]{64}/g, '<asset-hash>') : v)));
  if (copy.Type === 'AWS::Lambda::Function') copy.Properties.Code = '<code>';
  return copy;
}

/** Keys sorted at every level, so that the digest does not depend on the order properties were set in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function digest(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(definition))).digest('hex').slice(0, 16);
}

/** The fixture as JSON with one resource per line, for a readable diff. */
function serialize(recorded: Record<string, Recorded>): string {
  const lines = ['{'];
  Object.entries(recorded).forEach(([app, stacks], i, apps) => {
    lines.push(`  ${JSON.stringify(app)}: {`);
    Object.entries(stacks).forEach(([stack, resources], j, all) => {
      lines.push(`    ${JSON.stringify(stack)}: {`);
      Object.entries(resources).forEach(([id, r], k, rs) => lines.push(`      ${JSON.stringify(id)}: ${JSON.stringify(canonical(r))}${k < rs.length - 1 ? ',' : ''}`));
      lines.push(`    }${j < all.length - 1 ? ',' : ''}`);
    });
    lines.push(`  }${i < apps.length - 1 ? ',' : ''}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}

function recordAll(form: Thresholds): Record<string, Recorded> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-expiry-compat-'));
  try {
    return {
      'examples/organization': record(buildOrganizationApp({ outdir: path.join(outdir, 'organization') }), 'examples'),
      'examples/quick-start': record(buildQuickStartApp({ outdir: path.join(outdir, 'quick-start') }), 'examples'),
      'representative': record(buildRepresentativeApp(form, path.join(outdir, 'representative')), 'representative'),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Logical id to type, per app and stack. */
function idsAndTypes(recorded: Record<string, Recorded>): Record<string, Record<string, Record<string, string>>> {
  return Object.fromEntries(Object.entries(recorded).map(([app, stacks]) => [app, Object.fromEntries(Object.entries(stacks)
    .map(([stack, resources]) => [stack, Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]))]))]));
}

if (process.env.UPDATE_EXPIRY_FIXTURE === '1') {
  test('writes the fixture', () => {
    fs.mkdirSync(path.dirname(FIXTURE), { recursive: true });
    fs.writeFileSync(FIXTURE, serialize(recordAll('days')));
  });
} else {
  describe('ExpiryAlarms synthesizes what it did before the split into constructs by job', () => {
    const fixture = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, Recorded>;
    let now: Record<string, Recorded>;

    beforeAll(() => {
      now = recordAll('days');
    });

    test('the fixture covers the examples and every kind of resource of the representative app', () => {
      expect(Object.keys(fixture['examples/organization'])).toHaveLength(6);
      expect(Object.keys(fixture['examples/quick-start'])).toHaveLength(1);
      const types = new Set(Object.values(fixture.representative).flatMap((stack) => Object.values(stack).map((r) => r.Type)));
      expect([...types].sort()).toEqual([
        'AWS::CertificateManager::Account', 'AWS::CertificateManager::Certificate', 'AWS::CloudWatch::Alarm', 'AWS::Config::ConfigRule',
        'AWS::Events::Rule', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::KMS::Key', 'AWS::Lambda::Function', 'AWS::Lambda::Permission',
        'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::SNS::Subscription', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy',
        'Custom::PkiCaExpiryCheck',
      ]);
    });

    test('the same logical ids, with the same resource types', () => {
      expect(idsAndTypes(now)).toEqual(idsAndTypes(fixture));
    });

    // The fixture was synthesized with the lockfile's aws-cdk-lib, the floor of the peer range; other releases render some
    // properties their own way (a grant's resource list, say), so property for property only holds on that one.
    const fixtureLib = FIXTURE_AWS_CDK_LIB === AWS_CDK_LIB_VERSION ? test : test.skip;

    fixtureLib('the same resources, property for property (asset hashes and Lambda code aside)', () => {
      expect(now.representative).toEqual(canonical(fixture.representative));
      for (const app of ['examples/organization', 'examples/quick-start']) {
        expect(now[app]).toEqual(fixture[app]);
      }
    });

    fixtureLib('the Duration thresholds synthesize the same resources as the day counts they replace', () => {
      expect(recordAll('durations').representative).toEqual(canonical(fixture.representative));
    });
  });
}
