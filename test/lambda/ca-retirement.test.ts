/**
 * The retirement of CA generations replaced on purpose (lambda/ca-signer/retirement.ts): the signing resource's and
 * the root lifecycle's Delete schedule it instead of retiring at once when the resource is still in the stack, and
 * the stack's daily run disables the CA once its issued certificates have expired, then deletes it (DESTROY) a week
 * later. Mocked clients, real certificates; the clock moved by the `clock` option.
 */
import { X509Certificate } from 'node:crypto';
import {
  ACMPCAClient, DeleteCertificateAuthorityCommand, DescribeCertificateAuthorityCommand, GetCertificateAuthorityCertificateCommand,
  GetCertificateCommand, RevokeCertificateCommand, UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteParameterCommand, GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient,
} from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler, createRenewalHandler } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import { CA_RETIREMENT_DISABLED_DAYS, caRetirementPath } from '../../src/private/contracts/ca-renewal';
import type { CaRetirementRecord } from '../../src/private/contracts/ca-renewal';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { DAY, ROOT_ARN, SUB_ARN, signedSubordinate, subordinateProps } from '../support/signer-fixtures';

const pca = mockClient(ACMPCAClient);
const ssm = mockClient(SSMClient);
const cfn = mockClient(CloudFormationClient);
const events = mockClient(EventBridgeClient);

const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc';
const RECORD_NAME = `${caRetirementPath('Issuing')}/22222222-2222-4222-8222-222222222222`;
const NOW = new Date('2027-03-01T00:00:00Z');
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
const at = (date: Date) => ({ region: 'eu-west-1', credentials, clock: () => date, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 10 } });

let csr: string;
let certificatePem: string;
let certificateArn: string;
let certificateEnd: Date;

beforeAll(async () => {
  ({ csr, certificatePem, certificateArn } = await signedSubordinate('EC'));
  certificateEnd = new Date(new X509Certificate(certificatePem).validTo);
});

beforeEach(() => {
  pca.reset();
  ssm.reset();
  cfn.reset();
  events.reset();
  pca.on(DescribeCertificateAuthorityCommand).resolves({ CertificateAuthority: { Status: 'ACTIVE' } });
  pca.on(GetCertificateAuthorityCertificateCommand).resolves({ Certificate: certificatePem });
  pca.on(GetCertificateCommand).resolves({ Certificate: certificatePem, CertificateChain: '' });
  ssm.on(GetParameterCommand).rejects(Object.assign(new Error('none'), { name: 'ParameterNotFound' }));
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Issuing', StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: NOW }] });
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
});

function props(overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return subordinateProps(csr, { RemovalPolicy: 'DESTROY', RestorationDays: '14', RetireAfterDays: '395', ...overrides });
}

function deleteEvent(p: SubordinateCertificateProperties): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Delete',
    RequestId: 'r',
    ServiceToken: 'x',
    ResponseURL: 'https://x',
    StackId: STACK_ID,
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
    PhysicalResourceId: signingPhysicalId(certificateArn, signingDigest(p, ROOT_ARN)),
    ResourceProperties: { ServiceToken: 'x', ...p },
  };
}

/** The stack still has the signing resource, with the new generation's certificate. */
function replacedInStack(): void {
  cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: `${ROOT_ARN}/certificate/abcdef#${'0'.repeat(32)}` } } as never);
}

function putRecords(): CaRetirementRecord[] {
  return ssm.commandCalls(PutParameterCommand).map((c) => JSON.parse(c.args[0].input.Value!) as CaRetirementRecord);
}

const detailTypes = () => events.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0].DetailType);

