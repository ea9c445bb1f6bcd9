/**
 * The report's estimate of the monthly AWS cost of the app's PKI: the CAs by usage mode; the certificates AWS
 * Private CA charges for (issued directly, by tier, or at the short-lived price; ACM private certificates only
 * when first exported); OCSP requests; and what the library's own constructs create (KMS keys, CloudWatch alarms
 * and custom metrics, AWS Config rule evaluations, CloudFront distributions for CRLs, Lambda requests, SNS
 * topics). Every price comes from report-pricing.ts; every assumption is a note of the estimate.
 */
import { PkiModel } from './checks-model';
import type { CaNode } from './model/nodes';
import {
  ACM_PRIVATE_CERTIFICATE_NOT_EXPORTED, CLOUDFRONT_FREE_TIER, CLOUDFRONT_TRANSFER_PER_GB, CLOUDWATCH_ALARM_MONTHLY, CLOUDWATCH_CUSTOM_METRIC_MONTHLY,
  CONFIG_RULE_EVALUATION, GENERAL_PURPOSE_CA_MONTHLY, GENERAL_PURPOSE_CERTIFICATE_TIERS, KMS_KEY_MONTHLY, LAMBDA_REQUESTS, OCSP_PER_10000_REQUESTS,
  PRICES_READ_ON, PRICING_PAGE, SHORT_LIVED_CA_MONTHLY, SHORT_LIVED_CERTIFICATE, SNS_PUBLISHES, Price, generalPurposeCertificatesPrice, unitPrice,
} from './report-pricing';
import { CertificateTemplate } from '../../hierarchy/certificate-template';
import { CONFIG_PCA_ROOT_CA_DISABLED_RULE, PCA_USAGE_MODE_SHORT_LIVED } from '../../private/contracts/aws-strings';
import { isConcreteNumber } from '../../private/validation';

/** Volumes the app does not tell. */
export interface CostOptions {
  /** Certificates issued directly (IssueCertificate) from general-purpose CAs in a month. */
  readonly certificatesPerMonth?: number;
  /** Certificates issued from short-lived certificate mode CAs in a month. */
  readonly shortLivedCertificatesPerMonth?: number;
  /** ACM private certificates exported for the first time in a month. */
  readonly exportedAcmCertificatesPerMonth?: number;
  readonly ocspRequestsPerMonth?: number;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly monthly: number;
  readonly confirmed: boolean;
  /** The AWS page of the price. */
  readonly source: string;
}

/** A line priced per unit: `quantity` at `price` for every `price.per` of them. */
function perUnit(item: string, quantity: number, price: Price, unitText?: string): CostLine {
  return {
    item,
    quantity,
    unitPrice: unitText ?? `${unitPrice(price.usd)} per ${price.unit}`,
    monthly: (quantity / price.per) * price.usd,
    confirmed: price.confirmed,
    source: price.source,
  };
}

/** A volume the report was given, or undefined (tokens count as not given). */
function given(value: number | undefined): number | undefined {
  return isConcreteNumber(value) ? value : undefined;
}

const isShortLived = (ca: CaNode | undefined) => ca?.usageMode === PCA_USAGE_MODE_SHORT_LIVED;

