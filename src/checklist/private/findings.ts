/**
 * What every checklist rule works with: the options the checks were given, the finding a rule reports, the
 * result of an item, how messages name CAs, principals and certificates, and the order of findings. The rules
 * import this; nothing here imports a rule.
 */
import { IConstruct } from 'constructs';
import { FindingLevel, ruleSpec } from './checks-catalog';
import type { AcmCertificateNode, CaNode, PrincipalNode } from './model/nodes';

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

/** The order of findings in the checks and the report: by construct path, rule and message. */
export function compareFindings(a: RawFinding, b: RawFinding): number {
  return a.scope.node.path.localeCompare(b.scope.node.path) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

/** How a CA is named in messages: its kind, construct path and hierarchy name. */
export function caName(ca: CaNode): string {
  const kind = ca.kind === 'root' ? 'RootCaAccount' : ca.kind === 'subordinate' ? 'IssuingCa' : ca.kind === 'shared' ? 'SharedCa'
    : ca.kind === 'imported' ? 'imported CA' : 'AWS::ACMPCA::CertificateAuthority';
  return ca.label === ca.path ? `${kind} '${ca.path}'` : `${kind} '${ca.path}' (${ca.label})`;
}

/** Where a CA is, in messages: its account, or its stack when the account is not known at synthesis. */
export function accountName(ca: CaNode): string {
  return ca.account ? `account ${ca.account}` : `stack '${ca.stack.stackName}'`;
}

export function principalName(p: PrincipalNode): string {
  return `IAM ${p.kind} '${p.path}'${p.name ? ` (${p.name})` : ''}`;
}

/** How an ACM certificate is named in messages: its construct path and names. */
export function certificateName(c: AcmCertificateNode): string {
  return `ACM certificate '${c.path}'${c.names.length > 0 ? ` (${c.names.join(', ')})` : ''}`;
}

/** Whether `name` is `domain` or below it (`*.` of a wildcard name is ignored). */
export function isWithin(name: string, domain: string): boolean {
  const n = name.toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/^\*\./, '').replace(/^\./, '').replace(/\.$/, '');
  return n === d || n.endsWith(`.${d}`);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

