/**
 * The certificate-inventory handler with mocked ACM, Private CA and S3: every key type is asked for, every page is
 * read, each certificate is described with its tags, the flags are right, the JSON and CSV land under dated and
 * latest keys, one bad certificate does not stop the report, and throttling is retried by the SDK. The CA part:
 * every page of the account's CAs is read, and the CAs that issued no ACM certificate for the idle period are
 * flagged with their monthly fee, the others not.
 */
import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm';
import type { CertificateDetail } from '@aws-sdk/client-acm';
import { ACMPCAClient, ListCertificateAuthoritiesCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority, CertificateAuthorityStatus } from '@aws-sdk/client-acm-pca';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { CA_CSV_COLUMNS, casToCsv, createHandler, CSV_COLUMNS, toCsv } from '../../lambda/cert-inventory';
import type { InventoryReport } from '../../lambda/cert-inventory';
import { fakeAwsHttp } from '../support/fake-aws-http';

const DAY = 86_400_000;
const NOW = new Date('2026-11-26T06:00:00Z');
const ACCOUNT = '222222222222';
const arn = (n: number) => `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${String(n).repeat(8)}-1111-4111-8111-111111111111`;
const SETTINGS = { bucket: 'inventory-bucket', prefix: 'certificate-inventory/', ownerTagKeys: ['Owner', 'CostCenter'], account: ACCOUNT };
const ALL_KEY_TYPES = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

const acm = mockClient(ACMClient);
const pca = mockClient(ACMPCAClient);
const s3 = mockClient(S3Client);

const handler = createHandler({ region: 'eu-west-1', settings: SETTINGS, now: () => NOW, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });

const details: Record<string, CertificateDetail> = {
  [arn(1)]: {
    CertificateArn: arn(1),
    DomainName: 'api.example.internal',
    SubjectAlternativeNames: ['api.example.internal', 'api2.example.internal'],
    Type: 'PRIVATE',
    Status: 'ISSUED',
    Issuer: 'Example Issuing CA',
    CertificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/x',
    KeyAlgorithm: 'EC_prime256v1',
    NotBefore: new Date(NOW.getTime() - 300 * DAY),
    NotAfter: new Date(NOW.getTime() + 65 * DAY),
    RenewalEligibility: 'ELIGIBLE',
    InUseBy: ['arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/api/1'],
  },
  [arn(2)]: {
    CertificateArn: arn(2),
    DomainName: 'old.example.com',
    SubjectAlternativeNames: ['old.example.com'],
    Type: 'IMPORTED',
    Status: 'ISSUED',
    Issuer: 'Some "Public", CA',
    KeyAlgorithm: 'RSA_2048',
    NotBefore: new Date(NOW.getTime() - 380 * DAY),
    NotAfter: new Date(NOW.getTime() + 12.5 * DAY),
    RenewalEligibility: 'INELIGIBLE',
    InUseBy: [],
  },
  [arn(3)]: {
    CertificateArn: arn(3),
    DomainName: 'gone.example.com',
    Type: 'IMPORTED',
    Status: 'EXPIRED',
    KeyAlgorithm: 'EC_secp384r1',
    NotAfter: new Date(NOW.getTime() - 2.5 * DAY),
    InUseBy: [],
  },
};
const tags: Record<string, Array<{ Key: string; Value?: string }>> = {
  [arn(1)]: [{ Key: 'Owner', Value: 'payments' }, { Key: 'CostCenter', Value: '42' }],
  [arn(2)]: [{ Key: 'Owner', Value: 'web, "legacy"' }],
  [arn(3)]: [],
};

beforeEach(() => {
  acm.reset();
  pca.reset();
  s3.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  for (const [a, detail] of Object.entries(details)) {
    acm.on(DescribeCertificateCommand, { CertificateArn: a }).resolves({ Certificate: detail });
    acm.on(ListTagsForCertificateCommand, { CertificateArn: a }).resolves({ Tags: tags[a] });
  }
  s3.on(PutObjectCommand).resolves({});
  pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [] });
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** Two pages; the SDK's paginator reuses its input object, so each request is copied as it comes. */
function listInTwoPages(): unknown[] {
  const requests: unknown[] = [];
  const pages = [
    { CertificateSummaryList: [{ CertificateArn: arn(1) }, { CertificateArn: arn(2) }], NextToken: 'page-2' },
    { CertificateSummaryList: [{ CertificateArn: arn(3) }] },
  ];
  acm.on(ListCertificatesCommand).callsFake((input) => {
    requests.push(JSON.parse(JSON.stringify(input)));
    return pages.shift();
  });
  return requests;
}

