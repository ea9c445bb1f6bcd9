/**
 * Runs the checklist over a `PkiModel`: one item per file under rules/, in the checklist's order. Each item
 * gives its findings, whether it applied at all, and notes for the report (what was checked, what passed).
 */
import { PkiModel } from './checks-model';
import { CheckOptions, ItemResult, RawFinding } from './findings';
import { acmValidation } from '../rules/acm-validation';
import { caExpiryWatched } from '../rules/ca-expiry-watched';
import { caRemoval } from '../rules/ca-removal';
import { caSignersSignCaOnly } from '../rules/ca-signers-sign-ca-only';
import { cloudFrontRegion } from '../rules/cloudfront-region';
import { cloudTrail } from '../rules/cloudtrail';
import { distinctCaNames } from '../rules/distinct-ca-names';
import { hierarchyDepth } from '../rules/hierarchy-depth';
import { revocation } from '../rules/revocation';
import { rootDisabledWhenIdle } from '../rules/root-disabled-when-idle';
import { rootIsolated } from '../rules/root-isolated';
import { rootSignsCaOnly } from '../rules/root-signs-ca-only';
import { separationOfDuties } from '../rules/separation-of-duties';
import { transparencyLogging } from '../rules/transparency-logging';
import { validity } from '../rules/validity';
import { wildcardForTestEnvironments } from '../rules/wildcard-for-test-environments';

/** The items of the checklist, in the order of CHECKLIST_ITEMS. */
export const CHECKLIST: ReadonlyArray<(model: PkiModel, options: CheckOptions) => ItemResult> = [
  rootSignsCaOnly,
  hierarchyDepth,
  rootIsolated,
  separationOfDuties,
  revocation,
  validity,
  cloudTrail,
  rootDisabledWhenIdle,
  caRemoval,
  acmValidation,
  cloudFrontRegion,
  wildcardForTestEnvironments,
  transparencyLogging,
  caSignersSignCaOnly,
  caExpiryWatched,
  distinctCaNames,
];

/** Runs every item; rules in `disabledRules` give no findings. */
export function evaluate(model: PkiModel, options: CheckOptions): ItemResult[] {
  const order = (a: RawFinding, b: RawFinding) => a.scope.node.path.localeCompare(b.scope.node.path) || a.ruleId.localeCompare(b.ruleId)
    || a.message.localeCompare(b.message);
  return CHECKLIST.map((item) => item(model, options))
    .map((item) => ({ ...item, findings: item.findings.filter((f) => !options.disabledRules.has(f.ruleId)).sort(order) }));
}
