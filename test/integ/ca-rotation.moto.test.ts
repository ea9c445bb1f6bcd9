/**
 * Key rotation by CA replacement, and the retirement of the replaced generation (lambda/ca-signer/subordinate.ts,
 * root.ts, retirement.ts), against moto_server with the shipped handlers only:
 * - an issuing CA of generation 1, signed by a root in the same stack (the handler's own credentials), issues a leaf;
 *   generation 2 replaces it: CloudFormation's Update of the signing resource signs the new CA (a new physical id),
 *   and its cleanup Delete of the old physical id schedules the old generation's retirement instead of retiring it;
 *   the stack's daily run then disables it (its certificate revoked at the root) once RetireAfter has come, and
 *   CA_RETIREMENT_DISABLED_DAYS later deletes it with its restoration period;
 * - a root of generation 1 replaced by generation 2: the cleanup Delete of its Custom::PkiRootCaLifecycle keeps it
 *   ACTIVE, and the daily run retires it in the same two steps.
 * Every request goes through aws-cdk-lib's provider framework (test/support/provider-framework.ts), as CloudFormation
 * would send it. Time moves forward only through the handlers' `clock` option.
 *
 * What moto cannot do, and how the test deals with it (../shared/EMULATOR.md):
 * - moto has no CloudFormation stack of this name: DescribeStacks and DescribeStackResource are answered here, as
 *   CloudFormation answers them during the cleanup of an update (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS; the resource's
 *   physical id is the new one). Every other call is moto's.
 * - Every certificate lasts 365 days from the moment moto issues it: the issuing CA asks for DAYS (fewer than the
 *   root's year), and the retirement ends by RetireAfterDays (well before the CA's own certificate).
 * - moto's DeleteCertificateAuthority sets the status DELETED and keeps no PermanentDeletionTimeInDays: the request
 *   is read from a pass-through spy on ACMPCAClient.prototype.send.
 * - moto's GetCertificate tells a revoked certificate only for a serial revoked in its own spelling; revocations
 *   are read from moto's state (as test/integ/ca-lifecycle.moto.test.ts does).
 */
import { X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler, createRenewalHandler } from '../../lambda/ca-signer';
import type { RenewalSummary } from '../../lambda/ca-signer';
import {
  CA_RENEWAL_ACTION, CA_RETIREMENT_DETAIL_TYPES, CA_RETIREMENT_DISABLED_DAYS, CA_RETIREMENT_EVENT_SOURCE, caRetirementPath,
} from '../../src/private/contracts/ca-renewal';
import type { CaRetirementRecord } from '../../src/private/contracts/ca-renewal';
import {
  ROOT_CA_LIFECYCLE_RESOURCE_TYPE, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE,
} from '../../src/private/contracts/signing';
import type { DeclaredSubject, RootCaLifecycleProperties, SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials, MotoServer } from '../support/moto';
import { createCsr } from '../support/pki';
import { sendThroughProviderFramework } from '../support/provider-framework';
import type { RecordedResponse } from '../support/provider-framework';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const ENV = { account: '222222222222', region: 'eu-west-1' };
const STACK_NAME = 'Pki';
const STACK_ID = `arn:aws:cloudformation:${ENV.region}:${ENV.account}:stack/${STACK_NAME}/5b1e2f40-0c6a-11f0-9a3e-0a1b2c3d4e5f`;
const SIGNING_ID = 'IssuingCaCertificate8D3E7B05';
const ROOT_LIFECYCLE_ID = 'RootCaLifecycle4F2A9C1B';
const TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';
const END_ENTITY_TEMPLATE = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';
const ISSUING_SUBJECT: DeclaredSubject = { CommonName: 'Corp Issuing CA', Organization: 'Corp' };
const WAITER = { minDelay: 1, maxDelay: 1, maxWaitTime: 10 };
/** The stack status while CloudFormation deletes what an update replaced. */
const CLEANUP = 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS';

