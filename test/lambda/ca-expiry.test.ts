/**
 * The CA-expiry handler with mocked AWS clients and real CA certificates made in the test: a root CA, an
 * issuing CA that expires in ten days, one that has two years left, one that has expired, and one whose
 * root expires before it. Throttling runs through the SDK's real retry middleware with a fake HTTP handler.
 */
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACMPCAClient,
  GetCertificateAuthorityCertificateCommand,
  InvalidStateException,
  ListCertificateAuthoritiesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm-pca';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CertificateAuthority } from 'aws-cdk-lib/aws-acmpca';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { asCloudFormationSends } from './shared/cloudformation';
import { createHandler } from '../../lambda/ca-expiry';
import { ExpiryAlarms } from '../../src';
import type { CaExpiryCheckEvent } from '../../src/private/contracts/expiry';
import { fakeAwsHttp, scripted } from '../support/fake-aws-http';
import type { FakeAnswer } from '../support/fake-aws-http';
import { createCsr, createRootCa, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';

const DAY = 86_400_000;
const ACCOUNT = '222222222222';
const OTHER_ACCOUNT = '111111111111';
const caArn = (n: number, account = ACCOUNT, region = 'eu-west-1') =>
  `arn:aws:acm-pca:${region}:${account}:certificate-authority/${String(n).repeat(8)}-1111-4111-8111-111111111111`;
const SOON = caArn(1);
const LATER = caArn(2);
const EXPIRED = caArn(3);
const SHORT_ROOT = caArn(4);
const ROOT = caArn(5, OTHER_ACCOUNT, 'us-east-1');
const READER_ROLE = `arn:aws:iam::${OTHER_ACCOUNT}:role/cdk-pki-ca-expiry-reader`;
const MONITOR = 'PkiExpiryAlarms1234ABCD';

const pca = mockClient(ACMPCAClient);
const cloudwatch = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);

const NOW = new Date();
const OWN_CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const handler = createHandler({ region: 'eu-west-1', credentials: OWN_CREDENTIALS, now: () => NOW });

interface CaPem { readonly Certificate: string; readonly CertificateChain?: string }
let root: CaMaterial;
let shortRoot: CaMaterial;
const pems: Record<string, CaPem> = {};

async function issuing(parent: CaMaterial, notAfter: Date, commonName: string): Promise<CaPem> {
  const csr = await createCsr({ family: 'EC', commonName });
  return { Certificate: await signCsrAsCa(csr.pem, parent, { notAfter }), CertificateChain: parent.pem };
}

beforeAll(async () => {
  root = await createRootCa({ family: 'EC', commonName: 'Expiry Test Root' });
  shortRoot = await createRootCa({ family: 'EC', commonName: 'Short-lived Root', notAfter: new Date(NOW.getTime() + 20 * DAY) });
  pems[SOON] = await issuing(root, new Date(NOW.getTime() + 10 * DAY), 'Soon Issuing CA');
  pems[LATER] = await issuing(root, new Date(NOW.getTime() + 730 * DAY), 'Later Issuing CA');
  pems[EXPIRED] = await issuing(root, new Date(NOW.getTime() - 3 * DAY), 'Expired Issuing CA');
  // Valid for two years, but under a root that expires in 20 days.
  pems[SHORT_ROOT] = await issuing(shortRoot, new Date(NOW.getTime() + 730 * DAY), 'Outlives Its Root CA');
  pems[ROOT] = { Certificate: root.pem };
});

beforeEach(() => {
  pca.reset();
  cloudwatch.reset();
  sts.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  for (const [arn, pem] of Object.entries(pems)) {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: arn }).resolves(pem);
  }
  cloudwatch.on(PutMetricDataCommand).resolves({});
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'AKIDREADER', SecretAccessKey: 'reader-secret', SessionToken: 'reader-token', Expiration: new Date(NOW.getTime() + 900_000) },
    AssumedRoleUser: { AssumedRoleId: 'AROA:cdk-pki-ca-expiry', Arn: `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/cdk-pki-ca-expiry-reader/cdk-pki-ca-expiry` },
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

