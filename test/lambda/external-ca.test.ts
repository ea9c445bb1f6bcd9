/**
 * Custom::PkiExternalCaCertificate (lambda/ca-signer/external.ts) with mocked AWS clients, for what moto cannot show
 * (test/integ/external-ca.moto.test.ts plays the stack against moto): the CSR written to S3 and a denied PutObject;
 * the pending create; an Update that gives the certificate the CA holds already; each reason to refuse a certificate,
 * alone; and the Delete branches that need CloudFormation's answers (a rollback, a stack deletion, a replacement).
 *
 * AWS Private CA is a small stateful fake: a CA has a status, a CSR (made in the test, with its key), and what was
 * imported into it. Every key, CSR and certificate is real (test/support/pki.ts, and the helpers below for certificates
 * with unusual extensions), so the handler's checks run on what a parent outside AWS would really hand over.
 */
import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import {
  ACMPCAClient,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  ImportCertificateAuthorityCertificateCommand,
  InvalidStateException,
  ResourceNotFoundException,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as x509 from '@peculiar/x509';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/ca-signer';
import type { SignerOptions } from '../../lambda/ca-signer';
import { externalCertificateProblems } from '../../lambda/ca-signer/external';
import type { CaRetirementRecord } from '../../src/private/contracts/ca-renewal';
import type { ExternalCaCertificateProperties } from '../../src/private/contracts/external-ca';
import { eventsFor, stackFakes } from '../support/cfn-stack-fakes';
import { createCsr, createRootCa, randomSerial, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';
/** The CA's next generation (a CA replaced on purpose, or the one a failed operation created). */
const NEW_SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/33333333-3333-4333-8333-333333333333';
/** A generation replaced earlier, waiting for its retirement. */
const OLD_SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/44444444-4444-4444-8444-444444444444';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc';
const RETIREMENT_PATH = '/cdk-pki/ca-retirement/Issuing';
const LOGICAL_ID = 'IssuingCertificateA4002050';
const RESOURCE_TYPE = 'Custom::PkiExternalCaCertificate';
const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:222222222222:function:provider';
const SUBJECT = 'CN=Test Issuing CA, O=cdk-pki tests';
const DAY = 86_400_000;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

const pca = mockClient(ACMPCAClient);
const cfn = mockClient(CloudFormationClient);
const s3 = mockClient(S3Client);
const ssm = mockClient(SSMClient);
const events = mockClient(EventBridgeClient);

const options: SignerOptions = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' } };
const handler = createHandler(options);

let root: CaMaterial;
let otherRoot: CaMaterial;
/** The CA's CSR and key (what GetCertificateAuthorityCsr answers). */
let csr: { pem: string; keys: CryptoKeyPair };
/** Another key's CSR with the same subject. */
let strangerCsr: { pem: string; keys: CryptoKeyPair };
/** The certificate the offline root signed for the CA's CSR, and a renewal of it. */
let signed: string;
let renewed: string;

beforeAll(async () => {
  [root, otherRoot, csr, strangerCsr] = await Promise.all([
    createRootCa({ commonName: 'Offline Root' }), createRootCa({ commonName: 'Another Root' }), createCsr(), createCsr(),
  ]);
  signed = await signCsrAsCa(csr.pem, root);
  renewed = await signCsrAsCa(csr.pem, root, { notAfter: new Date(Date.now() + 2 * 365 * DAY) });
});

// ---- Certificates a parent outside AWS could hand over ----

interface CertificateOptions {
  readonly issuer?: CaMaterial;
  /** The certified key: the CA's by default. */
  readonly keys?: CryptoKeyPair;
  readonly subject?: string;
  /** null: no basic constraints extension. @default CA:TRUE, pathLen 0, critical */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength?: number; readonly critical: boolean } | null;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/** A certificate as `options` say, signed by the issuer (the offline root by default). */
async function certificate(o: CertificateOptions = {}): Promise<string> {
  const issuer = o.issuer ?? root;
  const keys = o.keys ?? csr.keys;
  const constraints = o.basicConstraints === undefined ? { ca: true, pathLength: 0, critical: true } : o.basicConstraints;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: o.subject ?? SUBJECT,
    issuer: issuer.certificate.subject,
    notBefore: o.notBefore ?? new Date(Date.now() - DAY),
    notAfter: o.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: RSA,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      ...(constraints ? [new x509.BasicConstraintsExtension(constraints.ca, constraints.pathLength, constraints.critical)] : []),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign + x509.KeyUsageFlags.cRLSign + x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
  });
  return cert.toString('pem');
}

