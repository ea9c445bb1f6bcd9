/**
 * The scheduled renewal of a stack's subordinate CA certificates (lambda/ca-signer/renewal.ts), and how the signing
 * resource's Update and Delete honour the renewal records it writes (lambda/ca-signer/subordinate.ts).
 *
 * AWS is mocked by a small fake of AWS Private CA that signs for real: every CA has a real key, every subordinate
 * a real CSR, and what a parent issues is a real certificate, signed by the parent's key, that ends when the
 * validity asked for says counted from the handler's clock (the `clock` option moves time). What a CA is asked to
 * install becomes what it holds. SSM Parameter Store is a map; EventBridge and CloudFormation are plain mocks.
 */
// @peculiar/x509 needs it first.
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import {
  DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient,
} from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import * as x509 from '@peculiar/x509';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler, createRenewalHandler } from '../../lambda/ca-signer';
import type { RenewalSummary } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import type { AuthorityRequest } from '../../src/private/contracts/authority';
import type { CaRenewalProperties, CaRenewalRecord, CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { createCsr, createRootCa, randomSerial, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';
import { AUTHORITY_ARN, DAY, INVOKER_ROLE_ARN, ROOT_ARN, SUB_ARN, TEMPLATE } from '../support/signer-fixtures';

const pca = mockClient(ACMPCAClient);
const ssm = mockClient(SSMClient);
const events = mockClient(EventBridgeClient);
const cfn = mockClient(CloudFormationClient);
const sts = mockClient(STSClient);
const lambda = mockClient(LambdaClient);

const STACK_NAME = 'Issuing';
const STACK_ID = `arn:aws:cloudformation:eu-west-1:222222222222:stack/${STACK_NAME}/6c1d5e10-1f5a-11f0-9c3e-0a1b2c3d4e5f`;
const SPEC_PATH = `/cdk-pki/ca-renewal/${STACK_NAME}/spec`;
const RECORD_PATH = `/cdk-pki/ca-renewal/${STACK_NAME}/renewed`;
const caArn = (id: string) => `arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/${id}`;
/** A parent CA in the same stack as its subordinates (the handler signs with it, with its own credentials). */
const PARENT_ARN = caArn('44444444-4444-4444-8444-444444444444');
const OTHER_PARENT_ARN = caArn('55555555-5555-4555-8555-555555555555');
/** A second subordinate of the stack. */
const SECOND_ARN = caArn('66666666-6666-4666-8666-666666666666');
/** A subordinate one level down, whose parent (SUB_ARN) is in the stack too. */
const THIRD_ARN = caArn('77777777-7777-4777-8777-777777777777');
const LOGICAL_ID = 'IssuingCertificateA4002050';
const SIGNING_ALGORITHM = 'SHA256WITHECDSA';

const OWN_CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
/** The handler's time: each test sets it, and moves it. */
let now: Date;
const options = { region: 'eu-west-1', credentials: OWN_CREDENTIALS, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 60 }, clock: () => now };
const renew = createRenewalHandler(options);
const onEvent = createHandler(options);
const run = (stackId = STACK_ID): Promise<RenewalSummary> => renew({ Action: 'RenewCaCertificates', StackId: stackId });

/** A whole second, so that certificate times (which have no milliseconds) compare exactly. */
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (days: number) => new Date(T0.getTime() + days * DAY);

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-abc' } });
}

/** Lower-case hexadecimal with a colon between octets, as the handler writes serials. */
function colons(hex: string): string {
  const digits = hex.toLowerCase();
  return (digits.length % 2 === 1 ? `0${digits}` : digits).match(/../g)!.join(':');
}

/** Whether two PEM certificates are the same certificate (whatever their PEM layout). */
const sameCertificate = (a: string, b: string) => new X509Certificate(a).fingerprint256 === new X509Certificate(b).fingerprint256;

/** When a certificate of `value` `type` issued at `from` ends, as AWS Private CA counts it (calendar arithmetic, UTC). */
function validityEnd(from: Date, type: string, value: number): Date {
  const end = new Date(from.getTime());
  if (type === 'YEARS') end.setUTCFullYear(end.getUTCFullYear() + value);
  else if (type === 'MONTHS') end.setUTCMonth(end.getUTCMonth() + value);
  else end.setUTCDate(end.getUTCDate() + value);
  return end;
}

const notAfterOf = (pem: string) => new Date(new X509Certificate(pem).validTo);

// ---------------------------------------------------------------------------------------------------------
// A fake AWS Private CA that signs for real.
// ---------------------------------------------------------------------------------------------------------

interface FakeCa {
  readonly arn: string;
  status: string;
  /** The CA's CSR (a subordinate). */
  readonly csr?: string;
  /** What it signs with: its key and subject. */
  readonly signer: CaMaterial;
  /** The certificate it holds, and that certificate's chain. */
  held?: string;
  chain?: string;
}

/** A certificate a CA issued. */
interface Issued {
  readonly arn: string;
  readonly serial: string;
  readonly pem: string;
  readonly chain: string;
}

class FakePca {
  public readonly cas = new Map<string, FakeCa>();
  public readonly issued = new Map<string, Issued>();
  /** Parents whose IssueCertificate is denied. */
  public readonly denied = new Set<string>();
  /** Imports that fail before one succeeds. */
  public failingImports = 0;
  private readonly tokens = new Map<string, string>();

  /** A CA that signs, self-signed, ending at `notAfter`. */
  public async root(arn: string, notAfter: Date, commonName = 'Parent CA'): Promise<FakeCa> {
    const signer = await createRootCa({ family: 'EC', commonName, notAfter });
    const ca: FakeCa = { arn, status: 'ACTIVE', signer, held: signer.pem };
    this.cas.set(arn, ca);
    return ca;
  }

  /** A subordinate of `parentArn` that holds a certificate of it ending at `notAfter` (none when status says so). */
  public async subordinate(arn: string, parentArn: string, notAfter: Date, commonName = 'Test Issuing CA', status = 'ACTIVE'): Promise<Issued & { csr: string }> {
    const { pem: csr, keys } = await createCsr({ family: 'EC', commonName });
    const issued = await this.issue(parentArn, csr, notAfter);
    const signer: CaMaterial = { certificate: new x509.X509Certificate(issued.pem), pem: issued.pem, keys };
    this.cas.set(arn, { arn, status, csr, signer, held: issued.pem, chain: issued.chain });
    return { ...issued, csr };
  }

