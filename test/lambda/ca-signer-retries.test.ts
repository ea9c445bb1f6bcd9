/**
 * The handler's clients retry throttled calls themselves. aws-sdk-client-mock replaces `send` and so skips
 * the SDK's retry middleware; here a fake HTTP handler answers instead, so the real middleware runs.
 */
import { X509Certificate } from 'node:crypto';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import { fakeAwsHttp, scripted } from '../support/fake-aws-http';
import type { FakeAnswer } from '../support/fake-aws-http';
import { createCsr, createRootCa, randomSerial, signCsrAsCa } from '../support/pki';

const ROOT_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-1111-4111-8111-111111111111';
const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';

const throttled: FakeAnswer = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };

let csr: string;
let certificatePem: string;
let rootPem: string;
let certificateArn: string;

beforeAll(async () => {
  const root = await createRootCa();
  rootPem = root.pem;
  csr = (await createCsr()).pem;
  const serial = randomSerial();
  certificatePem = await signCsrAsCa(csr, root, { serialNumber: serial });
  certificateArn = `${ROOT_ARN}/certificate/${serial}`;
});

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  // No backoff: the SDK's delay is random() * 2^attempt * base.
  jest.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  jest.restoreAllMocks();
});

function event(): CloudFormationCustomResourceEvent {
  const props = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr,
    Parent: { Region: 'eu-west-1', CertificateAuthorityArn: ROOT_ARN },
    TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1',
    ValidityType: 'MONTHS',
    ValidityValue: '18',
  };
  return {
    RequestType: 'Create',
    ServiceToken: props.ServiceToken,
    ResponseURL: 'https://example.com/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
    ResourceProperties: props,
  };
}

function script(issue: FakeAnswer[]): Record<string, FakeAnswer[]> {
  const notAfter = (Date.now() + 3650 * 86_400_000) / 1000;
  return {
    DescribeCertificateAuthority: [{
      status: 200,
      body: {
        CertificateAuthority: {
          Arn: ROOT_ARN,
          Status: 'ACTIVE',
          NotAfter: notAfter,
          CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: {} },
        },
      },
    }],
    IssueCertificate: issue,
    GetCertificate: [{ status: 200, body: { Certificate: certificatePem, CertificateChain: rootPem } }],
    ImportCertificateAuthorityCertificate: [{ status: 200, body: {} }],
  };
}

const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 10 } };

test('a transient ThrottlingException is retried by the client with the same idempotency token', async () => {
  const aws = fakeAwsHttp(scripted(script([throttled, throttled, { status: 200, body: { CertificateArn: certificateArn } }])));

  const result = await createHandler({ ...options, requestHandler: aws.requestHandler })(event());

  expect(result.PhysicalResourceId).toBe(certificateArn);
  const issues = aws.calls.filter((c) => c.operation === 'IssueCertificate');
  expect(issues).toHaveLength(3);
  expect(new Set(issues.map((c) => c.body.IdempotencyToken)).size).toBe(1);
  const imported = aws.calls.find((c) => c.operation === 'ImportCertificateAuthorityCertificate')!;
  const installed = new X509Certificate(Buffer.from(imported.body.Certificate as string, 'base64'));
  expect(installed.verify(new X509Certificate(rootPem).publicKey)).toBe(true);
});

test('throttling that outlasts five attempts fails with a message that says so', async () => {
  const aws = fakeAwsHttp(scripted(script([throttled])));

  await expect(createHandler({ ...options, requestHandler: aws.requestHandler })(event())).rejects.toThrow(
    new RegExp(`^IssueCertificate on parent CA ${ROOT_ARN} was throttled after 5 attempts \\(request id req-\\d+\\): Rate exceeded; `
      + 'AWS Private CA limits each operation'));
  expect(aws.calls.filter((c) => c.operation === 'IssueCertificate')).toHaveLength(5);
  expect(aws.calls.some((c) => c.operation === 'ImportCertificateAuthorityCertificate')).toBe(false);
});
