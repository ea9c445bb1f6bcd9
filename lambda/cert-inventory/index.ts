/**
 * Scheduled by ExpiryAlarms: a report of every ACM certificate of the account in this Region (type, issuer,
 * key algorithm, expiry, what uses it, tags), written to S3 as JSON and CSV, that flags certificates in use by
 * nothing and certificates without the owner tags the user names (the audit the AWS guidance recommends).
 *
 * ListCertificates returns only RSA_1024 and RSA_2048 certificates unless asked for the other key types, so
 * the listing names them all. One certificate that cannot be described is reported as such; the rest of the
 * report is still written.
 */
import {
  ACMClient,
  DescribeCertificateCommand,
  ListTagsForCertificateCommand,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import type { CertificateDetail, KeyAlgorithm } from '@aws-sdk/client-acm';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ACM_LIST_KEY_TYPES } from '../../src/private/contracts/aws-expiry';
import { INVENTORY_ENV } from '../../src/private/contracts/expiry';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { awsCalls, errorName } from '../shared/errors';
import { log } from '../shared/log';

/** What the report is written with; production reads it from the environment. */
export interface InventorySettings {
  readonly bucket: string;
  /** Prefix of the report's keys, ending in '/' (or empty). */
  readonly prefix: string;
  /** Tag keys every certificate should carry. */
  readonly ownerTagKeys: string[];
  /** Account the report is about (for its header). */
  readonly account: string;
}

export interface InventoryOptions extends AwsClientOptions {
  /** @default 8 */
  readonly maxAttempts?: number;
  /** Certificates described at the same time. @default 4 */
  readonly concurrency?: number;
  /** @default - from the environment (INVENTORY_BUCKET, INVENTORY_PREFIX, INVENTORY_OWNER_TAG_KEYS, INVENTORY_ACCOUNT) */
  readonly settings?: InventorySettings;
  /** @default - new Date() */
  readonly now?: () => Date;
  /** Forces S3 path-style addressing (moto). @default false */
  readonly forcePathStyle?: boolean;
}

/** One certificate of the report. */
export interface InventoryEntry {
  readonly certificateArn: string;
  readonly domainName?: string;
  readonly subjectAlternativeNames: string[];
  /** IMPORTED, AMAZON_ISSUED or PRIVATE. */
  readonly type?: string;
  readonly status?: string;
  readonly issuer?: string;
  /** For PRIVATE certificates: the CA that issued it. */
  readonly certificateAuthorityArn?: string;
  readonly keyAlgorithm?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** Whole days until NotAfter; negative once expired. */
  readonly daysToExpiry?: number;
  readonly renewalEligibility?: string;
  readonly inUseBy: string[];
  readonly tags: Record<string, string>;
  /** Flag: nothing uses the certificate. */
  readonly unused: boolean;
  /** Flag: owner tag keys the certificate lacks. */
  readonly missingOwnerTags: string[];
  /** Why the certificate could not be described, when it could not. */
  readonly error?: string;
}

export interface InventoryReport {
  readonly generatedAt: string;
  readonly account: string;
  readonly region: string;
  readonly ownerTagKeys: string[];
  readonly summary: {
    readonly certificates: number;
    readonly unused: number;
    readonly missingOwnerTags: number;
    readonly expiringWithin30Days: number;
    readonly expired: number;
    readonly errors: number;
  };
  readonly certificates: InventoryEntry[];
}

export interface InventoryResult {
  readonly summary: InventoryReport['summary'];
  /** S3 keys written. */
  readonly keys: string[];
}

const DAY_MS = 86_400_000;
/** Adaptive: one client describes hundreds of certificates in a row against ACM's per-account rate limits. */
const RETRY: RetrySettings = { retryMode: 'adaptive', maxAttempts: 8 };
const aws = awsCalls();

/** Columns of the CSV, in order. */
export const CSV_COLUMNS = [
  'CertificateArn', 'DomainName', 'SubjectAlternativeNames', 'Type', 'Status', 'Issuer', 'CertificateAuthorityArn', 'KeyAlgorithm',
  'NotBefore', 'NotAfter', 'DaysToExpiry', 'RenewalEligibility', 'InUseBy', 'Unused', 'MissingOwnerTags', 'Tags', 'Error',
] as const;

