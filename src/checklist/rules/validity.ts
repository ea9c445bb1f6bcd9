/**
 * Checklist item 6, each CA ends before its parent, with room to renew its children (rules
 * cdk-pki:ValidityExceedsParent and cdk-pki:ParentValidityMargin).
 */
import { Validity, ValidityUnit } from '../../hierarchy/validity';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding } from '../private/findings';

function months(v: Validity): number | undefined {
  return v.unit === ValidityUnit.YEARS ? v.value * 12 : v.unit === ValidityUnit.MONTHS ? v.value : undefined;
}

/** Whether `parent` lasts at least twice `child` (exact in months and years, conservative with days). */
function lastsTwice(parent: Validity, child: Validity): boolean {
  const p = months(parent);
  const c = months(child);
  if (p !== undefined && c !== undefined) return p >= 2 * c;
  return parent.minimumDays >= 2 * child.maximumDays;
}

export function validity(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  let checked = 0;
  for (const ca of model.cas) {
    const parentValidity = ca.parent?.validity ?? ca.externalParent?.validity;
    const parentLabel = ca.parent?.label ?? ca.externalParent?.label;
    // A validity that is a token is compared at deployment, by the signing handler.
    if (!ca.validity || !parentValidity || !ca.validity.isResolved || !parentValidity.isResolved) continue;
    checked++;
    if (!ca.validity.endsBefore(parentValidity)) {
      findings.push(finding('cdk-pki:ValidityExceedsParent', ca.construct, `${caName(ca)} is valid ${ca.validity}, which does not end before its parent `
        + `${parentLabel} (${parentValidity}); Private CA refuses a certificate that outlives its issuer: shorten it`));
    } else if (!lastsTwice(parentValidity, ca.validity)) {
      findings.push(finding('cdk-pki:ParentValidityMargin', ca.construct, `${caName(ca)} is valid ${ca.validity} under ${parentLabel} (${parentValidity}): `
        + `once it has lived its ${ca.validity}, ${parentLabel} has less than ${ca.validity} left, so it cannot be renewed for another ${ca.validity} `
        + `(a certificate cannot outlive its issuer); give it at most half of its parent's validity, or plan to renew ${parentLabel} first`));
    } else {
      notes.push(`${ca.label} (${ca.validity}) under ${parentLabel} (${parentValidity})`);
    }
  }
  return { key: 'validity', applicable: checked > 0, findings, notes };
}