function written(key: string): string {
  const call = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key);
  if (!call) throw new Error(`nothing written to ${key}; written: ${s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key).join(', ')}`);
  expect(call.args[0].input.Bucket).toBe('inventory-bucket');
  return String(call.args[0].input.Body);
}

describe('listing', () => {
  test('asks for every key type (ListCertificates returns only RSA_1024 and RSA_2048 by default) and reads every page', async () => {
    const requests = listInTwoPages();

    const result = await handler();

    expect(requests).toEqual([
      { Includes: { keyTypes: ALL_KEY_TYPES }, MaxItems: 500 },
      { Includes: { keyTypes: ALL_KEY_TYPES }, MaxItems: 500, NextToken: 'page-2' },
    ]);
    expect(acm.commandCalls(DescribeCertificateCommand).map((c) => c.args[0].input.CertificateArn).sort()).toEqual([arn(1), arn(2), arn(3)]);
    expect(result.summary.certificates).toBe(3);
  });

  test('a denied listing fails with the permission to check', async () => {
    acm.on(ListCertificatesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { requestId: 'r-1' } }));

    await expect(handler()).rejects.toThrow("access denied: ListCertificates on the account's certificates in eu-west-1 (request id r-1): not authorized; "
      + "check that the function's role allows acm:ListCertificates");
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('the report', () => {
  let report: InventoryReport;
  let result: Awaited<ReturnType<typeof handler>>;

  beforeEach(async () => {
    listInTwoPages();
    result = await handler();
    report = JSON.parse(written('certificate-inventory/2026-11-26/certificates.json'));
  });

  test('is written as JSON and CSV under the dated key and under latest/', () => {
    expect(result.keys).toEqual([
      'certificate-inventory/2026-11-26/certificates.json',
      'certificate-inventory/2026-11-26/certificates.csv',
      'certificate-inventory/2026-11-26/certificate-authorities.csv',
      'certificate-inventory/latest/certificates.json',
      'certificate-inventory/latest/certificates.csv',
      'certificate-inventory/latest/certificate-authorities.csv',
    ]);
    expect(written('certificate-inventory/latest/certificates.json')).toBe(written('certificate-inventory/2026-11-26/certificates.json'));
    const types = Object.fromEntries(s3.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key, c.args[0].input.ContentType]));
    expect(types['certificate-inventory/latest/certificates.csv']).toBe('text/csv; charset=utf-8');
    expect(types['certificate-inventory/latest/certificates.json']).toBe('application/json');
  });

  test('has the account, Region, time, owner tag keys and a summary', () => {
    expect(report).toMatchObject({
      generatedAt: NOW.toISOString(),
      account: ACCOUNT,
      region: 'eu-west-1',
      ownerTagKeys: ['Owner', 'CostCenter'],
      idleCaPeriodDays: 90,
      summary: {
        certificates: 3,
        unused: 2,
        missingOwnerTags: 2,
        expiringWithin30Days: 1,
        expired: 1,
        errors: 0,
        certificateAuthorities: 0,
        idleCertificateAuthorities: 0,
        idleMonthlyCostUsd: 0,
      },
      certificateAuthorities: [],
    });
    expect(result.summary).toEqual(report.summary);
  });

  test('lists each certificate, soonest expiry first, with type, issuer, key algorithm, expiry, what uses it and tags', () => {
    expect(report.certificates.map((c) => c.certificateArn)).toEqual([arn(3), arn(2), arn(1)]);
    expect(report.certificates[2]).toEqual({
      certificateArn: arn(1),
      domainName: 'api.example.internal',
      subjectAlternativeNames: ['api.example.internal', 'api2.example.internal'],
      type: 'PRIVATE',
      status: 'ISSUED',
      issuer: 'Example Issuing CA',
      certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/x',
      keyAlgorithm: 'EC_prime256v1',
      notBefore: new Date(NOW.getTime() - 300 * DAY).toISOString(),
      notAfter: new Date(NOW.getTime() + 65 * DAY).toISOString(),
      daysToExpiry: 65,
      renewalEligibility: 'ELIGIBLE',
      inUseBy: ['arn:aws:elasticloadbalancing:eu-west-1:222222222222:loadbalancer/app/api/1'],
      tags: { Owner: 'payments', CostCenter: '42' },
      unused: false,
      missingOwnerTags: [],
    });
  });

  test('flags certificates in use by nothing and certificates without the owner tags', () => {
    const byArn = Object.fromEntries(report.certificates.map((c) => [c.certificateArn, c]));
    expect(byArn[arn(2)]).toMatchObject({ unused: true, missingOwnerTags: ['CostCenter'], daysToExpiry: 12 });
    expect(byArn[arn(3)]).toMatchObject({ unused: true, missingOwnerTags: ['Owner', 'CostCenter'], daysToExpiry: -3 });
  });

  test('the CSV has a header and one quoted row per certificate; quotes, commas and lists survive', () => {
    const csv = written('certificate-inventory/2026-11-26/certificates.csv');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(lines).toHaveLength(4);
    const old = lines.find((l) => l.includes(arn(2)))!;
    expect(old).toContain('"Some ""Public"", CA"');
    expect(old).toContain('"Owner=web, ""legacy"""');
    expect(old).toContain('"true","CostCenter"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});

describe('certificates that cannot be described', () => {
  test('one deleted during the run is reported as such, and the rest of the report is written', async () => {
    listInTwoPages();
    acm.on(DescribeCertificateCommand, { CertificateArn: arn(2) }).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));

    const result = await handler();

    expect(result.summary).toMatchObject({ certificates: 3, errors: 1, unused: 1 });
    const report: InventoryReport = JSON.parse(written('certificate-inventory/latest/certificates.json'));
    expect(report.certificates.find((c) => c.certificateArn === arn(2))).toMatchObject({ error: 'deleted while the inventory ran', unused: false });
  });

  test('access denied on the tags names the action', async () => {
    listInTwoPages();
    acm.on(ListTagsForCertificateCommand, { CertificateArn: arn(1) }).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));

    await handler();

    const report: InventoryReport = JSON.parse(written('certificate-inventory/latest/certificates.json'));
    expect(report.certificates.find((c) => c.certificateArn === arn(1))!.error)
      .toBe(`access denied: ListTagsForCertificate on certificate ${arn(1)}: no; check that the function's role allows acm:ListTagsForCertificate`);
  });

  test('a failed write fails the run with the key and the permission to check', async () => {
    listInTwoPages();
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    await expect(handler()).rejects.toThrow(/access denied: PutObject on s3:\/\/inventory-bucket\/certificate-inventory\/2026-11-26\/certificates.json/);
  });
});

describe('settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('come from the environment the construct sets', async () => {
    process.env.INVENTORY_BUCKET = 'env-bucket';
    process.env.INVENTORY_PREFIX = 'acm/';
    process.env.INVENTORY_OWNER_TAG_KEYS = '["Team"]';
    process.env.INVENTORY_ACCOUNT = ACCOUNT;
    process.env.INVENTORY_IDLE_CA_DAYS = '30';
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [{ CertificateArn: arn(1) }] });

    await createHandler({ region: 'eu-west-1', now: () => NOW })();

    const call = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(call).toMatchObject({ Bucket: 'env-bucket', Key: 'acm/2026-11-26/certificates.json' });
    expect(JSON.parse(String(call.Body)).certificates[0].missingOwnerTags).toEqual(['Team']);
    expect(JSON.parse(String(call.Body)).idleCaPeriodDays).toBe(30);
  });

  test('without an idle period in the environment, it is 90 days; a period that is not whole days of at least 1 is refused', async () => {
    process.env.INVENTORY_BUCKET = 'env-bucket';
    delete process.env.INVENTORY_IDLE_CA_DAYS;
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] });
    await createHandler({ region: 'eu-west-1', now: () => NOW })();
    expect(JSON.parse(String(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body)).idleCaPeriodDays).toBe(90);

    for (const bad of ['0', '1.5', 'ninety']) {
      process.env.INVENTORY_IDLE_CA_DAYS = bad;
      await expect(createHandler({ region: 'eu-west-1' })()).rejects.toThrow(`INVENTORY_IDLE_CA_DAYS '${bad}' is not a whole number of days of at least 1`);
    }
  });

  test('a missing bucket or malformed owner tag keys are refused', async () => {
    delete process.env.INVENTORY_BUCKET;
    await expect(createHandler({ region: 'eu-west-1' })()).rejects.toThrow(/INVENTORY_BUCKET is not set/);
    process.env.INVENTORY_BUCKET = 'b';
    process.env.INVENTORY_OWNER_TAG_KEYS = '{"Team":1}';
    await expect(createHandler({ region: 'eu-west-1' })()).rejects.toThrow(/INVENTORY_OWNER_TAG_KEYS is not a JSON array of tag keys/);
  });

  test('every client retries in adaptive mode, 8 attempts', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [{ CertificateArn: arn(1) }] });

    await handler();

    const clients = [
      acm.commandCalls(ListCertificatesCommand)[0].thisValue as ACMClient,
      pca.commandCalls(ListCertificateAuthoritiesCommand)[0].thisValue as ACMPCAClient,
      s3.commandCalls(PutObjectCommand)[0].thisValue as S3Client,
    ];
    for (const client of clients) {
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
      expect(await client.config.maxAttempts()).toBe(8);
    }
  });
});

