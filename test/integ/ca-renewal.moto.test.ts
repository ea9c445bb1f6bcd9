/**
 * The automatic renewal of subordinate CA certificates (lambda/ca-signer/renewal.ts) against moto_server, with the
 * shipped handlers only, in a three-level hierarchy of three accounts:
 * - the root CA in 111111111111/us-east-1 (activated by moto, as test/support/moto.ts does);
 * - the intermediate CA (level 2) in 222222222222/eu-west-1, signed by the root through the root account's signing
 *   authority (stack `Intermediate`);
 * - the issuing CA (level 3) in 333333333333/eu-west-1, signed by the intermediate through the intermediate
 *   account's signing authority (stack `Issuing`).
 * Each subordinate is created by its Custom::PkiSubordinateCaCertificate Create, sent through aws-cdk-lib's provider
 * framework (test/support/provider-framework.ts); its renewal spec is written into SSM of its own account as
 * CloudFormation would write it; each stack's renewal run is the signing handler's createRenewalHandler. moto has no
 * Lambda: the signer's Invoke of an authority alias is answered in process by the authority's handler of the
 * function's account and Region (as test/integ/authority-chain.moto.test.ts does), with that account's credentials.
 * Time moves forward only through the handlers' `clock` option (signers and authorities share it).
 *
 * What moto cannot do, and how the test deals with it (../shared/EMULATOR.md):
 * - Every certificate lasts 365 days from the moment moto issues it, whatever validity was asked. The validities
 *   declared here (intermediate 300 DAYS, issuing 200 DAYS) pass the library's own checks, but a renewed certificate
 *   ends only seconds after the one it renews, not a validity later: a test that runs a renewal twice sets the clock
 *   to the very instant the CA becomes due, so that the renewed certificate (a wall-clock second later) is not due at
 *   that instant; and where two issuances must not fall in the same second, the test waits (under a second) for the
 *   wall clock's next second, for the timestamp resolution of certificates, never to move time.
 * - For the same reason every certificate of the hierarchy ends within seconds of the others, so a parent never
 *   outlives its subordinate by days, as it does on AWS once the parent is renewed top-down: a renewal is then always
 *   capped by the parent's end, and never gains anything (the blocked case, covered as it is). Where a scenario
 *   needs a CA whose certificate ends days before or after the others (a due renewal that the parent does not cap,
 *   a capped renewal that still gains, the top-down order), the test installs into that CA a stand-in certificate:
 *   a certificate for the CA's own key (from its CSR), from a CA the test holds, ending when the scenario needs.
 *   moto takes any certificate on import; the renewal reads only the installed certificate's end and serial, and
 *   every certificate the handlers install is moto's. Certificates a stand-in-holding parent issues verify against
 *   it (same key, same name).
 * - moto's IssueCertificate ignores the validity asked: what a capped renewal asked for is read from the authority's
 *   Sign request (and its audit line), not from the certificate.
 * - moto's GetCertificate tells a revoked certificate only when the serial was revoked in its own upper-case spelling;
 *   the handlers revoke in the lower-case one, so revocations are read from moto's state (as ca-lifecycle does).
 * - moto has no CloudFormation stacks: the signer reads no stack status, and acts as for a deployment going forward.
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler as createSigner, createRenewalHandler } from '../../lambda/ca-signer';
import type { RenewalOutcome, RenewalSummary } from '../../lambda/ca-signer';
import { createHandler as createAuthority } from '../../lambda/signing-authority';
import {
  AUTHORITY_HIERARCHY_ENV, AUTHORITY_PARENTS_ENV, authorityAliasName, authorityFunctionName, declarationParameterName, invokerRoleName,
  readerRoleName, signingHandlerRoleName, signingRoleArn,
} from '../../src/private/contracts/authority';
import type { AuthorityRequest, AuthoritySignRequest, SubordinateDeclaration } from '../../src/private/contracts/authority';
import {
  CA_RENEWAL_ACTION, CA_RENEWAL_DETAIL_TYPES, CA_RENEWAL_EVENT_SOURCE, CA_RENEWAL_METRICS, caRenewalRecordPath, caRenewalSpecPath,
} from '../../src/private/contracts/ca-renewal';
import type { CaRenewalEventDetail, CaRenewalRecord, CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import { CA_TAGS, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE } from '../../src/private/contracts/signing';
import type { DeclaredSubject, SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials, MotoServer } from '../support/moto';
import { createCsr, createRootCa, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';
import { sendThroughProviderFramework } from '../support/provider-framework';
import type { RecordedResponse } from '../support/provider-framework';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const HIERARCHY = 'corp';
const SUBORDINATE_TEMPLATE = (pathLength: number) => `arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen${pathLength}/V1`;
const WAITER = { minDelay: 1, maxDelay: 1, maxWaitTime: 10 };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Env {
  readonly account: string;
  readonly region: string;
}

const ROOT_ENV: Env = { account: '111111111111', region: 'us-east-1' };

/** One subordinate CA of the hierarchy: where it is, its stack and signing resource, what it declares, and how it renews. */
interface SubordinateDef {
  readonly caName: string;
  readonly env: Env;
  readonly subject: DeclaredSubject;
  /** Level in the hierarchy (the root is 1). */
  readonly depth: number;
  readonly pathLength: number;
  readonly validityDays: number;
  /** The renewal spec's RenewBeforeDays: a third of the validity, the constructs' default. */
  readonly renewBeforeDays: number;
  readonly stackName: string;
  readonly stackId: string;
  /** Logical id of its Custom::PkiSubordinateCaCertificate. */
  readonly logicalId: string;
  /** The parent's name, and where the parent's signing authority runs. */
  readonly parentName: string;
  readonly parentEnv: Env;
}

