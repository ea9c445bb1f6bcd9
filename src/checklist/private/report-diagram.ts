/**
 * The report's Mermaid diagram: accounts and Regions holding the CAs, who signs whom, who may issue end-entity
 * certificates, and the AWS RAM shares.
 */
import { CaNode, ExternalParent, Issuer, PkiModel } from './checks-model';
import { plural } from './findings';
import { principalLabel } from './model/principals';

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
      label: `${plural(group.length, 'ACM private certificate')}: ${group.map((g) => g.who.replace(/^ACM certificate /, '')).join('; ')}`,
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
    place(p.outsideAws ? 'outside AWS' : p.account, p.outsideAws ? 'offline' : p.region,
      { id: p.id, text: `${p.id}["${mermaidText(`${p.label}`)}<br/>${mermaidText(p.outsideAws ? 'parent outside AWS' : 'parent outside this app')}"]` });
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
