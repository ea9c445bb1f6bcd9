/**
 * The ca-signer with a parent reached through its signing authority (Parent.AuthorityFunctionArn): it assumes
 * the invoker role in the parent's account, invokes the subordinate's alias of the authority with the
 * contract's requests, and installs what the authority signed; and the check of a same-stack subordinate's
 * CSR against what the app declared (Subject, KeyAlgorithm). Real keys, CSRs and certificates; AWS mocked.
 */
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
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import type {
  AuthorityCertificateResponse, AuthorityDescribeResponse, AuthorityRequest, AuthorityRevokeResponse,
} from '../../src/private/contracts/authority';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { createRootCa, randomSerial, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';
import { AUTHORITY_ARN, DAY, INVOKER_ROLE_ARN, ROOT_ARN, SUB_ARN, signedSubordinate, subordinateProps } from '../support/signer-fixtures';

const pca = mockClient(ACMPCAClient);
const sts = mockClient(STSClient);
const cfn = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
// No renewal records: the CA holds the resource's own certificates.
const ssm = mockClient(SSMClient);

const OWN_CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const handler = createHandler({ region: 'eu-west-1', credentials: OWN_CREDENTIALS, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 60 } });

const AUTHORITY_PARENT = { Region: 'us-east-1', AuthorityFunctionArn: AUTHORITY_ARN, InvokerRoleArn: INVOKER_ROLE_ARN };
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc';
const LOGICAL_ID = 'IssuingCaCertificate';
const REFUSAL = 'signing authority of corp: refused Sign for issuing: the CSR of CA '
  + `${SUB_ARN} does not match the declaration: subject CommonName: declared "Issuing CA", the CSR has "Test Issuing CA". `
  + 'Make the CA and its declaration in the parent\'s app agree. Nothing was issued.';

let root: CaMaterial;
let csr: string;
let serial: string;
let certificatePem: string;
let certificateArn: string;

beforeAll(async () => {
  ({ root, csr, serial, certificatePem, certificateArn } = await signedSubordinate('EC'));
});

/** Properties of the subordinate signed through the authority. */
function props(overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return subordinateProps(csr, { Parent: AUTHORITY_PARENT, ...overrides });
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: STACK_ID,
  LogicalResourceId: LOGICAL_ID,
  ResourceType: 'Custom::PkiSubordinateCaCertificate',
};

function signedId(p: SubordinateCertificateProperties = props()): string {
  return signingPhysicalId(certificateArn, signingDigest(p, ROOT_ARN));
}

function createEvent(p: SubordinateCertificateProperties): CloudFormationCustomResourceEvent {
  return { ...common, RequestType: 'Create', RequestId: 'request-1', ResourceProperties: { ServiceToken: common.ServiceToken, ...p } };
}

function updateEvent(p: SubordinateCertificateProperties, old: SubordinateCertificateProperties = p): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    RequestId: 'request-2',
    PhysicalResourceId: signedId(old),
    ResourceProperties: { ServiceToken: common.ServiceToken, ...p },
    OldResourceProperties: { ServiceToken: common.ServiceToken, ...old },
  };
}

function deleteEvent(p: SubordinateCertificateProperties): CloudFormationCustomResourceEvent {
  return {
    ...common, RequestType: 'Delete', RequestId: 'request-3', PhysicalResourceId: signedId(p), ResourceProperties: { ServiceToken: common.ServiceToken, ...p },
  };
}

/** What the authority answers, per action: a JSON answer, or the Lambda runtime's error of a refusal. */
type Answer = { readonly payload: unknown; readonly functionError?: string };
let answers: Record<AuthorityRequest['Action'], (request: AuthorityRequest) => Answer>;

function refusal(errorMessage: string): Answer {
  return { functionError: 'Unhandled', payload: { errorType: 'Error', errorMessage, trace: ['Error: ...'] } };
}

