/**
 * What signing a subordinate CA costs in AWS API calls, counted per HTTP request: the ca-signer handler runs
 * with its real SDK clients (middleware, retries and the SDK's GetCertificate waiter included) against a fake
 * endpoint, so every request it would send to AWS is seen. A Create costs one IssueCertificate and one
 * GetCertificate per poll: the first poll right after IssueCertificate, one more per "in progress" answer, and
 * none after the certificate is issued.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import type { SignerOptions } from '../../lambda/ca-signer';
import type { SubordinateCertificateProperties } from '../../src/private/contract';
import { fakeAwsHttp } from '../support/fake-aws-http';
import type { FakeAnswer, FakeAwsHttp, FakeRequest } from '../support/fake-aws-http';
import { createCsr, createRootCa, randomSerial, signCsrAsCa } from '../support/pki';

const ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/cdk-pki-signer-corp-root';
const PARAMETER = '/cdk-pki/corp/root/certificate-authority-arn';

let csr: string;
let certificatePem: string;
let rootPem: string;
let certificateArn: string;

beforeAll(async () => {
  const root = await createRootCa();
  rootPem = root.pem;
  csr = (await createCsr({ family: 'EC' })).pem;
  const serial = randomSerial();
  certificatePem = await signCsrAsCa(csr, root, { serialNumber: serial });
  certificateArn = `${ROOT_ARN}/certificate/${serial}`;
});

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

const SAME_ACCOUNT_PARENT = { Region: 'us-east-1', CertificateAuthorityArn: ROOT_ARN };
const CROSS_ACCOUNT_PARENT = { Region: 'us-east-1', ArnParameterName: PARAMETER, RoleArn: ROLE_ARN };

function createEvent(parent: SubordinateCertificateProperties['Parent']): CloudFormationCustomResourceEvent {
  const props: SubordinateCertificateProperties = {
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr,
    Parent: parent,
    TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1',
    ValidityType: 'YEARS',
    ValidityValue: '3',
  };
  const serviceToken = 'arn:aws:lambda:eu-west-1:222222222222:function:provider';
  return {
    RequestType: 'Create',
    ServiceToken: serviceToken,
    ResponseURL: 'https://example.com/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
    ResourceProperties: { ServiceToken: serviceToken, ...props },
  };
}

const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAPARENT</AccessKeyId>
      <SecretAccessKey>parent-secret</SecretAccessKey>
      <SessionToken>parent-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:cdk-pki-signer</AssumedRoleId>
      <Arn>${ROLE_ARN}/cdk-pki-signer</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>sts-request</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

const inProgress: FakeAnswer = { status: 400, body: { __type: 'RequestInProgressException', message: 'The request is already in progress' } };

/** A fake AWS that issues the certificate once `issued(getCertificateCalls)` says so; records the clock of each request. */
function fakeAws(issued: (polls: number) => boolean): { aws: FakeAwsHttp; times: number[] } {
  const times: number[] = [];
  let polls = 0;
  const answer = (request: FakeRequest): FakeAnswer => {
    times.push(Date.now());
    switch (request.operation) {
      case 'AssumeRole':
        return { status: 200, body: ASSUME_ROLE_XML, contentType: 'text/xml' };
      case 'GetParameter':
        return { status: 200, body: { Parameter: { Name: PARAMETER, Type: 'String', Value: ROOT_ARN } } };
      case 'DescribeCertificateAuthority':
        return {
          status: 200,
          body: {
            CertificateAuthority: {
              Arn: ROOT_ARN,
              Type: 'ROOT',
              Status: 'ACTIVE',
              NotAfter: (Date.now() + 3650 * 86_400_000) / 1000,
              CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Root' } },
            },
          },
        };
      case 'IssueCertificate':
        return { status: 200, body: { CertificateArn: certificateArn } };
      case 'GetCertificate':
        polls++;
        return issued(polls) ? { status: 200, body: { Certificate: certificatePem, CertificateChain: rootPem } } : inProgress;
      case 'ImportCertificateAuthorityCertificate':
        return { status: 200, body: {} };
      default:
        throw new Error(`unexpected ${request.operation}`);
    }
  };
  return { aws: fakeAwsHttp(answer), times };
}

