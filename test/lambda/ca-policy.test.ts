/**
 * The ca-policy handler with mocked AWS answers: Create, Update (same CA, another CA), Delete (with and without
 * a policy, of a deleted CA, after a failed create), access denied, refused policies; and, through a fake
 * HTTP handler so that the SDK's own retry middleware runs, throttling and ConcurrentModificationException.
 */
import {
  ACMPCAClient,
  ConcurrentModificationException,
  DeletePolicyCommand,
  DescribeCertificateAuthorityCommand,
  InvalidPolicyException,
  InvalidStateException,
  PutPolicyCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-acm-pca';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/ca-policy';
import type { CaPolicyProperties } from '../../src/private/contracts/sharing';
import { fakeAwsHttp, scripted } from '../support/fake-aws-http';
import type { FakeAnswer } from '../support/fake-aws-http';

const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const NEW_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/66666666-2222-4333-8444-555555555555';
const PHYSICAL_ID = `${CA_ARN}/resource-policy`;
const FAILED_CREATE_ID = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

const pca = mockClient(ACMPCAClient);
const options = { region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } };
const handler = createHandler(options);

function policy(caArn = CA_ARN, templates = ['EndEntityCertificate/V1']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Grant0AccountsIssue',
        Effect: 'Allow',
        Principal: { AWS: '333333333333' },
        Action: 'acm-pca:IssueCertificate',
        Resource: caArn,
        Condition: { StringEquals: { 'acm-pca:TemplateArn': templates.map((t) => `arn:aws:acm-pca:::template/${t}`) } },
      },
      { Sid: 'Grant0AccountsRead', Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: ['acm-pca:GetCertificate'], Resource: caArn },
    ],
  });
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
  RequestId: 'request-1',
  LogicalResourceId: 'Policy',
  ResourceType: 'Custom::PkiCaResourcePolicy',
};

function props(overrides: Partial<CaPolicyProperties> = {}): CaPolicyProperties {
  return { CertificateAuthorityArn: CA_ARN, Policy: policy(), ...overrides };
}

function createEvent(p = props()): CloudFormationCustomResourceEvent {
  return { ...common, RequestType: 'Create', ResourceProperties: { ServiceToken: common.ServiceToken, ...p } };
}

function updateEvent(p: CaPolicyProperties, old = props()): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    PhysicalResourceId: PHYSICAL_ID,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...p },
    OldResourceProperties: { ServiceToken: common.ServiceToken, ...old },
  };
}

function deleteEvent(physicalId = PHYSICAL_ID): CloudFormationCustomResourceEvent {
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: { ServiceToken: common.ServiceToken, ...props() } };
}

const awsError = <T extends Error>(E: new (args: { message: string; $metadata: object }) => T, message: string) =>
  new E({ message, $metadata: { requestId: 'req-1' } });