  /** The parent signs `csr` into a certificate ending at `notAfter`. */
  public async issue(parentArn: string, csr: string, notAfter: Date): Promise<Issued> {
    const parent = this.ca(parentArn);
    const serial = randomSerial();
    const pem = await signCsrAsCa(csr, parent.signer, { notAfter, serialNumber: serial });
    const chain = [parent.held!, ...(parent.chain ? [parent.chain] : [])].join('\n');
    const issued = { arn: `${parentArn}/certificate/${serial}`, serial, pem, chain };
    this.issued.set(issued.arn, issued);
    return issued;
  }

  /** Installs a certificate into a CA, as ImportCertificateAuthorityCertificate does. */
  public install(arn: string, issued: Issued): void {
    const ca = this.ca(arn);
    ca.held = issued.pem;
    ca.chain = issued.chain;
    ca.status = 'ACTIVE';
  }

  public ca(arn: string): FakeCa {
    const ca = this.cas.get(arn);
    if (!ca) throw awsError('ResourceNotFoundException', `Could not find certificate authority ${arn}.`);
    return ca;
  }

  /** The mocked AWS Private CA answers from this fake. */
  public answer(): void {
    pca.on(DescribeCertificateAuthorityCommand).callsFake(async (input) => {
      const ca = this.ca(input.CertificateAuthorityArn);
      return {
        CertificateAuthority: {
          Arn: ca.arn,
          Type: ca.csr ? 'SUBORDINATE' : 'ROOT',
          Status: ca.status,
          NotAfter: ca.held ? notAfterOf(ca.held) : undefined,
          CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_prime256v1', SigningAlgorithm: SIGNING_ALGORITHM, Subject: { CommonName: 'x' } },
        },
      };
    });
    pca.on(GetCertificateAuthorityCertificateCommand).callsFake(async (input) => {
      const ca = this.ca(input.CertificateAuthorityArn);
      if (!ca.held) throw awsError('InvalidStateException', 'The certificate authority has no certificate.');
      return { Certificate: ca.held, CertificateChain: ca.chain };
    });
    pca.on(GetCertificateAuthorityCsrCommand).callsFake(async (input) => ({ Csr: this.ca(input.CertificateAuthorityArn).csr }));
    pca.on(IssueCertificateCommand).callsFake(async (input) => {
      const parentArn = input.CertificateAuthorityArn!;
      if (this.denied.has(parentArn)) throw awsError('AccessDeniedException', 'User is not authorized to perform: acm-pca:IssueCertificate');
      const csr = Buffer.from(input.Csr!).toString('utf8');
      // The same request with the same token gets the same certificate (AWS Private CA's idempotency).
      const key = `${parentArn}|${input.IdempotencyToken}|${csr}`;
      const known = this.tokens.get(key);
      if (known) return { CertificateArn: known };
      const issued = await this.issue(parentArn, csr, validityEnd(now, input.Validity!.Type!, input.Validity!.Value!));
      this.tokens.set(key, issued.arn);
      return { CertificateArn: issued.arn };
    });
    pca.on(GetCertificateCommand).callsFake(async (input) => {
      const issued = this.issued.get(input.CertificateArn!);
      if (!issued) throw awsError('ResourceNotFoundException', `Could not find certificate ${input.CertificateArn}.`);
      return { Certificate: issued.pem, CertificateChain: issued.chain };
    });
    pca.on(ImportCertificateAuthorityCertificateCommand).callsFake(async (input) => {
      if (this.failingImports > 0) {
        this.failingImports--;
        throw awsError('InternalFailureException', 'Request processing has failed because of an unknown error.');
      }
      const pem = Buffer.from(input.Certificate!).toString('utf8');
      const issued = [...this.issued.values()].find((i) => i.pem === pem);
      if (!issued) throw awsError('MalformedCertificateException', 'unknown certificate');
      this.install(input.CertificateAuthorityArn!, issued);
      return {};
    });
    pca.on(RevokeCertificateCommand).resolves({});
    pca.on(UpdateCertificateAuthorityCommand).callsFake(async (input) => {
      this.ca(input.CertificateAuthorityArn!).status = input.Status!;
      return {};
    });
  }
}

let world: FakePca;

// ---------------------------------------------------------------------------------------------------------
// SSM Parameter Store as a map; the specs are CloudFormation's, the records the handler's.
// ---------------------------------------------------------------------------------------------------------

let parameters: Map<string, string>;
/** Parameters per page of GetParametersByPath. */
let pageSize: number;

function answerSsm(): void {
  ssm.on(GetParametersByPathCommand).callsFake(async (input) => {
    const path = input.Path!;
    const all = [...parameters]
      .filter(([name]) => name.startsWith(`${path}/`) && !name.slice(path.length + 1).includes('/'))
      .map(([Name, Value]) => ({ Name, Value, Type: 'String' }));
    const start = Number(input.NextToken ?? 0);
    const page = all.slice(start, start + pageSize);
    return { Parameters: page, NextToken: start + pageSize < all.length ? String(start + pageSize) : undefined };
  });
  ssm.on(GetParameterCommand).callsFake(async (input) => {
    const value = parameters.get(input.Name!);
    if (value === undefined) throw awsError('ParameterNotFound', `Parameter ${input.Name} not found.`);
    return { Parameter: { Name: input.Name, Value: value, Type: 'String' } };
  });
  ssm.on(PutParameterCommand).callsFake(async (input) => {
    parameters.set(input.Name!, input.Value!);
    return { Version: 1 };
  });
  ssm.on(DeleteParameterCommand).callsFake(async (input) => {
    if (!parameters.delete(input.Name!)) throw awsError('ParameterNotFound', `Parameter ${input.Name} not found.`);
    return {};
  });
}

const logicalIdOf = (caName: string) => (caName === 'issuing' ? LOGICAL_ID : `${caName[0].toUpperCase()}${caName.slice(1)}Certificate0123ABCD`);

/** A renewal spec as CloudFormation writes it: a CA of this stack signed by a parent in the stack, three years. */
function specOf(caName: string, arn: string, parentArn: string, more: {
  depth?: number; renewBeforeDays?: number; parentRenewBeforeDays?: number; properties?: Partial<CaRenewalProperties>;
} = {}): CaRenewalSpec {
  return {
    Version: 1,
    LogicalId: logicalIdOf(caName),
    HierarchyName: 'corp',
    CaName: caName,
    Depth: more.depth ?? 2,
    RenewBeforeDays: more.renewBeforeDays ?? 365,
    ...(more.parentRenewBeforeDays !== undefined ? { ParentRenewBeforeDays: more.parentRenewBeforeDays } : {}),
    Properties: {
      CertificateAuthorityArn: arn,
      Parent: { Region: 'eu-west-1', CertificateAuthorityArn: parentArn },
      TemplateArn: TEMPLATE,
      ValidityType: 'YEARS',
      ValidityValue: '3',
      RevokeOnDelete: 'false',
      RemovalPolicy: 'RETAIN',
      RestorationDays: '30',
      ...more.properties,
    },
  };
}

