/**
 * Safe change and removal of the library's CAs: the removal settings (what happens to a CA that leaves its
 * stack or is replaced on purpose), the CA's identity tags, its generation, and the stack's guard, the
 * custom resource every CA depends on, which fails a deployment that would replace a CA nobody asked to
 * replace before CloudFormation creates any CA.
 */
import { Annotations, Aws, CfnResource, CustomResource, Duration, Lazy, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct, IConstruct } from 'constructs';
import { SigningProvider } from './signing-provider';
import { CA_RESTORATION_DEFAULT_DAYS, CA_RESTORATION_MAX_DAYS, CA_RESTORATION_MIN_DAYS } from '../../private/contracts/aws-strings';
import {
  CA_GUARD_RESOURCE_TYPE, CA_ROLE_ROOT, CA_ROLE_SUBORDINATE, CA_TAGS, CaGuardProperties, CaRemovalPolicy, GuardedCa,
} from '../../private/contracts/signing';
import { ValidationErrors } from '../../private/validation';

/** What happens to a CA that leaves its stack or is replaced on purpose. */
export interface CaRemoval {
  readonly policy: CaRemovalPolicy;
  /** Days a deleted CA stays restorable (DESTROY only). */
  readonly restorationDays: number;
  /** The CA's certificate is revoked at its parent first (subordinates). */
  readonly revoke: boolean;
}

/** The removal props of RootCaAccount and IssuingCa. */
export interface CaRemovalProps {
  readonly removalPolicy?: RemovalPolicy;
  readonly restorationPeriod?: Duration;
}

/** Reads and checks the removal props; `revoke` is the IssuingCa's revokeOnDelete. */
export function resolveRemoval(scope: IConstruct, props: CaRemovalProps, revoke: boolean, errors: ValidationErrors): CaRemoval {
  const given = props.removalPolicy ?? RemovalPolicy.RETAIN;
  let policy: CaRemovalPolicy = 'RETAIN';
  if (given === RemovalPolicy.DESTROY) {
    policy = 'DESTROY';
  } else if (given === RemovalPolicy.SNAPSHOT) {
    errors.add('removalPolicy SNAPSHOT is not possible for a CA; use RemovalPolicy.RETAIN (keep it) or RemovalPolicy.DESTROY '
      + '(disable it, then delete it with a restoration period)');
  }
  let restorationDays = CA_RESTORATION_DEFAULT_DAYS;
  const period = props.restorationPeriod;
  if (period !== undefined && period.isUnresolved()) {
    // Known at deployment only: the handler checks it (7 to 30) and uses 30 days otherwise. A token must be in
    // days; aws-cdk-lib's own message says so otherwise.
    restorationDays = period.toDays();
  } else if (period !== undefined) {
    const days = period.toMinutes({ integral: false }) / (24 * 60);
    if (!Number.isInteger(days) || days < CA_RESTORATION_MIN_DAYS || days > CA_RESTORATION_MAX_DAYS) {
      errors.add(`restorationPeriod ${period.toHumanString()} is not possible; AWS Private CA keeps a deleted CA restorable for `
        + `${CA_RESTORATION_MIN_DAYS} to ${CA_RESTORATION_MAX_DAYS} whole days, for example Duration.days(${CA_RESTORATION_DEFAULT_DAYS})`);
    } else {
      restorationDays = days;
    }
  }
  if (period !== undefined && policy !== 'DESTROY') {
    Annotations.of(scope).addWarningV2('cdk-pki:restorationPeriodUnused',
      'restorationPeriod applies only to a CA the library deletes (removalPolicy: RemovalPolicy.DESTROY); with RETAIN the CA is kept');
  }
  return { policy, restorationDays, revoke };
}

const removals = new WeakMap<IConstruct, CaRemoval>();

/** Records a CA construct's removal settings, for the checklist and the report. */
export function registerRemoval(ca: IConstruct, removal: CaRemoval): void {
  removals.set(ca, removal);
}

