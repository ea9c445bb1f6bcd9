/**
 * The ca-signer and the signing authority together, against moto_server: a root CA in 111111111111/us-east-1
 * whose app declared one subordinate, `issuing`, in 222222222222/eu-west-1. The issuing stack's ca-signer
 * assumes its invoker role in the root's account and invokes its alias of the authority; the Lambda Invoke is
 * the only thing not done by moto: it runs the authority's handler in process (with the alias ARN of the
 * request as its invoked function ARN, and credentials of the root's account), answering as the Lambda
 * runtime does (the result as JSON, or FunctionError with errorType and errorMessage). Everything else (the
 * roles, the declaration in SSM, the CSR read through the reader role, issuing, installing, revoking) is moto's.
 *
 * moto issues every certificate for 365 days whatever was asked, and applies no template's extensions; the
 * test checks what it gets right: who signs what, the chain, the states, the revocation record, and refusals.
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
} from '@aws-sdk/client-acm-pca';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler as createSigner } from '../../lambda/ca-signer';
import { createHandler as createAuthority } from '../../lambda/signing-authority';
import {
  AUTHORITY_HIERARCHY_ENV, AUTHORITY_PARENTS_ENV, authorityAliasName, authorityFunctionName, declarationParameterName, invokerRoleName,
  readerRoleName, signingRoleArn,
} from '../../src/private/contracts/authority';
import type { AuthorityRequest, SubordinateDeclaration } from '../../src/private/contracts/authority';
import { CA_TAGS } from '../../src/private/contracts/signing';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials, MotoServer } from '../support/moto';

jest.setTimeout(60_000);

const ROOT = { account: '111111111111', region: 'us-east-1' };
const ISSUING = { account: '222222222222', region: 'eu-west-1' };
const HIERARCHY = 'corp';
const PARENT_NAME = 'root';
const TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';
const SUBJECT = { CommonName: 'Corp Issuing CA', Organization: 'Corp' };
const FUNCTION_ARN = `arn:aws:lambda:${ROOT.region}:${ROOT.account}:function:${authorityFunctionName(HIERARCHY, ROOT.region)}`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The alias of a subordinate of the issuing account and Region, and its ARN. */
const aliasOf = (caName: string) => authorityAliasName(caName, ISSUING.account, ISSUING.region);
const aliasArn = (caName: string) => `${FUNCTION_ARN}:${aliasOf(caName)}`;

/** One Invoke the authority served: what it was asked, through which alias, by whom. */
interface Served {
  readonly request: AuthorityRequest;
  readonly functionName: string;
  readonly callerAccount?: string;
  readonly callerArn?: string;
  readonly region: string;
}