function putSpec(spec: CaRenewalSpec): void {
  parameters.set(`${SPEC_PATH}/${spec.LogicalId}`, JSON.stringify(spec));
}

function recordOf(logicalId = LOGICAL_ID): CaRenewalRecord | undefined {
  const value = parameters.get(`${RECORD_PATH}/${logicalId}`);
  return value === undefined ? undefined : JSON.parse(value) as CaRenewalRecord;
}

// ---------------------------------------------------------------------------------------------------------
// What the run said: events, log lines, calls.
// ---------------------------------------------------------------------------------------------------------

let logSpy: jest.SpyInstance;

interface PutEvent {
  readonly Source?: string;
  readonly DetailType?: string;
  readonly Detail: Record<string, unknown>;
}

function putEvents(): PutEvent[] {
  return events.commandCalls(PutEventsCommand).flatMap((call) => (call.args[0].input.Entries ?? [])
    .map((e) => ({ Source: e.Source, DetailType: e.DetailType, Detail: JSON.parse(e.Detail ?? '{}') as Record<string, unknown> })));
}

function logLines(): Array<Record<string, unknown>> {
  return logSpy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

/** The run's metrics line (embedded metric format); there is exactly one. */
function metricsLine(): Record<string, any> {
  const lines = logLines().filter((l) => l.message === 'renewal metrics');
  expect(lines).toHaveLength(1);
  return lines[0];
}

function imports(): Array<{ arn?: string; certificate: X509Certificate; chain: string }> {
  return pca.commandCalls(ImportCertificateAuthorityCertificateCommand).map((c) => ({
    arn: c.args[0].input.CertificateAuthorityArn,
    certificate: new X509Certificate(Buffer.from(c.args[0].input.Certificate!).toString('utf8')),
    chain: Buffer.from(c.args[0].input.CertificateChain!).toString('utf8'),
  }));
}

const issueInputs = () => pca.commandCalls(IssueCertificateCommand).map((c) => c.args[0].input);

/** The run's reads of its stack's specs (the run may list other paths of its stack as well). */
const specReads = () => ssm.commandCalls(GetParametersByPathCommand).filter((c) => c.args[0].input.Path === SPEC_PATH);

beforeEach(() => {
  for (const mock of [pca, ssm, events, cfn, sts, lambda]) mock.reset();
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  now = T0;
  world = new FakePca();
  world.answer();
  parameters = new Map();
  pageSize = 10;
  answerSsm();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: T0 }],
  });
  // The signing resource is no longer in the stack (a Delete after the CA left it).
  cfn.on(DescribeStackResourceCommand).rejects(awsError('ValidationError', `Resource ${LOGICAL_ID} does not exist for stack ${STACK_NAME}`));
});

afterEach(() => {
  jest.restoreAllMocks();
});

/** A parent in the stack ending in `parentDays`, and its subordinate SUB_ARN whose certificate ends in `ownDays`. */
async function sameStack(parentDays: number, ownDays: number, status = 'ACTIVE') {
  const parent = await world.root(PARENT_ARN, at(parentDays));
  const installed = await world.subordinate(SUB_ARN, PARENT_ARN, at(ownDays), 'Test Issuing CA', status);
  return { parent, installed };
}

// ---------------------------------------------------------------------------------------------------------

describe('a CA that is not due', () => {
  test('is left alone until NotAfter - RenewBeforeDays (renewsOn), and nothing is asked of the parent', async () => {
    const { installed } = await sameStack(3650, 400);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { renewBeforeDays: 365 }));

    const summary = await run();

    const notAfter = notAfterOf(installed.pem);
    expect(summary).toMatchObject({ StackName: STACK_NAME, Unreadable: [] });
    expect(summary.Outcomes).toEqual([{
      caName: 'issuing',
      certificateAuthorityArn: SUB_ARN,
      result: 'not-due',
      notAfter: notAfter.toISOString(),
      renewsOn: new Date(notAfter.getTime() - 365 * DAY).toISOString(),
    }]);
    expect(pca.commandCalls(GetCertificateAuthorityCsrCommand)).toHaveLength(0);
    expect(pca.commandCalls(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: PARENT_ARN })).toHaveLength(0);
    expect(issueInputs()).toHaveLength(0);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(putEvents()).toEqual([]);
  });

  test('a second before renewsOn it is not due; at renewsOn it renews', async () => {
    const { installed } = await sameStack(3650, 400);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { renewBeforeDays: 365 }));
    const renewsOn = new Date(notAfterOf(installed.pem).getTime() - 365 * DAY);

    now = new Date(renewsOn.getTime() - 1000);
    expect((await run()).Outcomes.map((o) => o.result)).toEqual(['not-due']);
    now = renewsOn;
    expect((await run()).Outcomes.map((o) => o.result)).toEqual(['renewed']);
  });

  test.each([
    ['PENDING_CERTIFICATE', 'PENDING_CERTIFICATE'],
    ['DISABLED', 'DISABLED'],
    ['CREATING', 'CREATING'],
  ])('is not renewed when %s (not-active)', async (status, reason) => {
    await sameStack(3650, 10, status);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));

    const summary = await run();

    expect(summary.Outcomes).toEqual([{ caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'not-active', reason }]);
    expect(issueInputs()).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(putEvents()).toEqual([]);
  });

  test('an ACTIVE CA that holds no certificate is not-active', async () => {
    await sameStack(3650, 10);
    world.ca(SUB_ARN).held = undefined;
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));

    expect((await run()).Outcomes).toEqual([{ caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'not-active', reason: 'ACTIVE' }]);
    expect(issueInputs()).toHaveLength(0);
  });

  test('a CA that no longer exists is not-active (gone)', async () => {
    await world.root(PARENT_ARN, at(3650));
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));

    expect((await run()).Outcomes).toEqual([{ caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'not-active', reason: 'gone' }]);
    expect(issueInputs()).toHaveLength(0);
  });
});