function event(arns: Array<string | { Arn: string; RoleArn?: string }>, discover = false): CaExpiryCheckEvent {
  return {
    CertificateAuthorities: arns.map((a) => (typeof a === 'string' ? { Arn: a } : a)),
    DiscoverAccountCertificateAuthorities: discover,
    Monitor: MONITOR,
  };
}

/** Every data point published, by its dimension value. */
function published(): Record<string, number> {
  const data = cloudwatch.commandCalls(PutMetricDataCommand).flatMap((c) => {
    expect(c.args[0].input.Namespace).toBe('cdk-pki');
    return c.args[0].input.MetricData ?? [];
  });
  return Object.fromEntries(data.map((d: MetricDatum) => {
    expect(d.MetricName).toBe('DaysToExpiry');
    expect(d.Dimensions).toHaveLength(1);
    return [d.Dimensions![0].Value!, d.Value!];
  }));
}

/** Days from NOW to the certificate's NotAfter (the certificate has whole seconds), as the handler rounds them. */
function daysUntil(pem: string): number {
  return Math.floor(((Date.parse(new X509Certificate(pem).validTo) - NOW.getTime()) / DAY) * 100) / 100;
}

describe('days to expiry', () => {
  test('publishes one data point per CA, read from its real certificate, and the minimum under the Monitor dimension', async () => {
    const result = await handler(event([SOON, LATER]));

    const points = published();
    expect(points[SOON]).toBe(daysUntil(pems[SOON].Certificate));
    expect(points[SOON]).toBeGreaterThan(9.9);
    expect(points[SOON]).toBeLessThanOrEqual(10);
    expect(points[LATER]).toBeGreaterThan(729.9);
    expect(points[MONITOR]).toBe(points[SOON]);
    expect(Object.keys(points)).toHaveLength(3);
    expect(result.checked.map((c) => c.certificateAuthorityArn)).toEqual([SOON, LATER]);
    expect(result.checked[0]).toMatchObject({ ownCertificateExpiresFirst: true, expiresFirst: expect.stringContaining('CN=Soon Issuing CA') });
  });

  test('an expired CA has negative days', async () => {
    await handler(event([EXPIRED, LATER]));

    const points = published();
    expect(points[EXPIRED]).toBeLessThan(-2.9);
    expect(points[EXPIRED]).toBeGreaterThanOrEqual(-3.01);
    expect(points[MONITOR]).toBe(points[EXPIRED]);
  });

  test('a CA whose chain expires first is reported with the chain\'s date and the certificate that limits it', async () => {
    const result = await handler(event([SHORT_ROOT]));

    const points = published();
    expect(points[SHORT_ROOT]).toBe(daysUntil(shortRoot.pem));
    expect(points[SHORT_ROOT]).toBeLessThanOrEqual(20);
    expect(result.checked[0]).toMatchObject({ ownCertificateExpiresFirst: false, expiresFirst: expect.stringContaining('CN=Short-lived Root') });
  });

  test('a root CA without a chain is read from its own certificate', async () => {
    await handler(event([{ Arn: ROOT, RoleArn: READER_ROLE }]));

    expect(published()[ROOT]).toBe(daysUntil(root.pem));
  });

  test('the data point carries the run\'s time and no unit', async () => {
    await handler(event([SOON]));

    const datum = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData![0];
    expect(datum.Timestamp).toEqual(NOW);
    expect(datum.Unit).toBe('None');
  });

  test('every client retries in adaptive mode, 8 attempts', async () => {
    await handler(event([SOON, { Arn: ROOT, RoleArn: READER_ROLE }]));

    const clients = [
      ...pca.commandCalls(GetCertificateAuthorityCertificateCommand).map((c) => c.thisValue as ACMPCAClient),
      cloudwatch.commandCalls(PutMetricDataCommand)[0].thisValue as CloudWatchClient,
      sts.commandCalls(AssumeRoleCommand)[0].thisValue as STSClient,
    ];
    for (const client of clients) {
      expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
      expect(await client.config.maxAttempts()).toBe(8);
    }
  });

  test('a CA named twice is read once', async () => {
    await handler(event([SOON, SOON]));

    expect(pca.commandCalls(GetCertificateAuthorityCertificateCommand)).toHaveLength(1);
  });
});

