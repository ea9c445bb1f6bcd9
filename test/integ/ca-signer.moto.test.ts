/**
 * The ca-signer handler end to end against moto_server: a root CA in account 111111111111 / us-east-1 signs
 * an issuing CA in account 222222222222 / eu-west-1 through a signer role, its ARN read from SSM.
 *
 * moto applies extensions only for RootCACertificate/V1 and EndEntityCertificate/V1, so the issuing CA's
 * certificate here carries none; the test checks what moto does get right (the signature, the chain, the
 * CA states, the revocation record). Extensions, passthrough and error paths are covered with mocks in
 * test/lambda.
 */
import { X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
} from '@aws-sdk/client-acm-pca';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-signer';
import type { SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';

jest.setTimeout(60_000);

const ROOT_ACCOUNT = '111111111111';
const ISSUING_ACCOUNT = '222222222222';
const ROLE_ARN = `arn:aws:iam::${ROOT_ACCOUNT}:role/cdk-pki-signer-eu-west-1-${ISSUING_ACCOUNT}`;
const PARAMETER = '/cdk-pki/root-ca-arn';


describeWithMoto('ca-signer against moto_server', 'ca-signer', (moto) => {
  const savedRegion = process.env.AWS_REGION;

  beforeAll(() => {
    process.env.AWS_REGION = 'eu-west-1';
  });

  afterAll(() => {
    process.env.AWS_REGION = savedRegion;
    if (savedRegion === undefined) delete process.env.AWS_REGION;
  });

  function pca(region: string, credentials: AwsCredentials): ACMPCAClient {
    return new ACMPCAClient({ region, endpoint: moto.endpoint, credentials });
  }

  /** The scenario of the issue: an ACTIVE root in 111111111111/us-east-1, a pending issuing CA in 222222222222/eu-west-1. */
  async function deployHierarchy() {
    const rootCredentials = await moto.credentialsOf(ROOT_ACCOUNT);
    const issuingCredentials = await moto.credentialsOf(ISSUING_ACCOUNT);
    const rootPca = pca('us-east-1', rootCredentials);

    const { CertificateAuthorityArn: rootArn } = await rootPca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Example Root CA', Organization: 'Example' },
      },
    }));
    const rootPem = await activateRootCa(rootPca, rootArn!);
    await new SSMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: rootCredentials })
      .send(new PutParameterCommand({ Name: PARAMETER, Value: rootArn, Type: 'String' }));

    const issuingPca = pca('eu-west-1', issuingCredentials);
    const { CertificateAuthorityArn: issuingArn } = await issuingPca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: {
        KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Example Issuing CA', Organization: 'Example' },
      },
    }));
    const { Csr: issuingCsr } = await issuingPca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: issuingArn }));

    const props: SubordinateCertificateProperties = {
      CertificateAuthorityArn: issuingArn!,
      CertificateSigningRequest: issuingCsr!,
      Parent: { Region: 'us-east-1', RoleArn: ROLE_ARN, ArnParameterName: PARAMETER },
      TemplateArn: 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1',
      // moto issues every certificate for 365 days; the request must end before the root does.
      ValidityType: 'MONTHS',
      ValidityValue: '6',
      RevokeOnDelete: 'true',
    };
    const handler = createHandler({ endpoint: moto.endpoint, credentials: issuingCredentials });
    return { rootArn: rootArn!, rootPem: rootPem!, issuingArn: issuingArn!, props, handler, rootPca, issuingPca, issuingCredentials };
  }

  async function statusOf(client: ACMPCAClient, arn: string): Promise<string | undefined> {
    const out = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    return out.CertificateAuthority?.Status;
  }

  const base = {
    ServiceToken: `arn:aws:lambda:eu-west-1:${ISSUING_ACCOUNT}:function:provider`,
    ResponseURL: 'https://example.com/response',
    StackId: `arn:aws:cloudformation:eu-west-1:${ISSUING_ACCOUNT}:stack/Issuing/abc`,
    LogicalResourceId: 'IssuingCaCertificate',
    ResourceType: 'Custom::PkiSubordinateCaCertificate',
  };

  function createEvent(props: SubordinateCertificateProperties): CloudFormationCustomResourceEvent {
    return { ...base, RequestType: 'Create', RequestId: 'create-1', ResourceProperties: { ServiceToken: base.ServiceToken, ...props } };
  }

  test('Create signs the issuing CA across accounts and Regions and leaves it ACTIVE with a chain to the root', async () => {
    const h = await deployHierarchy();

    const result = await h.handler(createEvent(h.props));

    // The certificate, and a digest of what it was signed for.
    expect(result.PhysicalResourceId).toMatch(new RegExp(`^${h.rootArn}/certificate/[0-9a-f]+#[0-9a-f]{32}$`));
    expect(result.Data).toMatchObject({ CertificateArn: result.PhysicalResourceId.split('#')[0], ParentCertificateAuthorityArn: h.rootArn });

    expect(await statusOf(h.issuingPca, h.issuingArn)).toBe('ACTIVE');

    const installed = await h.issuingPca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: h.issuingArn }));
    const certificate = new X509Certificate(installed.Certificate!);
    const root = new X509Certificate(h.rootPem);
    expect(certificate.checkIssued(root)).toBe(true);
    expect(certificate.verify(root.publicKey)).toBe(true);
    expect(certificate.subject).toContain('CN=Example Issuing CA');
    expect(new X509Certificate(installed.CertificateChain!).fingerprint256).toBe(root.fingerprint256);
    expect(result.Data?.SerialNumber).toBe(certificate.serialNumber.toLowerCase().match(/../g)!.join(':'));
    expect(result.Data?.NotAfter).toBe(new Date(certificate.validTo).toISOString());

    // The accounts are really apart: the issuing account cannot see the root CA.
    await expect(pca('us-east-1', h.issuingCredentials).send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: h.rootArn })))
      .rejects.toThrow(/not found/);
  });

  test('Delete with RevokeOnDelete revokes the certificate at the root and disables the issuing CA', async () => {
    const h = await deployHierarchy();
    const created = await h.handler(createEvent(h.props));

    const result = await h.handler({
      ...base,
      RequestType: 'Delete',
      RequestId: 'delete-1',
      PhysicalResourceId: created.PhysicalResourceId,
      ResourceProperties: { ServiceToken: base.ServiceToken, ...h.props },
    });

    expect(result).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
    expect(await statusOf(h.issuingPca, h.issuingArn)).toBe('DISABLED');
    const cas = (await moto.state('acmpca')).CertificateAuthority as Array<{ arn: string; revoked_certificates: Record<string, { revocation_reason: string }> }>;
    const root = cas.find((ca) => ca.arn === h.rootArn)!;
    expect(root.revoked_certificates).toEqual({ [created.Data!.SerialNumber]: expect.objectContaining({ revocation_reason: 'CESSATION_OF_OPERATION' }) });
  });

  test('Delete after a failed create does nothing', async () => {
    const h = await deployHierarchy();

    await expect(h.handler({
      ...base, RequestType: 'Delete', RequestId: 'delete-2', PhysicalResourceId: 'create-1', ResourceProperties: { ServiceToken: base.ServiceToken, ...h.props },
    })).resolves.toEqual({ PhysicalResourceId: 'create-1' });
    expect(await statusOf(h.issuingPca, h.issuingArn)).toBe('PENDING_CERTIFICATE');
  });
});
