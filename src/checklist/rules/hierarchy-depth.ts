/**
 * Checklist item 2, a hierarchy of two or three levels (rules cdk-pki:HierarchyTooDeep and cdk-pki:HierarchyDepth).
 */
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { MAX_HIERARCHY_DEPTH, RECOMMENDED_MAX_HIERARCHY_DEPTH } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding } from '../private/findings';

export function hierarchyDepth(model: PkiModel): ItemResult {
  const withDepth = model.cas.filter((ca) => ca.depth !== undefined);
  const findings: RawFinding[] = [];
  for (const ca of withDepth) {
    const depth = ca.depth!;
    if (depth > MAX_HIERARCHY_DEPTH) {
      findings.push(finding('cdk-pki:HierarchyTooDeep', ca.construct, `${caName(ca)} is level ${depth} of its hierarchy; AWS Private CA allows at most `
        + `${MAX_HIERARCHY_DEPTH} levels: sign it with a CA closer to the root`));
    } else if (depth > RECOMMENDED_MAX_HIERARCHY_DEPTH) {
      findings.push(finding('cdk-pki:HierarchyDepth', ca.construct, `${caName(ca)} is level ${depth} of its hierarchy; AWS recommends two or three levels, `
        + 'since each level adds cost and work for every client that validates a chain: sign it with a CA closer to the root',
      ca.construct instanceof IssuingCa ? 'cdk-pki:deepHierarchy' : undefined));
    }
  }
  const deepest = [...withDepth].sort((a, b) => b.depth! - a.depth! || a.path.localeCompare(b.path))[0];
  const notes = deepest ? [`deepest CA: ${deepest.label}, level ${deepest.depth}`] : [];
  return { key: 'hierarchy-depth', applicable: withDepth.length > 0, findings, notes };
}
