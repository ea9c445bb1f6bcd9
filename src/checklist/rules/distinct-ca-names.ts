/**
 * Checklist item 16, each CA of a hierarchy has its own name (rule cdk-pki:DuplicateCaName): two CAs of the
 * library with one hierarchy name and CA name, in different accounts or Regions (synthesis refuses them in
 * one account and Region), cannot be told apart in alarms, reports, tags and SharedCa.fromHierarchy.
 */
import { Token } from 'aws-cdk-lib';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding } from '../private/findings';
import type { CaNode } from '../private/model/nodes';

export function distinctCaNames(model: PkiModel): ItemResult {
  const cas = model.cas.filter((c) => (c.kind === 'root' || c.kind === 'subordinate') && !Token.isUnresolved(c.label));
  const byName = new Map<string, CaNode[]>();
  for (const ca of cas) {
    byName.set(ca.label, [...(byName.get(ca.label) ?? []), ca]);
  }
  const findings: RawFinding[] = [];
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    const [hierarchy, ownName] = [name.slice(0, name.lastIndexOf('/')), name.slice(name.lastIndexOf('/') + 1)];
    for (const ca of same) {
      const others = same.filter((o) => o !== ca).map((o) => `'${o.path}'${o.account ? ` (account ${o.account}${o.region ? ` ${o.region}` : ''})` : ''}`);
      findings.push(finding('cdk-pki:DuplicateCaName', ca.construct, `CA ${caName(ca)} has the name '${name}' of ${others.join(', ')}, so alarms, reports, `
        + 'tags and SharedCa.fromHierarchy cannot tell them apart; '
        + (ca.kind === 'root' ? `give each root its own hierarchyName instead of '${hierarchy}'`
          : `give each CA of hierarchy '${hierarchy}' its own caName${ca.region ? `, for example '${ownName}-${ca.region}'` : ''}`)));
    }
  }
  const notes = cas.length > 0 ? [`${byName.size} distinct names for ${cas.length} CAs of the library`] : [];
  return { key: 'distinct-ca-names', applicable: cas.length > 0, findings, notes };
}