describe('a generation replaced on purpose is scheduled for retirement, not retired at once', () => {
  test('DESTROY: the CA stays ACTIVE, nothing is revoked or deleted, and the record says when it retires', async () => {
    replacedInStack();
    await createHandler(at(NOW))(deleteEvent(props({ RevokeOnDelete: 'true' })));
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(0);
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    const [record] = putRecords();
    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input.Name).toBe(RECORD_NAME);
    // 395 days after the replacement, or the CA certificate's own end if sooner.
    const byIssued = new Date(NOW.getTime() + 395 * DAY);
    expect(record).toMatchObject({
      CertificateAuthorityArn: SUB_ARN,
      ReplacedAt: NOW.toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 14,
      RetireAfter: (certificateEnd < byIssued ? certificateEnd : byIssued).toISOString(),
      Revoke: { CertificateArns: [certificateArn], Parent: { Region: 'us-east-1', CertificateAuthorityArn: ROOT_ARN } },
    });
    expect(detailTypes()).toEqual(['CA Retirement Scheduled']);
  });

  test('the retirement ends with the CA\'s own certificate when that comes first', async () => {
    replacedInStack();
    await createHandler(at(NOW))(deleteEvent(props({ RetireAfterDays: String(100 * 365) })));
    expect(putRecords()[0].RetireAfter).toBe(certificateEnd.toISOString());
  });

  test('RETAIN without revokeOnDelete keeps the CA as it is: no record', async () => {
    replacedInStack();
    await createHandler(at(NOW))(deleteEvent(props({ RemovalPolicy: 'RETAIN' })));
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('a CA that left the stack (the resource is gone) is retired at once, as before', async () => {
    const gone = new Error('Resource IssuingCaCertificate does not exist for stack Issuing');
    cfn.on(DescribeStackResourceCommand).rejects(Object.assign(gone, { name: 'ValidationError' }));
    await createHandler(at(NOW))(deleteEvent(props()));
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)[0].args[0].input)
      .toEqual({ CertificateAuthorityArn: SUB_ARN, PermanentDeletionTimeInDays: 14 });
  });

  test('a resource of an earlier version (no RetireAfterDays) is retired at once, as before', async () => {
    replacedInStack();
    await createHandler(at(NOW))(deleteEvent(props({ RetireAfterDays: undefined })));
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(1);
  });

  test('when CloudFormation cannot say whether the resource is still there, the CA is retired at once, as before', async () => {
    cfn.on(DescribeStackResourceCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await createHandler(at(NOW))(deleteEvent(props()));
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(1);
  });
});