describe('a CA that is due', () => {
  test('has the parent in the stack sign its current CSR again with the declared validity, installed into the same CA', async () => {
    const { parent, installed } = await sameStack(3650, 400);
    const spec = specOf('issuing', SUB_ARN, PARENT_ARN, { renewBeforeDays: 365 });
    putSpec(spec);
    now = at(40);

    const summary = await run();

    const issues = issueInputs();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      CertificateAuthorityArn: PARENT_ARN, TemplateArn: TEMPLATE, Validity: { Type: 'YEARS', Value: 3 }, SigningAlgorithm: SIGNING_ALGORITHM,
    });
    expect(Buffer.from(issues[0].Csr!).toString('utf8')).toBe(installed.csr);
    expect(issues[0].IdempotencyToken).toMatch(/^[0-9a-f]{32}$/);

    const installs = imports();
    expect(installs).toHaveLength(1);
    expect(installs[0].arn).toBe(SUB_ARN);
    const renewed = installs[0].certificate;
    const previous = new X509Certificate(installed.pem);
    // Same key, same subject, signed by the parent, for three years from the handler's time.
    expect(renewed.publicKey.export({ type: 'spki', format: 'der' })).toEqual(previous.publicKey.export({ type: 'spki', format: 'der' }));
    expect(renewed.subject).toBe(previous.subject);
    expect(renewed.checkIssued(new X509Certificate(parent.held!))).toBe(true);
    expect(renewed.verify(new X509Certificate(parent.held!).publicKey)).toBe(true);
    expect(new Date(renewed.validTo)).toEqual(validityEnd(now, 'YEARS', 3));
    expect(renewed.serialNumber).not.toBe(previous.serialNumber);
    expect(sameCertificate(world.ca(SUB_ARN).held!, renewed.toString())).toBe(true);

    const certificateArn = [...world.issued.values()].find((i) => sameCertificate(i.pem, renewed.toString()))!.arn;
    expect(certificateArn).toBe(`${PARENT_ARN}/certificate/${colons(renewed.serialNumber).replace(/:/g, '')}`);
    expect(summary.Outcomes).toEqual([{
      caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'renewed', capped: false, notAfter: new Date(renewed.validTo).toISOString(),
    }]);
    // Reached with the handler's own credentials: no role assumed, no authority invoked.
    expect(sts.calls()).toHaveLength(0);
    expect(lambda.calls()).toHaveLength(0);

    const puts = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ Name: `${RECORD_PATH}/${LOGICAL_ID}`, Type: 'String', Overwrite: true });
    const digest = signingDigest({ ...spec.Properties, CertificateSigningRequest: installed.csr }, PARENT_ARN);
    expect(JSON.parse(puts[0].Value!)).toEqual({
      Version: 1,
      CertificateArn: certificateArn,
      SerialNumber: colons(renewed.serialNumber),
      NotAfter: new Date(renewed.validTo).toISOString(),
      Digest: digest,
      ParentCertificateAuthorityArn: PARENT_ARN,
      ResourceSerialNumber: colons(installed.serial),
      RenewedAt: now.toISOString(),
      Capped: false,
    } satisfies CaRenewalRecord);

    expect(putEvents()).toEqual([{
      Source: 'cdk-pki.ca-renewal',
      DetailType: 'CA Certificate Renewed',
      Detail: {
        hierarchyName: 'corp',
        caName: 'issuing',
        certificateAuthorityArn: SUB_ARN,
        stackName: STACK_NAME,
        renewed: true,
        capped: false,
        previousNotAfter: notAfterOf(installed.pem).toISOString(),
        certificateArn,
        serialNumber: colons(renewed.serialNumber),
        notAfter: new Date(renewed.validTo).toISOString(),
        parentCertificateAuthorityArn: PARENT_ARN,
      },
    }]);
  });

  test('an EXPIRED CA gets its new certificate the same way', async () => {
    await sameStack(3650, 10, 'EXPIRED');
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));
    now = at(11);

    const summary = await run();

    expect(summary.Outcomes.map((o) => o.result)).toEqual(['renewed']);
    expect(imports().map((i) => i.arn)).toEqual([SUB_ARN]);
    expect(world.ca(SUB_ARN).status).toBe('ACTIVE');
  });

  test('the same checks as the first signing: a CSR that does not match the declared subject is refused, nothing issued', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, {
      properties: { Subject: { CommonName: 'Another CA', Organization: 'cdk-pki tests' }, KeyAlgorithm: 'EC_prime256v1' },
    }));

    const summary = await run();

    expect(summary.Outcomes).toEqual([expect.objectContaining({ result: 'failed', reason: expect.stringMatching(/does not match what the app declared/) })]);
    expect(issueInputs()).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('a CSR that matches the declared subject and key algorithm renews', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, {
      properties: { Subject: { CommonName: 'Test Issuing CA', Organization: 'cdk-pki tests' }, KeyAlgorithm: 'EC_prime256v1' },
    }));

    expect((await run()).Outcomes.map((o) => o.result)).toEqual(['renewed']);
  });

  test('a second renewal records the same resource certificate (the one the signing resource installed)', async () => {
    const { installed } = await sameStack(7300, 400);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { renewBeforeDays: 365 }));
    now = at(40);
    await run();
    const first = recordOf()!;
    expect(first.ResourceSerialNumber).toBe(colons(installed.serial));

    // A day after the renewed certificate is due.
    now = new Date(new Date(first.NotAfter).getTime() - 364 * DAY);
    const summary = await run();

    expect(summary.Outcomes.map((o) => o.result)).toEqual(['renewed']);
    const second = recordOf()!;
    expect(second.SerialNumber).not.toBe(first.SerialNumber);
    expect(second.ResourceSerialNumber).toBe(colons(installed.serial));
    expect(second.RenewedAt).toBe(now.toISOString());
  });

  test('a renewal whose installation failed is asked again with the same idempotency token, and gets the same certificate', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));
    world.failingImports = 1;

    const first = await run();
    expect(first.Outcomes.map((o) => o.result)).toEqual(['failed']);
    expect(recordOf()).toBeUndefined();

    now = at(1);
    const second = await run();

    expect(second.Outcomes.map((o) => o.result)).toEqual(['renewed']);
    const [a, b] = issueInputs();
    expect(b.IdempotencyToken).toBe(a.IdempotencyToken);
    expect(world.issued.size).toBe(2); // the installed certificate, and the one renewal
    expect(recordOf()!.CertificateArn).toBe([...world.issued.keys()][1]);
  });

  test('through the parent\'s signing authority (a parent in another stack): invoker role, Describe, Sign, installed here', async () => {
    const root = await world.root(ROOT_ARN, at(3650), 'Test Root CA');
    const installed = await world.subordinate(SUB_ARN, ROOT_ARN, at(100));
    putSpec(specOf('issuing', SUB_ARN, ROOT_ARN, {
      properties: { Parent: { Region: 'us-east-1', AuthorityFunctionArn: AUTHORITY_ARN, InvokerRoleArn: INVOKER_ROLE_ARN } },
    }));
    sts.on(AssumeRoleCommand).resolves({
      Credentials: { AccessKeyId: 'ASIAINVOKER', SecretAccessKey: 'invoker-secret', SessionToken: 'invoker-token', Expiration: new Date(Date.now() + 900_000) },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:cdk-pki-signer', Arn: `${INVOKER_ROLE_ARN}/cdk-pki-signer` },
    });
    const requests: AuthorityRequest[] = [];
    lambda.on(InvokeCommand).callsFake(async (input: InvokeCommandInput) => {
      const request = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as AuthorityRequest;
      requests.push(request);
      let answer: unknown;
      if (request.Action === 'Describe') {
        answer = { ParentCertificateAuthorityArn: ROOT_ARN, Status: 'ACTIVE', NotAfter: notAfterOf(root.held!).toISOString(), SigningAlgorithm: SIGNING_ALGORITHM };
      } else if (request.Action === 'Sign') {
        const csr = world.ca(request.CertificateAuthorityArn).csr!;
        const issued = await world.issue(ROOT_ARN, csr, validityEnd(now, request.ValidityType, request.ValidityValue));
        answer = { ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: issued.arn, Certificate: issued.pem, CertificateChain: issued.chain };
      } else {
        throw new Error(`unexpected ${request.Action}`);
      }
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
    });

    const summary = await run();

    expect(summary.Outcomes.map((o) => o.result)).toEqual(['renewed']);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([INVOKER_ROLE_ARN]);
    expect(lambda.commandCalls(InvokeCommand).every((c) => c.args[0].input.FunctionName === AUTHORITY_ARN)).toBe(true);
    expect(requests.map((r) => r.Action)).toEqual(['Describe', 'Sign']);
    expect(requests[1]).toMatchObject({ CertificateAuthorityArn: SUB_ARN, ValidityType: 'YEARS', ValidityValue: 3, IdempotencySeed: expect.any(String) });
    // Nothing is asked of the parent CA directly: the authority is the way to it.
    expect(issueInputs()).toHaveLength(0);
    expect(imports().map((i) => i.arn)).toEqual([SUB_ARN]);
    expect(recordOf()).toMatchObject({ ParentCertificateAuthorityArn: ROOT_ARN, ResourceSerialNumber: colons(installed.serial), Capped: false });
  });
});