/** A CA construct's removal settings, when it is one of the library's. */
export function removalOf(ca: IConstruct): CaRemoval | undefined {
  return removals.get(ca);
}

/** What happens to the CA on removal or replacement, in words (the guard's messages and the PKI report). */
export function describeRemoval(removal: CaRemoval): string {
  if (removal.policy === 'DESTROY') {
    return `${removal.revoke ? 'revoked at its parent, ' : ''}disabled and deleted, restorable for ${restorationDaysText(removal)} days `
      + `(removalPolicy DESTROY${removal.revoke ? ', revokeOnDelete' : ''})`;
  }
  return removal.revoke
    ? 'revoked at its parent and disabled, then kept (removalPolicy RETAIN, revokeOnDelete)'
    : 'kept as it is, still ACTIVE (removalPolicy RETAIN)';
}

/** Short form of `describeRemoval` for tables: kept / revoked, disabled / deleted after N days. */
export function summarizeRemoval(removal: CaRemoval): string {
  const parts = [removal.revoke ? 'revoked' : undefined,
    removal.policy === 'DESTROY' ? `deleted after ${restorationDaysText(removal)} days` : removal.revoke ? 'disabled, kept' : 'kept'];
  return parts.filter((p) => p !== undefined).join(', ');
}

/** The restoration period in days as a string, a token when it is known at deployment only. */
export function restorationDaysText(removal: CaRemoval): string {
  return Tokenization.stringifyNumber(removal.restorationDays);
}

/** Checks a generation prop: a whole number from 1, known at synthesis (it names the CA resource). */
export function generationProblems(generation: number | undefined): string[] {
  if (generation === undefined) return [];
  if (Token.isUnresolved(generation)) {
    return ['generation must be a number known at synthesis: raising it replaces the CA on purpose; leave it out, or use 2, 3, ...'];
  }
  return Number.isInteger(generation) && generation >= 1 ? [] : [`generation ${generation} is not a whole number from 1; leave it out (1), or raise it by one to replace the CA on purpose`];
}

/**
 * Construct id of a CA resource: 'Resource' for the first generation (the logical id of CAs made before
 * generations existed), `Generation<n>` after, so that a new generation is a new CA resource.
 */
export function caResourceId(generation: number): string {
  return generation === 1 ? 'Resource' : `Generation${generation}`;
}

/** The tags that say who a CA is and which stack manages it. */
export function caTags(hierarchyName: string, caName: string, generation: number, role: 'root' | 'subordinate'): { key: string; value: string }[] {
  return [
    { key: CA_TAGS.hierarchy, value: hierarchyName },
    { key: CA_TAGS.caName, value: caName },
    { key: CA_TAGS.generation, value: String(generation) },
    { key: CA_TAGS.stackId, value: Aws.STACK_ID },
    { key: CA_TAGS.role, value: role === 'root' ? CA_ROLE_ROOT : CA_ROLE_SUBORDINATE },
  ];
}

/** A CA of the stack, as its construct registers it with the guard. */
export interface GuardRegistration {
  readonly resource: acmpca.CfnCertificateAuthority;
  readonly construct: IConstruct;
  readonly hierarchyName: string;
  readonly caName: string;
  readonly generation: number;
  readonly removal: CaRemoval;
}

const GUARD_ID = 'CdkPkiCaGuard';

/** Every guarded CA of an app, in registration order. */
const appRegistrations = new WeakMap<IConstruct, GuardRegistration[]>();

/** Hierarchy, name, account and Region of a guarded CA, when all are known at synthesis. */
function placeKey(r: GuardRegistration): string | undefined {
  const stack = Stack.of(r.construct);
  const parts = [r.hierarchyName, r.caName, stack.account, stack.region];
  return parts.some((p) => Token.isUnresolved(p)) ? undefined : parts.join('/');
}

/**
 * The stack's guard: one custom resource (Custom::PkiCaGuard) that every CA of the library in the stack
 * depends on, served by the stack's signing provider. Its properties are the CAs' create-only properties,
 * logical ids and generations, so any change that would replace a CA reaches it first.
 */
