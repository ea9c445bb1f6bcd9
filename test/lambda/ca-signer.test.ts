import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  RequestAlreadyProcessedException,
  RequestInProgressException,
  ResourceNotFoundException,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AsnConvert } from '@peculiar/asn1-schema';
import { NameConstraints } from '@peculiar/asn1-x509';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/ca-signer';
import { signingDigest, signingPhysicalId } from '../../lambda/ca-signer/digest';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { onFakeClock } from '../support/fake-aws-http';
import { createCsr, createRootCa, randomSerial, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';
import { DAY, NEW_SUB_ARN, PARAMETER, ROLE_ARN, ROOT_ARN, SUB_ARN, TEMPLATE, signedSubordinate, subordinateProps } from '../support/signer-fixtures';


const pca = mockClient(ACMPCAClient);
const sts = mockClient(STSClient);
const ssm = mockClient(SSMClient);
const cfn = mockClient(CloudFormationClient);

const OWN_CREDENTIALS = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const handler = createHandler({ region: 'eu-west-1', credentials: OWN_CREDENTIALS, waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 60 } });

let root: CaMaterial;
let csr: string;
let serial: string;
let certificatePem: string;
let certificateArn: string;

beforeAll(async () => {
  ({ root, csr, serial, certificatePem, certificateArn } = await signedSubordinate('EC'));
});

function props(overrides: Partial<SubordinateCertificateProperties> = {}): SubordinateCertificateProperties {
  return subordinateProps(csr, overrides);
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
  LogicalResourceId: 'IssuingCaCertificate',
  ResourceType: 'Custom::PkiSubordinateCaCertificate',
};

/** The physical id of a certificate signed for `p`: its ARN and the digest of what it contains. */
function signedId(p: SubordinateCertificateProperties = props(), arn = certificateArn, parentArn = ROOT_ARN): string {
  return signingPhysicalId(arn, signingDigest(p, parentArn));
}

function createEvent(p: SubordinateCertificateProperties, requestId = 'request-1'): CloudFormationCustomResourceEvent {
  return { ...common, RequestType: 'Create', RequestId: requestId, ResourceProperties: { ServiceToken: common.ServiceToken, ...p } };
}

function updateEvent(
  p: SubordinateCertificateProperties, old: SubordinateCertificateProperties, physicalId = signedId(old),
): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    RequestId: 'request-2',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: common.ServiceToken, ...p },
    OldResourceProperties: { ServiceToken: common.ServiceToken, ...old },
  };
}

function deleteEvent(p: SubordinateCertificateProperties, physicalId = signedId(p)): CloudFormationCustomResourceEvent {
  return {
    ...common, RequestType: 'Delete', RequestId: 'request-3', PhysicalResourceId: physicalId, ResourceProperties: { ServiceToken: common.ServiceToken, ...p },
  };
}

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-abc', ...extra } });
}

function parentCa(overrides: Record<string, unknown> = {}) {
  return {
    CertificateAuthority: {
      Arn: ROOT_ARN,
      Type: 'ROOT' as const,
      Status: 'ACTIVE' as const,
      NotAfter: new Date(Date.now() + 3650 * DAY),
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048' as const, SigningAlgorithm: 'SHA256WITHRSA' as const, Subject: { CommonName: 'Test Root CA' } },
      ...overrides,
    },
  };
}

/** Runs `fn` with Jest's fake clock, advancing it a second at a time so the waiter's polls need no real time. */
function withFakeClock<T>(fn: () => Promise<T>): Promise<T> {
  return onFakeClock(fn, { stepMs: 1000, maxSteps: 600 });
}

/** The subordinate CA as DescribeCertificateAuthority and GetCertificateAuthorityCertificate show it. */
function subordinateHolds(pem: string | undefined, status = 'ACTIVE', arn = SUB_ARN) {
  pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: arn })
    .resolves({ CertificateAuthority: { Arn: arn, Status: status as never } });
  if (pem) {
    pca.on(GetCertificateAuthorityCertificateCommand, { CertificateAuthorityArn: arn }).resolves({ Certificate: pem, CertificateChain: root.pem });
  }
}