const describeAnswer = (overrides: Partial<AuthorityDescribeResponse> = {}): Answer => ({
  payload: {
    ParentCertificateAuthorityArn: ROOT_ARN,
    Status: 'ACTIVE',
    NotAfter: new Date(Date.now() + 3650 * DAY).toISOString(),
    SigningAlgorithm: 'SHA256WITHRSA',
    ...overrides,
  } satisfies AuthorityDescribeResponse,
});

const certificateAnswer = (overrides: Partial<AuthorityCertificateResponse> = {}): Answer => ({
  payload: {
    ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: certificateArn, Certificate: certificatePem, CertificateChain: root.pem, ...overrides,
  } satisfies AuthorityCertificateResponse,
});

const revokeAnswer = (revoked: boolean): Answer => ({
  payload: { ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: certificateArn, Revoked: revoked } satisfies AuthorityRevokeResponse,
});

/** The request an Invoke carries (the signer sends the payload as bytes). */
function parsePayload(input: InvokeCommandInput): AuthorityRequest {
  return JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as AuthorityRequest;
}

/** The requests the authority received, in order. */
function invoked(): AuthorityRequest[] {
  return lambda.commandCalls(InvokeCommand).map((call) => parsePayload(call.args[0].input));
}

function subordinateHolds(pem: string | undefined, status = 'ACTIVE') {
  pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: SUB_ARN })
    .resolves({ CertificateAuthority: { Arn: SUB_ARN, Status: status as never } });
  if (pem) {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: SUB_ARN })
      .resolves({ Certificate: pem, CertificateChain: root.pem });
  }
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 403, requestId: 'req-abc' } });
}

async function clientOf(call: { thisValue: unknown }): Promise<{ region: string; accessKeyId: string; sessionToken?: string }> {
  const config = (call.thisValue as LambdaClient).config;
  const credentials = await config.credentials();
  return { region: await config.region(), accessKeyId: credentials.accessKeyId, sessionToken: credentials.sessionToken };
}

