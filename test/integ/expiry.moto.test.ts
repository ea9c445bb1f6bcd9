/**
 * The shipped CA-expiry and inventory handlers end to end against moto_server, with real certificates made in
 * the test:
 * - a monitoring account 222222222222 / eu-west-1 holds an issuing CA whose certificate expires in ten days and a
 *   CA still waiting for its certificate; a CA account 111111111111 / us-east-1 holds an issuing CA with two
 *   years left, read through a role there. The CA certificates are signed by a test root and installed into moto's
 *   CAs (moto does not check that they match the CA's key, and its own issuance always gives 365 days).
 * - the handler publishes DaysToExpiry per CA and the minimum into moto's CloudWatch, where the alarms that
 *   ExpiryAlarms synthesizes, created in moto from the template, find the same metrics;
 * - ACM holds imported certificates of three key types with and without owner tags; the inventory lands in an S3
 *   bucket as JSON and CSV.
 */
import { X509Certificate } from 'node:crypto';
import { ACMClient, AddTagsToCertificateCommand, ImportCertificateCommand } from '@aws-sdk/client-acm';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  GetCertificateAuthorityCsrCommand,
  ImportCertificateAuthorityCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import {
  CloudWatchClient,
  DescribeAlarmsForMetricCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { createHandler as createCaExpiryHandler } from '../../lambda/ca-expiry';
import { createHandler as createInventoryHandler } from '../../lambda/cert-inventory';
import type { InventoryReport } from '../../lambda/cert-inventory';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';
import { createCsr, createLeafCertificate, createRootCa, signCsrAsCa } from '../support/pki';
import type { CaMaterial } from '../support/pki';

jest.setTimeout(60_000);

const MONITORING = { account: '222222222222', region: 'eu-west-1' };
const CA_ACCOUNT = { account: '111111111111', region: 'us-east-1' };
const READER_ROLE = `arn:aws:iam::${CA_ACCOUNT.account}:role/cdk-pki-ca-expiry-reader`;
const DAY = 86_400_000;


describeWithMoto('expiry handlers against moto_server', 'expiry', (moto) => {
  let root: CaMaterial;
  let monitoringCredentials: AwsCredentials;
  let caAccountCredentials: AwsCredentials;

  beforeAll(async () => {
    root = await createRootCa({ family: 'EC', commonName: 'Expiry Integration Root' });
  });

  beforeEach(async () => {
    monitoringCredentials = await moto.credentialsOf(MONITORING.account);
    caAccountCredentials = await moto.credentialsOf(CA_ACCOUNT.account);
  });

  const client = <T>(Client: new (config: object) => T, env: { region: string }, credentials: AwsCredentials) =>
    new Client({ region: env.region, endpoint: moto.endpoint, credentials, forcePathStyle: true });

  /** A subordinate CA in moto whose certificate (signed by the test root) ends at `notAfter`; or pending, without one. */
  async function createCa(env: { region: string }, credentials: AwsCredentials, commonName: string,
    notAfter?: Date): Promise<{ arn: string; pem?: string }> {
    const pca = client(ACMPCAClient, env, credentials);
    const created = await pca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'SUBORDINATE',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: commonName } },
    }));
    const arn = created.CertificateAuthorityArn!;
    if (!notAfter) return { arn };
    // moto's CSR is for its own key; the CA certificate here is for a key of the test's, which moto accepts.
    await pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
    const csr = await createCsr({ family: 'EC', commonName });
    const pem = await signCsrAsCa(csr.pem, root, { notAfter });
    await pca.send(new ImportCertificateAuthorityCertificateCommand({
      CertificateAuthorityArn: arn, Certificate: Buffer.from(pem), CertificateChain: Buffer.from(root.pem),
    }));
    return { arn, pem };
  }

  test('publishes DaysToExpiry per CA, across accounts and Regions, where the synthesized alarms look', async () => {
    const now = new Date();
    const soon = await createCa(MONITORING, monitoringCredentials, 'Soon Issuing CA', new Date(now.getTime() + 10 * DAY));
    const pending = await createCa(MONITORING, monitoringCredentials, 'Pending CA');
    const later = await createCa(CA_ACCOUNT, caAccountCredentials, 'Later Issuing CA', new Date(now.getTime() + 700 * DAY));

    const handler = createCaExpiryHandler({ endpoint: moto.endpoint, credentials: monitoringCredentials, region: MONITORING.region, now: () => now });
    const result = await handler({
      CertificateAuthorities: [{ Arn: later.arn, RoleArn: READER_ROLE }],
      DiscoverAccountCertificateAuthorities: true,
      Monitor: 'IntegExpiryAlarms',
    });

    const days = (pem: string) => Math.floor(((Date.parse(new X509Certificate(pem).validTo) - now.getTime()) / DAY) * 100) / 100;
    expect(Object.fromEntries(result.checked.map((c) => [c.certificateAuthorityArn, c.daysToExpiry]))).toEqual({
      [soon.arn]: days(soon.pem!),
      [later.arn]: days(later.pem!),
    });
    expect(result.skipped).toEqual([pending.arn]);

    // The metrics are in the monitoring account and Region, in namespace cdk-pki.
    const cloudwatch = client(CloudWatchClient, MONITORING, monitoringCredentials);
    const listed = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'cdk-pki', MetricName: 'DaysToExpiry' }));
    expect((listed.Metrics ?? []).map((m) => `${m.Dimensions![0].Name}=${m.Dimensions![0].Value}`).sort()).toEqual([
      `CertificateAuthorityArn=${later.arn}`, `CertificateAuthorityArn=${soon.arn}`, 'Monitor=IntegExpiryAlarms',
    ].sort());
    const minimum = async (name: string, value: string) => (await cloudwatch.send(new GetMetricStatisticsCommand({
      Namespace: 'cdk-pki',
      MetricName: 'DaysToExpiry',
      Dimensions: [{ Name: name, Value: value }],
      StartTime: new Date(now.getTime() - DAY),
      EndTime: new Date(now.getTime() + 60_000),
      Period: 86400,
      Statistics: ['Minimum'],
    }))).Datapoints?.[0]?.Minimum;
    expect(await minimum('CertificateAuthorityArn', soon.arn)).toBeCloseTo(days(soon.pem!), 2);
    expect(await minimum('CertificateAuthorityArn', later.arn)).toBeCloseTo(days(later.pem!), 2);
    expect(await minimum('Monitor', 'IntegExpiryAlarms')).toBeCloseTo(days(soon.pem!), 2);
    // Nothing went to the CA account.
    const elsewhere = await client(CloudWatchClient, CA_ACCOUNT, caAccountCredentials).send(new ListMetricsCommand({ Namespace: 'cdk-pki' }));
    expect(elsewhere.Metrics ?? []).toHaveLength(0);

    // The alarms ExpiryAlarms synthesizes for these CAs, created in moto as CloudFormation would, watch those metrics.
    const app = new App();
    const stack = new Stack(app, 'Monitoring', { env: MONITORING });
    new ExpiryAlarms(stack, 'ExpiryAlarms', {
      certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'Soon', soon.arn)],
      crossAccountCertificateAuthorities: [{ certificateAuthorityArn: later.arn, roleArn: READER_ROLE }],
      configRule: false,
    });
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'cdk-pki' } });
    expect(Object.keys(alarms)).toHaveLength(4);
    for (const [id, alarm] of Object.entries(alarms)) {
      const p = alarm.Properties;
      await cloudwatch.send(new PutMetricAlarmCommand({
        AlarmName: id,
        Namespace: p.Namespace,
        MetricName: p.MetricName,
        Dimensions: p.Dimensions,
        Statistic: p.Statistic,
        Period: p.Period,
        EvaluationPeriods: p.EvaluationPeriods,
        Threshold: p.Threshold,
        ComparisonOperator: p.ComparisonOperator,
        TreatMissingData: p.TreatMissingData,
      }));
    }
    for (const ca of [soon, later]) {
      const found = await cloudwatch.send(new DescribeAlarmsForMetricCommand({
        Namespace: 'cdk-pki', MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateAuthorityArn', Value: ca.arn }],
      }));
      // moto answers DescribeAlarmsForMetric by namespace and name only, so the dimensions are compared here.
      const forThisCa = (found.MetricAlarms ?? []).filter((a) => JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'CertificateAuthorityArn', Value: ca.arn }]));
      expect(forThisCa.map((a) => a.Threshold).sort((a, b) => a! - b!)).toEqual([60, 180]);
    }
  });

  test('a role that does not lead to the CA\'s account fails that CA; the others are still published', async () => {
    const now = new Date();
    const soon = await createCa(MONITORING, monitoringCredentials, 'Soon Issuing CA', new Date(now.getTime() + 10 * DAY));
    const later = await createCa(CA_ACCOUNT, caAccountCredentials, 'Later Issuing CA', new Date(now.getTime() + 700 * DAY));

    const handler = createCaExpiryHandler({ endpoint: moto.endpoint, credentials: monitoringCredentials, region: MONITORING.region, now: () => now });
    // Without a role, the function reads with its own account's credentials: moto has no such CA there.
    const run = handler({ CertificateAuthorities: [{ Arn: soon.arn }, { Arn: later.arn }], DiscoverAccountCertificateAuthorities: false, Monitor: 'M' });

    await expect(run).rejects.toThrow(`CA ${later.arn} does not exist`);
    const listed = await client(CloudWatchClient, MONITORING, monitoringCredentials).send(new ListMetricsCommand({ Namespace: 'cdk-pki' }));
    expect((listed.Metrics ?? []).map((m) => m.Dimensions![0].Value).sort()).toEqual(['M', soon.arn].sort());
  });

  test('the inventory lists every imported certificate of every key type, flags them, and writes JSON and CSV to S3', async () => {
    const acm = client(ACMClient, MONITORING, monitoringCredentials);
    const s3 = client(S3Client, MONITORING, monitoringCredentials);
    await s3.send(new CreateBucketCommand({ Bucket: 'inventory', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const now = new Date();
    const issue = async (commonName: string, key: Parameters<typeof createLeafCertificate>[1], days: number, tags: Record<string, string>) => {
      const leaf = await createLeafCertificate(root, key, { subject: `CN=${commonName}`, dnsNames: [commonName], notAfter: new Date(now.getTime() + days * DAY) });
      const out = await acm.send(new ImportCertificateCommand({
        Certificate: Buffer.from(leaf.pem), PrivateKey: Buffer.from(leaf.keyPem), CertificateChain: Buffer.from(root.pem),
      }));
      if (Object.keys(tags).length > 0) {
        const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
        await acm.send(new AddTagsToCertificateCommand({ CertificateArn: out.CertificateArn, Tags: tagList }));
      }
      return out.CertificateArn!;
    };
    const rsa = await issue('rsa.example.internal', { rsa: 2048 }, 200, { Owner: 'payments' });
    const ec256 = await issue('ec256.example.internal', { curve: 'P-256' }, 20, {});
    const ec384 = await issue('ec384.example.internal', { curve: 'P-384' }, 90, { Owner: 'web', Team: 'edge' });

    const result = await createInventoryHandler({
      endpoint: moto.endpoint,
      credentials: monitoringCredentials,
      region: MONITORING.region,
      forcePathStyle: true,
      now: () => now,
      settings: { bucket: 'inventory', prefix: 'certificate-inventory/', ownerTagKeys: ['Owner'], account: MONITORING.account },
    })();

    expect(result.summary).toMatchObject({ certificates: 3, missingOwnerTags: 1, expiringWithin30Days: 1, errors: 0 });
    const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'inventory', Key: key }))).Body!.transformToString();
    const report: InventoryReport = JSON.parse(await read(`certificate-inventory/${now.toISOString().slice(0, 10)}/certificates.json`));
    const byArn = Object.fromEntries(report.certificates.map((c) => [c.certificateArn, c]));
    expect(byArn[rsa]).toMatchObject({ type: 'IMPORTED', keyAlgorithm: 'RSA_2048', domainName: 'rsa.example.internal', tags: { Owner: 'payments' }, missingOwnerTags: [] });
    expect(byArn[ec256]).toMatchObject({ keyAlgorithm: 'EC_prime256v1', missingOwnerTags: ['Owner'], unused: true });
    expect(byArn[ec384]).toMatchObject({ keyAlgorithm: 'EC_secp384r1', tags: { Owner: 'web', Team: 'edge' } });
    expect(byArn[ec256].daysToExpiry).toBeGreaterThanOrEqual(19);
    expect(byArn[ec256].daysToExpiry).toBeLessThanOrEqual(20);
    expect(byArn[rsa].issuer).toContain('Expiry Integration Root');
    const csv = await read('certificate-inventory/latest/certificates.csv');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
    expect(csv).toContain(`"${ec256}"`);
  });
});