export function createHandler(options: InventoryOptions = {}): (event?: unknown) => Promise<InventoryResult> {
  return async () => new Inventory(options).run();
}

export const handler = createHandler();

class Inventory {
  private readonly region: string;
  private readonly settings: InventorySettings;
  private readonly now: Date;
  private readonly clients: AwsClients;

  constructor(private readonly options: InventoryOptions) {
    this.region = regionOf(options, 'the inventory cannot tell which Region to list');
    this.clients = new AwsClients(options, this.region, RETRY);
    this.settings = options.settings ?? settingsFromEnvironment();
    this.now = (options.now ?? (() => new Date()))();
  }

  public async run(): Promise<InventoryResult> {
    const acm = this.clients.get(ACMClient);
    const arns = await this.list(acm);
    const entries: InventoryEntry[] = new Array(arns.length);
    await forEachLimited(arns.map((arn, i) => ({ arn, i })), this.options.concurrency ?? 4, async ({ arn, i }) => {
      entries[i] = await this.describe(acm, arn);
    });
    entries.sort((a, b) => (a.notAfter ?? '9999').localeCompare(b.notAfter ?? '9999') || a.certificateArn.localeCompare(b.certificateArn));
    const report = this.report(entries);
    const keys = await this.write(report);
    log('inventory written', { bucket: this.settings.bucket, keys, ...report.summary });
    return { summary: report.summary, keys };
  }

  /** ARNs of every certificate, of every key type, page by page. */
  private async list(acm: ACMClient): Promise<string[]> {
    const arns: string[] = [];
    await aws.call('ListCertificates', `the account's certificates in ${this.region}`, async () => {
      const pages = paginateListCertificates({ client: acm, pageSize: 500 }, {
        Includes: { keyTypes: [...ACM_LIST_KEY_TYPES] as KeyAlgorithm[] },
      });
      for await (const page of pages) {
        for (const summary of page.CertificateSummaryList ?? []) {
          if (summary.CertificateArn) arns.push(summary.CertificateArn);
        }
      }
    }, { accessHint: 'check that the function\'s role allows acm:ListCertificates' });
    return [...new Set(arns)];
  }

