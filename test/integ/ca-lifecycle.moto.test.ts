/**
 * The lifecycle handler (lambda/ca-signer) as CloudFormation drives it: a real synthesized app (a root CA in
 * 111111111111/us-east-1, an issuing CA in 222222222222/eu-west-1 signed through the root stack's signing
 * authority, which its app told what to sign) is played by a CloudFormation player against moto_server, and every custom resource
 * request goes through aws-cdk-lib's own provider framework (test/support/provider-framework.ts). Each test
 * plays one of CloudFormation's sequences (create, update, replacement with its cleanup Delete, rollback
 * Update to the old properties, delete after a failed create, stack deletion) and checks the responses as
 * CloudFormation would see them (its 4096-byte response limit included) and the CAs, certificates and
 * revocations as moto holds them.
 *
 * What moto cannot show (covered with mocked clients in test/lambda): DescribeStacks of a stack moto does not
 * have fails, so the handler always acts as for a deployment going forward (a rollback's or a stack
 * deletion's Delete is not recognized as such here); every key is RSA-2048 and every certificate lasts 365
 * days whatever was asked (so the issuing CA asks for days, fewer than the root's year); certificates from
 * SubordinateCACertificate_PathLen0/V1 carry no extensions; no CRL is written; moto checks no state (a
 * DISABLED CA could still issue), so the player itself refuses to delete an ACTIVE CA as AWS would; moto's
 * state leaves issued certificates out, so the certificates a root issued are counted as the handlers'
 * IssueCertificate requests that reach moto (one certificate each). moto has no Lambda: the signer's Invoke of
 * the authority's alias is answered here, as Lambda would, by the authority's handler (lambda/signing-authority)
 * run in process with the root account's credentials, the environment the root template gives the function, and
 * the invoked alias ARN; an alias the root stack does not have is not found. Since moto makes every key RSA-2048,
 * the app declares its issuing CAs RSA_2048 (the authority checks the CSR's key against the declaration).
 */
import { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
} from '@aws-sdk/client-acm-pca';
import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import type { RequestHandler } from '../../lambda/shared/clients';
import { createHandler as createAuthority } from '../../lambda/signing-authority';
import { IssuingCa, IssuingCaProps, KeyAlgorithm, Revocation, RootCaAccount, RootCaAccountProps, Validity } from '../../src';
import type { AuthorityRequest } from '../../src/private/contracts/authority';
import { describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';
import { CFN_RESPONSE_LIMIT_BYTES, CREATE_FAILED_PHYSICAL_ID, StackPlayer } from '../support/provider-framework';
import type { CfnTemplate, PlayedRequest, StackOperation } from '../support/provider-framework';

jest.setTimeout(30_000);

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const HIERARCHY = 'corp';
const ISSUING_NAME = 'issuing';
const GUARD = 'Custom::PkiCaGuard';
const SIGNING = 'Custom::PkiSubordinateCaCertificate';
const ROOT_LIFECYCLE = 'Custom::PkiRootCaLifecycle';
const CA = 'AWS::ACMPCA::CertificateAuthority';
/** A resource after the signing one in the issuing stack, which CloudFormation fails in one test. */
const LATER = 'Later';

interface AppOptions {
  /** The issuing CA's props over the defaults; `id` is its construct id. */
  readonly issuing?: Partial<IssuingCaProps> & { readonly id?: string };
  readonly root?: Partial<RootCaAccountProps>;
  /** Adds a resource that CloudFormation creates after the signing resource. */
  readonly later?: boolean;
  /** More issuing CAs in the issuing stack, by name, with their subject's organization. */
  readonly more?: { readonly names: string[]; readonly organization: string; readonly props?: Partial<IssuingCaProps> };
}

interface Templates {
  readonly root: CfnTemplate;
  readonly issuing: CfnTemplate;
}

/** The app: its templates, synthesized the way `cdk deploy` would. */
function synth(options: AppOptions = {}): Templates {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'RootCa', {
    hierarchyName: HIERARCHY, subject: { commonName: 'Corp Root CA' }, revocation: Revocation.none(), ...options.root,
  });
  const issuingStack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const { id = 'IssuingCa', ...props } = options.issuing ?? {};
  const ca = new IssuingCa(issuingStack, id, {
    parent: root,
    caName: ISSUING_NAME,
    subject: { commonName: 'Corp Issuing CA', organization: 'Corp' },
    revocation: Revocation.none(),
    // moto's root certificate lasts a year whatever the template asks: the issuing CA's must end before.
    validity: Validity.days(300),
    // moto makes every key RSA-2048, whatever the CA asks: declared so, as the authority checks.
    keyAlgorithm: KeyAlgorithm.RSA_2048,
    ...props,
  });
  for (const name of options.more?.names ?? []) {
    new IssuingCa(issuingStack, name, {
      parent: root,
      caName: name,
      subject: { commonName: `Corp ${name} CA`, organization: options.more!.organization },
      revocation: Revocation.none(),
      validity: Validity.days(300),
      keyAlgorithm: KeyAlgorithm.RSA_2048,
      ...options.more!.props,
    });
  }
  if (options.later) {
    new CfnResource(issuingStack, LATER, { type: 'AWS::SNS::Topic' }).node.addDependency(ca.certificate);
  }
  const assembly = app.synth();
  return {
    root: assembly.getStackByName('Root').template as CfnTemplate,
    issuing: assembly.getStackByName('Issuing').template as CfnTemplate,
  };
}

