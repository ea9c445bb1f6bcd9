/**
 * The signing authority end to end against moto_server: the authority runs in the parent's account
 * 111111111111 / us-east-1 with an ACTIVE root there; subordinate CAs are in account 222222222222 / eu-west-1,
 * read through the reader role (moto's AssumeRole into a role of another account gives that account's keys).
 * The declaration is an SSM parameter in the parent's account, as the parent's app writes it.
 *
 * moto makes every CA key RSA-2048, ignores Validity and passthrough, and applies no extensions for
 * subordinate templates (EMULATOR.md): the declaration here asks for RSA_2048 and the test checks what moto
 * gets right (the CSR it signs, the chain, the import, what is refused and that nothing is issued then).
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createHandler } from '../../lambda/signing-authority';
import type { AuthorityCertificateResponse, AuthorityRequest, SubordinateDeclaration } from '../../src/private/contracts/authority';
import { authorityAliasName, declarationParameterName, readerRoleName, signingRoleArn } from '../../src/private/contracts/authority';
import type { DeclaredSubject } from '../../src/private/contracts/signing';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';

jest.setTimeout(60_000);

const PARENT_ACCOUNT = '111111111111';
const CHILD_ACCOUNT = '222222222222';
const HIERARCHY = 'corp';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${PARENT_ACCOUNT}:function:cdk-pki-authority-${HIERARCHY}-us-east-1`;
const TEMPLATE = 'arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The alias of a subordinate of the child account: CA name, account, Region. */
const aliasOf = (caName: string) => authorityAliasName(caName, CHILD_ACCOUNT, 'eu-west-1');