/** The CA's key certified by itself (a self-signed CA certificate with the CSR's subject). */
async function selfSigned(): Promise<string> {
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: SUBJECT,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    signingAlgorithm: RSA,
    keys: csr.keys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  return cert.toString('pem');
}

/** An intermediate of the offline root (pathLen 1, a year), as a CaMaterial that can sign; what it signs must end sooner. */
async function intermediate(): Promise<CaMaterial> {
  const request = await createCsr({ commonName: 'Offline Intermediate' });
  const pem = await signCsrAsCa(request.pem, root, { pathLength: 1 });
  return { certificate: new x509.X509Certificate(pem), pem, keys: request.keys };
}

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
const serialOf = (pem: string): string => new X509Certificate(pem).serialNumber.toLowerCase().match(/../g)!.join(':');
const installedId = (pem: string, caArn = SUB_ARN): string => `${caArn}#external-${fingerprintOf(pem)}`;
const utf8 = (bytes: unknown): string => Buffer.from(bytes as Uint8Array).toString('utf8');

// ---- The fake AWS Private CA ----

interface FakeCa {
  status: string;
  readonly csr: string;
  certificate?: string;
  chain?: string;
}

let cas: Map<string, FakeCa>;

function notFound(what: string): ResourceNotFoundException {
  return new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });
}

function fakePrivateCa(): void {
  const ca = (arn: unknown): FakeCa => {
    const found = cas.get(arn as string);
    if (!found) throw notFound(arn as string);
    return found;
  };
  pca.on(DescribeCertificateAuthorityCommand).callsFake(async (input) => ({
    CertificateAuthority: { Arn: input.CertificateAuthorityArn, Type: 'SUBORDINATE', Status: ca(input.CertificateAuthorityArn).status },
  }));
  pca.on(GetCertificateAuthorityCsrCommand).callsFake(async (input) => ({ Csr: ca(input.CertificateAuthorityArn).csr }));
  pca.on(GetCertificateAuthorityCertificateCommand).callsFake(async (input) => {
    const found = ca(input.CertificateAuthorityArn);
    if (!found.certificate) throw new InvalidStateException({ message: 'the CA has no certificate', $metadata: {} });
    return { Certificate: found.certificate, CertificateChain: found.chain };
  });
  pca.on(ImportCertificateAuthorityCertificateCommand).callsFake(async (input) => {
    const found = ca(input.CertificateAuthorityArn);
    found.certificate = utf8(input.Certificate);
    found.chain = utf8(input.CertificateChain);
    if (found.status === 'PENDING_CERTIFICATE') found.status = 'ACTIVE';
    return {};
  });
  pca.on(UpdateCertificateAuthorityCommand).callsFake(async (input) => {
    ca(input.CertificateAuthorityArn).status = input.Status as string;
    return {};
  });
  pca.on(DeleteCertificateAuthorityCommand).callsFake(async (input) => {
    const found = ca(input.CertificateAuthorityArn);
    if (found.status === 'ACTIVE') throw new InvalidStateException({ message: 'disable the CA first', $metadata: {} });
    found.status = 'DELETED';
    return {};
  });
}

/** A CA that holds `pem` (ACTIVE), signed under the offline root. */
function holding(pem: string, arn = SUB_ARN, status = 'ACTIVE'): void {
  cas.set(arn, { status, csr: csr.pem, certificate: pem, chain: root.pem });
}

type Write = Record<string, unknown> & { readonly op: string };

/** What the handler changed, in order: the CA writes, the S3 object, the retirement records. */
function writes(): Write[] {
  const ops = new Set(['ImportCertificateAuthorityCertificate', 'UpdateCertificateAuthority', 'DeleteCertificateAuthority', 'PutObject', 'PutParameter',
    'DeleteParameter']);
  const calls = [...pca.calls(), ...s3.calls(), ...ssm.calls()]
    .sort((a, b) => (a.calledBefore(b) ? -1 : 1));
  return calls.flatMap((call) => {
    const command = call.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
    const op = command.constructor.name.replace(/Command$/, '');
    if (!ops.has(op)) return [];
    const input = command.input;
    if (op === 'ImportCertificateAuthorityCertificate') {
      const serial = serialOf(utf8(input.Certificate));
      return [{ op, CertificateAuthorityArn: input.CertificateAuthorityArn, serial, chain: utf8(input.CertificateChain) }];
    }
    if (op === 'PutParameter') return [{ op, Name: input.Name, record: JSON.parse(input.Value as string) }];
    return [{ op, ...input }];
  });
}