describe('listing the account\'s CAs', () => {
  function listed(arn: string, status: string) {
    return { Arn: arn, Status: status as never };
  }

  test('follows every page and checks the CAs that have a certificate, each once', async () => {
    const pages = [
      { CertificateAuthorities: [listed(SOON, 'ACTIVE'), listed(caArn(6), 'PENDING_CERTIFICATE')], NextToken: 'page-2' },
      { CertificateAuthorities: [listed(LATER, 'DISABLED'), listed(caArn(7), 'DELETED')], NextToken: 'page-3' },
      { CertificateAuthorities: [listed(EXPIRED, 'EXPIRED'), listed(caArn(8), 'CREATING'), listed(caArn(9), 'FAILED')] },
    ];
    // The SDK's paginator reuses its input object: record a copy of each request.
    const requests: unknown[] = [];
    pca.on(ListCertificateAuthoritiesCommand).callsFake((input) => {
      requests.push({ ...input });
      return pages.shift();
    });

    const result = await handler(event([SOON], true));

    expect(requests).toEqual([
      { ResourceOwner: 'SELF', MaxResults: 100 },
      { ResourceOwner: 'SELF', MaxResults: 100, NextToken: 'page-2' },
      { ResourceOwner: 'SELF', MaxResults: 100, NextToken: 'page-3' },
    ]);
    const read = pca.commandCalls(GetCertificateAuthorityCertificateCommand).map((c) => c.args[0].input.CertificateAuthorityArn).sort();
    expect(read).toEqual([SOON, LATER, EXPIRED].sort());
    expect(result.skipped.sort()).toEqual([caArn(6), caArn(7), caArn(8), caArn(9)].sort());
    expect(Object.keys(published()).sort()).toEqual([SOON, LATER, EXPIRED, MONITOR].sort());
  });

  test('lists in the function\'s own Region with its own role', async () => {
    pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [] });

    await handler(event([], true));

    const client = pca.commandCalls(ListCertificateAuthoritiesCommand)[0].thisValue as ACMPCAClient;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.credentials()).toMatchObject(OWN_CREDENTIALS);
    // Nothing to publish: no data point, so the aggregate alarm sees missing data.
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  test('a denied listing fails with the permission to check', async () => {
    pca.on(ListCertificateAuthoritiesCommand).rejects(Object.assign(new Error('not authorized to perform acm-pca:ListCertificateAuthorities'), {
      name: 'AccessDeniedException', $metadata: { requestId: 'req-list' },
    }));

    await expect(handler(event([], true))).rejects.toThrow(
      /access denied: ListCertificateAuthorities on the account's CAs in eu-west-1 .*req-list.*acm-pca:ListCertificateAuthorities/);
  });
});

