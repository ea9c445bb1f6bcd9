/**
 * The certificate-inventory handler with mocked ACM and S3: every key type is asked for, every page is read,
 * each certificate is described with its tags, the flags are right, the JSON and CSV land under dated and
 * latest keys, one bad certificate does not stop the report, and throttling is retried by the SDK.
 */
import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm';
import type { CertificateDetail } from '@aws-sdk/client-acm';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler, CSV_COLUMNS, toCsv } from '../../lambda/cert-inventory';
import type { InventoryReport } from '../../lambda/cert-inventory';
import { fakeAwsHttp } from '../support/fake-aws-http';

const DAY = 86_400_000;
const NOW = new Date('2026-11-26T06:00:00Z');
const ACCOUNT = '222222222222';
const arn = (n: number) => `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${String(n).repeat(8)}-1111-4111-8111-111111111111`;
const SETTINGS = { bucket: 'inventory-bucket', prefix: 'certificate-inventory/', ownerTagKeys: ['Owner', 'CostCenter'], account: ACCOUNT };
const ALL_KEY_TYPES = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

const acm = mockClient(ACMClient);
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
  s3.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  for (const [a, detail] of Object.entries(details)) {
    acm.on(DescribeCertificateCommand, { CertificateArn: a }).resolves({ Certificate: detail });
    acm.on(ListTagsForCertificateCommand, { CertificateArn: a }).resolves({ Tags: tags[a] });
  }
  s3.on(PutObjectCommand).resolves({});
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
      'certificate-inventory/latest/certificates.json',
      'certificate-inventory/latest/certificates.csv',
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
      summary: { certificates: 3, unused: 2, missingOwnerTags: 2, expiringWithin30Days: 1, expired: 1, errors: 0 },
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
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [{ CertificateArn: arn(1) }] });

    await createHandler({ region: 'eu-west-1', now: () => NOW })();

    const call = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(call).toMatchObject({ Bucket: 'env-bucket', Key: 'acm/2026-11-26/certificates.json' });
    expect(JSON.parse(String(call.Body)).certificates[0].missingOwnerTags).toEqual(['Team']);
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

    const clients = [acm.commandCalls(ListCertificatesCommand)[0].thisValue as ACMClient, s3.commandCalls(PutObjectCommand)[0].thisValue as S3Client];
    for (const client of clients) {
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
      expect(await client.config.maxAttempts()).toBe(8);
    }
  });
});

describe('toCsv', () => {
  test('an empty inventory is a header alone', () => {
    expect(toCsv([])).toBe(`${CSV_COLUMNS.map((c) => `"${c}"`).join(',')}\r\n`);
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