const importWrite = (pem: string, chain = root.pem): Write => ({
  op: 'ImportCertificateAuthorityCertificate', CertificateAuthorityArn: SUB_ARN, serial: serialOf(pem), chain,
});
const disableWrite = (arn = SUB_ARN): Write => ({ op: 'UpdateCertificateAuthority', CertificateAuthorityArn: arn, Status: 'DISABLED' });
const deleteWrite = (days: number, arn = SUB_ARN): Write => ({ op: 'DeleteCertificateAuthority', CertificateAuthorityArn: arn, PermanentDeletionTimeInDays: days });

// ---- The stack and its events ----

const { stackIs, stackRecords } = stackFakes(cfn, { stackName: 'Issuing', stackId: STACK_ID, logicalId: LOGICAL_ID, resourceType: RESOURCE_TYPE });

/** The resource left the template: CloudFormation knows it no more. */
function stackHasNoSuchResource(): void {
  cfn.on(DescribeStackResourceCommand).rejects(Object.assign(new Error(`Resource ${LOGICAL_ID} does not exist for stack Issuing`), {
    name: 'ValidationError', $fault: 'client', $metadata: {},
  }));
}

function props(overrides: Partial<ExternalCaCertificateProperties> = {}): ExternalCaCertificateProperties {
  return {
    CertificateAuthorityArn: SUB_ARN,
    CertificateSigningRequest: csr.pem,
    CertificateChain: root.pem,
    Subject: { CommonName: 'Test Issuing CA', Organization: 'cdk-pki tests' },
    PathLength: '0',
    RemovalPolicy: 'RETAIN',
    ...overrides,
  };
}

const event = eventsFor({ serviceToken: SERVICE_TOKEN, stackId: STACK_ID, logicalId: LOGICAL_ID, resourceType: RESOURCE_TYPE });

const withToken = (p: ExternalCaCertificateProperties) => ({ ServiceToken: SERVICE_TOKEN, ...p });

const create = (p: ExternalCaCertificateProperties, h = handler) => h(event({ RequestType: 'Create', ResourceProperties: withToken(p) }));

const update = (p: ExternalCaCertificateProperties, old: ExternalCaCertificateProperties, physicalId: string, h = handler) => h(event({
  RequestType: 'Update', PhysicalResourceId: physicalId, ResourceProperties: withToken(p), OldResourceProperties: withToken(old),
}));

const remove = (p: ExternalCaCertificateProperties, physicalId: string) => handler(event({
  RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: withToken(p),
}));

