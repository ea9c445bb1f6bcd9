/**
 * Checklist item 13, certificate transparency logging is opted out only where asked (rule
 * cdk-pki:AcmTransparencyLoggingOptOut).
 */
import { ACM_TRANSPARENCY_LOGGING_DISABLED } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { CheckOptions, ItemResult, RawFinding, certificateName, finding, isWithin } from '../private/findings';

export function transparencyLogging(model: PkiModel, options: CheckOptions): ItemResult {
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
