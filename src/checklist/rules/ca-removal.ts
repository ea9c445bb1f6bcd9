/**
 * Checklist item 9, CAs are replaced on purpose and retired by the recommended process (rule
 * cdk-pki:RootDeletable). The library's CAs are guarded against replacement (a deployment that would replace
 * one unasked fails before any CA is created); the item reports what happens to each on removal, and warns
 * about roots that would be deleted.
 */
import { summarizeRemoval } from '../../hierarchy/private/ca-lifecycle';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, finding, plural } from '../private/findings';

export function caRemoval(model: PkiModel): ItemResult {
  const library = model.cas.filter((ca) => ca.owned && ca.removal !== undefined);
  const findings: RawFinding[] = library
    .filter((ca) => ca.isRoot && ca.removal!.policy === 'DESTROY')
    .map((ca) => finding('cdk-pki:RootDeletable', ca.construct, `RootCaAccount '${ca.path}' (${ca.label}) has removalPolicy DESTROY: removing it `
      + `or raising its generation disables and deletes the root (restorable for ${ca.removal!.restorationDays} days), and every certificate below `
      + 'it stops validating; keep RemovalPolicy.RETAIN unless the whole hierarchy is being retired'));
  const counts = new Map<string, number>();
  library.forEach((ca) => {
    const what = summarizeRemoval(ca.removal!);
    counts.set(what, (counts.get(what) ?? 0) + 1);
  });
  const notes = library.length === 0 ? [] : [
    `${plural(library.length, 'CA')} of the library guarded against replacement (a new generation replaces one on purpose)`,
    `on removal or replacement: ${[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${n} ${what}`).join('; ')}`,
  ];
  return { key: 'ca-removal', applicable: library.length > 0, findings, notes };
}
