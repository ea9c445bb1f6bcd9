/**
 * The ACM items of the checklist: DNS validation that CloudFormation can complete, CloudFront certificates in
 * us-east-1, a wildcard for many test environments, and certificate transparency logging.
 */
import { ruleSpec } from './checks-catalog';
import { AcmCertificateNode, PkiModel } from './checks-model';
import type { CheckOptions, ItemResult, RawFinding } from './findings';
import { ACM_TRANSPARENCY_LOGGING_DISABLED, ACM_VALIDATION_EMAIL, CLOUDFRONT_CERTIFICATE_REGION } from '../../private/contracts/aws-strings';

function finding(ruleId: string, scope: RawFinding['scope'], message: string): RawFinding {
  return { ruleId, level: ruleSpec(ruleId).level, scope, message };
}

/** Whether `name` is `domain` or below it (`*.` of a wildcard name is ignored). */
export function isWithin(name: string, domain: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/^\./, '').replace(/\.$/, '');
  return n === d || n.endsWith(`.${d}`);
}

function certificateName(c: AcmCertificateNode): string {
  return `ACM certificate '${c.path}'${c.names.length > 0 ? ` (${c.names.join(', ')})` : ''}`;
}

export function acmItems(model: PkiModel, options: CheckOptions): ItemResult[] {
  return [validation(model, options), cloudFrontRegion(model), wildcardForTestEnvironments(model, options), transparencyLogging(model, options)];
}

// ---- 9. DNS validation that CloudFormation can complete ----

function validation(model: PkiModel, options: CheckOptions): ItemResult {
  const publicCertificates = model.certificates.filter((c) => !c.isPrivate);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const c of publicCertificates) {
    if (c.validationMethod === ACM_VALIDATION_EMAIL) {
      findings.push(finding('cdk-pki:AcmEmailValidation', c.construct, `${certificateName(c)} is validated by email, which someone must approve at `
        + 'every issuance and renewal; AWS recommends DNS validation, which ACM renews by itself while the record stays: use CertificateValidation.fromDns(zone)'));
      continue;
    }
    const waiting = c.names.filter((n) => !c.zonesGiven.has(n) && !options.externallyValidatedDomains.some((d) => isWithin(n, d)));
    if (waiting.length === 0) {
      if (c.names.length > 0) notes.push(`${c.path}: CloudFormation creates the validation records`);
      continue;
    }
    const zones = waiting.map((n) => model.hostedZones
      .filter((z) => isWithin(n, z.zoneName))
      .sort((a, b) => b.zoneName.length - a.zoneName.length)[0]);
    const found = zones.filter((z) => z !== undefined);
    const fix = found.length > 0
      ? `the app has hosted zone '${found[0]!.path}' (${found[0]!.zoneName}): pass it with CertificateValidation.fromDns(zone) so that CloudFormation creates the records`
      : 'the app has no Route 53 hosted zone for it: create the CNAME records yourself while the stack waits, add the hosted zone and pass it with '
        + 'CertificateValidation.fromDns(zone), or list the domain in externallyValidatedDomains if its records are managed elsewhere';
    findings.push(finding('cdk-pki:AcmDnsValidationWithoutHostedZone', c.construct, `${certificateName(c)} is DNS-validated, but CloudFormation has no `
      + `hosted zone for ${waiting.join(', ')}, so the stack stays in CREATE_IN_PROGRESS until the validation record exists; ${fix}`));
  }
  return { key: 'acm-validation', applicable: publicCertificates.length > 0, findings, notes };
}

// ---- 10. CloudFront certificates in us-east-1 ----

function cloudFrontRegion(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const d of model.distributions) {
    const region = d.certificate ? d.certificate.region : d.certificateArn ? /^arn:[^:]+:acm:([^:]+):/.exec(d.certificateArn)?.[1] : undefined;
    const what = d.certificate ? certificateName(d.certificate) : d.certificateArn ? `certificate ${d.certificateArn}` : 'its certificate';
    if (region === undefined) {
      notes.push(`${d.path}: the Region of ${what} is not known at synthesis`);
    } else if (region !== CLOUDFRONT_CERTIFICATE_REGION) {
      findings.push(finding('cdk-pki:CloudFrontCertificateRegion', d.construct, `CloudFront distribution '${d.path}' uses ${what} from ${region}; `
        + `CloudFront takes ACM certificates from ${CLOUDFRONT_CERTIFICATE_REGION} only: request the certificate in a ${CLOUDFRONT_CERTIFICATE_REGION} stack`));
    } else {
      notes.push(`${d.path}: ${what} is in ${CLOUDFRONT_CERTIFICATE_REGION}`);
    }
  }
  return { key: 'cloudfront-region', applicable: model.distributions.length > 0, findings, notes };
}

