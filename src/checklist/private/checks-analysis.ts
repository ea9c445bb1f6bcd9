/**
 * What PkiChecks and PkiReport share: the options, the analysis of one synthesis, and how to tell whether a
 * finding was acknowledged (through Validations.acknowledge, with a reason, or Annotations.acknowledgeWarning).
 */
import { Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PkiModel } from './checks-model';
import { CheckOptions, ChecksInput, ItemResult, RawFinding } from './findings';

/** What one run of the checks found, for the report. */
export interface Analysis {
  readonly model: PkiModel;
  readonly items: ItemResult[];
  /** Warnings the checks tried to add as annotations (those acknowledged through Validations are not). */
  readonly emitted: Set<RawFinding>;
  readonly annotated: boolean;
}

const WARNING_METADATA = 'aws:cdk:warning';
export const ANALYSES = new WeakMap<IConstruct, Analysis>();

/** The Stage whose cloud assembly a construct goes into (the App for most). */
export function assemblyRootOf(scope: IConstruct): IConstruct {
  return Stage.isStage(scope) ? scope : Stage.of(scope) ?? scope.node.root;
}

export function toCheckOptions(props: ChecksInput): CheckOptions {
  const threshold = props.testEnvironmentCertificateThreshold ?? 3;
  const problems: string[] = [];
  if (!Number.isInteger(threshold) || threshold < 2) {
    problems.push(`testEnvironmentCertificateThreshold ${threshold} is not allowed; use a whole number of at least 2, for example 3`);
  }
  for (const [name, domains] of [['externallyValidatedDomains', props.externallyValidatedDomains], ['transparencyLoggingOptOutDomains', props.transparencyLoggingOptOutDomains]] as const) {
    for (const d of domains ?? []) {
      if (!/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(d)) {
        problems.push(`${name} has '${d}', which is not a domain name; use names such as 'example.com'`);
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(problems.length === 1 ? `PkiChecks: ${problems[0]}` : `PkiChecks has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return {
    cloudTrailElsewhere: props.cloudTrailElsewhere ?? false,
    externallyValidatedDomains: [...(props.externallyValidatedDomains ?? [])],
    transparencyLoggingOptOutDomains: [...(props.transparencyLoggingOptOutDomains ?? [])],
    testEnvironmentCertificateThreshold: threshold,
    disabledRules: new Set((props.disabledRules ?? []).map((r) => r.id)),
  };
}

/** The reason a rule was acknowledged through `Validations.of(...).acknowledge` on `scope` or above, if it was. */
export function validationsAcknowledgement(scope: IConstruct, ids: string[]): string | undefined {
  for (let c: IConstruct | undefined = scope; c !== undefined; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      // The rule id as recorded: bare or `annotation::<id>` (aws-cdk-lib 2.257), `Annotation::<id>` (newer releases).
      for (const [key, reason] of Object.entries(entry.data as Record<string, unknown>)) {
        if (ids.includes(key.replace(/^annotation::/i, ''))) return String(reason);
      }
    }
  }
  return undefined;
}

function hasWarning(scope: IConstruct, id: string): boolean {
  return scope.node.metadata.some((m) => m.type === WARNING_METADATA && String(m.data).includes(`[ack: ${id}]`));
}

const ANNOTATIONS_ACK = 'acknowledged with Annotations.acknowledgeWarning (no reason recorded)';

/** Whether a finding was acknowledged, and why, as far as the construct tree tells. */
export function acknowledgementOf(
  finding: RawFinding, analysis: { emitted: Set<RawFinding>; annotated: boolean },
): { acknowledged: boolean; reason?: string } {
  if (finding.level === 'ERROR') return { acknowledged: false };
  const ids = finding.ownWarningId ? [finding.ruleId, finding.ownWarningId] : [finding.ruleId];
  const reason = validationsAcknowledgement(finding.scope, ids);
  if (reason !== undefined) return { acknowledged: true, reason };
  if (finding.ownWarningId) {
    return hasWarning(finding.scope, finding.ownWarningId) ? { acknowledged: false } : { acknowledged: true, reason: ANNOTATIONS_ACK };
  }
  if (analysis.annotated && analysis.emitted.has(finding) && !hasWarning(finding.scope, finding.ruleId)) {
    return { acknowledged: true, reason: ANNOTATIONS_ACK };
  }
  return { acknowledged: false };
}

export function isUnder(scope: IConstruct, ancestor: IConstruct): boolean {
  for (let c: IConstruct | undefined = scope; c !== undefined; c = c.node.scope) {
    if (c === ancestor) return true;
  }
  return false;
}

/** The analysis the checks made of `root` during its synthesis, if any. */
export function analysisOf(root: IConstruct): Analysis | undefined {
  return ANALYSES.get(root);
}
