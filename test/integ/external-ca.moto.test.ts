/**
 * An issuing CA whose parent is outside AWS (ParentCa.outsideAws), as CloudFormation drives it: the synthesized
 * stack is played by a CloudFormation player against moto_server (test/support/provider-framework.ts), and every
 * request to Custom::PkiExternalCaCertificate goes through aws-cdk-lib's own provider framework to the shipped
 * ca-signer handler. The "offline root" is made in the test (test/support/pki.ts) and signs the CSR the deployed CA
 * publishes, as its operators would; the app then gives the certificate in signedCertificate and the stack is
 * updated. Each test checks the responses as CloudFormation would see them and the CA as moto holds it.
 *
 * What moto cannot show (covered with mocked clients in test/lambda/external-ca.test.ts): DescribeStacks and
 * DescribeStackResource of a stack moto does not have fail, so the handler always acts as for a deployment going
 * forward (a rollback's Delete, a stack deletion's retirement of replaced generations, a replacement on purpose are
 * not recognized here); moto makes every key RSA-2048 (so the app declares RSA_2048) and checks nothing on import (the
 * handler's checks are the only ones here); GetCertificateAuthorityCertificate of a CA that is not ACTIVE fails in
 * moto. The player makes no S3 bucket: the optional csrBucket is an existing bucket made in moto by the test.
 */
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  ImportCertificateAuthorityCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as x509 from '@peculiar/x509';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { createHandler } from '../../lambda/ca-signer';
import { IssuingCa, KeyAlgorithm, ParentCa, PemCertificates, Revocation } from '../../src';
import type { IssuingCaProps } from '../../src';
import { describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';
import { createRootCa, generateKeys, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';
import { StackPlayer } from '../support/provider-framework';
import type { CfnTemplate, PlayedRequest, StackOperation } from '../support/provider-framework';

jest.setTimeout(30_000);

const ENV = { account: '222222222222', region: 'eu-west-1' };
const HIERARCHY = 'corp';
const CA_NAME = 'issuing';
const SUBJECT = { commonName: 'Corp Issuing CA', organization: 'Corp' };
const EXTERNAL = 'Custom::PkiExternalCaCertificate';
const GUARD = 'Custom::PkiCaGuard';
const CA = 'AWS::ACMPCA::CertificateAuthority';
const PARAMETER = 'AWS::SSM::Parameter';
const CSR_PARAMETER = `/cdk-pki/${HIERARCHY}/${CA_NAME}/csr`;
const DAY = 86_400_000;

interface Template extends CfnTemplate {
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Description?: string }>;
}

interface AppOptions {
  /** The certificate the offline root signed, PEM. */
  readonly signed?: string;
  readonly props?: Partial<IssuingCaProps>;
  /** Leaves the CA out of the stack (another resource keeps the stack). */
  readonly withoutCa?: boolean;
  /** Name of an existing bucket to publish the CSR in too (csrBucket). */
  readonly csrBucket?: string;
}

let root: CaMaterial;
let otherRoot: CaMaterial;

beforeAll(async () => {
  [root, otherRoot] = await Promise.all([createRootCa({ commonName: 'Offline Root' }), createRootCa({ commonName: 'Another Root' })]);
});

/** The app's stack, synthesized as `cdk deploy` would. */
function synth(options: AppOptions = {}): Template {
  const app = new App();
  const stack = new Stack(app, 'Issuing', { env: ENV });
  if (!options.withoutCa) {
    new IssuingCa(stack, 'Issuing', {
      parent: ParentCa.outsideAws({ hierarchyName: HIERARCHY, certificateChain: PemCertificates.fromString(root.pem) }),
      caName: CA_NAME,
      subject: SUBJECT,
      // moto makes every key RSA-2048, whatever the CA asks.
      keyAlgorithm: KeyAlgorithm.RSA_2048,
      // The player makes no CRL bucket or distribution.
      revocation: Revocation.none(),
      signedCertificate: options.signed === undefined ? undefined : PemCertificates.fromString(options.signed),
      csrBucket: options.csrBucket === undefined ? undefined : s3.Bucket.fromBucketName(stack, 'CsrBucket', options.csrBucket),
      ...options.props,
    });
  } else {
    // Something else keeps the stack.
    new ssm.CfnParameter(stack, 'Kept', { name: '/kept', type: 'String', value: 'kept' });
  }
  return app.synth().getStackByName('Issuing').template as Template;
}

/** The logical id of the one resource of a type. */
function idOf(template: CfnTemplate, type: string): string {
  const ids = Object.entries(template.Resources).filter(([, r]) => r.Type === type).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** The requests of an operation as `<phase> <request type> <logical id> <status CloudFormation recorded>`. */
function summary(op: StackOperation): string[] {
  return op.requests.map((r) => `${r.phase} ${r.requestType} ${r.logicalId} ${r.response.Status}`);
}

function requestsTo(op: StackOperation, logicalId: string): PlayedRequest[] {
  return op.requests.filter((r) => r.logicalId === logicalId);
}

/** The SHA-256 fingerprint of a certificate as the handler writes it (lowercase hex, no colons). */
function sha256Of(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();
}

function serialOf(pem: string): string {
  return new X509Certificate(pem).serialNumber.toLowerCase().match(/../g)!.join(':');
}

/** A CSR for another key, with the subject of `csrPem`: what a CA with the same name elsewhere would publish. */
async function csrOfAnotherKey(csrPem: string): Promise<string> {
  const keys = await generateKeys('RSA');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: new x509.Pkcs10CertificateRequest(csrPem).subject,
    keys,
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  });
  return csr.toString('pem');
}

