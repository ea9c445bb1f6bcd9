/**
 * Checklist item 8, root CAs are watched by the ACM_PCA_ROOT_CA_DISABLED Config rule (rules
 * cdk-pki:RootCaDisabledRuleMissing and cdk-pki:RootCaDisabledRuleAlwaysRed).
 */
import { CONFIG_PCA_ROOT_CA_DISABLED_RULE } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, accountName, caName, finding } from '../private/findings';

export function rootDisabledWhenIdle(model: PkiModel): ItemResult {
  const roots = model.cas.filter((ca) => ca.isRoot && ca.owned);
  const rules = model.configRules.filter((r) => r.identifier === CONFIG_PCA_ROOT_CA_DISABLED_RULE);
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  for (const root of roots) {
    const here = rules.filter((r) => r.stack === root.stack
      || (root.account !== undefined && root.region !== undefined && r.account === root.account && r.region === root.region));
    if (here.length === 0) {
      findings.push(finding('cdk-pki:RootCaDisabledRuleMissing', root.construct, `no ${CONFIG_PCA_ROOT_CA_DISABLED_RULE} Config rule watches `
        + `${accountName(root)}${root.region ? ` ${root.region}` : ''} of root CA ${caName(root)}; add a `
        + 'RootCaDisabledRule to its stack: it exempts this root, which stays ACTIVE to sign subordinates, and flags any other root CA that is enabled there'));
      continue;
    }
    for (const rule of here) {
      const exempt = [...root.identity.markers].some((m) => rule.exemptions.includes(m))
        || (root.identity.concreteArn !== undefined && rule.exemptions.includes(root.identity.concreteArn));
      if (exempt) {
        notes.push(`${root.label}: exempted by Config rule '${rule.path}'`);
      } else {
        findings.push(finding('cdk-pki:RootCaDisabledRuleAlwaysRed', rule.construct, `Config rule '${rule.path}' (${CONFIG_PCA_ROOT_CA_DISABLED_RULE}) `
          + `does not exempt root CA ${caName(root)}, which RootCaAccount keeps ACTIVE, so the rule is NON_COMPLIANT for good; use a RootCaDisabledRule, `
          + 'which puts the root\'s ARN in exemptedCAArns'));
      }
    }
  }
  if (roots.length > 0) {
    notes.push('the library does not keep a root DISABLED between signings: RootCaAccount keeps its root ACTIVE so that issuing stacks can be signed '
      + 'when they deploy; Security Hub control PCA.1 runs the same rule without exemptions and reports such a root');
  }
  return { key: 'root-disabled-when-idle', applicable: roots.length > 0, findings, notes };
}