describe('the daily run retires a scheduled generation in two steps', () => {
  const run = (date: Date) => createRenewalHandler(at(date))({ Action: 'RenewCaCertificates', StackId: STACK_ID });
  const retireAfter = new Date('2027-06-01T00:00:00Z');
  function withRecord(record: Partial<CaRetirementRecord> = {}): void {
    const value: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: SUB_ARN,
      ReplacedAt: NOW.toISOString(),
      RetireAfter: retireAfter.toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 14,
      ...record,
    };
    ssm.on(GetParametersByPathCommand, { Path: caRetirementPath('Issuing') }).resolves({ Parameters: [{ Name: RECORD_NAME, Value: JSON.stringify(value) }] });
  }

  test('before RetireAfter: nothing happens', async () => {
    withRecord();
    const out = await run(new Date(retireAfter.getTime() - DAY));
    expect(out.Retirements).toEqual([expect.objectContaining({ certificateAuthorityArn: SUB_ARN, result: 'waiting' })]);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('at RetireAfter: revokes what the record names, disables the CA, and records when', async () => {
    withRecord({ Revoke: { CertificateArns: [certificateArn], Parent: { Region: 'eu-west-1', CertificateAuthorityArn: ROOT_ARN.replace('us-east-1', 'eu-west-1') } } });
    const out = await run(retireAfter);
    expect(out.Retirements[0].result).toBe('disabled');
    expect(pca.commandCalls(RevokeCertificateCommand)[0].args[0].input).toMatchObject({ RevocationReason: 'CESSATION_OF_OPERATION' });
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)[0].args[0].input).toEqual({ CertificateAuthorityArn: SUB_ARN, Status: 'DISABLED' });
    expect(putRecords()).toEqual([expect.objectContaining({ DisabledAt: retireAfter.toISOString() })]);
    expect(detailTypes()).toEqual(['CA Disabled For Retirement']);
  });

  test('RETAIN: disabled, then left alone (the record goes)', async () => {
    withRecord({ RemovalPolicy: 'RETAIN' });
    const out = await run(retireAfter);
    expect(out.Retirements[0].result).toBe('kept-disabled');
    expect(ssm.commandCalls(DeleteParameterCommand)[0].args[0].input.Name).toBe(RECORD_NAME);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(0);
  });

  test(`${CA_RETIREMENT_DISABLED_DAYS} days after disabling: deleted with the restoration period, and the record goes`, async () => {
    const disabledAt = retireAfter;
    withRecord({ DisabledAt: disabledAt.toISOString() });
    pca.on(DescribeCertificateAuthorityCommand).resolves({ CertificateAuthority: { Status: 'DISABLED' } });
    expect((await run(new Date(disabledAt.getTime() + (CA_RETIREMENT_DISABLED_DAYS - 1) * DAY))).Retirements[0].result).toBe('waiting');
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(0);
    const out = await run(new Date(disabledAt.getTime() + CA_RETIREMENT_DISABLED_DAYS * DAY));
    expect(out.Retirements[0].result).toBe('deleted');
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)[0].args[0].input)
      .toEqual({ CertificateAuthorityArn: SUB_ARN, PermanentDeletionTimeInDays: 14 });
    expect(ssm.commandCalls(DeleteParameterCommand)[0].args[0].input.Name).toBe(RECORD_NAME);
    expect(detailTypes()).toEqual(['CA Deleted For Retirement']);
  });

  test('a CA someone enabled again while disabled for retirement is left ACTIVE, and its retirement dropped', async () => {
    withRecord({ DisabledAt: retireAfter.toISOString() });
    const out = await run(new Date(retireAfter.getTime() + 30 * DAY));
    expect(out.Retirements[0].result).toBe('enabled-again');
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('a CA that is gone: the record goes', async () => {
    withRecord();
    pca.on(DescribeCertificateAuthorityCommand).rejects(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }));
    expect((await run(retireAfter)).Retirements[0].result).toBe('gone');
    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(1);
  });

  test('a failed step is reported (event and metric) and does not stop the run', async () => {
    withRecord();
    pca.on(UpdateCertificateAuthorityCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const logs: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(line); });
    try {
      const out = await run(retireAfter);
      expect(out.Retirements[0]).toMatchObject({ result: 'failed', reason: expect.stringMatching(/UpdateCertificateAuthority/) });
    } finally {
      spy.mockRestore();
    }
    expect(detailTypes()).toEqual(['CA Retirement Failed']);
    const metrics = logs.map((l) => JSON.parse(l)).find((l) => l._aws);
    expect(metrics.CaRetirementStepsFailed).toBe(1);
  });
});

