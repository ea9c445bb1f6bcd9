/**
 * The report's data, as the JSON report has it: the app's accounts and CAs (with who may issue from each and
 * who may administer it), the timeline of the CA certificates, shares, the checklist, the cost and the diagram.
 */
import { itemSpec } from './checks-catalog';
import { CaNode, PkiModel } from './checks-model';
import { principalLabel } from './model/principals';
import { CostEstimate } from './report-cost';
import { timelineData } from './report-gantt';
import { ReportItem, countStatuses } from './report-items';
import { Timeline } from './report-timeline';
import { summarizeRemoval } from '../../hierarchy/private/ca-lifecycle';

/** What the report says besides the checks. */
export interface ReportHeader {
  readonly title: string;
  /** What the checks were told, for the record. */
  readonly settings: Record<string, unknown>;
}

export function reportData(model: PkiModel, items: ReportItem[], header: ReportHeader, cost: CostEstimate, diagram: string, timeline: Timeline) {
  const accounts = accountsOf(model);
  return {
    schema: 'cdk-pki/pki-report/v1',
    title: header.title,
    settings: header.settings,
    summary: {
      certificateAuthorities: model.cas.filter((ca) => ca.owned).length,
      sharedOrImportedCertificateAuthorities: model.cas.filter((ca) => !ca.owned).length,
      accounts: accounts.length,
      checklist: countStatuses(items),
      estimatedMonthlyCostUsd: cost.monthlyTotal,
    },
    accounts,
    certificateAuthorities: model.cas.map((ca) => caData(model, ca)),
    timeline: timelineData(timeline),
    parentsOutsideApp: model.externalParents.map((p) => ({
      id: p.id, name: p.label, account: p.account ?? null, region: p.region ?? null, level: p.depth, outsideAws: p.outsideAws,
    })),
    shares: model.shares.map((s) => ({
      path: s.path,
      ca: s.ca?.id ?? null,
      principals: s.principals,
      permissions: s.permissions.map((p) => p.displayName),
      unknownPermissions: s.unknownPermissions,
    })),
    checklist: items.map((item, i) => {
      const spec = itemSpec(item.result.key);
      return {
        number: i + 1,
        key: spec.key,
        title: spec.title,
        practice: spec.practice,
        source: spec.source,
        status: item.status,
        notes: item.result.notes,
        findings: item.findings.map((f) => ({
          rule: f.ruleId, level: f.level, path: f.scope.node.path, message: f.message, acknowledged: f.acknowledged, reason: f.reason ?? null,
        })),
      };
    }),
    cost,
    diagram,
  };
}

export type ReportData = ReturnType<typeof reportData>;


function caData(model: PkiModel, ca: CaNode) {
  const issuers = model.issuers.filter((i) => i.ca === ca).map((i) => ({
    who: i.who,
    via: i.via,
    path: i.construct.node.path,
    templates: i.templates.toList(),
  }));
  const administrators = model.access.filter((a) => a.ca === ca && a.access.administration.length > 0).map((a) => ({
    who: principalLabel(a.principal),
    path: a.principal.path,
    actions: a.access.administration,
  }));
  const r = ca.revocation;
  return {
    id: ca.id,
    name: ca.label,
    path: ca.path,
    kind: ca.kind,
    account: ca.account ?? null,
    region: ca.region ?? null,
    usedFromAccount: ca.owned ? null : ca.placeAccount ?? null,
    level: ca.depth ?? null,
    parent: ca.parent?.id ?? null,
    parentOutsideApp: ca.externalParent ? `${ca.externalParent.label} (${ca.externalParent.outsideAws ? 'outside AWS'
      : `${ca.externalParent.account ?? '?'}/${ca.externalParent.region ?? '?'}`})` : null,
    signedWith: ca.signingTemplate ?? null,
    pathLength: ca.pathLength ?? null,
    keyAlgorithm: ca.keyAlgorithm ?? null,
    signingAlgorithm: ca.signingAlgorithm ?? null,
    validity: ca.validity?.toString() ?? null,
    usageMode: ca.usageMode ?? null,
    keyStorageSecurityStandard: ca.owned ? ca.keyStorageSecurityStandard ?? 'AWS default' : null,
    generation: ca.generation ?? null,
    onRemoval: ca.removal ? summarizeRemoval(ca.removal) : null,
    sharePermission: ca.sharePermission?.displayName ?? null,
    revocation: r === undefined ? null : {
      crl: r.crl,
      crlExpirationDays: r.crl ? r.crlExpirationDays ?? null : null,
      crlType: r.crl ? (r.partitioned ? 'PARTITIONED' : 'COMPLETE') : null,
      crlBucket: r.crl ? r.crlBucket ?? null : null,
      ocsp: r.ocsp,
      ocspCustomCname: r.ocsp ? r.ocspCustomCname ?? null : null,
    },
    issuers,
    administrators,
  };
}

export function accountsOf(model: PkiModel): Array<{ account: string; regions: string[] }> {
  const map = new Map<string, Set<string>>();
  const add = (account: string | undefined, region: string | undefined) => {
    const key = account ?? 'unknown';
    const set = map.get(key) ?? new Set<string>();
    if (region) set.add(region);
    map.set(key, set);
  };
  model.cas.forEach((ca) => add(ca.placeAccount, ca.placeRegion));
  model.externalParents.filter((p) => !p.outsideAws).forEach((p) => add(p.account, p.region));
  return [...map].sort(([a], [b]) => a.localeCompare(b)).map(([account, regions]) => ({ account, regions: [...regions].sort() }));
}
