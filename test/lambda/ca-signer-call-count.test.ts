/**
 * What signing a subordinate CA costs in AWS API calls, counted per HTTP request: the ca-signer handler runs
 * with its real SDK clients (middleware, retries and the SDK's GetCertificate waiter included) against a fake
 * endpoint, so every request it would send to AWS is seen. A Create first reads the subordinate's CSR, then
 * the parent, then what the subordinate holds (the idempotency token names it), and costs one
 * IssueCertificate and one GetCertificate per poll: the first poll right after IssueCertificate, one more per
 * "in progress" answer, and none after the certificate is issued.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import type { SignerOptions } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { fakeAwsHttp, onFakeClock } from '../support/fake-aws-http';
import type { FakeAnswer, FakeAwsHttp, FakeRequest } from '../support/fake-aws-http';
import { signCsrAsCa } from '../support/pki';
import { ROOT_ARN, signedSubordinate } from '../support/signer-fixtures';

const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';
const ROLE_ARN = 'arn:aws:iam::111111111111:role/cdk-pki-signer-corp-root';
const PARAMETER = '/cdk-pki/corp/root/certificate-authority-arn';

let csr: string;
let certificatePem: string;
let previousPem: string;
let rootPem: string;
let certificateArn: string;

beforeAll(async () => {
  const signed = await signedSubordinate('EC');
  ({ csr, certificatePem, certificateArn } = signed);
  rootPem = signed.root.pem;
  previousPem = await signCsrAsCa(csr, signed.root);
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

function propsWith(parent: SubordinateCertificateProperties['Parent'], overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return {
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr,
    Parent: parent,
    TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1',
    ValidityType: 'YEARS',
    ValidityValue: '3',
    ...overrides,
  };
}

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:222222222222:function:provider';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc';

function baseEvent() {
  return {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://example.com/response',
    StackId: STACK_ID,
    RequestId: 'request-1',
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
  };
}

function createEvent(parent: SubordinateCertificateProperties['Parent']): CloudFormationCustomResourceEvent {
  return { ...baseEvent(), RequestType: 'Create', ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...propsWith(parent) } };
}

/** The physical id a Create for `props` returned: the certificate and the digest of what it contains. */
function recordedId(props: SubordinateCertificateProperties): string {
  return signingPhysicalId(certificateArn, signingDigest(props, ROOT_ARN));
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

/** CloudFormation (query protocol, XML): the stack as a deployment that goes forward sees it. */
const DESCRIBE_STACKS_XML = `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <DescribeStacksResult>
    <Stacks>
      <member>
        <StackName>Issuing</StackName>
        <StackId>${STACK_ID}</StackId>
        <StackStatus>UPDATE_COMPLETE_CLEANUP_IN_PROGRESS</StackStatus>
        <CreationTime>2026-01-01T00:00:00Z</CreationTime>
      </member>
    </Stacks>
  </DescribeStacksResult>
  <ResponseMetadata><RequestId>cfn-request</RequestId></ResponseMetadata>
</DescribeStacksResponse>`;

/** What the subordinate CA holds: nothing yet (a new CA), or a certificate. */
type Subordinate = { readonly status: 'PENDING_CERTIFICATE' } | { readonly status: 'ACTIVE' | 'DISABLED'; readonly certificate: string };

/**
 * A fake AWS that issues the certificate once `issued(getCertificateCalls)` says so; records the clock of each
 * request. The subordinate CA is new unless `subordinate` says otherwise.
 */
function fakeAws(issued: (polls: number) => boolean, subordinate: Subordinate = { status: 'PENDING_CERTIFICATE' }): { aws: FakeAwsHttp; times: number[] } {
  const times: number[] = [];
  let polls = 0;
  const answer = (request: FakeRequest): FakeAnswer => {
    times.push(Date.now());
    switch (request.operation) {
      case 'AssumeRole':
        return { status: 200, body: ASSUME_ROLE_XML, contentType: 'text/xml' };
      case 'GetParameter':
        return { status: 200, body: { Parameter: { Name: PARAMETER, Type: 'String', Value: ROOT_ARN } } };
      case 'GetCertificateAuthorityCsr':
        return { status: 200, body: { Csr: csr } };
      case 'DescribeCertificateAuthority':
        if (request.body.CertificateAuthorityArn === SUB_ARN) {
          return { status: 200, body: { CertificateAuthority: { Arn: SUB_ARN, Type: 'SUBORDINATE', Status: subordinate.status } } };
        }
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
      case 'GetCertificateAuthorityCertificate':
        return 'certificate' in subordinate
          ? { status: 200, body: { Certificate: subordinate.certificate, CertificateChain: rootPem } }
          : { status: 400, body: { __type: 'InvalidStateException', message: 'The certificate authority is not in a valid state' } };
      case 'IssueCertificate':
        return { status: 200, body: { CertificateArn: certificateArn } };
      case 'GetCertificate':
        polls++;
        return issued(polls) ? { status: 200, body: { Certificate: certificatePem, CertificateChain: rootPem } } : inProgress;
      case 'ImportCertificateAuthorityCertificate':
      case 'RevokeCertificate':
      case 'UpdateCertificateAuthority':
      case 'DeleteCertificateAuthority':
        return { status: 200, body: {} };
      case 'DescribeStacks':
        return { status: 200, body: DESCRIBE_STACKS_XML, contentType: 'text/xml' };
      default:
        throw new Error(`unexpected ${request.operation}`);
    }
  };
  return { aws: fakeAwsHttp(answer), times };
}

/** The requests, each with the CA it was about (the parent or the subordinate) when it names one. */
function requests(aws: FakeAwsHttp): string[] {
  return aws.calls.map((c) => {
    const arn = c.body.CertificateAuthorityArn;
    return arn === SUB_ARN ? `${c.operation} subordinate` : arn === ROOT_ARN ? `${c.operation} parent` : c.operation;
  });
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
  test('of a new CA with a parent in the same account: six requests, one IssueCertificate and one GetCertificate', async () => {
    const { aws } = fakeAws(() => true);

    await handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT));

    expect(requests(aws)).toEqual([
      'GetCertificateAuthorityCsr subordinate',
      'DescribeCertificateAuthority parent',
      'DescribeCertificateAuthority subordinate',
      'IssueCertificate parent',
      'GetCertificate parent',
      'ImportCertificateAuthorityCertificate subordinate',
    ]);
  });

  test('of a CA that holds a certificate: GetCertificateAuthorityCertificate once more, to name it in the idempotency token', async () => {
    const { aws } = fakeAws(() => true, { status: 'ACTIVE', certificate: previousPem });

    await handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT));

    expect(requests(aws)).toEqual([
      'GetCertificateAuthorityCsr subordinate',
      'DescribeCertificateAuthority parent',
      'DescribeCertificateAuthority subordinate',
      'GetCertificateAuthorityCertificate subordinate',
      'IssueCertificate parent',
      'GetCertificate parent',
      'ImportCertificateAuthorityCertificate subordinate',
    ]);
  });

  test('through the parent\'s signer role: AssumeRole and GetParameter once each, after the CSR and before the parent', async () => {
    const { aws } = fakeAws(() => true);

    await handlerFor(aws)(createEvent(CROSS_ACCOUNT_PARENT));

    expect(requests(aws)).toEqual([
      'GetCertificateAuthorityCsr subordinate',
      'AssumeRole',
      'GetParameter',
      'DescribeCertificateAuthority parent',
      'DescribeCertificateAuthority subordinate',
      'IssueCertificate parent',
      'GetCertificate parent',
      'ImportCertificateAuthorityCertificate subordinate',
    ]);
  });

  test('sends the subordinate\'s requests to its Region and the parent\'s to the parent\'s', async () => {
    const { aws } = fakeAws(() => true);

    await handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT));

    for (const call of aws.calls) {
      expect(call.hostname).toBe(call.body.CertificateAuthorityArn === SUB_ARN ? 'acm-pca.eu-west-1.amazonaws.com' : 'acm-pca.us-east-1.amazonaws.com');
    }
  });

  test.each([0, 1, 2, 5])('answered "in progress" %i times: one IssueCertificate and that many GetCertificate polls plus one', async (inProgressAnswers) => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const { aws } = fakeAws((polls) => polls > inProgressAnswers);

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)), { now: 0 });

    const ops = aws.operations();
    expect(ops.filter((o) => o === 'IssueCertificate')).toHaveLength(1);
    expect(ops.filter((o) => o === 'GetCertificate')).toHaveLength(inProgressAnswers + 1);
    // Nothing else is repeated, and nothing follows the issued certificate but its installation.
    expect(ops.filter((o) => o !== 'GetCertificate')).toEqual([
      'GetCertificateAuthorityCsr', 'DescribeCertificateAuthority', 'DescribeCertificateAuthority', 'IssueCertificate', 'ImportCertificateAuthorityCertificate',
    ]);
    expect(ops[ops.length - 2]).toBe('GetCertificate');
  });

  test('polls for the first time right after IssueCertificate, then after the waiter\'s delays (1 s, doubling, at most 15 s)', async () => {
    // The longest delays the waiter's jitter allows: 1, 2, 4, 8, then 15 s.
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const { aws, times } = fakeAws((polls) => polls > 6);

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)), { now: 0 });

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

    await onFakeClock(() => handlerFor(aws)(createEvent(SAME_ACCOUNT_PARENT)), { now: 0 });

    expect(aws.operations().filter((o) => o === 'GetCertificate')).toHaveLength(maxPolls);
    expect(aws.operations().filter((o) => o === 'IssueCertificate')).toHaveLength(1);
  });
});