export function costOf(model: PkiModel, options: CostOptions) {
  const owned = model.cas.filter((ca) => ca.owned);
  const shortLivedCas = owned.filter((ca) => isShortLived(ca));
  const generalCas = owned.filter((ca) => !isShortLived(ca));
  const lines: CostLine[] = [];
  const notes: string[] = [];
  if (generalCas.length > 0) lines.push(perUnit('General-purpose CA', generalCas.length, GENERAL_PURPOSE_CA_MONTHLY));
  if (shortLivedCas.length > 0) lines.push(perUnit('Short-lived certificate mode CA', shortLivedCas.length, SHORT_LIVED_CA_MONTHLY));
  notes.push('A CA is charged from its creation until it is deleted, pro-rated for partial months, whether it is ACTIVE or DISABLED; the first CA of '
    + 'each account and Region has a 30-day trial without the CA fee (not counted here).');

  // Certificates issued directly from a CA of the app (a root's own certificate is part of the CA).
  const direct = model.pcaCertificates.filter((c) => c.ca !== undefined
    && !(c.ca.isRoot && c.template === CertificateTemplate.ROOT_CA.templateName && c.cfn.node.scope === c.ca.construct));
  const issued = given(options.certificatesPerMonth) ?? direct.filter((c) => !isShortLived(c.ca)).length;
  const exported = given(options.exportedAcmCertificatesPerMonth) ?? 0;
  const shortLived = given(options.shortLivedCertificatesPerMonth) ?? direct.filter((c) => isShortLived(c.ca)).length;
  const acmPrivate = model.certificates.filter((c) => c.ca !== undefined).length;
  if (issued + exported > 0) {
    const tiers = GENERAL_PURPOSE_CERTIFICATE_TIERS.tiers.map((t) => unitPrice(t.usd)).join(' / ');
    lines.push({
      item: exported > 0 ? 'Private certificates (issued, and ACM private certificates exported)' : 'Private certificates (issued)',
      quantity: issued + exported,
      unitPrice: `${tiers} per certificate (tiers at 1,000 and 10,000 a month)`,
      monthly: generalPurposeCertificatesPrice(issued + exported),
      confirmed: GENERAL_PURPOSE_CERTIFICATE_TIERS.confirmed,
      source: GENERAL_PURPOSE_CERTIFICATE_TIERS.source,
    });
  }
  if (shortLived > 0) lines.push(perUnit('Short-lived certificates', shortLived, SHORT_LIVED_CERTIFICATE));
  if (acmPrivate > 0) {
    lines.push(perUnit('ACM private certificates, not exported', acmPrivate, ACM_PRIVATE_CERTIFICATE_NOT_EXPORTED,
      'no per-certificate charge unless exported'));
  }
  notes.push(given(options.certificatesPerMonth) === undefined
    ? 'Issued certificates: the AWS::ACMPCA::Certificate resources the app declares, counted once (in the month they are issued); certificates that '
      + 'workloads, cert-manager or the renewal of imported certificates ask for are not known here: set certificatesPerMonth (and '
      + 'shortLivedCertificatesPerMonth for short-lived certificate mode CAs).'
    : 'Issued certificates: certificatesPerMonth as given.');
  notes.push('ACM private certificates (acm.PrivateCertificate) are charged only the first time each is exported, at the price of an issued certificate; '
    + (given(options.exportedAcmCertificatesPerMonth) === undefined ? 'none is assumed exported: set exportedAcmCertificatesPerMonth.'
      : 'exportedAcmCertificatesPerMonth as given.'));
  notes.push('Certificate tiers count per account and Region each month; this estimate applies them to the total, so it is an upper bound. '
    + 'The subordinate CA certificates the library signs are not counted.');

  const ocspCas = owned.filter((ca) => ca.revocation?.ocsp);
  const ocspRequests = given(options.ocspRequestsPerMonth) ?? 0;
  if (ocspCas.length > 0 || ocspRequests > 0) lines.push(perUnit('OCSP requests', ocspRequests, OCSP_PER_10000_REQUESTS));
  if (ocspCas.length > 0 && given(options.ocspRequestsPerMonth) === undefined) {
    notes.push(`OCSP is on for ${ocspCas.map((ca) => ca.label).join(', ')}; its requests are not estimated: set ocspRequestsPerMonth.`);
  }

  lines.push(...libraryResources(model, notes));
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  return { pricesReadOn: PRICES_READ_ON, source: PRICING_PAGE, currency: 'USD', lines, monthlyTotal: Math.round(total * 100) / 100, notes };
}

