/**
 * The PKI report: its data (written as JSON), its Markdown with a Mermaid diagram, and the short summary
 * `npm run examples` prints. Deterministic: ordered by construct path, and no date but the prices' date.
 */
import { CHECKLIST_ITEMS, FindingLevel } from './checks-catalog';
import { CaNode, ExternalParent, Issuer, PkiModel, PrincipalNode } from './checks-model';
import { ItemResult, RawFinding } from './findings';
import {
  GENERAL_PURPOSE_CA_MONTHLY, GENERAL_PURPOSE_CERTIFICATE_TIERS, OCSP_PER_10000_REQUESTS, PRICES_READ_ON, PRICING_PAGE, SHORT_LIVED_CA_MONTHLY,
  SHORT_LIVED_CERTIFICATE, generalPurposeCertificatesPrice, unitPrice, usd,
} from './report-pricing';
import { summarizeRemoval } from '../../hierarchy/private/ca-lifecycle';
import { PCA_USAGE_MODE_SHORT_LIVED } from '../../private/contracts/aws-strings';

export type ItemStatus = 'PASS' | 'WARN' | 'FAIL' | 'N/A';

/** A finding with what became of it: acknowledged (with the reason, when one was given) or not. */
export interface ReportFinding extends RawFinding {
  readonly acknowledged: boolean;
  readonly reason?: string;
}

export interface ReportItem {
  readonly result: ItemResult;
  readonly findings: ReportFinding[];
  readonly status: ItemStatus;
}

export interface ReportOptions {
  readonly title: string;
  readonly certificatesPerMonth?: number;
  readonly ocspRequestsPerMonth?: number;
  /** What the checks were told, for the record. */
  readonly settings: Record<string, unknown>;
}

export interface RenderedReport {
  readonly markdown: string;
  readonly json: string;
  readonly summary: string;
  readonly items: ReportItem[];
}

export function itemStatus(result: ItemResult, findings: ReportFinding[]): ItemStatus {
  const open = findings.filter((f) => !f.acknowledged);
  if (open.some((f) => f.level === 'ERROR')) return 'FAIL';
  if (open.length > 0) return 'WARN';
  return result.applicable || findings.length > 0 ? 'PASS' : 'N/A';
}

// ---- Report data ----

interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly monthly: number;
  readonly confirmed: boolean;
}