describeWithMoto('signing authority against moto_server', 'signing-authority', (moto) => {
  function pca(region: string, credentials: AwsCredentials): ACMPCAClient {
    return new ACMPCAClient({ region, endpoint: moto.endpoint, credentials });
  }

  async function createRoot(client: ACMPCAClient): Promise<string> {
    const { CertificateAuthorityArn: arn } = await client.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Example Root CA' } },
    }));
    await activateRootCa(client, arn!);
    return arn!;
  }

  /** A subordinate CA with the tags the library gives the CA named `caName`. */
  async function createSubordinate(client: ACMPCAClient, subject: DeclaredSubject, caName: string): Promise<string> {
    const { CertificateAuthorityArn } = await client.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: subject },
      Tags: [{ Key: 'cdk-pki:hierarchy', Value: HIERARCHY }, { Key: 'cdk-pki:ca-name', Value: caName }],
    }));
    return CertificateAuthorityArn!;
  }

  function declarationOf(caName: string, subject: DeclaredSubject, revocation = true): SubordinateDeclaration {
    return {
      Version: 1,
      HierarchyName: HIERARCHY,
      ParentCaName: 'root',
      CaName: caName,
      Account: CHILD_ACCOUNT,
      Region: 'eu-west-1',
      Subject: subject,
      KeyAlgorithm: 'RSA_2048',
      TemplateArn: TEMPLATE,
      // moto's root lasts one year whatever was asked: the subordinates ask for days.
      MaxValidity: { Type: 'DAYS', Value: 180 },
      NameConstraints: { PermittedDnsNames: ['example.com'] },
      CallerRoleArn: signingRoleArn('aws', CHILD_ACCOUNT, `cdk-pki-signing-eu-west-1-${caName}`),
      ReaderRoleArn: signingRoleArn('aws', CHILD_ACCOUNT, readerRoleName(HIERARCHY, aliasOf(caName), sha256)),
      Revocation: revocation,
    };
  }

  /** The parent's account with an ACTIVE root and two declared subordinates (issuing, sibling) in the child account. */
  async function deploy() {
    const parentCredentials = await moto.credentialsOf(PARENT_ACCOUNT);
    const childCredentials = await moto.credentialsOf(CHILD_ACCOUNT);
    const rootPca = pca('us-east-1', parentCredentials);
    const childPca = pca('eu-west-1', childCredentials);
    const rootArn = await createRoot(rootPca);
    const issuingSubject = { CommonName: 'Example Issuing CA', Organization: 'Example' };
    const siblingSubject = { CommonName: 'Example Sibling CA', Organization: 'Example' };
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: parentCredentials });
    for (const [name, subject] of [['issuing', issuingSubject], ['sibling', siblingSubject]] as const) {
      await ssm.send(new PutParameterCommand({
        Name: declarationParameterName(HIERARCHY, 'root', aliasOf(name)), Type: 'String', Value: JSON.stringify(declarationOf(name, subject)),
      }));
    }
    const handler = createHandler({
      endpoint: moto.endpoint,
      credentials: parentCredentials,
      region: 'us-east-1',
      waiter: { minDelay: 1, maxDelay: 1, maxWaitTime: 20 },
      environment: { CDK_PKI_HIERARCHY: HIERARCHY, CDK_PKI_PARENT_CAS: JSON.stringify({ root: rootArn }) },
    });
    const invoke = (caName: string, request: AuthorityRequest) => handler(request, { invokedFunctionArn: `${FUNCTION_ARN}:${aliasOf(caName)}` });
    return { rootArn, rootPca, childPca, issuingSubject, siblingSubject, invoke };
  }

  /**
   * IssueCertificate calls on the root that reached moto (its API lists no issued certificates, and its state
   * keeps none): the SDK client's send, watched.
   */
  async function issuedBy(rootArn: string): Promise<number> {
    return sends.filter((command) => command instanceof IssueCertificateCommand && command.input.CertificateAuthorityArn === rootArn).length;
  }

  let sends: unknown[];
  beforeEach(() => {
    sends = [];
    const send = ACMPCAClient.prototype.send;
    jest.spyOn(ACMPCAClient.prototype, 'send').mockImplementation(function (this: ACMPCAClient, command: unknown, ...rest: unknown[]) {
      sends.push(command);
      return (send as (...args: unknown[]) => unknown).call(this, command, ...rest);
    } as typeof send);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const sign = (arn: string, overrides: Partial<Record<string, unknown>> = {}) =>
    ({ Action: 'Sign', CertificateAuthorityArn: arn, ValidityType: 'DAYS', ValidityValue: 90, IdempotencySeed: 'seed', ...overrides } as AuthorityRequest);

  test('a declared subordinate in another account is signed, and its certificate imports into it', async () => {
    const h = await deploy();
    const issuingArn = await createSubordinate(h.childPca, h.issuingSubject, 'issuing');
    const before = await issuedBy(h.rootArn);

    const result = await h.invoke('issuing', sign(issuingArn)) as AuthorityCertificateResponse;

    expect(result.ParentCertificateAuthorityArn).toBe(h.rootArn);
    expect(result.CertificateArn.startsWith(`${h.rootArn}/certificate/`)).toBe(true);
    expect(await issuedBy(h.rootArn)).toBe(before + 1);
    const certificate = new X509Certificate(result.Certificate);
    expect(certificate.subject).toContain('CN=Example Issuing CA');
    expect(certificate.verify(new X509Certificate(result.CertificateChain).publicKey)).toBe(true);

    await h.childPca.send(new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: issuingArn, Certificate: Buffer.from(result.Certificate, 'utf8'), CertificateChain: Buffer.from(result.CertificateChain, 'utf8'),
    }));
    const described = await h.childPca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: issuingArn }));
    expect(described.CertificateAuthority?.Status).toBe('ACTIVE');

    // Get gives the same certificate back to its own CA.
    await expect(h.invoke('issuing', { Action: 'Get', CertificateAuthorityArn: issuingArn, CertificateArn: result.CertificateArn }))
      .resolves.toMatchObject({ Certificate: result.Certificate });
  });

  test('a child whose subject differs from the declaration is refused, and nothing is issued', async () => {
    const h = await deploy();
    // An administrator of the child account makes a CA with the subordinate's tags but another subject.
    const rogueArn = await createSubordinate(h.childPca, { CommonName: 'Rogue CA', Organization: 'Example' }, 'issuing');
    const before = await issuedBy(h.rootArn);

    await expect(h.invoke('issuing', sign(rogueArn))).rejects
      .toThrow(/refused Sign for issuing-222222222222-eu-west-1: .*subject CommonName: declared "Example Issuing CA", the CSR has "Rogue CA"\..* Nothing was issued\.$/);
    expect(await issuedBy(h.rootArn)).toBe(before);
    // Audited: one log line, and the event went to moto's default bus.
    const lines = (console.log as jest.Mock).mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines.filter((l) => l.audit === true).map((l) => [l.message, l.caName, l.certificateAuthorityArn]))
      .toEqual([['CA Signing Refused', 'issuing', rogueArn]]);
    expect(lines.filter((l) => l.message === 'audit event not put')).toEqual([]);
  });

  test('a longer validity than declared is refused, and nothing is issued', async () => {
    const h = await deploy();
    const issuingArn = await createSubordinate(h.childPca, h.issuingSubject, 'issuing');
    const before = await issuedBy(h.rootArn);

    await expect(h.invoke('issuing', sign(issuingArn, { ValidityType: 'MONTHS', ValidityValue: 7 }))).rejects
      .toThrow(/asks for 7 MONTHS, declared at most 180 DAYS/);
    expect(await issuedBy(h.rootArn)).toBe(before);
  });

  test('a sibling cannot revoke the other subordinate\'s certificate, whichever CA it names', async () => {
    const h = await deploy();
    const issuingArn = await createSubordinate(h.childPca, h.issuingSubject, 'issuing');
    const siblingArn = await createSubordinate(h.childPca, h.siblingSubject, 'sibling');
    const signed = await h.invoke('issuing', sign(issuingArn)) as AuthorityCertificateResponse;
    const revoke = (arn: string): AuthorityRequest =>
      ({ Action: 'Revoke', CertificateAuthorityArn: arn, CertificateArn: signed.CertificateArn, RevocationReason: 'KEY_COMPROMISE' });

    await expect(h.invoke('sibling', revoke(siblingArn))).rejects.toThrow(/refused Revoke for sibling-222222222222-eu-west-1: certificate .* was not issued to CA/);
    await expect(h.invoke('sibling', revoke(issuingArn))).rejects.toThrow(/refused Revoke for sibling-222222222222-eu-west-1: CA .* is not corp\/sibling: its tags/);

    const cas = (await moto.state('acmpca')).CertificateAuthority as Array<{ arn: string; revoked_certificates: Record<string, unknown> }>;
    expect(cas.find((ca) => ca.arn === h.rootArn)!.revoked_certificates).toEqual({});

    // Its own subordinate may.
    await expect(h.invoke('issuing', revoke(issuingArn))).resolves.toMatchObject({ Revoked: true });
    const after = (await moto.state('acmpca')).CertificateAuthority as Array<{ arn: string; revoked_certificates: Record<string, unknown> }>;
    expect(Object.keys(after.find((ca) => ca.arn === h.rootArn)!.revoked_certificates)).toHaveLength(1);
  });

  test('an undeclared alias is refused', async () => {
    const h = await deploy();
    const issuingArn = await createSubordinate(h.childPca, h.issuingSubject, 'issuing');
    await expect(h.invoke('rogue', sign(issuingArn))).rejects.toThrow(/rogue-222222222222-eu-west-1 is not a declared subordinate of corp/);
  });
});
