/**
 * The CAs of the library in the model (RootCaAccount, IssuingCa), as the timeline plans them: their validity, their
 * parent in the app, and how they renew (an IssuingCa's renewal plan; a root on request, due a third of its
 * validity before its end).
 */
import { PkiModel } from './checks-model';
import { TimelineCaInput, TimelineRenewal, TimelineUnit } from './report-timeline';
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { defaultRenewBeforeDays, renewalPlanOf } from '../../lifecycle/private/ca-renewal';

/** In the model's tree order. */
export function timelineCas(model: PkiModel): TimelineCaInput[] {
  const library = model.cas.filter((ca) => ca.construct instanceof RootCaAccount || ca.construct instanceof IssuingCa);
  const keys = new Set(library.map((ca) => ca.id));
  return library.map((ca) => {
    const construct = ca.construct as RootCaAccount | IssuingCa;
    const isRoot = construct instanceof RootCaAccount;
    const resolved = ca.validity?.isResolved ? ca.validity : undefined;
    const plan = isRoot ? undefined : renewalPlanOf(construct);
    const renewal: TimelineRenewal = isRoot ? 'on request' : plan?.automatic ? 'automatic' : 'manual';
    const renewBeforeDays = resolved === undefined ? undefined
      : isRoot ? defaultRenewBeforeDays(resolved)
        : plan?.automatic ? plan.renewBeforeDays() : undefined;
    return {
      key: ca.id,
      path: ca.path,
      hierarchy: construct.hierarchyName,
      name: construct.caName,
      generation: ca.generation ?? 1,
      parentKey: ca.parent && keys.has(ca.parent.id) ? ca.parent.id : undefined,
      isRoot,
      validity: resolved && { value: resolved.value, unit: resolved.unit as TimelineUnit },
      renewal,
      renewBeforeDays,
    };
  });
}
