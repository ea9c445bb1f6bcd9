/**
 * Checklist item 4, CA administration and certificate issuance are separate duties (rule cdk-pki:AdminAndIssuer).
 */
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding, plural, principalName } from '../private/findings';

export function separationOfDuties(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const { principal, ca, access } of model.access) {
    if (access.administration.length > 0 && access.issue.allowsEndEntity) {
      findings.push(finding('cdk-pki:AdminAndIssuer', principal.construct, `${principalName(principal)} may both administer ${caName(ca)} `
        + `(${access.administration.join(', ')}) and issue ${access.issue.describe()} from it; AWS recommends separate administrator and issuer roles: `
        + 'give administration to one role (ca.grantAdmin(adminRole)) and issuance to another (ca.grantIssue(issuerRole))'));
    }
  }
  const owned = model.cas.filter((ca) => ca.owned);
  const admins = model.access.filter((a) => a.ca.owned && a.access.administration.length > 0).length;
  const issuers = model.access.filter((a) => a.ca.owned && a.access.issue.allowsEndEntity).length;
  if (owned.length > 0) {
    notes.push(`${plural(owned.length, 'CA')}: ${plural(admins, 'principal-CA pair')} with administration, ${issuers} with end-entity issuance`
      + `${findings.length === 0 ? ', none with both' : ''}`);
  }
  return { key: 'separation-of-duties', applicable: owned.length > 0, findings, notes };
}
