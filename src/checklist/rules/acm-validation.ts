/**
 * Checklist item 10, ACM certificates use DNS validation that CloudFormation can complete (rules
 * cdk-pki:AcmEmailValidation and cdk-pki:AcmDnsValidationWithoutHostedZone).
 */
import { ACM_VALIDATION_EMAIL } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { CheckOptions, ItemResult, RawFinding, certificateName, finding, isWithin } from '../private/findings';

export function acmValidation(model: PkiModel, options: CheckOptions): ItemResult {
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