beforeEach(() => {
  pca.reset();
  sts.reset();
  ssm.reset();
  cfn.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves(parentCa());
  // A new subordinate CA: its CSR is the one in the properties, and it holds no certificate yet.
  pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: SUB_ARN }).resolves({ Csr: csr });
  subordinateHolds(undefined, 'PENDING_CERTIFICATE');
  // A deployment that goes forward: a Delete comes in the cleanup after an update.
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [{ StackName: 'Issuing', StackId: common.StackId, StackStatus: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', CreationTime: new Date() }],
  });
  pca.on(IssueCertificateCommand).resolves({ CertificateArn: certificateArn });
  pca.on(GetCertificateCommand).resolves({ Certificate: certificatePem, CertificateChain: root.pem });
  pca.on(ImportCertificateAuthorityCertificateCommand).resolves({});
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAPARENT', SecretAccessKey: 'parent-secret', SessionToken: 'parent-token', Expiration: new Date(Date.now() + 900_000) },
    AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLE:cdk-pki-signer', Arn: `${ROLE_ARN}/cdk-pki-signer` },
  });
  ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Name: PARAMETER, Value: ROOT_ARN } });
});

afterEach(() => {
  jest.restoreAllMocks();
});

async function clientOf(call: { thisValue: unknown }): Promise<{ region: string; accessKeyId: string }> {
  const config = (call.thisValue as ACMPCAClient).config;
  return { region: await config.region(), accessKeyId: (await config.credentials()).accessKeyId };
}

