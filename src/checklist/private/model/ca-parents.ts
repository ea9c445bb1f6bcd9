/**
 * The parents of the app's CAs: another CA of the app, or a parent outside it (ParentCa.fromAccount,
 * fromCertificateAuthorityArn, outsideAws), which
 * the diagram draws once however many CAs it signs.
 */
import { concrete } from './context';
import { CaNode, ExternalParent } from './nodes';
import { IParentCa } from '../../../hierarchy/parent';
import { authorityOf, SigningAuthority } from '../../../hierarchy/private/authority';
import { Validity } from '../../../hierarchy/validity';

/** Sets each CA's parent (or parent outside the app); returns the parents outside the app, in the CAs' order. */
export function linkParents(cas: CaNode[]): ExternalParent[] {
  const byObject = new Map<unknown, CaNode>(cas.map((ca) => [ca.construct, ca]));
  const externalParents: ExternalParent[] = [];
  for (const ca of cas) {
    if (!ca.parentObject) continue;
    const parent = byObject.get(ca.parentObject);
    if (parent) {
      ca.parent = parent;
      continue;
    }
    const p = ca.parentObject;
    const outsideAws = authorityOrUndefined(p)?.external !== undefined;
    const key = `${p.hierarchyName}/${p.caName}@${concrete(p.env.account) ?? '?'}/${concrete(p.env.region) ?? '?'}`;
    let external = externalParents.find((e) => `${e.label}@${e.account ?? '?'}/${e.region ?? '?'}` === key);
    if (!external) {
      external = {
        id: `ext${externalParents.length + 1}`,
        label: `${p.hierarchyName}/${p.caName}`,
        account: outsideAws ? undefined : concrete(p.env.account),
        region: outsideAws ? undefined : concrete(p.env.region),
        outsideAws,
        depth: p.depth,
        validity: validityOf(p),
      };
      externalParents.push(external);
    }
    ca.externalParent = external;
  }
  return externalParents;
}

function authorityOrUndefined(parent: IParentCa): SigningAuthority | undefined {
  try {
    return authorityOf(parent);
  } catch {
    return undefined;
  }
}

/** The validity a parent outside the app was described with, if it was. */
function validityOf(parent: IParentCa): Validity | undefined {
  return authorityOrUndefined(parent)?.validity;
}