/** A CA as moto's state holds it. */
interface MotoCa {
  readonly arn: string;
  readonly status: string;
  readonly revoked_certificates: Record<string, { readonly revocation_reason: string }>;
}

/** One ACM PCA call a handler or the test made. */
interface PcaCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

describeWithMoto('key rotation by CA replacement, and the retirement of the replaced generation, against moto_server', 'ca-rotation', (moto: MotoServer) => {
  let credentials: AwsCredentials;
  /** The time every handler takes for now. */
  let clockTime: Date;
  /** The stack as CloudFormation holds it: its status, and the physical id of each custom resource. */
  let stackStatus: string;
  let physicalIds: Map<string, string>;
  let pcaCalls: PcaCall[];
  /** Detail-types of the retirement events the handlers put. */
  let retirementEvents: string[];

  const clock = () => clockTime;
  const options = () => ({ endpoint: moto.endpoint, credentials, region: ENV.region, waiter: WAITER, clock });
  const pca = () => new ACMPCAClient({ region: ENV.region, endpoint: moto.endpoint, credentials });
  const ssm = () => new SSMClient({ region: ENV.region, endpoint: moto.endpoint, credentials });

  beforeEach(async () => {
    credentials = await moto.credentialsOf(ENV.account);
    clockTime = new Date();
    stackStatus = 'UPDATE_IN_PROGRESS';
    physicalIds = new Map();
    pcaCalls = [];
    retirementEvents = [];

    // CloudFormation, as it answers during the update's cleanup (moto has no such stack).
    jest.spyOn(CloudFormationClient.prototype, 'send').mockImplementation(async (command: unknown) => {
      if (command instanceof DescribeStacksCommand) {
        expect(command.input.StackName).toBe(STACK_ID);
        return { Stacks: [{ StackId: STACK_ID, StackName: STACK_NAME, StackStatus: stackStatus, CreationTime: new Date(0) }] };
      }
      if (command instanceof DescribeStackResourceCommand) {
        expect(command.input.StackName).toBe(STACK_ID);
        const physicalId = physicalIds.get(command.input.LogicalResourceId!);
        if (physicalId === undefined) {
          throw Object.assign(new Error(`Resource ${command.input.LogicalResourceId} does not exist for stack ${STACK_NAME}`), { name: 'ValidationError' });
        }
        return { StackResourceDetail: { LogicalResourceId: command.input.LogicalResourceId, PhysicalResourceId: physicalId } };
      }
      throw new Error(`CloudFormation ${(command as object).constructor.name} is not answered by this test`);
    });

    const pcaSend = ACMPCAClient.prototype.send;
    jest.spyOn(ACMPCAClient.prototype, 'send').mockImplementation(function (this: ACMPCAClient, command: unknown, ...rest: unknown[]) {
      const c = command as { constructor: { name: string }; input: Record<string, unknown> };
      pcaCalls.push({ name: c.constructor.name, input: c.input });
      return (pcaSend as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof pcaSend);

    const eventsSend = EventBridgeClient.prototype.send;
    jest.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(function (this: EventBridgeClient, command: unknown, ...rest: unknown[]) {
      if (command instanceof PutEventsCommand) {
        for (const entry of command.input.Entries ?? []) {
          if (entry.Source === CA_RETIREMENT_EVENT_SOURCE) retirementEvents.push(entry.DetailType!);
        }
      }
      return (eventsSend as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof eventsSend);
  });

  // ---------------------------------------------------------------------------------------------------------------
  // moto, read directly

  async function statusOf(arn: string): Promise<string | undefined> {
    return (await pca().send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority?.Status;
  }

  /** The certificate a CA holds now, and its chain. */
  async function installed(arn: string): Promise<{ certificate: X509Certificate; chain: string }> {
    const out = await pca().send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
    return { certificate: new X509Certificate(out.Certificate!), chain: out.CertificateChain ?? '' };
  }

  /** Serials revoked at a CA, with their reasons (moto's state). */
  async function revokedAt(arn: string): Promise<Record<string, string>> {
    const cas = (await moto.state('acmpca')).CertificateAuthority as unknown as MotoCa[] ?? [];
    const ca = cas.find((c) => c.arn === arn);
    if (!ca) throw new Error(`moto has no CA ${arn}`);
    return Object.fromEntries(Object.entries(ca.revoked_certificates ?? {}).map(([serial, r]) => [serial, r.revocation_reason]));
  }

  /** The retirement records of the stack in SSM, by name. */
  async function retirementRecords(): Promise<Record<string, CaRetirementRecord>> {
    const out = await ssm().send(new GetParametersByPathCommand({ Path: caRetirementPath(STACK_NAME) }));
    return Object.fromEntries((out.Parameters ?? []).map((p) => [p.Name!, JSON.parse(p.Value!) as CaRetirementRecord]));
  }

  const recordNameOf = (caArn: string) => `${caRetirementPath(STACK_NAME)}/${caArn.split('/').pop()}`;
  const deletions = () => pcaCalls.filter((c) => c.name === 'DeleteCertificateAuthorityCommand').map((c) => c.input);
  const disablings = () => pcaCalls.filter((c) => c.name === 'UpdateCertificateAuthorityCommand').map((c) => c.input);
  const revocations = () => pcaCalls.filter((c) => c.name === 'RevokeCertificateCommand').map((c) => c.input);

  // ---------------------------------------------------------------------------------------------------------------
  // The stack's CAs, and CloudFormation's requests

  /** A root CA of moto, ACTIVE (self-signed with RootCACertificate/V1; moto makes it last a year). */
  async function createRoot(commonName: string): Promise<{ arn: string; certificate: X509Certificate }> {
    const { CertificateAuthorityArn } = await pca().send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: commonName, Organization: 'Corp' } },
    }));
    const pem = await activateRootCa(pca(), CertificateAuthorityArn!);
    return { arn: CertificateAuthorityArn!, certificate: new X509Certificate(pem) };
  }

  /** A generation of the issuing CA, as CloudFormation creates it (PENDING_CERTIFICATE), and its CSR. */
  async function createIssuingCa(): Promise<{ arn: string; csr: string }> {
    const { CertificateAuthorityArn } = await pca().send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: ISSUING_SUBJECT },
    }));
    const { Csr } = await pca().send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn }));
    return { arn: CertificateAuthorityArn!, csr: Csr! };
  }

  /** The properties CloudFormation sends the issuing CA's signing resource: a parent in the same stack, as IssuingCa writes them. */
  function signingProperties(ca: { arn: string; csr: string }, rootArn: string): SubordinateCertificateProperties {
    return {
      CertificateAuthorityArn: ca.arn,
      CertificateSigningRequest: ca.csr,
      Parent: { Region: ENV.region, CertificateAuthorityArn: rootArn },
      TemplateArn: TEMPLATE,
      // moto's root certificate lasts a year: the issuing CA's must end before.
      ValidityType: 'DAYS',
      ValidityValue: '300',
      RevokeOnDelete: 'true',
      RemovalPolicy: 'DESTROY',
      RestorationDays: '7',
      Subject: ISSUING_SUBJECT,
      KeyAlgorithm: 'RSA_2048',
      RetireAfterDays: '30',
    };
  }

  /**
   * One request of CloudFormation to a custom resource of the stack, through the provider framework to the shipped
   * handler; CloudFormation then records the physical id of a Create or Update as the resource's.
   */
  async function send(
    logicalId: string, resourceType: string, props: object,
    request: { RequestType: 'Create' } | { RequestType: 'Update'; PhysicalResourceId: string; OldResourceProperties: object }
    | { RequestType: 'Delete'; PhysicalResourceId: string },
  ): Promise<RecordedResponse> {
    const serviceToken = `arn:aws:lambda:${ENV.region}:${ENV.account}:function:${STACK_NAME}-CdkPkiSigningProvider`;
    const event = {
      ServiceToken: serviceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-euwest1.s3.eu-west-1.amazonaws.com/${logicalId}`,
      StackId: STACK_ID,
      RequestId: `${request.RequestType}-${logicalId}-${Math.random().toString(16).slice(2)}`,
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      ...request,
      ...('OldResourceProperties' in request ? { OldResourceProperties: { ServiceToken: serviceToken, ...request.OldResourceProperties } } : {}),
      ResourceProperties: { ServiceToken: serviceToken, ...props },
    } as CloudFormationCustomResourceEvent;
    const response = await sendThroughProviderFramework(event, createHandler(options()));
    expect({ Status: response.Status, Reason: response.Status === 'FAILED' ? response.Reason : undefined }).toEqual({ Status: 'SUCCESS' });
    if (request.RequestType !== 'Delete') physicalIds.set(logicalId, response.PhysicalResourceId);
    return response;
  }

  /** The stack's daily run (the schedule's invocation of the signing handler) at `date`. */
  async function dailyRun(date: Date): Promise<RenewalSummary> {
    clockTime = date;
    const summary = await createRenewalHandler(options())({ Action: CA_RENEWAL_ACTION, StackId: STACK_ID });
    expect(summary.Outcomes).toEqual([]);
    return summary;
  }

  test('issuing CA generation 2: the old generation keeps serving what it issued, and retires once that has expired (disabled, revoked, deleted)', async () => {
    const root = await createRoot('Corp Root CA');

    // Generation 1, signed by the root in the stack; it issues a leaf.
    const gen1 = await createIssuingCa();
    const props1 = signingProperties(gen1, root.arn);
    const created = await send(SIGNING_ID, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE, props1, { RequestType: 'Create' });
    expect(created.Data).toMatchObject({ CertificateAuthorityArn: gen1.arn, ParentCertificateAuthorityArn: root.arn });
    expect(await statusOf(gen1.arn)).toBe('ACTIVE');
    const gen1Certificate = (await installed(gen1.arn)).certificate;
    const gen1Serial = created.Data!.SerialNumber as string;
    const leafCsr = await createCsr({ commonName: 'service.corp.example' });
    const { CertificateArn: leafArn } = await pca().send(new IssueCertificateCommand({
      CertificateAuthorityArn: gen1.arn,
      Csr: Buffer.from(leafCsr.pem, 'utf8'),
      TemplateArn: END_ENTITY_TEMPLATE,
      SigningAlgorithm: 'SHA256WITHRSA',
      Validity: { Type: 'DAYS', Value: 30 },
    }));
    const issuedLeaf = await pca().send(new GetCertificateCommand({ CertificateAuthorityArn: gen1.arn, CertificateArn: leafArn }));
    const leaf = new X509Certificate(issuedLeaf.Certificate!);

    // The rotation: CloudFormation creates generation 2, updates the signing resource (a new physical id), then
    // deletes the old physical id with the old properties during the cleanup.
    const gen2 = await createIssuingCa();
    const props2 = signingProperties(gen2, root.arn);
    const replacedAt = clockTime;
    const updated = await send(SIGNING_ID, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE, props2, {
      RequestType: 'Update', PhysicalResourceId: created.PhysicalResourceId, OldResourceProperties: props1,
    });
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    expect(updated.Data).toMatchObject({ CertificateAuthorityArn: gen2.arn, ParentCertificateAuthorityArn: root.arn });
    stackStatus = CLEANUP;
    const cleanup = await send(SIGNING_ID, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE, props1, {
      RequestType: 'Delete', PhysicalResourceId: created.PhysicalResourceId,
    });
    expect(cleanup.PhysicalResourceId).toBe(created.PhysicalResourceId);
    stackStatus = 'UPDATE_COMPLETE';

    // Generation 2 is ACTIVE, with its own certificate from the root.
    expect(await statusOf(gen2.arn)).toBe('ACTIVE');
    const gen2Installed = await installed(gen2.arn);
    expect(gen2Installed.certificate.checkIssued(root.certificate)).toBe(true);
    expect(gen2Installed.certificate.verify(root.certificate.publicKey)).toBe(true);
    expect(gen2Installed.certificate.serialNumber).not.toBe(gen1Certificate.serialNumber);
    expect(new X509Certificate(gen2Installed.chain).fingerprint256).toBe(root.certificate.fingerprint256);
    // Generation 1 is still ACTIVE, holds its certificate, which is not revoked, and what it issued still verifies.
    expect(await statusOf(gen1.arn)).toBe('ACTIVE');
    expect((await installed(gen1.arn)).certificate.fingerprint256).toBe(gen1Certificate.fingerprint256);
    const gen1CertificateArn = created.Data!.CertificateArn as string;
    const atRoot = await pca().send(new GetCertificateCommand({ CertificateAuthorityArn: root.arn, CertificateArn: gen1CertificateArn }));
    expect(new X509Certificate(atRoot.Certificate!).fingerprint256).toBe(gen1Certificate.fingerprint256);
    expect(await revokedAt(root.arn)).toEqual({});
    expect(leaf.checkIssued(gen1Certificate)).toBe(true);
    expect(leaf.verify(gen1Certificate.publicKey)).toBe(true);
    expect(deletions()).toEqual([]);
    expect(disablings()).toEqual([]);
    expect(revocations()).toEqual([]);
    // The retirement record: RetireAfterDays after the replacement (the CA's own certificate ends later).
    const retireAfter = new Date(replacedAt.getTime() + 30 * DAY);
    expect(retireAfter.getTime()).toBeLessThan(new Date(gen1Certificate.validTo).getTime());
    const scheduled: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: gen1.arn,
      ReplacedAt: replacedAt.toISOString(),
      RetireAfter: retireAfter.toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 7,
      Revoke: { CertificateArns: [gen1CertificateArn], Parent: props1.Parent },
    };
    expect(await retirementRecords()).toEqual({ [recordNameOf(gen1.arn)]: scheduled });
    expect(retirementEvents).toEqual([CA_RETIREMENT_DETAIL_TYPES.scheduled]);

    // Before RetireAfter: nothing changes.
    for (const before of [new Date(replacedAt.getTime() + DAY), new Date(retireAfter.getTime() - 1000)]) {
      const waiting = await dailyRun(before);
      expect(waiting.Retirements).toEqual([{ certificateAuthorityArn: gen1.arn, result: 'waiting', retireAfter: retireAfter.toISOString() }]);
    }
    expect(await statusOf(gen1.arn)).toBe('ACTIVE');
    expect(await revokedAt(root.arn)).toEqual({});
    expect(await retirementRecords()).toEqual({ [recordNameOf(gen1.arn)]: scheduled });

    // At RetireAfter: its certificate is revoked at the root, and it is DISABLED; generation 2 is untouched.
    const disabled = await dailyRun(retireAfter);
    expect(disabled.Retirements).toEqual([{ certificateAuthorityArn: gen1.arn, result: 'disabled', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(gen1.arn)).toBe('DISABLED');
    expect(await revokedAt(root.arn)).toEqual({ [gen1Serial]: 'CESSATION_OF_OPERATION' });
    expect(revocations()).toEqual([expect.objectContaining({ CertificateAuthorityArn: root.arn, RevocationReason: 'CESSATION_OF_OPERATION' })]);
    expect(disablings()).toEqual([{ CertificateAuthorityArn: gen1.arn, Status: 'DISABLED' }]);
    expect(await statusOf(gen2.arn)).toBe('ACTIVE');
    expect((await installed(gen2.arn)).certificate.fingerprint256).toBe(gen2Installed.certificate.fingerprint256);
    expect(await retirementRecords()).toEqual({ [recordNameOf(gen1.arn)]: { ...scheduled, DisabledAt: retireAfter.toISOString() } });

    // Six days later: still DISABLED.
    const sixDays = await dailyRun(new Date(retireAfter.getTime() + (CA_RETIREMENT_DISABLED_DAYS - 1) * DAY));
    expect(sixDays.Retirements).toEqual([{ certificateAuthorityArn: gen1.arn, result: 'waiting', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(gen1.arn)).toBe('DISABLED');
    expect(deletions()).toEqual([]);

    // Seven days after it was disabled: deleted with its restoration period; the record is gone.
    const deleted = await dailyRun(new Date(retireAfter.getTime() + CA_RETIREMENT_DISABLED_DAYS * DAY));
    expect(deleted.Retirements).toEqual([{ certificateAuthorityArn: gen1.arn, result: 'deleted', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(gen1.arn)).toBe('DELETED');
    // moto keeps no restoration period: the request says it.
    expect(deletions()).toEqual([{ CertificateAuthorityArn: gen1.arn, PermanentDeletionTimeInDays: 7 }]);
    expect(await retirementRecords()).toEqual({});
    await expect(ssm().send(new GetParameterCommand({ Name: recordNameOf(gen1.arn) }))).rejects.toMatchObject({ name: 'ParameterNotFound' });
    expect(retirementEvents).toEqual([
      CA_RETIREMENT_DETAIL_TYPES.scheduled, CA_RETIREMENT_DETAIL_TYPES.disabled, CA_RETIREMENT_DETAIL_TYPES.deleted,
    ]);

    // Generation 2 and the root are untouched throughout; the next run has nothing to retire.
    expect(await statusOf(gen2.arn)).toBe('ACTIVE');
    expect(await statusOf(root.arn)).toBe('ACTIVE');
    expect(await revokedAt(root.arn)).toEqual({ [gen1Serial]: 'CESSATION_OF_OPERATION' });
    expect((await dailyRun(new Date(retireAfter.getTime() + 30 * DAY))).Retirements).toEqual([]);
    expect(deletions()).toHaveLength(1);
  });

  test('root generation 2: the old root stays ACTIVE after the lifecycle\'s cleanup Delete, then is disabled and deleted by the daily run', async () => {
    const root1 = await createRoot('Corp Root CA');
    const lifecycle = (arn: string): RootCaLifecycleProperties => ({
      CertificateAuthorityArn: arn, RemovalPolicy: 'DESTROY', RestorationDays: '7', RetireAfterDays: '60',
    });
    const created = await send(ROOT_LIFECYCLE_ID, ROOT_CA_LIFECYCLE_RESOURCE_TYPE, lifecycle(root1.arn), { RequestType: 'Create' });
    expect(created).toMatchObject({ PhysicalResourceId: root1.arn, Data: { CertificateAuthorityArn: root1.arn } });
    // What the old root signed before the rotation: a subordinate CA's certificate.
    const issuing = await createIssuingCa();
    const signed = await send(SIGNING_ID, SUBORDINATE_CERTIFICATE_RESOURCE_TYPE, signingProperties(issuing, root1.arn), { RequestType: 'Create' });
    const issuingCertificate = (await installed(issuing.arn)).certificate;
    expect(issuingCertificate.verify(root1.certificate.publicKey)).toBe(true);

    // The rotation: CloudFormation creates root generation 2, updates the lifecycle resource (its physical id is the
    // root's ARN), then deletes the old physical id with the old properties during the cleanup.
    const root2 = await createRoot('Corp Root CA G2');
    const replacedAt = clockTime;
    const updated = await send(ROOT_LIFECYCLE_ID, ROOT_CA_LIFECYCLE_RESOURCE_TYPE, lifecycle(root2.arn), {
      RequestType: 'Update', PhysicalResourceId: root1.arn, OldResourceProperties: lifecycle(root1.arn),
    });
    expect(updated).toMatchObject({ PhysicalResourceId: root2.arn, Data: { CertificateAuthorityArn: root2.arn } });
    stackStatus = CLEANUP;
    const cleanup = await send(ROOT_LIFECYCLE_ID, ROOT_CA_LIFECYCLE_RESOURCE_TYPE, lifecycle(root1.arn), {
      RequestType: 'Delete', PhysicalResourceId: root1.arn,
    });
    expect(cleanup.PhysicalResourceId).toBe(root1.arn);
    stackStatus = 'UPDATE_COMPLETE';

    // The old root is still ACTIVE with its certificate; what it signed still verifies and is not revoked.
    expect(await statusOf(root1.arn)).toBe('ACTIVE');
    expect((await installed(root1.arn)).certificate.fingerprint256).toBe(root1.certificate.fingerprint256);
    expect(await statusOf(root2.arn)).toBe('ACTIVE');
    expect((await installed(issuing.arn)).certificate.verify(root1.certificate.publicKey)).toBe(true);
    expect(await revokedAt(root1.arn)).toEqual({});
    expect(deletions()).toEqual([]);
    expect(disablings()).toEqual([]);
    const retireAfter = new Date(replacedAt.getTime() + 60 * DAY);
    const scheduled: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: root1.arn,
      ReplacedAt: replacedAt.toISOString(),
      RetireAfter: retireAfter.toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 7,
    };
    expect(await retirementRecords()).toEqual({ [recordNameOf(root1.arn)]: scheduled });

    // Before RetireAfter: nothing changes.
    const waiting = await dailyRun(new Date(retireAfter.getTime() - 1000));
    expect(waiting.Retirements).toEqual([{ certificateAuthorityArn: root1.arn, result: 'waiting', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(root1.arn)).toBe('ACTIVE');

    // At RetireAfter: DISABLED (a root revokes nothing of its own); the new root is untouched.
    const disabled = await dailyRun(retireAfter);
    expect(disabled.Retirements).toEqual([{ certificateAuthorityArn: root1.arn, result: 'disabled', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(root1.arn)).toBe('DISABLED');
    expect(await statusOf(root2.arn)).toBe('ACTIVE');
    expect(revocations()).toEqual([]);
    expect(await revokedAt(root1.arn)).toEqual({});
    expect(disablings()).toEqual([{ CertificateAuthorityArn: root1.arn, Status: 'DISABLED' }]);

    // Six days later: still DISABLED; seven: deleted with its restoration period, and the record is gone.
    expect((await dailyRun(new Date(retireAfter.getTime() + (CA_RETIREMENT_DISABLED_DAYS - 1) * DAY))).Retirements[0].result).toBe('waiting');
    expect(await statusOf(root1.arn)).toBe('DISABLED');
    expect(deletions()).toEqual([]);
    const deleted = await dailyRun(new Date(retireAfter.getTime() + CA_RETIREMENT_DISABLED_DAYS * DAY));
    expect(deleted.Retirements).toEqual([{ certificateAuthorityArn: root1.arn, result: 'deleted', retireAfter: retireAfter.toISOString() }]);
    expect(await statusOf(root1.arn)).toBe('DELETED');
    expect(deletions()).toEqual([{ CertificateAuthorityArn: root1.arn, PermanentDeletionTimeInDays: 7 }]);
    expect(await retirementRecords()).toEqual({});
    expect(await statusOf(root2.arn)).toBe('ACTIVE');
    // The issuing CA the old root signed is not the lifecycle's business: left as it is.
    expect(await statusOf(issuing.arn)).toBe('ACTIVE');
    expect(signed.Data).toMatchObject({ ParentCertificateAuthorityArn: root1.arn });
  });
});
