/**
 * Checklist item 1, the root CA signs only CA certificates (rule cdk-pki:RootSignsEndEntity): nothing of the app
 * may issue end-entity certificates from a root CA, whether through IAM, an ACM permission or certificate, an
 * AWS::ACMPCA::Certificate, a RAM share or a CA resource policy.
 */
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding, plural, principalName } from '../private/findings';

export function rootSignsCaOnly(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const id = 'cdk-pki:RootSignsEndEntity';
  const fix = 'a root CA should only sign subordinate CA certificates; issue end-entity certificates from an IssuingCa under it';
  for (const root of roots) {
    const issuers = model.issuers.filter((i) => i.ca === root);
    for (const issuer of issuers) {
      if (!issuer.templates.allowsEndEntity) {
        if (issuer.principal) notes.push(`${principalName(issuer.principal)} may issue only ${issuer.templates.describe()} from ${root.label}`);
        continue;
      }
      const templates = issuer.templates.describe();
      switch (issuer.via) {
        case 'IAM':
          findings.push(finding(id, issuer.construct, `${principalName(issuer.principal!)} may issue ${templates} from root CA ${caName(root)}; `
            + `${fix}, and limit acm-pca:IssueCertificate on the root to subordinate CA templates with the condition acm-pca:TemplateArn`));
          break;
        case 'ACM service permission':
          findings.push(finding(id, issuer.construct, `AWS::ACMPCA::Permission '${issuer.construct.node.path}' lets ACM issue and renew end-entity `
            + `certificates from root CA ${caName(root)}; ${fix}, and remove the permission`));
          break;
        case 'ACM certificate':
          findings.push(finding(id, issuer.construct, `${issuer.who} ('${issuer.construct.node.path}') is issued by root CA ${caName(root)}; `
            + `${fix} and pass that CA as certificateAuthority`));
          break;
        case 'AWS::ACMPCA::Certificate':
          findings.push(finding(id, issuer.construct, `AWS::ACMPCA::Certificate '${issuer.construct.node.path}' is issued with ${templates} by root CA `
            + `${caName(root)}; ${fix}`));
          break;
        default:
          findings.push(finding(id, issuer.construct, `${issuer.via} '${issuer.construct.node.path}' lets ${issuer.who} issue ${templates} from root CA `
            + `${caName(root)}; ${fix}, and share that CA instead`));
      }
    }
  }
  if (roots.length > 0) {
    notes.unshift(`${plural(roots.length, 'root CA')}: every certificate, permission, share, resource policy and IAM principal of the app that may issue from them`);
  }
  return { key: 'root-signs-ca-only', applicable: roots.length > 0, findings, notes };
}