const INTERMEDIATE: SubordinateDef = {
  caName: 'intermediate',
  env: { account: '222222222222', region: 'eu-west-1' },
  subject: { CommonName: 'Corp Intermediate CA', Organization: 'Corp' },
  depth: 2,
  pathLength: 1,
  validityDays: 300,
  renewBeforeDays: 100,
  stackName: 'Intermediate',
  stackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Intermediate/5b1e2f40-0c6a-11f0-9a3e-0a1b2c3d4e5f',
  logicalId: 'IntermediateCaCertificate4F2A9C1B',
  parentName: 'root',
  parentEnv: ROOT_ENV,
};

const ISSUING: SubordinateDef = {
  caName: 'issuing',
  env: { account: '333333333333', region: 'eu-west-1' },
  subject: { CommonName: 'Corp Issuing CA', Organization: 'Corp' },
  depth: 3,
  pathLength: 0,
  validityDays: 200,
  renewBeforeDays: 66,
  stackName: 'Issuing',
  stackId: 'arn:aws:cloudformation:eu-west-1:333333333333:stack/Issuing/7c2d3e50-0c6a-11f0-8b4f-1a2b3c4d5e6f',
  logicalId: 'IssuingCaCertificate8D3E7B05',
  parentName: 'intermediate',
  parentEnv: INTERMEDIATE.env,
};

/** The authority function of the hierarchy in an account and Region, and the alias of a subordinate there. */
const authorityArn = (env: Env) => `arn:aws:lambda:${env.region}:${env.account}:function:${authorityFunctionName(HIERARCHY, env.region)}`;
const aliasOf = (sub: SubordinateDef) => authorityAliasName(sub.caName, sub.env.account, sub.env.region);

/** One Invoke an authority served. */
interface Served {
  readonly functionArn: string;
  readonly request: AuthorityRequest;
}

/** One event a handler put, on the default bus of the account of its credentials. */
interface PutEvent {
  readonly account?: string;
  readonly region: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: CaRenewalEventDetail;
}

/** One ACM PCA call a handler or the test made. */
interface PcaCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** A subordinate CA as deployed: its ARN, its signing resource's properties and Create response, and its certificate then. */
interface Deployed {
  readonly def: SubordinateDef;
  readonly arn: string;
  readonly props: SubordinateCertificateProperties;
  readonly created: RecordedResponse;
  readonly original: X509Certificate;
}

interface Hierarchy {
  readonly rootArn: string;
  readonly root: X509Certificate;
  readonly intermediate: Deployed;
  readonly issuing: Deployed;
}

/** The lower-case, colon-separated serial of a certificate, as the handlers report it (and revoke it). */
const serialOf = (certificate: X509Certificate) => certificate.serialNumber.toLowerCase().match(/../g)!.join(':');
const notAfterOf = (certificate: X509Certificate) => new Date(certificate.validTo);
/** The end of a validity of `days` DAYS from `from` (UTC days have no daylight saving). */
const daysAfter = (from: Date, days: number) => new Date(from.getTime() + days * DAY);

