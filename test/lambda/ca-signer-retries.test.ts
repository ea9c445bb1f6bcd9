/**
 * The handler's clients retry throttled calls themselves. aws-sdk-client-mock replaces `send` and so skips
 * the SDK's retry middleware; here a fake HTTP handler answers instead, so the real middleware runs.
 */
import { X509Certificate } from 'node:crypto';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { fakeAwsHttp, scripted } from '../support/fake-aws-http';
import type { FakeAnswer, FakeRequest } from '../support/fake-aws-http';
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

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:222222222222:function:provider';

function props(overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return {
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr,
    Parent: { Region: 'eu-west-1', CertificateAuthorityArn: ROOT_ARN },
    TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1',
    ValidityType: 'MONTHS',
    ValidityValue: '18',
    ...overrides,
  };
}

function event(requestType: 'Create' | 'Delete' = 'Create', p: SubordinateCertificateProperties = props()): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://example.com/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
    ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...p },
  };
  return requestType === 'Create'
    ? { ...common, RequestType: 'Create' }
    : { ...common, RequestType: 'Delete', PhysicalResourceId: signingPhysicalId(certificateArn, signingDigest(p, ROOT_ARN)) };
}

/**
 * The parent answers as `parentScript` says, the subordinate CA as `subordinateScript` says over a new CA's
 * answers (its CSR; `PENDING_CERTIFICATE`, or ACTIVE holding `installed`). CloudFormation answers access
 * denied, which the handler reads as a deployment that goes forward.
 */
function fakeAws(parentScript: Record<string, FakeAnswer[]>, options: { installed?: string; subordinateScript?: Record<string, FakeAnswer[]> } = {}) {
  const { installed, subordinateScript = {} } = options;
  const parent = scripted(parentScript);
  const subordinate = scripted({
    GetCertificateAuthorityCsr: [{ status: 200, body: { Csr: csr } }],
    DescribeCertificateAuthority: [{ status: 200, body: { CertificateAuthority: { Arn: SUB_ARN, Status: installed ? 'ACTIVE' : 'PENDING_CERTIFICATE' } } }],
    GetCertificateAuthorityCertificate: [{ status: 200, body: { Certificate: installed, CertificateChain: rootPem } }],
    ...subordinateScript,
  });
  return fakeAwsHttp((request: FakeRequest): FakeAnswer => {
    if (request.protocol === 'query') {
      return {
        status: 403,
        body: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>cfn</RequestId></ErrorResponse>',
        contentType: 'text/xml',
      };
    }
    return request.body.CertificateAuthorityArn === SUB_ARN ? subordinate(request) : parent(request);
  });
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
  const aws = fakeAws(script([throttled, throttled, { status: 200, body: { CertificateArn: certificateArn } }]));

  const result = await createHandler({ ...options, requestHandler: aws.requestHandler })(event());

  expect(result.PhysicalResourceId).toBe(signingPhysicalId(certificateArn, signingDigest(props(), ROOT_ARN)));
  const issues = aws.calls.filter((c) => c.operation === 'IssueCertificate');
  expect(issues).toHaveLength(3);
  expect(new Set(issues.map((c) => c.body.IdempotencyToken)).size).toBe(1);
  const imported = aws.calls.find((c) => c.operation === 'ImportCertificateAuthorityCertificate')!;
  const installed = new X509Certificate(Buffer.from(imported.body.Certificate as string, 'base64'));
  expect(installed.verify(new X509Certificate(rootPem).publicKey)).toBe(true);
});

test('throttling that outlasts five attempts fails with a message that says so', async () => {
  const aws = fakeAws(script([throttled]));

  await expect(createHandler({ ...options, requestHandler: aws.requestHandler })(event())).rejects.toThrow(
    new RegExp(`^IssueCertificate on parent CA ${ROOT_ARN} was throttled after 5 attempts \\(request id req-\\d+\\): Rate exceeded; `
      + 'AWS Private CA limits each operation'));
  expect(aws.calls.filter((c) => c.operation === 'IssueCertificate')).toHaveLength(5);
  expect(aws.calls.some((c) => c.operation === 'ImportCertificateAuthorityCertificate')).toBe(false);
});

test('a throttled GetCertificateAuthorityCsr is retried by the client before anything is issued', async () => {
  const aws = fakeAws(script([{ status: 200, body: { CertificateArn: certificateArn } }]), {
    subordinateScript: { GetCertificateAuthorityCsr: [throttled, throttled, { status: 200, body: { Csr: csr } }] },
  });

  await createHandler({ ...options, requestHandler: aws.requestHandler })(event());

  const ops = aws.operations();
  expect(ops.filter((o) => o === 'GetCertificateAuthorityCsr')).toHaveLength(3);
  expect(ops.lastIndexOf('GetCertificateAuthorityCsr')).toBeLessThan(ops.indexOf('IssueCertificate'));
  expect(ops.filter((o) => o === 'IssueCertificate')).toHaveLength(1);
});

test('a throttled RevokeCertificate on Delete is retried by the client with the same serial and reason', async () => {
  const aws = fakeAws({ ...script([]), RevokeCertificate: [throttled, { status: 200, body: {} }] }, { installed: certificatePem });

  await createHandler({ ...options, requestHandler: aws.requestHandler })(event('Delete', props({ RevokeOnDelete: 'true' })));

  const revokes = aws.calls.filter((c) => c.operation === 'RevokeCertificate');
  expect(revokes).toHaveLength(2);
  const serial = new X509Certificate(certificatePem).serialNumber.toLowerCase().match(/../g)!.join(':');
  for (const revoke of revokes) {
    expect(revoke.body).toEqual({ CertificateAuthorityArn: ROOT_ARN, CertificateSerial: serial, RevocationReason: 'CESSATION_OF_OPERATION' });
  }
  // Revoked, so RemovalPolicy RETAIN disables the CA.
  expect(aws.calls.filter((c) => c.operation === 'UpdateCertificateAuthority').map((c) => c.body)).toEqual([{ CertificateAuthorityArn: SUB_ARN, Status: 'DISABLED' }]);
});
