/**
 * What ExpiryAlarms and its handlers (lambda/ca-expiry, lambda/cert-inventory, lambda/expiry-filter) agree
 * on: the custom metric, the events and environment variables the handlers read, and the wording of the
 * notifications (used by the construct's EventBridge input transformers with event-field placeholders, and
 * by the filter handler with the values themselves, so both say the same).
 */

/** Namespace of the library's custom metrics. */
export const CA_METRIC_NAMESPACE = 'cdk-pki';
/** Days until the CA certificate, or the first certificate of its chain, expires (negative once it has). */
export const CA_DAYS_TO_EXPIRY_METRIC = 'DaysToExpiry';
/** Dimension of the per-CA metric: the CA's ARN. */
export const CA_ARN_DIMENSION = 'CertificateAuthorityArn';
/**
 * Dimension of the aggregate metric: the minimum over every CA one ExpiryAlarms checks, so one pair of
 * alarms covers CAs discovered at run time. Its value names the ExpiryAlarms (its unique id).
 */
export const CA_MONITOR_DIMENSION = 'Monitor';

/** Session name of the CA-expiry function in roles it assumes (shows in the CA account's CloudTrail). */
export const CA_EXPIRY_SESSION_NAME = 'cdk-pki-ca-expiry';

/**
 * IAM path of the CA-expiry function's role, apart from `/cdk-pki/`, the path of the signing roles (handlers,
 * invokers, readers, authorities): this role has no business signing.
 */
export const CA_EXPIRY_ROLE_PATH = '/cdk-pki-ca-expiry/';

/** One CA the CA-expiry function reads. */
export interface CaTarget {
  /** ARN of the CA (any Region: the function calls the CA's Region). */
  readonly Arn: string;
  /** Role to assume for a CA in another account. */
  readonly RoleArn?: string;
}

/**
 * The input of the CA-expiry function, set on its schedule, and the `Check` property of its deployment-time run
 * (Custom::PkiCaExpiryCheck), where CloudFormation passes every scalar as a string ("false", not false): the
 * handler reads both.
 */
export interface CaExpiryCheckEvent {
  readonly CertificateAuthorities: CaTarget[];
  /** Also check every CA the account owns in the function's Region (ListCertificateAuthorities). */
  readonly DiscoverAccountCertificateAuthorities: boolean;
  /** Value of the Monitor dimension of the aggregate metric. */
  readonly Monitor: string;
}

/** Environment of the inventory function. */
export const INVENTORY_ENV = {
  BUCKET: 'INVENTORY_BUCKET',
  PREFIX: 'INVENTORY_PREFIX',
  /** JSON array of tag keys that every certificate should carry. */
  OWNER_TAG_KEYS: 'INVENTORY_OWNER_TAG_KEYS',
  ACCOUNT: 'INVENTORY_ACCOUNT',
  /** Whole days (at least 1) without an ACM certificate seen from a CA after which the inventory flags it as idle. */
  IDLE_CA_DAYS: 'INVENTORY_IDLE_CA_DAYS',
} as const;

/** Days without an ACM certificate seen from a CA after which the inventory flags it as idle, unless `idleCaPeriod` says otherwise. */
export const DEFAULT_IDLE_CA_DAYS = 90;

/** Environment of the tag filter function. */
export const FILTER_ENV = {
  TOPIC_ARN: 'EXPIRY_TOPIC_ARN',
  /** JSON object of tag key to value; a certificate must carry all of them. */
  REQUIRED_TAGS: 'EXPIRY_REQUIRED_TAGS',
  /** daysToExpiration of the Config rule, for the message. */
  CONFIG_DAYS: 'EXPIRY_CONFIG_DAYS',
} as const;

/** Fields of a notification; in the input transformers these are `<placeholder>` tokens of EventBridge. */
export interface NotificationFields {
  readonly certificateArn: string;
  readonly commonName: string;
  readonly account: string;
  readonly region: string;
  readonly daysToExpiry: string;
  readonly renewalStatusReason: string;
  readonly expirationDate: string;
  readonly configRuleName: string;
  readonly configDays: string;
}

export type NotificationKind = 'approaching' | 'renewal' | 'expired' | 'config';

/** The text of a notification, one line, readable in an email and in a chat message. */
export function notificationText(kind: NotificationKind, f: Partial<NotificationFields>): string {
  const where = `in account ${f.account}, Region ${f.region}`;
  switch (kind) {
    case 'approaching':
      return `ACM certificate ${f.commonName} (${f.certificateArn}) ${where} expires in ${f.daysToExpiry} days. `
        + 'ACM renews the certificates it issues and that are in use or exported; an imported certificate must be replaced and re-imported before then.';
    case 'renewal':
      return `ACM could not renew certificate ${f.commonName} (${f.certificateArn}) ${where}: ${f.renewalStatusReason}. `
        + `It expires in ${f.daysToExpiry} days. Fix the cause (https://docs.aws.amazon.com/acm/latest/userguide/troubleshooting-renewal.html).`;
    case 'expired':
      return `ACM certificate ${f.commonName} (${f.certificateArn}) ${where} EXPIRED on ${f.expirationDate}. `
        + 'Clients that use it now fail: replace it.';
    case 'config':
      return `AWS Config rule ${f.configRuleName} found ACM certificate ${f.certificateArn} ${where} NON_COMPLIANT: `
        + `it expires within ${f.configDays} days. Renew or replace it, or delete it if nothing uses it.`;
  }
}