describe('CAs in other accounts and Regions', () => {
  test('assumes each role once, and reads the CA in its own Region with the role\'s credentials', async () => {
    const secondRoot = caArn(5, OTHER_ACCOUNT, 'eu-central-1');
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: secondRoot }).resolves(pems[ROOT]);

    await handler(event([SOON, { Arn: ROOT, RoleArn: READER_ROLE }, { Arn: secondRoot, RoleArn: READER_ROLE }]));

    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: READER_ROLE, RoleSessionName: 'cdk-pki-ca-expiry', DurationSeconds: 900 },
    ]);
    const clientOf = async (arn: string) => {
      const call = pca.commandCalls(GetCertificateAuthorityCertificateCommand).find((c) => c.args[0].input.CertificateAuthorityArn === arn)!;
      const client = call.thisValue as ACMPCAClient;
      return { region: await client.config.region(), credentials: await client.config.credentials() };
    };
    expect(await clientOf(ROOT)).toMatchObject({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDREADER', sessionToken: 'reader-token' } });
    expect(await clientOf(secondRoot)).toMatchObject({ region: 'eu-central-1', credentials: { accessKeyId: 'AKIDREADER' } });
    expect(await clientOf(SOON)).toMatchObject({ region: 'eu-west-1', credentials: OWN_CREDENTIALS });
    // The metrics go to the function's own account and Region.
    const metricsClient = cloudwatch.commandCalls(PutMetricDataCommand)[0].thisValue as CloudWatchClient;
    expect(await metricsClient.config.region()).toBe('eu-west-1');
    expect(await metricsClient.config.credentials()).toMatchObject(OWN_CREDENTIALS);
  });

  test('a role that cannot be assumed fails that CA with the role and CA named, and the others are still published', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));

    const run = handler(event([SOON, { Arn: ROOT, RoleArn: READER_ROLE }]));

    await expect(run).rejects.toThrow(`cannot assume role ${READER_ROLE} to read CA ${ROOT}`);
    await expect(run).rejects.toThrow(/1 of 2 CA\(s\) could not be checked/);
    expect(Object.keys(published()).sort()).toEqual([SOON, MONITOR].sort());
  });
});

describe('CAs that cannot be read', () => {
  test('a CA without a certificate, and a deleted CA, fail with what to do; the rest is published', async () => {
    const pending = caArn(6);
    const gone = caArn(7);
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: pending })
      .rejects(new InvalidStateException({ message: 'The certificate authority is not in a valid state', $metadata: {} }));
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: gone })
      .rejects(new ResourceNotFoundException({ message: 'Could not find certificate authority', $metadata: {} }));

    const run = handler(event([SOON, pending, gone]));

    await expect(run).rejects.toThrow(`CA ${pending} has no certificate installed`);
    await expect(run).rejects.toThrow(`CA ${gone} does not exist`);
    await expect(run).rejects.toThrow(/remove it from ExpiryAlarms/);
    expect(Object.keys(published()).sort()).toEqual([SOON, MONITOR].sort());
  });

  test('access denied names the CA, the way it was called and the permission', async () => {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: LATER })
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { requestId: 'req-7' } }));

    await expect(handler(event([LATER]))).rejects.toThrow(
      `access denied: GetCertificateAuthorityCertificate on CA ${LATER} with the function's own role (request id req-7): not authorized; `
      + 'check that it allows acm-pca:GetCertificateAuthorityCertificate on the CA');
  });

  test('a certificate that is not PEM fails that CA', async () => {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: LATER }).resolves({ Certificate: 'garbage' });

    await expect(handler(event([LATER]))).rejects.toThrow(`the certificate or chain of CA ${LATER} is not a readable PEM certificate`);
  });

  test('an event without a CA list, or with something that is not a CA ARN, is refused', async () => {
    await expect(handler({} as CaExpiryCheckEvent)).rejects.toThrow(/no CertificateAuthorities list/);
    await expect(handler(event(['arn:aws:acm:eu-west-1:222222222222:certificate/abc']))).rejects.toThrow(/has no certificate authority ARN/);
  });

  test('PutMetricData denied names the namespace permission', async () => {
    cloudwatch.on(PutMetricDataCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied' }));

    await expect(handler(event([SOON]))).rejects.toThrow(/cloudwatch:PutMetricData for namespace cdk-pki/);
  });
});