  private async describe(acm: ACMClient, arn: string): Promise<InventoryEntry> {
    let detail: CertificateDetail | undefined;
    let tags: Record<string, string> = {};
    let action = 'DescribeCertificate';
    try {
      detail = (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate;
      action = 'ListTagsForCertificate';
      const listed = await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
      tags = Object.fromEntries((listed.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    } catch (e) {
      const error = errorName(e) === 'ResourceNotFoundException'
        ? 'deleted while the inventory ran'
        : aws.error(action, `certificate ${arn}`, e, { accessHint: `check that the function's role allows acm:${action}` }).message;
      log('certificate could not be described', { certificateArn: arn, error });
      return { certificateArn: arn, subjectAlternativeNames: [], inUseBy: [], tags, unused: false, missingOwnerTags: [], error };
    }
    const notAfter = toDate(detail?.NotAfter);
    const inUseBy = detail?.InUseBy ?? [];
    return {
      certificateArn: arn,
      domainName: detail?.DomainName,
      subjectAlternativeNames: detail?.SubjectAlternativeNames ?? [],
      type: detail?.Type,
      status: detail?.Status,
      issuer: detail?.Issuer,
      certificateAuthorityArn: detail?.CertificateAuthorityArn,
      keyAlgorithm: detail?.KeyAlgorithm,
      notBefore: toDate(detail?.NotBefore)?.toISOString(),
      notAfter: notAfter?.toISOString(),
      daysToExpiry: notAfter ? Math.floor((notAfter.getTime() - this.now.getTime()) / DAY_MS) : undefined,
      renewalEligibility: detail?.RenewalEligibility,
      inUseBy,
      tags,
      unused: inUseBy.length === 0,
      missingOwnerTags: this.settings.ownerTagKeys.filter((k) => !(k in tags) || tags[k].trim() === ''),
    };
  }

  private report(entries: InventoryEntry[]): InventoryReport {
    const described = entries.filter((e) => e.error === undefined);
    return {
      generatedAt: this.now.toISOString(),
      account: this.settings.account,
      region: this.region,
      ownerTagKeys: this.settings.ownerTagKeys,
      summary: {
        certificates: entries.length,
        unused: described.filter((e) => e.unused).length,
        missingOwnerTags: described.filter((e) => e.missingOwnerTags.length > 0).length,
        expiringWithin30Days: described.filter((e) => e.daysToExpiry !== undefined && e.daysToExpiry >= 0 && e.daysToExpiry < 30).length,
        expired: described.filter((e) => e.daysToExpiry !== undefined && e.daysToExpiry < 0).length,
        errors: entries.length - described.length,
      },
      certificates: entries,
    };
  }

  /** The report under a dated key and under latest/, as JSON and CSV. */
  private async write(report: InventoryReport): Promise<string[]> {
    const s3 = new S3Client({ ...this.clients.config(), forcePathStyle: this.options.forcePathStyle });
    const date = report.generatedAt.slice(0, 10);
    const json = JSON.stringify(report, undefined, 2);
    const csv = toCsv(report.certificates);
    const objects = [
      { key: `${this.settings.prefix}${date}/certificates.json`, body: json, type: 'application/json' },
      { key: `${this.settings.prefix}${date}/certificates.csv`, body: csv, type: 'text/csv; charset=utf-8' },
      { key: `${this.settings.prefix}latest/certificates.json`, body: json, type: 'application/json' },
      { key: `${this.settings.prefix}latest/certificates.csv`, body: csv, type: 'text/csv; charset=utf-8' },
    ];
    for (const o of objects) {
      await aws.call('PutObject', `s3://${this.settings.bucket}/${o.key}`,
        () => s3.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: o.key, Body: o.body, ContentType: o.type })),
        { accessHint: 'check that the function\'s role may write under the prefix' });
    }
    return objects.map((o) => o.key);
  }
}

function settingsFromEnvironment(): InventorySettings {
  const bucket = process.env[INVENTORY_ENV.BUCKET];
  if (!bucket) throw new Error(`${INVENTORY_ENV.BUCKET} is not set: the inventory has nowhere to write`);
  let ownerTagKeys: unknown = [];
  try {
    ownerTagKeys = JSON.parse(process.env[INVENTORY_ENV.OWNER_TAG_KEYS] || '[]');
  } catch (e) {
    throw new Error(`${INVENTORY_ENV.OWNER_TAG_KEYS} is not a JSON array of tag keys: ${(e as Error).message}`);
  }
  if (!Array.isArray(ownerTagKeys) || !ownerTagKeys.every((k) => typeof k === 'string')) {
    throw new Error(`${INVENTORY_ENV.OWNER_TAG_KEYS} is not a JSON array of tag keys`);
  }
  return {
    bucket,
    prefix: process.env[INVENTORY_ENV.PREFIX] ?? '',
    ownerTagKeys,
    account: process.env[INVENTORY_ENV.ACCOUNT] ?? '',
  };
}

/** RFC 4180 CSV: every field quoted, quotes doubled, lists joined with ' ', tags as key=value pairs. */
export function toCsv(entries: InventoryEntry[]): string {
  const quote = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const rows = entries.map((e) => [
    e.certificateArn, e.domainName, e.subjectAlternativeNames.join(' '), e.type, e.status, e.issuer, e.certificateAuthorityArn,
    e.keyAlgorithm, e.notBefore, e.notAfter, e.daysToExpiry, e.renewalEligibility, e.inUseBy.join(' '), e.error ? '' : e.unused,
    e.missingOwnerTags.join(' '), Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join('; '), e.error,
  ].map(quote).join(','));
  return [CSV_COLUMNS.map(quote).join(','), ...rows].join('\r\n') + '\r\n';
}

function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