beforeEach(() => {
  pca.reset();
  cfn.reset();
  s3.reset();
  ssm.reset();
  events.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  cas = new Map([[SUB_ARN, { status: 'PENDING_CERTIFICATE', csr: csr.pem }]]);
  fakePrivateCa();
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
  // A deployment that goes forward, unless a test says otherwise.
  stackIs('UPDATE_IN_PROGRESS');
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Create and Update', () => {
  test('without a certificate the CA waits: physical id <CA>#pending, Status PENDING_CERTIFICATE, nothing imported or written', async () => {
    const result = await create(props());

    expect(result).toEqual({
      PhysicalResourceId: `${SUB_ARN}#pending`,
      Data: {
        CertificateArn: 'pending',
        SerialNumber: '',
        NotAfter: '',
        ParentCertificateAuthorityArn: 'external',
        CertificateAuthorityArn: SUB_ARN,
        Status: 'PENDING_CERTIFICATE',
      },
    });
    expect(pca.commandCalls(GetCertificateAuthorityCsrCommand).map((c) => c.args[0].input)).toEqual([{ CertificateAuthorityArn: SUB_ARN }]);
    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)!.status).toBe('PENDING_CERTIFICATE');
  });

  test('with CsrBucket and CsrKey the CA\'s current CSR is also put into the bucket (application/pkcs10), pending or not', async () => {
    s3.on(PutObjectCommand).resolves({});
    const key = 'cdk-pki/corp/issuing/generation-1.csr';

    const pending = await create(props({ CsrBucket: 'csr-bucket', CsrKey: key }));
    const installed = await update(props({ CsrBucket: 'csr-bucket', CsrKey: key, Certificate: signed }), props(), pending.PhysicalResourceId);

    const put = { op: 'PutObject', Bucket: 'csr-bucket', Key: key, Body: csr.pem, ContentType: 'application/pkcs10' };
    expect(writes()).toEqual([put, put, importWrite(signed)]);
    expect(pending.PhysicalResourceId).toBe(`${SUB_ARN}#pending`);
    expect(installed.PhysicalResourceId).toBe(installedId(signed));
  });

  test('a CSR bucket given without a key (or a key without a bucket) writes nothing to S3', async () => {
    await create(props({ CsrBucket: 'csr-bucket' }));
    await create(props({ CsrKey: 'k.csr' }));

    expect(s3.calls()).toHaveLength(0);
  });

  test('a PutObject denied fails the request, naming the object and what to check, before anything is installed', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('User is not authorized to perform: s3:PutObject'), {
      name: 'AccessDenied', $fault: 'client', $metadata: { requestId: 'req-1' },
    }));
    const key = 'cdk-pki/corp/issuing/generation-1.csr';

    await expect(create(props({ CsrBucket: 'csr-bucket', CsrKey: key, Certificate: signed }))).rejects.toThrow(
      `access denied: PutObject on s3://csr-bucket/${key} with the signer's own credentials (request id req-1): User is not authorized to perform: `
      + `s3:PutObject; check that the signer's role may put ${key} into the bucket (and use its KMS key)`,
    );
    expect(writes()).toEqual([{ op: 'PutObject', Bucket: 'csr-bucket', Key: key, Body: csr.pem, ContentType: 'application/pkcs10' }]);
    expect(cas.get(SUB_ARN)!.status).toBe('PENDING_CERTIFICATE');
  });

  test('a certificate for the CA\'s CSR, chaining to the root, is imported with the chain; Data names it', async () => {
    const result = await create(props({ Certificate: signed }));

    const fingerprint = fingerprintOf(signed);
    expect(result).toEqual({
      PhysicalResourceId: `${SUB_ARN}#external-${fingerprint}`,
      Data: {
        CertificateArn: `external:${fingerprint}`,
        SerialNumber: serialOf(signed),
        NotAfter: new Date(new X509Certificate(signed).validTo).toISOString(),
        ParentCertificateAuthorityArn: 'external',
        CertificateAuthorityArn: SUB_ARN,
        Status: 'INSTALLED',
      },
    });
    expect(writes()).toEqual([importWrite(signed)]);
    expect(utf8(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)[0].args[0].input.Certificate)).toBe(signed);
    expect(cas.get(SUB_ARN)).toMatchObject({ status: 'ACTIVE', certificate: signed });
  });

  test('an Update that gives the certificate the CA holds already imports nothing and keeps the physical id', async () => {
    holding(signed);

    const result = await update(props({ Certificate: signed, PathLength: '0' }), props({ Certificate: signed, RemovalPolicy: 'DESTROY' }), installedId(signed));

    expect(result.PhysicalResourceId).toBe(installedId(signed));
    expect(result.Data).toMatchObject({ Status: 'INSTALLED', SerialNumber: serialOf(signed) });
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(writes()).toEqual([]);
  });

  test('a renewal (a new certificate for the same CSR) is imported over the one the CA holds; the physical id follows it', async () => {
    holding(signed);

    const result = await update(props({ Certificate: renewed }), props({ Certificate: signed }), installedId(signed));

    expect(result.PhysicalResourceId).toBe(installedId(renewed));
    expect(writes()).toEqual([importWrite(renewed)]);
    expect(cas.get(SUB_ARN)!.certificate).toBe(renewed);
  });

  test('a chain with an intermediate, ending in the root, is accepted and imported as given', async () => {
    const middle = await intermediate();
    const underMiddle = await signCsrAsCa(csr.pem, middle, { notAfter: new Date(Date.now() + 300 * DAY) });
    const chain = `${middle.pem}\n${root.pem}`;

    const result = await create(props({ Certificate: underMiddle, CertificateChain: chain }));

    expect(result.PhysicalResourceId).toBe(installedId(underMiddle));
    expect(writes()).toEqual([importWrite(underMiddle, chain)]);
  });

  test('a subject with the same attributes in another order is the same subject', async () => {
    const reordered = await certificate({ subject: 'O=cdk-pki tests, CN=Test Issuing CA' });

    await create(props({ Certificate: reordered }));

    expect(writes()).toEqual([importWrite(reordered)]);
  });

  test('a CA in another Region than the handler\'s is refused before any call', async () => {
    const elsewhere = SUB_ARN.replace('eu-west-1', 'us-east-1');

    await expect(create(props({ CertificateAuthorityArn: elsewhere, Certificate: signed }))).rejects.toThrow(
      `CA ${elsewhere} is not in the handler's Region eu-west-1: deploy the stack in the CA's Region`,
    );
    expect(pca.calls()).toHaveLength(0);
  });

  test('an import AWS refuses fails with the operation, the CA and the cause', async () => {
    pca.on(ImportCertificateAuthorityCertificateCommand).rejects(Object.assign(new Error('The certificate chain is malformed'), {
      name: 'MalformedCertificateException', $fault: 'client', $metadata: {},
    }));

    await expect(create(props({ Certificate: signed }))).rejects.toThrow(
      `ImportCertificateAuthorityCertificate on CA ${SUB_ARN} with the signer's own credentials failed: MalformedCertificateException: The certificate chain is malformed`,
    );
  });
});