describe('Create', () => {
  test('signs with a same-account parent ARN, verifies the chain and installs it', async () => {
    const result = await handler(createEvent(props()));

    expect(result).toEqual({
      PhysicalResourceId: signedId(),
      Data: {
        CertificateArn: certificateArn,
        SerialNumber: serial.match(/../g)!.join(':'),
        NotAfter: new Date(new X509Certificate(certificatePem).validTo).toISOString(),
        ParentCertificateAuthorityArn: ROOT_ARN,
        CertificateAuthorityArn: SUB_ARN,
      },
    });
    expect(JSON.stringify(result)).not.toContain('BEGIN');

    const issues = pca.commandCalls(IssueCertificateCommand);
    expect(issues).toHaveLength(1);
    const input = issues[0].args[0].input;
    expect(Buffer.from(input.Csr!).toString('utf8')).toBe(csr);
    expect(input).toMatchObject({
      CertificateAuthorityArn: ROOT_ARN,
      TemplateArn: TEMPLATE,
      Validity: { Type: 'YEARS', Value: 3 },
      SigningAlgorithm: 'SHA256WITHRSA',
    });
    expect(input.IdempotencyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(input.ApiPassthrough).toBeUndefined();
    expect(pca.commandCalls(GetCertificateCommand)).toHaveLength(1);
    expect(sts.calls()).toHaveLength(0);
    expect(ssm.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);

    const imports = pca.commandCalls(ImportCertificateAuthorityCertificateCommand);
    expect(imports).toHaveLength(1);
    const imported = imports[0].args[0].input;
    expect(imported.CertificateAuthorityArn).toBe(SUB_ARN);
    const installed = new X509Certificate(Buffer.from(imported.Certificate!).toString('utf8'));
    const chain = new X509Certificate(Buffer.from(imported.CertificateChain!).toString('utf8'));
    expect(installed.checkIssued(chain)).toBe(true);
    expect(installed.verify(chain.publicKey)).toBe(true);
    expect(chain.fingerprint256).toBe(new X509Certificate(root.pem).fingerprint256);
    expect(await clientOf(imports[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });
  });

  test('returns as physical id the certificate ARN, a # and the 32 hex digest of what the certificate contains', async () => {
    const result = await handler(createEvent(props()));

    expect(result.PhysicalResourceId).toMatch(new RegExp(`^${certificateArn}#[0-9a-f]{32}$`));
    expect(result.PhysicalResourceId).toBe(signingPhysicalId(certificateArn, signingDigest(props(), ROOT_ARN)));
  });

  test('reads the CA\'s current CSR with the signer\'s own credentials before any call to the parent', async () => {
    await handler(createEvent(props({ Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, CertificateAuthorityArn: ROOT_ARN } })));

    const reads = pca.commandCalls(GetCertificateAuthorityCsrCommand);
    expect(reads.map((c) => c.args[0].input)).toEqual([{ CertificateAuthorityArn: SUB_ARN }]);
    expect(await clientOf(reads[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });
    expect(reads[0].calledBefore(sts.commandCalls(AssumeRoleCommand)[0])).toBe(true);
  });

  test('accepts the CA\'s CSR when only its PEM layout differs from the one in the properties', async () => {
    pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: SUB_ARN }).resolves({ Csr: csr.trim().replace(/\n/g, '\r\n') });

    await handler(createEvent(props()));

    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
  });

  test('reaches the parent through the signer role and reads its ARN from SSM in the parent\'s Region', async () => {
    const p = props({ Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, ArnParameterName: PARAMETER } });

    const result = await handler(createEvent(p));

    expect(result.Data?.ParentCertificateAuthorityArn).toBe(ROOT_ARN);
    const assumes = sts.commandCalls(AssumeRoleCommand);
    expect(assumes).toHaveLength(1);
    expect(assumes[0].args[0].input).toMatchObject({ RoleArn: ROLE_ARN, RoleSessionName: 'cdk-pki-signer' });
    expect(assumes[0].args[0].input.DurationSeconds).toBeLessThanOrEqual(3600);
    expect(await clientOf(assumes[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });

    const parameterRead = ssm.commandCalls(GetParameterCommand);
    expect(parameterRead).toHaveLength(1);
    expect(await clientOf(parameterRead[0])).toEqual({ region: 'us-east-1', accessKeyId: 'ASIAPARENT' });
    const parentCalls = [
      ...pca.commandCalls(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }),
      ...pca.commandCalls(IssueCertificateCommand),
      ...pca.commandCalls(GetCertificateCommand),
    ];
    for (const call of parentCalls) {
      expect(await clientOf(call)).toEqual({ region: 'us-east-1', accessKeyId: 'ASIAPARENT' });
    }
    const sessionToken = await (pca.commandCalls(IssueCertificateCommand)[0].thisValue as ACMPCAClient).config.credentials();
    expect(sessionToken.sessionToken).toBe('parent-token');
    expect(await clientOf(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });
    const subordinateReads = [
      ...pca.commandCalls(GetCertificateAuthorityCsrCommand),
      ...pca.commandCalls(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: SUB_ARN }),
    ];
    expect(subordinateReads).toHaveLength(2);
    for (const call of subordinateReads) {
      expect(await clientOf(call)).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });
    }
  });

  test('a retried Create sends the same idempotency token, whatever its RequestId', async () => {
    await handler(createEvent(props(), 'request-1'));
    await handler(createEvent(props(), 'request-1'));
    await handler(createEvent(props(), 'request-9'));

    const tokens = pca.commandCalls(IssueCertificateCommand).map((c) => c.args[0].input.IdempotencyToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
  });

  test('a Create for a CA that holds another certificate sends another idempotency token', async () => {
    await handler(createEvent(props()));
    subordinateHolds(await signCsrAsCa(csr, root));
    await handler(createEvent(props()));

    const tokens = pca.commandCalls(IssueCertificateCommand).map((c) => c.args[0].input.IdempotencyToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  test('a Create for a certificate with other contents sends another idempotency token', async () => {
    await handler(createEvent(props()));
    await handler(createEvent(props({ ValidityValue: '2' })));

    const tokens = pca.commandCalls(IssueCertificateCommand).map((c) => c.args[0].input.IdempotencyToken);
    expect(tokens[1]).not.toBe(tokens[0]);
  });

  test('the idempotency token is the sha256 of stack, logical id, CA, digest and the serial the CA holds, cut to 32 characters', async () => {
    const held = await signCsrAsCa(csr, root);
    subordinateHolds(held);

    await handler(createEvent(props()));

    const heldSerial = new X509Certificate(held).serialNumber;
    const expected = createHash('sha256')
      .update(JSON.stringify([common.StackId, common.LogicalResourceId, SUB_ARN, signingDigest(props(), ROOT_ARN), heldSerial]))
      .digest('hex').slice(0, 32);
    expect(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.IdempotencyToken).toBe(expected);
  });

  test('the idempotency token of a CA that holds no certificate names none', async () => {
    await handler(createEvent(props()));

    const expected = createHash('sha256')
      .update(JSON.stringify([common.StackId, common.LogicalResourceId, SUB_ARN, signingDigest(props(), ROOT_ARN), 'none']))
      .digest('hex').slice(0, 32);
    expect(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.IdempotencyToken).toBe(expected);
  });

  test('uses the SigningAlgorithm property over the parent\'s own', async () => {
    await handler(createEvent(props({ SigningAlgorithm: 'SHA512WITHRSA' })));

    expect(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.SigningAlgorithm).toBe('SHA512WITHRSA');
  });

  test('polls GetCertificate while the certificate is in progress, then installs it', async () => {
    pca.on(GetCertificateCommand)
      .rejectsOnce(new RequestInProgressException({ message: 'in progress', $metadata: {} }))
      .rejectsOnce(new RequestInProgressException({ message: 'in progress', $metadata: {} }))
      .rejectsOnce(new RequestInProgressException({ message: 'in progress', $metadata: {} }))
      .resolves({ Certificate: certificatePem, CertificateChain: root.pem });

    const result = await withFakeClock(() => handler(createEvent(props())));

    expect(result.PhysicalResourceId).toBe(signedId());
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
    expect(pca.commandCalls(GetCertificateCommand)).toHaveLength(4);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(1);
  });

  test('fails with a timeout message when the certificate is never issued', async () => {
    pca.on(GetCertificateCommand).rejects(new RequestInProgressException({ message: 'in progress', $metadata: {} }));

    await expect(withFakeClock(() => handler(createEvent(props())))).rejects.toThrow(
      `certificate ${certificateArn} from parent CA ${ROOT_ARN} was not issued within 60 s`);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('the timeout message says to retry the deployment, which asks for the same certificate', async () => {
    pca.on(GetCertificateCommand).rejects(new RequestInProgressException({ message: 'in progress', $metadata: {} }));

    const result = withFakeClock(() => handler(createEvent(props())));

    await expect(result).rejects.toThrow('retry the deployment');
    await expect(result).rejects.toThrow('same idempotency token, made from what the certificate contains');
  });

  test('sends name constraints as a critical 2.5.29.30 extension whose DER decodes to the same names', async () => {
    const nameConstraints = {
      PermittedDnsNames: ['example.com', '.corp.example.com'],
      ExcludedDnsNames: ['legacy.example.com'],
      PermittedIpRanges: ['10.0.0.0/8', '192.168.16.0/20', 'fd00:abcd::/32'],
      ExcludedIpRanges: ['10.66.0.0/16', '2001:db8::/126'],
      PermittedEmailAddresses: ['.example.com', 'pki@example.com'],
      PermittedUriDomains: ['.example.com'],
    };

    await handler(createEvent(props({ TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0_APIPassthrough/V1', NameConstraints: nameConstraints })));

    const extensions = pca.commandCalls(IssueCertificateCommand)[0].args[0].input.ApiPassthrough?.Extensions?.CustomExtensions;
    expect(extensions).toHaveLength(1);
    expect(extensions![0]).toMatchObject({ ObjectIdentifier: '2.5.29.30', Critical: true });
    const der = Buffer.from(extensions![0].Value!, 'base64');
    const parsed = AsnConvert.parse(der, NameConstraints);
    expect(parsed.permittedSubtrees!.map((s) => s.base)).toEqual([
      expect.objectContaining({ dNSName: 'example.com' }),
      expect.objectContaining({ dNSName: '.corp.example.com' }),
      expect.objectContaining({ iPAddress: '10.0.0.0/8' }),
      expect.objectContaining({ iPAddress: '192.168.16.0/20' }),
      expect.objectContaining({ iPAddress: 'fd00:abcd::/32' }),
      expect.objectContaining({ rfc822Name: '.example.com' }),
      expect.objectContaining({ rfc822Name: 'pki@example.com' }),
      expect.objectContaining({ uniformResourceIdentifier: '.example.com' }),
    ]);
    expect(parsed.excludedSubtrees!.map((s) => s.base)).toEqual([
      expect.objectContaining({ dNSName: 'legacy.example.com' }),
      expect.objectContaining({ iPAddress: '10.66.0.0/16' }),
      expect.objectContaining({ iPAddress: '2001:db8::/126' }),
    ]);
    // The raw iPAddress octets ([7] IMPLICIT OCTET STRING): address then mask, 8 octets for IPv4, 32 for IPv6.
    expect(der.includes(Buffer.from([0x87, 8, 192, 168, 16, 0, 255, 255, 240, 0]))).toBe(true);
    expect(der.includes(Buffer.from([0x87, 32, 0xfd, 0, 0xab, 0xcd, ...Array(12).fill(0), 255, 255, 255, 255, ...Array(12).fill(0)]))).toBe(true);
    expect(der.includes(Buffer.from([0x87, 32, 0x20, 0x01, 0x0d, 0xb8, ...Array(12).fill(0), ...Array(15).fill(255), 0xfc]))).toBe(true);
  });

  test('rejects invalid name constraints before any AWS call', async () => {
    await expect(handler(createEvent(props({ NameConstraints: { PermittedIpRanges: ['10.0.0.1/8'] } })))).rejects.toThrow(
      "invalid NameConstraints: '10.0.0.1/8' is not a valid IP range: host bits are set after /8");
    expect(pca.calls()).toHaveLength(0);
  });
});

describe('Create fails with a clear message', () => {
  test('when the CSR in the properties is not the CA\'s current CSR, without issuing anything', async () => {
    const otherCsr = (await createCsr({ family: 'EC' })).pem;
    pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: SUB_ARN }).resolves({ Csr: otherCsr });

    await expect(handler(createEvent(props()))).rejects.toThrow(
      `refusing to sign for subordinate CA ${SUB_ARN}: the CSR in the request is not the CA's current CSR`);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('when the CA\'s CSR cannot be read', async () => {
    pca.on(GetCertificateAuthorityCsrCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform acm-pca:GetCertificateAuthorityCsr'));

    await expect(handler(createEvent(props()))).rejects.toThrow(
      `access denied: GetCertificateAuthorityCsr on subordinate CA ${SUB_ARN} with the signer's own credentials (request id req-abc)`);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('when the signer role cannot be assumed', async () => {
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'User: arn:aws:sts::222222222222:assumed-role/x is not authorized to perform: sts:AssumeRole'));

    await expect(handler(createEvent(props({ Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, ArnParameterName: PARAMETER } })))).rejects.toThrow(
      new RegExp(`^cannot assume signer role ${ROLE_ARN}: User: .* not authorized .*; check that the root stack trusts account 222222222222`));
    // Only the subordinate's own CSR was read; nothing reached the parent.
    expect(pca.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetCertificateAuthorityCsrCommand']);
    expect(ssm.calls()).toHaveLength(0);
  });

  test('when IssueCertificate is denied', async () => {
    pca.on(IssueCertificateCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform acm-pca:IssueCertificate'));

    const result = handler(createEvent(props({ Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, CertificateAuthorityArn: ROOT_ARN } })));

    await expect(result).rejects.toThrow(`access denied: IssueCertificate on parent CA ${ROOT_ARN} through signer role ${ROLE_ARN} (request id req-abc)`);
    await expect(result).rejects.toThrow(`allows acm-pca:IssueCertificate with template ${TEMPLATE}`);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('when GetCertificate is denied, without polling until the waiter times out', async () => {
    pca.on(GetCertificateCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform acm-pca:GetCertificate'));

    await expect(withFakeClock(() => handler(createEvent(props()))))
      .rejects.toThrow(`access denied: GetCertificate on certificate ${certificateArn} of parent CA ${ROOT_ARN}`);
    expect(pca.commandCalls(GetCertificateCommand)).toHaveLength(1);
  });

  test('when throttling persists after the SDK\'s retries', async () => {
    pca.on(IssueCertificateCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', { attempts: 5 }));

    await expect(handler(createEvent(props()))).rejects.toThrow(
      `IssueCertificate on parent CA ${ROOT_ARN} was throttled after 5 attempts (request id req-abc): Rate exceeded`);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('when GetCertificate stays throttled, without polling on', async () => {
    pca.on(GetCertificateCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', { attempts: 5 }));

    await expect(withFakeClock(() => handler(createEvent(props())))).rejects.toThrow(/GetCertificate on certificate .* was throttled after 5 attempts/);
    expect(pca.commandCalls(GetCertificateCommand)).toHaveLength(1);
  });

  test('when the parent CA is not ACTIVE', async () => {
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves(parentCa({ Status: 'DISABLED' }));

    await expect(handler(createEvent(props()))).rejects.toThrow(`parent CA ${ROOT_ARN} is DISABLED, not ACTIVE`);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('when the validity would end after the parent\'s certificate', async () => {
    const parentEnd = new Date(Date.now() + 800 * DAY);
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves(parentCa({ NotAfter: parentEnd }));

    const result = handler(createEvent(props({ ValidityType: 'YEARS', ValidityValue: '5' })));

    await expect(result).rejects.toThrow(new RegExp(`^validity 5 YEARS would end on \\d{4}-.*Z, after parent CA ${ROOT_ARN} expires on ${parentEnd.toISOString()}`));
    await expect(result).rejects.toThrow('set the validity to at most 2 YEARS');
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('when the returned chain does not verify: nothing is installed', async () => {
    const impostor = await createRootCa({ commonName: 'Test Root CA' });
    pca.on(GetCertificateCommand).resolves({ Certificate: certificatePem, CertificateChain: impostor.pem });

    await expect(handler(createEvent(props()))).rejects.toThrow(
      new RegExp(`^refusing to install certificate ${certificateArn} from parent CA ${ROOT_ARN} into ${SUB_ARN}: its chain does not verify`));
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('when the certificate is signed by another key than the chain\'s', async () => {
    const impostor = await createRootCa({ commonName: 'Test Root CA' });
    const forged = await signCsrAsCa(csr, impostor);
    pca.on(GetCertificateCommand).resolves({ Certificate: forged, CertificateChain: root.pem });

    await expect(handler(createEvent(props()))).rejects.toThrow(/^refusing to install certificate .*: its chain does not verify/);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('when a property is invalid', async () => {
    await expect(handler(createEvent(props({ ValidityType: 'WEEKS', ValidityValue: '0' })))).rejects.toThrow(
      `invalid properties of ${SUB_ARN}: ValidityType 'WEEKS' is not one of YEARS, MONTHS, DAYS; ValidityValue '0' is not a positive integer`);
  });
});

describe('Update', () => {
  test('keeps the certificate when only RevokeOnDelete changed', async () => {
    subordinateHolds(certificatePem);

    const result = await handler(updateEvent(props({ RevokeOnDelete: 'true' }), props({ RevokeOnDelete: 'false' })));

    expect(result.PhysicalResourceId).toBe(signedId());
    expect(result.Data).toMatchObject({ CertificateArn: certificateArn, SerialNumber: serial.match(/../g)!.join(':'), ParentCertificateAuthorityArn: ROOT_ARN, CertificateAuthorityArn: SUB_ARN });
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
    expect(pca.commandCalls(ImportCertificateAuthorityCertificateCommand)).toHaveLength(0);
  });

  test('signs again when the validity changed', async () => {
    const newSerial = randomSerial();
    const newArn = `${ROOT_ARN}/certificate/${newSerial}`;
    const renewed = await signCsrAsCa(csr, root, { serialNumber: newSerial });
    pca.on(IssueCertificateCommand).resolves({ CertificateArn: newArn });
    pca.on(GetCertificateCommand, { CertificateArn: newArn }).resolves({ Certificate: renewed, CertificateChain: root.pem });
    subordinateHolds(certificatePem);

    const result = await handler(updateEvent(props({ ValidityValue: '2' }), props()));

    expect(result.PhysicalResourceId).toBe(signedId(props({ ValidityValue: '2' }), newArn));
    expect(result.PhysicalResourceId).not.toBe(signedId(props({ ValidityValue: '2' })));
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
    expect(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.Validity).toEqual({ Type: 'YEARS', Value: 2 });
    const imported = pca.commandCalls(ImportCertificateAuthorityCertificateCommand)[0].args[0].input;
    expect(imported.CertificateAuthorityArn).toBe(SUB_ARN);
    expect(Buffer.from(imported.Certificate!).toString('utf8')).toBe(renewed);
  });

  test('signs the new CSR into the new CA when the subordinate CA was replaced', async () => {
    const newCsr = (await createCsr()).pem;
    const newSerial = randomSerial();
    const newArn = `${ROOT_ARN}/certificate/${newSerial}`;
    const newCert = await signCsrAsCa(newCsr, root, { serialNumber: newSerial });
    pca.on(IssueCertificateCommand).resolves({ CertificateArn: newArn });
    pca.on(GetCertificateCommand, { CertificateArn: newArn }).resolves({ Certificate: newCert, CertificateChain: root.pem });
    pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: NEW_SUB_ARN }).resolves({ Csr: newCsr });
    subordinateHolds(undefined, 'PENDING_CERTIFICATE', NEW_SUB_ARN);
    const replaced = props({ CertificateAuthorityArn: NEW_SUB_ARN, CertificateSigningRequest: newCsr });

    const result = await handler(updateEvent(replaced, props()));

    expect(result.PhysicalResourceId).toBe(signedId(replaced, newArn));
    expect(Buffer.from(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.Csr!).toString('utf8')).toBe(newCsr);
    const imported = pca.commandCalls(ImportCertificateAuthorityCertificateCommand)[0].args[0].input;
    expect(imported.CertificateAuthorityArn).toBe(NEW_SUB_ARN);
    expect(new X509Certificate(Buffer.from(imported.Certificate!).toString('utf8')).serialNumber.toLowerCase()).toBe(newSerial);
  });
});

describe('Delete', () => {
  test('does nothing when the physical id is not a certificate ARN (a create that failed)', async () => {
    const physicalId = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' }), physicalId))).resolves.toEqual({ PhysicalResourceId: physicalId });
    expect(pca.calls()).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  test('revokes with reason CESSATION_OF_OPERATION and disables the CA that still holds this certificate', async () => {
    subordinateHolds(certificatePem);
    pca.on(RevokeCertificateCommand).resolves({});
    pca.on(UpdateCertificateAuthorityCommand).resolves({});

    const result = await handler(deleteEvent(props({ RevokeOnDelete: 'true', Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, CertificateAuthorityArn: ROOT_ARN } })));

    expect(result).toEqual({ PhysicalResourceId: signedId() });
    const revokes = pca.commandCalls(RevokeCertificateCommand);
    expect(revokes).toHaveLength(1);
    expect(revokes[0].args[0].input).toEqual({
      CertificateAuthorityArn: ROOT_ARN, CertificateSerial: serial.match(/../g)!.join(':'), RevocationReason: 'CESSATION_OF_OPERATION',
    });
    expect(await clientOf(revokes[0])).toEqual({ region: 'us-east-1', accessKeyId: 'ASIAPARENT' });
    const updates = pca.commandCalls(UpdateCertificateAuthorityCommand);
    expect(updates.map((c) => c.args[0].input)).toEqual([{ CertificateAuthorityArn: SUB_ARN, Status: 'DISABLED' }]);
    expect(await clientOf(updates[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'AKIDOWN' });
  });

  test('revokes with reason SUPERSEDED and leaves alone a CA that holds a newer certificate', async () => {
    subordinateHolds(await signCsrAsCa(csr, root));
    pca.on(RevokeCertificateCommand).resolves({});

    await handler(deleteEvent(props({ RevokeOnDelete: 'true' })));

    expect(pca.commandCalls(RevokeCertificateCommand)[0].args[0].input.RevocationReason).toBe('SUPERSEDED');
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('does not revoke unless asked, and then leaves the CA that holds this certificate ACTIVE (RemovalPolicy RETAIN)', async () => {
    subordinateHolds(certificatePem);
    pca.on(UpdateCertificateAuthorityCommand).resolves({});

    await handler(deleteEvent(props({ Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, CertificateAuthorityArn: ROOT_ARN } })));

    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    expect(sts.calls()).toHaveLength(0);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('does not disable a CA that is already DISABLED', async () => {
    subordinateHolds(certificatePem, 'DISABLED');
    pca.on(RevokeCertificateCommand).resolves({});

    await handler(deleteEvent(props({ RevokeOnDelete: 'true' })));

    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(1);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('treats an already revoked certificate as revoked', async () => {
    subordinateHolds(certificatePem);
    pca.on(RevokeCertificateCommand).rejects(new RequestAlreadyProcessedException({ message: 'already revoked', $metadata: {} }));
    pca.on(UpdateCertificateAuthorityCommand).resolves({});

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).resolves.toEqual({ PhysicalResourceId: signedId() });
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(1);
  });

  test('succeeds when the subordinate CA no longer exists', async () => {
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: SUB_ARN })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    pca.on(RevokeCertificateCommand).resolves({});

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).resolves.toEqual({ PhysicalResourceId: signedId() });
    expect(pca.commandCalls(RevokeCertificateCommand)[0].args[0].input.RevocationReason).toBe('CESSATION_OF_OPERATION');
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });

  test('fails with a clear message when the revocation is denied', async () => {
    subordinateHolds(certificatePem);
    pca.on(RevokeCertificateCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform acm-pca:RevokeCertificate'));

    await expect(handler(deleteEvent(props({ RevokeOnDelete: 'true' })))).rejects.toThrow(
      `access denied: RevokeCertificate on certificate ${certificateArn} (serial ${serial.match(/../g)!.join(':')})`);
    expect(pca.commandCalls(UpdateCertificateAuthorityCommand)).toHaveLength(0);
  });
});
