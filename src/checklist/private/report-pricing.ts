/**
 * Every price the PKI report uses, in US dollars (US East and Europe, where prices vary by Region), each with
 * its unit, the month it was read, and the AWS page it was read from: the one place to change them.
 *
 * `confirmed: false` (shown as UNCONFIRMED) marks a value that could not be read on the AWS page named:
 * either the page's table could not be read, or only third-party pages gave the value. Check the page and
 * change the value here.
 *
 * How AWS charges for private certificates (AWS Private CA pricing page):
 * - a certificate issued directly from a private CA (IssueCertificate: AWS::ACMPCA::Certificate, cert-manager,
 *   the renewal of imported certificates) is charged when it is issued, by tier of the certificates issued in
 *   the calendar month in each account and Region; short-lived certificate mode CAs' certificates at their
 *   own price;
 * - an ACM private certificate (ACM RequestCertificate with a private CA: `acm.PrivateCertificate`) is charged
 *   the first time it is exported, and carries no per-certificate charge otherwise;
 * - the CA itself: a monthly fee per CA by usage mode, pro-rated, until the CA is deleted (a DISABLED CA still
 *   costs its fee: "AWS bills you for a CA until it has been deleted", Private CA best practices), with a
 *   30-day trial without the fee for the first CA of each account and Region.
 */

/** The month the prices below were read. */
export const PRICES_READ_ON = '2026-12';

export const PRIVATE_CA_PRICING = 'https://aws.amazon.com/private-ca/pricing/';
export const KMS_PRICING = 'https://aws.amazon.com/kms/pricing/';
export const CLOUDWATCH_PRICING = 'https://aws.amazon.com/cloudwatch/pricing/';
export const CONFIG_PRICING = 'https://aws.amazon.com/config/pricing/';
export const CLOUDFRONT_PRICING = 'https://aws.amazon.com/cloudfront/pricing/';
export const LAMBDA_PRICING = 'https://aws.amazon.com/lambda/pricing/';
export const SNS_PRICING = 'https://aws.amazon.com/sns/pricing/';

/** Kept for the report's top line: the page of the Private CA prices, which make most of the total. */
export const PRICING_PAGE = PRIVATE_CA_PRICING;

export interface Price {
  readonly usd: number;
  /** What one `per` is: `CA-month`, `certificate`, `10,000 requests`. */
  readonly unit: string;
  /** How many of the counted things the price is for (10,000 for a price per 10,000 requests). */
  readonly per: number;
  /** The month the price was read. */
  readonly readOn: string;
  /** The AWS page it was read from. */
  readonly source: string;
  /** False for values that could not be read on `source` (UNCONFIRMED). */
  readonly confirmed: boolean;
}

export interface CertificateTier {
  /** Certificates in a month up to which this price applies (the last tier has no limit). */
  readonly upTo?: number;
  readonly usd: number;
}

function price(amount: number, unit: string, source: string, confirmed: boolean, per = 1): Price {
  return { usd: amount, unit, per, readOn: PRICES_READ_ON, source, confirmed };
}

// AWS Private CA. The CA fees are confirmed on the page (re-checked 2026-12-03). The per-certificate tiers,
// the short-lived certificate price and the OCSP price are the values AWS has long published; the page's table
// of them could not be read (UNCONFIRMED).
export const GENERAL_PURPOSE_CA_MONTHLY = price(400, 'CA-month', PRIVATE_CA_PRICING, true);
export const SHORT_LIVED_CA_MONTHLY = price(50, 'CA-month', PRIVATE_CA_PRICING, true);
export const GENERAL_PURPOSE_CERTIFICATE_TIERS: {
  readonly tiers: CertificateTier[]; readonly unit: string; readonly readOn: string; readonly source: string; readonly confirmed: boolean;
} = {
  tiers: [{ upTo: 1000, usd: 0.75 }, { upTo: 10000, usd: 0.35 }, { usd: 0.001 }],
  unit: 'certificate',
  readOn: PRICES_READ_ON,
  source: PRIVATE_CA_PRICING,
  confirmed: false,
};
export const SHORT_LIVED_CERTIFICATE = price(0.058, 'certificate', PRIVATE_CA_PRICING, false);
export const OCSP_PER_10000_REQUESTS = price(0.06, '10,000 requests', PRIVATE_CA_PRICING, false, 10000);
/** An ACM private certificate that is never exported: no per-certificate charge (confirmed on the page). */
export const ACM_PRIVATE_CERTIFICATE_NOT_EXPORTED = price(0, 'certificate', PRIVATE_CA_PRICING, true);