beforeEach(() => {
  pca.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Create', () => {
  test('writes the policy with PutPolicy and names the resource after the CA', async () => {
    pca.on(PutPolicyCommand).resolves({});
    const result = await handler(createEvent());
    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID, Data: { CertificateAuthorityArn: CA_ARN, StatementCount: '2' } });
    expect(pca.commandCalls(PutPolicyCommand).map((c) => c.args[0].input)).toEqual([{ ResourceArn: CA_ARN, Policy: policy() }]);
  });

  test('logs the CA and the statement count, never the policy', async () => {
    pca.on(PutPolicyCommand).resolves({});
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await handler(createEvent());
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.join('\n')).toContain(CA_ARN);
    expect(lines.join('\n')).not.toContain('acm-pca:TemplateArn');
  });

  test('refuses properties that are not a CA ARN and a policy', async () => {
    await expect(handler(createEvent({ CertificateAuthorityArn: 'arn:aws:acm:eu-west-1:222222222222:certificate/x', Policy: '' })))
      .rejects.toThrow("invalid properties of the CA resource policy: CertificateAuthorityArn 'arn:aws:acm:eu-west-1:222222222222:certificate/x' is not a CA ARN; Policy is missing");
    expect(pca.calls()).toHaveLength(0);
  });

  test('refuses a policy that is not JSON, has no statements, or names another resource', async () => {
    await expect(handler(createEvent(props({ Policy: '{' })))).rejects.toThrow(`the resource policy for CA ${CA_ARN} is not JSON`);
    await expect(handler(createEvent(props({ Policy: '{"Statement":[]}' })))).rejects.toThrow('has no statements');
    await expect(handler(createEvent(props({ Policy: policy(NEW_CA_ARN) }))))
      .rejects.toThrow(`the resource policy for CA ${CA_ARN} has 2 statement(s) for another resource (${NEW_CA_ARN}); a CA policy may name only its own CA`);
    expect(pca.calls()).toHaveLength(0);
  });

  test('refuses a policy longer than PutPolicy accepts', async () => {
    const templates = Array.from({ length: 3000 }, (_, i) => `EndEntityCertificate/V${i}`);
    await expect(handler(createEvent(props({ Policy: policy(CA_ARN, templates) })))).rejects.toThrow(/characters, more than PutPolicy's 81920/);
  });

  test('refuses a CA of another Region: a CA\'s policy is written where the CA is', async () => {
    const arn = CA_ARN.replace('eu-west-1', 'us-east-1');
    await expect(handler(createEvent(props({ CertificateAuthorityArn: arn, Policy: policy(arn) }))))
      .rejects.toThrow(`CA ${arn} is in us-east-1 but the handler runs in eu-west-1`);
  });

  test('access denied names the call, the CA and the permission to check', async () => {
    pca.on(PutPolicyCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException', $metadata: { requestId: 'req-9' } }));
    await expect(handler(createEvent())).rejects.toThrow(`access denied: PutPolicy on CA ${CA_ARN} (request id req-9): User is not authorized; `
      + `check that the handler's role allows acm-pca:PutPolicy on ${CA_ARN}`);
  });

  test('a policy AWS refuses says so', async () => {
    pca.on(PutPolicyCommand).rejects(awsError(InvalidPolicyException, 'The policy is invalid'));
    await expect(handler(createEvent())).rejects.toThrow(/InvalidPolicyException: The policy is invalid; AWS Private CA refused the policy/);
  });

  test('a CA that is not ACTIVE yet says so', async () => {
    pca.on(PutPolicyCommand).rejects(awsError(InvalidStateException, 'The certificate authority is not in a valid state'));
    await expect(handler(createEvent())).rejects.toThrow(/InvalidStateException: .*; the CA is not in a state that allows it \(is it ACTIVE\?\)/);
  });
});

describe('Update', () => {
  test('replaces the policy of the same CA and keeps the physical id', async () => {
    pca.on(PutPolicyCommand).resolves({});
    const newPolicy = policy(CA_ARN, ['EndEntityCertificate/V1', 'EndEntityServerAuthCertificate/V1']);
    const result = await handler(updateEvent(props({ Policy: newPolicy })));
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(pca.commandCalls(PutPolicyCommand)[0].args[0].input).toEqual({ ResourceArn: CA_ARN, Policy: newPolicy });
    expect(pca.commandCalls(DeletePolicyCommand)).toHaveLength(0);
  });

  test('a new CA gets the policy and a new physical id (CloudFormation then deletes the old CA\'s policy)', async () => {
    pca.on(PutPolicyCommand).resolves({});
    const result = await handler(updateEvent(props({ CertificateAuthorityArn: NEW_CA_ARN, Policy: policy(NEW_CA_ARN) })));
    expect(result.PhysicalResourceId).toBe(`${NEW_CA_ARN}/resource-policy`);
    expect(pca.commandCalls(PutPolicyCommand)[0].args[0].input.ResourceArn).toBe(NEW_CA_ARN);
    expect(pca.commandCalls(DeletePolicyCommand)).toHaveLength(0);
  });
});

