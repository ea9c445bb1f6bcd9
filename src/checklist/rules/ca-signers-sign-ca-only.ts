/**
 * Checklist item 14, a CA that signs CAs issues no end-entity certificates (rule cdk-pki:CaSignerIssuesEndEntity):
 * an intermediate CA (one with subordinates in the app, or that something may ask for subordinate CA
 * certificates) is not also an issuing CA. Roots have their own rule (cdk-pki:RootSignsEndEntity).
 */
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding, plural, principalName } from '../private/findings';
import type { CaNode } from '../private/model/nodes';
import { isCaTemplate } from '../private/template-set';

const ID = 'cdk-pki:CaSignerIssuesEndEntity';

export function caSignersSignCaOnly(model: PkiModel): ItemResult {
  const signers = model.cas.filter((ca) => !ca.isRoot && signsCas(model, ca));
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const ca of signers) {
    const children = model.cas.filter((c) => c.parent === ca).map((c) => c.label);
    const why = children.length > 0 ? `it signs ${children.join(', ')}` : 'it may sign subordinate CA certificates';
    const fix = 'issue end-entity certificates from a CA at the bottom of the hierarchy (an IssuingCa with no subordinates), so that a CA '
      + 'that signs CAs stays as little used as its root';
    for (const issuer of model.issuers.filter((i) => i.ca === ca && i.templates.allowsEndEntity)) {
      const templates = issuer.templates.describe();
      const where = `CA ${caName(ca)}, which signs CAs (${why})`;
      switch (issuer.via) {
        case 'IAM':
          findings.push(finding(ID, issuer.construct, `${principalName(issuer.principal!)} may issue ${templates} from ${where}; ${fix}, and limit `
            + 'acm-pca:IssueCertificate on this CA to subordinate CA templates with the condition acm-pca:TemplateArn'));
          break;
        case 'ACM service permission':
          findings.push(finding(ID, issuer.construct, `AWS::ACMPCA::Permission '${issuer.construct.node.path}' lets ACM issue and renew end-entity `
            + `certificates from ${where}; ${fix}, and remove the permission (IssuingCa: acmRenewalPermission: false)`));
          break;
        case 'ACM certificate':
          findings.push(finding(ID, issuer.construct, `${issuer.who} ('${issuer.construct.node.path}') is issued by ${where}; ${fix}, and pass that CA `
            + 'as certificateAuthority'));
          break;
        case 'AWS::ACMPCA::Certificate':
          findings.push(finding(ID, issuer.construct, `AWS::ACMPCA::Certificate '${issuer.construct.node.path}' is issued with ${templates} by ${where}; ${fix}`));
          break;
        default:
          findings.push(finding(ID, issuer.construct, `${issuer.via} '${issuer.construct.node.path}' lets ${issuer.who} issue ${templates} from ${where}; `
            + `${fix}, and share that CA instead`));
      }
    }
  }
  if (signers.length > 0) {
    notes.push(`${plural(signers.length, 'CA')} below the root that sign${signers.length === 1 ? 's' : ''} CAs (${signers.map((ca) => ca.label).join(', ')}): `
      + 'every certificate, permission, share, resource policy and IAM principal of the app that may issue from them');
  }
  return { key: 'ca-signers-sign-ca-only', applicable: signers.length > 0, findings, notes };
}

/** Whether a CA signs CAs: it has subordinates in the app, or something may ask it for subordinate CA certificates by name. */
function signsCas(model: PkiModel, ca: CaNode): boolean {
  return model.cas.some((c) => c.parent === ca)
    || model.issuers.some((i) => i.ca === ca && !i.templates.all && [...i.templates.include].some(isCaTemplate));
}
