/**
 * The shipped cert-renewal handler end to end against moto_server: a certificate issued by a moto Private
 * CA (EndEntityCertificate/V1, which moto applies) and imported into moto ACM with the opt-in tags is
 * renewed by a sweep, and afterwards holds a new certificate under the same ARN with the status tags set.
 *
 * Designed around what moto does (EMULATOR.md): its PutEvents fails when a matching rule targets SNS or
 * Lambda, so the state-change events are caught by a rule with an SQS target; every certificate it issues
 * is valid for 365 days, whatever was asked, so the original is issued a second before the sweep (its
 * renewal must end later) and carries cdk-pki:validity-days (a default of the current 365 days would end
 * after moto's 365-day root CA). moto also forgets a certificate's tags when it is re-imported, which AWS
 * does not (import-reimport.html); the state tags are written after the import and are checked here.
 */
import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import {
  ACMClient, DescribeCertificateCommand, GetCertificateCommand, ImportCertificateCommand, ListTagsForCertificateCommand,
} from '@aws-sdk/client-acm';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  GetCertificateCommand as GetPcaCertificateCommand,
  IssueCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import * as x509 from '@peculiar/x509';
import { createHandler } from '../../lambda/cert-renewal';
import { ACM_TAG_PATTERN } from '../../src/private/contracts/aws-strings';
import type { RenewalConfiguration } from '../../src/private/contracts/renewal';
import { activateRootCa, DEFAULT_CREDENTIALS, describeWithMoto } from '../support/moto';

jest.setTimeout(60_000);
x509.cryptoProvider.set(webcrypto as never);

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const END_ENTITY = 'arn:aws:acm-pca:::template/EndEntityCertificate/V1';