function costOf(model: PkiModel, options: ReportOptions) {
  const owned = model.cas.filter((ca) => ca.owned);
  const shortLived = owned.filter((ca) => ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED);
  const general = owned.filter((ca) => ca.usageMode !== PCA_USAGE_MODE_SHORT_LIVED);
  const lines: CostLine[] = [];
  if (general.length > 0) {
    lines.push({
      item: 'General-purpose CA',
      quantity: general.length,
      unitPrice: `${unitPrice(GENERAL_PURPOSE_CA_MONTHLY.usd)} per CA-month`,
      monthly: general.length * GENERAL_PURPOSE_CA_MONTHLY.usd,
      confirmed: GENERAL_PURPOSE_CA_MONTHLY.confirmed,
    });
  }
  if (shortLived.length > 0) {
    lines.push({
      item: 'Short-lived certificate mode CA',
      quantity: shortLived.length,
      unitPrice: `${unitPrice(SHORT_LIVED_CA_MONTHLY.usd)} per CA-month`,
      monthly: shortLived.length * SHORT_LIVED_CA_MONTHLY.usd,
      confirmed: SHORT_LIVED_CA_MONTHLY.confirmed,
    });
  }
  const endEntity = [
    ...model.certificates.filter((c) => c.ca !== undefined).map((c) => c.ca!),
    ...model.pcaCertificates.filter((c) => c.ca !== undefined && !c.template.startsWith('RootCACertificate')).map((c) => c.ca!),
  ];
  const declaredShortLived = endEntity.filter((ca) => ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED).length;
  const certificates = options.certificatesPerMonth ?? endEntity.length - declaredShortLived;
  const shortLivedCertificates = options.certificatesPerMonth === undefined ? declaredShortLived : 0;
  const tiers = GENERAL_PURPOSE_CERTIFICATE_TIERS.tiers.map((t) => unitPrice(t.usd)).join(' / ');
  if (certificates > 0) {
    lines.push({
      item: 'Private certificates',
      quantity: certificates,
      unitPrice: `${tiers} per certificate (tiers at 1,000 and 10,000 a month)`,
      monthly: generalPurposeCertificatesPrice(certificates),
      confirmed: GENERAL_PURPOSE_CERTIFICATE_TIERS.confirmed,
    });
  }
  if (shortLivedCertificates > 0) {
    lines.push({
      item: 'Short-lived certificates',
      quantity: shortLivedCertificates,
      unitPrice: `${unitPrice(SHORT_LIVED_CERTIFICATE.usd)} per certificate`,
      monthly: shortLivedCertificates * SHORT_LIVED_CERTIFICATE.usd,
      confirmed: SHORT_LIVED_CERTIFICATE.confirmed,
    });
  }
  const ocspCas = owned.filter((ca) => ca.revocation?.ocsp);
  const ocspRequests = options.ocspRequestsPerMonth ?? 0;
  if (ocspCas.length > 0 || ocspRequests > 0) {
    lines.push({
      item: 'OCSP requests',
      quantity: ocspRequests,
      unitPrice: `${unitPrice(OCSP_PER_10000_REQUESTS.usd)} per 10,000 requests`,
      monthly: (ocspRequests / 10000) * OCSP_PER_10000_REQUESTS.usd,
      confirmed: OCSP_PER_10000_REQUESTS.confirmed,
    });
  }
  const notes = [
    'A CA is charged from its creation until it is deleted, pro-rated for partial months, whether it is ACTIVE or DISABLED; the first CA of each account '
      + 'and Region has a 30-day trial without the CA fee (not counted here).',
    options.certificatesPerMonth === undefined
      ? 'Certificates: the private certificates the app declares, counted once (in the month they are issued and at each renewal); set certificatesPerMonth for your volume.'
      : 'Certificates: certificatesPerMonth as given.',
    'Certificate tiers count per account and Region each month; this estimate applies them to the total, so it is an upper bound.',
  ];
  if (ocspCas.length > 0 && options.ocspRequestsPerMonth === undefined) {
    notes.push(`OCSP is on for ${ocspCas.map((ca) => ca.label).join(', ')}; its requests are not estimated: set ocspRequestsPerMonth.`);
  }
  notes.push('Not included: S3 and CloudFront for CRLs, Lambda, CloudWatch, SNS, AWS Config and CloudTrail.');
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  return { pricesReadOn: PRICES_READ_ON, source: PRICING_PAGE, currency: 'USD', lines, monthlyTotal: Math.round(total * 100) / 100, notes };
}


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
    parentOutsideApp: ca.externalParent ? `${ca.externalParent.label} (${ca.externalParent.account ?? '?'}/${ca.externalParent.region ?? '?'})` : null,
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

function principalLabel(p: PrincipalNode): string {
  return p.name ? `${p.kind} ${p.name}` : `${p.kind} ${p.path}`;
}

function accountsOf(model: PkiModel): Array<{ account: string; regions: string[] }> {
  const map = new Map<string, Set<string>>();
  const add = (account: string | undefined, region: string | undefined) => {
    const key = account ?? 'unknown';
    const set = map.get(key) ?? new Set<string>();
    if (region) set.add(region);
    map.set(key, set);
  };
  model.cas.forEach((ca) => add(ca.placeAccount, ca.placeRegion));
  model.externalParents.forEach((p) => add(p.account, p.region));
  return [...map].sort(([a], [b]) => a.localeCompare(b)).map(([account, regions]) => ({ account, regions: [...regions].sort() }));
}