// AWS KMS: "Each AWS KMS key that you create in KMS costs $1/month (prorated hourly)"; each rotation of the key
// material adds $1/month to a key (not counted: the library's keys rotate yearly). 20,000 requests a month free.
export const KMS_KEY_MONTHLY = price(1, 'key-month', KMS_PRICING, true);

// Amazon CloudWatch: the free tier (10 alarm metrics, 10 custom metrics) is confirmed on the page; the paid
// prices come from third-party pages only (UNCONFIRMED).
export const CLOUDWATCH_ALARM_MONTHLY = price(0.10, 'alarm-month', CLOUDWATCH_PRICING, false);
export const CLOUDWATCH_CUSTOM_METRIC_MONTHLY = price(0.30, 'metric-month', CLOUDWATCH_PRICING, false);

// AWS Config: $0.001 per rule evaluation for the first 100,000 evaluations per account and Region each month
// (the page's rule-evaluation pricing, since August 2019). Recording configuration items is the recorder's
// cost, which this library does not create.
export const CONFIG_RULE_EVALUATION = price(0.001, 'rule evaluation', CONFIG_PRICING, true);

// Amazon CloudFront: no monthly fee per distribution; the always-free tier (1 TB out and 10,000,000 HTTP or
// HTTPS requests a month) and $0.085 per GB for the first 10 TB (United States, Europe) are confirmed on the page;
// the request price (United States, Europe) comes from third-party pages (UNCONFIRMED).
export const CLOUDFRONT_TRANSFER_PER_GB = price(0.085, 'GB', CLOUDFRONT_PRICING, true);
export const CLOUDFRONT_REQUESTS_PER_10000 = price(0.01, '10,000 requests', CLOUDFRONT_PRICING, false, 10000);
export const CLOUDFRONT_FREE_TIER = { transferGb: 1000, requests: 10000000 } as const;

// AWS Lambda: $0.20 per 1,000,000 requests, 1,000,000 requests and 400,000 GB-seconds a month free (AWS's
// "How AWS Pricing Works" Lambda page). The library's functions use 256 MB on arm64 and run for seconds.
export const LAMBDA_REQUESTS = price(0.20, '1,000,000 requests', LAMBDA_PRICING, true, 1000000);

// Amazon SNS: $0.50 per 1,000,000 publishes to a standard topic, email deliveries $2 per 100,000 after
// 1,000 free (third-party pages only: UNCONFIRMED). A topic has no monthly fee.
export const SNS_PUBLISHES = price(0.50, '1,000,000 publishes', SNS_PRICING, false, 1000000);

/** Every price above, for the report's list of sources. */
export const ALL_PRICES: readonly Price[] = [
  GENERAL_PURPOSE_CA_MONTHLY, SHORT_LIVED_CA_MONTHLY, SHORT_LIVED_CERTIFICATE, OCSP_PER_10000_REQUESTS, ACM_PRIVATE_CERTIFICATE_NOT_EXPORTED,
  KMS_KEY_MONTHLY, CLOUDWATCH_ALARM_MONTHLY, CLOUDWATCH_CUSTOM_METRIC_MONTHLY, CONFIG_RULE_EVALUATION, CLOUDFRONT_TRANSFER_PER_GB,
  CLOUDFRONT_REQUESTS_PER_10000, LAMBDA_REQUESTS, SNS_PUBLISHES,
];

/** The price of `count` general-purpose certificates issued in one month, by tier. */
export function generalPurposeCertificatesPrice(count: number): number {
  let remaining = count;
  let previous = 0;
  let total = 0;
  for (const tier of GENERAL_PURPOSE_CERTIFICATE_TIERS.tiers) {
    const inTier = tier.upTo === undefined ? remaining : Math.min(remaining, tier.upTo - previous);
    total += inTier * tier.usd;
    remaining -= inTier;
    previous = tier.upTo ?? previous;
    if (remaining <= 0) break;
  }
  return total;
}

/** `$1,234.56`. */
export function usd(amount: number): string {
  const fixed = (Math.round(amount * 100) / 100).toFixed(2);
  const [whole, cents] = fixed.split('.');
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** A unit price with up to three decimals: `$0.001`, `$0.75`, `$400`. */
export function unitPrice(amount: number): string {
  return Number.isInteger(amount) ? `$${amount}` : `$${amount.toFixed(3).replace(/0$/, '')}`;
}
