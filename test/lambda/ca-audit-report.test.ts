/**
 * The audit-report handler with mocked Private CA: one report per CA with the bucket and format, CAs that are not
 * ACTIVE or DISABLED skipped, the 30-minute limit (in progress, limit exceeded) left for the next run, other
 * failures reported after the other CAs got theirs, and throttling retried by the SDK's real retry middleware
 * (a fake HTTP handler instead of the mock).
 */
import {
  ACMPCAClient,
  CreateCertificateAuthorityAuditReportCommand,
  DescribeCertificateAuthorityCommand,
  InvalidArgsException,
  LimitExceededException,
  RequestInProgressException,
} from '@aws-sdk/client-acm-pca';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/ca-audit-report';
import type { CaAuditReportEvent } from '../../src/private/contracts/lifecycle';
import { fakeAwsHttp, scripted } from '../support/fake-aws-http';
import type { FakeAnswer } from '../support/fake-aws-http';

const caArn = (n: number) => `arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/${String(n).repeat(8)}-1111-4111-8111-111111111111`;
const [CA_1, CA_2, CA_3] = [caArn(1), caArn(2), caArn(3)];
const BUCKET = 'pki-audit-reports';
const CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const handler = createHandler({ region: 'eu-west-1', credentials: CREDENTIALS });
const event = (arns: string[], format: 'JSON' | 'CSV' = 'JSON'): CaAuditReportEvent =>
  ({ CertificateAuthorityArns: arns, S3BucketName: BUCKET, Format: format });

const pca = mockClient(ACMPCAClient);
const statuses: Record<string, string> = {};

beforeEach(() => {
  pca.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  Object.assign(statuses, { [CA_1]: 'ACTIVE', [CA_2]: 'DISABLED', [CA_3]: 'ACTIVE' });
  pca.on(DescribeCertificateAuthorityCommand).callsFake((input) => ({
    CertificateAuthority: { Arn: input.CertificateAuthorityArn, Status: statuses[input.CertificateAuthorityArn] },
  }));
  pca.on(CreateCertificateAuthorityAuditReportCommand).callsFake((input) => ({
    AuditReportId: `report-${input.CertificateAuthorityArn.slice(-4)}`,
    S3Key: `audit-report/${input.CertificateAuthorityArn.split('/')[1]}/report.${input.AuditReportResponseFormat.toLowerCase()}`,
  }));
});

afterEach(() => jest.restoreAllMocks());

const reportCalls = () => pca.commandCalls(CreateCertificateAuthorityAuditReportCommand).map((c) => c.args[0].input);

test('one report per CA (ACTIVE or DISABLED) with the bucket and format', async () => {
  const result = await handler(event([CA_1, CA_2], 'CSV'));
  expect(reportCalls().sort((a, b) => a.CertificateAuthorityArn!.localeCompare(b.CertificateAuthorityArn!))).toEqual([
    { CertificateAuthorityArn: CA_1, S3BucketName: BUCKET, AuditReportResponseFormat: 'CSV' },
    { CertificateAuthorityArn: CA_2, S3BucketName: BUCKET, AuditReportResponseFormat: 'CSV' },
  ]);
  expect(result.created.map((r) => r.certificateAuthorityArn).sort()).toEqual([CA_1, CA_2]);
  expect(result.created.find((r) => r.certificateAuthorityArn === CA_1)?.s3Key).toBe('audit-report/11111111-1111-4111-8111-111111111111/report.csv');
  expect(result.skipped).toEqual([]);
  expect(result.deferred).toEqual([]);
});

test('a CA named twice gets one report', async () => {
  await handler(event([CA_1, CA_1]));
  expect(reportCalls()).toHaveLength(1);
});

test.each(['PENDING_CERTIFICATE', 'CREATING', 'EXPIRED', 'FAILED', 'DELETED'])('a %s CA is skipped with a log line, the others get theirs', async (status) => {
  statuses[CA_2] = status;
  const result = await handler(event([CA_1, CA_2]));
  expect(reportCalls().map((c) => c.CertificateAuthorityArn)).toEqual([CA_1]);
  expect(result.skipped).toEqual([{ certificateAuthorityArn: CA_2, reason: `status ${status}: a report is made only for an ACTIVE or DISABLED CA` }]);
  expect(console.log).toHaveBeenCalledWith(JSON.stringify({ message: 'CA skipped', certificateAuthorityArn: CA_2, status }));
});

