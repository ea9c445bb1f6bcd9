import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCsrCommand,
  ListTagsCommand,
  GetCertificateCommand,
  IssueCertificateCommand,
  RequestAlreadyProcessedException,
  RevokeCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { encodeNameConstraints } from '../../lambda/ca-signer/name-constraints';
import { aliasOf, createHandler } from '../../lambda/signing-authority';
import type { AuthorityRequest, SubordinateDeclaration } from '../../src/private/contracts/authority';
import { declarationParameterName } from '../../src/private/contracts/authority';
import { csrWith, keyPair, OID } from '../support/declared-csr';
import { createRootCa, randomSerial, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';

const pca = mockClient(ACMPCAClient);
const ssm = mockClient(SSMClient);
const sts = mockClient(STSClient);
const events = mockClient(EventBridgeClient);

const HIERARCHY = 'corp';
const ROOT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
const OTHER_PARENT_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/99999999-9999-4999-8999-999999999999';
const SUB_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/22222222-2222-4222-8222-222222222222';
const SIBLING_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/33333333-3333-4333-8333-333333333333';
const TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:111111111111:function:cdk-pki-authority-${HIERARCHY}-us-east-1`;
const ALIAS = 'issuing-222222222222-eu-west-1';
const PARAMETER = declarationParameterName(HIERARCHY, 'root', ALIAS);
const NOW = new Date('2030-01-15T12:00:00Z');
const YEAR = 365 * 86_400_000;

const DECLARATION: SubordinateDeclaration = {
  Version: 1,
  HierarchyName: HIERARCHY,
  ParentCaName: 'root',
  CaName: 'issuing',
  Account: '222222222222',
  Region: 'eu-west-1',
  Subject: { CommonName: 'Example Issuing CA', Organization: 'Example' },
  KeyAlgorithm: 'EC_secp384r1',
  TemplateArn: TEMPLATE,
  MaxValidity: { Type: 'YEARS', Value: 3 },
  NameConstraints: { PermittedDnsNames: ['example.com'] },
  CallerRoleArn: 'arn:aws:iam::222222222222:role/cdk-pki/cdk-pki-signing-eu-west-1-Issuing',
  ReaderRoleArn: `arn:aws:iam::222222222222:role/cdk-pki/cdk-pki-reader-${HIERARCHY}-issuing`,
  Revocation: true,
};

const environment = { CDK_PKI_HIERARCHY: HIERARCHY, CDK_PKI_PARENT_CAS: JSON.stringify({ root: ROOT_ARN }) };
const handler = createHandler({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDAUTHORITY', secretAccessKey: 'secret' },
  waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
  clock: () => NOW,
  environment,
});

let root: CaMaterial;
let csr: string;
let siblingCsr: string;
let certificatePem: string;
let siblingCertificatePem: string;
let serial: string;
const certificateArn = () => `${ROOT_ARN}/certificate/${serial}`;

const context = (alias: string | undefined = ALIAS) => ({ invokedFunctionArn: alias === undefined ? FUNCTION_ARN : `${FUNCTION_ARN}:${alias}` });
const signRequest = (overrides: Record<string, unknown> = {}): AuthorityRequest => ({
  Action: 'Sign', CertificateAuthorityArn: SUB_ARN, ValidityType: 'YEARS', ValidityValue: 2, IdempotencySeed: 'seed-1', ...overrides,
} as AuthorityRequest);

const SUBJECT = [[OID.CN, 'Example Issuing CA'], [OID.O, 'Example']] as const;

beforeAll(async () => {
  root = await createRootCa({ notAfter: new Date(NOW.getTime() + 10 * YEAR) });
  csr = (await csrWith(SUBJECT, { curve: 'P-384' }, await keyPair({ curve: 'P-384' }, true))).pem;
  siblingCsr = (await csrWith(SUBJECT, { curve: 'P-384' }, await keyPair({ curve: 'P-384' }, true))).pem;
  serial = randomSerial();
  certificatePem = await signCsrAsCa(csr, root, { serialNumber: serial });
  siblingCertificatePem = await signCsrAsCa(siblingCsr, root);
});

function subordinate(arn: string, csrPem: string, overrides: Record<string, unknown> = {}, caName = DECLARATION.CaName) {
  pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: arn })
    .resolves({ CertificateAuthority: { Arn: arn, Type: 'SUBORDINATE', Status: 'PENDING_CERTIFICATE', ...overrides } });
  pca.on(GetCertificateAuthorityCsrCommand, { CertificateAuthorityArn: arn }).resolves({ Csr: csrPem });
  // The tags the library puts on every CA it creates.
  pca.on(ListTagsCommand, { CertificateAuthorityArn: arn }).resolves({
    Tags: [{ Key: 'cdk-pki:hierarchy', Value: DECLARATION.HierarchyName }, { Key: 'cdk-pki:ca-name', Value: caName }, { Key: 'cdk-pki:generation', Value: '1' }],
  });
}

function declare(declaration: Partial<SubordinateDeclaration> = {}) {
  const value = JSON.stringify({ ...DECLARATION, ...declaration });
  ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Name: PARAMETER, Value: value } });
}

let logs: string[];

beforeEach(() => {
  pca.reset();
  ssm.reset();
  sts.reset();
  events.reset();
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(line); });
  ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
  declare();
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'ASIAREADER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 900_000) },
  });
  pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves({
    CertificateAuthority: {
      Arn: ROOT_ARN,
      Type: 'ROOT',
      Status: 'ACTIVE',
      NotAfter: new Date(NOW.getTime() + 10 * YEAR),
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Root' } },
    },
  });
  subordinate(SUB_ARN, csr);
  subordinate(SIBLING_ARN, siblingCsr, { Status: 'ACTIVE' }, 'sibling');
  pca.on(IssueCertificateCommand).resolves({ CertificateArn: certificateArn() });
  pca.on(GetCertificateCommand).resolves({ Certificate: certificatePem, CertificateChain: root.pem });
  pca.on(RevokeCertificateCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] });
});

afterEach(() => {
  jest.restoreAllMocks();
});

function putEvents() {
  return events.commandCalls(PutEventsCommand).flatMap((c) => c.args[0].input.Entries ?? []);
}

async function refusal(request: AuthorityRequest, alias?: string): Promise<string> {
  const error = await handler(request, context(alias)).then(() => undefined, (e: Error) => e);
  if (!error) throw new Error('expected a refusal');
  expect(error.message.length).toBeLessThan(1000);
  expect(error.message).not.toContain('\n');
  return error.message;
}

describe('Sign', () => {
  test('signs the declared subordinate\'s own CSR with the declared template, constraints and validity', async () => {
    const result = await handler(signRequest(), context());

    expect(result).toEqual({
      ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: certificateArn(), Certificate: certificatePem, CertificateChain: root.pem,
    });
    const issues = pca.commandCalls(IssueCertificateCommand);
    expect(issues).toHaveLength(1);
    const input = issues[0].args[0].input;
    expect(Buffer.from(input.Csr!).toString('utf8')).toBe(csr);
    expect(input).toMatchObject({
      CertificateAuthorityArn: ROOT_ARN, TemplateArn: TEMPLATE, Validity: { Type: 'YEARS', Value: 2 }, SigningAlgorithm: 'SHA256WITHRSA',
    });
    expect(input.ApiPassthrough?.Extensions?.CustomExtensions).toEqual([{
      ObjectIdentifier: '2.5.29.30', Critical: true, Value: encodeNameConstraints({ PermittedDnsNames: ['example.com'] }).toString('base64'),
    }]);
    expect(input.IdempotencyToken).toMatch(/^[0-9a-f]{32}$/);

    // The CSR was read in the subordinate's account and Region, through the reader role.
    const assumed = sts.commandCalls(AssumeRoleCommand);
    expect(assumed.map((c) => c.args[0].input.RoleArn)).toEqual([DECLARATION.ReaderRoleArn]);
    const csrCall = pca.commandCalls(GetCertificateAuthorityCsrCommand)[0];
    const config = (csrCall.thisValue as ACMPCAClient).config;
    expect(await config.region()).toBe('eu-west-1');
    expect((await config.credentials()).accessKeyId).toBe('ASIAREADER');
  });

  test('the idempotency token is stable for the same request and seed, and changes with the seed', async () => {
    await handler(signRequest(), context());
    await handler(signRequest(), context());
    await handler(signRequest({ IdempotencySeed: 'seed-2' }), context());
    const tokens = pca.commandCalls(IssueCertificateCommand).map((c) => c.args[0].input.IdempotencyToken);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[0]);
  });

  test('the declared signing algorithm wins over the parent\'s; without name constraints there is no passthrough', async () => {
    declare({ SigningAlgorithm: 'SHA384WITHRSA', NameConstraints: undefined });
    await handler(signRequest(), context());
    const input = pca.commandCalls(IssueCertificateCommand)[0].args[0].input;
    expect(input.SigningAlgorithm).toBe('SHA384WITHRSA');
    expect(input.ApiPassthrough).toBeUndefined();
  });

  test('an invocation without alias is refused', async () => {
    for (const arn of [FUNCTION_ARN, `${FUNCTION_ARN}:$LATEST`, `${FUNCTION_ARN}:7`]) {
      expect(aliasOf(arn)).toBeUndefined();
      const error = await handler(signRequest(), { invokedFunctionArn: arn }).catch((e: Error) => e);
      expect((error as Error).message).toMatch(/^signing authority of corp: refused Sign for a caller without alias: .*invoke the alias of your subordinate CA.* Nothing was issued\.$/);
    }
    expect(ssm.calls()).toHaveLength(0);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('an undeclared alias is refused, with how to declare it', async () => {
    const message = await refusal(signRequest(), 'rogue');
    expect(message).toMatch(/^signing authority of corp: refused Sign for rogue: rogue is not a declared subordinate of corp/);
    expect(message).toContain('declare it on the parent (IssuingCa in the parent\'s app, or rootCa.declareSubordinate(...))');
    expect(message).toMatch(/Nothing was issued\.$/);
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input.Name).toBe(declarationParameterName(HIERARCHY, 'root', 'rogue'));
    expect(pca.calls()).toHaveLength(0);
  });

  test('a declaration of another CA name is refused', async () => {
    declare({ CaName: 'other' });
    expect(await refusal(signRequest())).toContain('CaName, Account and Region ("other", "222222222222", "eu-west-1") do not make the alias issuing-222222222222-eu-west-1');
  });

  test('a CA in another account is refused before anything is read there', async () => {
    const elsewhere = SUB_ARN.replace('222222222222', '333333333333');
    const message = await refusal(signRequest({ CertificateAuthorityArn: elsewhere }));
    expect(message).toContain(`CA ${elsewhere} is in account 333333333333, eu-west-1, but issuing is declared in account 222222222222, eu-west-1`);
    expect(sts.calls()).toHaveLength(0);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('a CSR with another subject is refused with every problem', async () => {
    subordinate(SUB_ARN, (await csrWith([[OID.CN, 'Evil CA'], [OID.O, 'Example'], [OID.OU, 'x']], { curve: 'P-384' })).pem);
    const message = await refusal(signRequest());
    expect(message).toContain('subject CommonName: declared "Example Issuing CA", the CSR has "Evil CA".');
    expect(message).toContain('subject OrganizationalUnit: declared none, the CSR has "x".');
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('a key of another algorithm is refused', async () => {
    subordinate(SUB_ARN, (await csrWith(SUBJECT, { curve: 'P-256' })).pem);
    expect(await refusal(signRequest())).toContain('key algorithm: declared EC_secp384r1, the CSR has EC_prime256v1.');
  });

  test('a validity longer than declared is refused', async () => {
    expect(await refusal(signRequest({ ValidityValue: 4 }))).toContain('asks for 4 YEARS, declared at most 3 YEARS');
    expect(await refusal(signRequest({ ValidityType: 'MONTHS', ValidityValue: 37 }))).toContain('asks for 37 MONTHS, declared at most 3 YEARS');
    await handler(signRequest({ ValidityType: 'MONTHS', ValidityValue: 36 }), context());
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(1);
  });

  test('a validity that would outlive the parent is refused, and so is a parent that is not ACTIVE', async () => {
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves({
      CertificateAuthority: { Arn: ROOT_ARN, Status: 'ACTIVE', NotAfter: new Date(NOW.getTime() + YEAR) },
    });
    expect(await refusal(signRequest())).toMatch(/a certificate cannot outlive its issuer/);
    pca.on(DescribeCertificateAuthorityCommand, { CertificateAuthorityArn: ROOT_ARN }).resolves({
      CertificateAuthority: { Arn: ROOT_ARN, Status: 'DISABLED', NotAfter: new Date(NOW.getTime() + 10 * YEAR) },
    });
    expect(await refusal(signRequest())).toContain(`parent CA ${ROOT_ARN} is DISABLED, not ACTIVE`);
    expect(pca.commandCalls(IssueCertificateCommand)).toHaveLength(0);
  });

  test('a root CA or a deleted subordinate is refused', async () => {
    subordinate(SUB_ARN, csr, { Type: 'ROOT' });
    expect(await refusal(signRequest())).toContain('is a ROOT CA, not a SUBORDINATE one');
    subordinate(SUB_ARN, csr, { Status: 'DELETED' });
    expect(await refusal(signRequest())).toContain('is DELETED: only a CA that is PENDING_CERTIFICATE, ACTIVE or EXPIRED is signed');
  });

  test('a certificate that does not carry the CSR\'s key is not returned', async () => {
    pca.on(GetCertificateCommand).resolves({ Certificate: siblingCertificatePem, CertificateChain: root.pem });
    await expect(handler(signRequest(), context())).rejects.toThrow(/failed: certificate .* does not carry the key of CA/);
  });
});

describe('audit', () => {
  test('a signing puts one event with the detail, and no PEM anywhere', async () => {
    await handler(signRequest(), context());
    const entries = putEvents();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ Source: 'cdk-pki.signing-authority', DetailType: 'CA Certificate Signed' });
    expect(entries[0].EventBusName).toBeUndefined();
    const detail = JSON.parse(entries[0].Detail!);
    expect(detail).toEqual({
      hierarchyName: HIERARCHY,
      parentCaName: 'root',
      parentCertificateAuthorityArn: ROOT_ARN,
      caName: 'issuing',
      account: '222222222222',
      region: 'eu-west-1',
      callerArn: DECLARATION.CallerRoleArn,
      certificateAuthorityArn: SUB_ARN,
      certificateArn: certificateArn(),
      serialNumber: serial.match(/../g)!.join(':'),
      templateArn: TEMPLATE,
      notAfter: new Date(new X509Certificate(certificatePem).validTo).toISOString(),
    });
    const said = [...logs, JSON.stringify(entries)].join('\n');
    expect(said).not.toContain('BEGIN');
    expect(logs.filter((l) => JSON.parse(l).audit === true)).toHaveLength(1);
  });

  test('a refusal puts one event with the reason', async () => {
    await refusal(signRequest({ ValidityValue: 5 }));
    const entries = putEvents();
    expect(entries.map((e) => e.DetailType)).toEqual(['CA Signing Refused']);
    expect(JSON.parse(entries[0].Detail!)).toMatchObject({ caName: 'issuing', reason: expect.stringContaining('asks for 5 YEARS') });
  });

  test('a failed PutEvents does not fail a signing, nor hide a refusal', async () => {
    events.on(PutEventsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(handler(signRequest(), context())).resolves.toMatchObject({ CertificateArn: certificateArn() });
    expect(logs.some((l) => JSON.parse(l).message === 'audit event not put')).toBe(true);
    await expect(handler(signRequest({ ValidityValue: 9 }), context())).rejects.toThrow(/refused Sign for issuing-222222222222-eu-west-1: .*asks for 9 YEARS/);
  });
});

describe('Get and Revoke', () => {
  const getRequest = (overrides: Record<string, unknown> = {}): AuthorityRequest =>
    ({ Action: 'Get', CertificateAuthorityArn: SUB_ARN, CertificateArn: certificateArn(), ...overrides } as AuthorityRequest);
  const revokeRequest = (overrides: Record<string, unknown> = {}): AuthorityRequest =>
    ({ Action: 'Revoke', CertificateAuthorityArn: SUB_ARN, CertificateArn: certificateArn(), RevocationReason: 'SUPERSEDED', ...overrides } as AuthorityRequest);

  test('Get returns a certificate issued to the CA\'s key', async () => {
    await expect(handler(getRequest(), context())).resolves.toEqual({
      ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: certificateArn(), Certificate: certificatePem, CertificateChain: root.pem,
    });
  });

  test('Get of a certificate of another key is refused', async () => {
    pca.on(GetCertificateCommand).resolves({ Certificate: siblingCertificatePem, CertificateChain: root.pem });
    expect(await refusal(getRequest())).toMatch(/^signing authority of corp: refused Get for issuing-222222222222-eu-west-1: certificate .* was not issued to CA .*its public key is not that CA's key\.$/);
  });

  test('a certificate of another parent is refused', async () => {
    expect(await refusal(getRequest({ CertificateArn: `${OTHER_PARENT_ARN}/certificate/abcd` }))).toContain(`was issued by ${OTHER_PARENT_ARN}, not by root`);
  });

  test('Revoke revokes with the certificate\'s serial; a second revoke says Revoked false', async () => {
    await expect(handler(revokeRequest(), context()))
      .resolves.toEqual({ ParentCertificateAuthorityArn: ROOT_ARN, CertificateArn: certificateArn(), Revoked: true });
    expect(pca.commandCalls(RevokeCertificateCommand)[0].args[0].input).toEqual({
      CertificateAuthorityArn: ROOT_ARN, CertificateSerial: serial.match(/../g)!.join(':'), RevocationReason: 'SUPERSEDED',
    });
    pca.on(RevokeCertificateCommand).rejects(new RequestAlreadyProcessedException({ message: 'already', $metadata: {} }));
    await expect(handler(revokeRequest(), context())).resolves.toMatchObject({ Revoked: false });
    expect(putEvents().map((e) => e.DetailType)).toEqual(['CA Certificate Revoked', 'CA Certificate Revoked']);
    expect(JSON.parse(putEvents()[0].Detail!)).toMatchObject({ revocationReason: 'SUPERSEDED', certificateArn: certificateArn() });
  });

  test('a subordinate cannot revoke a sibling\'s certificate: it is not of its own CA\'s key', async () => {
    pca.on(GetCertificateCommand).resolves({ Certificate: siblingCertificatePem, CertificateChain: root.pem });
    const message = await refusal(revokeRequest());
    expect(message).toContain(`was not issued to CA ${SUB_ARN}`);
    expect(message).toMatch(/Nothing was revoked\.$/);
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    expect(putEvents().map((e) => e.DetailType)).toEqual(['CA Signing Refused']);
  });

  test('a subordinate cannot name a sibling\'s CA: that CA is not tagged with its name', async () => {
    const message = await refusal(revokeRequest({ CertificateAuthorityArn: SIBLING_ARN }));
    expect(message).toContain(`CA ${SIBLING_ARN} is not ${DECLARATION.HierarchyName}/${DECLARATION.CaName}: its tags`);
    expect(message).toMatch(/Nothing was revoked\.$/);
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
    expect(putEvents().map((e) => e.DetailType)).toEqual(['CA Signing Refused']);
  });

  test('a sibling cannot revoke by naming the other subordinate\'s CA either: that CA is not tagged as the sibling', async () => {
    const siblingParameter = declarationParameterName(HIERARCHY, 'root', 'sibling-222222222222-eu-west-1');
    ssm.on(GetParameterCommand, { Name: siblingParameter }).resolves({
      Parameter: { Name: siblingParameter, Value: JSON.stringify({ ...DECLARATION, CaName: 'sibling', Subject: { CommonName: 'Sibling CA', Organization: 'Example' } }) },
    });
    const message = await refusal(revokeRequest(), 'sibling-222222222222-eu-west-1');
    expect(message).toContain(`refused Revoke for sibling-222222222222-eu-west-1: CA ${SUB_ARN} is not ${DECLARATION.HierarchyName}/sibling: `
      + `its tags cdk-pki:hierarchy and cdk-pki:ca-name are '${DECLARATION.HierarchyName}' and '${DECLARATION.CaName}'`);
    expect(pca.commandCalls(RevokeCertificateCommand)).toHaveLength(0);
  });

  test('revocation not declared is refused', async () => {
    declare({ Revocation: false });
    expect(await refusal(revokeRequest())).toContain('the parent\'s app does not let issuing-222222222222-eu-west-1 revoke: set revokeOnDelete on the subordinate / declaration');
    expect(pca.calls()).toHaveLength(0);
  });

  test('an unknown revocation reason is refused', async () => {
    expect(await refusal(revokeRequest({ RevocationReason: 'BECAUSE' }))).toContain('RevocationReason \'BECAUSE\' is not one of');
  });
});

test('Describe tells the parent\'s state', async () => {
  await expect(handler({ Action: 'Describe' }, context())).resolves.toEqual({
    ParentCertificateAuthorityArn: ROOT_ARN, Status: 'ACTIVE', NotAfter: new Date(NOW.getTime() + 10 * YEAR).toISOString(), SigningAlgorithm: 'SHA256WITHRSA',
  });
  expect(putEvents()).toHaveLength(0);
});

test('the idempotency token is a digest of the request\'s content', async () => {
  await handler(signRequest(), context());
  const expected = createHash('sha256').update(JSON.stringify([SUB_ARN, csr, TEMPLATE, { Type: 'YEARS', Value: 2 },
    encodeNameConstraints({ PermittedDnsNames: ['example.com'] }).toString('base64'), 'seed-1'])).digest('hex').slice(0, 32);
  expect(pca.commandCalls(IssueCertificateCommand)[0].args[0].input.IdempotencyToken).toBe(expected);
});
