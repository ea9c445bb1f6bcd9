/**
 * The shipped inventory handler's CA part against moto_server: real Private CAs and an ACM private certificate made
 * in the test, listed and described by the handler, with the report read back from S3.
 *
 * moto stamps every CA and certificate with the time it was made, so the handler's clock is set 90 days after the
 * CA that issued the ACM certificate was created: that CA (and every CA made before it) is then exactly old enough
 * to be flagged, and the certificate, requested after it, falls inside the period. moto reads every CA as
 * SHORT_LIVED_CERTIFICATE whatever was asked (and lets such a CA issue ACM certificates, which AWS does not), so
 * every fee here is the short-lived one; the general-purpose fee is covered by the mocked tests.
 */
import { ACMClient, RequestCertificateCommand } from '@aws-sdk/client-acm';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHandler } from '../../lambda/cert-inventory';
import type { InventoryReport } from '../../lambda/cert-inventory';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';

jest.setTimeout(60_000);

const ACCOUNT = '222222222222';
const OTHER_ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const DAY = 86_400_000;

interface CaOptions {
  /** Leave it waiting for its certificate. */
  readonly pending?: boolean;
  /** Create it in another account. */
  readonly creds?: AwsCredentials;
}

describeWithMoto('the inventory\'s idle CAs against moto_server', 'certificate inventory (idle CAs)', (moto) => {
  let credentials: AwsCredentials;

  beforeEach(async () => {
    credentials = await moto.credentialsOf(ACCOUNT);
  });

  const client = <T>(Client: new (config: object) => T, creds: AwsCredentials = credentials) =>
    new Client({ region: REGION, endpoint: moto.endpoint, credentials: creds, forcePathStyle: true });

  /** A root CA in moto, ACTIVE unless `pending`; returns its ARN and when moto says it was created. */
  async function createCa(commonName: string, options: CaOptions = {}): Promise<{ arn: string; createdAt: Date }> {
    const pca = client(ACMPCAClient, options.creds);
    const { CertificateAuthorityArn: arn } = await pca.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: commonName } },
    }));
    if (!options.pending) await activateRootCa(pca, arn!, { Type: 'DAYS', Value: 365 });
    const described = await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    return { arn: arn!, createdAt: described.CertificateAuthority!.CreatedAt! };
  }

  test('flags the ACTIVE and DISABLED CAs that issued no ACM certificate for 90 days, with their fee, and writes them to S3', async () => {
    const idle = await createCa('Idle CA');
    const retired = await createCa('Retired CA');
    await client(ACMPCAClient).send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: retired.arn, Status: 'DISABLED' }));
    const pending = await createCa('Pending CA', { pending: true });
    const busy = await createCa('Busy CA');
    await createCa('Other account CA', { creds: await moto.credentialsOf(OTHER_ACCOUNT) });
    // moto's certificate times are whole seconds: wait so that the certificate is stamped after the busy CA's creation.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const acm = client(ACMClient);
    const { CertificateArn: certificateArn } = await acm.send(new RequestCertificateCommand({
      DomainName: 'api.example.internal', CertificateAuthorityArn: busy.arn,
    }));
    const young = await createCa('Young CA');
    const s3 = client(S3Client);
    await s3.send(new CreateBucketCommand({ Bucket: 'inventory', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    const now = new Date(busy.createdAt.getTime() + 90 * DAY);

    const result = await createHandler({
      endpoint: moto.endpoint,
      credentials,
      region: REGION,
      forcePathStyle: true,
      now: () => now,
      settings: { bucket: 'inventory', prefix: 'certificate-inventory/', ownerTagKeys: [], account: ACCOUNT },
    })();

    expect(result.summary).toMatchObject({ certificates: 1, certificateAuthorities: 5, idleCertificateAuthorities: 2, idleMonthlyCostUsd: 100 });
    const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: 'inventory', Key: key }))).Body!.transformToString();
    const report: InventoryReport = JSON.parse(await read('certificate-inventory/latest/certificates.json'));
    const byArn = Object.fromEntries(report.certificateAuthorities.map((c) => [c.arn, c]));
    expect(Object.keys(byArn).sort()).toEqual([idle.arn, retired.arn, pending.arn, busy.arn, young.arn].sort());
    expect(byArn[idle.arn]).toMatchObject({ status: 'ACTIVE', type: 'ROOT', commonName: 'Idle CA', idle: true, monthlyCostUsd: 50, acmCertificates: 0 });
    expect(byArn[retired.arn]).toMatchObject({ status: 'DISABLED', idle: true, monthlyCostUsd: 50 });
    expect(byArn[pending.arn]).toMatchObject({ status: 'PENDING_CERTIFICATE', idle: false });
    expect(byArn[busy.arn]).toMatchObject({ status: 'ACTIVE', idle: false, acmCertificates: 1, validAcmCertificates: 1 });
    expect(byArn[busy.arn].lastIssuance).toBe(report.certificates.find((c) => c.certificateArn === certificateArn)!.notBefore);
    expect(byArn[young.arn]).toMatchObject({ status: 'ACTIVE', idle: false, acmCertificates: 0 });
    expect(report.certificateAuthorities.slice(0, 2).map((c) => c.arn).sort()).toEqual([idle.arn, retired.arn].sort());
    expect(report.idleCertificateAuthoritiesSummary).toMatch(/^2 of 5 CA\(s\) issued no ACM certificate in this account in the last 90 days: .*100 USD a month together/);

    const csv = (await read(`certificate-inventory/${now.toISOString().slice(0, 10)}/certificate-authorities.csv`)).trimEnd().split('\r\n');
    expect(csv).toHaveLength(6);
    expect(csv.find((line) => line.startsWith(`"${idle.arn}"`))).toContain('"true","50","Candidate for retirement: ');
  });
});