describeWithMoto('an issuing CA under a parent outside AWS, through CloudFormation and the provider framework', 'external-ca', (moto) => {
  let credentials: AwsCredentials;
  let pending: Template;
  let importSpy: jest.SpyInstance;

  beforeAll(() => {
    pending = synth();
  });

  beforeEach(async () => {
    credentials = await moto.credentialsOf(ENV.account);
    // Every ImportCertificateAuthorityCertificate the handler sends (the player imports nothing for this stack).
    importSpy = jest.spyOn(ACMPCAClient.prototype, 'send');
  });

  function imports(): string[] {
    return importSpy.mock.calls
      .map(([command]) => command)
      .filter((command): command is ImportCertificateAuthorityCertificateCommand => command instanceof ImportCertificateAuthorityCertificateCommand)
      .map((command) => serialOf(Buffer.from(command.input.Certificate!).toString('utf8')));
  }

  function pca(): ACMPCAClient {
    return new ACMPCAClient({ region: ENV.region, endpoint: moto.endpoint, credentials });
  }

  function ssmClient(): SSMClient {
    return new SSMClient({ region: ENV.region, endpoint: moto.endpoint, credentials });
  }

  function player(): StackPlayer {
    const handler = createHandler({ endpoint: moto.endpoint, credentials, region: ENV.region });
    return new StackPlayer({ stackName: 'Issuing', ...ENV, endpoint: moto.endpoint, credentials, handler });
  }

  async function statusOf(arn: string): Promise<string | undefined> {
    return (await pca().send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority?.Status;
  }

  async function csrOf(arn: string): Promise<string> {
    return (await pca().send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }))).Csr!;
  }

  /** The certificate the CA holds and its chain (moto answers only for an ACTIVE CA). */
  async function installed(arn: string): Promise<{ certificate: string; chain?: string }> {
    const out = await pca().send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
    return { certificate: out.Certificate!, chain: out.CertificateChain };
  }

  /** Every CA of moto, ARN and status. */
  async function cas(): Promise<Array<{ arn: string; status: string }>> {
    return ((await moto.state('acmpca')).CertificateAuthority ?? []) as Array<{ arn: string; status: string }>;
  }

  /** The stack created without a certificate: the CA waits, its CSR published. */
  async function deployPending(template: Template = pending) {
    const stack = player();
    const op = await stack.create(template);
    expect(op.failure).toBeUndefined();
    expect(op.status).toBe('CREATE_COMPLETE');
    const certificateId = idOf(template, EXTERNAL);
    const guardId = idOf(template, GUARD);
    expect(summary(op)).toEqual([`forward Create ${guardId} SUCCESS`, `forward Create ${certificateId} SUCCESS`]);
    const caArn = stack.physicalId(idOf(template, CA));
    return { stack, op, caArn, certificateId, guardId, csr: await csrOf(caArn) };
  }

  /** The stack created, then updated with the certificate the offline root signed for the CA's CSR. */
  async function deployInstalled(props: Partial<IssuingCaProps> = {}) {
    const h = await deployPending(synth({ props }));
    const signed = await signCsrAsCa(h.csr, root, { notAfter: new Date(Date.now() + 365 * DAY) });
    const op = await h.stack.update(synth({ signed, props }));
    expect(op.failure).toBeUndefined();
    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(await statusOf(h.caArn)).toBe('ACTIVE');
    return { ...h, signed, installOp: op };
  }

  test('1. Create without a certificate: the CA waits PENDING_CERTIFICATE, its CSR in the SSM parameter and the stack output, and the resource reports it', async () => {
    const h = await deployPending();

    expect(await statusOf(h.caArn)).toBe('PENDING_CERTIFICATE');
    const [created] = requestsTo(h.op, h.certificateId);
    expect(created.event.ResourceProperties).toMatchObject({ CertificateAuthorityArn: h.caArn, CertificateSigningRequest: h.csr });
    expect(created.event.ResourceProperties).not.toHaveProperty('Certificate');
    expect(created.response.PhysicalResourceId).toBe(`${h.caArn}#pending`);
    expect(created.response.Data).toEqual({
      CertificateArn: 'pending',
      SerialNumber: '',
      NotAfter: '',
      ParentCertificateAuthorityArn: 'external',
      CertificateAuthorityArn: h.caArn,
      Status: 'PENDING_CERTIFICATE',
    });

    // The CSR the CA has now, where the parent's operators read it.
    const parameter = await ssmClient().send(new GetParameterCommand({ Name: CSR_PARAMETER }));
    expect(parameter.Parameter?.Value).toBe(h.csr);
    expect(h.stack.physicalId(idOf(pending, PARAMETER))).toBe(CSR_PARAMETER);
    const outputs = Object.values(pending.Outputs ?? {});
    expect(outputs).toHaveLength(1);
    expect(h.stack.resolveValue(outputs[0].Value)).toBe(h.csr);
    const request = new x509.Pkcs10CertificateRequest(h.csr);
    expect(request.subject).toBe('O=Corp, CN=Corp Issuing CA');
    expect(await request.verify()).toBe(true);

    expect(imports()).toEqual([]);
    expect((await cas()).map((ca) => ca.status)).toEqual(['PENDING_CERTIFICATE']);
  });

  test('1b. With csrBucket (an existing bucket), the CSR is also written to it, under the generation\'s key, as application/pkcs10', async () => {
    const bucket = 'corp-pki-csrs';
    await new S3Client({ region: ENV.region, endpoint: moto.endpoint, credentials, forcePathStyle: true })
      .send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const template = synth({ csrBucket: bucket });

    const h = await deployPending(template);

    const key = `cdk-pki/${HIERARCHY}/${CA_NAME}/generation-1.csr`;
    expect(requestsTo(h.op, h.certificateId)[0].event.ResourceProperties).toMatchObject({ CsrBucket: bucket, CsrKey: key });
    const object = await new S3Client({ region: ENV.region, endpoint: moto.endpoint, credentials, forcePathStyle: true })
      .send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(object.ContentType).toBe('application/pkcs10');
    expect(await object.Body!.transformToString()).toBe(h.csr);
  });

  test('2. The update that gives the certificate the offline root signed installs it: the CA is ACTIVE with our certificate, chaining to the root', async () => {
    // DESTROY: the cleanup Delete of the pending id would delete the CA, were it not superseded.
    const h = await deployInstalled({ removalPolicy: RemovalPolicy.DESTROY });

    const fingerprint = sha256Of(h.signed);
    expect(summary(h.installOp)).toEqual([`forward Update ${h.certificateId} SUCCESS`, `cleanup Delete ${h.certificateId} SUCCESS`]);
    const [update, cleanup] = h.installOp.requests;
    expect(update.event.ResourceProperties).toMatchObject({ Certificate: `${h.signed.trim()}\n`, CertificateChain: `${root.pem.trim()}\n`, PathLength: '0' });
    expect(update.event.PhysicalResourceId).toBe(`${h.caArn}#pending`);
    expect(update.response.PhysicalResourceId).toBe(`${h.caArn}#external-${fingerprint}`);
    expect(update.response.Data).toEqual({
      CertificateArn: `external:${fingerprint}`,
      SerialNumber: serialOf(h.signed),
      NotAfter: new Date(new X509Certificate(h.signed).validTo).toISOString(),
      ParentCertificateAuthorityArn: 'external',
      CertificateAuthorityArn: h.caArn,
      Status: 'INSTALLED',
    });
    // The new physical id makes CloudFormation delete the pending one: the CA holds another certificate, so it is left alone.
    expect(cleanup.event.PhysicalResourceId).toBe(`${h.caArn}#pending`);
    expect(cleanup.response.Status).toBe('SUCCESS');

    expect(await statusOf(h.caArn)).toBe('ACTIVE');
    const { certificate, chain } = await installed(h.caArn);
    const held = new X509Certificate(certificate);
    expect(sha256Of(certificate)).toBe(fingerprint);
    const rootCertificate = new X509Certificate(root.pem);
    expect(held.checkIssued(rootCertificate)).toBe(true);
    expect(held.verify(rootCertificate.publicKey)).toBe(true);
    expect(new X509Certificate(chain!).fingerprint256).toBe(rootCertificate.fingerprint256);
    // The CA's own key, that of its CSR.
    expect(held.publicKey.export({ type: 'spki', format: 'der' })).toEqual(Buffer.from(new x509.Pkcs10CertificateRequest(h.csr).publicKey.rawData));
    expect(imports()).toEqual([serialOf(h.signed)]);

    // The same template again: nothing changed, nothing is sent.
    const again = await h.stack.update(synth({ signed: h.signed, props: { removalPolicy: RemovalPolicy.DESTROY } }));
    expect(again.status).toBe('UPDATE_COMPLETE');
    expect(summary(again)).toEqual([]);
    expect(imports()).toHaveLength(1);
  });

  test('3. Renewal: a new certificate for the same CSR, ending later, is installed; the cleanup Delete of the old one leaves the CA ACTIVE', async () => {
    // DESTROY: the cleanup Delete of the old certificate's id would delete the CA, were it not superseded.
    const h = await deployInstalled({ removalPolicy: RemovalPolicy.DESTROY });
    const renewed = await signCsrAsCa(h.csr, root, { notAfter: new Date(Date.now() + 2 * 365 * DAY) });

    const op = await h.stack.update(synth({ signed: renewed, props: { removalPolicy: RemovalPolicy.DESTROY } }));

    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.certificateId} SUCCESS`, `cleanup Delete ${h.certificateId} SUCCESS`]);
    const [update, cleanup] = op.requests;
    expect(update.event.PhysicalResourceId).toBe(`${h.caArn}#external-${sha256Of(h.signed)}`);
    expect(update.response.PhysicalResourceId).toBe(`${h.caArn}#external-${sha256Of(renewed)}`);
    expect(update.response.Data).toMatchObject({
      CertificateArn: `external:${sha256Of(renewed)}`, SerialNumber: serialOf(renewed), NotAfter: new Date(new X509Certificate(renewed).validTo).toISOString(),
    });
    expect(cleanup.event.PhysicalResourceId).toBe(`${h.caArn}#external-${sha256Of(h.signed)}`);
    expect(h.stack.physicalId(h.certificateId)).toBe(`${h.caArn}#external-${sha256Of(renewed)}`);

    expect(await statusOf(h.caArn)).toBe('ACTIVE');
    expect(sha256Of((await installed(h.caArn)).certificate)).toBe(sha256Of(renewed));
    expect(imports()).toEqual([serialOf(h.signed), serialOf(renewed)]);
  });

  test('4. A certificate for another key (same subject, signed by the root): the update fails with the reason, the rollback keeps the CA\'s certificate', async () => {
    const h = await deployInstalled();
    const before = h.stack.physicalId(h.certificateId);
    const stranger = await signCsrAsCa(await csrOfAnotherKey(h.csr), root);

    // Synthesis cannot tell: the key is the CA's, known only in AWS.
    const op = await h.stack.update(synth({ signed: stranger }));

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.certificateId} FAILED`, `rollback Update ${h.certificateId} SUCCESS`]);
    const [refused, rolledBack] = op.requests;
    expect(op.failure).toEqual({ logicalId: h.certificateId, reason: refused.response.Reason });
    expect(refused.response.Reason).toContain(`refusing to install certificate 'O=Corp, CN=Corp Issuing CA' (serial ${serialOf(stranger)}) into CA ${h.caArn}`);
    expect(refused.response.Reason).toContain('it does not match the CA\'s CSR: it certifies another key');
    expect(refused.response.Reason).toContain('nothing was installed');
    expect(refused.response.Reason).not.toContain('does not chain');
    // CloudFormation goes back to the old certificate, with the physical id it had: the CA holds it, nothing is imported.
    expect(rolledBack.event).toMatchObject({ PhysicalResourceId: before, ResourceProperties: { Certificate: `${h.signed.trim()}\n` } });
    expect(rolledBack.response.PhysicalResourceId).toBe(before);
    expect(h.stack.physicalId(h.certificateId)).toBe(before);

    expect(await statusOf(h.caArn)).toBe('ACTIVE');
    expect(sha256Of((await installed(h.caArn)).certificate)).toBe(sha256Of(h.signed));
    expect(imports()).toEqual([serialOf(h.signed)]);
  });

  test('4b. The first certificate refused (another key): the rollback goes back to pending and the CA keeps waiting', async () => {
    const h = await deployPending();
    const stranger = await signCsrAsCa(await csrOfAnotherKey(h.csr), root);

    const op = await h.stack.update(synth({ signed: stranger }));

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.certificateId} FAILED`, `rollback Update ${h.certificateId} SUCCESS`]);
    expect(op.requests[0].response.Reason).toContain('does not match the CA\'s CSR');
    expect(op.requests[1].response).toMatchObject({ PhysicalResourceId: `${h.caArn}#pending`, Data: expect.objectContaining({ Status: 'PENDING_CERTIFICATE' }) });
    expect(await statusOf(h.caArn)).toBe('PENDING_CERTIFICATE');
    expect(imports()).toEqual([]);
  });

  test('5. A certificate signed by another root: synthesis refuses it; given anyway (the request tampered), the handler refuses it and the CA keeps its certificate', async () => {
    const h = await deployInstalled();
    const before = h.stack.physicalId(h.certificateId);
    const foreign = await signCsrAsCa(h.csr, otherRoot);
    expect(() => synth({ signed: foreign })).toThrow(/signedCertificate/);

    const op = await h.stack.update(synth({ signed: h.signed }), {
      tamper: { [h.certificateId]: (p) => ({ ...p, Certificate: foreign }) },
    });

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.certificateId} FAILED`, `rollback Update ${h.certificateId} SUCCESS`]);
    const [refused, rolledBack] = op.requests;
    expect(refused.event.ResourceProperties.Certificate).toBe(foreign);
    expect(refused.response.Reason).toContain(`into CA ${h.caArn}`);
    expect(refused.response.Reason).toContain('it does not chain to the given root');
    expect(refused.response.Reason).toContain('is not issued by the next chain element \'CN=Offline Root');
    expect(refused.response.Reason).not.toContain('does not match the CA\'s CSR');
    expect(rolledBack.response.PhysicalResourceId).toBe(before);

    expect(await statusOf(h.caArn)).toBe('ACTIVE');
    expect(sha256Of((await installed(h.caArn)).certificate)).toBe(sha256Of(h.signed));
    expect(imports()).toEqual([serialOf(h.signed)]);
  });

  test.each([
    ['DESTROY', RemovalPolicy.DESTROY, 'DELETED'],
    ['RETAIN', RemovalPolicy.RETAIN, 'ACTIVE'],
  ])('6. Stack deletion (removalPolicy %s): the Delete of the installing resource retires the CA as its policy says', async (_what, removalPolicy, status) => {
    const h = await deployInstalled({ removalPolicy });

    const op = await h.stack.delete();

    expect(op.status).toBe('DELETE_COMPLETE');
    expect(summary(op)).toEqual([`forward Delete ${h.certificateId} SUCCESS`, `forward Delete ${h.guardId} SUCCESS`]);
    expect(op.requests[0].event.PhysicalResourceId).toBe(`${h.caArn}#external-${sha256Of(h.signed)}`);
    expect(await statusOf(h.caArn)).toBe(status);
    if (status === 'ACTIVE') expect(sha256Of((await installed(h.caArn)).certificate)).toBe(sha256Of(h.signed));
    expect((await cas()).map((ca) => ca.status)).toEqual([status]);
  });

  test.each([
    ['DESTROY', RemovalPolicy.DESTROY, 'DELETED'],
    ['RETAIN', RemovalPolicy.RETAIN, 'ACTIVE'],
  ])('6b. The CA removed from a stack that stays (removalPolicy %s): the cleanup Delete retires it as its policy says', async (_what, removalPolicy, status) => {
    const h = await deployInstalled({ removalPolicy });

    const op = await h.stack.update(synth({ withoutCa: true }));

    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(summary(op)).toEqual([`cleanup Delete ${h.certificateId} SUCCESS`, `cleanup Delete ${h.guardId} SUCCESS`]);
    expect(await statusOf(h.caArn)).toBe(status);
    // The CSR parameter left the stack with the CA.
    await expect(ssmClient().send(new GetParameterCommand({ Name: CSR_PARAMETER }))).rejects.toThrow(/ParameterNotFound|not found/i);
  });

  test('6c. A pending CA (no certificate yet) deleted with its stack (DESTROY): deleted, as nothing was issued under it', async () => {
    const h = await deployPending(synth({ props: { removalPolicy: RemovalPolicy.DESTROY } }));

    const op = await h.stack.delete();

    expect(op.status).toBe('DELETE_COMPLETE');
    expect(summary(op)).toEqual([`forward Delete ${h.certificateId} SUCCESS`, `forward Delete ${h.guardId} SUCCESS`]);
    expect(await statusOf(h.caArn)).toBe('DELETED');
  });
});