describe('many CAs', () => {
  test('publishes in batches of 20 data points', async () => {
    const many = Array.from({ length: 45 }, (_, i) => `arn:aws:acm-pca:eu-west-1:${ACCOUNT}:certificate-authority/${String(i).padStart(8, '0')}-2222-4222-8222-222222222222`);
    for (const arn of many) pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: arn }).resolves(pems[LATER]);

    await handler(event(many));

    const sizes = cloudwatch.commandCalls(PutMetricDataCommand).map((c) => c.args[0].input.MetricData!.length);
    expect(sizes).toEqual([20, 20, 6]);
    expect(Object.keys(published())).toHaveLength(46);
  });
});

describe('the deployment-time check (CloudFormation invokes the function as Custom::PkiCaExpiryCheck)', () => {
  /** A local stand-in for CloudFormation's pre-signed response URL; records each PUT. */
  async function responseServer() {
    const responses: Array<{ method?: string; contentType?: string; body: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        responses.push({ method: req.method, contentType: req.headers['content-type'], body: JSON.parse(body) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response?signature=x`;
    return { responses, url, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:222222222222:function:ca-expiry';

  function cfnEvent(
    requestType: 'Create' | 'Update' | 'Delete', url: string, check: CaExpiryCheckEvent,
    properties: Record<string, unknown> = { ServiceToken: SERVICE_TOKEN, Check: check },
  ): CloudFormationCustomResourceEvent {
    const base = {
      ServiceToken: SERVICE_TOKEN,
      ResponseURL: url,
      StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Pki/abc',
      RequestId: `request-${requestType}`,
      LogicalResourceId: 'ExpiryAlarmsCaExpiryFirstCheck',
      ResourceType: 'Custom::PkiCaExpiryCheck',
      ResourceProperties: { ...properties, ServiceToken: SERVICE_TOKEN },
    };
    if (requestType === 'Create') return { ...base, RequestType: 'Create' };
    if (requestType === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: 'cdk-pki-ca-expiry-first-check', OldResourceProperties: { ServiceToken: base.ServiceToken } };
    return { ...base, RequestType: 'Delete', PhysicalResourceId: 'cdk-pki-ca-expiry-first-check' };
  }

  test('Create answers SUCCESS to the response URL, then publishes the CAs\' data points', async () => {
    const server = await responseServer();
    try {
      const result = await handler(cfnEvent('Create', server.url, event([SOON, LATER])));

      expect(server.responses).toEqual([{
        method: 'PUT',
        contentType: '',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: 'cdk-pki-ca-expiry-first-check',
          RequestId: 'request-Create',
          LogicalResourceId: 'ExpiryAlarmsCaExpiryFirstCheck',
          StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Pki/abc',
        }),
      }]);
      expect(result?.checked).toHaveLength(2);
      expect(Object.keys(published()).sort()).toEqual([SOON, LATER, MONITOR].sort());
    } finally {
      await server.close();
    }
  });

  test('a check that fails does not fail the deployment: the answer is still SUCCESS and nothing is thrown', async () => {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: LATER })
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    const server = await responseServer();
    try {
      await expect(handler(cfnEvent('Update', server.url, event([LATER])))).resolves.toBeUndefined();

      expect(server.responses.map((r) => r.body.Status)).toEqual(['SUCCESS']);
    } finally {
      await server.close();
    }
  });

  /**
   * The properties of the check as the synthesized template has them, as CloudFormation passes them to the
   * function: every scalar a string, so discovery off arrives as "false" (issue 16, item 14).
   */
  function synthesizedProperties(discover: boolean): Record<string, unknown> {
    const stack = new Stack(new App(), 'Pki', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    new ExpiryAlarms(stack, 'ExpiryAlarms', {
      certificateAuthorities: [CertificateAuthority.fromCertificateAuthorityArn(stack, 'Soon', SOON)],
      discoverCertificateAuthorities: discover,
    });
    const checks = Object.values(Template.fromStack(stack).findResources('Custom::PkiCaExpiryCheck'));
    expect(checks).toHaveLength(1);
    return asCloudFormationSends(checks[0].Properties) as Record<string, unknown>;
  }

  test.each([
    [false, 'reads only the CAs it was given'],
    [true, 'also lists the account\'s CAs'],
  ])('with the synthesized properties as CloudFormation sends them, discovery %p %s', async (discover) => {
    pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [{ Arn: LATER, Status: 'ACTIVE' }] });
    const properties = synthesizedProperties(discover);
    expect((properties.Check as Record<string, unknown>).DiscoverAccountCertificateAuthorities).toBe(String(discover));
    const server = await responseServer();
    try {
      const result = await handler(cfnEvent('Create', server.url, event([]), properties));

      expect(server.responses.map((r) => r.body.Status)).toEqual(['SUCCESS']);
      expect(pca.commandCalls(ListCertificateAuthoritiesCommand)).toHaveLength(discover ? 1 : 0);
      expect(result?.checked.map((c) => c.certificateAuthorityArn)).toEqual(discover ? [SOON, LATER] : [SOON]);
    } finally {
      await server.close();
    }
  });

  test('Delete answers SUCCESS and checks nothing', async () => {
    const server = await responseServer();
    try {
      await handler(cfnEvent('Delete', server.url, event([SOON])));

      expect(server.responses.map((r) => r.body)).toEqual([expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'cdk-pki-ca-expiry-first-check' })]);
      expect(pca.commandCalls(GetCertificateAuthorityCertificateCommand)).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

/**
 * Throttling with the SDK's real retry middleware: aws-sdk-client-mock replaces `send` and would skip it,
 * so a fake HTTP handler answers here instead (acm-pca speaks JSON, CloudWatch the query protocol).
 * It restores the mocked clients, so it stays the last block of the file.
 */
describe('throttling', () => {
  const throttled: FakeAnswer = { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
  const metricsPut: FakeAnswer = {
    status: 200,
    contentType: 'text/xml',
    body: '<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PutMetricDataResponse>',
  };

  /** acm-pca (JSON) answers from `certificateAnswers`; CloudWatch (query protocol) takes every PutMetricData. */
  function fakeAws(certificateAnswers: FakeAnswer[]) {
    const certificates = scripted(certificateAnswers);
    return fakeAwsHttp((request) => (request.protocol === 'json' ? certificates(request) : metricsPut));
  }

  beforeEach(() => {
    // aws-sdk-client-mock must not intercept these clients: the fake HTTP handler answers.
    pca.restore();
    cloudwatch.restore();
    // No backoff: the SDK's delay is random() * 2^attempt * base.
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  test('a throttled read is retried by the client (adaptive retry mode) and the CA is published', async () => {
    const aws = fakeAws([throttled, throttled, { status: 200, body: JSON.stringify(pems[SOON]) }]);

    const result = await createHandler({ region: 'eu-west-1', credentials: OWN_CREDENTIALS, now: () => NOW, requestHandler: aws.requestHandler })(event([SOON]));

    expect(aws.operations()).toEqual(['GetCertificateAuthorityCertificate', 'GetCertificateAuthorityCertificate', 'GetCertificateAuthorityCertificate', 'PutMetricData']);
    expect(result.checked[0].daysToExpiry).toBe(daysUntil(pems[SOON].Certificate));
  });

  test('throttling that outlasts the retries fails the CA with the number of attempts', async () => {
    const aws = fakeAws([throttled]);

    await expect(createHandler({
      region: 'eu-west-1', credentials: OWN_CREDENTIALS, now: () => NOW, requestHandler: aws.requestHandler, maxAttempts: 3,
    })(event([SOON]))).rejects.toThrow(/GetCertificateAuthorityCertificate on CA .* was throttled after 3 attempts .*Rate exceeded/);
    expect(aws.operations().filter((c) => c === 'GetCertificateAuthorityCertificate')).toHaveLength(3);
  });
});