describe('the end of the parent\'s certificate', () => {
  test('caps the validity to whole DAYS ending at least a day before the parent, and reports the cap', async () => {
    const { parent } = await sameStack(730, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));

    const summary = await run();

    const [issue] = issueInputs();
    expect(issue.Validity?.Type).toBe('DAYS');
    const days = issue.Validity!.Value!;
    const parentEnd = notAfterOf(parent.held!);
    const end = validityEnd(now, 'DAYS', days);
    // At least a day before the parent, and the longest that is.
    expect(end.getTime()).toBeLessThanOrEqual(parentEnd.getTime() - DAY);
    expect(validityEnd(now, 'DAYS', days + 1).getTime()).toBeGreaterThan(parentEnd.getTime() - DAY);
    const [installed] = imports();
    expect(new Date(installed.certificate.validTo)).toEqual(end);

    expect(summary.Outcomes).toEqual([{
      caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'renewed', capped: true, notAfter: end.toISOString(),
    }]);
    expect(recordOf()).toMatchObject({ Capped: true, NotAfter: end.toISOString() });
    const sent = putEvents();
    expect(sent.map((e) => [e.Source, e.DetailType])).toEqual([
      ['cdk-pki.ca-renewal', 'CA Certificate Renewed'],
      ['cdk-pki.ca-renewal', 'CA Certificate Renewal Capped'],
    ]);
    expect(sent[0].Detail).toMatchObject({ renewed: true, capped: true, notAfter: end.toISOString() });
    expect(sent[1].Detail).toMatchObject({
      caName: 'issuing', renewed: true, capped: true, notAfter: end.toISOString(), reason: expect.stringMatching(/renew the parent CA's certificate/),
    });
    expect(metricsLine()).toMatchObject({ CaCertificatesRenewed: 1, CaCertificateRenewalsCapped: 1, CaCertificateRenewalsFailed: 0 });
  });

  test('blocks a renewal that would not end at least a day later than the installed certificate: nothing issued, reported', async () => {
    const { installed } = await sameStack(100, 99.5);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));

    const summary = await run();

    expect(issueInputs()).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(recordOf()).toBeUndefined();
    const notAfter = notAfterOf(installed.pem).toISOString();
    expect(summary.Outcomes).toEqual([{
      caName: 'issuing', certificateAuthorityArn: SUB_ARN, result: 'blocked', capped: true, notAfter, reason: expect.stringContaining(PARENT_ARN),
    }]);
    expect(putEvents()).toEqual([{
      Source: 'cdk-pki.ca-renewal',
      DetailType: 'CA Certificate Renewal Capped',
      Detail: expect.objectContaining({
        caName: 'issuing', renewed: false, capped: true, previousNotAfter: notAfter, reason: expect.stringMatching(/renew the parent CA's certificate/),
      }),
    }]);
    expect(metricsLine()).toMatchObject({ CaCertificatesRenewed: 0, CaCertificateRenewalsCapped: 1, CaCertificateRenewalsFailed: 0 });
  });

  test('waits (nothing issued) while the parent is due itself and its own end is more than 30 days away', async () => {
    await sameStack(200, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { parentRenewBeforeDays: 365 }));

    const summary = await run();

    expect(summary.Outcomes).toEqual([expect.objectContaining({ result: 'waiting', notAfter: expect.any(String) })]);
    expect(issueInputs()).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(putEvents()).toEqual([]);
    expect(metricsLine()).toMatchObject({ CaCertificatesRenewed: 0, CaCertificateRenewalsCapped: 0, CaCertificateRenewalsFailed: 0 });
  });

  test('renews anyway, capped, while the parent is due when its own end is 30 days away or less', async () => {
    await sameStack(200, 20);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { parentRenewBeforeDays: 365 }));

    const summary = await run();

    expect(summary.Outcomes).toEqual([expect.objectContaining({ result: 'renewed', capped: true })]);
    expect(issueInputs()).toHaveLength(1);
    expect(imports().map((i) => i.arn)).toEqual([SUB_ARN]);
  });

  test('does not wait for a parent that is not due', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN, { parentRenewBeforeDays: 365 }));

    expect((await run()).Outcomes).toEqual([expect.objectContaining({ result: 'renewed', capped: false })]);
  });
});