describe('an Update', () => {
  test('that keeps the certificate: only what the CA holds is read, nothing is issued or installed', async () => {
    const { aws } = fakeAws(() => true, { status: 'ACTIVE', certificate: certificatePem });
    const old = propsWith(SAME_ACCOUNT_PARENT);

    const result = await handlerFor(aws)({
      ...baseEvent(),
      RequestType: 'Update',
      PhysicalResourceId: recordedId(old),
      ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...propsWith(SAME_ACCOUNT_PARENT, { RevokeOnDelete: 'true' }) },
      OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...old },
    });

    expect(result.PhysicalResourceId).toBe(recordedId(old));
    expect(requests(aws)).toEqual(['DescribeCertificateAuthority subordinate', 'GetCertificateAuthorityCertificate subordinate']);
  });
});

describe('a Delete', () => {
  test('that revokes and deletes a CA that left the stack: one DescribeStacks, then the revocation, then the CA\'s removal', async () => {
    const { aws } = fakeAws(() => true, { status: 'ACTIVE', certificate: certificatePem });
    const props = propsWith(SAME_ACCOUNT_PARENT, { RevokeOnDelete: 'true', RemovalPolicy: 'DESTROY', RestorationDays: '7' });

    await handlerFor(aws)({ ...baseEvent(), RequestType: 'Delete', PhysicalResourceId: recordedId(props), ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props } });

    expect(requests(aws)).toEqual([
      'DescribeCertificateAuthority subordinate',
      'GetCertificateAuthorityCertificate subordinate',
      'DescribeStacks',
      // Whether the CA holds an automatic renewal of this certificate (its record).
      'GetParameter',
      // Whether the resource is still in the stack (a CA replaced by a new generation retires later).
      'DescribeStackResource',
      'GetCertificate parent',
      'RevokeCertificate parent',
      'UpdateCertificateAuthority subordinate',
      'DeleteCertificateAuthority subordinate',
    ]);
  });
});
