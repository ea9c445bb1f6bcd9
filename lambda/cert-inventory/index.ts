/**
 * Scheduled by ExpiryAlarms: a report of every ACM certificate of the account in this Region (type, issuer,
 * key algorithm, expiry, what uses it, tags), written to S3 as JSON and CSV, that flags certificates in use by
 * nothing and certificates without the owner tags the user names (the audit the AWS guidance recommends).
 * It also lists the account's Private CAs in the Region and flags those that issued no ACM certificate of this
 * account for the idle period as candidates for retirement, with their monthly fee (see idle-cas.ts for what
 * that flag cannot see). A CA listing that fails is reported as such; the certificates are still written.
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
import { ACMPCAClient, paginateListCertificateAuthorities } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority } from '@aws-sdk/client-acm-pca';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { assessCertificateAuthorities, casToCsv, idleSummary, toDate } from './idle-cas';
import type { AcmIssuance, CaAssessment, CaInventoryEntry } from './idle-cas';
import { ACM_LIST_KEY_TYPES } from '../../src/private/contracts/aws-expiry';
import { DEFAULT_IDLE_CA_DAYS, INVENTORY_ENV } from '../../src/private/contracts/expiry';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { awsCalls, errorName } from '../shared/errors';
import { log } from '../shared/log';

export { CA_CSV_COLUMNS, casToCsv } from './idle-cas';
export type { CaInventoryEntry } from './idle-cas';

/** What the report is written with; production reads it from the environment. */
export interface InventorySettings {
  readonly bucket: string;
  /** Prefix of the report's keys, ending in '/' (or empty). */
  readonly prefix: string;
  /** Tag keys every certificate should carry. */
  readonly ownerTagKeys: string[];
  /** Account the report is about (for its header). */
  readonly account: string;
  /** Whole days without an ACM certificate seen from a CA after which it is flagged as idle. @default 90 */
  readonly idleCaDays?: number;
}

export interface InventoryOptions extends AwsClientOptions {
  /** @default 8 */
  readonly maxAttempts?: number;
  /** Certificates described at the same time. @default 4 */
  readonly concurrency?: number;
  /** @default - from the environment (INVENTORY_BUCKET, INVENTORY_PREFIX, INVENTORY_OWNER_TAG_KEYS, INVENTORY_ACCOUNT, INVENTORY_IDLE_CA_DAYS) */
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
  /** Days without an ACM certificate seen from a CA after which it is flagged as idle. */
  readonly idleCaPeriodDays: number;
  readonly summary: {
    readonly certificates: number;
    readonly unused: number;
    readonly missingOwnerTags: number;
    readonly expiringWithin30Days: number;
    readonly expired: number;
    readonly errors: number;
    /** CAs of the account in the Region (0 when they could not be listed: see certificateAuthoritiesError). */
    readonly certificateAuthorities: number;
    /** CAs flagged as idle: candidates for retirement. */
    readonly idleCertificateAuthorities: number;
    /** Their monthly fees together, in US dollars. */
    readonly idleMonthlyCostUsd: number;
  };
  /** One line on the idle CAs: how many, what they cost a month, and what the inventory cannot see. */
  readonly idleCertificateAuthoritiesSummary: string;
  readonly certificates: InventoryEntry[];
  readonly certificateAuthorities: CaInventoryEntry[];
  /** Why the CAs could not be listed, when they could not. */
  readonly certificateAuthoritiesError?: string;
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
  /** Per ACM certificate described, what the CA part needs: issued by which CA, when. */
  private readonly issuances: AcmIssuance[] = [];

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
    const cas = await this.assessCas();
    const report = this.report(entries, cas);
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

  /**
   * The account's CAs in this Region (ListCertificateAuthorities already carries status, usage mode, dates), each
   * with the ACM certificates described from it. A failed listing is reported, not thrown: the certificates still count.
   */
  private async assessCas(): Promise<CaAssessment | { error: string }> {
    const cas: CertificateAuthority[] = [];
    try {
      await aws.call('ListCertificateAuthorities', `the account's CAs in ${this.region}`, async () => {
        for await (const page of paginateListCertificateAuthorities({ client: this.clients.get(ACMPCAClient), pageSize: 100 }, { ResourceOwner: 'SELF' })) {
          cas.push(...(page.CertificateAuthorities ?? []));
        }
      }, { accessHint: 'check that the function\'s role allows acm-pca:ListCertificateAuthorities' });
    } catch (e) {
      const error = (e as Error).message;
      log('CAs could not be listed', { region: this.region, error });
      return { error };
    }
    return assessCertificateAuthorities(cas, this.issuances, this.now, this.idleCaDays);
  }