describeWithMoto('the ca-signer asks the parent\'s signing authority, against moto_server', 'signing authority chain', (moto: MotoServer) => {
  let served: Served[];

  const pca = (region: string, credentials: AwsCredentials) => new ACMPCAClient({ region, endpoint: moto.endpoint, credentials });

  /** Lambda Invoke of the authority, run in process with the root account's credentials, as the Lambda runtime answers. */
  function routeInvokeToAuthority(rootCredentials: AwsCredentials): void {
    const authority = createAuthority({
      endpoint: moto.endpoint,
      credentials: rootCredentials,
      region: ROOT.region,
      waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 30 },
      environment: { [AUTHORITY_HIERARCHY_ENV]: HIERARCHY, [AUTHORITY_PARENTS_ENV]: JSON.stringify({ [PARENT_NAME]: rootArnOf(rootCredentials) }) },
    });
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    jest.spyOn(LambdaClient.prototype, 'send').mockImplementation(async function (this: LambdaClient, command: unknown) {
      if (!(command instanceof InvokeCommand)) throw new Error(`only Invoke is routed to the authority, not ${(command as object).constructor.name}`);
      const input = command.input;
      // Who invokes: the credentials the ca-signer's Lambda client holds, as moto knows them.
      const caller = await new STSClient({ region: ROOT.region, endpoint: moto.endpoint, credentials: await this.config.credentials() })
        .send(new GetCallerIdentityCommand({}));
      const request = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as AuthorityRequest;
      const region = await this.config.region();
      served.push({ request, functionName: input.FunctionName!, callerAccount: caller.Account, callerArn: caller.Arn, region });
      if (input.InvocationType !== 'RequestResponse') throw new Error(`InvocationType ${input.InvocationType}`);
      let output: Partial<InvokeCommandOutput>;
      try {
        const result = await authority(request, { invokedFunctionArn: input.FunctionName!, awsRequestId: `invoke-${served.length}` });
        output = { StatusCode: 200, Payload: encode(result) as never };
      } catch (e) {
        const error = e as Error;
        output = { StatusCode: 200, FunctionError: 'Unhandled', Payload: encode({ errorType: error.name, errorMessage: error.message, trace: [] }) as never };
      }
      return output;
    } as never);
  }

  const rootArns = new Map<string, string>();
  const rootArnOf = (credentials: AwsCredentials) => rootArns.get(credentials.accessKeyId)!;

  /**
   * The root, ACTIVE, and the issuing CA, PENDING_CERTIFICATE; the declaration of `declaredName` (with
   * `subject`) in the root's account; the ca-signer of the issuing stack, whose alias is `aliasName`'s.
   */
  async function deploy(options: { declaredName?: string; aliasName?: string; subject?: SubordinateDeclaration['Subject'] } = {}) {
    const { declaredName = 'issuing', aliasName = 'issuing', subject = SUBJECT } = options;
    const rootCredentials = await moto.credentialsOf(ROOT.account);
    const issuingCredentials = await moto.credentialsOf(ISSUING.account);
    const rootPca = pca(ROOT.region, rootCredentials);

    const { CertificateAuthorityArn: rootArn } = await rootPca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Corp Root CA' } },
    }));
    const rootPem = await activateRootCa(rootPca, rootArn!);
    rootArns.set(rootCredentials.accessKeyId, rootArn!);

    const issuingPca = pca(ISSUING.region, issuingCredentials);
    const { CertificateAuthorityArn: issuingArn } = await issuingPca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: SUBJECT },
      // Who the CA is, as the library tags its CAs (the authority signs only the CA of the declared name).
      Tags: [{ Key: CA_TAGS.hierarchy, Value: HIERARCHY }, { Key: CA_TAGS.caName, Value: 'issuing' }],
    }));
    const { Csr: issuingCsr } = await issuingPca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: issuingArn }));

    const callerRoleArn = signingRoleArn('aws', ISSUING.account, 'cdk-pki-signing-eu-west-1-Issuing');
    const declaration: SubordinateDeclaration = {
      Version: 1,
      HierarchyName: HIERARCHY,
      ParentCaName: PARENT_NAME,
      CaName: declaredName,
      Account: ISSUING.account,
      Region: ISSUING.region,
      Subject: subject,
      KeyAlgorithm: 'RSA_2048',
      TemplateArn: TEMPLATE,
      MaxValidity: { Type: 'MONTHS', Value: 12 },
      CallerRoleArn: callerRoleArn,
      ReaderRoleArn: signingRoleArn('aws', ISSUING.account, readerRoleName(HIERARCHY, aliasOf(declaredName), sha256)),
      Revocation: true,
    };
    await new SSMClient({ region: ROOT.region, endpoint: moto.endpoint, credentials: rootCredentials }).send(new PutParameterCommand({
      Name: declarationParameterName(HIERARCHY, PARENT_NAME, aliasOf(declaredName)), Value: JSON.stringify(declaration), Type: 'String',
    }));
    routeInvokeToAuthority(rootCredentials);

    const invokerRoleArn = signingRoleArn('aws', ROOT.account, invokerRoleName(HIERARCHY, aliasOf(aliasName), sha256));
    const props: SubordinateCertificateProperties = {
      CertificateAuthorityArn: issuingArn!,
      CertificateSigningRequest: issuingCsr!,
      Parent: { Region: ROOT.region, AuthorityFunctionArn: aliasArn(aliasName), InvokerRoleArn: invokerRoleArn },
      TemplateArn: TEMPLATE,
      // moto issues every certificate for 365 days; the request must end before the root does.
      ValidityType: 'MONTHS',
      ValidityValue: '6',
      RevokeOnDelete: 'true',
    };
    const signer = createSigner({ endpoint: moto.endpoint, credentials: issuingCredentials, region: ISSUING.region });
    return { rootArn: rootArn!, rootPem: rootPem!, issuingArn: issuingArn!, props, signer, issuingPca, invokerRoleArn };
  }

  const base = {
    ServiceToken: `arn:aws:lambda:${ISSUING.region}:${ISSUING.account}:function:provider`,
    ResponseURL: 'https://example.com/response',
    StackId: `arn:aws:cloudformation:${ISSUING.region}:${ISSUING.account}:stack/Issuing/abc`,
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
  };

  function createEvent(props: SubordinateCertificateProperties): CloudFormationCustomResourceEvent {
    return { ...base, RequestType: 'Create', RequestId: 'create-1', ResourceProperties: { ServiceToken: base.ServiceToken, ...props } };
  }

  async function statusOf(client: ACMPCAClient, arn: string): Promise<string | undefined> {
    return (await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority?.Status;
  }

  /** The CA holds no certificate: nothing was installed. */
  async function expectNothingInstalled(client: ACMPCAClient, arn: string): Promise<void> {
    expect(await statusOf(client, arn)).toBe('PENDING_CERTIFICATE');
    await expect(client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }))).rejects.toThrow();
  }

  beforeEach(() => {
    served = [];
  });

  test('a declared subordinate in another account and Region is signed by the authority, installed, and revoked on Delete', async () => {
    const h = await deploy();

    const created = await h.signer(createEvent(h.props));

    expect(created.PhysicalResourceId).toMatch(new RegExp(`^${h.rootArn}/certificate/[0-9a-f]+#[0-9a-f]{32}$`));
    expect(created.Data).toMatchObject({ ParentCertificateAuthorityArn: h.rootArn, CertificateAuthorityArn: h.issuingArn });
    expect(await statusOf(h.issuingPca, h.issuingArn)).toBe('ACTIVE');
    const installed = await h.issuingPca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: h.issuingArn }));
    const certificate = new X509Certificate(installed.Certificate!);
    const root = new X509Certificate(h.rootPem);
    expect(certificate.checkIssued(root)).toBe(true);
    expect(certificate.verify(root.publicKey)).toBe(true);
    expect(certificate.subject).toContain('CN=Corp Issuing CA');
    expect(new X509Certificate(installed.CertificateChain!).fingerprint256).toBe(root.fingerprint256);

    // Describe, then Sign, through the alias, in the root's Region, with the invoker role's session in the root's account.
    expect(served.map((s) => s.request.Action)).toEqual(['Describe', 'Sign']);
    for (const s of served) {
      expect(s).toMatchObject({ functionName: aliasArn('issuing'), region: ROOT.region, callerAccount: ROOT.account });
      expect(s.callerArn).toContain(`assumed-role/${invokerRoleName(HIERARCHY, aliasOf('issuing'), sha256)}/cdk-pki-signer`);
    }

    const deleted = await h.signer({
      ...base,
      RequestType: 'Delete',
      RequestId: 'delete-1',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { ServiceToken: base.ServiceToken, ...h.props },
    });

    expect(deleted).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
    // moto's certificate ARNs do not end with the serial: the signer reads the certificate (Get) to compare it with the CA's.
    expect(created.PhysicalResourceId.split('#')[0].split('/').pop()).not.toBe(created.Data!.SerialNumber.replace(/:/g, ''));
    // Describe before Revoke: the authority revokes only what the parent it signs with now issued.
    expect(served.map((s) => s.request.Action)).toEqual(['Describe', 'Sign', 'Get', 'Describe', 'Revoke']);
    expect(served[4].request).toEqual({
      Action: 'Revoke', CertificateAuthorityArn: h.issuingArn, CertificateArn: created.Data!.CertificateArn, RevocationReason: 'CESSATION_OF_OPERATION',
    });
    expect(await statusOf(h.issuingPca, h.issuingArn)).toBe('DISABLED');
    const cas = (await moto.state('acmpca')).CertificateAuthority as Array<{ arn: string; revoked_certificates: Record<string, { revocation_reason: string }> }>;
    expect(cas.find((ca) => ca.arn === h.rootArn)!.revoked_certificates).toEqual({
      [created.Data!.SerialNumber]: expect.objectContaining({ revocation_reason: 'CESSATION_OF_OPERATION' }),
    });
  });

  test('an undeclared subordinate is refused with the authority\'s message, and nothing is installed', async () => {
    const h = await deploy({ declaredName: 'issuing', aliasName: 'rogue' });

    await expect(h.signer(createEvent(h.props))).rejects.toThrow(new RegExp(
      `^signing authority of ${HIERARCHY}: refused Describe for ${aliasOf('rogue')}: ${aliasOf('rogue')} is not a declared subordinate of ${HIERARCHY} `
      + `\\(no declaration under parent ${PARENT_NAME}\\): declare it on the parent`));
    expect(served.map((s) => s.request.Action)).toEqual(['Describe']);
    await expectNothingInstalled(h.issuingPca, h.issuingArn);
  });

  test('a subordinate whose CSR has another subject than declared is refused with the authority\'s message, and nothing is issued', async () => {
    const h = await deploy({ subject: { CommonName: 'Corp Issuing CA 2', Organization: 'Corp' } });

    await expect(h.signer(createEvent(h.props))).rejects.toThrow(new Error(
      `signing authority of ${HIERARCHY}: refused Sign for ${aliasOf('issuing')}: the CSR of CA ${h.issuingArn} does not match the declaration: `
      + 'subject CommonName: declared "Corp Issuing CA 2", the CSR has "Corp Issuing CA". Make the CA and its declaration in the parent\'s app '
      + 'agree. Nothing was issued.'));
    expect(served.map((s) => s.request.Action)).toEqual(['Describe', 'Sign']);
    await expectNothingInstalled(h.issuingPca, h.issuingArn);
  });
});