describe('toCsv', () => {
  test('an empty inventory is a header alone', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
    expect(casToCsv([])).toBe(`${CA_CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
  });
});

describe('idle CAs', () => {
  const caArn = (name: string) => `arn:aws:acm-pca:eu-west-1:${ACCOUNT}:certificate-authority/${name}`;
  type Status = CertificateAuthorityStatus;
  const ca = (name: string, status: Status, createdAt: string, more: Partial<CertificateAuthority> = {}): CertificateAuthority => ({
    Arn: caArn(name),
    Type: 'SUBORDINATE',
    Status: status,
    UsageMode: 'GENERAL_PURPOSE',
    CreatedAt: new Date(createdAt),
    NotAfter: new Date('2030-01-01T00:00:00Z'),
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_prime256v1', SigningAlgorithm: 'SHA256WITHECDSA', Subject: { CommonName: `${name} CA` } },
    ...more,
  });
  // NOW is 2026-11-26T06:00:00Z; 90 days before it is 2026-08-28T06:00:00Z.
  const CAS = {
    idle: ca('idle', 'ACTIVE', '2025-01-10T00:00:00Z'),
    shortLived: ca('short-lived', 'ACTIVE', '2026-03-01T00:00:00Z', { UsageMode: 'SHORT_LIVED_CERTIFICATE' }),
    disabled: ca('disabled', 'DISABLED', '2024-02-01T00:00:00Z', { UsageMode: undefined, Type: 'ROOT' }),
    recent: ca('recent', 'ACTIVE', '2024-05-01T00:00:00Z'),
    young: ca('young', 'ACTIVE', '2026-10-01T00:00:00Z'),
    creating: ca('creating', 'CREATING', '2025-01-01T00:00:00Z'),
    pending: ca('pending', 'PENDING_CERTIFICATE', '2025-01-01T00:00:00Z'),
    deleted: ca('deleted', 'DELETED', '2024-01-01T00:00:00Z'),
  };
  const cert = (n: number, caName: string, detail: Partial<CertificateDetail>): CertificateDetail => ({
    CertificateArn: arn(n),
    DomainName: `c${n}.example.internal`,
    Type: 'PRIVATE',
    Status: 'ISSUED',
    CertificateAuthorityArn: caArn(caName),
    KeyAlgorithm: 'EC_prime256v1',
    InUseBy: [],
    ...detail,
  });
  const CERTS = [
    // The idle CA's last certificate: 178 days old, still valid (ACM renews it from that CA).
    cert(4, 'idle', { NotBefore: new Date('2026-06-01T00:00:00Z'), NotAfter: new Date('2027-06-01T00:00:00Z') }),
    // A request to the idle CA that failed five days ago: nothing was issued.
    cert(5, 'idle', { Status: 'FAILED', CreatedAt: new Date('2026-11-21T00:00:00Z') }),
    // The recent CA issued 37 days ago (an older, expired one too).
    cert(6, 'recent', { NotBefore: new Date('2026-10-20T00:00:00Z'), NotAfter: new Date('2027-10-20T00:00:00Z') }),
    cert(7, 'recent', { Status: 'EXPIRED', NotBefore: new Date('2025-01-01T00:00:00Z'), NotAfter: new Date('2026-01-01T00:00:00Z') }),
    // No NotBefore: IssuedAt counts.
    cert(8, 'young', { IssuedAt: new Date('2026-10-05T00:00:00Z') }),
  ];

  function listCas(pages: CertificateAuthority[][]): unknown[] {
    const requests: unknown[] = [];
    const queue = pages.map((p, i) => ({ CertificateAuthorities: p, NextToken: i < pages.length - 1 ? `ca-page-${i + 2}` : undefined }));
    pca.on(ListCertificateAuthoritiesCommand).callsFake((input) => {
      requests.push(JSON.parse(JSON.stringify(input)));
      return queue.shift();
    });
    return requests;
  }

  async function run(pages: CertificateAuthority[][], idleCaDays?: number): Promise<{ report: InventoryReport; requests: unknown[] }> {
    for (const c of CERTS) {
      acm.on(DescribeCertificateCommand, { CertificateArn: c.CertificateArn }).resolves({ Certificate: c });
      acm.on(ListTagsForCertificateCommand, { CertificateArn: c.CertificateArn }).resolves({ Tags: [] });
    }
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: CERTS.map((c) => ({ CertificateArn: c.CertificateArn })) });
    const requests = listCas(pages);
    await createHandler({
      region: 'eu-west-1', settings: { ...SETTINGS, idleCaDays }, now: () => NOW, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
    })();
    return { report: JSON.parse(written('certificate-inventory/2026-11-26/certificates.json')), requests };
  }

  const byArn = (report: InventoryReport) => Object.fromEntries(report.certificateAuthorities.map((c) => [c.arn, c]));

  test('reads every page of the account\'s own CAs', async () => {
    const { report, requests } = await run([[CAS.idle, CAS.recent], [CAS.young], [CAS.shortLived]]);

    expect(requests).toEqual([
      { ResourceOwner: 'SELF', MaxResults: 100 },
      { ResourceOwner: 'SELF', MaxResults: 100, NextToken: 'ca-page-2' },
      { ResourceOwner: 'SELF', MaxResults: 100, NextToken: 'ca-page-3' },
    ]);
    expect(report.certificateAuthorities.map((c) => c.arn).sort()).toEqual([caArn('idle'), caArn('recent'), caArn('short-lived'), caArn('young')]);
    expect(report.summary.certificateAuthorities).toBe(4);
  });

  test('an ACTIVE general-purpose CA older than 90 days without an ACM certificate in that period is flagged with 400 USD', async () => {
    const { report } = await run([[CAS.idle]]);

    expect(report.certificateAuthorities).toEqual([{
      arn: caArn('idle'),
      commonName: 'idle CA',
      type: 'SUBORDINATE',
      status: 'ACTIVE',
      usageMode: 'GENERAL_PURPOSE',
      createdAt: '2025-01-10T00:00:00.000Z',
      notAfter: '2030-01-01T00:00:00.000Z',
      lastIssuance: '2026-06-01T00:00:00.000Z',
      acmCertificates: 2,
      validAcmCertificates: 1,
      idle: true,
      monthlyCostUsd: 400,
      note: 'Candidate for retirement: issued no ACM certificate in this account in the last 90 days (last seen 2026-06-01); it costs 400 USD a month. '
        + 'Certificates issued with IssueCertificate (workloads, cert-manager, other accounts through RAM) are not seen: check its audit reports '
        + '(CaAuditReports) before retiring it. 1 ACM certificate(s) from it are still valid and ACM renews them from this CA: retiring it stops their renewal.',
    }]);
    expect(report.summary).toMatchObject({ certificateAuthorities: 1, idleCertificateAuthorities: 1, idleMonthlyCostUsd: 400 });
  });

  test('a short-lived certificate mode CA is flagged with 50 USD, and the note says the inventory cannot see what it issues', async () => {
    const { report } = await run([[CAS.shortLived]]);

    expect(report.certificateAuthorities[0]).toMatchObject({ usageMode: 'SHORT_LIVED_CERTIFICATE', idle: true, monthlyCostUsd: 50, acmCertificates: 0 });
    expect(report.certificateAuthorities[0].lastIssuance).toBeUndefined();
    expect(report.certificateAuthorities[0].note).toContain('(none seen); it costs 50 USD a month.');
    expect(report.certificateAuthorities[0].note).toContain('cannot issue ACM certificates, so the inventory never sees what it issues');
  });

  test('a DISABLED CA without a usage mode is general purpose, still billed, and flagged', async () => {
    const { report } = await run([[CAS.disabled]]);

    expect(report.certificateAuthorities[0]).toMatchObject({ type: 'ROOT', status: 'DISABLED', usageMode: 'GENERAL_PURPOSE', idle: true, monthlyCostUsd: 400 });
    expect(report.certificateAuthorities[0].note).toContain('400 USD a month, DISABLED included, until it is deleted.');
  });

  test('a CA with an ACM certificate issued within the period is not flagged', async () => {
    const { report } = await run([[CAS.recent]]);

    expect(report.certificateAuthorities[0]).toMatchObject({
      lastIssuance: '2026-10-20T00:00:00.000Z', acmCertificates: 2, validAcmCertificates: 1, idle: false, monthlyCostUsd: 400,
    });
    expect(report.certificateAuthorities[0].note).toBeUndefined();
  });

  test('a CA younger than the period is not flagged (its certificate\'s IssuedAt stands in for a missing NotBefore)', async () => {
    const { report } = await run([[CAS.young]]);

    expect(report.certificateAuthorities[0]).toMatchObject({ lastIssuance: '2026-10-05T00:00:00.000Z', idle: false });
  });

  test('a young CA that issued nothing is not flagged either', async () => {
    const { report } = await run([[ca('new', 'ACTIVE', '2026-09-15T00:00:00Z')]]);

    expect(report.certificateAuthorities[0]).toMatchObject({ acmCertificates: 0, idle: false });
  });

  test.each([['creating'], ['pending'], ['deleted']] as const)('a %s CA is not flagged', async (name) => {
    const { report } = await run([[CAS[name]]]);

    expect(report.certificateAuthorities[0]).toMatchObject({ status: CAS[name].Status, idle: false });
    expect(report.summary.idleCertificateAuthorities).toBe(0);
  });

  test('a DELETED CA costs nothing a month; the others cost their usage mode\'s fee', async () => {
    const { report } = await run([[CAS.deleted, CAS.pending, CAS.young]]);

    expect(Object.fromEntries(report.certificateAuthorities.map((c) => [c.status, c.monthlyCostUsd]))).toEqual({
      DELETED: 0, PENDING_CERTIFICATE: 400, ACTIVE: 400,
    });
  });

  test('the summary counts the idle candidates and their cost, idle ones first, and says what the inventory cannot see', async () => {
    const { report } = await run([Object.values(CAS)]);

    expect(report.summary).toMatchObject({ certificateAuthorities: 8, idleCertificateAuthorities: 3, idleMonthlyCostUsd: 850 });
    expect(report.certificateAuthorities.slice(0, 3).map((c) => c.arn)).toEqual([caArn('disabled'), caArn('idle'), caArn('short-lived')]);
    expect(report.certificateAuthorities.slice(3).every((c) => !c.idle)).toBe(true);
    expect(report.idleCertificateAuthoritiesSummary).toBe('3 of 8 CA(s) issued no ACM certificate in this account in the last 90 days: '
      + 'candidates for retirement, 850 USD a month together. The inventory sees only this account\'s ACM certificates, not those issued with '
      + 'IssueCertificate (workloads, cert-manager, other accounts through RAM): check each CA\'s audit reports (CaAuditReports) before retiring it.');
  });

  test('the period comes from the settings: at 30 days the CA that issued 37 days ago is idle too', async () => {
    const { report } = await run([[CAS.recent, CAS.young]], 30);

    expect(report.idleCaPeriodDays).toBe(30);
    expect(byArn(report)[caArn('recent')]).toMatchObject({ idle: true });
    expect(byArn(report)[caArn('recent')].note).toContain('in the last 30 days (last seen 2026-10-20)');
    // Created 56 days ago, last issued 52 days ago: older than 30 days and idle for more than that.
    expect(byArn(report)[caArn('young')]).toMatchObject({ idle: true });
  });

  test('with no idle CA the summary says so', async () => {
    const { report } = await run([[CAS.recent, CAS.pending]]);

    expect(report.idleCertificateAuthoritiesSummary).toBe('No idle CA: each of the 2 CA(s) issued an ACM certificate in this account in the last 90 days, '
      + 'is younger than that, or is neither ACTIVE nor DISABLED.');
  });

  test('the CAs are written as CSV next to the certificates\' CSV', async () => {
    await run([[CAS.shortLived, CAS.recent]]);

    const csv = written('certificate-inventory/latest/certificate-authorities.csv');
    expect(written('certificate-inventory/2026-11-26/certificate-authorities.csv')).toBe(csv);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CA_CSV_COLUMNS.map((c) => `"${c}"`).join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(new RegExp(`^"${caArn('short-lived')}","short-lived CA","SUBORDINATE","ACTIVE","SHORT_LIVED_CERTIFICATE",`
      + '"2026-03-01T00:00:00.000Z","2030-01-01T00:00:00.000Z","","0","0","true","50","Candidate for retirement: '));
    expect(lines[2]).toContain('"2026-10-20T00:00:00.000Z","2","1","false","400",""');
  });

  test('a certificate that could not be described is named in the summary: a CA may have issued it', async () => {
    acm.on(DescribeCertificateCommand, { CertificateArn: arn(6) }).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    for (const c of CERTS.filter((x) => x.CertificateArn !== arn(6))) {
      acm.on(DescribeCertificateCommand, { CertificateArn: c.CertificateArn }).resolves({ Certificate: c });
    }
    acm.on(ListTagsForCertificateCommand).resolves({ Tags: [] });
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: CERTS.map((c) => ({ CertificateArn: c.CertificateArn })) });
    listCas([[CAS.recent]]);

    await handler();

    const report: InventoryReport = JSON.parse(written('certificate-inventory/latest/certificates.json'));
    expect(byArn(report)[caArn('recent')]).toMatchObject({ idle: true, lastIssuance: '2025-01-01T00:00:00.000Z' });
    expect(report.idleCertificateAuthoritiesSummary).toMatch(/ 1 certificate\(s\) could not be described; a CA may have issued one of them\.$/);
  });

  test('a denied CA listing is reported, and the certificates are still written', async () => {
    listInTwoPages();
    pca.on(ListCertificateAuthoritiesCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    const result = await handler();

    expect(result.keys).toHaveLength(6);
    const report: InventoryReport = JSON.parse(written('certificate-inventory/latest/certificates.json'));
    expect(report.certificates).toHaveLength(3);
    expect(report.certificateAuthorities).toEqual([]);
    expect(report.summary).toMatchObject({ certificates: 3, certificateAuthorities: 0, idleCertificateAuthorities: 0 });
    const error = "access denied: ListCertificateAuthorities on the account's CAs in eu-west-1: not authorized; "
      + "check that the function's role allows acm-pca:ListCertificateAuthorities";
    expect(report.certificateAuthoritiesError).toBe(error);
    expect(report.idleCertificateAuthoritiesSummary).toBe(`The CAs could not be listed, so none is flagged: ${error}`);
  });
});

/**
 * Throttling through the SDK's real retry middleware: ACM answers from a fake HTTP handler (aws-sdk-client-mock
 * would skip the middleware); S3 stays mocked. Restores the ACM mock, so it stays the last block of the file.
 */
describe('throttling', () => {
  test('a throttled DescribeCertificate is retried by the client and the certificate is in the report', async () => {
    acm.restore();
    jest.spyOn(Math, 'random').mockReturnValue(0);
    let describes = 0;
    const aws = fakeAwsHttp(({ operation }) => {
      let status = 200;
      let body: unknown = {};
      if (operation === 'ListCertificates') body = { CertificateSummaryList: [{ CertificateArn: arn(1) }] };
      if (operation === 'DescribeCertificate') {
        describes++;
        if (describes <= 2) {
          status = 400;
          body = { __type: 'ThrottlingException', message: 'Rate exceeded' };
        } else {
          const detail = details[arn(1)];
          body = { Certificate: { ...detail, NotAfter: detail.NotAfter!.getTime() / 1000, NotBefore: detail.NotBefore!.getTime() / 1000 } };
        }
      }
      if (operation === 'ListTagsForCertificate') body = { Tags: tags[arn(1)] };
      return { status, body };
    });

    const result = await createHandler({
      region: 'eu-west-1',
      settings: SETTINGS,
      now: () => NOW,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
      requestHandler: aws.requestHandler,
    })();

    expect(aws.operations()).toEqual(['ListCertificates', 'DescribeCertificate', 'DescribeCertificate', 'DescribeCertificate', 'ListTagsForCertificate']);
    expect(result.summary).toMatchObject({ certificates: 1, errors: 0 });
    const report: InventoryReport = JSON.parse(written('certificate-inventory/latest/certificates.json'));
    expect(report.certificates[0]).toMatchObject({ certificateArn: arn(1), daysToExpiry: 65, keyAlgorithm: 'EC_prime256v1' });
  });
});