beforeEach(() => {
  pca.reset();
  sts.reset();
  cfn.reset();
  lambda.reset();
  ssm.reset();
  ssm.on(GetParameterCommand).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: SUB_ARN }).resolves({ Csr: csr });
  subordinateHolds(undefined, 'PENDING_CERTIFICATE');
  pca.on(ImportCertificateAuthorityCertificateCommand).resolves({});
  pca.on(UpdateCertificateAuthorityCommand).resolves({});
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'Issuing', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: new Date() }],
  });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAINVOKER', SecretAccessKey: 'invoker-secret', SessionToken: 'invoker-token', Expiration: new Date(Date.now() + 900_000) },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:cdk-pki-signer', Arn: `${INVOKER_ROLE_ARN}/cdk-pki-signer` },
  });
  answers = {
    Describe: () => describeAnswer(),
    Sign: () => certificateAnswer(),
    Get: () => certificateAnswer(),
    Revoke: () => revokeAnswer(true),
  };
  lambda.on(InvokeCommand).callsFake((input: InvokeCommandInput) => {
    const request = parsePayload(input);
    const answer = answers[request.Action](request);
    return { StatusCode: 200, FunctionError: answer.functionError, Payload: new TextEncoder().encode(JSON.stringify(answer.payload)) };
  });
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('a parent reached through its signing authority', () => {
  test('Create assumes the invoker role, asks the alias to describe and sign, and installs what it signed', async () => {
    const p = props();

    const result = await handler(createEvent(p));

    expect(result).toEqual({
      PhysicalResourceId: signedId(p),
      Data: {
        CertificateArn: certificateArn,
        SerialNumber: serial.match(/../g)!.join(':'),
        NotAfter: new Date(new X509Certificate(certificatePem).validTo).toISOString(),
        ParentCertificateAuthorityArn: ROOT_ARN,
        CertificateAuthorityArn: SUB_ARN,
      },
    });

    const assumes = sts.commandCalls(AssumeRoleCommand);
    expect(assumes).toHaveLength(1);
    expect(assumes[0].args[0].input).toMatchObject({ RoleArn: INVOKER_ROLE_ARN, RoleSessionName: 'cdk-pki-signer' });

    const digest = signingDigest(p, ROOT_ARN);
    expect(invoked()).toEqual([
      { Action: 'Describe' },
      {
        Action: 'Sign',
        CertificateAuthorityArn: SUB_ARN,
        ValidityType: 'YEARS',
        ValidityValue: 3,
        IdempotencySeed: JSON.stringify([STACK_ID, LOGICAL_ID, SUB_ARN, digest, 'none']),
      },
    ]);
    for (const call of lambda.commandCalls(InvokeCommand)) {
      expect(call.args[0].input).toMatchObject({ FunctionName: AUTHORITY_ARN, InvocationType: 'RequestResponse' });
      // In the authority's Region (the alias ARN's), with the invoker role's session.
      expect(await clientOf(call)).toEqual({ region: 'us-east-1', accessKeyId: 'ASIAINVOKER', sessionToken: 'invoker-token' });
    }

    // Nothing is asked of the parent CA itself.
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN })).toHaveLength(0);

    const imports = pca.commandCalls(ImportCertificateAuthorityCertificateCommand);
    expect(imports).toHaveLength(1);
    expect(imports[0].args[0].input.CertificateAuthorityArn).toBe(SUB_ARN);
    expect(Buffer.from(imports[0].args[0].input.Certificate!).toString('utf8')).toBe(certificatePem);
    expect(Buffer.from(imports[0].args[0].input.CertificateChain!).toString('utf8')).toBe(root.pem);
    expect(await clientOf(imports[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN', sessionToken: undefined });
  });

  test('the seed names the certificate the CA holds: a CA re-signed asks with its serial', async () => {
    subordinateHolds(certificatePem);
    const p = props({ ValidityValue: '2' });

    await handler(updateEvent(p, props()));

    const sign = invoked().find((r) => r.Action === 'Sign');
    const held = new X509Certificate(certificatePem).serialNumber;
    const seed = JSON.stringify([STACK_ID, LOGICAL_ID, SUB_ARN, signingDigest(p, ROOT_ARN), held]);
    expect(sign).toMatchObject({ ValidityValue: 2, IdempotencySeed: seed });
  });

  test('surfaces the authority\'s refusal as its own message, and installs nothing', async () => {
    answers.Sign = () => refusal(REFUSAL);

    await expect(handler(createEvent(props()))).rejects.toThrow(new Error(REFUSAL));
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('names the authority in an error that does not (a Lambda timeout)', async () => {
    answers.Describe = () => refusal('2024-05-01T10:00:00.000Z abc Task timed out after 60.00 seconds');

    await expect(handler(createEvent(props()))).rejects.toThrow(
      new Error('parent\'s signing authority: 2024-05-01T10:00:00.000Z abc Task timed out after 60.00 seconds'));
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
  });

  test('checks its validity against the parent\'s end before asking to sign', async () => {
    answers.Describe = () => describeAnswer({ NotAfter: new Date(Date.now() + 400 * DAY).toISOString() });

    await expect(handler(createEvent(props()))).rejects.toThrow(`after parent CA ${ROOT_ARN} expires on`);
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
  });

  test('does not ask a parent that is not ACTIVE to sign', async () => {
    answers.Describe = () => describeAnswer({ Status: 'DISABLED' });

    await expect(handler(createEvent(props()))).rejects.toThrow(`parent CA ${ROOT_ARN} is DISABLED, not ACTIVE: it cannot sign`);
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
  });

  test('refuses to install a certificate whose chain does not verify', async () => {
    const other = await createRootCa({ commonName: 'Other Root' });
    answers.Sign = () => certificateAnswer({ CertificateChain: other.pem });

    await expect(handler(createEvent(props()))).rejects.toThrow(
      `refusing to install certificate ${certificateArn} from parent CA ${ROOT_ARN} into ${SUB_ARN}: its chain does not verify`);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('refuses a certificate that is not one of the described parent', async () => {
    const foreign = `arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/44444444-4444-4444-8444-444444444444/certificate/${serial}`;
    answers.Sign = () => certificateAnswer({ CertificateArn: foreign });

    await expect(handler(createEvent(props()))).rejects.toThrow(`answered with certificate '${foreign}', which is not one of parent CA ${ROOT_ARN}`);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('says which role and alias when the invocation is denied', async () => {
    lambda.on(InvokeCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform lambda:InvokeFunction'));

    await expect(handler(createEvent(props()))).rejects.toThrow(
      `access denied: Invoke (Describe) on the parent's signing authority ${AUTHORITY_ARN} through invoker role ${INVOKER_ROLE_ARN}`);
  });

  test('says which role when the invoker role cannot be assumed', async () => {
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized to perform sts:AssumeRole'));

    await expect(handler(createEvent(props()))).rejects.toThrow(`cannot assume invoker role ${INVOKER_ROLE_ARN}`);
    expect(lambda.calls()).toHaveLength(0);
  });

  test('Update with nothing changed only asks the authority for the parent\'s ARN, and keeps the certificate', async () => {
    subordinateHolds(certificatePem);

    const result = await handler(updateEvent(props()));

    expect(result.PhysicalResourceId).toBe(signedId());
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('the upgrade from the signer role to the authority (Parent changes, nothing the certificate contains) keeps the certificate', async () => {
    subordinateHolds(certificatePem);
    const legacy = props({
      Parent: { Region: 'us-east-1', ArnParameterName: '/cdk-pki/corp/root/certificate-authority-arn', RoleArn: 'arn:aws:iam::111111111111:role/cdk-pki-signer-corp-root' },
    });

    const result = await handler(updateEvent(props(), legacy));

    expect(result.PhysicalResourceId).toBe(signedId(legacy));
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('Update installs again, from the authority, the certificate the resource records when the CA holds another', async () => {
    subordinateHolds(await signCsrAsCa(csr, root, { serialNumber: randomSerial() }));

    await handler(updateEvent(props()));

    expect(invoked().filter((r) => r.Action === 'Get')[0]).toEqual({ Action: 'Get', CertificateAuthorityArn: SUB_ARN, CertificateArn: certificateArn });
    const imports = pca.commandCalls(ImportCertificateAuthorityCertificateCommand);
    expect(imports).toHaveLength(1);
    expect(Buffer.from(imports[0].args[0].input.Certificate!).toString('utf8')).toBe(certificatePem);
  });

  test('Delete with RevokeOnDelete revokes through the authority, then disables the CA (RETAIN)', async () => {
    subordinateHolds(certificatePem);

    await handler(deleteEvent(props({ RevokeOnDelete: 'true' })));

    // Describe first: the authority revokes only what the parent it signs with now issued.
    expect(invoked()).toEqual([
      { Action: 'Describe' },
      { Action: 'Revoke', CertificateAuthorityArn: SUB_ARN, CertificateArn: certificateArn, RevocationReason: 'CESSATION_OF_OPERATION' },
    ]);
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)[0].args[0].input).toEqual({ CertificateAuthorityArn: SUB_ARN, Status: 'DISABLED' });
  });

  test('a certificate the authority says was revoked already (Revoked false) counts as revoked', async () => {
    subordinateHolds(certificatePem);
    answers.Revoke = () => revokeAnswer(false);

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).resolves.toEqual({ PhysicalResourceId: signedId() });
    expect(invoked().map((r) => r.Action)).toEqual(['Describe', 'Revoke']);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(1);
  });

  test('a refused revocation fails the Delete with the authority\'s message and leaves the CA as it is', async () => {
    subordinateHolds(certificatePem);
    const message = 'signing authority of corp: refused Revoke for issuing: the parent\'s app does not let issuing revoke: '
      + 'set revokeOnDelete on the subordinate / declaration. Nothing was revoked.';
    answers.Revoke = () => refusal(message);

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).rejects.toThrow(new Error(message));
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('a certificate of an earlier parent (a root replaced on purpose) is not asked to be revoked: the authority revokes only its own', async () => {
    subordinateHolds(certificatePem);
    const NEW_ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/55555555-5555-4555-8555-555555555555';
    answers.Describe = () => describeAnswer({ ParentCertificateAuthorityArn: NEW_ROOT_ARN });

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).resolves.toEqual({ PhysicalResourceId: signedId() });
    expect(invoked()).toEqual([{ Action: 'Describe' }]);
    // Not revoked: RETAIN keeps the CA as it is.
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('Delete without RevokeOnDelete asks the authority nothing', async () => {
    subordinateHolds(certificatePem);

    await handler(deleteEvent(props()));

    expect(lambda.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('properties', () => {
  test('a parent with the authority needs neither its ARN nor its parameter, but its invoker role', async () => {
    await expect(handler(createEvent(props({ Parent: { Region: 'us-east-1', AuthorityFunctionArn: AUTHORITY_ARN } })))).rejects.toThrow(
      `invalid properties of ${SUB_ARN}: Parent.InvokerRoleArn is missing`);
    await expect(handler(createEvent(props({ Parent: { ...AUTHORITY_PARENT, AuthorityFunctionArn: 'cdk-pki-authority' } })))).rejects.toThrow(
      'Parent.AuthorityFunctionArn \'cdk-pki-authority\' is not the ARN of a Lambda function\'s alias');
    await expect(handler(createEvent(props({ Parent: { Region: 'us-east-1' } })))).rejects.toThrow(
      'Parent needs AuthorityFunctionArn, CertificateAuthorityArn or ArnParameterName');
    expect(lambda.calls()).toHaveLength(0);
    expect(pca.calls()).toHaveLength(0);
  });
});

describe('a parent in the same stack checks the CSR against what the app declared', () => {
  const DECLARED = { Subject: { CommonName: 'Test Issuing CA', Organization: 'cdk-pki tests' }, KeyAlgorithm: 'EC_prime256v1' };
  const sameStack = (overrides: Partial<SubordinateCertificateProperties> = {}) =>
    props({ Parent: { Region: 'us-east-1', CertificateAuthorityArn: ROOT_ARN }, ...DECLARED, ...overrides });

  beforeEach(() => {
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves({
      CertificateAuthority: {
        Arn: ROOT_ARN,
        Status: 'ACTIVE',
        NotAfter: new Date(Date.now() + 3650 * DAY),
        CertificateAuthorityConfiguration: {
          KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Test Root CA' },
        },
      },
    });
    pca.on(IssueCertificateCommand).resolves({ CertificateArn: certificateArn });
    pca.on(GetCertificateCommand).resolves({ Certificate: certificatePem, CertificateChain: root.pem });
  });

  test('signs the CSR that has the declared subject and key algorithm', async () => {
    const result = await handler(createEvent(sameStack()));

    expect(result.PhysicalResourceId).toBe(signedId(sameStack()));
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(1);
    expect(lambda.calls()).toHaveLength(0);
  });

  test('refuses a CSR with another subject, in one line that lists the differences, and issues nothing', async () => {
    const p = sameStack({ Subject: { CommonName: 'Issuing CA', Organization: 'cdk-pki tests', Country: 'DE' } });

    await expect(handler(createEvent(p))).rejects.toThrow(new Error(`refusing to sign subordinate CA ${SUB_ARN}: its CSR does not match what the `
      + 'app declared: subject CommonName: declared "Issuing CA", the CSR has "Test Issuing CA"; subject Country: declared "DE", the CSR has none; '
      + 'nothing was issued'));
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('refuses a CSR whose key is of another algorithm', async () => {
    await expect(handler(createEvent(sameStack({ KeyAlgorithm: 'EC_secp384r1' })))).rejects.toThrow(
      'its CSR does not match what the app declared: key algorithm: declared EC_secp384r1, the CSR has EC_prime256v1; nothing was issued');
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('resources without a declaration (older versions) are signed unchecked', async () => {
    await handler(createEvent(sameStack({ Subject: undefined, KeyAlgorithm: undefined })));

    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
  });
});
