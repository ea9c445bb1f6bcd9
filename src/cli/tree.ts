/**
 * `cdk-pki tree`: the CA tree of a PKI report, built from its JSON (the CAs with their parents and the timeline's
 * first certificates) and printed as `npm run examples` prints it; then the shared and imported CAs the app uses.
 */
import { CaTreeNode, formatCaTree, signedByText } from './ca-tree';
import { CaJson, ReportJson, certificatePlans } from './report-json';

/** How the tree names each kind of CA of the report. */
const KIND_NAMES: Record<string, string> = {
  'root': 'RootCaAccount',
  'subordinate': 'IssuingCa',
  'other-root': 'CfnCertificateAuthority (ROOT)',
  'other-subordinate': 'CfnCertificateAuthority (SUBORDINATE)',
};

const ROOT_KINDS = new Set(['root', 'other-root']);

/** A CA the app uses but does not own: shared with it (RAM) or imported by ARN. */
export interface UsedCa {
  readonly kind: 'shared' | 'imported' | string;
  readonly name: string;
  readonly path: string;
  readonly account?: string;
  readonly region?: string;
  readonly usedFromAccount?: string;
  readonly sharePermission?: string;
}

/** The CA tree of a report, and the CAs outside it. */
export interface ReportTree {
  readonly roots: CaTreeNode[];
  readonly usedCas: UsedCa[];
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** The CAs of the report, each under the CA that signs it, in the report's order (roots first, by construct path). */
export function reportTree(report: ReportJson): ReportTree {
  const plans = certificatePlans(report);
  const owned = report.certificateAuthorities.filter((ca) => ca.kind in KIND_NAMES);
  const byId = new Map(owned.map((ca) => [ca.id, ca]));
  const childrenOf = (parent: CaJson) => owned.filter((ca) => ca.parent === parent.id);
  const node = (ca: CaJson, parentDepth?: number): CaTreeNode => {
    const parent = ca.parent === null ? undefined : byId.get(ca.parent);
    const depth = ca.level ?? (parentDepth === undefined ? undefined : parentDepth + 1);
    const differs = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && a !== b;
    return {
      kind: KIND_NAMES[ca.kind],
      name: ca.name,
      path: ca.path,
      depth,
      keyAlgorithm: orUndefined(ca.keyAlgorithm),
      validity: orUndefined(ca.validity),
      pathLength: ROOT_KINDS.has(ca.kind) ? 'none' : orUndefined(ca.pathLength),
      signingTemplate: orUndefined(ca.signedWith),
      account: orUndefined(ca.account),
      region: orUndefined(ca.region),
      signedBy: signedByText({
        selfSigned: ROOT_KINDS.has(ca.kind),
        parentInApp: parent !== undefined,
        crossAccount: differs(parent?.account, ca.account),
        crossRegion: differs(parent?.region, ca.region),
        parentOutsideApp: orUndefined(ca.parentOutsideApp),
      }),
      certificate: plans.get(ca.path),
      children: childrenOf(ca).map((child) => node(child, depth)),
    };
  };
  const roots = owned.filter((ca) => ca.parent === null || !byId.has(ca.parent)).map((ca) => node(ca));
  const usedCas = report.certificateAuthorities.filter((ca) => !(ca.kind in KIND_NAMES)).map((ca) => ({
    kind: ca.kind,
    name: ca.name,
    path: ca.path,
    account: orUndefined(ca.account),
    region: orUndefined(ca.region),
    usedFromAccount: orUndefined(ca.usedFromAccount),
    sharePermission: orUndefined(ca.sharePermission),
  }));
  return { roots, usedCas };
}

function usedCaLine(ca: UsedCa): string {
  const what = ca.kind === 'shared' ? 'shared CA' : ca.kind === 'imported' ? 'imported CA' : `${ca.kind} CA`;
  const name = ca.name === ca.path ? ca.path : `${ca.name} (${ca.path})`;
  const where = `in ${ca.account ?? '?'}/${ca.region ?? '?'}`;
  const from = ca.usedFromAccount ? `, used from ${ca.usedFromAccount}` : '';
  const permission = ca.sharePermission ? `, permission ${ca.sharePermission}` : '';
  return `${what} ${name}, ${where}${from}${permission}`;
}

/** The tree as `npm run examples` prints it, under `  CA tree:`, then the CAs used but not owned. */
export function formatReportTree(tree: ReportTree): string[] {
  const lines = ['  CA tree:'];
  if (tree.roots.length === 0) lines.push('    (no CA of its own: the app has no RootCaAccount, IssuingCa or AWS::ACMPCA::CertificateAuthority)');
  lines.push(...formatCaTree(tree.roots));
  if (tree.usedCas.length > 0) {
    lines.push('  CAs used but owned elsewhere:');
    lines.push(...tree.usedCas.map((ca) => `    ${usedCaLine(ca)}`));
  }
  return lines;
}