/** The logical id of the one resource of a type (whose logical id starts with `prefix`). */
function idOf(template: CfnTemplate, type: string, prefix = ''): string {
  const ids = Object.entries(template.Resources).filter(([id, r]) => r.Type === type && id.startsWith(prefix)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** The requests an operation sent to one resource, with the responses. */
function requestsTo(op: StackOperation, logicalId: string): PlayedRequest[] {
  return op.requests.filter((r) => r.logicalId === logicalId);
}

/** The requests of an operation as `<phase> <request type> <logical id> <status CloudFormation recorded>`. */
function summary(op: StackOperation): string[] {
  return op.requests.map((r) => `${r.phase} ${r.requestType} ${r.logicalId} ${r.response.Status}`);
}

/** A request as the SDK hands it to its HTTP handler. */
interface HttpRequest {
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/** A CA as moto's state holds it. */
interface MotoCa {
  readonly arn: string;
  readonly account_id: string;
  readonly status: string;
  readonly revoked_certificates: Record<string, { readonly revocation_reason: string }>;
  /** Chains of the certificates the CA issued to others; moto's state leaves it out once it holds one (bytes). */
  readonly issued_certificates_certificate_chains?: Record<string, unknown>;
}

describeWithMoto('the CA lifecycle through CloudFormation and the provider framework', 'ca-lifecycle', (moto) => {
  let base: Templates;
  let credentials: { root: AwsCredentials; issuing: AwsCredentials };
  /** The CA of every IssueCertificate request the handlers sent, in order. */
  let issueRequests: string[];
  /** The root stack as CloudFormation holds it: its authority function and aliases answer the signer's Invoke. */
  let rootStack: StackPlayer | undefined;
  /** The handlers' HTTP transport to moto, which records the IssueCertificate requests and answers Lambda Invoke. */
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.path);
      if (invoke) return invokeAuthority(decodeURIComponent(invoke[1]), request.body);
      if (request.headers['x-amz-target'] === 'ACMPrivateCA.IssueCertificate') {
        issueRequests.push((JSON.parse(String(request.body)) as { CertificateAuthorityArn: string }).CertificateAuthorityArn);
      }
      const query = new URLSearchParams(request.query as Record<string, string>).toString();
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`;
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase())));
      const res = await fetch(url, { method: request.method, headers, body: request.body as string | undefined });
      return {
        response: { statusCode: res.status, headers: Object.fromEntries(res.headers), body: Readable.from([Buffer.from(await res.arrayBuffer())]) },
      };
    },
  } as unknown as RequestHandler;

  /**
   * Lambda Invoke (RequestResponse) of an alias of the root stack's authority function, answered as Lambda would:
   * the handler's result as JSON, or its error with X-Amz-Function-Error; a function or alias the root stack
   * does not have is not found.
   */
  async function invokeAuthority(functionArn: string, body: unknown) {
    const respond = (statusCode: number, payload: unknown, headers: Record<string, string> = {}) => ({
      response: { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: Readable.from([Buffer.from(JSON.stringify(payload))]) },
    });
    const [, , , region, account, , functionName, alias] = functionArn.split(':');
    const resources = Object.entries(rootStack?.currentTemplate?.Resources ?? {});
    const fn = resources.find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName === functionName);
    const aliased = fn && resources.some(([, r]) => r.Type === 'AWS::Lambda::Alias' && r.Properties?.Name === alias
      && (r.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref === fn[0]);
    if (!fn || !aliased || account !== ROOT_ENV.account || region !== ROOT_ENV.region) {
      return respond(404, { Type: 'User', Message: `Function not found: ${functionArn}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    }
    const authority = createAuthority({
      endpoint: moto.endpoint,
      credentials: credentials.root,
      region: ROOT_ENV.region,
      requestHandler,
      waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      environment: rootStack!.resolveValue((fn[1].Properties?.Environment as { Variables: unknown }).Variables) as Record<string, string>,
    });
    const payload = Buffer.from(typeof body === 'string' ? body : body as Uint8Array).toString('utf8');
    try {
      return respond(200, await authority(JSON.parse(payload) as AuthorityRequest, { invokedFunctionArn: functionArn }));
    } catch (e) {
      const error = e as Error;
      return respond(200, { errorType: error.name, errorMessage: error.message, trace: [] }, { 'x-amz-function-error': 'Unhandled' });
    }
  }

  beforeAll(() => {
    base = synth();
  });

  beforeEach(async () => {
    issueRequests = [];
    rootStack = undefined;
    credentials = { root: await moto.credentialsOf(ROOT_ENV.account), issuing: await moto.credentialsOf(ISSUING_ENV.account) };
  });

  function pca(env: typeof ROOT_ENV): ACMPCAClient {
    return new ACMPCAClient({ region: env.region, endpoint: moto.endpoint, credentials: env === ROOT_ENV ? credentials.root : credentials.issuing });
  }

  /** A stack of the app as CloudFormation holds it, with the shipped handler behind its provider. */
  function player(stackName: 'Root' | 'Issuing'): { stack: StackPlayer; handler: jest.Mock } {
    const env = stackName === 'Root' ? ROOT_ENV : ISSUING_ENV;
    const own = stackName === 'Root' ? credentials.root : credentials.issuing;
    const handler = jest.fn(createHandler({
      endpoint: moto.endpoint, credentials: own, region: env.region, requestHandler, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
    }));
    const stack = new StackPlayer({ stackName, ...env, endpoint: moto.endpoint, credentials: own, handler });
    return { stack, handler };
  }

  async function deployRoot(templates: Templates) {
    const { stack } = player('Root');
    rootStack = stack;
    const op = await stack.create(templates.root);
    expect(op.failure).toBeUndefined();
    expect(op.status).toBe('CREATE_COMPLETE');
    const rootCaId = idOf(templates.root, CA);
    return { stack, op, rootArn: stack.physicalId(rootCaId) };
  }

  /** Both stacks created, root first, as `cdk deploy --all` orders them. */
  async function deploy(templates: Templates = base) {
    const root = await deployRoot(templates);
    const { stack: issuing } = player('Issuing');
    const op = await issuing.create(templates.issuing);
    expect(op.failure).toBeUndefined();
    expect(summary(op)).toEqual([`forward Create ${idOf(templates.issuing, GUARD)} SUCCESS`, `forward Create ${idOf(templates.issuing, SIGNING)} SUCCESS`]);
    expect(op.status).toBe('CREATE_COMPLETE');
    const signingId = idOf(templates.issuing, SIGNING);
    return {
      root: root.stack,
      rootOp: root.op,
      rootArn: root.rootArn,
      issuing,
      issuingOp: op,
      issuingArn: issuing.physicalId(idOf(templates.issuing, CA)),
      signingId,
      guardId: idOf(templates.issuing, GUARD),
      signed: { physicalId: issuing.physicalId(signingId), serial: issuing.attributes(signingId).SerialNumber as string },
    };
  }

  async function cas(): Promise<MotoCa[]> {
    return (await moto.state('acmpca')).CertificateAuthority as unknown as MotoCa[] ?? [];
  }

  async function motoCa(arn: string): Promise<MotoCa> {
    const found = (await cas()).find((ca) => ca.arn === arn);
    if (!found) throw new Error(`moto has no CA ${arn}`);
    return found;
  }

  /**
   * Certificates a CA issued to subordinates: the IssueCertificate requests for it that reached moto (moto's
   * state leaves issued certificates out: they are bytes). moto issues one certificate per request.
   */
  async function issuedBy(arn: string): Promise<number> {
    const count = issueRequests.filter((ca) => ca === arn).length;
    // moto's own state agrees where it can: it leaves its record of issued certificates out once that holds one.
    const chains = (await motoCa(arn)).issued_certificates_certificate_chains;
    if (chains === undefined) expect(count).toBeGreaterThan(0);
    else expect(Object.keys(chains)).toHaveLength(count);
    return count;
  }

  async function revokedAt(arn: string): Promise<Record<string, string>> {
    return Object.fromEntries(Object.entries((await motoCa(arn)).revoked_certificates).map(([serial, r]) => [serial, r.revocation_reason]));
  }

  /** Every ACTIVE CA of every account, so a test sees what it leaves running. */
  async function activeCas(): Promise<string[]> {
    return (await cas()).filter((ca) => ca.status === 'ACTIVE').map((ca) => ca.arn).sort();
  }

  async function statusOf(env: typeof ROOT_ENV, arn: string): Promise<string | undefined> {
    return (await pca(env).send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority?.Status;
  }

  /** The certificate the CA holds and its chain. */
  async function installed(env: typeof ROOT_ENV, arn: string): Promise<{ certificate: X509Certificate; chain?: X509Certificate }> {
    const out = await pca(env).send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
    const chain = out.CertificateChain ? new X509Certificate(out.CertificateChain) : undefined;
    return { certificate: new X509Certificate(out.Certificate!), chain };
  }

  async function rootCertificate(rootArn: string): Promise<X509Certificate> {
    return (await installed(ROOT_ENV, rootArn)).certificate;
  }

  /** The serial as the handler reports it (lowercase hex, colons). */
  function serialOf(certificate: X509Certificate): string {
    return certificate.serialNumber.toLowerCase().match(/../g)!.join(':');
  }

  async function expectSignedByRoot(arn: string, rootArn: string): Promise<X509Certificate> {
    const root = await rootCertificate(rootArn);
    const { certificate, chain } = await installed(ISSUING_ENV, arn);
    expect(certificate.checkIssued(root)).toBe(true);
    expect(certificate.verify(root.publicKey)).toBe(true);
    expect(chain?.fingerprint256).toBe(root.fingerprint256);
    return certificate;
  }

  test('1. Create: the guard accepts, the root lifecycle records the root, the signing resource leaves the issuing CA ACTIVE with a certificate chaining to the root', async () => {
    const h = await deploy();

    const rootGuard = requestsTo(h.rootOp, idOf(base.root, GUARD));
    expect(rootGuard.map((r) => [r.requestType, r.response.Status])).toEqual([['Create', 'SUCCESS']]);
    expect(rootGuard[0].response.PhysicalResourceId).toMatch(/^cdk-pki-ca-guard-[0-9a-f]{32}$/);
    const lifecycle = requestsTo(h.rootOp, idOf(base.root, ROOT_LIFECYCLE));
    expect(lifecycle.map((r) => r.response)).toEqual([expect.objectContaining({
      Status: 'SUCCESS', PhysicalResourceId: h.rootArn, Data: { CertificateAuthorityArn: h.rootArn },
    })]);
    expect(await statusOf(ROOT_ENV, h.rootArn)).toBe('ACTIVE');

    const guard = requestsTo(h.issuingOp, h.guardId);
    expect(guard[0].response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: expect.stringMatching(/^cdk-pki-ca-guard-[0-9a-f]{32}$/) });
    const signing = requestsTo(h.issuingOp, h.signingId)[0].response;
    expect(signing.Status).toBe('SUCCESS');
    const certificateArn = signing.Data!.CertificateArn as string;
    expect(certificateArn.startsWith(`${h.rootArn}/certificate/`)).toBe(true);
    expect(signing.PhysicalResourceId).toMatch(new RegExp(`^${certificateArn}#[0-9a-f]{32}$`));

    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe('ACTIVE');
    const certificate = await expectSignedByRoot(h.issuingArn, h.rootArn);
    expect(certificate.subject).toContain('CN=Corp Issuing CA');
    expect(signing.Data).toEqual({
      CertificateArn: certificateArn,
      SerialNumber: serialOf(certificate),
      NotAfter: new Date(certificate.validTo).toISOString(),
      ParentCertificateAuthorityArn: h.rootArn,
      CertificateAuthorityArn: h.issuingArn,
    });
    expect(await issuedBy(h.rootArn)).toBe(1);
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test('2. A change of the issuing CA\'s subject is refused by the guard before anything changes, and CloudFormation\'s rollback Update of the guard succeeds', async () => {
    const h = await deploy();
    const casBefore = (await cas()).length;
    const guardPhysicalId = h.issuing.physicalId(h.guardId);
    const changed = synth({ issuing: { subject: { commonName: 'Corp Issuing CA', organization: 'Corp Two' } } });

    const op = await h.issuing.update(changed.issuing);

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.guardId} FAILED`, `rollback Update ${h.guardId} SUCCESS`]);
    const [refused, rolledBack] = op.requests;
    expect(refused.response.PhysicalResourceId).toBe(guardPhysicalId);
    expect(refused.response.Reason).toContain(`refusing to replace CA ${HIERARCHY}/${ISSUING_NAME} (construct Issuing/IssuingCa`);
    expect(refused.response.Reason).toContain('Subject.Organization: \'Corp\' -> \'Corp Two\'');
    expect(refused.response.Reason).toContain('set generation: 2 on the construct');
    expect(refused.response.Reason).toContain('Nothing was changed');
    // CloudFormation goes back to the accepted properties with the physical id it had.
    expect(rolledBack.event).toMatchObject({
      PhysicalResourceId: guardPhysicalId,
      ResourceProperties: refused.event.OldResourceProperties,
      OldResourceProperties: refused.event.ResourceProperties,
    });
    expect(rolledBack.response.PhysicalResourceId).toBe(guardPhysicalId);

    expect((await cas()).length).toBe(casBefore);
    expect(await issuedBy(h.rootArn)).toBe(1);
    expect(serialOf((await installed(ISSUING_ENV, h.issuingArn)).certificate)).toBe(h.signed.serial);
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test('2b. A refusal of four CAs at once (their organization renamed) reaches CloudFormation with its reason, within the 4096-byte response limit', async () => {
    const names = ['team', 'ops', 'web'];
    const templates = synth({ more: { names, organization: 'Corp' } });
    await deployRoot(templates);
    const { stack: issuing } = player('Issuing');
    expect((await issuing.create(templates.issuing)).status).toBe('CREATE_COMPLETE');
    const guardId = idOf(templates.issuing, GUARD);
    const renamed = synth({
      issuing: { subject: { commonName: 'Corp Issuing CA', organization: 'Corp Two' } }, more: { names, organization: 'Corp Two' },
    });

    const op = await issuing.update(renamed.issuing);

    expect(summary(op)).toEqual([`forward Update ${guardId} FAILED`, `rollback Update ${guardId} SUCCESS`]);
    const refused = op.requests[0].response;
    // Over 4096 bytes, CloudFormation drops the response and shows only "Response object is too long."
    const size = refused.bodyBytes <= CFN_RESPONSE_LIMIT_BYTES ? `at most ${CFN_RESPONSE_LIMIT_BYTES} bytes` : `${refused.bodyBytes} bytes`;
    expect({ Reason: refused.Reason, size }).toEqual({
      Reason: expect.stringContaining('Subject.Organization'), size: `at most ${CFN_RESPONSE_LIMIT_BYTES} bytes`,
    });
    // One line a CA; as many as fit, then how many more (the handler's log lists them all).
    const shown = [ISSUING_NAME, ...names].filter((name) => refused.Reason.includes(`refusing to replace CA ${HIERARCHY}/${name}`));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    if (shown.length < 1 + names.length) {
      expect(refused.Reason).toContain(`and ${1 + names.length - shown.length} more refusal`);
    }
    expect(refused.Reason).toContain('Nothing was changed');
    expect((await activeCas()).length).toBe(1 + 1 + names.length);
  });

  test('3. A signing Update that fails is rolled back to the old properties and the original physical id, keeping the certificate without issuing another', async () => {
    const h = await deploy();
    // 400 days would outlive the root (a year on moto): the handler refuses before issuing.
    const changed = synth({ issuing: { validity: Validity.days(400) } });

    const op = await h.issuing.update(changed.issuing);

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.signingId} FAILED`, `rollback Update ${h.signingId} SUCCESS`]);
    const [failed, rolledBack] = op.requests;
    expect(failed.response.Reason).toMatch(/validity 400 DAYS would end on .* after parent CA .* expires on .*: a certificate cannot outlive its issuer/);
    expect(failed.response.Reason).toContain(h.rootArn);
    expect(rolledBack.event).toMatchObject({
      PhysicalResourceId: h.signed.physicalId,
      ResourceProperties: expect.objectContaining({ ValidityValue: '300' }),
      OldResourceProperties: expect.objectContaining({ ValidityValue: '400' }),
    });
    expect(rolledBack.response).toMatchObject({
      PhysicalResourceId: h.signed.physicalId, Data: expect.objectContaining({ SerialNumber: h.signed.serial }),
    });

    expect(await issuedBy(h.rootArn)).toBe(1);
    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe('ACTIVE');
    expect(serialOf(await expectSignedByRoot(h.issuingArn, h.rootArn))).toBe(h.signed.serial);
    expect(await revokedAt(h.rootArn)).toEqual({});
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test('3b. A signing Update that succeeded, rolled back because a later resource failed: the original certificate is installed again and the new one revoked as superseded', async () => {
    const h = await deploy(synth({ issuing: { revokeOnDelete: true } }));
    const changed = synth({ issuing: { revokeOnDelete: true, validity: Validity.days(200) }, later: true });

    const op = await h.issuing.update(changed.issuing, { failAt: { [LATER]: 'Resource handler returned message: "quota exceeded"' } });

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(op.failure?.logicalId).toBe(LATER);
    expect(summary(op)).toEqual([
      `forward Update ${h.signingId} SUCCESS`,
      `rollback Update ${h.signingId} SUCCESS`,
      `cleanup Delete ${h.signingId} SUCCESS`,
    ]);
    const [signed, rolledBack, cleanup] = op.requests;
    const newSerial = signed.response.Data!.SerialNumber as string;
    expect(signed.response.PhysicalResourceId).not.toBe(h.signed.physicalId);
    expect(rolledBack.event.PhysicalResourceId).toBe(h.signed.physicalId);
    expect(rolledBack.response).toMatchObject({
      PhysicalResourceId: h.signed.physicalId, Data: expect.objectContaining({ SerialNumber: h.signed.serial }),
    });
    expect(cleanup.event.PhysicalResourceId).toBe(signed.response.PhysicalResourceId);

    expect(serialOf(await expectSignedByRoot(h.issuingArn, h.rootArn))).toBe(h.signed.serial);
    expect(await issuedBy(h.rootArn)).toBe(2);
    expect(await revokedAt(h.rootArn)).toEqual({ [newSerial]: 'SUPERSEDED' });
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test('4. A real change signs again under a new physical id; the cleanup Delete of the old one revokes the old certificate as superseded and keeps the CA', async () => {
    const h = await deploy(synth({ issuing: { revokeOnDelete: true } }));
    const changed = synth({ issuing: { revokeOnDelete: true, validity: Validity.days(200) } });

    const op = await h.issuing.update(changed.issuing);

    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.signingId} SUCCESS`, `cleanup Delete ${h.signingId} SUCCESS`]);
    const [signed, cleanup] = op.requests;
    const newPhysicalId = signed.response.PhysicalResourceId;
    expect(newPhysicalId).not.toBe(h.signed.physicalId);
    expect(newPhysicalId).toMatch(new RegExp(`^${signed.response.Data!.CertificateArn as string}#[0-9a-f]{32}$`));
    expect(cleanup.event).toMatchObject({
      PhysicalResourceId: h.signed.physicalId, ResourceProperties: expect.objectContaining({ ValidityValue: '300', RevokeOnDelete: 'true' }),
    });
    expect(cleanup.response.PhysicalResourceId).toBe(h.signed.physicalId);

    const certificate = await expectSignedByRoot(h.issuingArn, h.rootArn);
    expect(serialOf(certificate)).toBe(signed.response.Data!.SerialNumber);
    expect(serialOf(certificate)).not.toBe(h.signed.serial);
    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe('ACTIVE');
    expect(await issuedBy(h.rootArn)).toBe(2);
    expect(await revokedAt(h.rootArn)).toEqual({ [h.signed.serial]: 'SUPERSEDED' });
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test.each([
    ['RETAIN', RemovalPolicy.RETAIN, 'DISABLED'],
    ['DESTROY', RemovalPolicy.DESTROY, 'DELETED'],
  ])('5. Replacement on purpose (generation 2, %s): a new CA is signed, and the cleanup Delete revokes the old certificate and retires the old CA', async (_name, removalPolicy, oldStatus) => {
    const props = { revokeOnDelete: true, removalPolicy };
    const h = await deploy(synth({ issuing: props }));
    const next = synth({ issuing: { ...props, generation: 2 } });
    const newCaId = idOf(next.issuing, CA);
    expect(newCaId).not.toBe(idOf(base.issuing, CA));
    const oldGuard = h.issuing.physicalId(h.guardId);

    const op = await h.issuing.update(next.issuing);

    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(summary(op)).toEqual([
      `forward Update ${h.guardId} SUCCESS`,
      `forward Update ${h.signingId} SUCCESS`,
      `cleanup Delete ${h.signingId} SUCCESS`,
      `cleanup Delete ${h.guardId} SUCCESS`,
    ]);
    const [guard, signed, cleanup, guardCleanup] = op.requests;
    expect(guard.response.PhysicalResourceId).not.toBe(oldGuard);
    expect(guardCleanup.event.PhysicalResourceId).toBe(oldGuard);
    const newArn = h.issuing.physicalId(newCaId);
    expect(newArn).not.toBe(h.issuingArn);
    expect(signed.event.ResourceProperties).toMatchObject({ CertificateAuthorityArn: newArn });
    expect(signed.response.PhysicalResourceId).not.toBe(h.signed.physicalId);
    expect(signed.response.Data).toMatchObject({ CertificateAuthorityArn: newArn, ParentCertificateAuthorityArn: h.rootArn });
    expect(cleanup.event).toMatchObject({
      PhysicalResourceId: h.signed.physicalId, ResourceProperties: expect.objectContaining({ CertificateAuthorityArn: h.issuingArn }),
    });

    expect(await statusOf(ISSUING_ENV, newArn)).toBe('ACTIVE');
    expect(serialOf(await expectSignedByRoot(newArn, h.rootArn))).toBe(signed.response.Data!.SerialNumber);
    expect(await issuedBy(h.rootArn)).toBe(2);
    expect(await revokedAt(h.rootArn)).toEqual({ [h.signed.serial]: 'CESSATION_OF_OPERATION' });
    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe(oldStatus);
    expect(await activeCas()).toEqual([h.rootArn, newArn].sort());
  });

  test.each([
    ['the CA resource moves to another logical id', { id: 'IssuingCaMoved' }, /its logical id changed from IssuingCa\w+ to IssuingCaMoved\w+ \(the construct moved or was renamed\)/],
    ['a create-only property changes', { keyAlgorithm: KeyAlgorithm.EC_PRIME256V1 }, /KeyAlgorithm: 'RSA_2048' -> 'EC_prime256v1'/],
  ])('5b. Without a new generation, a replacement is refused by the guard: %s', async (_what, change, reason) => {
    const h = await deploy();
    const casBefore = (await cas()).length;

    const op = await h.issuing.update(synth({ issuing: change }).issuing);

    expect(op.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${h.guardId} FAILED`, `rollback Update ${h.guardId} SUCCESS`]);
    expect(op.requests[0].response.Reason).toMatch(reason);
    expect(op.requests[0].response.Reason).toContain(`refusing to replace CA ${HIERARCHY}/${ISSUING_NAME}`);
    expect(op.requests[0].response.Reason).toContain('set generation: 2 on the construct');
    expect((await cas()).length).toBe(casBefore);
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });

  test.each([
    ['RETAIN', RemovalPolicy.RETAIN, 'ACTIVE'],
    ['DESTROY', RemovalPolicy.DESTROY, 'DELETED'],
  ])('5c. A new root generation (%s): the root stack retires the old root, and the issuing stack\'s next deployment signs the issuing CA with the new one', async (_name, removalPolicy, oldRootStatus) => {
    const h = await deploy(synth({ root: { removalPolicy }, issuing: { revokeOnDelete: true } }));
    const next = synth({ root: { removalPolicy, generation: 2 }, issuing: { revokeOnDelete: true } });
    const lifecycleId = idOf(next.root, ROOT_LIFECYCLE);
    const rootGuardId = idOf(next.root, GUARD);

    const rootOp = await h.root.update(next.root);

    expect(rootOp.failure).toBeUndefined();
    expect(summary(rootOp)).toEqual([
      `forward Update ${rootGuardId} SUCCESS`,
      `forward Update ${lifecycleId} SUCCESS`,
      `cleanup Delete ${lifecycleId} SUCCESS`,
      `cleanup Delete ${rootGuardId} SUCCESS`,
    ]);
    const newRootArn = h.root.physicalId(idOf(next.root, CA));
    expect(newRootArn).not.toBe(h.rootArn);
    expect(rootOp.requests[1].response).toMatchObject({ PhysicalResourceId: newRootArn, Data: { CertificateAuthorityArn: newRootArn } });
    expect(rootOp.requests[2].event).toMatchObject({ PhysicalResourceId: h.rootArn, ResourceProperties: expect.objectContaining({ RemovalPolicy: removalPolicy === RemovalPolicy.DESTROY ? 'DESTROY' : 'RETAIN' }) });
    expect(await statusOf(ROOT_ENV, newRootArn)).toBe('ACTIVE');
    expect(await statusOf(ROOT_ENV, h.rootArn)).toBe(oldRootStatus);

    const issuingOp = await h.issuing.update(next.issuing);

    expect(summary(issuingOp)).toEqual([`forward Update ${h.signingId} SUCCESS`, `cleanup Delete ${h.signingId} SUCCESS`]);
    const [signed] = issuingOp.requests;
    expect(signed.event.ResourceProperties).toMatchObject({ ParentGeneration: '2' });
    expect(signed.response.Data).toMatchObject({ ParentCertificateAuthorityArn: newRootArn });
    expect(serialOf(await expectSignedByRoot(h.issuingArn, newRootArn))).toBe(signed.response.Data!.SerialNumber);
    expect(await issuedBy(newRootArn)).toBe(1);
    // The cleanup Delete of the superseded certificate succeeds, but leaves it as it is, even at an old root that RETAIN
    // keeps ACTIVE: the signing authority now signs with the new root, and revokes only what that one issued.
    expect(issuingOp.requests[1].response.Status).toBe('SUCCESS');
    expect(await revokedAt(h.rootArn)).toEqual({});
    expect(await revokedAt(newRootArn)).toEqual({});
    const kept = oldRootStatus === 'ACTIVE' ? [h.rootArn] : [];
    expect(await activeCas()).toEqual([...kept, newRootArn, h.issuingArn].sort());
  });

  test.each([
    ['RETAIN (the defaults)', {}, {}, 'ACTIVE', 'ACTIVE'],
    ['DESTROY', { removalPolicy: RemovalPolicy.DESTROY }, { removalPolicy: RemovalPolicy.DESTROY }, 'DELETED', 'DELETED'],
  ])('6. Stack deletion, issuing stack first, with %s: the subordinate and root lifecycle Deletes keep or delete the CAs', async (_what, issuing, root, issuingStatus, rootStatus) => {
    const templates = synth({ issuing, root });
    const h = await deploy(templates);

    const issuingOp = await h.issuing.delete();
    expect(issuingOp.status).toBe('DELETE_COMPLETE');
    expect(summary(issuingOp)).toEqual([`forward Delete ${h.signingId} SUCCESS`, `forward Delete ${h.guardId} SUCCESS`]);
    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe(issuingStatus);

    const rootOp = await h.root.delete();
    expect(rootOp.status).toBe('DELETE_COMPLETE');
    expect(summary(rootOp)).toEqual([
      `forward Delete ${idOf(templates.root, ROOT_LIFECYCLE)} SUCCESS`, `forward Delete ${idOf(templates.root, GUARD)} SUCCESS`,
    ]);
    expect(await statusOf(ROOT_ENV, h.rootArn)).toBe(rootStatus);

    expect(await revokedAt(h.rootArn)).toEqual({});
    const kept = [[h.rootArn, rootStatus], [h.issuingArn, issuingStatus]].filter(([, s]) => s === 'ACTIVE').map(([arn]) => arn);
    expect(await activeCas()).toEqual(kept.sort());
  });

  test.each([
    ['RETAIN, revokeOnDelete', { revokeOnDelete: true }, 'DISABLED', 'CESSATION_OF_OPERATION'],
    ['DESTROY', { removalPolicy: RemovalPolicy.DESTROY }, 'DELETED', undefined],
  ])('6b. An issuing CA removed from a stack that stays (%s): the guard accepts, and the cleanup Delete of its signing resource retires it', async (_what, props, status, revocation) => {
    const more = { names: ['team'], organization: 'Corp', props };
    const templates = synth({ more });
    const root = await deployRoot(templates);
    const { stack: issuing } = player('Issuing');
    expect((await issuing.create(templates.issuing)).status).toBe('CREATE_COMPLETE');
    const teamSigning = idOf(templates.issuing, SIGNING, 'team');
    const teamArn = issuing.attributes(teamSigning).CertificateAuthorityArn as string;
    const teamSerial = issuing.attributes(teamSigning).SerialNumber as string;
    const issuingArn = issuing.physicalId(idOf(templates.issuing, CA, 'IssuingCa'));
    const guardId = idOf(templates.issuing, GUARD);

    const op = await issuing.update(synth().issuing);

    expect(op.status).toBe('UPDATE_COMPLETE');
    expect(summary(op)).toEqual([`forward Update ${guardId} SUCCESS`, `cleanup Delete ${teamSigning} SUCCESS`, `cleanup Delete ${guardId} SUCCESS`]);
    expect(await statusOf(ISSUING_ENV, teamArn)).toBe(status);
    expect(await revokedAt(root.rootArn)).toEqual(revocation ? { [teamSerial]: revocation } : {});
    expect(await statusOf(ISSUING_ENV, issuingArn)).toBe('ACTIVE');
    expect(await activeCas()).toEqual([root.rootArn, issuingArn].sort());
  });

  test('7. A CSR that is not the CA\'s current one: the signing Create fails before anything is issued, and the Delete after the failed create is ignored', async () => {
    const root = await deployRoot(base);
    const other = await pca(ISSUING_ENV).send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_secp384r1', SigningAlgorithm: 'SHA384WITHECDSA', Subject: { CommonName: 'Other CA' } },
    }));
    const otherCsr = (await pca(ISSUING_ENV).send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: other.CertificateAuthorityArn })))
      .Csr!;
    const { stack: issuing, handler } = player('Issuing');
    const signingId = idOf(base.issuing, SIGNING);
    const guardId = idOf(base.issuing, GUARD);

    const op = await issuing.create(base.issuing, { tamper: { [signingId]: (p) => ({ ...p, CertificateSigningRequest: otherCsr }) } });

    expect(op.status).toBe('ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([
      `forward Create ${guardId} SUCCESS`,
      `forward Create ${signingId} FAILED`,
      `rollback Delete ${signingId} SUCCESS`,
      `rollback Delete ${guardId} SUCCESS`,
    ]);
    const [, failed, ignored] = op.requests;
    expect(failed.response.PhysicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID);
    expect(failed.response.Reason).toContain('the CSR in the request is not the CA\'s current CSR');
    expect(failed.response.Reason).toContain('nothing was issued');
    expect(ignored.event.PhysicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID);
    const seen = handler.mock.calls.map(([e]: [CloudFormationCustomResourceEvent]) => `${e.RequestType} ${e.LogicalResourceId}`);
    expect(seen).toEqual([`Create ${guardId}`, `Create ${signingId}`, `Delete ${guardId}`]);

    expect(await issuedBy(root.rootArn)).toBe(0);
    // CloudFormation deletes the CA the failed create made (still PENDING_CERTIFICATE, so it can).
    const issuingCas = (await cas()).filter((ca) => ca.account_id === ISSUING_ENV.account && ca.arn !== other.CertificateAuthorityArn);
    expect(issuingCas.map((ca) => ca.status)).toEqual(['DELETED']);
    expect(await activeCas()).toEqual([root.rootArn]);
  });

  test('8. The guard refuses to create a second CA of the same name: a CA kept ACTIVE by a deleted stack blocks a new stack, naming that CA', async () => {
    const h = await deploy();
    expect((await h.issuing.delete()).status).toBe('DELETE_COMPLETE');
    expect(await statusOf(ISSUING_ENV, h.issuingArn)).toBe('ACTIVE');
    const { stack: again } = player('Issuing');

    const op = await again.create(base.issuing);

    expect(op.status).toBe('ROLLBACK_COMPLETE');
    expect(summary(op)).toEqual([`forward Create ${h.guardId} FAILED`, `rollback Delete ${h.guardId} SUCCESS`]);
    const refused = op.requests[0].response;
    expect(refused.PhysicalResourceId).toBe(CREATE_FAILED_PHYSICAL_ID);
    expect(refused.Reason).toContain(`refusing to create a second CA ${HIERARCHY}/${ISSUING_NAME} (construct Issuing/IssuingCa)`);
    expect(refused.Reason).toContain(`CA ${h.issuingArn} of account ${ISSUING_ENV.account} in ${ISSUING_ENV.region} already has this name and generation 1, and is ACTIVE`);
    expect(refused.Reason).toContain(`(made by stack ${h.issuing.stackId})`);
    expect(refused.Reason).toContain('set generation: 2');

    expect((await cas()).filter((ca) => ca.account_id === ISSUING_ENV.account).map((ca) => ca.arn)).toEqual([h.issuingArn]);
    expect(await issuedBy(h.rootArn)).toBe(1);
    expect(await activeCas()).toEqual([h.rootArn, h.issuingArn].sort());
  });
});