export function renderReport(model: PkiModel, results: ItemResult[], ackOf: (f: RawFinding) => { acknowledged: boolean; reason?: string },
  options: ReportOptions): RenderedReport {
  const items: ReportItem[] = results.map((result) => {
    const findings = result.findings
      .map((f) => ({ ...f, ...ackOf(f) }))
      .sort((a, b) => a.scope.node.path.localeCompare(b.scope.node.path) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
    return { result, findings, status: itemStatus(result, findings) };
  });
  const cost = costOf(model, options);
  const diagram = mermaid(model);
  const counts = countStatuses(items);
  const data = {
    schema: 'cdk-pki/pki-report/v1',
    title: options.title,
    settings: options.settings,
    summary: {
      certificateAuthorities: model.cas.filter((ca) => ca.owned).length,
      sharedOrImportedCertificateAuthorities: model.cas.filter((ca) => !ca.owned).length,
      accounts: accountsOf(model).length,
      checklist: counts,
      estimatedMonthlyCostUsd: cost.monthlyTotal,
    },
    accounts: accountsOf(model),
    certificateAuthorities: model.cas.map((ca) => caData(model, ca)),
    parentsOutsideApp: model.externalParents.map((p) => ({
      id: p.id, name: p.label, account: p.account ?? null, region: p.region ?? null, level: p.depth,
    })),
    shares: model.shares.map((s) => ({
      path: s.path,
      ca: s.ca?.id ?? null,
      principals: s.principals,
      permissions: s.permissions.map((p) => p.displayName),
      unknownPermissions: s.unknownPermissions,
    })),
    checklist: items.map((item, i) => {
      const spec = CHECKLIST_ITEMS.find((c) => c.key === item.result.key)!;
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
  return {
    markdown: markdown(model, data, items, diagram, cost),
    json: JSON.stringify(data, null, 2) + '\n',
    summary: summaryText(items, cost.monthlyTotal),
    items,
  };
}

function countStatuses(items: ReportItem[]) {
  return {
    pass: items.filter((i) => i.status === 'PASS').length,
    warn: items.filter((i) => i.status === 'WARN').length,
    fail: items.filter((i) => i.status === 'FAIL').length,
    notApplicable: items.filter((i) => i.status === 'N/A').length,
  };
}

// ---- Mermaid ----

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function nodeId(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '_');
}

function issuerGroups(model: PkiModel): Array<{ id: string; label: string; account?: string; region?: string; ca: CaNode; edge: string; shape: 'stadium' | 'para' }> {
  const nodes: Array<{ id: string; label: string; account?: string; region?: string; ca: CaNode; edge: string; shape: 'stadium' | 'para' }> = [];
  const certificateGroups = new Map<string, Issuer[]>();
  for (const issuer of model.issuers) {
    if (!issuer.templates.allowsEndEntity) continue; // Signing of subordinate CAs is drawn as "signs".
    if (issuer.via === 'IAM' && issuer.principal) {
      const p = issuer.principal;
      nodes.push({
        id: `${p.id}_${issuer.ca.id}`,
        label: `IAM ${principalLabel(p).replace(`${p.stack.stackName}/`, '')}`,
        account: p.account,
        region: p.stack.region && !p.stack.region.startsWith('${') ? p.stack.region : undefined,
        ca: issuer.ca,
        edge: `may issue ${issuer.templates.describe()}`,
        shape: 'stadium',
      });
    } else if (issuer.via === 'ACM certificate') {
      const key = `${issuer.ca.id}|${issuer.accounts[0] ?? '?'}`;
      certificateGroups.set(key, [...(certificateGroups.get(key) ?? []), issuer]);
    } else if (issuer.via === 'ACM service permission') {
      nodes.push({
        id: `acm_${issuer.ca.id}`,
        label: 'ACM (renews private certificates)',
        account: issuer.ca.account,
        region: issuer.ca.region,
        ca: issuer.ca,
        edge: `may issue ${issuer.templates.describe()}`,
        shape: 'stadium',
      });
    }
  }
  for (const [key, group] of certificateGroups) {
    const ca = group[0].ca;
    const certificate = model.certificates.find((c) => c.construct === group[0].construct);
    nodes.push({
      id: `certs_${nodeId(key)}`,
      label: `${group.length} ACM private certificate${group.length === 1 ? '' : 's'}: ${group.map((g) => g.who.replace(/^ACM certificate /, '')).join('; ')}`,
      account: certificate?.account,
      region: certificate?.region,
      ca,
      edge: 'requested from',
      shape: 'para',
    });
  }
  return nodes.sort((a, b) => a.id.localeCompare(b.id));
}

function caLabel(ca: CaNode): string {
  const kind = ca.kind === 'root' || ca.kind === 'other-root' ? 'root CA' : ca.kind === 'shared' ? 'shared CA' : ca.kind === 'imported' ? 'imported CA' : 'subordinate CA';
  const lines = [`<b>${ca.label.length > 48 ? `…${ca.label.slice(-47)}` : ca.label}</b>`, kind];
  if (ca.keyAlgorithm) lines.push(`${ca.keyAlgorithm}, ${ca.validity?.toString() ?? ''}`.replace(/, $/, ''));
  if (ca.owned && ca.usageMode) lines.push(ca.usageMode);
  if (ca.revocation) {
    const r = [ca.revocation.crl ? 'CRL' : undefined, ca.revocation.ocsp ? 'OCSP' : undefined].filter((x) => x).join(' + ');
    lines.push(r ? `revocation: ${r}` : 'no revocation');
  }
  if (ca.sharePermission) lines.push(`via RAM: ${ca.sharePermission.allowedTemplates.join(', ') || 'no issuance'}`);
  return lines.map(mermaidText).join('<br/>').replace(/#lt;(\/?)b#gt;/g, '<$1b>');
}

export function mermaid(model: PkiModel): string {
  const lines = ['flowchart TB'];
  type Placed = { id: string; text: string };
  const places = new Map<string, Map<string, Placed[]>>();
  const place = (account: string | undefined, region: string | undefined, node: Placed) => {
    const a = account ?? 'unknown';
    const r = region ?? 'unknown';
    const regions = places.get(a) ?? new Map<string, Placed[]>();
    regions.set(r, [...(regions.get(r) ?? []), node]);
    places.set(a, regions);
  };
  for (const ca of model.cas) place(ca.placeAccount, ca.placeRegion, { id: ca.id, text: `${ca.id}["${caLabel(ca)}"]` });
  for (const p of model.externalParents) {
    place(p.account, p.region, { id: p.id, text: `${p.id}["${mermaidText(`${p.label}`)}<br/>${mermaidText('parent outside this app')}"]` });
  }
  const issuerNodes = issuerGroups(model);
  for (const n of issuerNodes) {
    const text = n.shape === 'stadium' ? `${n.id}(["${mermaidText(n.label)}"])` : `${n.id}[/"${mermaidText(n.label)}"/]`;
    place(n.account, n.region, { id: n.id, text });
  }
  // Accounts that receive a share without a construct of theirs in the app.
  const shareTargets: Array<{ from: string; to: string; label: string }> = [];
  for (const s of model.shares) {
    if (!s.ca) continue;
    const templates = s.permissions.flatMap((p) => p.allowedTemplates.map((t) => t.templateName));
    const label = `RAM share: ${templates.join(', ') || s.permissions.map((p) => p.displayName).join(', ')}`;
    for (const principal of s.principals) {
      const consumer = /^\d{12}$/.test(principal)
        ? model.cas.find((ca) => ca.kind === 'shared' && ca.placeAccount === principal && ca.placeRegion === s.ca!.region
          && (ca.sharePermission === undefined || s.permissions.some((p) => p.displayName === ca.sharePermission!.displayName)))
        : undefined;
      if (consumer) {
        shareTargets.push({ from: s.ca.id, to: consumer.id, label });
      } else {
        const id = `principal_${nodeId(principal)}`;
        const account = /^\d{12}$/.test(principal) ? principal : undefined;
        if (![...places.values()].some((r) => [...r.values()].some((ns) => ns.some((n) => n.id === id)))) {
          place(account, account ? s.ca.region : undefined, { id, text: `${id}(["${mermaidText(account ? `account ${account}` : principal)}"])` });
        }
        shareTargets.push({ from: s.ca.id, to: id, label });
      }
    }
  }
  for (const [account, regions] of [...places].sort(([a], [b]) => a.localeCompare(b))) {
    const accountId = `acct_${nodeId(account)}`;
    lines.push(`  subgraph ${accountId}["${account === 'unknown' ? 'Account unknown at synthesis' : `Account ${account}`}"]`);
    for (const [region, nodes] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    subgraph ${accountId}_${nodeId(region)}["${region === 'unknown' ? 'Region unknown at synthesis' : region}"]`);
      for (const node of [...nodes].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))) lines.push(`      ${node.text}`);
      lines.push('    end');
    }
    lines.push('  end');
  }
  for (const ca of model.cas) {
    const parent: CaNode | ExternalParent | undefined = ca.parent ?? ca.externalParent;
    if (parent) lines.push(`  ${parent.id} -->|"signs${ca.signingTemplate ? ` (${mermaidText(ca.signingTemplate.replace(/^SubordinateCACertificate_/, '').replace(/\/V1$/, ''))})` : ''}"| ${ca.id}`);
  }
  for (const t of shareTargets) lines.push(`  ${t.from} -.->|"${mermaidText(t.label)}"| ${t.to}`);
  for (const n of issuerNodes) lines.push(`  ${n.id} -->|"${mermaidText(n.edge)}"| ${n.ca.id}`);
  return lines.join('\n');
}

// ---- Markdown ----

function cell(text: string | number | null | undefined): string {
  return text === null || text === undefined || text === '' ? '–' : String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(model: PkiModel, data: any, items: ReportItem[], diagram: string, cost: ReturnType<typeof costOf>): string {
  const out: string[] = [];
  const counts = countStatuses(items);
  const owned = model.cas.filter((ca) => ca.owned);
  const accounts = accountsOf(model);
  const regions = new Set(accounts.flatMap((a) => a.regions));
  out.push(`# ${data.title}`, '');
  out.push('Generated by cdk-pki at synthesis from the CDK app: its certificate authorities and who may issue from them, the AWS Private CA and ACM '
    + 'best-practices checklist, and an estimated monthly cost. Synthesize again to refresh it; it changes only when the app does.', '');
  out.push('## Summary', '');
  out.push(`- ${owned.length} certificate authorit${owned.length === 1 ? 'y' : 'ies'} of this app in ${accounts.length} account${accounts.length === 1 ? '' : 's'} `
    + `and ${regions.size} Region${regions.size === 1 ? '' : 's'}${model.cas.length > owned.length ? `; ${model.cas.length - owned.length} shared or imported` : ''}`);
  out.push(`- Checklist: ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.notApplicable} not applicable`);
  out.push(`- Estimated cost: ${usd(cost.monthlyTotal)} per month (prices read on ${cost.pricesReadOn})`, '');

  out.push('## Diagram', '');
  out.push('Accounts and Regions hold the CAs; solid arrows show who signs whom and who may issue end-entity certificates, dotted arrows AWS RAM shares.', '');
  out.push('```mermaid', diagram, '```', '');

  out.push('## Certificate authorities', '');
  out.push('| CA | Account / Region | Level | Signed by | Key / signing algorithm | Validity | Usage mode | Revocation | Generation | On removal or replacement |');
  out.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const ca of data.certificateAuthorities) {
    const node = model.cas.find((c) => c.id === ca.id)!;
    const signedBy = node.isRoot ? `itself (${ca.signedWith ?? 'RootCACertificate/V1'})`
      : node.parent ? `${node.parent.label}${ca.signedWith ? ` (${ca.signedWith})` : ''}`
        : ca.parentOutsideApp ? `${ca.parentOutsideApp}${ca.signedWith ? ` (${ca.signedWith})` : ''}` : 'not in this app';
    const r = ca.revocation;
    const revocation = r === null ? 'not known here' : [
      r.crl ? `CRL (${r.crlType === 'PARTITIONED' ? 'partitioned' : 'complete'}, ${r.crlExpirationDays ?? '?'} days${r.crlBucket ? `, \`${r.crlBucket}\`` : ''})` : undefined,
      r.ocsp ? `OCSP${r.ocspCustomCname ? ` (${r.ocspCustomCname})` : ''}` : undefined,
    ].filter((x) => x).join(' + ') || 'none';
    const name = ca.kind === 'shared' ? `shared CA \`${ca.path}\`${ca.sharePermission ? ` (${ca.sharePermission})` : ''}` : `${ca.name === ca.path ? '' : `**${ca.name}** `}\`${ca.path}\``;
    const where = ca.usedFromAccount ? `${ca.account ?? '?'} / ${ca.region ?? node.placeRegion ?? '?'}, used from ${ca.usedFromAccount}` : `${ca.account ?? '?'} / ${ca.region ?? '?'}`;
    out.push(`| ${cell(name)} | ${cell(where)} | ${cell(ca.level === null ? null : `${ca.level}${node.isRoot ? ' (root)' : ''}`)} `
      + `| ${cell(signedBy)} | ${cell(ca.keyAlgorithm ? `${ca.keyAlgorithm} / ${ca.signingAlgorithm ?? '?'}` : null)} | ${cell(ca.validity)} | ${cell(ca.usageMode)} | ${cell(revocation)} `
      + `| ${cell(ca.generation === null ? null : String(ca.generation))} | ${cell(ca.onRemoval)} |`);
  }
  out.push('');

  out.push('### Who may issue', '');
  const issuerRows = data.certificateAuthorities.flatMap((ca: any) => ca.issuers.map((i: any) => ({ ca: ca.name, ...i })));
  if (issuerRows.length === 0) {
    out.push('Nothing in the app may issue from these CAs.', '');
  } else {
    out.push('| CA | Who | How | Templates |', '|---|---|---|---|');
    for (const row of issuerRows) {
      out.push(`| ${cell(row.ca)} | ${cell(row.who)} | ${cell(row.via)} | ${cell(row.templates === 'ANY' ? 'any template' : row.templates.join(', '))} |`);
    }
    out.push('');
  }
  out.push('### Who may administer', '');
  const adminRows = data.certificateAuthorities.flatMap((ca: any) => ca.administrators.map((a: any) => ({ ca: ca.name, ...a })));
  if (adminRows.length === 0) {
    out.push('No principal of the app may administer these CAs (change their state, delete them, or change their policies).', '');
  } else {
    out.push('| CA | Who | Actions |', '|---|---|---|');
    for (const row of adminRows) out.push(`| ${cell(row.ca)} | ${cell(row.who)} | ${cell(row.actions.map((a: string) => a.replace('acm-pca:', '')).join(', '))} |`);
    out.push('');
  }

  out.push('## Checklist', '');
  out.push('| # | Item | Status | Checked |', '|---|---|---|---|');
  for (const item of data.checklist) {
    out.push(`| ${item.number} | [${cell(item.title)}](${item.source}) | ${item.status} | ${cell(item.notes.join('; ') || (item.status === 'N/A' ? 'nothing in the app' : ''))} |`);
  }
  out.push('');
  const withFindings = data.checklist.filter((i: any) => i.findings.length > 0);
  if (withFindings.length > 0) {
    out.push('### Findings', '');
    out.push('Acknowledge a warning where you know better with `Validations.of(scope).acknowledge({ id, reason })` (the reason appears here) or '
      + '`Annotations.of(scope).acknowledgeWarning(id)`; errors cannot be acknowledged.', '');
    for (const item of withFindings) {
      out.push(`#### ${item.number}. ${item.title}: ${item.status}`, '');
      for (const f of item.findings) {
        const level = f.level === ('ERROR' as FindingLevel) ? 'error' : 'warning';
        const ack = f.acknowledged ? ` *Acknowledged${f.reason ? `: ${f.reason}` : ''}.*` : '';
        out.push(`- **${level}** \`${f.rule}\` at \`${f.path}\`: ${f.message}.${ack}`);
      }
      out.push('');
    }
  }

  out.push('## Estimated monthly cost', '');
  out.push('| Item | Quantity | Unit price | Per month |', '|---|---|---|---|');
  for (const line of cost.lines) {
    out.push(`| ${line.item} | ${line.quantity.toLocaleString('en-US')} | ${line.unitPrice}${line.confirmed ? '' : ' (UNCONFIRMED)'} | ${usd(line.monthly)} |`);
  }
  out.push(`| **Total** | | | **${usd(cost.monthlyTotal)}** |`, '');
  out.push(`Prices in US dollars, read on ${cost.pricesReadOn} from ${cost.source}; UNCONFIRMED marks prices that could not be read there on that date.`, '');
  for (const note of cost.notes) out.push(`- ${note}`);
  out.push('');
  return out.join('\n');
}

function summaryText(items: ReportItem[], monthly: number): string {
  const counts = countStatuses(items);
  const lines = [`  Checklist: ${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail, ${counts.notApplicable} n/a; estimated ${usd(monthly)} per month`];
  items.forEach((item, i) => {
    const spec = CHECKLIST_ITEMS.find((c) => c.key === item.result.key)!;
    lines.push(`    ${item.status.padEnd(4)}  ${String(i + 1).padStart(2)}. ${spec.title}`);
    for (const f of item.findings.filter((x) => !x.acknowledged)) lines.push(`            ${f.level === 'ERROR' ? 'error' : 'warning'} ${f.ruleId} at ${f.scope.node.path}`);
    const acknowledged = item.findings.filter((x) => x.acknowledged).length;
    if (acknowledged > 0) lines.push(`            ${acknowledged} acknowledged`);
  });
  return lines.join('\n');
}
