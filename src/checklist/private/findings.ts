/**
 * What every checklist rule works with: the options the checks were given, the finding a rule reports, the
 * result of an item, and how messages name CAs and principals. The rules import this; nothing here imports a
 * rule.
 */
import { IConstruct } from 'constructs';
import { FindingLevel, ruleSpec } from './checks-catalog';
import type { CaNode, PrincipalNode } from './checks-model';

/** What PkiChecks is given (PkiChecksProps has these fields). */
export interface ChecksInput {
  readonly cloudTrailElsewhere?: boolean;
  readonly externallyValidatedDomains?: string[];
  readonly transparencyLoggingOptOutDomains?: string[];
  readonly testEnvironmentCertificateThreshold?: number;
  readonly disabledRules?: ReadonlyArray<{ readonly id: string }>;
}

/** What the checks were told about the app. */
export interface CheckOptions {
  readonly cloudTrailElsewhere: boolean;
  readonly externallyValidatedDomains: string[];
  readonly transparencyLoggingOptOutDomains: string[];
  readonly testEnvironmentCertificateThreshold: number;
  readonly disabledRules: ReadonlySet<string>;
}

/** One finding, on the construct it is about. */
export interface RawFinding {
  readonly ruleId: string;
  readonly level: FindingLevel;
  readonly scope: IConstruct;
  readonly message: string;
  /** A warning the construct itself already raises for the same problem (so the checks add none). */
  readonly ownWarningId?: string;
}

/** The result of one checklist item. */
export interface ItemResult {
  readonly key: string;
  /** False when the app has nothing this item is about. */
  readonly applicable: boolean;
  readonly findings: RawFinding[];
  /** What was checked and what passed, for the report. */
  readonly notes: string[];
}

export function finding(ruleId: string, scope: IConstruct, message: string, ownWarningId?: string): RawFinding {
  return { ruleId, level: ruleSpec(ruleId).level, scope, message, ownWarningId };
}

/** How a CA is named in messages: its kind, construct path and hierarchy name. */
export function caName(ca: CaNode): string {
  const kind = ca.kind === 'root' ? 'RootCaAccount' : ca.kind === 'subordinate' ? 'IssuingCa' : ca.kind === 'shared' ? 'SharedCa'
    : ca.kind === 'imported' ? 'imported CA' : 'AWS::ACMPCA::CertificateAuthority';
  return ca.label === ca.path ? `${kind} '${ca.path}'` : `${kind} '${ca.path}' (${ca.label})`;
}

export function principalName(p: PrincipalNode): string {
  return `IAM ${p.kind} '${p.path}'${p.name ? ` (${p.name})` : ''}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

