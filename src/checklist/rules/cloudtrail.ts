/**
 * Checklist item 7, CloudTrail records the PKI accounts (rule cdk-pki:NoCloudTrail).
 */
import { CaNode, PkiModel } from '../private/checks-model';
import { CheckOptions, ItemResult, RawFinding, caName, finding, plural } from '../private/findings';

export function cloudTrail(model: PkiModel, options: CheckOptions): ItemResult {
  const owned = model.cas.filter((ca) => ca.owned);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  if (owned.length === 0) return { key: 'cloudtrail', applicable: false, findings, notes };
  if (options.cloudTrailElsewhere) {
    notes.push('the checks were told that a trail outside the app records these accounts (cloudTrailElsewhere)');
    return { key: 'cloudtrail', applicable: true, findings, notes };
  }
  const organizationTrail = model.trails.find((t) => t.organization);
  if (organizationTrail) {
    notes.push(`organization trail '${organizationTrail.path}' records every account of the organization`);
    return { key: 'cloudtrail', applicable: true, findings, notes };
  }
  const uncovered = new Map<string, CaNode[]>();
  for (const ca of owned) {
    const covered = ca.account === undefined
      ? model.trails.length > 0
      : model.trails.some((t) => t.account === ca.account && (t.multiRegion || t.region === ca.region));
    if (covered) continue;
    const key = ca.account ?? `stack ${ca.stack.stackName}`;
    uncovered.set(key, [...(uncovered.get(key) ?? []), ca]);
  }
  for (const [account, cas] of uncovered) {
    const first = cas[0];
    const regions = [...new Set(cas.map((ca) => ca.region ?? 'an unknown Region'))].sort().join(', ');
    findings.push(finding('cdk-pki:NoCloudTrail', first.construct, `no CloudTrail trail of the app records ${/^\d{12}$/.test(account) ? `account ${account}` : account} `
      + `(${regions}), where ${cas.map(caName).join(', ')} ${cas.length === 1 ? 'is' : 'are'}; AWS recommends turning CloudTrail on before creating a CA: `
      + 'add a cloudtrail.Trail there (or an organization trail), or set cloudTrailElsewhere: true in the checks\' props if a trail outside the app records it'));
  }
  if (findings.length === 0) notes.push(`${plural(model.trails.length, 'trail')} of the app record${model.trails.length === 1 ? 's' : ''} every account with a CA`);
  return { key: 'cloudtrail', applicable: true, findings, notes };
}