describe('Delete', () => {
  test('deletes the policy of the CA named by the physical id', async () => {
    pca.on(DeletePolicyCommand).resolves({});
    expect(await handler(deleteEvent())).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(pca.commandCalls(DeletePolicyCommand).map((c) => c.args[0].input)).toEqual([{ ResourceArn: CA_ARN }]);
  });

  test('a CA without a policy, or gone, has nothing to delete', async () => {
    pca.on(DeletePolicyCommand).rejects(awsError(ResourceNotFoundException, 'not found'));
    await expect(handler(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
  });

  test('a deleted CA (InvalidStateException, status DELETED) takes its policy with it', async () => {
    pca.on(DeletePolicyCommand).rejects(awsError(InvalidStateException, 'invalid state'));
    pca.on(DescribeCertificateAuthorityCommand).resolves({ CertificateAuthority: { Arn: CA_ARN, Status: 'DELETED' } });
    await expect(handler(deleteEvent())).resolves.toEqual({ PhysicalResourceId: PHYSICAL_ID });
  });

  test('InvalidStateException of a CA that is not deleted fails the delete', async () => {
    pca.on(DeletePolicyCommand).rejects(awsError(InvalidStateException, 'invalid state'));
    pca.on(DescribeCertificateAuthorityCommand).resolves({ CertificateAuthority: { Arn: CA_ARN, Status: 'ACTIVE' } });
    await expect(handler(deleteEvent())).rejects.toThrow(`DeletePolicy on CA ${CA_ARN} failed (request id req-1): InvalidStateException`);
  });

  test('after a failed create there is nothing to delete, and no call is made', async () => {
    await expect(handler(deleteEvent(FAILED_CREATE_ID))).resolves.toEqual({ PhysicalResourceId: FAILED_CREATE_ID });
    expect(pca.calls()).toHaveLength(0);
  });

  test('access denied fails the delete with the permission to check', async () => {
    pca.on(DeletePolicyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: {} }));
    await expect(handler(deleteEvent())).rejects.toThrow(`check that the handler's role allows acm-pca:DeletePolicy on ${CA_ARN}`);
  });
});

test('the handler needs AWS_REGION', async () => {
  const saved = process.env.AWS_REGION;
  delete process.env.AWS_REGION;
  try {
    await expect(createHandler({})(createEvent())).rejects.toThrow('AWS_REGION is not set');
  } finally {
    if (saved !== undefined) process.env.AWS_REGION = saved;
  }
});

describe('retries by the SDK (fake HTTP, real retry middleware)', () => {
  const concurrent: FakeAnswer = { status: 400, body: { __type: 'ConcurrentModificationException', message: 'A previous update to your private CA is still ongoing' } };
  const throttled: FakeAnswer = { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } };
  const ok: FakeAnswer = { status: 200, body: {} };

  beforeEach(() => {
    pca.restore();
    // No backoff: the SDK's delay is random() * 2^attempt * base.
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });

  afterEach(() => {
    mockClient(ACMPCAClient);
  });

  test('ConcurrentModificationException (a RAM share writing the policy at the same time) is retried', async () => {
    const aws = fakeAwsHttp(scripted([concurrent, concurrent, ok]));
    const result = await createHandler({ ...options, requestHandler: aws.requestHandler })(createEvent());
    expect(result.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(aws.operations()).toEqual(['PutPolicy', 'PutPolicy', 'PutPolicy']);
  });

  test('throttling is retried', async () => {
    const aws = fakeAwsHttp(scripted([throttled, ok]));
    const result = await createHandler({ ...options, requestHandler: aws.requestHandler })(deleteEvent());
    expect(result).toEqual({ PhysicalResourceId: PHYSICAL_ID });
    expect(aws.operations()).toEqual(['DeletePolicy', 'DeletePolicy']);
  });

  test('a modification that outlasts the attempts fails with a message that says so', async () => {
    const aws = fakeAwsHttp(scripted([concurrent]));
    await expect(createHandler({ ...options, requestHandler: aws.requestHandler, maxAttempts: 3 })(createEvent()))
      .rejects.toThrow(new RegExp(`^PutPolicy on CA ${CA_ARN} failed \\(request id req-3\\): ConcurrentModificationException: A previous update .*; `
        + 'another change to the CA was still in progress after 3 attempts \\(an AWS RAM share writes the CA\'s policy too\\): retry the deployment'));
    expect(aws.calls).toHaveLength(3);
  });

  test('a refused policy is not retried', async () => {
    const aws = fakeAwsHttp(scripted([{ status: 400, body: { __type: 'InvalidPolicyException', message: 'bad' } }]));
    await expect(createHandler({ ...options, requestHandler: aws.requestHandler })(createEvent())).rejects.toThrow(/InvalidPolicyException/);
    expect(aws.calls).toHaveLength(1);
  });
});

// Keep the imported error class referenced for readers: it is what the SDK throws for the fake answers above.
void ConcurrentModificationException;
