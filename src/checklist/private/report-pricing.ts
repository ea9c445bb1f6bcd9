/**
 * AWS Private CA prices, in US dollars: the one place the PKI report takes them from.
 *
 * Read on PRICES_READ_ON from AWS's pricing page (PRICING_PAGE). The monthly CA fees are confirmed there:
 * "$400 per private CA per month for general-purpose mode" and "$50 per private CA per month for short-lived
 * certificate mode", pro-rated for partial months, charged until the CA is deleted (a DISABLED CA still costs
 * its fee; the Private CA best-practices page: "AWS bills you for a CA until it has been deleted"), with a
 * 30-day trial without the CA fee for the first CA of each account and Region.
 *
 * UNCONFIRMED: the per-certificate tiers and the OCSP price. The page's table of them could not be read; the
 * values below are the ones AWS has long published (general-purpose certificates $0.75 each for the first
 * 1,000 in a month, $0.35 up to 10,000, $0.001 above, per account and Region; short-lived certificates
 * $0.058; OCSP $0.06 per 10,000 requests). Also UNCONFIRMED: when ACM private certificates are charged (the
 * page says, cut short, "you are charged for a certificate the first time you export the ..."); the report
 * counts them like certificates issued directly. Check the page and change the values here.
 */

export const PRICES_READ_ON = '2026-11-27';
export const PRICING_PAGE = 'https://aws.amazon.com/private-ca/pricing/';

export interface Price {
  readonly usd: number;
  /** False for values that could not be read on AWS's page on PRICES_READ_ON. */
  readonly confirmed: boolean;
}

export interface CertificateTier {
  /** Certificates in a month up to which this price applies (the last tier has no limit). */
  readonly upTo?: number;
  readonly usd: number;
}

export const GENERAL_PURPOSE_CA_MONTHLY: Price = { usd: 400, confirmed: true };
export const SHORT_LIVED_CA_MONTHLY: Price = { usd: 50, confirmed: true };
export const GENERAL_PURPOSE_CERTIFICATE_TIERS: { readonly tiers: CertificateTier[]; readonly confirmed: boolean } = {
  tiers: [{ upTo: 1000, usd: 0.75 }, { upTo: 10000, usd: 0.35 }, { usd: 0.001 }],
  confirmed: false,
};
export const SHORT_LIVED_CERTIFICATE: Price = { usd: 0.058, confirmed: false };
export const OCSP_PER_10000_REQUESTS: Price = { usd: 0.06, confirmed: false };

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