describe('a root replaced by a new generation', () => {
  const NEW_ROOT = ROOT_ARN.replace('11111111-1111-4111-8111-111111111111', '44444444-4444-4444-8444-444444444444');
  const rootDelete = (properties: Record<string, string>): CloudFormationCustomResourceEvent => ({
    RequestType: 'Delete',
    RequestId: 'r',
    ServiceToken: 'x',
    ResponseURL: 'https://x',
    StackId: STACK_ID.replace('eu-west-1', 'us-east-1'),
    LogicalResourceId: 'RootLifecycle',
    ResourceType: 'Custom::PkiRootCaLifecycle',
    PhysicalResourceId: ROOT_ARN,
    ResourceProperties: {
      ServiceToken: 'x', CertificateAuthorityArn: ROOT_ARN, RemovalPolicy: 'DESTROY', RestorationDays: '30', HierarchyName: 'corp', ...properties,
    },
  });

  test('keeps serving what it signed (its subordinates\' longest validity), then retires', async () => {
    cfn.on(DescribeStackResourceCommand).resolves({ StackResourceDetail: { PhysicalResourceId: NEW_ROOT } } as never);
    await createHandler({ ...at(NOW), region: 'us-east-1' })(rootDelete({ RetireAfterDays: '1827' }));
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(0);
    const puts = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    // Its certificate stays published for trust stores (both roots during the overlap), and the record says where.
    expect(puts[0]).toMatchObject({ Name: '/cdk-pki/corp/root/previous-certificate', Value: certificatePem, Overwrite: true });
    expect(JSON.parse(puts[1].Value!)).toMatchObject({
      CertificateAuthorityArn: ROOT_ARN, RemovalPolicy: 'DESTROY', RestorationDays: 30, PublishedParameter: '/cdk-pki/corp/root/previous-certificate',
    });
  });

  test('the published certificate of the replaced root goes when it is disabled', async () => {
    const record: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: ROOT_ARN,
      ReplacedAt: NOW.toISOString(),
      RetireAfter: NOW.toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 30,
      PublishedParameter: '/cdk-pki/corp/root/previous-certificate',
    };
    const rootStack = STACK_ID.replace('eu-west-1', 'us-east-1').replace('stack/Issuing', 'stack/Root');
    ssm.on(GetParametersByPathCommand, { Path: caRetirementPath('Root') })
      .resolves({ Parameters: [{ Name: `${caRetirementPath('Root')}/x`, Value: JSON.stringify(record) }] });
    const out = await createRenewalHandler({ ...at(NOW), region: 'us-east-1' })({ Action: 'RenewCaCertificates', StackId: rootStack });
    expect(out.Retirements[0].result).toBe('disabled');
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input.Name)).toEqual(['/cdk-pki/corp/root/previous-certificate']);
  });

  test('a root that left the stack is retired at once', async () => {
    const gone = new Error('Resource RootLifecycle does not exist for stack Root');
    cfn.on(DescribeStackResourceCommand).rejects(Object.assign(gone, { name: 'ValidationError' }));
    await createHandler({ ...at(NOW), region: 'us-east-1' })(rootDelete({ RetireAfterDays: '1827' }));
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand)).toHaveLength(1);
  });
});

describe('the stack is deleted while a replaced generation waits for its retirement', () => {
  test('it retires with the stack: revoked when asked, deleted with its restoration period (DESTROY), and its record goes', async () => {
    const OLD = SUB_ARN.replace('22222222-2222-4222-8222-222222222222', '55555555-5555-4555-8555-555555555555');
    const record: CaRetirementRecord = {
      Version: 1,
      CertificateAuthorityArn: OLD,
      ReplacedAt: NOW.toISOString(),
      RetireAfter: new Date(NOW.getTime() + 300 * DAY).toISOString(),
      RemovalPolicy: 'DESTROY',
      RestorationDays: 21,
      Revoke: { CertificateArns: [certificateArn], Parent: { Region: 'eu-west-1', CertificateAuthorityArn: ROOT_ARN } },
    };
    ssm.on(GetParametersByPathCommand, { Path: caRetirementPath('Issuing') })
      .resolves({ Parameters: [{ Name: `${caRetirementPath('Issuing')}/55555555-5555-4555-8555-555555555555`, Value: JSON.stringify(record) }] });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Issuing', StackStatus: 'DELETE_IN_PROGRESS', CreationTime: NOW }] });
    await createHandler(at(NOW))(deleteEvent(props({ RemovalPolicy: 'RETAIN' })));
    // The old generation: revoked, then deleted; the current one (RETAIN, no revokeOnDelete) is kept as it is.
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(1);
    expect(pca.commandCalls(DeleteCertificateAuthorityCommand).map((c) => c.args[0].input))
      .toEqual([{ CertificateAuthorityArn: OLD, PermanentDeletionTimeInDays: 21 }]);
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input.Name))
      .toEqual([`${caRetirementPath('Issuing')}/55555555-5555-4555-8555-555555555555`]);
  });
});