/** Runs `fn` on Jest's fake clock, advancing it 100 ms at a time, so that the waiter's delays take no real time. */
async function onFakeClock<T>(fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: 0 });
  const promise = fn();
  let settled = false;
  promise.then(() => { settled = true; }, () => { settled = true; });
  for (let i = 0; i < 3000 && !settled; i++) {
    await jest.advanceTimersByTimeAsync(100);
  }
  return promise;
}

function handlerFor(aws: FakeAwsHttp, waiter?: SignerOptions['waiter']) {
  return createHandler({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' },
    requestHandler: aws.requestHandler,
    waiter,
  });
}

describe('a Create', () => {
  test('with a parent in the same account: four requests, one IssueCertificate and one GetCertificate', async () => {
    const { aws } = fakeAws(() => true);

    await handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT));

    expect(aws.operations()).toEqual(['DescribeCertificateAuthority', 'IssueCertificate', 'GetCertificate', 'ImportCertificateAuthorityCertificate']);
  });

  test('through the parent\'s signer role: AssumeRole and GetParameter once each, then the same four', async () => {
    const { aws } = fakeAws(() => true);

    await handlerFor(aws)(createEvent(CROSS_ACCOUNT_PARENT));

    expect(aws.operations()).toEqual([
      'AssumeRole', 'GetParameter', 'DescribeCertificateAuthority', 'IssueCertificate', 'GetCertificate', 'ImportCertificateAuthorityCertificate',
    ]);
  });

  test.each([0, 1, 2, 5])('answered "in progress" %i times: one IssueCertificate and that many GetCertificate polls plus one', async (inProgressAnswers) => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const { aws } = fakeAws((polls) => polls > inProgressAnswers);

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)));

    const ops = aws.operations();
    expect(ops.filter((o) => o === 'IssueCertificate')).toHaveLength(1);
    expect(ops.filter((o) => o === 'GetCertificate')).toHaveLength(inProgressAnswers + 1);
    // Nothing else is repeated, and nothing follows the issued certificate but its installation.
    expect(ops.filter((o) => o !== 'GetCertificate')).toEqual(['DescribeCertificateAuthority', 'IssueCertificate', 'ImportCertificateAuthorityCertificate']);
    expect(ops[ops.length - 2]).toBe('GetCertificate');
  });

  test('polls for the first time right after IssueCertificate, then after the waiter\'s delays (1 s, doubling, at most 15 s)', async () => {
    // The longest delays the waiter's jitter allows: 1, 2, 4, 8, then 15 s.
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const { aws, times } = fakeAws((polls) => polls > 6);

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)));

    const ops = aws.operations();
    const issuedAt = times[ops.indexOf('IssueCertificate')];
    const pollTimes = ops.flatMap((o, i) => (o === 'GetCertificate' ? [(times[i] - issuedAt) / 1000] : []));
    expect(pollTimes.map((t) => Math.round(t))).toEqual([0, 1, 3, 7, 15, 30, 45]);
  });

  test.each([
    // seconds until issued, GetCertificate calls with the shortest delays the waiter's jitter allows (the most polls)
    [0, 1],
    [3, 4],
    [10, 6],
    [60, 9],
    [200, 19],
  ])('a certificate issued after %i s costs at most %i GetCertificate calls', async (seconds, maxPolls) => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    let start: number | undefined;
    const { aws } = fakeAws(() => {
      start ??= Date.now();
      return Date.now() - start >= seconds * 1000;
    });

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)));

    expect(aws.operations().filter((o) => o === 'GetCertificate')).toHaveLength(maxPolls);
    expect(aws.operations().filter((o) => o === 'IssueCertificate')).toHaveLength(1);
  });
});