export class CaGuard extends Construct {
  /** The stack's guard, created on first use. */
  public static of(scope: IConstruct): CaGuard {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(GUARD_ID) as CaGuard | undefined) ?? new CaGuard(stack, GUARD_ID);
  }

  private readonly registrations: GuardRegistration[] = [];
  private readonly resource: CustomResource;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const provider = SigningProvider.of(this);
    provider.enableGuard();
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: CA_GUARD_RESOURCE_TYPE,
      properties: { CertificateAuthorities: Lazy.any({ produce: () => this.properties().CertificateAuthorities }) },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not the provider's CA grants: they name the CAs, which come after the guard.
    this.resource.node.addDependency(provider.guardReady);
    this.node.addValidation({ validate: () => this.duplicateNames() });
  }

  /** Guards a CA: it is created or replaced only after the guard accepted the deployment. */
  public register(registration: GuardRegistration): void {
    this.registrations.push(registration);
    registration.resource.node.addDependency(this.resource);
    const app = this.node.root;
    const all = appRegistrations.get(app) ?? [];
    all.push(registration);
    appRegistrations.set(app, all);
  }

  private properties(): CaGuardProperties {
    return {
      CertificateAuthorities: this.registrations.map((r): GuardedCa => ({
        LogicalId: r.resource.logicalId,
        Name: `${r.hierarchyName}/${r.caName}`,
        Path: r.construct.node.path,
        Generation: String(r.generation),
        Removal: describeRemoval(r.removal),
        Properties: createOnlyProperties(r.resource),
      })),
    };
  }

  /**
   * Two CAs of one hierarchy with the same name in one account and Region: the guard would refuse the second
   * at deployment (a CA is known by its hierarchy and name), so it is refused at synthesis. Each pair is
   * reported once, by the guard of the later one.
   */
  private duplicateNames(): string[] {
    const all = appRegistrations.get(this.node.root) ?? [];
    const problems: string[] = [];
    for (const r of this.registrations) {
      const key = placeKey(r);
      if (key === undefined) continue;
      const earlier = all.slice(0, all.indexOf(r)).find((o) => placeKey(o) === key);
      if (earlier !== undefined) {
        const stack = Stack.of(r.construct);
        problems.push(`'${r.construct.node.path}' and '${earlier.construct.node.path}' are both CA ${r.hierarchyName}/${r.caName} in account `
          + `${stack.account} and Region ${stack.region}; give one of them another caName (a CA is known by its hierarchy and name)`);
      }
    }
    return problems;
  }
}

/** The CA's create-only properties with CloudFormation's names, as the guard compares them. */
function createOnlyProperties(r: acmpca.CfnCertificateAuthority): Record<string, unknown> {
  return dropUndefined({
    Type: r.type,
    KeyAlgorithm: r.keyAlgorithm,
    SigningAlgorithm: r.signingAlgorithm,
    Subject: cfnNames(r.subject),
    CsrExtensions: cfnNames(r.csrExtensions),
    KeyStorageSecurityStandard: r.keyStorageSecurityStandard,
    UsageMode: r.usageMode,
  }) as Record<string, unknown>;
}

/** An L1 property value with CloudFormation's (PascalCase) names; tokens stay as they are. */
function cfnNames(value: unknown): unknown {
  if (value === undefined || value === null || Token.isUnresolved(value) || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cfnNames);
  return dropUndefined(Object.fromEntries(Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), cfnNames(v)])));
}

function dropUndefined(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Applies the library's CloudFormation policies to a CA resource (and the root's certificate and activation). */
export function keepInCloudFormation(resources: CfnResource[]): void {
  // CloudFormation never deletes a CA, except one created by a failed operation it rolls back
  // (RetainExceptOnCreate); the lifecycle handler carries out the removal policy, DESTROY included.
  resources.forEach((r) => r.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE));
}
