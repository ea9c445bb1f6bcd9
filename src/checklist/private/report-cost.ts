/**
 * The report's estimate of the monthly AWS Private CA cost of the app: CAs by usage mode, the private
 * certificates it declares (or the volume given), and OCSP requests; with the prices and what is left out.
 */
import { PkiModel } from './checks-model';
import {
  GENERAL_PURPOSE_CA_MONTHLY, GENERAL_PURPOSE_CERTIFICATE_TIERS, OCSP_PER_10000_REQUESTS, PRICES_READ_ON, PRICING_PAGE, SHORT_LIVED_CA_MONTHLY,
  SHORT_LIVED_CERTIFICATE, Price, generalPurposeCertificatesPrice, unitPrice,
} from './report-pricing';
import { PCA_USAGE_MODE_SHORT_LIVED } from '../../private/contracts/aws-strings';

/** Volumes the app does not tell. */
export interface CostOptions {
  readonly certificatesPerMonth?: number;
  readonly ocspRequestsPerMonth?: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly monthly: number;
  readonly confirmed: boolean;
}

/** A line priced per unit: `quantity` at `price` for every `per` of them (10,000 OCSP requests; one CA-month or certificate). */
function perUnit(item: string, quantity: number, price: Price, unit: string, per = 1): CostLine {
  return { item, quantity, unitPrice: `${unitPrice(price.usd)} per ${unit}`, monthly: (quantity / per) * price.usd, confirmed: price.confirmed };
}

export function costOf(model: PkiModel, options: CostOptions) {
  const owned = model.cas.filter((ca) => ca.owned);
  const shortLived = owned.filter((ca) => ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED);
  const general = owned.filter((ca) => ca.usageMode !== PCA_USAGE_MODE_SHORT_LIVED);
  const lines: CostLine[] = [];
  if (general.length > 0) lines.push(perUnit('General-purpose CA', general.length, GENERAL_PURPOSE_CA_MONTHLY, 'CA-month'));
  if (shortLived.length > 0) lines.push(perUnit('Short-lived certificate mode CA', shortLived.length, SHORT_LIVED_CA_MONTHLY, 'CA-month'));
  const endEntity = [
    ...model.certificates.filter((c) => c.ca !== undefined).map((c) => c.ca!),
    ...model.pcaCertificates.filter((c) => c.ca !== undefined && !c.template.startsWith('RootCACertificate')).map((c) => c.ca!),
  ];
  const declaredShortLived = endEntity.filter((ca) => ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED).length;
  const certificates = options.certificatesPerMonth ?? endEntity.length - declaredShortLived;
  const shortLivedCertificates = options.certificatesPerMonth === undefined ? declaredShortLived : 0;
  const tiers = GENERAL_PURPOSE_CERTIFICATE_TIERS.tiers.map((t) => unitPrice(t.usd)).join(' / ');
  if (certificates > 0) {
    lines.push({
      item: 'Private certificates',
      quantity: certificates,
      unitPrice: `${tiers} per certificate (tiers at 1,000 and 10,000 a month)`,
      monthly: generalPurposeCertificatesPrice(certificates),
      confirmed: GENERAL_PURPOSE_CERTIFICATE_TIERS.confirmed,
    });
  }
  if (shortLivedCertificates > 0) lines.push(perUnit('Short-lived certificates', shortLivedCertificates, SHORT_LIVED_CERTIFICATE, 'certificate'));
  const ocspCas = owned.filter((ca) => ca.revocation?.ocsp);
  const ocspRequests = options.ocspRequestsPerMonth ?? 0;
  if (ocspCas.length > 0 || ocspRequests > 0) lines.push(perUnit('OCSP requests', ocspRequests, OCSP_PER_10000_REQUESTS, '10,000 requests', 10000));
  const notes = [
    'A CA is charged from its creation until it is deleted, pro-rated for partial months, whether it is ACTIVE or DISABLED; the first CA of each account '
      + 'and Region has a 30-day trial without the CA fee (not counted here).',
    options.certificatesPerMonth === undefined
      ? 'Certificates: the private certificates the app declares, counted once (in the month they are issued and at each renewal); set certificatesPerMonth for your volume.'
      : 'Certificates: certificatesPerMonth as given.',
    'Certificate tiers count per account and Region each month; this estimate applies them to the total, so it is an upper bound.',
  ];
  if (ocspCas.length > 0 && options.ocspRequestsPerMonth === undefined) {
    notes.push(`OCSP is on for ${ocspCas.map((ca) => ca.label).join(', ')}; its requests are not estimated: set ocspRequestsPerMonth.`);
  }
  notes.push('Not included: S3 and CloudFront for CRLs, Lambda, CloudWatch, SNS, AWS Config and CloudTrail.');
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  return { pricesReadOn: PRICES_READ_ON, source: PRICING_PAGE, currency: 'USD', lines, monthlyTotal: Math.round(total * 100) / 100, notes };
}

export type CostEstimate = ReturnType<typeof costOf>;