/** The lines of what the library's constructs create, with their assumptions as notes. */
function libraryResources(model: PkiModel, notes: string[]): CostLine[] {
  const billed = model.billed;
  const lines: CostLine[] = [];
  if (billed.kmsKeys.length > 0) {
    lines.push(perUnit('KMS keys (encrypted alarm topics)', billed.kmsKeys.length, KMS_KEY_MONTHLY));
    notes.push('KMS keys: each rotation of a key\'s material adds $1 a month to it (the keys rotate yearly; not counted), and requests beyond the '
      + '20,000 free each month are not counted.');
  }
  if (billed.alarms.length > 0) lines.push(perUnit('CloudWatch alarms', billed.alarms.length, CLOUDWATCH_ALARM_MONTHLY));
  const metrics = customMetrics(model);
  if (metrics > 0) lines.push(perUnit('CloudWatch custom metrics (CA days to expiry)', metrics, CLOUDWATCH_CUSTOM_METRIC_MONTHLY));
  if (billed.alarms.length > 0 || metrics > 0) {
    notes.push('CloudWatch: the free tier (10 alarms and 10 custom metrics per account) is not subtracted; a CA-expiry check publishes one metric per '
      + 'CA it checks and one for their minimum (CAs it discovers are counted as the app\'s CAs of its account and Region).');
  }
  const evaluations = billed.configRules.reduce((sum, r) => sum + r.runsPerMonth * Math.max(1, resourcesInScope(model, r)), 0);
  if (evaluations > 0) {
    lines.push(perUnit(`AWS Config rule evaluations (${billed.configRules.length} rule${billed.configRules.length === 1 ? '' : 's'})`, evaluations,
      CONFIG_RULE_EVALUATION));
    notes.push('AWS Config: each rule evaluates, at each periodic run (daily by default), every resource in its scope: the app\'s ACM certificates '
      + '(ACM_CERTIFICATE_EXPIRATION_CHECK) or CAs (ACM_PCA_ROOT_CA_DISABLED) of its account and Region, at least one; resources made outside the '
      + 'app and evaluations on configuration changes add to it. Recording configuration items is the cost of the account\'s Config recorder, '
      + 'which this library does not create.');
  }
  if (billed.distributions.length > 0) {
    lines.push(perUnit('CloudFront distributions (CRLs)', billed.distributions.length, { ...CLOUDFRONT_TRANSFER_PER_GB, usd: 0 },
      `no monthly fee; ${unitPrice(CLOUDFRONT_TRANSFER_PER_GB.usd)} per GB beyond the free tier`));
    notes.push('CloudFront: CRLs are small (kilobytes) and cached; their downloads are assumed to stay within the always-free tier of '
      + `${CLOUDFRONT_FREE_TIER.transferGb / 1000} TB and ${CLOUDFRONT_FREE_TIER.requests.toLocaleString('en-US')} requests a month per account, so $0. `
      + 'The CRL objects in S3 cost cents.');
  }
  if (billed.functions.length > 0) {
    const functions = `${billed.functions.length} function${billed.functions.length === 1 ? '' : 's'}`;
    if (billed.scheduledInvocationsPerMonth > 0) {
      lines.push(perUnit(`Lambda requests, scheduled (${functions})`, billed.scheduledInvocationsPerMonth, LAMBDA_REQUESTS));
    }
    notes.push(`Lambda (${functions} of the library): the scheduled runs are counted (CA-expiry checks, inventories, renewal sweeps); deployments, `
      + 'signing and events add a few more. Requests and compute stay within the monthly free tier (1,000,000 requests, 400,000 GB-seconds) for '
      + 'any but the largest PKIs, so the real cost is about $0; logs are a few kilobytes a run.');
  }
  if (billed.topics.length > 0) {
    lines.push(perUnit('SNS topics (alarms and notifications)', billed.topics.length, { ...SNS_PUBLISHES, usd: 0 },
      `no monthly fee; ${unitPrice(SNS_PUBLISHES.usd)} per ${SNS_PUBLISHES.unit}`));
    notes.push('SNS: a topic publishes only when an alarm or event fires; email deliveries cost $2 per 100,000 after 1,000 free (UNCONFIRMED). About $0.');
  }
  notes.push('Not included: CloudTrail and the AWS Config recorder (not created by this library), S3 storage of CRLs and inventories, EventBridge '
    + '(AWS service events and schedules carry no charge), and data transfer between Regions.');
  return lines;
}

/** Custom metrics of the CA-expiry checks: one per CA named or discovered, and one minimum per check. */
function customMetrics(model: PkiModel): number {
  return model.caMonitors.reduce((sum, m) => {
    const discovered = m.discover
      ? model.cas.filter((ca) => ca.owned && !m.cas.includes(ca)
        && (ca.stack === m.stack || (ca.account !== undefined && ca.account === m.account && ca.region === m.region))).length
      : 0;
    return sum + m.namedCount + discovered + 1;
  }, 0);
}

/** Resources of the app that a library Config rule evaluates in its account and Region. */
function resourcesInScope(model: PkiModel, rule: PkiModel['billed']['configRules'][number]): number {
  const here = (x: { stack: unknown; account?: string; region?: string }) => x.stack === rule.stack
    || (x.account !== undefined && x.region !== undefined && x.account === rule.account && x.region === rule.region);
  if (rule.identifier === CONFIG_PCA_ROOT_CA_DISABLED_RULE) return model.cas.filter((ca) => ca.owned && here(ca)).length;
  return model.certificates.filter(here).length;
}

export type CostEstimate = ReturnType<typeof costOf>;