describe('a run over several CAs', () => {
  test('renews parents first: specs by Depth, then CaName, so a subordinate sees its parent\'s renewed end', async () => {
    // The stack's intermediate (depth 2, parent ROOT_ARN) and its subordinate (depth 3), both due; another depth-2 CA
    // named after the intermediate in the alphabet. The depth-3 CA would wait for its parent if it came first.
    await world.root(ROOT_ARN, at(3650), 'Test Root CA');
    await world.subordinate(SUB_ARN, ROOT_ARN, at(100), 'Intermediate CA');
    await world.root(OTHER_PARENT_ARN, at(3650));
    await world.subordinate(SECOND_ARN, OTHER_PARENT_ARN, at(3000), 'Zulu CA');
    await world.subordinate(THIRD_ARN, SUB_ARN, at(60), 'App CA');
    // Written in the reverse order.
    putSpec(specOf('app', THIRD_ARN, SUB_ARN, { depth: 3, renewBeforeDays: 90, parentRenewBeforeDays: 365, properties: { ValidityType: 'YEARS', ValidityValue: '1' } }));
    putSpec(specOf('zulu', SECOND_ARN, OTHER_PARENT_ARN, { depth: 2 }));
    putSpec(specOf('intermediate', SUB_ARN, ROOT_ARN, { depth: 2, properties: { Parent: { Region: 'us-east-1', CertificateAuthorityArn: ROOT_ARN } } }));

    const summary = await run();

    expect(summary.Outcomes.map((o) => `${o.caName}: ${o.result}`)).toEqual(['intermediate: renewed', 'zulu: not-due', 'app: renewed']);
    expect(issueInputs().map((i) => i.CertificateAuthorityArn)).toEqual([ROOT_ARN, SUB_ARN]);
    const [intermediate, app] = imports();
    expect([intermediate.arn, app.arn]).toEqual([SUB_ARN, THIRD_ARN]);
    // The app CA is signed for its full year (its parent no longer ends soon), its chain headed by the parent's new certificate.
    expect(summary.Outcomes[2]).toMatchObject({ capped: false });
    expect(new Date(app.certificate.validTo)).toEqual(validityEnd(now, 'YEARS', 1));
    const chainHead = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(app.chain)![0];
    expect(sameCertificate(chainHead, intermediate.certificate.toString())).toBe(true);
    expect(app.certificate.verify(intermediate.certificate.publicKey)).toBe(true);
  });

  test('a failure of one CA is reported (event, outcome) and the others still renew', async () => {
    await world.root(PARENT_ARN, at(3650));
    await world.root(OTHER_PARENT_ARN, at(3650));
    await world.subordinate(SUB_ARN, PARENT_ARN, at(100), 'Alpha CA');
    await world.subordinate(SECOND_ARN, OTHER_PARENT_ARN, at(100), 'Beta CA');
    world.denied.add(PARENT_ARN);
    putSpec(specOf('beta', SECOND_ARN, OTHER_PARENT_ARN));
    putSpec(specOf('alpha', SUB_ARN, PARENT_ARN));

    const summary = await run();

    expect(summary.Outcomes.map((o) => `${o.caName}: ${o.result}`)).toEqual(['alpha: failed', 'beta: renewed']);
    expect(summary.Outcomes[0].reason).toMatch(/^access denied: IssueCertificate on parent CA arn:\S+44444444/);
    expect(summary.Outcomes[0].reason).toContain('not authorized to perform: acm-pca:IssueCertificate');
    expect(imports().map((i) => i.arn)).toEqual([SECOND_ARN]);
    expect(recordOf(logicalIdOf('alpha'))).toBeUndefined();
    expect(recordOf(logicalIdOf('beta'))).toBeDefined();
    const sent = putEvents();
    expect(sent.map((e) => `${e.Detail.caName}: ${e.DetailType}`)).toEqual(['alpha: CA Certificate Renewal Failed', 'beta: CA Certificate Renewed']);
    expect(sent[0]).toEqual({
      Source: 'cdk-pki.ca-renewal',
      DetailType: 'CA Certificate Renewal Failed',
      Detail: {
        hierarchyName: 'corp', caName: 'alpha', certificateAuthorityArn: SUB_ARN, stackName: STACK_NAME, renewed: false, reason: summary.Outcomes[0].reason,
      },
    });
    expect(metricsLine()).toMatchObject({ CaCertificatesRenewed: 1, CaCertificateRenewalsCapped: 0, CaCertificateRenewalsFailed: 1 });
  });

  test('logs its counts once as CloudWatch metrics in the embedded metric format (namespace cdk-pki, dimension StackName)', async () => {
    await world.root(PARENT_ARN, at(3650));
    await world.root(OTHER_PARENT_ARN, at(300));
    await world.subordinate(SUB_ARN, PARENT_ARN, at(100), 'Alpha CA');
    await world.subordinate(SECOND_ARN, OTHER_PARENT_ARN, at(100), 'Beta CA');
    await world.subordinate(THIRD_ARN, PARENT_ARN, at(3000), 'Gamma CA');
    putSpec(specOf('alpha', SUB_ARN, PARENT_ARN));
    putSpec(specOf('beta', SECOND_ARN, OTHER_PARENT_ARN));
    putSpec(specOf('gamma', THIRD_ARN, PARENT_ARN));

    const summary = await run();

    expect(summary.Outcomes.map((o) => `${o.caName}: ${o.result}${o.capped ? ' (capped)' : ''}`)).toEqual([
      'alpha: renewed', 'beta: renewed (capped)', 'gamma: not-due',
    ]);
    const line = metricsLine();
    expect(line._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'cdk-pki',
      Dimensions: [['StackName']],
      Metrics: expect.arrayContaining([
        { Name: 'CaCertificatesRenewed', Unit: 'Count' },
        { Name: 'CaCertificateRenewalsCapped', Unit: 'Count' },
        { Name: 'CaCertificateRenewalsFailed', Unit: 'Count' },
      ]),
    }]);
    // The real time: CloudWatch takes no metric from the future, whatever the handler's clock says.
    expect(Math.abs(line._aws.Timestamp - Date.now())).toBeLessThan(60_000);
    expect(line).toMatchObject({ StackName: STACK_NAME, CaCertificatesRenewed: 2, CaCertificateRenewalsCapped: 1, CaCertificateRenewalsFailed: 0 });
  });

  test('a run with no specs logs zero counts', async () => {
    const summary = await run();

    expect(summary).toMatchObject({ StackName: STACK_NAME, Outcomes: [], Unreadable: [] });
    expect(metricsLine()).toMatchObject({
      StackName: STACK_NAME, CaCertificatesRenewed: 0, CaCertificateRenewalsCapped: 0, CaCertificateRenewalsFailed: 0,
    });
    expect(specReads().map((c) => c.args[0].input))
      .toEqual([{ Path: SPEC_PATH, Recursive: false, NextToken: undefined }]);
  });

  test('reads every page of the stack\'s specs', async () => {
    pageSize = 1;
    await world.root(PARENT_ARN, at(3650));
    await world.subordinate(SUB_ARN, PARENT_ARN, at(3000), 'Alpha CA');
    await world.subordinate(SECOND_ARN, PARENT_ARN, at(3000), 'Beta CA');
    putSpec(specOf('alpha', SUB_ARN, PARENT_ARN));
    putSpec(specOf('beta', SECOND_ARN, PARENT_ARN));

    const summary = await run();

    expect(summary.Outcomes.map((o) => o.caName)).toEqual(['alpha', 'beta']);
    expect(specReads()).toHaveLength(2);
  });

  test('a spec that cannot be read is left out and reported in Unreadable; the others are renewed', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));
    parameters.set(`${SPEC_PATH}/NotJson`, '{"Version":1,');
    parameters.set(`${SPEC_PATH}/FutureVersion`, JSON.stringify({ ...specOf('future', SECOND_ARN, PARENT_ARN), Version: 2 }));
    parameters.set(`${SPEC_PATH}/NoProperties`, JSON.stringify({ Version: 1, LogicalId: 'X', CaName: 'x', Depth: 2, RenewBeforeDays: 1 }));
    // Another stack's spec is not this run's.
    parameters.set(`/cdk-pki/ca-renewal/Other/spec/${LOGICAL_ID}`, JSON.stringify(specOf('other', SECOND_ARN, PARENT_ARN)));

    const summary = await run();

    expect(summary.Outcomes.map((o) => `${o.caName}: ${o.result}`)).toEqual(['issuing: renewed']);
    expect([...summary.Unreadable].sort()).toEqual([`${SPEC_PATH}/FutureVersion`, `${SPEC_PATH}/NoProperties`, `${SPEC_PATH}/NotJson`]);
    expect(logLines().some((l) => l.message === 'renewal specs not readable: left out')).toBe(true);
  });
});

