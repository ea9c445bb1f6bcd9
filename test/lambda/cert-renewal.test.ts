/**
 * The cert-renewal handler against an in-memory ACM and AWS Private CA (cert-renewal-fake.ts), with real
 * keys and certificates made in the test: what a renewal changes (a new key, the same subject and SANs, a
 * later NotAfter, the same ARN, the chain, the state tags, events, the topic), what it leaves alone, and
 * how it behaves under duplicates, concurrency, throttling, a failing source and bad tags.
 */
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { ACMClient } from '@aws-sdk/client-acm';
import * as x509 from '@peculiar/x509';
import { createHandler } from '../../lambda/cert-renewal';
import type { RenewalHandlerOptions } from '../../lambda/cert-renewal';
import { Clients } from '../../lambda/cert-renewal/aws';
import { RENEWAL_EVENT_DETAIL_TYPE, RENEWAL_EVENT_SOURCE, RENEWAL_STATE_TAG_KEYS } from '../../src/private/contracts/renewal';
import type { RenewalConfiguration } from '../../src/private/contracts/renewal';
import { ACCOUNT, DAY, FakeAws, REGION, awsError, httpHandlerFor, mockWith } from '../support/cert-renewal-fake';
import { createLeafCertificate, createRootCa } from '../support/pki';
import type { CaMaterial, LeafKey, LeafOptions } from '../support/pki';

const CA_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/11111111-1111-4111-8111-111111111111`;
const REMOTE_CA_ARN = 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/22222222-2222-4222-8222-222222222222';
const ROLE_ARN = 'arn:aws:iam::444444444444:role/pki/cdk-pki-renewal-issuer';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:renewal-failures`;
const END_ENTITY = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';
const SERVER_AUTH = 'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1';

const CONFIGURATION: RenewalConfiguration = {
  partition: 'aws',
  renewBeforeDays: 30,
  minimumIntervalSeconds: 86_400,
  leaseSeconds: 960,
  configRuleName: 'cdk-pki-expiration',
  failureTopicArn: TOPIC_ARN,
  sources: {
    'private-ca': { certificateAuthorityArns: [CA_ARN, REMOTE_CA_ARN], templateArns: [END_ENTITY, SERVER_AUTH], roleArns: [ROLE_ARN] },
  },
};

const OPT_IN = { 'cdk-pki:renewal-source': 'private-ca', 'cdk-pki:ca-arn': CA_ARN };
const CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };

let ca: CaMaterial;
let remoteCa: CaMaterial;
let fake: FakeAws;
let logs: string[];
const mocks = mockWith(() => fake);

function handler(options: Partial<RenewalHandlerOptions> = {}) {
  return createHandler({
    region: REGION,
    credentials: CREDENTIALS,
    configuration: CONFIGURATION,
    // The production settle time, without waiting for it: a loaded test machine must not make a lease
    // write look slow. The test of a slow write moves the clock itself.
    settleMs: 2000,
    sleep: async () => {},
    sources: { privateCa: { waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 5 } } },
    ...options,
  });
}

const sweepEvent = { 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'resources': [] as string[] };
function acmEvent(arn: string) {
  return { 'source': 'aws.acm', 'detail-type': 'ACM Certificate Approaching Expiration', 'resources': [arn], 'detail': { DaysToExpiry: 5 } };
}
function configEvent(resourceId: string, complianceType = 'NON_COMPLIANT') {
  return {
    'source': 'aws.config',
    'detail-type': 'Config Rules Compliance Change',
    'region': REGION,
    'account': ACCOUNT,
    'detail': {
      resourceId,
      resourceType: 'AWS::ACM::Certificate',
      awsRegion: REGION,
      awsAccountId: ACCOUNT,
      configRuleName: 'cdk-pki-expiration',
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: { complianceType },
    },
  };
}

/** An imported certificate in the fake ACM, expiring in `days` days, with these tags. */
async function imported(tags: Record<string, string>, options: LeafOptions & { key?: LeafKey; days?: number; type?: 'IMPORTED' | 'AMAZON_ISSUED' } = {}) {
  // EC keys by default: RSA key generation is slow, and the tests that need RSA say so.
  const { pem } = await createLeafCertificate(ca, options.key ?? { curve: 'P-256' }, {
    subject: 'CN=app.example.com, O=Example Corp, C=US',
    dnsNames: ['app.example.com', 'www.app.example.com'],
    ipAddresses: ['10.0.0.1'],
    notBefore: new Date(Date.now() - 80 * DAY),
    notAfter: new Date(Date.now() + (options.days ?? 10) * DAY),
    ...options,
  });
  return { arn: fake.addCertificate(pem, tags, { type: options.type, chain: ca.pem }), pem };
}