describe('refusals: each reason alone, nothing imported', () => {
  /**
   * The reasons a Create of `p` is refused for, as externalCertificateProblems gives them (with the handler's CSR, path
   * length and clock); the handler's error says exactly these, joined, and nothing is imported.
   */
  async function refusal(p: ExternalCaCertificateProperties, now?: Date): Promise<string[]> {
    const reasons = externalCertificateProblems(p.Certificate!, p.CertificateChain, csr.pem, Number(p.PathLength), now ?? new Date());
    const described = `refusing to install certificate '${new X509Certificate(p.Certificate!).subject.replace(/\n/g, ', ')}' `
      + `(serial ${serialOf(p.Certificate!)}) into CA ${SUB_ARN}`;
    const h = now ? createHandler({ ...options, clock: () => now }) : handler;
    await expect(create(p, h)).rejects.toThrow(new Error(`${described}: ${reasons.join('; ')}; nothing was installed`));
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
    expect(writes()).toEqual([]);
    return reasons;
  }

  test('another key (a certificate for another CSR with the same subject)', async () => {
    const stranger = await signCsrAsCa(strangerCsr.pem, root);

    expect(await refusal(props({ Certificate: stranger }))).toEqual([
      'it does not match the CA\'s CSR: it certifies another key (have the parent sign the CSR this CA publishes)',
    ]);
  });

  test('another subject (the CA\'s key, another name)', async () => {
    const renamed = await certificate({ subject: 'CN=Another Issuing CA, O=cdk-pki tests' });

    expect(await refusal(props({ Certificate: renamed }))).toEqual([
      'its subject (2.5.4.3=Another Issuing CA, 2.5.4.10=cdk-pki tests) is not the CSR\'s (2.5.4.3=Test Issuing CA, 2.5.4.10=cdk-pki tests)',
    ]);
  });

  test('not a CA certificate: basic constraints CA:FALSE', async () => {
    const leaf = await certificate({ basicConstraints: { ca: false, critical: true } });

    expect(await refusal(props({ Certificate: leaf }))).toEqual(['it is not a CA certificate (no basic constraints with CA:TRUE)']);
  });

  test('not a CA certificate: no basic constraints at all', async () => {
    const bare = await certificate({ basicConstraints: null });

    expect(await refusal(props({ Certificate: bare }))).toEqual(['it is not a CA certificate (no basic constraints with CA:TRUE)']);
  });

  test('basic constraints CA:TRUE but not critical', async () => {
    const lax = await certificate({ basicConstraints: { ca: true, pathLength: 0, critical: false } });

    expect(await refusal(props({ Certificate: lax }))).toEqual([
      'its basic constraints are not critical, which AWS Private CA requires of an imported CA certificate',
    ]);
  });

  test('pathLen 0 when the CA\'s subordinates need PathLength 1; pathLen 1, or none, is enough', async () => {
    expect(await refusal(props({ Certificate: signed, PathLength: '1' }))).toEqual([
      'its path length is 0, but the CA\'s subordinates in the app need 1',
    ]);

    const one = await certificate({ basicConstraints: { ca: true, pathLength: 1, critical: true } });
    const unlimited = await certificate({ basicConstraints: { ca: true, critical: true } });
    await create(props({ Certificate: one, PathLength: '1' }));
    await create(props({ Certificate: unlimited, PathLength: '1' }));
    expect(writes().map((w) => w.serial)).toEqual([serialOf(one), serialOf(unlimited)]);
  });

  test('self-signed (the CA\'s own key signed it): refused as a root, and so not chaining to the given root either', async () => {
    const own = await selfSigned();

    expect(await refusal(props({ Certificate: own }))).toEqual([
      'it is self-signed; AWS Private CA imports a self-signed certificate only as a root',
      expect.stringMatching(/^it does not chain to the given root: '.*CN=Test Issuing CA.*' .* is not issued by the next chain element '.*CN=Offline Root/),
    ]);
  });

  test('signed by another root than the chain\'s', async () => {
    const foreign = await signCsrAsCa(csr.pem, otherRoot);

    expect(await refusal(props({ Certificate: foreign }))).toEqual([
      expect.stringMatching(/^it does not chain to the given root: .* is not issued by the next chain element '.*CN=Offline Root/),
    ]);
  });

  test('a chain that does not end with a self-signed root', async () => {
    const middle = await intermediate();
    const underMiddle = await signCsrAsCa(csr.pem, middle, { notAfter: new Date(Date.now() + 300 * DAY) });

    const reasons = await refusal(props({ Certificate: underMiddle, CertificateChain: middle.pem }));

    expect(reasons).toEqual([expect.stringMatching(/^it does not chain to a root: the chain ends with '.*CN=Offline Intermediate.*' \(serial [0-9a-f:]+\), which is not self-signed$/)]);
  });

  test('expired (the handler\'s clock after its end)', async () => {
    const later = new Date(new X509Certificate(signed).validTo).getTime() + DAY;

    expect(await refusal(props({ Certificate: signed }), new Date(later))).toEqual([
      `it expired on ${new Date(new X509Certificate(signed).validTo).toISOString()}`,
    ]);
  });

  test('expired (a certificate that ended yesterday)', async () => {
    const old = await certificate({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) });

    expect(await refusal(props({ Certificate: old }))).toEqual([`it expired on ${new Date(new X509Certificate(old).validTo).toISOString()}`]);
  });

  test('not valid yet', async () => {
    const future = await certificate({ notBefore: new Date(Date.now() + 2 * DAY) });

    expect(await refusal(props({ Certificate: future }))).toEqual([
      `it is not valid before ${new Date(new X509Certificate(future).validFrom).toISOString()}`,
    ]);
  });

  test('outliving its parent', async () => {
    const shortRoot = await createRootCa({ commonName: 'Short Root', notAfter: new Date(Date.now() + 100 * DAY) });
    const tooLong = await certificate({ issuer: shortRoot, notAfter: new Date(Date.now() + 200 * DAY) });

    expect(await refusal(props({ Certificate: tooLong, CertificateChain: shortRoot.pem }))).toEqual([
      `it ends on ${new Date(new X509Certificate(tooLong).validTo).toISOString()}, after its parent '${new X509Certificate(shortRoot.pem).subject.replace(/\n/g, ', ')}' `
      + `(serial ${serialOf(shortRoot.pem)})`,
    ]);
  });

  test('every reason at once, in order', async () => {
    const middle = await intermediate();
    const wrong = await certificate({
      issuer: middle,
      keys: strangerCsr.keys,
      subject: 'CN=Wrong',
      basicConstraints: { ca: true, pathLength: 0, critical: false },
      notBefore: new Date(Date.now() + DAY),
      notAfter: new Date(Date.now() + 300 * DAY),
    });

    const reasons = await refusal(props({ Certificate: wrong, CertificateChain: middle.pem, PathLength: '2' }));

    const starts = [
      'it does not match the CA\'s CSR: ',
      'its subject (2.5.4.3=Wrong) is not the CSR\'s',
      'its basic constraints are not critical',
      'its path length is 0, but the CA\'s subordinates in the app need 2',
      'it does not chain to a root: ',
      'it is not valid before ',
    ];
    expect(reasons.map((r, i) => (r.startsWith(starts[i]) ? starts[i] : r))).toEqual(starts);
  });
});

describe('Delete', () => {
  const removalProps = (overrides: Partial<ExternalCaCertificateProperties> = {}) => props({ Certificate: signed, ...overrides });

  test('a physical id that names no CA (a create that failed) is left alone, without a call', async () => {
    const result = await remove(removalProps(), 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');

    expect(result).toEqual({ PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
    expect(pca.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  test('superseded: the CA holds another certificate (a renewal, or the pending id after the first one) -> nothing changes the CA', async () => {
    holding(renewed);

    const old = await remove(removalProps({ RemovalPolicy: 'DESTROY' }), installedId(signed));
    // An older certificate's id: CloudFormation is not even asked.
    expect(cfn.calls()).toHaveLength(0);
    const pending = await remove(removalProps({ RemovalPolicy: 'DESTROY', Certificate: undefined }), `${SUB_ARN}#pending`);
    // The pending id: superseded unless the stack is being deleted (it is not: UPDATE_IN_PROGRESS).
    expect(cfn.calls().map((c) => c.args[0].constructor.name)).toEqual(['DescribeStacksCommand']);

    expect(old).toEqual({ PhysicalResourceId: installedId(signed) });
    expect(pending).toEqual({ PhysicalResourceId: `${SUB_ARN}#pending` });
    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)).toMatchObject({ status: 'ACTIVE', certificate: renewed });
  });

  test.each([
    ['DESTROY', [disableWrite(), deleteWrite(7)], 'DELETED'],
    ['RETAIN', [] as Write[], 'ACTIVE'],
  ] as const)('stack deleted while it records the pending id, the CA holding a certificate (a rollback went back to pending after the import), '
    + 'RemovalPolicy %s -> retired as the policy says, not taken as superseded', async (policy, expected, status) => {
    stackIs('DELETE_IN_PROGRESS');
    holding(signed);

    await remove(removalProps({ RemovalPolicy: policy, RestorationDays: '7', Certificate: undefined }), `${SUB_ARN}#pending`);

    expect(writes()).toEqual(expected);
    expect(cas.get(SUB_ARN)!.status).toBe(status);
  });

  test('rollback, CloudFormation back to another CA (this one was created by the failed operation) -> disabled, so that it can be deleted', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    stackRecords(installedId(signed, NEW_SUB_ARN));
    holding(signed);

    await remove(removalProps({ RemovalPolicy: 'RETAIN' }), installedId(signed));

    expect(writes()).toEqual([disableWrite()]);
    expect(cfn.commandCalls(DescribeStackResourceCommand).map((c) => c.args[0].input))
      .toEqual([{ StackName: STACK_ID, LogicalResourceId: LOGICAL_ID }]);
    expect(cas.get(SUB_ARN)!.status).toBe('DISABLED');
  });

  test('rollback, CloudFormation back to the same CA (a pending id of it) -> nothing changes, whatever the removal policy', async () => {
    stackIs('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    stackRecords(`${SUB_ARN}#pending`);
    holding(signed);

    await remove(removalProps({ RemovalPolicy: 'DESTROY' }), installedId(signed));

    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)!.status).toBe('ACTIVE');
  });

  test('rollback of a create (ROLLBACK_IN_PROGRESS, the resource gone from the stack) -> the pending CA is left for CloudFormation to delete', async () => {
    stackIs('ROLLBACK_IN_PROGRESS');
    stackHasNoSuchResource();

    await remove(removalProps({ Certificate: undefined, RemovalPolicy: 'DESTROY' }), `${SUB_ARN}#pending`);

    // Not ACTIVE: nothing to disable, and CloudFormation deletes it.
    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)!.status).toBe('PENDING_CERTIFICATE');
  });

  test('rollback, DescribeStackResource failing -> throws, nothing changed', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    cfn.on(DescribeStackResourceCommand).rejects(Object.assign(new Error('not authorized to perform cloudformation:DescribeStackResource'), {
      name: 'AccessDenied', $fault: 'client', $metadata: {},
    }));
    holding(signed);

    await expect(remove(removalProps({ RemovalPolicy: 'DESTROY' }), installedId(signed))).rejects.toThrow(
      `rollback: cannot tell which resource CloudFormation goes back to for ${SUB_ARN} (DescribeStackResource failed); nothing was changed. `
      + 'Retry the rollback (continue-update-rollback), or check the signer\'s cloudformation:DescribeStackResource right',
    );
    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)!.status).toBe('ACTIVE');
  });

  test('removal from the stack, RemovalPolicy RETAIN -> the CA is kept as it is', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    stackHasNoSuchResource();
    holding(signed);

    const result = await remove(removalProps({ RemovalPolicy: 'RETAIN' }), installedId(signed));

    expect(result).toEqual({ PhysicalResourceId: installedId(signed) });
    expect(writes()).toEqual([]);
    expect(cas.get(SUB_ARN)!.status).toBe('ACTIVE');
  });

  test('removal from the stack, RemovalPolicy DESTROY -> disabled, then deleted with the restoration period', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    stackHasNoSuchResource();
    holding(signed);

    await remove(removalProps({ RemovalPolicy: 'DESTROY', RestorationDays: '14' }), installedId(signed));

    expect(writes()).toEqual([disableWrite(), deleteWrite(14)]);
    expect(cas.get(SUB_ARN)!.status).toBe('DELETED');
  });

  test('removal, RemovalPolicy DESTROY without RestorationDays (or out of range) -> the default 30 days', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    stackHasNoSuchResource();
    holding(signed);

    await remove(removalProps({ RemovalPolicy: 'DESTROY', RestorationDays: '3' }), installedId(signed));

    expect(writes()).toEqual([disableWrite(), deleteWrite(30)]);
  });

  test('replaced on purpose (a new generation), RemovalPolicy DESTROY -> its retirement is scheduled, the CA stays ACTIVE', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    stackRecords(installedId(renewed, NEW_SUB_ARN));
    holding(signed);
    ssm.on(PutParameterCommand).resolves({});

    await remove(removalProps({ RemovalPolicy: 'DESTROY', RestorationDays: '7', RetireAfterDays: '10' }), installedId(signed));

    const [put, ...rest] = writes();
    expect(rest).toEqual([]);
    expect(put).toEqual({
      op: 'PutParameter',
      Name: `${RETIREMENT_PATH}/22222222-2222-4222-8222-222222222222`,
      record: {
        Version: 1, CertificateAuthorityArn: SUB_ARN, ReplacedAt: expect.any(String), RetireAfter: expect.any(String), RemovalPolicy: 'DESTROY', RestorationDays: 7,
      },
    });
    const record = (put as unknown as { record: CaRetirementRecord }).record;
    expect(new Date(record.RetireAfter).getTime() - new Date(record.ReplacedAt).getTime()).toBe(10 * DAY);
    expect(cas.get(SUB_ARN)!.status).toBe('ACTIVE');
  });

  test('replaced on purpose, RemovalPolicy RETAIN -> kept as it is, nothing scheduled', async () => {
    stackIs('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    stackRecords(installedId(renewed, NEW_SUB_ARN));
    holding(signed);

    await remove(removalProps({ RemovalPolicy: 'RETAIN', RetireAfterDays: '10' }), installedId(signed));

    expect(writes()).toEqual([]);
  });

  test.each([
    ['RETAIN', [] as Write[], 'ACTIVE'],
    ['DESTROY', [disableWrite(), deleteWrite(7)], 'DELETED'],
  ] as const)('stack DELETE_IN_PROGRESS (RemovalPolicy %s): the replaced generations waiting retire now, then the CA as its policy says',
    async (policy, own, status) => {
      stackIs('DELETE_IN_PROGRESS');
      holding(signed);
      holding(signed, OLD_SUB_ARN);
      const oldRecord: CaRetirementRecord = {
        Version: 1,
        CertificateAuthorityArn: OLD_SUB_ARN,
        ReplacedAt: new Date().toISOString(),
        RetireAfter: new Date(Date.now() + 30 * DAY).toISOString(),
        RemovalPolicy: 'DESTROY',
        RestorationDays: 21,
      };
      const oldName = `${RETIREMENT_PATH}/44444444-4444-4444-8444-444444444444`;
      ssm.on(GetParametersByPathCommand, { Path: RETIREMENT_PATH }).resolves({ Parameters: [{ Name: oldName, Value: JSON.stringify(oldRecord) }] });
      ssm.on(DeleteParameterCommand).resolves({});

      await remove(removalProps({ RemovalPolicy: policy, RestorationDays: '7' }), installedId(signed));

      expect(writes()).toEqual([
        disableWrite(OLD_SUB_ARN), deleteWrite(21, OLD_SUB_ARN), { op: 'DeleteParameter', Name: oldName },
        ...own,
      ]);
      expect(cas.get(OLD_SUB_ARN)!.status).toBe('DELETED');
      expect(cas.get(SUB_ARN)!.status).toBe(status);
      // A stack being deleted replaces nothing: CloudFormation is not asked.
      expect(cfn.commandCalls(DescribeStackResourceCommand)).toHaveLength(0);
    });
});