describeWithMoto('automatic renewal of subordinate CA certificates in a three-account hierarchy, against moto_server', 'ca-renewal', (moto: MotoServer) => {
  let credentials: Map<string, AwsCredentials>;
  /** Authority handlers by function ARN (unqualified). */
  let authorities: Map<string, ReturnType<typeof createAuthority>>;
  let served: Served[];
  let events: PutEvent[];
  let pcaCalls: PcaCall[];
  /** The time every handler takes for now; undefined: the system clock. */
  let clockTime: Date | undefined;
  /** A CA the test holds, which signs stand-in certificates (see the file comment). */
  let standInCa: CaMaterial;

  const clock = () => clockTime ?? new Date();
  const creds = (env: Env) => credentials.get(env.account)!;
  const pca = (env: Env) => new ACMPCAClient({ region: env.region, endpoint: moto.endpoint, credentials: creds(env) });
  const ssm = (env: Env) => new SSMClient({ region: env.region, endpoint: moto.endpoint, credentials: creds(env) });

  beforeAll(async () => {
    standInCa = await createRootCa({ commonName: 'Stand-in CA' });
  });

  beforeEach(async () => {
    served = [];
    events = [];
    pcaCalls = [];
    clockTime = undefined;
    authorities = new Map();
    credentials = new Map();
    for (const env of [ROOT_ENV, INTERMEDIATE.env, ISSUING.env]) credentials.set(env.account, await moto.credentialsOf(env.account));
    const accountOfKey = (accessKeyId: string) => [...credentials].find(([, c]) => c.accessKeyId === accessKeyId)?.[0];

    routeInvokeToAuthorities();

    const putEvents = EventBridgeClient.prototype.send;
    jest.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(async function (this: EventBridgeClient, command: unknown, ...rest: unknown[]) {
      if (command instanceof PutEventsCommand) {
        const region = await this.config.region();
        const { accessKeyId } = await this.config.credentials();
        for (const entry of command.input.Entries ?? []) {
          events.push({
            account: accountOfKey(accessKeyId), region, source: entry.Source!, detailType: entry.DetailType!, detail: JSON.parse(entry.Detail!),
          });
        }
      }
      return (putEvents as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof putEvents);

    const pcaSend = ACMPCAClient.prototype.send;
    jest.spyOn(ACMPCAClient.prototype, 'send').mockImplementation(function (this: ACMPCAClient, command: unknown, ...rest: unknown[]) {
      const c = command as { constructor: { name: string }; input: Record<string, unknown> };
      pcaCalls.push({ name: c.constructor.name, input: c.input });
      return (pcaSend as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof pcaSend);
  });

  /**
   * Lambda Invoke of an alias of an authority function, answered as the Lambda runtime does, by the authority's
   * handler of that function (its account's credentials, its Region, its environment), with the alias ARN as the
   * invoked function ARN. A function the hierarchy does not have, or an Invoke from another Region, is not found.
   */
  function routeInvokeToAuthorities(): void {
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    jest.spyOn(LambdaClient.prototype, 'send').mockImplementation(async function (this: LambdaClient, command: unknown) {
      if (!(command instanceof InvokeCommand)) throw new Error(`only Invoke is routed to the authorities, not ${(command as object).constructor.name}`);
      const input = command.input;
      const functionArn = input.FunctionName!;
      const request = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as AuthorityRequest;
      served.push({ functionArn, request });
      const authority = authorities.get(functionArn.split(':').slice(0, 7).join(':'));
      if (!authority || functionArn.split(':')[3] !== await this.config.region()) {
        throw Object.assign(new Error(`Function not found: ${functionArn}`), { name: 'ResourceNotFoundException' });
      }
      if (input.InvocationType !== 'RequestResponse') throw new Error(`InvocationType ${input.InvocationType}`);
      let output: Partial<InvokeCommandOutput>;
      try {
        const result = await authority(request, { invokedFunctionArn: functionArn, awsRequestId: `invoke-${served.length}` });
        output = { StatusCode: 200, Payload: encode(result) as never };
      } catch (e) {
        const error = e as Error;
        output = { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorType: error.name, errorMessage: error.message, trace: [] }) as never };
      }
      return output;
    } as never);
  }

  /** The authority function of the hierarchy in `env`, signing with the parent CAs given. */
  function deployAuthority(env: Env, parents: Record<string, string>): void {
    authorities.set(authorityArn(env), createAuthority({
      endpoint: moto.endpoint,
      credentials: creds(env),
      region: env.region,
      waiter: WAITER,
      clock,
      environment: { [AUTHORITY_HIERARCHY_ENV]: HIERARCHY, [AUTHORITY_PARENTS_ENV]: JSON.stringify(parents) },
    }));
  }

  const signerOptions = (env: Env) => ({ endpoint: moto.endpoint, credentials: creds(env), region: env.region, waiter: WAITER, clock });

  async function statusOf(env: Env, arn: string): Promise<string | undefined> {
    return (await pca(env).send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority?.Status;
  }

  /** The certificate a CA holds now. */
  async function installed(env: Env, arn: string): Promise<X509Certificate> {
    const out = await pca(env).send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
    return new X509Certificate(out.Certificate!);
  }

  /** A subordinate CA with the library's tags (the authority signs only the CA of the declared name). */
  async function createSubordinateCa(def: SubordinateDef): Promise<string> {
    const { CertificateAuthorityArn } = await pca(def.env).send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: def.subject },
      Tags: [{ Key: CA_TAGS.hierarchy, Value: HIERARCHY }, { Key: CA_TAGS.caName, Value: def.caName }],
    }));
    return CertificateAuthorityArn!;
  }

  /** The parent's app declares the subordinate: the SSM parameter in the account and Region of the parent's authority. */
  async function declare(def: SubordinateDef): Promise<void> {
    const alias = aliasOf(def);
    const declaration: SubordinateDeclaration = {
      Version: 1,
      HierarchyName: HIERARCHY,
      ParentCaName: def.parentName,
      CaName: def.caName,
      Account: def.env.account,
      Region: def.env.region,
      Subject: def.subject,
      // moto makes every key RSA-2048.
      KeyAlgorithm: 'RSA_2048',
      TemplateArn: SUBORDINATE_TEMPLATE(def.pathLength),
      MaxValidity: { Type: 'DAYS', Value: def.validityDays },
      CallerRoleArn: signingRoleArn('aws', def.env.account, signingHandlerRoleName(def.env.region, def.stackName, sha256)),
      ReaderRoleArn: signingRoleArn('aws', def.env.account, readerRoleName(HIERARCHY, alias, sha256)),
      Revocation: true,
    };
    await ssm(def.parentEnv).send(new PutParameterCommand({
      Name: declarationParameterName(HIERARCHY, def.parentName, alias), Value: JSON.stringify(declaration), Type: 'String',
    }));
  }

  /** The properties CloudFormation sends the subordinate's signing resource. */
  async function propertiesOf(def: SubordinateDef, arn: string): Promise<SubordinateCertificateProperties> {
    const { Csr } = await pca(def.env).send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
    return {
      CertificateAuthorityArn: arn,
      CertificateSigningRequest: Csr!,
      Parent: {
        Region: def.parentEnv.region,
        AuthorityFunctionArn: `${authorityArn(def.parentEnv)}:${aliasOf(def)}`,
        InvokerRoleArn: signingRoleArn('aws', def.parentEnv.account, invokerRoleName(HIERARCHY, aliasOf(def), sha256)),
      },
      TemplateArn: SUBORDINATE_TEMPLATE(def.pathLength),
      // moto's certificates last a year: the validities fit inside the parent's.
      ValidityType: 'DAYS',
      ValidityValue: String(def.validityDays),
      RevokeOnDelete: 'true',
      RemovalPolicy: 'DESTROY',
      RestorationDays: '7',
    };
  }

  /** A request of CloudFormation to the subordinate's signing resource, through the provider framework to the shipped handler. */
  async function sendToSigningResource(
    def: SubordinateDef, props: SubordinateCertificateProperties, request: { RequestType: 'Create' } | { RequestType: 'Update' | 'Delete'; PhysicalResourceId: string },
  ): Promise<RecordedResponse> {
    const serviceToken = `arn:aws:lambda:${def.env.region}:${def.env.account}:function:${def.stackName}-CdkPkiSigningProvider`;
    const common = {
      ServiceToken: serviceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/${def.logicalId}`,
      StackId: def.stackId,
      RequestId: `${request.RequestType}-${def.logicalId}`,
      LogicalResourceId: def.logicalId,
      ResourceType: SUBORDINATE_CERTIFICATE_RESOURCE_TYPE,
      ResourceProperties: { ServiceToken: serviceToken, ...props },
    };
    const event = (request.RequestType === 'Update'
      ? { ...common, ...request, OldResourceProperties: common.ResourceProperties }
      : { ...common, ...request }) as CloudFormationCustomResourceEvent;
    return sendThroughProviderFramework(event, createSigner(signerOptions(def.env)));
  }

  async function deploySubordinate(def: SubordinateDef): Promise<Deployed> {
    const arn = await createSubordinateCa(def);
    await declare(def);
    const props = await propertiesOf(def, arn);
    const created = await sendToSigningResource(def, props, { RequestType: 'Create' });
    expect({ Status: created.Status, Reason: created.Status === 'FAILED' ? created.Reason : undefined }).toEqual({ Status: 'SUCCESS' });
    return { def, arn, props, created, original: await installed(def.env, arn) };
  }

  /**
   * The hierarchy, at the real time: the root activated by moto, the intermediate signed by the root's authority, the
   * issuing CA by the intermediate's; each subordinate's renewal spec in SSM of its own account.
   */
  async function deploy(): Promise<Hierarchy> {
    const rootPca = pca(ROOT_ENV);
    const { CertificateAuthorityArn: rootArn } = await rootPca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Corp Root CA', Organization: 'Corp' } },
    }));
    const root = new X509Certificate(await activateRootCa(rootPca, rootArn!));
    deployAuthority(ROOT_ENV, { root: rootArn! });
    const intermediate = await deploySubordinate(INTERMEDIATE);
    deployAuthority(INTERMEDIATE.env, { intermediate: intermediate.arn });
    const issuing = await deploySubordinate(ISSUING);
    await writeSpec(intermediate);
    await writeSpec(issuing, INTERMEDIATE.renewBeforeDays);
    return { rootArn: rootArn!, root, intermediate, issuing };
  }

  /**
   * The renewal spec, as CloudFormation writes it from the IssuingCa (src/lifecycle/private/ca-renewal.ts): the signing
   * resource's properties without the CSR, its logical id, and the parent's RenewBeforeDays when the parent renews
   * automatically too (left out for the root).
   */
  async function writeSpec(ca: Deployed, parentRenewBeforeDays?: number): Promise<CaRenewalSpec> {
    const properties = Object.fromEntries(Object.entries(ca.props).filter(([key]) => key !== 'CertificateSigningRequest')) as CaRenewalSpec['Properties'];
    const spec: CaRenewalSpec = {
      Version: 1,
      LogicalId: ca.def.logicalId,
      HierarchyName: HIERARCHY,
      CaName: ca.def.caName,
      Depth: ca.def.depth,
      RenewBeforeDays: ca.def.renewBeforeDays,
      ...(parentRenewBeforeDays !== undefined ? { ParentRenewBeforeDays: parentRenewBeforeDays } : {}),
      Properties: properties,
    };
    await ssm(ca.def.env).send(new PutParameterCommand({
      Name: `${caRenewalSpecPath(ca.def.stackName)}/${ca.def.logicalId}`, Value: JSON.stringify(spec), Type: 'String',
    }));
    return spec;
  }

  /** The stack's daily renewal run, at `at`, as its schedule invokes the signing handler. */
  async function renewalRun(def: SubordinateDef, at: Date): Promise<RenewalSummary> {
    clockTime = at;
    return createRenewalHandler(signerOptions(def.env))({ Action: CA_RENEWAL_ACTION, StackId: def.stackId });
  }

  /** The outcome of the run for the CA. */
  function outcomeOf(summary: RenewalSummary, ca: Deployed): RenewalOutcome {
    expect(summary.Unreadable).toEqual([]);
    const outcome = summary.Outcomes.find((o) => o.certificateAuthorityArn === ca.arn);
    if (!outcome) throw new Error(`the run of ${summary.StackName} has no outcome for ${ca.def.caName}: ${JSON.stringify(summary.Outcomes)}`);
    return outcome;
  }

  /** The renewal record of the CA's signing resource, or undefined when there is none. */
  async function recordOf(ca: Deployed): Promise<CaRenewalRecord | undefined> {
    try {
      const out = await ssm(ca.def.env).send(new GetParameterCommand({ Name: `${caRenewalRecordPath(ca.def.stackName)}/${ca.def.logicalId}` }));
      return JSON.parse(out.Parameter!.Value!) as CaRenewalRecord;
    } catch (e) {
      if ((e as Error).name === 'ParameterNotFound') return undefined;
      throw e;
    }
  }

  /** The Sign requests an authority served for the CA since `from` (an index into `served`). */
  function signRequests(ca: Deployed, from = 0): AuthoritySignRequest[] {
    return served.slice(from)
      .filter((s) => s.functionArn === `${authorityArn(ca.def.parentEnv)}:${aliasOf(ca.def)}` && s.request.Action === 'Sign')
      .map((s) => s.request as AuthoritySignRequest);
  }

  /** IssueCertificate calls on a CA since `from` (an index into `pcaCalls`). */
  const issuedBy = (caArn: string, from = 0) =>
    pcaCalls.slice(from).filter((c) => c.name === IssueCertificateCommand.name && c.input.CertificateAuthorityArn === caArn).length;

  /** The renewal events of a CA. */
  const renewalEvents = (ca: Deployed) =>
    events.filter((e) => e.source === CA_RENEWAL_EVENT_SOURCE && e.detail.certificateAuthorityArn === ca.arn);

  /** The JSON log lines of the handlers (describeWithMoto silences console.log with a mock). */
  function logLines(): Array<Record<string, unknown>> {
    return (console.log as jest.Mock).mock.calls.flatMap(([line]: unknown[]) => {
      try {
        return [JSON.parse(String(line)) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** The renewal metrics (embedded metric format) the last run of a stack logged. */
  function metricsOf(def: SubordinateDef): Record<string, unknown> {
    const lines = logLines().filter((l) => l.message === 'renewal metrics' && l.StackName === def.stackName);
    expect(lines.length).toBeGreaterThan(0);
    return lines[lines.length - 1];
  }

  /**
   * Installs into the CA a stand-in certificate for its own key (its CSR), from the test's CA, ending at `notAfter`
   * (see the file comment: moto issues only certificates that end a year from now).
   */
  async function installStandIn(ca: Deployed, notAfter: Date): Promise<X509Certificate> {
    const { Csr } = await pca(ca.def.env).send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: ca.arn }));
    const pem = await signCsrAsCa(Csr!, standInCa, { notAfter, pathLength: ca.def.pathLength });
    await pca(ca.def.env).send(new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: ca.arn, Certificate: Buffer.from(pem, 'utf8'), CertificateChain: Buffer.from(standInCa.pem, 'utf8'),
    }));
    const standIn = await installed(ca.def.env, ca.arn);
    expect(notAfterOf(standIn)).toEqual(notAfter);
    return standIn;
  }

  /**
   * Waits, under a second, until the wall clock is past the second in which moto issued `certificate`: certificates
   * carry whole seconds, and the next one moto issues must end later than this one (timestamp resolution, not time).
   */
  async function pastIssuanceSecond(certificate: X509Certificate): Promise<void> {
    const second = Math.floor(new Date(certificate.validFrom).getTime() / 1000);
    while (Math.floor(Date.now() / 1000) <= second) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    }
  }

  /** An end-entity certificate the CA issues (EndEntityCertificate/V1, a CSR of the test's own key). */
  async function issueLeaf(ca: Deployed): Promise<X509Certificate> {
    const { pem: csr } = await createCsr({ commonName: 'app.corp.example' });
    const client = pca(ca.def.env);
    const { CertificateArn } = await client.send(new IssueCertificateCommand({
      CertificateAuthorityArn: ca.arn,
      Csr: Buffer.from(csr, 'utf8'),
      TemplateArn: 'arn:aws:acm-pca:::template/EndEntityCertificate/V1',
      SigningAlgorithm: 'SHA256WITHRSA',
      Validity: { Type: 'DAYS', Value: 30 },
    }));
    const { Certificate } = await client.send(new GetCertificateCommand({ CertificateAuthorityArn: ca.arn, CertificateArn }));
    return new X509Certificate(Certificate!);
  }

  const expectIssuedBy = (certificate: X509Certificate, issuer: X509Certificate) => {
    expect(certificate.checkIssued(issuer)).toBe(true);
    expect(certificate.verify(issuer.publicKey)).toBe(true);
  };

  /**
   * The hierarchy with the issuing CA renewed: the intermediate holds a certificate that outlives the issuing CA's
   * by 400 days (a stand-in: on AWS, its own top-down renewal), and the issuing stack's run comes at the very instant
   * the issuing CA is due (RenewBeforeDays before the end of the certificate its Create installed).
   */
  async function renewedIssuingCa() {
    const h = await deploy();
    const { issuing, intermediate } = h;
    const leaf = await issueLeaf(issuing);
    const parentEnd = notAfterOf(await installStandIn(intermediate, new Date(notAfterOf(issuing.original).getTime() + 400 * DAY)));
    const dueAt = new Date(notAfterOf(issuing.original).getTime() - ISSUING.renewBeforeDays * DAY);
    // The declared 200 days fit before the parent's end, a day to spare: the renewal is not capped.
    expect(daysAfter(dueAt, ISSUING.validityDays).getTime()).toBeLessThanOrEqual(parentEnd.getTime() - DAY);
    await pastIssuanceSecond(issuing.original);
    const issued = pcaCalls.length;
    const asked = served.length;

    const summary = await renewalRun(ISSUING, dueAt);

    const renewed = await installed(ISSUING.env, issuing.arn);
    return { h, leaf, parentEnd, dueAt, summary, renewed, issued, asked };
  }

  test('1. Not due: a run now renews nothing in either stack', async () => {
    const { intermediate, issuing } = await deploy();
    const issued = pcaCalls.length;
    const asked = served.length;
    const now = new Date();

    const intermediateRun = await renewalRun(INTERMEDIATE, now);
    const issuingRun = await renewalRun(ISSUING, now);

    for (const [run, ca] of [[intermediateRun, intermediate], [issuingRun, issuing]] as const) {
      expect(run.StackName).toBe(ca.def.stackName);
      expect(run.Outcomes).toEqual([{
        caName: ca.def.caName,
        certificateAuthorityArn: ca.arn,
        result: 'not-due',
        notAfter: notAfterOf(ca.original).toISOString(),
        renewsOn: new Date(notAfterOf(ca.original).getTime() - ca.def.renewBeforeDays * DAY).toISOString(),
      }]);
      expect(serialOf(await installed(ca.def.env, ca.arn))).toBe(serialOf(ca.original));
      expect(await statusOf(ca.def.env, ca.arn)).toBe('ACTIVE');
      expect(await recordOf(ca)).toBeUndefined();
      expect(renewalEvents(ca)).toEqual([]);
      expect(metricsOf(ca.def)).toMatchObject({
        [CA_RENEWAL_METRICS.renewed]: 0, [CA_RENEWAL_METRICS.capped]: 0, [CA_RENEWAL_METRICS.failed]: 0,
      });
    }
    // Neither parent was asked for anything, nor issued anything.
    expect(served.slice(asked)).toEqual([]);
    expect(pcaCalls.slice(issued).filter((c) => c.name === IssueCertificateCommand.name)).toEqual([]);
  });

  test('2. Due: the issuing CA gets a new certificate for the same key under the same ARN, and what it issued before still verifies', async () => {
    const { h, leaf, summary, renewed, issued, asked, dueAt } = await renewedIssuingCa();
    const { issuing, intermediate } = h;

    const outcome = outcomeOf(summary, issuing);
    expect(outcome).toEqual({
      caName: 'issuing', certificateAuthorityArn: issuing.arn, result: 'renewed', capped: false, notAfter: notAfterOf(renewed).toISOString(),
    });
    // Same CA ARN, ACTIVE, with a new certificate that ends later (moto: a year from the renewal).
    expect(await statusOf(ISSUING.env, issuing.arn)).toBe('ACTIVE');
    expect(serialOf(renewed)).not.toBe(serialOf(issuing.original));
    expect(notAfterOf(renewed).getTime()).toBeGreaterThan(notAfterOf(issuing.original).getTime());
    expect(renewed.publicKey.export({ type: 'spki', format: 'der' })).toEqual(issuing.original.publicKey.export({ type: 'spki', format: 'der' }));
    expect(renewed.subject).toBe(issuing.original.subject);
    // Signed once by the intermediate, through its authority, for the declared validity.
    expect(issuedBy(intermediate.arn, issued)).toBe(1);
    expect(signRequests(issuing, asked)).toEqual([expect.objectContaining({
      CertificateAuthorityArn: issuing.arn, ValidityType: 'DAYS', ValidityValue: ISSUING.validityDays,
    })]);

    // The leaf issued before the renewal verifies against the new certificate; the new one against the intermediate's
    // (the one it holds now, and the one the root signed for the same key).
    expectIssuedBy(leaf, renewed);
    expectIssuedBy(renewed, await installed(INTERMEDIATE.env, intermediate.arn));
    expectIssuedBy(renewed, intermediate.original);
    expectIssuedBy(intermediate.original, h.root);

    // The record the signing resource honours from now on.
    expect(await recordOf(issuing)).toEqual({
      Version: 1,
      CertificateArn: expect.stringMatching(new RegExp(`^${intermediate.arn}/certificate/`)),
      SerialNumber: serialOf(renewed),
      NotAfter: notAfterOf(renewed).toISOString(),
      Digest: issuing.created.PhysicalResourceId.split('#')[1],
      ParentCertificateAuthorityArn: intermediate.arn,
      ResourceSerialNumber: serialOf(issuing.original),
      RenewedAt: dueAt.toISOString(),
      Capped: false,
    });
    expect(issuing.created.Data!.SerialNumber).toBe(serialOf(issuing.original));
    expect((await recordOf(issuing))!.CertificateArn).not.toBe(issuing.created.Data!.CertificateArn);

    // One event, on the default bus of the issuing CA's account and Region; the metrics count one renewal.
    expect(renewalEvents(issuing)).toEqual([{
      account: ISSUING.env.account,
      region: ISSUING.env.region,
      source: CA_RENEWAL_EVENT_SOURCE,
      detailType: CA_RENEWAL_DETAIL_TYPES.renewed,
      detail: {
        hierarchyName: HIERARCHY,
        caName: 'issuing',
        certificateAuthorityArn: issuing.arn,
        stackName: ISSUING.stackName,
        renewed: true,
        capped: false,
        previousNotAfter: notAfterOf(issuing.original).toISOString(),
        certificateArn: (await recordOf(issuing))!.CertificateArn,
        serialNumber: serialOf(renewed),
        notAfter: notAfterOf(renewed).toISOString(),
        parentCertificateAuthorityArn: intermediate.arn,
      },
    }]);
    expect(metricsOf(ISSUING)).toMatchObject({ [CA_RENEWAL_METRICS.renewed]: 1, [CA_RENEWAL_METRICS.capped]: 0, [CA_RENEWAL_METRICS.failed]: 0 });
  });

  test('3. Idempotent: a second run at the same time renews nothing, the renewed certificate not being due', async () => {
    const { h, summary, renewed, dueAt } = await renewedIssuingCa();
    const { issuing, intermediate } = h;
    expect(outcomeOf(summary, issuing).result).toBe('renewed');
    const record = await recordOf(issuing);
    const issued = pcaCalls.length;
    const asked = served.length;
    const eventCount = events.length;

    const again = await renewalRun(ISSUING, dueAt);

    expect(outcomeOf(again, issuing)).toEqual({
      caName: 'issuing',
      certificateAuthorityArn: issuing.arn,
      result: 'not-due',
      notAfter: notAfterOf(renewed).toISOString(),
      renewsOn: new Date(notAfterOf(renewed).getTime() - ISSUING.renewBeforeDays * DAY).toISOString(),
    });
    expect(serialOf(await installed(ISSUING.env, issuing.arn))).toBe(serialOf(renewed));
    expect(issuedBy(intermediate.arn, issued)).toBe(0);
    expect(served.slice(asked)).toEqual([]);
    expect(await recordOf(issuing)).toEqual(record);
    expect(events.slice(eventCount)).toEqual([]);
  });

  test('4. The signing resource honours the renewal: an Update with the same properties keeps the renewed certificate and reports it', async () => {
    const { h, renewed } = await renewedIssuingCa();
    const { issuing, intermediate } = h;
    const record = (await recordOf(issuing))!;
    const calls = pcaCalls.length;

    const updated = await sendToSigningResource(ISSUING, issuing.props, { RequestType: 'Update', PhysicalResourceId: issuing.created.PhysicalResourceId });

    expect(updated).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: issuing.created.PhysicalResourceId,
      Data: {
        CertificateArn: record.CertificateArn,
        SerialNumber: serialOf(renewed),
        NotAfter: notAfterOf(renewed).toISOString(),
        ParentCertificateAuthorityArn: intermediate.arn,
        CertificateAuthorityArn: issuing.arn,
      },
    });
    expect(serialOf(await installed(ISSUING.env, issuing.arn))).toBe(serialOf(renewed));
    // Nothing issued, nothing installed again.
    const since = pcaCalls.slice(calls).map((c) => c.name);
    expect(since).not.toContain(IssueCertificateCommand.name);
    expect(since).not.toContain(ImportCertificateAuthorityCertificateCommand.name);
    expect(await recordOf(issuing)).toEqual(record);
  });

  test('5a. Capped: when the parent ends before the declared validity would, the renewal asks for days that end a day before it, and says so', async () => {
    const { intermediate, issuing } = await deploy();
    // The intermediate ends 100 days after the issuing CA (a stand-in); 60 days before its end, the issuing CA is due,
    // and its declared 200 days would end after the intermediate; ending a day before it still gains 99 days.
    const installedEnd = notAfterOf(issuing.original);
    const parentEnd = notAfterOf(await installStandIn(intermediate, new Date(installedEnd.getTime() + 100 * DAY)));
    const at = new Date(installedEnd.getTime() - 60 * DAY);
    expect(daysAfter(at, ISSUING.validityDays).getTime()).toBeGreaterThan(parentEnd.getTime() - DAY);
    const asked = served.length;
    const issued = pcaCalls.length;

    const summary = await renewalRun(ISSUING, at);

    const renewed = await installed(ISSUING.env, issuing.arn);
    expect(outcomeOf(summary, issuing)).toEqual({
      caName: 'issuing', certificateAuthorityArn: issuing.arn, result: 'renewed', capped: true, notAfter: notAfterOf(renewed).toISOString(),
    });
    expect(serialOf(renewed)).not.toBe(serialOf(issuing.original));
    expect(issuedBy(intermediate.arn, issued)).toBe(1);
    // What was asked of the authority (moto ignores it): the longest number of days ending at least a day before the parent.
    const [sign] = signRequests(issuing, asked);
    expect(sign).toMatchObject({ CertificateAuthorityArn: issuing.arn, ValidityType: 'DAYS' });
    const askedEnd = daysAfter(at, sign.ValidityValue);
    expect(askedEnd.getTime()).toBeLessThanOrEqual(parentEnd.getTime() - DAY);
    expect(daysAfter(at, sign.ValidityValue + 1).getTime()).toBeGreaterThan(parentEnd.getTime() - DAY);
    expect(askedEnd.getTime()).toBeGreaterThanOrEqual(installedEnd.getTime() + DAY);
    expect(sign.ValidityValue).toBe(159);
    // The authority audited the signing of the issuing CA.
    expect(logLines().filter((l) => l.audit === true && l.message === 'CA Certificate Signed' && l.caName === 'issuing')).toHaveLength(2);

    expect(await recordOf(issuing)).toMatchObject({
      SerialNumber: serialOf(renewed), ResourceSerialNumber: serialOf(issuing.original), Capped: true,
    });
    const [renewedEvent, cappedEvent, ...more] = renewalEvents(issuing);
    expect(more).toEqual([]);
    expect(renewedEvent).toMatchObject({ detailType: CA_RENEWAL_DETAIL_TYPES.renewed, detail: { renewed: true, capped: true } });
    expect(cappedEvent).toMatchObject({
      account: ISSUING.env.account,
      detailType: CA_RENEWAL_DETAIL_TYPES.capped,
      detail: {
        caName: 'issuing',
        renewed: true,
        capped: true,
        serialNumber: serialOf(renewed),
        previousNotAfter: installedEnd.toISOString(),
        parentCertificateAuthorityArn: intermediate.arn,
        reason: expect.stringContaining(`before the parent CA's (${parentEnd.toISOString()})`),
      },
    });
    expect(cappedEvent.detail.reason).toContain('renew the parent CA\'s certificate');
    expect(metricsOf(ISSUING)).toMatchObject({ [CA_RENEWAL_METRICS.renewed]: 1, [CA_RENEWAL_METRICS.capped]: 1, [CA_RENEWAL_METRICS.failed]: 0 });
  });

  test('5b. Blocked: when the parent ends so soon that no renewal would gain a day, nothing is issued, and a capped event says why', async () => {
    const { intermediate, issuing } = await deploy();
    // moto's intermediate ends within seconds of the issuing CA. 20 days before the end (too close to wait for the
    // parent), the renewal could only end a day before the intermediate: earlier than the installed certificate.
    const installedEnd = notAfterOf(issuing.original);
    const parentEnd = notAfterOf(intermediate.original);
    const at = new Date(installedEnd.getTime() - 20 * DAY);
    expect(daysAfter(at, ISSUING.validityDays).getTime()).toBeGreaterThan(parentEnd.getTime() - DAY);
    expect(parentEnd.getTime() - DAY).toBeLessThan(installedEnd.getTime() + DAY);
    const asked = served.length;
    const issued = pcaCalls.length;

    const summary = await renewalRun(ISSUING, at);

    const outcome = outcomeOf(summary, issuing);
    expect(outcome).toMatchObject({ result: 'blocked', capped: true, notAfter: installedEnd.toISOString() });
    expect(outcome.reason).toContain(`the parent CA ${intermediate.arn} ends on ${parentEnd.toISOString()}`);
    expect(signRequests(issuing, asked)).toEqual([]);
    expect(issuedBy(intermediate.arn, issued)).toBe(0);
    expect(serialOf(await installed(ISSUING.env, issuing.arn))).toBe(serialOf(issuing.original));
    expect(await recordOf(issuing)).toBeUndefined();
    expect(renewalEvents(issuing)).toEqual([{
      account: ISSUING.env.account,
      region: ISSUING.env.region,
      source: CA_RENEWAL_EVENT_SOURCE,
      detailType: CA_RENEWAL_DETAIL_TYPES.capped,
      detail: {
        hierarchyName: HIERARCHY,
        caName: 'issuing',
        certificateAuthorityArn: issuing.arn,
        stackName: ISSUING.stackName,
        renewed: false,
        capped: true,
        previousNotAfter: installedEnd.toISOString(),
        reason: outcome.reason,
      },
    }]);
    expect(metricsOf(ISSUING)).toMatchObject({ [CA_RENEWAL_METRICS.renewed]: 0, [CA_RENEWAL_METRICS.capped]: 1, [CA_RENEWAL_METRICS.failed]: 0 });
  });

  test('6a. Waiting: while the intermediate is due and not renewed, the issuing CA with more than 30 days left waits for it', async () => {
    const { intermediate, issuing } = await deploy();
    // 60 days before the issuing CA's end, both are due (66 and 100 days before their ends, which moto makes the same).
    const at = new Date(notAfterOf(issuing.original).getTime() - 60 * DAY);
    expect(notAfterOf(intermediate.original).getTime() - at.getTime()).toBeLessThanOrEqual(INTERMEDIATE.renewBeforeDays * DAY);
    const asked = served.length;

    const summary = await renewalRun(ISSUING, at);

    expect(outcomeOf(summary, issuing)).toEqual({
      caName: 'issuing', certificateAuthorityArn: issuing.arn, result: 'waiting', notAfter: notAfterOf(issuing.original).toISOString(),
    });
    expect(signRequests(issuing, asked)).toEqual([]);
    expect(serialOf(await installed(ISSUING.env, issuing.arn))).toBe(serialOf(issuing.original));
    expect(renewalEvents(issuing)).toEqual([]);
    expect(await recordOf(issuing)).toBeUndefined();
  });

  test('6b. Top-down: the intermediate\'s stack renews it first, then the issuing CA renews without being capped', async () => {
    const h = await deploy();
    const { intermediate, issuing } = h;
    // A time when the intermediate's declared 300 days still fit before the root (20 days to spare), and two stand-ins
    // that end soon after it (as certificates issued long before would): the intermediate in 70 days (due: 100), the
    // issuing CA in 50 days (due: 66; more than 30 days left, so it waits for its due parent).
    const at = new Date(notAfterOf(h.root).getTime() - 320 * DAY);
    await installStandIn(intermediate, new Date(at.getTime() + 70 * DAY));
    const issuingEnd = notAfterOf(await installStandIn(issuing, new Date(at.getTime() + 50 * DAY)));
    expect(daysAfter(at, INTERMEDIATE.validityDays).getTime()).toBeLessThanOrEqual(notAfterOf(h.root).getTime() - DAY);

    const first = await renewalRun(ISSUING, at);
    expect(outcomeOf(first, issuing)).toMatchObject({ result: 'waiting', notAfter: issuingEnd.toISOString() });

    const asked = served.length;
    const parentRun = await renewalRun(INTERMEDIATE, at);
    const intermediateRenewed = await installed(INTERMEDIATE.env, intermediate.arn);
    expect(outcomeOf(parentRun, intermediate)).toEqual({
      caName: 'intermediate', certificateAuthorityArn: intermediate.arn, result: 'renewed', capped: false, notAfter: notAfterOf(intermediateRenewed).toISOString(),
    });
    expect(signRequests(intermediate, asked)).toEqual([expect.objectContaining({ ValidityType: 'DAYS', ValidityValue: INTERMEDIATE.validityDays })]);
    expectIssuedBy(intermediateRenewed, h.root);

    const second = await renewalRun(ISSUING, at);

    const issuingRenewed = await installed(ISSUING.env, issuing.arn);
    expect(outcomeOf(second, issuing)).toEqual({
      caName: 'issuing', certificateAuthorityArn: issuing.arn, result: 'renewed', capped: false, notAfter: notAfterOf(issuingRenewed).toISOString(),
    });
    expect(signRequests(issuing, asked)).toEqual([expect.objectContaining({ ValidityType: 'DAYS', ValidityValue: ISSUING.validityDays })]);
    expectIssuedBy(issuingRenewed, intermediateRenewed);
    expect(await recordOf(issuing)).toMatchObject({ Capped: false, SerialNumber: serialOf(issuingRenewed) });
    expect(renewalEvents(issuing).map((e) => e.detailType)).toEqual([CA_RENEWAL_DETAIL_TYPES.renewed]);
    expect(renewalEvents(intermediate).map((e) => [e.account, e.detailType])).toEqual([[INTERMEDIATE.env.account, CA_RENEWAL_DETAIL_TYPES.renewed]]);
  });

  test('7. Delete after a renewal (RevokeOnDelete, DESTROY): both certificates are revoked at the parent, the CA disabled then deleted, the record removed', async () => {
    const { h, renewed } = await renewedIssuingCa();
    const { issuing, intermediate } = h;
    const record = (await recordOf(issuing))!;
    const asked = served.length;
    const calls = pcaCalls.length;

    const deleted = await sendToSigningResource(ISSUING, issuing.props, { RequestType: 'Delete', PhysicalResourceId: issuing.created.PhysicalResourceId });

    expect(deleted).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: issuing.created.PhysicalResourceId });
    // Revoked through the intermediate's authority: the renewal and the resource's own certificate.
    expect(served.slice(asked).filter((s) => s.request.Action === 'Revoke').map((s) => s.request)).toEqual([
      { Action: 'Revoke', CertificateAuthorityArn: issuing.arn, CertificateArn: record.CertificateArn, RevocationReason: 'CESSATION_OF_OPERATION' },
      { Action: 'Revoke', CertificateAuthorityArn: issuing.arn, CertificateArn: issuing.created.Data!.CertificateArn, RevocationReason: 'CESSATION_OF_OPERATION' },
    ]);
    const cas = (await moto.state('acmpca')).CertificateAuthority as Array<{ arn: string; revoked_certificates: Record<string, { revocation_reason: string }> }>;
    expect(cas.find((ca) => ca.arn === intermediate.arn)!.revoked_certificates).toEqual({
      [serialOf(renewed)]: expect.objectContaining({ revocation_reason: 'CESSATION_OF_OPERATION' }),
      [serialOf(issuing.original)]: expect.objectContaining({ revocation_reason: 'CESSATION_OF_OPERATION' }),
    });
    expect(logLines().filter((l) => l.audit === true && l.message === 'CA Certificate Revoked').map((l) => l.serialNumber))
      .toEqual([serialOf(renewed), serialOf(issuing.original)]);
    // Disabled, then deleted with its restoration period.
    const retired = pcaCalls.slice(calls).filter((c) => c.input.CertificateAuthorityArn === issuing.arn
      && [UpdateCertificateAuthorityCommand.name, DeleteCertificateAuthorityCommand.name].includes(c.name));
    expect(retired).toEqual([
      { name: UpdateCertificateAuthorityCommand.name, input: expect.objectContaining({ Status: 'DISABLED' }) },
      { name: DeleteCertificateAuthorityCommand.name, input: expect.objectContaining({ PermanentDeletionTimeInDays: 7 }) },
    ]);
    expect(await statusOf(ISSUING.env, issuing.arn)).toBe('DELETED');
    expect(await recordOf(issuing)).toBeUndefined();
  });
});