/** The reason of the last state change, in full (the tag has it sanitized to ACM's tag characters). */
function lastReason(): string {
  const all = events();
  return all[all.length - 1].reason;
}

function events(): Array<{ status: string; reason: string; certificateArn: string; previousStatus?: string }> {
  return fake.callsOf('PutEvents').flatMap((i) => i.Entries).map((e: { Source: string; DetailType: string; Detail: string }) => {
    expect(e).toMatchObject({ Source: RENEWAL_EVENT_SOURCE, DetailType: RENEWAL_EVENT_DETAIL_TYPE });
    return JSON.parse(e.Detail);
  });
}

/** Every tag key the handler wrote or removed. */
function touchedTagKeys(): string[] {
  return [...fake.callsOf('AddTagsToCertificate'), ...fake.callsOf('RemoveTagsFromCertificate')].flatMap((i) => i.Tags.map((t: { Key: string }) => t.Key));
}

beforeAll(async () => {
  ca = await createRootCa({ commonName: 'Issuing CA' });
  remoteCa = await createRootCa({ commonName: 'Remote Issuing CA', family: 'EC' });
});

beforeEach(() => {
  fake = new FakeAws();
  fake.addCa({ arn: CA_ARN, material: ca });
  fake.addCa({ arn: REMOTE_CA_ARN, material: remoteCa, keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA' });
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logs.push(args.map(String).join(' ')); });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('a renewal', () => {
  test('re-imports a new certificate with a new key, the same subject and SANs, a later NotAfter and the chain, under the same ARN', async () => {
    const { arn, pem: before } = await imported(OPT_IN, { key: { rsa: 2048 } });

    const result = await handler()(acmEvent(arn));

    expect(result).toEqual({ trigger: 'acm-event', renewed: [arn], failed: [], pending: [], skipped: 0 });
    const imports = fake.callsOf('ImportCertificate');
    expect(imports).toHaveLength(1);
    expect(imports[0].CertificateArn).toBe(arn);
    expect(imports[0].Tags).toBeUndefined();
    const [old, renewed] = [new X509Certificate(before), new X509Certificate(Buffer.from(imports[0].Certificate).toString())];
    const key = Buffer.from(imports[0].PrivateKey).toString();
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(renewed.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).not.toEqual(old.publicKey.export({ type: 'spki', format: 'der' }));
    expect(renewed.publicKey.asymmetricKeyDetails).toEqual(old.publicKey.asymmetricKeyDetails);
    expect(renewed.subject).toBe(old.subject);
    expect(renewed.subjectAltName).toBe(old.subjectAltName);
    expect(new Date(renewed.validTo).getTime()).toBeGreaterThan(new Date(old.validTo).getTime());
    const chain = new X509Certificate(Buffer.from(imports[0].CertificateChain).toString());
    expect(renewed.checkIssued(chain) && renewed.verify(chain.publicKey)).toBe(true);
    expect(fake.certificates.get(arn)!.pem).toBe(Buffer.from(imports[0].Certificate).toString());

    expect(fake.tagsOf(arn)).toEqual({
      ...OPT_IN,
      'cdk-pki:renewal-status': 'renewal complete',
      'cdk-pki:renewal-reason': expect.stringMatching(new RegExp(`^renewed by ${CA_ARN}: serial [0-9a-f:]+ valid until \\d{4}-`)),
      'cdk-pki:renewal-updated-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(events().map((e) => e.status)).toEqual(['pending renewal', 'renewal in progress', 'renewal complete']);
    expect(events()[2]).toMatchObject({ certificateArn: arn, previousStatus: 'renewal in progress', trigger: 'acm-event', source: 'private-ca' });
    expect(fake.callsOf('Publish')).toHaveLength(0);
  });

  test('asks the CA with the default template, the current validity, the CA\'s signing algorithm and an idempotency token', async () => {
    const { arn } = await imported(OPT_IN);

    await handler()(acmEvent(arn));

    const [issue] = fake.callsOf('IssueCertificate');
    expect(issue).toMatchObject({
      CertificateAuthorityArn: CA_ARN, TemplateArn: END_ENTITY, SigningAlgorithm: 'SHA256WITHRSA', Validity: { Type: 'DAYS', Value: 90 },
    });
    expect(issue.IdempotencyToken).toMatch(/^[0-9a-f]{32}$/);
    const csr = new x509.Pkcs10CertificateRequest(Buffer.from(issue.Csr).toString());
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toBe('CN=app.example.com, O=Example Corp, C=US');
    expect(fake.calls.find((c) => c.op === 'IssueCertificate')).toMatchObject({ region: REGION, accessKeyId: 'AKIDOWN' });
  });

  test.each([
    ['EC P-256', { curve: 'P-256' } as LeafKey, 'EC PRIVATE KEY', { namedCurve: 'prime256v1' }],
    ['EC P-384', { curve: 'P-384' } as LeafKey, 'EC PRIVATE KEY', { namedCurve: 'secp384r1' }],
    ['RSA 3072', { rsa: 3072 } as LeafKey, 'RSA PRIVATE KEY', { modulusLength: 3072, publicExponent: 65537n }],
  ])('keeps the algorithm and size of a %s key', async (_name, key, label, details) => {
    const { arn } = await imported(OPT_IN, { key });

    await handler()(acmEvent(arn));

    const [imported_] = fake.callsOf('ImportCertificate');
    expect(Buffer.from(imported_.PrivateKey).toString()).toContain(`-----BEGIN ${label}-----`);
    expect(new X509Certificate(Buffer.from(imported_.Certificate).toString()).publicKey.asymmetricKeyDetails).toEqual(details);
  });

  test('follows the tags: template by name, validity, signing algorithm, and a CA in another account through a role', async () => {
    const { arn } = await imported({
      'cdk-pki:renewal-source': 'private-ca',
      'cdk-pki:ca-arn': REMOTE_CA_ARN,
      'cdk-pki:template-arn': 'EndEntityServerAuthCertificate/V1',
      'cdk-pki:validity-days': '45',
      'cdk-pki:signing-algorithm': 'SHA512WITHECDSA',
      'cdk-pki:role-arn': ROLE_ARN,
      'cdk-pki:key-algorithm': 'EC_prime256v1',
    });

    const result = await handler()(acmEvent(arn));

    expect(result.renewed).toEqual([arn]);
    expect(fake.callsOf('AssumeRole')).toEqual([expect.objectContaining({ RoleArn: ROLE_ARN, RoleSessionName: 'cdk-pki-cert-renewal' })]);
    expect(fake.calls.find((c) => c.op === 'AssumeRole')).toMatchObject({ region: 'us-east-1', accessKeyId: 'AKIDOWN' });
    expect(fake.calls.find((c) => c.op === 'IssueCertificate')).toMatchObject({
      region: 'us-east-1',
      accessKeyId: 'ASIAROLE',
      input: { TemplateArn: SERVER_AUTH, Validity: { Type: 'DAYS', Value: 45 }, SigningAlgorithm: 'SHA512WITHECDSA' },
    });
    const renewed = new X509Certificate(Buffer.from(fake.callsOf('ImportCertificate')[0].Certificate).toString());
    expect(Math.round((new Date(renewed.validTo).getTime() - Date.now()) / DAY)).toBe(45);
  });

  test('never logs, publishes or emits the private key', async () => {
    const { arn } = await imported(OPT_IN);
    await handler()(acmEvent(arn));
    const key = Buffer.from(fake.callsOf('ImportCertificate')[0].PrivateKey).toString();
    const keyBody = key.split('\n')[1];

    const everythingSaid = [...logs, JSON.stringify(fake.callsOf('PutEvents')), JSON.stringify(fake.callsOf('Publish'))].join('\n');
    expect(everythingSaid).not.toContain('PRIVATE KEY');
    expect(everythingSaid).not.toContain(keyBody);
    expect(everythingSaid).not.toContain('BEGIN CERTIFICATE');
    expect(logs.some((l) => l.includes('"message":"certificate renewed"'))).toBe(true);
  });

  test('writes a metric per renewal in embedded metric format', async () => {
    const { arn } = await imported(OPT_IN);
    await handler()(acmEvent(arn));
    const metrics = logs.map((l) => JSON.parse(l)).filter((l) => l._aws);
    expect(metrics).toEqual([expect.objectContaining({
      _aws: expect.objectContaining({ CloudWatchMetrics: [{ Namespace: 'cdk-pki', Dimensions: [['FunctionName']], Metrics: [{ Name: 'CertificatesRenewed', Unit: 'Count' }] }] }),
      CertificatesRenewed: 1,
    })]);
  });
});

describe('triggers', () => {
  test('a Config rule turning NON_COMPLIANT renews the certificate it names', async () => {
    const { arn } = await imported(OPT_IN);
    expect(await handler()(configEvent(arn))).toMatchObject({ trigger: 'config-rule', renewed: [arn] });
  });

  test('a Config resource id that is a bare certificate id is read as the certificate in the event\'s account and Region', async () => {
    const { arn } = await imported(OPT_IN);
    expect(await handler()(configEvent(arn.split('/')[1]))).toMatchObject({ renewed: [arn] });
  });

  test.each([
    ['a Config event that is not NON_COMPLIANT', () => configEvent('x', 'COMPLIANT')],
    ['an event from somewhere else', () => ({ 'source': 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' })],
    ['a manual renewal of something that is not an ACM ARN', () => ({ action: 'renew' as const, certificateArn: 'arn:aws:iam::123456789012:role/x' })],
  ])('%s is ignored', async (_name, event) => {
    const result = await handler()(event() as never);
    expect(result.ignored).toBeDefined();
    expect(fake.calls).toHaveLength(0);
  });

  test('a manual renewal with force renews a certificate that is not due yet', async () => {
    const { arn } = await imported(OPT_IN, { days: 200 });
    expect((await handler()({ action: 'renew', certificateArn: arn })).skipped).toBe(1);
    expect(await handler()({ action: 'renew', certificateArn: arn, force: true })).toMatchObject({ trigger: 'manual', renewed: [arn] });
  });
});

describe('what is left alone', () => {
  test.each([
    ['a certificate that has not opted in', {}, 10, 'IMPORTED'],
    ['a certificate that is not due', OPT_IN, 45, 'IMPORTED'],
    ['a certificate ACM issued', OPT_IN, 10, 'AMAZON_ISSUED'],
  ] as const)('%s: no tag is written and nothing is issued', async (_name, tags, days, type) => {
    const { arn } = await imported({ ...tags }, { days, type });

    const result = await handler()(acmEvent(arn));

    expect(result).toMatchObject({ renewed: [], failed: [], skipped: 1 });
    expect(touchedTagKeys()).toEqual([]);
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
  });

  test('a certificate that does not exist (deleted since the event)', async () => {
    const result = await handler()(acmEvent(`arn:aws:acm:${REGION}:${ACCOUNT}:certificate/99999999-0000-4000-8000-000000000000`));
    expect(result).toMatchObject({ renewed: [], failed: [], skipped: 1 });
  });
});

describe('duplicates and concurrency', () => {
  test('two triggers at the same time renew the certificate once', async () => {
    const { arn } = await imported(OPT_IN);

    const results = await Promise.all([handler()(acmEvent(arn)), handler()(configEvent(arn)), handler()(sweepEvent)]);

    expect(results.flatMap((r) => r.renewed)).toEqual([arn]);
    expect(fake.callsOf('IssueCertificate')).toHaveLength(1);
    expect(fake.callsOf('ImportCertificate')).toHaveLength(1);
    expect(fake.tagsOf(arn)['cdk-pki:renewal-status']).toBe('renewal complete');
    expect(fake.tagsOf(arn)['cdk-pki:renewal-lease']).toBeUndefined();
  });

  test('a trigger after a renewal leaves the certificate alone, even when its new validity is short', async () => {
    // A short-lived certificate is due again at once; the minimum interval keeps it from being renewed again.
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:validity-days': '7' }, { days: 3 });
    await handler()(acmEvent(arn));

    const second = await handler()(configEvent(arn));

    expect(second).toMatchObject({ renewed: [], skipped: 1 });
    expect(fake.callsOf('ImportCertificate')).toHaveLength(1);
    expect(logs.some((l) => l.includes('"why":"recently-renewed"'))).toBe(true);
  });

  test('once the minimum interval has passed, a still-due certificate is renewed again', async () => {
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:validity-days': '7' }, { days: 3 });
    await handler()(acmEvent(arn));

    const later = new Date(Date.now() + 2 * DAY);
    fake.now = () => later.getTime();
    expect(await handler({ now: () => later })(acmEvent(arn))).toMatchObject({ renewed: [arn] });
  });

  test('a lease held by another renewal is respected; a lapsed one is taken over', async () => {
    const held = `0123456789abcdef@${new Date(Date.now() + 600_000).toISOString()}`;
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:renewal-status': 'renewal in progress', 'cdk-pki:renewal-lease': held });

    expect(await handler()(acmEvent(arn))).toMatchObject({ renewed: [], skipped: 1 });
    expect(touchedTagKeys()).toEqual([]);

    const afterLapse = new Date(Date.now() + 700_000);
    expect(await handler({ now: () => afterLapse })(acmEvent(arn))).toMatchObject({ renewed: [arn] });
  });

  test('a lease write slower than the settle time is given up (it may have overwritten a newer lease)', async () => {
    const { arn } = await imported(OPT_IN);
    let clock = Date.now();
    fake.after = (op, input) => {
      if (op === 'AddTagsToCertificate' && input.Tags.some((t: { Key: string }) => t.Key === 'cdk-pki:renewal-lease')) clock += 5_000;
    };

    const result = await handler({ now: () => new Date(clock) })(acmEvent(arn));

    expect(result).toMatchObject({ renewed: [], skipped: 1 });
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
    expect(fake.tagsOf(arn)['cdk-pki:renewal-lease']).toBeUndefined();
  });

  test('a certificate re-imported by someone else while the new one was issued is not overwritten', async () => {
    const { arn } = await imported(OPT_IN);
    const { pem: replacement } = await createLeafCertificate(ca, { rsa: 2048 }, { subject: 'CN=app.example.com', notAfter: new Date(Date.now() + 300 * DAY) });
    fake.after = (op) => {
      if (op === 'IssueCertificate') fake.certificates.get(arn)!.pem = replacement;
    };

    const result = await handler()(acmEvent(arn));

    expect(result).toMatchObject({ renewed: [], failed: [], skipped: 1 });
    expect(fake.callsOf('ImportCertificate')).toHaveLength(0);
    expect(fake.certificates.get(arn)!.pem).toBe(replacement);
  });
});

describe('the sweep', () => {
  test('pages through every imported certificate of every key type, renews the due opted-in ones, and survives a bad one', async () => {
    const due1 = await imported(OPT_IN);
    const bad = await imported({ ...OPT_IN, 'cdk-pki:ca-arn': 'arn:aws:acm-pca:eu-west-1:123:ca/x' });
    const notOptedIn = await imported({});
    const notDue = await imported(OPT_IN, { days: 100 });
    const acmIssued = await imported(OPT_IN, { type: 'AMAZON_ISSUED' });
    const due2 = await imported(OPT_IN, { key: { curve: 'P-384' } });
    const expired = await imported(OPT_IN, { notBefore: new Date(Date.now() - 40 * DAY), notAfter: new Date(Date.now() - DAY) });

    const result = await handler()(sweepEvent);

    expect(result.renewed.sort()).toEqual([due1.arn, due2.arn, expired.arn].sort());
    expect(result.failed).toEqual([bad.arn]);
    const lists = fake.callsOf('ListCertificates');
    expect(lists.length).toBe(1);
    expect(lists[0].Includes.keyTypes).toEqual(['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1']);
    for (const untouched of [notOptedIn, notDue, acmIssued]) {
      expect(fake.callsOf('AddTagsToCertificate').filter((i) => i.CertificateArn === untouched.arn)).toEqual([]);
    }
    // Certificates not due by ListCertificates' NotAfter are not even described.
    expect(fake.callsOf('DescribeCertificate').map((i) => i.CertificateArn)).not.toContain(notDue.arn);
  });

  test('follows NextToken across pages', async () => {
    const arns = [];
    for (let i = 0; i < 5; i++) arns.push((await imported(OPT_IN)).arn);
    const options = { concurrency: 2 };
    // The fake pages by MaxItems; the handler asks for 500 a page, so page by 2 here.
    const original = fake.handle.bind(fake);
    fake.handle = (op, input, meta) => original(op, op === 'ListCertificates' ? { ...input, MaxItems: 2 } : input, meta);

    const result = await handler(options)(sweepEvent);

    expect(fake.callsOf('ListCertificates').map((i) => i.NextToken)).toEqual([undefined, '2', '4']);
    expect(result.renewed.sort()).toEqual(arns.sort());
  });

  test('out of time, it marks the due certificates pending for the next run instead of starting them', async () => {
    const { arn } = await imported(OPT_IN);

    const result = await handler({ reserveMs: 10 * 60_000 })(sweepEvent, { getRemainingTimeInMillis: () => 5 * 60_000 });

    expect(result).toMatchObject({ renewed: [], failed: [], pending: [arn] });
    expect(fake.tagsOf(arn)).toMatchObject({
      'cdk-pki:renewal-status': 'pending renewal',
      'cdk-pki:renewal-reason': expect.stringContaining('the sweep ran out of time'),
    });
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
  });
});

describe('failures', () => {
  test('a source that fails marks the certificate failed, tells the topic, releases the lease and imports nothing', async () => {
    const { arn, pem } = await imported(OPT_IN);
    fake.failures.IssueCertificate = awsError('AccessDeniedException', 'User is not authorized to perform acm-pca:IssueCertificate');

    const result = await handler()(acmEvent(arn));

    expect(result).toMatchObject({ renewed: [], failed: [arn] });
    expect(fake.certificates.get(arn)!.pem).toBe(pem);
    const tags = fake.tagsOf(arn);
    expect(tags['cdk-pki:renewal-status']).toBe('renewal failed');
    expect(tags['cdk-pki:renewal-reason']).toMatch(/^access denied: IssueCertificate on CA arn:aws:acm-pca:\S+ with the function s own role/);
    expect(lastReason()).toMatch(/^access denied: IssueCertificate on CA .*; check that it allows acm-pca:IssueCertificate with template/);
    expect(tags['cdk-pki:renewal-lease']).toBeUndefined();
    const [published] = fake.callsOf('Publish');
    expect(published).toMatchObject({ TopicArn: TOPIC_ARN, Subject: 'cdk-pki: renewal failed for app.example.com' });
    expect(published.Message).toContain(arn);
    expect(published.Message).toContain('User is not authorized to perform acm-pca:IssueCertificate');
    expect(events().map((e) => e.status)).toEqual(['pending renewal', 'renewal in progress', 'renewal failed']);
    expect(logs.some((l) => l.includes('"CertificateRenewalsFailed":1'))).toBe(true);
  });

  test('a failed certificate is retried only after the minimum interval', async () => {
    const { arn } = await imported(OPT_IN);
    fake.failures.IssueCertificate = awsError('InternalFailure', 'oops');
    await handler()(acmEvent(arn));
    expect((await handler()(acmEvent(arn))).skipped).toBe(1);
    const later = new Date(Date.now() + 2 * DAY);
    expect(await handler({ now: () => later })(acmEvent(arn))).toMatchObject({ renewed: [arn] });
  });

  test('a certificate the CA issues without the SANs is not imported', async () => {
    const { arn } = await imported(OPT_IN);
    fake.dropSans = true;

    const result = await handler()(acmEvent(arn));

    expect(result.failed).toEqual([arn]);
    expect(lastReason()).toMatch(/subject alternative names differ \(missing DNS:app.example.com, missing DNS:www.app.example.com, missing IP:10.0.0.1\)/);
    expect(fake.callsOf('ImportCertificate')).toHaveLength(0);
  });

  test('a certificate that would outlive its CA is not requested', async () => {
    fake.cas.get(CA_ARN)!.notAfter = new Date(Date.now() + 50 * DAY);
    const { arn } = await imported(OPT_IN);

    await handler()(acmEvent(arn));

    expect(lastReason()).toMatch(/after CA .* expires on .*: set cdk-pki:validity-days to at most 4[89], or renew the CA first/);
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
  });

  test('a CA that is not ACTIVE is reported', async () => {
    fake.cas.get(CA_ARN)!.status = 'DISABLED';
    const { arn } = await imported(OPT_IN);
    await handler()(acmEvent(arn));
    expect(lastReason()).toMatch(/is DISABLED, not ACTIVE, and cannot issue: activate it/);
    expect(fake.tagsOf(arn)['cdk-pki:renewal-reason']).toMatch(/is DISABLED not ACTIVE and cannot issue: activate it/);
  });
});

describe('bad input: the certificate is marked failed with what to fix, and nothing else is touched', () => {
  const cases: Array<[string, Record<string, string>, LeafKey, RegExp]> = [
    ['a malformed CA ARN', { 'cdk-pki:ca-arn': 'arn:aws:acm-pca:eu-west-1:12345:not-a-ca' }, { curve: 'P-256' },
      /^tag cdk-pki:ca-arn is 'arn:aws:acm-pca:eu-west-1:12345:not-a-ca', which is not an AWS Private CA ARN/],
    ['no CA ARN', { 'cdk-pki:ca-arn': '' }, { curve: 'P-256' }, /^tag cdk-pki:ca-arn is missing: set it to the ARN of the AWS Private CA/],
    ['a CA the renewal may not use', { 'cdk-pki:ca-arn': 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/99999999-9999-4999-8999-999999999999' },
      { curve: 'P-256' }, /which this renewal may not issue from .* add the CA to RenewalSource.privateCa\(\{ certificateAuthorities \}\)/],
    ['an unknown source', { 'cdk-pki:renewal-source': 'acme' }, { curve: 'P-256' },
      /^tag cdk-pki:renewal-source is 'acme', a source this renewal does not know \(it knows private-ca\): fix the tag/],
    ['a template the renewal may not use', { 'cdk-pki:template-arn': 'SubordinateCACertificate_PathLen0/V1' }, { curve: 'P-256' },
      /^tag cdk-pki:template-arn is 'SubordinateCACertificate_PathLen0\/V1', a template this renewal may not issue with/],
    ['a validity that is not a number of days', { 'cdk-pki:validity-days': '1y' }, { curve: 'P-256' },
      /^tag cdk-pki:validity-days is '1y', not a whole number of days from 1 to 36500/],
    ['an unknown signing algorithm', { 'cdk-pki:signing-algorithm': 'MD5WITHRSA' }, { curve: 'P-256' },
      /^tag cdk-pki:signing-algorithm is 'MD5WITHRSA', not one of SHA256WITHRSA/],
    ['a malformed role ARN', { 'cdk-pki:role-arn': 'my-role' }, { curve: 'P-256' }, /^tag cdk-pki:role-arn is 'my-role', which is not an IAM role ARN/],
    ['a role the renewal may not assume', { 'cdk-pki:role-arn': 'arn:aws:iam::444444444444:role/other' }, { curve: 'P-256' },
      /which this renewal may not assume .* add the role to RenewalSource.privateCa\(\{ roleArns \}\)/],
    ['a key algorithm change', { 'cdk-pki:key-algorithm': 'RSA_2048' }, { curve: 'P-256' },
      /^tag cdk-pki:key-algorithm asks for RSA_2048, but the certificate has a EC_prime256v1 key, and ACM keeps the key type and size/],
    ['a key type the source cannot issue (RSA 1024)', {}, { rsa: 1024 },
      /^the certificate has a RSA_1024 key; source private-ca issues certificates only for RSA_2048, .* import a new certificate/],
  ];

  test.each(cases)('%s', async (_name, overrides, key, reason) => {
    const { arn, pem } = await imported({ ...OPT_IN, ...overrides }, { key });

    const result = await handler()(acmEvent(arn));

    expect(result.failed).toEqual([arn]);
    const tags = fake.tagsOf(arn);
    expect(tags['cdk-pki:renewal-status']).toBe('renewal failed');
    expect(lastReason()).toMatch(reason);
    const published = fake.callsOf('Publish')[0].Message as string;
    expect(published).toContain(`Reason: ${lastReason()}`);
    expect(tags['cdk-pki:renewal-reason'].length).toBeLessThanOrEqual(255);
    expect(tags['cdk-pki:renewal-reason']).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
    expect(touchedTagKeys().every((k) => RENEWAL_STATE_TAG_KEYS.includes(k))).toBe(true);
    expect(fake.calls.map((c) => c.op).filter((op) => !['DescribeCertificate', 'ListTagsForCertificate', 'GetCertificate', 'AddTagsToCertificate',
      'PutEvents', 'Publish'].includes(op))).toEqual([]);
    expect(fake.certificates.get(arn)!.pem).toBe(pem);
    expect(events().map((e) => e.status)).toEqual(['renewal failed']);
  });
});

describe('a certificate of a CA generation replaced on purpose', () => {
  const OLD_CA_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/33333333-3333-4333-8333-333333333333`;
  const identity = { 'cdk-pki:hierarchy': 'corp', 'cdk-pki:ca-name': 'issuing' };
  /** The construct's configuration: the current generation (CA_ARN) named as the successor of CAs with its hierarchy and name. */
  const withSuccessors = (entries: string[]): RenewalConfiguration => ({
    ...CONFIGURATION,
    sources: { 'private-ca': { ...CONFIGURATION.sources['private-ca'], successors: entries } },
  });

  test('is renewed from the current generation of the same CA (same hierarchy and name, same account and Region)', async () => {
    fake.addCa({ arn: OLD_CA_ARN, material: ca, tags: { ...identity, 'cdk-pki:generation': '1' } });
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:ca-arn': OLD_CA_ARN });
    const result = await handler({ configuration: withSuccessors([`corp/issuing/${CA_ARN}`]) })(acmEvent(arn));
    expect(result.renewed).toEqual([arn]);
    expect(fake.callsOf('ListTags')).toEqual([{ CertificateAuthorityArn: OLD_CA_ARN }]);
    expect(fake.callsOf('IssueCertificate').map((c) => c.CertificateAuthorityArn)).toEqual([CA_ARN]);
    expect(fake.tagsOf(arn)['cdk-pki:renewal-reason']).toMatch(new RegExp(`^renewed by ${CA_ARN}`));
  });

  test.each([
    ['another CA name', { 'cdk-pki:hierarchy': 'corp', 'cdk-pki:ca-name': 'other' }],
    ['another hierarchy', { 'cdk-pki:hierarchy': 'lab', 'cdk-pki:ca-name': 'issuing' }],
    ['no tags', {}],
  ])('a CA of %s is not the successor\'s: refused as before, nothing issued', async (_what, tags) => {
    fake.addCa({ arn: OLD_CA_ARN, material: ca, tags });
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:ca-arn': OLD_CA_ARN });
    await handler({ configuration: withSuccessors([`corp/issuing/${CA_ARN}`]) })(acmEvent(arn));
    expect(lastReason()).toMatch(/which this renewal may not issue from .* add the CA to RenewalSource.privateCa/);
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
  });

  test('a successor in another account or Region is not taken, even with the same tags', async () => {
    fake.addCa({ arn: OLD_CA_ARN, material: ca, tags: identity });
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:ca-arn': OLD_CA_ARN });
    await handler({ configuration: withSuccessors([`corp/issuing/${REMOTE_CA_ARN}`]) })(acmEvent(arn));
    expect(lastReason()).toMatch(/which this renewal may not issue from/);
    expect(fake.callsOf('IssueCertificate')).toHaveLength(0);
  });

  test('without successors in the configuration (an earlier version\'s), the CA\'s tags are not even read', async () => {
    fake.addCa({ arn: OLD_CA_ARN, material: ca, tags: identity });
    const { arn } = await imported({ ...OPT_IN, 'cdk-pki:ca-arn': OLD_CA_ARN });
    await handler()(acmEvent(arn));
    expect(lastReason()).toMatch(/which this renewal may not issue from/);
    expect(fake.callsOf('ListTags')).toHaveLength(0);
  });
});


describe('throttling, through the SDK\'s own retry middleware', () => {
  // aws-sdk-client-mock replaces send() and so skips the retry middleware: here a fake HTTP handler answers.
  beforeAll(() => mocks.forEach((m) => m.restore()));

  test('every client uses the adaptive retry mode, one client per service, Region and credentials for the whole invocation', async () => {
    const clients = new Clients({ credentials: CREDENTIALS }, REGION);
    const acmClient = clients.get(ACMClient);
    const strategy = await acmClient.config.retryStrategy();
    expect(strategy.constructor.name).toBe('AdaptiveRetryStrategy');
    expect((strategy as { mode?: string }).mode).toBe('adaptive');
    expect(await acmClient.config.maxAttempts()).toBe(8);
    expect(clients.get(ACMClient)).toBe(acmClient);
    expect(clients.get(ACMClient, 'us-east-1')).not.toBe(acmClient);
  });

  test('throttled ACM and Private CA calls are retried (adaptive mode) and the renewal completes', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const { arn } = await imported(OPT_IN);
    fake.throttle.ListTagsForCertificate = 2;
    fake.throttle.IssueCertificate = 1;
    fake.throttle.ImportCertificate = 1;

    const result = await handler({ requestHandler: httpHandlerFor(fake) })(acmEvent(arn));

    expect(result.renewed).toEqual([arn]);
    const issues = fake.callsOf('IssueCertificate');
    expect(issues).toHaveLength(2);
    expect(new Set(issues.map((i) => i.IdempotencyToken)).size).toBe(1);
    expect(fake.callsOf('ImportCertificate')).toHaveLength(2);
    expect(fake.tagsOf(arn)['cdk-pki:renewal-status']).toBe('renewal complete');
  });

  test('throttling that outlasts the retries fails the certificate with a message that says so, and the sweep goes on', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const first = await imported(OPT_IN);
    const second = await imported(OPT_IN);
    fake.after = (op, input) => {
      if (op === 'AddTagsToCertificate' && input.CertificateArn === first.arn && input.Tags.some((t: { Value: string }) => t.Value === 'renewal in progress')) {
        fake.throttle.IssueCertificate = 3;
      }
    };

    const result = await handler({ requestHandler: httpHandlerFor(fake), maxAttempts: 3, concurrency: 1 })(sweepEvent);

    expect(result.failed).toEqual([first.arn]);
    expect(result.renewed).toEqual([second.arn]);
    expect(fake.tagsOf(first.arn)['cdk-pki:renewal-reason']).toMatch(/^IssueCertificate on CA \S+ with the function s own role was throttled after 3 attempts/);
  });
});
