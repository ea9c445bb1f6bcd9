/**
 * The report's timeline of CA certificates: a Mermaid gantt (one section per hierarchy, a bar per planned
 * certificate, milestones for a root's renewal due and for certificates that expire without a renewal), a table of
 * when each CA first renews and when its certificates end, and the same data for the JSON report.
 */
import { CaTimeline, Timeline, firstRenewalOf } from './report-timeline';
import { rootCertificateParameterName } from '../../hierarchy/private/names';

/**
 * A name as Mermaid's gantt takes it in a task or section: without '#' (a comment there), ':' and ';' (separators)
 * and parentheses (refused by older versions).
 */
function ganttText(text: string): string {
  return text.replace(/[#:;()\n]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The label of a CA's bars: its name and generation. */
function caLabel(ca: CaTimeline): string {
  return `${ca.name} g${ca.generation}`;
}

export function gantt(timeline: Timeline): string {
  const lines = ['gantt', `  title CA certificates planned from ${timeline.start}`, '  dateFormat YYYY-MM-DD', '  axisFormat %Y'];
  for (const hierarchy of timeline.hierarchies) {
    lines.push(`  section ${ganttText(hierarchy.name)}`);
    for (const ca of hierarchy.cas) {
      for (const c of ca.certificates) {
        const name = ganttText(`${caLabel(ca)} cert ${c.renewal + 1}${c.capped ? ' capped' : ''}`);
        lines.push(`    ${name} :${c.capped ? 'crit, ' : ''}${ca.key}_${c.renewal + 1}, ${c.start}, ${c.end}`);
      }
      ca.milestones.forEach((m, i) => lines.push(`    ${ganttText(`${caLabel(ca)} ${m.kind}`)} :milestone, ${ca.key}_m${i + 1}, ${m.date}, 0d`));
    }
  }
  return lines.join('\n');
}

function renewalText(ca: CaTimeline): string {
  if (ca.renewal === 'automatic') return `automatic, ${ca.renewBeforeDays} days before the end`;
  if (ca.renewal === 'on request') return `on request (\`certificateRenewal\`), due ${ca.renewBeforeDays} days before the end`;
  return 'manual (a deployment that changes the certificate)';
}

function notesOf(ca: CaTimeline): string {
  const capped = ca.certificates.filter((c) => c.capped).length;
  const expires = ca.milestones.find((m) => m.kind === 'expires');
  return [
    capped > 0 ? `${capped} renewal${capped === 1 ? '' : 's'} capped by the parent's end` : undefined,
    ca.renewalBlockedFrom ? `renewal refused from ${ca.renewalBlockedFrom} (the parent ends first): renew the parent` : undefined,
    expires ? `expires ${expires.date}` : undefined,
    ca.truncated ? `only the first ${ca.certificates.length} certificates shown` : undefined,
    // Where trust stores find the root's certificate, the renewed one included (RootCaAccount publishes it).
    ca.renewal === 'on request' ? `certificate published in SSM \`${rootCertificateParameterName(ca.hierarchy)}\` and a stack output` : undefined,
    ca.note ?? undefined,
  ].filter((x) => x).join('; ');
}

/** The Markdown section: what the timeline shows, the gantt, and a table per CA. */
export function timelineSection(timeline: Timeline, cell: (text: string | undefined) => string): string[] {
  const cas = timeline.hierarchies.flatMap((h) => h.cas);
  const out = ['## CA certificate timeline', ''];
  if (cas.length === 0) return [...out, 'The app has no RootCaAccount or IssuingCa to plan.', ''];
  out.push(`The certificates of the app's CAs as planned from ${timeline.start}, taken as the day the PKI is deployed (\`timelineStart\`), `
    + 'until the end of each root\'s first certificate: the first certificate of each CA, then each automatic renewal of an IssuingCa '
    + '(a new certificate with the CA\'s validity, its parent\'s renewals first). A renewal marked capped (crit) ends a day before its '
    + 'parent\'s certificate; one that would not end later is refused, and the CA expires unless its parent renews. A root renews on '
    + 'request only: the milestone says when its renewal is due.', '');
  out.push('```mermaid', gantt(timeline), '```', '');
  out.push('| CA | Renewal | First certificate | First renewal | Certificates planned | Notes |', '|---|---|---|---|---|---|');
  for (const ca of cas) {
    const first = ca.certificates[0];
    const renewal = firstRenewalOf(ca);
    out.push(`| ${cell(`${ca.hierarchy}/${ca.name} g${ca.generation}`)} | ${cell(renewalText(ca))} | ${cell(first && `${first.start} to ${first.end}`)} `
      + `| ${cell(renewal && (ca.renewal === 'on request' ? `due ${renewal}` : renewal))} | ${ca.certificates.length} | ${cell(notesOf(ca))} |`);
  }
  out.push('');
  return out;
}

/** The timeline as the JSON report has it. */
export function timelineData(timeline: Timeline) {
  return {
    start: timeline.start,
    hierarchies: timeline.hierarchies.map((h) => ({
      name: h.name,
      horizon: h.horizon,
      certificateAuthorities: h.cas.map((ca) => ({
        id: ca.key,
        path: ca.path,
        name: ca.name,
        generation: ca.generation,
        renewal: ca.renewal,
        renewBeforeDays: ca.renewBeforeDays,
        firstRenewal: firstRenewalOf(ca) ?? null,
        certificates: ca.certificates,
        milestones: ca.milestones,
        renewalBlockedFrom: ca.renewalBlockedFrom,
        truncated: ca.truncated,
        note: ca.note,
      })),
    })),
  };
}