describe('the renewal events', () => {
  test('a PutEvents that is denied does not fail the renewal', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));
    events.on(PutEventsCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: events:PutEvents'));

    const summary = await run();

    expect(summary.Outcomes.map((o) => o.result)).toEqual(['renewed']);
    expect(recordOf()).toBeDefined();
    expect(imports()).toHaveLength(1);
    expect(logLines().filter((l) => l.message === 'renewal event not put')).toEqual([
      expect.objectContaining({ detailType: 'CA Certificate Renewed', error: 'AccessDeniedException' }),
    ]);
    expect(metricsLine()).toMatchObject({ CaCertificatesRenewed: 1, CaCertificateRenewalsFailed: 0 });
  });

  test('a PutEvents entry that EventBridge refuses does not fail the renewal either', async () => {
    await sameStack(3650, 100);
    putSpec(specOf('issuing', SUB_ARN, PARENT_ARN));
    events.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }] });

    expect((await run()).Outcomes.map((o) => o.result)).toEqual(['renewed']);
    expect(logLines().filter((l) => l.message === 'renewal event not put')).toEqual([expect.objectContaining({ errorCode: 'InternalFailure' })]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The signing resource (Custom::PkiSubordinateCaCertificate) once the CA holds a renewal of its certificate.
// ---------------------------------------------------------------------------------------------------------

describe('the signing resource with a renewal record', () => {
  const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:222222222222:function:provider';
  const common = {
    ServiceToken: SERVICE_TOKEN,
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
    StackId: STACK_ID,
    LogicalResourceId: LOGICAL_ID,
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
  };

  /** The resource's certificate installed by its Create, then renewed by a run; what each is. */
  async function renewedOnce(properties: Partial<CaRenewalProperties> = {}) {
    const { installed } = await sameStack(3650, 400);
    const spec = specOf('issuing', SUB_ARN, PARENT_ARN, { properties });
    putSpec(spec);
    const props: SubordinateCertificateProperties = { ...spec.Properties, CertificateSigningRequest: installed.csr };
    const physicalId = signingPhysicalId(installed.arn, signingDigest(props, PARENT_ARN));
    now = at(40);
    expect((await run()).Outcomes.map((o) => o.result)).toEqual(['renewed']);
    const record = recordOf()!;
    expect(record.ResourceSerialNumber).toBe(colons(installed.serial));
    for (const mock of [pca, ssm, events]) mock.resetHistory();
    return { installed, props, physicalId, record, renewed: world.issued.get(record.CertificateArn)! };
  }

  function updateEvent(props: SubordinateCertificateProperties, physicalId: string): CloudFormationCustomResourceUpdateEvent {
    return {
      ...common,
      RequestType: 'Update',
      RequestId: 'request-2',
      PhysicalResourceId: physicalId,
      ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props },
      OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props },
    };
  }

  function deleteEvent(props: SubordinateCertificateProperties, physicalId: string): CloudFormationCustomResourceEvent {
    return { ...common, RequestType: 'Delete', RequestId: 'request-3', PhysicalResourceId: physicalId, ResourceProperties: { ServiceToken: SERVICE_TOKEN, ...props } };
  }

  test('an Update with the same properties keeps the renewed certificate: nothing signed or installed, its attributes from the record', async () => {
    const { props, physicalId, record } = await renewedOnce();

    const result = await onEvent(updateEvent(props, physicalId));

    expect(result).toEqual({
      PhysicalResourceId: physicalId,
      Data: {
        CertificateArn: record.CertificateArn,
        SerialNumber: record.SerialNumber,
        NotAfter: record.NotAfter,
        ParentCertificateAuthorityArn: PARENT_ARN,
        CertificateAuthorityArn: SUB_ARN,
      },
    });
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(issueInputs()).toHaveLength(0);
    expect(recordOf()).toEqual(record);
  });

  test('an Update when the CA holds neither the resource\'s certificate nor its renewal installs the renewal again', async () => {
    const { installed, props, physicalId, record, renewed } = await renewedOnce();
    // Something else (a deployment CloudFormation rolled back) installed a third certificate.
    const third = await world.issue(PARENT_ARN, installed.csr, at(500));
    world.install(SUB_ARN, third);

    const result = await onEvent(updateEvent(props, physicalId));

    expect(imports().map((i) => [i.arn, i.certificate.fingerprint256])).toEqual([[SUB_ARN, new X509Certificate(renewed.pem).fingerprint256]]);
    expect(world.ca(SUB_ARN).held).toBe(renewed.pem);
    expect(result).toEqual({
      PhysicalResourceId: physicalId, Data: expect.objectContaining({ CertificateArn: record.CertificateArn, SerialNumber: record.SerialNumber }),
    });
    expect(issueInputs()).toHaveLength(0);
  });

  test.each([
    ['the CA left the stack', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'],
    ['the stack is deleted', 'DELETE_IN_PROGRESS'],
  ])('a Delete with RevokeOnDelete \'true\' (%s) revokes both certificates, disables the CA and removes the record', async (_why, status) => {
    const { installed, props, physicalId, record } = await renewedOnce({ RevokeOnDelete: 'true' });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: status as never, CreationTime: T0 }],
    });

    await onEvent(deleteEvent(props, physicalId));

    const revocations = pca.commandCalls(RevokeCertificateCommand).map((c) => c.args[0].input);
    expect(revocations).toEqual(expect.arrayContaining([
      { CertificateAuthorityArn: PARENT_ARN, CertificateSerial: record.SerialNumber, RevocationReason: 'CESSATION_OF_OPERATION' },
      { CertificateAuthorityArn: PARENT_ARN, CertificateSerial: colons(installed.serial), RevocationReason: 'CESSATION_OF_OPERATION' },
    ]));
    expect(revocations).toHaveLength(2);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand).map((c) => c.args[0].input)).toEqual([{ CertificateAuthorityArn: SUB_ARN, Status: 'DISABLED' }]);
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: `${RECORD_PATH}/${LOGICAL_ID}` }]);
    expect(recordOf()).toBeUndefined();
  });

  test('a Delete without RevokeOnDelete revokes nothing, keeps the CA (RETAIN) and removes the record', async () => {
    const { props, physicalId } = await renewedOnce();

    await onEvent(deleteEvent(props, physicalId));

    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
    expect(recordOf()).toBeUndefined();
  });

  test('a record whose ResourceSerialNumber is another certificate\'s is ignored: the resource\'s own certificate is installed again', async () => {
    const { installed, props, physicalId, record } = await renewedOnce();
    parameters.set(`${RECORD_PATH}/${LOGICAL_ID}`, JSON.stringify({ ...record, ResourceSerialNumber: colons(randomSerial()) }));

    const result = await onEvent(updateEvent(props, physicalId));

    expect(imports().map((i) => [i.arn, i.certificate.fingerprint256])).toEqual([[SUB_ARN, new X509Certificate(installed.pem).fingerprint256]]);
    expect(result).toEqual({
      PhysicalResourceId: physicalId,
      Data: {
        CertificateArn: installed.arn,
        SerialNumber: colons(installed.serial),
        NotAfter: notAfterOf(installed.pem).toISOString(),
        ParentCertificateAuthorityArn: PARENT_ARN,
        CertificateAuthorityArn: SUB_ARN,
      },
    });
  });

  test('the cleanup Delete after a signing again revokes the superseded certificate and its renewal (SUPERSEDED) and removes the record', async () => {
    const { installed, props, physicalId, record } = await renewedOnce({ RevokeOnDelete: 'true' });
    const changed = { ...props, ValidityValue: '2' };
    const signed = await onEvent(updateEvent(changed, physicalId));
    const newest = world.ca(SUB_ARN).held!;
    pca.resetHistory();

    await onEvent(deleteEvent(props, physicalId));

    const revocations = pca.commandCalls(RevokeCertificateCommand).map((c) => c.args[0].input);
    expect(revocations).toHaveLength(2);
    expect(revocations).toEqual(expect.arrayContaining([
      { CertificateAuthorityArn: PARENT_ARN, CertificateSerial: colons(installed.serial), RevocationReason: 'SUPERSEDED' },
      { CertificateAuthorityArn: PARENT_ARN, CertificateSerial: record.SerialNumber, RevocationReason: 'SUPERSEDED' },
    ]));
    // The CA keeps the newer signing, and stays ACTIVE.
    expect(world.ca(SUB_ARN).held).toBe(newest);
    expect(signed.Data?.SerialNumber).toBe(colons(new X509Certificate(newest).serialNumber));
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
    expect(recordOf()).toBeUndefined();
  });

  // The rollback Update reinstalls the renewal (update()), and the cleanup Delete during the rollback (undo()) leaves it.
  test('a rollback after a signing again keeps the renewal: the rollback Update reinstalls it and the cleanup Delete leaves it', async () => {
    const { props, physicalId, record, renewed } = await renewedOnce();
    // An update signs again (another validity), then the deployment fails and CloudFormation rolls back.
    const changed = { ...props, ValidityValue: '2' };
    const signed = await onEvent(updateEvent(changed, physicalId));
    expect(signed.PhysicalResourceId).not.toBe(physicalId);
    const rollback = await onEvent({ ...updateEvent(props, physicalId), OldResourceProperties: { ServiceToken: SERVICE_TOKEN, ...changed } });
    expect(rollback).toEqual({ PhysicalResourceId: physicalId, Data: expect.objectContaining({ CertificateArn: record.CertificateArn }) });
    expect(sameCertificate(world.ca(SUB_ARN).held!, renewed.pem)).toBe(true);
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: T0 }],
    });
    cfn.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        LogicalResourceId: LOGICAL_ID,
        PhysicalResourceId: physicalId,
        ResourceType: 'Custom::PkiSubordinateCaCertificate',
        ResourceStatus: 'UPDATE_COMPLETE',
        LastUpdatedTimestamp: T0,
      },
    });
    pca.resetHistory();

    // The cleanup: CloudFormation deletes the certificate of the failed update.
    await onEvent(deleteEvent(changed, signed.PhysicalResourceId));

    // Fails today: the CA holds the resource's original certificate again (one ImportCertificateAuthorityCertificate).
    expect(new X509Certificate(world.ca(SUB_ARN).held!).serialNumber).toBe(new X509Certificate(renewed.pem).serialNumber);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(recordOf()).toEqual(record);
  });

  test('a record for other contents (the properties changed) is not honoured: the Update signs again', async () => {
    const { props, physicalId } = await renewedOnce();

    const result = await onEvent(updateEvent({ ...props, ValidityValue: '2' }, physicalId));

    expect(result.PhysicalResourceId).not.toBe(physicalId);
    expect(issueInputs().map((i) => i.Validity)).toEqual([{ Type: 'YEARS', Value: 2 }]);
    expect(imports().map((i) => i.arn)).toEqual([SUB_ARN]);
  });
});