// ---- 11. A wildcard for many test environments ----

/**
 * A first label that names a test environment or a version: dev, test, qa, uat, stage, staging, sandbox,
 * preview, demo, review, feature, pr, branch, env, ephemeral, tmp or temp, alone or with a suffix (`pr-42`,
 * `feature-login`, `test2`); or a version or build number (`v2`, `42`, `v1-3`).
 */
const TEST_ENVIRONMENT_LABEL = /^(?:(?:dev|test|testing|qa|uat|stage|staging|sandbox|preview|demo|review|feature|pr|branch|env|ephemeral|tmp|temp)(?:[-_]?[a-z0-9]+)*|v?\d+(?:[-_.][a-z0-9]+)*)$/i;

function wildcardForTestEnvironments(model: PkiModel, options: CheckOptions): ItemResult {
  const publicCertificates = model.certificates.filter((c) => !c.isPrivate);
  const findings: RawFinding[] = [];
  const groups = new Map<string, Map<AcmCertificateNode, string>>();
  for (const c of publicCertificates) {
    for (const name of c.names) {
      const [label, ...rest] = name.toLowerCase().split('.');
      if (label === '*' || rest.length < 2 || !TEST_ENVIRONMENT_LABEL.test(label)) continue;
      const parent = rest.join('.');
      const group = groups.get(parent) ?? new Map<AcmCertificateNode, string>();
      if (!group.has(c)) group.set(c, name.toLowerCase());
      groups.set(parent, group);
    }
  }
  const threshold = options.testEnvironmentCertificateThreshold;
  for (const [parent, group] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (group.size < threshold) continue;
    const certificates = [...group.keys()].sort((a, b) => a.path.localeCompare(b.path));
    const names = certificates.map((c) => group.get(c)!);
    findings.push(finding('cdk-pki:AcmWildcardForTestEnvironments', certificates[0].construct, `${certificates.length} ACM certificates name test `
      + `environments under ${parent} (${names.join(', ')}, in ${certificates.map((c) => `'${c.path}'`).join(', ')}); AWS recommends one wildcard `
      + `certificate, *.${parent}, rather than one per environment, which soon exhausts the ACM certificate quota: request *.${parent} once and use it `
      + `in every environment, or raise testEnvironmentCertificateThreshold (now ${threshold})`));
  }
  const notes = publicCertificates.length > 0
    ? [`${publicCertificates.length} public certificate(s); test-environment names are grouped when ${threshold} or more certificates share a parent domain`]
    : [];
  return { key: 'wildcard-for-test-environments', applicable: publicCertificates.length > 0, findings, notes };
}

// ---- 12. Certificate transparency logging ----

function transparencyLogging(model: PkiModel, options: CheckOptions): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const c of model.certificates.filter((x) => x.transparencyLogging === ACM_TRANSPARENCY_LOGGING_DISABLED)) {
    const unlisted = c.names.filter((n) => !options.transparencyLoggingOptOutDomains.some((d) => isWithin(n, d)));
    if (c.names.length > 0 && unlisted.length === 0) {
      notes.push(`${c.path}: opted out for ${c.names.join(', ')}, as transparencyLoggingOptOutDomains asks`);
      continue;
    }
    const why = c.isPrivate
      ? 'private certificates are never logged, so the opt-out does nothing but make the Config rule ACM_CERTIFICATE_TRANSPARENT_LOGGING_ENABLED report it'
      : 'browsers distrust public certificates that are not in the certificate transparency logs';
    findings.push(finding('cdk-pki:AcmTransparencyLoggingOptOut', c.construct, `${certificateName(c)} opts out of certificate transparency logging`
      + `${unlisted.length > 0 ? ` for ${unlisted.join(', ')}` : ''}; ${why}: keep logging on, or list the domains in transparencyLoggingOptOutDomains where they must stay out of the logs`));
  }
  const optedOut = model.certificates.filter((x) => x.transparencyLogging === ACM_TRANSPARENCY_LOGGING_DISABLED).length;
  if (model.certificates.length > 0 && optedOut === 0) notes.push(`${model.certificates.length} ACM certificate(s), none opted out`);
  return { key: 'transparency-logging', applicable: model.certificates.length > 0, findings, notes };
}