/** moto's SQS speaks JSON; queries by hand keep the test free of another SDK client. */
async function sqs(endpoint: string, target: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${target}`,
      'authorization': `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/sqs/aws4_request, SignedHeaders=host, Signature=x`,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`SQS ${target}: ${res.status} ${await res.text()}`);
  return await res.json() as Record<string, unknown>;
}

describeWithMoto('cert-renewal against moto_server', 'cert-renewal', (moto) => {
  let acm: ACMClient;
  let pca: ACMPCAClient;

  beforeAll(() => {
    const config = { region: REGION, endpoint: moto.endpoint, credentials: DEFAULT_CREDENTIALS };
    acm = new ACMClient(config);
    pca = new ACMPCAClient(config);
  });

  /** An ACTIVE root CA in moto that issues end-entity certificates. */
  async function activeCa(): Promise<string> {
    const { CertificateAuthorityArn: arn } = await pca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: 'Example Issuing CA' } },
    }));
    await activateRootCa(pca, arn!);
    return arn!;
  }

  /** A certificate issued by the moto CA for a key made here, imported into moto ACM with `tags`. */
  async function importedCertificate(caArn: string, tags: Record<string, string>): Promise<{ arn: string; pem: string }> {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=app.example.com, O=Example Corp',
      keys,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'app.example.com' }, { type: 'dns', value: 'api.example.com' }])],
    });
    const { CertificateArn } = await pca.send(new IssueCertificateCommand({
      CertificateAuthorityArn: caArn,
      Csr: Buffer.from(csr.toString('pem')),
      TemplateArn: END_ENTITY,
      SigningAlgorithm: 'SHA256WITHRSA',
      Validity: { Type: 'DAYS', Value: 365 },
    }));
    const issued = await pca.send(new GetPcaCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn }));
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64').match(/.{1,64}/g)!.join('\n');
    const { CertificateArn: arn } = await acm.send(new ImportCertificateCommand({
      Certificate: Buffer.from(issued.Certificate!),
      PrivateKey: Buffer.from(`-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n`),
      CertificateChain: Buffer.from(issued.CertificateChain!),
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    }));
    return { arn: arn!, pem: issued.Certificate! };
  }

  /** A queue that receives the renewal's state-change events (moto delivers EventBridge to SQS). */
  async function eventQueue(): Promise<() => Promise<Array<{ status: string; certificateArn: string }>>> {
    const { QueueUrl: url } = await sqs(moto.endpoint, 'CreateQueue', { QueueName: 'renewal-events' }) as { QueueUrl: string };
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:renewal-events`;
    const events = new EventBridgeClient({ region: REGION, endpoint: moto.endpoint, credentials: DEFAULT_CREDENTIALS });
    await events.send(new PutRuleCommand({ Name: 'renewal-events', EventPattern: JSON.stringify({ source: ['cdk-pki.renewal'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'renewal-events', Targets: [{ Id: 'queue', Arn: queueArn }] }));
    return async () => {
      const received: Array<{ status: string; certificateArn: string }> = [];
      for (;;) {
        const out = await sqs(moto.endpoint, 'ReceiveMessage', { QueueUrl: url, MaxNumberOfMessages: 10 }) as { Messages?: Array<{ Body: string }> };
        if (!out.Messages?.length) return received;
        received.push(...out.Messages.map((m) => JSON.parse(m.Body).detail));
      }
    };
  }

  async function tagsOf(arn: string): Promise<Record<string, string>> {
    const out = await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
    return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
  }

  async function setUp() {
    const caArn = await activeCa();
    const { TopicArn } = await new SNSClient({ region: REGION, endpoint: moto.endpoint, credentials: DEFAULT_CREDENTIALS })
      .send(new CreateTopicCommand({ Name: 'renewal-failures' }));
    const configuration: RenewalConfiguration = {
      partition: 'aws',
      // moto issues every certificate for 365 days: everything is due within 400.
      renewBeforeDays: 400,
      minimumIntervalSeconds: 3600,
      leaseSeconds: 960,
      failureTopicArn: TopicArn,
      sources: { 'private-ca': { certificateAuthorityArns: [caArn], templateArns: [END_ENTITY], roleArns: [] } },
    };
    const handler = createHandler({ endpoint: moto.endpoint, credentials: DEFAULT_CREDENTIALS, region: REGION, configuration, settleMs: 200 });
    const optIn = { 'cdk-pki:renewal-source': 'private-ca', 'cdk-pki:ca-arn': caArn, 'cdk-pki:validity-days': '300' };
    return { caArn, handler, optIn };
  }

  /** X.509 times have whole seconds: a renewal must end at least a second after the original. */
  const aSecond = () => new Promise((r) => setTimeout(r, 1100));

  test('a sweep renews an opted-in certificate: a new certificate and key under the same ARN, with the status tags set', async () => {
    const { caArn, handler, optIn } = await setUp();
    const received = await eventQueue();
    const original = await importedCertificate(caArn, optIn);
    const untouched = await importedCertificate(caArn, { Owner: 'team-a' });
    const before = (await acm.send(new DescribeCertificateCommand({ CertificateArn: original.arn }))).Certificate!;
    await aSecond();

    const result = await handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event' });

    expect(result).toMatchObject({ trigger: 'sweep', renewed: [original.arn], failed: [] });
    const after = (await acm.send(new DescribeCertificateCommand({ CertificateArn: original.arn }))).Certificate!;
    expect(after.CertificateArn).toBe(original.arn);
    expect(after.Type).toBe('IMPORTED');
    expect(after.Serial).not.toBe(before.Serial);
    expect(after.NotAfter!.getTime()).toBeGreaterThan(before.NotAfter!.getTime());

    const { Certificate, CertificateChain } = await acm.send(new GetCertificateCommand({ CertificateArn: original.arn }));
    const [old, renewed] = [new X509Certificate(original.pem), new X509Certificate(Certificate!)];
    expect(renewed.subject).toBe(old.subject);
    expect(renewed.subjectAltName).toBe('DNS:app.example.com, DNS:api.example.com');
    expect(renewed.publicKey.export({ type: 'spki', format: 'der' })).not.toEqual(old.publicKey.export({ type: 'spki', format: 'der' }));
    const issuer = new X509Certificate(CertificateChain!.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0]);
    expect(renewed.checkIssued(issuer) && renewed.verify(issuer.publicKey)).toBe(true);

    const tags = await tagsOf(original.arn);
    expect(tags).toMatchObject({
      'cdk-pki:renewal-status': 'renewal complete',
      'cdk-pki:renewal-reason': expect.stringMatching(new RegExp(`^renewed by ${caArn}: serial [0-9a-f:]+ valid until `)),
      'cdk-pki:renewal-updated-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(tags['cdk-pki:renewal-lease']).toBeUndefined();
    for (const [key, value] of Object.entries(tags)) expect(`${key}=${value}`).toMatch(ACM_TAG_PATTERN);

    expect(await tagsOf(untouched.arn)).toEqual({ Owner: 'team-a' });
    const events = await received();
    expect(events.filter((e) => e.certificateArn === original.arn).map((e) => e.status))
      .toEqual(['pending renewal', 'renewal in progress', 'renewal complete']);
  });

  test('a sweep right after renews nothing; a second handler at the same time does not renew twice', async () => {
    const { caArn, handler, optIn } = await setUp();
    const { arn } = await importedCertificate(caArn, optIn);
    await aSecond();

    const [first, second] = await Promise.all([
      handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event' }),
      handler({ 'source': 'aws.acm', 'detail-type': 'ACM Certificate Approaching Expiration', 'resources': [arn] }),
    ]);
    expect([...first.renewed, ...second.renewed]).toEqual([arn]);

    const again = await handler({ 'source': 'aws.events', 'detail-type': 'Scheduled Event' });
    expect(again).toMatchObject({ renewed: [], failed: [] });
  });

  test('a certificate with a malformed CA tag is marked failed with the fix, and the others are still renewed', async () => {
    const { caArn, handler, optIn } = await setUp();
    const bad = await importedCertificate(caArn, { ...optIn, 'cdk-pki:ca-arn': 'not-an-arn' });
    const good = await importedCertificate(caArn, optIn);
    await aSecond();

    const result = await handler({ action: 'sweep' });

    expect(result).toMatchObject({ renewed: [good.arn], failed: [bad.arn] });
    expect(await tagsOf(bad.arn)).toMatchObject({
      'cdk-pki:renewal-status': 'renewal failed',
      'cdk-pki:renewal-reason': expect.stringMatching(/^tag cdk-pki:ca-arn is not-an-arn which is not an AWS Private CA ARN/),
    });
    expect(new X509Certificate((await acm.send(new GetCertificateCommand({ CertificateArn: bad.arn }))).Certificate!).fingerprint256)
      .toBe(new X509Certificate(bad.pem).fingerprint256);
  });
});
