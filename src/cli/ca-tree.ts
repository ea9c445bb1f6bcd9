/**
 * The CA tree as text, the way `npm run examples` (examples/synth-all.ts) and `cdk-pki tree` print it: per CA its
 * level, kind, name and construct path; its key algorithm, validity, path length and signing template; its account
 * and Region and how it is signed; and, when known, when its first certificate renews and expires. Plain data in,
 * lines out: nothing here loads aws-cdk-lib, so the CLI starts fast.
 */

/** A CA's first certificate and its renewal, from the PKI report's timeline. */
export interface CaCertificatePlan {
  /** First day of the first certificate, YYYY-MM-DD (the report's timelineStart). */
  readonly start: string;
  /** When the first certificate expires, YYYY-MM-DD. */
  readonly expires: string;
  readonly renewal: 'automatic' | 'manual' | 'on request';
  /** The first automatic renewal, or when a root's renewal on request is due; undefined for a manual renewal. */
  readonly firstRenewal?: string;
}

/** One CA of the tree as printed, with the CAs it signs. */
export interface CaTreeNode {
  /** For example `RootCaAccount` or `IssuingCa`. */
  readonly kind: string;
  /** For example `example/root` (hierarchy name / CA name). */
  readonly name: string;
  /** Construct path. */
  readonly path: string;
  /** 1 for a root; undefined when unknown. */
  readonly depth?: number;
  readonly keyAlgorithm?: string;
  /** For example `3 years`. */
  readonly validity?: string;
  /** The path length of the CA certificate, or 'none' when it has no constraint (a root); undefined when unknown. */
  readonly pathLength?: number | 'none';
  /** The template its certificate is issued with. */
  readonly signingTemplate?: string;
  readonly account?: string;
  readonly region?: string;
  /** How it is signed, from `signedByText`. */
  readonly signedBy: string;
  readonly certificate?: CaCertificatePlan;
  readonly children: CaTreeNode[];
}

/** What `signedByText` needs to know of a CA and its parent. */
export interface SigningFacts {
  readonly selfSigned: boolean;
  /** The parent is a CA of the same app (and so in the tree). */
  readonly parentInApp: boolean;
  readonly crossAccount: boolean;
  readonly crossRegion: boolean;
  /** The parent outside the app, when its name is known. */
  readonly parentOutsideApp?: string;
}

/** How a CA is signed: `self-signed`, `signed cross-account and cross-Region`, ... */
export function signedByText(facts: SigningFacts): string {
  if (facts.selfSigned) return 'self-signed';
  if (!facts.parentInApp) {
    return facts.parentOutsideApp ? `signed by a parent outside this app: ${facts.parentOutsideApp}` : 'signed by a parent outside this app';
  }
  if (facts.crossAccount) return `signed cross-account${facts.crossRegion ? ' and cross-Region' : ''}`;
  return facts.crossRegion ? 'signed cross-Region' : 'signed in the same account';
}

/** When a CA's first certificate renews and when it expires. */
export function certificateLine(plan: CaCertificatePlan): string {
  const renewal = plan.renewal === 'automatic' ? `renews automatically on ${plan.firstRenewal ?? '(after the timeline)'}`
    : plan.renewal === 'on request' ? `renewal on request, due ${plan.firstRenewal}` : 'renewal manual';
  return `certificate from ${plan.start}, expires ${plan.expires}; ${renewal}`;
}

function settingsLine(ca: CaTreeNode): string | undefined {
  const pathLength = ca.pathLength === undefined ? undefined
    : ca.pathLength === 'none' ? 'no path length constraint' : `path length ${ca.pathLength}`;
  const parts = [ca.keyAlgorithm, ca.validity === undefined ? undefined : `valid ${ca.validity}`, pathLength, ca.signingTemplate]
    .filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * The tree as lines, each starting with `indent`: a root's line, then its details under a `│` when it has
 * subordinates, then each subordinate after `├─ ` (or `└─ ` for the last).
 */
export function formatCaTree(roots: readonly CaTreeNode[], indent: string = '    '): string[] {
  const lines: string[] = [];
  const walk = (ca: CaTreeNode, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    lines.push(`${indent}${prefix}${branch}[level ${ca.depth ?? '?'}] ${ca.kind} ${ca.name} (${ca.path})`);
    const detail = `${indent}${prefix}${top ? '' : last ? '   ' : '│  '}${ca.children.length > 0 ? '│ ' : '  '}  `;
    const settings = settingsLine(ca);
    if (settings !== undefined) lines.push(`${detail}${settings}`);
    lines.push(`${detail}${ca.account ?? '?'}/${ca.region ?? '?'}, ${ca.signedBy}`);
    if (ca.certificate) lines.push(`${detail}${certificateLine(ca.certificate)}`);
    const childPrefix = top ? prefix : prefix + (last ? '   ' : '│  ');
    ca.children.forEach((child, i) => walk(child, childPrefix, i === ca.children.length - 1, false));
  };
  roots.forEach((root) => walk(root, '', true, true));
  return lines;
}