test.each([
  ['RequestInProgressException', () => new RequestInProgressException({ message: 'a report is being made', $metadata: {} })],
  ['LimitExceededException', () => new LimitExceededException({ message: 'one report per 30 minutes', $metadata: {} })],
])('%s is left for the next run without failing the function', async (name, error) => {
  pca.on(CreateCertificateAuthorityAuditReportCommand, { CertificateAuthorityArn: CA_2 }).rejects(error());
  const result = await handler(event([CA_1, CA_2]));
  expect(result.created.map((r) => r.certificateAuthorityArn)).toEqual([CA_1]);
  expect(result.deferred).toEqual([{ certificateAuthorityArn: CA_2, reason: expect.stringContaining(name) }]);
});

test('any other failure fails the function after the other CAs got their report, naming the CA and what to check', async () => {
  pca.on(CreateCertificateAuthorityAuditReportCommand, { CertificateAuthorityArn: CA_1 })
    .rejects(new InvalidArgsException({ message: 'bucket not accessible', $metadata: {} }));
  await expect(handler(event([CA_1, CA_2, CA_3]))).rejects.toThrow(
    `1 of 3 CA(s) got no audit report:\n  - ${CA_1}: CreateCertificateAuthorityAuditReport on ${CA_1} failed: InvalidArgsException: bucket not accessible; `
    + 'check that the bucket exists, is in the CA\'s Region, and that its policy lets acm-pca.amazonaws.com write to it');
  expect(reportCalls().map((c) => c.CertificateAuthorityArn).sort()).toEqual([CA_1, CA_2, CA_3]);
});

test.each([
  [{ CertificateAuthorityArns: [], S3BucketName: BUCKET, Format: 'JSON' }, /CertificateAuthorityArns must be a non-empty list of CA ARNs/],
  [{ CertificateAuthorityArns: ['arn:aws:s3:::x'], S3BucketName: BUCKET, Format: 'JSON' }, /CertificateAuthorityArns must be a non-empty list of CA ARNs/],
  [{ CertificateAuthorityArns: [CA_1], S3BucketName: '', Format: 'JSON' }, /S3BucketName must name a bucket/],
  [{ CertificateAuthorityArns: [CA_1], S3BucketName: BUCKET, Format: 'XML' }, /Format must be one of JSON, CSV; got "XML"/],
])('a bad event is refused before any call: %j', async (bad, message) => {
  await expect(handler(bad as unknown as CaAuditReportEvent)).rejects.toThrow(message);
  expect(pca.calls()).toHaveLength(0);
});

describe('throttling, through the SDK\'s retry middleware', () => {
  const throttled: FakeAnswer = { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
  const active: FakeAnswer = { status: 200, body: JSON.stringify({ CertificateAuthority: { Arn: CA_1, Status: 'ACTIVE' } }) };
  const created: FakeAnswer = { status: 200, body: JSON.stringify({ AuditReportId: 'r1', S3Key: 'audit-report/x/r1.json' }) };

  beforeEach(() => {
    pca.restore();
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  test('a throttled call is retried and the report is made', async () => {
    const aws = fakeAwsHttp(scripted({
      DescribeCertificateAuthority: [throttled, active],
      CreateCertificateAuthorityAuditReport: [throttled, created],
    }));
    const result = await createHandler({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: aws.requestHandler })(event([CA_1]));
    expect(aws.operations()).toEqual([
      'DescribeCertificateAuthority', 'DescribeCertificateAuthority', 'CreateCertificateAuthorityAuditReport', 'CreateCertificateAuthorityAuditReport',
    ]);
    expect(result.created).toEqual([{ certificateAuthorityArn: CA_1, auditReportId: 'r1', s3Key: 'audit-report/x/r1.json' }]);
  });

  test('throttling that outlasts the retries fails the function with a hint', async () => {
    const aws = fakeAwsHttp(scripted({ DescribeCertificateAuthority: [active], CreateCertificateAuthorityAuditReport: [throttled] }));
    const run = createHandler({ region: 'eu-west-1', credentials: CREDENTIALS, requestHandler: aws.requestHandler, maxAttempts: 2 });
    await expect(run(event([CA_1]))).rejects.toThrow(/was throttled after 2 attempts.*the next scheduled run tries again/);
  });
});