  private get idleCaDays(): number {
    return this.settings.idleCaDays ?? DEFAULT_IDLE_CA_DAYS;
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
    if (detail?.CertificateAuthorityArn) {
      this.issuances.push({ certificateAuthorityArn: detail.CertificateAuthorityArn, issuedAt: issuedAt(detail), notAfter });
    }
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

  private report(entries: InventoryEntry[], cas: CaAssessment | { error: string }): InventoryReport {
    const described = entries.filter((e) => e.error === undefined);
    const listed = 'error' in cas ? undefined : cas;
    return {
      generatedAt: this.now.toISOString(),
      account: this.settings.account,
      region: this.region,
      ownerTagKeys: this.settings.ownerTagKeys,
      idleCaPeriodDays: this.idleCaDays,
      summary: {
        certificates: entries.length,
        unused: described.filter((e) => e.unused).length,
        missingOwnerTags: described.filter((e) => e.missingOwnerTags.length > 0).length,
        expiringWithin30Days: described.filter((e) => e.daysToExpiry !== undefined && e.daysToExpiry >= 0 && e.daysToExpiry < 30).length,
        expired: described.filter((e) => e.daysToExpiry !== undefined && e.daysToExpiry < 0).length,
        errors: entries.length - described.length,
        certificateAuthorities: listed?.entries.length ?? 0,
        idleCertificateAuthorities: listed?.idle ?? 0,
        idleMonthlyCostUsd: listed?.idleMonthlyCostUsd ?? 0,
      },
      idleCertificateAuthoritiesSummary: idleSummary(cas, this.idleCaDays, entries.length - described.length),
      certificates: entries,
      certificateAuthorities: listed?.entries ?? [],
      ...('error' in cas ? { certificateAuthoritiesError: cas.error } : {}),
    };
  }

  /** The report under a dated key and under latest/, as JSON and CSV (the certificates', and the CAs' in a file of their own). */
  private async write(report: InventoryReport): Promise<string[]> {
    const s3 = new S3Client({ ...this.clients.config(), forcePathStyle: this.options.forcePathStyle });
    const date = report.generatedAt.slice(0, 10);
    const json = JSON.stringify(report, undefined, 2);
    const csv = toCsv(report.certificates);
    const casCsv = casToCsv(report.certificateAuthorities);
    const objects = [
      { key: `${this.settings.prefix}${date}/certificates.json`, body: json, type: 'application/json' },
      { key: `${this.settings.prefix}${date}/certificates.csv`, body: csv, type: 'text/csv; charset=utf-8' },
      { key: `${this.settings.prefix}${date}/certificate-authorities.csv`, body: casCsv, type: 'text/csv; charset=utf-8' },
      { key: `${this.settings.prefix}latest/certificates.json`, body: json, type: 'application/json' },
      { key: `${this.settings.prefix}latest/certificates.csv`, body: csv, type: 'text/csv; charset=utf-8' },
      { key: `${this.settings.prefix}latest/certificate-authorities.csv`, body: casCsv, type: 'text/csv; charset=utf-8' },
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
  const idleDays = process.env[INVENTORY_ENV.IDLE_CA_DAYS];
  const idleCaDays = idleDays === undefined || idleDays === '' ? DEFAULT_IDLE_CA_DAYS : Number(idleDays);
  if (!Number.isInteger(idleCaDays) || idleCaDays < 1) {
    throw new Error(`${INVENTORY_ENV.IDLE_CA_DAYS} '${idleDays}' is not a whole number of days of at least 1`);
  }
  return {
    bucket,
    prefix: process.env[INVENTORY_ENV.PREFIX] ?? '',
    ownerTagKeys,
    account: process.env[INVENTORY_ENV.ACCOUNT] ?? '',
    idleCaDays,
  };
}

/** ACM statuses of a certificate that was issued (a FAILED or pending request was not). */
const ISSUED_STATUSES: ReadonlySet<string> = new Set(['ISSUED', 'INACTIVE', 'EXPIRED', 'REVOKED']);

/** When the CA issued the certificate: NotBefore, else IssuedAt, else CreatedAt of one that was issued. */
function issuedAt(detail: CertificateDetail): Date | undefined {
  return toDate(detail.NotBefore) ?? toDate(detail.IssuedAt)
    ?? (ISSUED_STATUSES.has(detail.Status ?? '') ? toDate(detail.CreatedAt) : undefined);
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
