/**
 * Reading values of the construct tree for the PKI checks: tokens of interest (CA ARNs, principals,
 * certificates) are resolved to markers, so that a policy in any stack can be matched to the CA it names
 * without confusing two stacks' resources of the same logical id; everything else resolves as CloudFormation
 * would, and flattens to one string where it can.
 */
import { DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable, IResolveContext, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** Joins fragments as CloudFormation would (Fn::Join), keeping markers as plain strings. */
class CfnConcat implements IFragmentConcatenator {
  public join(left: unknown, right: unknown): unknown {
    if (left === undefined) return right;
    if (right === undefined) return left;
    if (typeof left === 'string' && typeof right === 'string') return left + right;
    return { 'Fn::Join': ['', [...joinParts(left), ...joinParts(right)]] };
  }
}

function joinParts(value: unknown): unknown[] {
  if (isObject(value) && Array.isArray(value['Fn::Join']) && value['Fn::Join'][0] === '') {
    return value['Fn::Join'][1] as unknown[];
  }
  return [value];
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Markers for the tokens the checks care about. A marker is a plain string (`@@cdk-pki:<kind>:<n>@@`) that
 * survives joins, so `${ca.certificateAuthorityArn}/*` resolves to `@@cdk-pki:ca:3@@/*`.
 */
export class Markers {
  private readonly byToken = new Map<IResolvable, string>();
  private readonly counters = new Map<string, number>();

  /** A new marker of `kind`, for the tokens of `values` (strings that are not tokens are ignored). */
  public add(kind: string, values: Array<string | undefined>): string {
    const n = this.counters.get(kind) ?? 0;
    this.counters.set(kind, n + 1);
    const marker = `@@cdk-pki:${kind}:${n}@@`;
    for (const value of values) {
      this.attach(value, marker);
    }
    return marker;
  }

  /** Makes the tokens of `value` resolve to `marker`. */
  public attach(value: string | undefined, marker: string): void {
    if (value === undefined || !Token.isUnresolved(value)) return;
    const fragments = Tokenization.reverseString(value);
    if (fragments.length === 1 && fragments.firstToken && !this.byToken.has(fragments.firstToken)) {
      this.byToken.set(fragments.firstToken, marker);
    }
  }

  public get(token: IResolvable): string | undefined {
    return this.byToken.get(token);
  }

  /**
   * Resolves `value` in the context of `scope` as CloudFormation would, with marked tokens replaced by their
   * markers. Policy documents are rendered without being frozen (the checks run before synthesis ends).
   */
  public resolve(scope: IConstruct, value: unknown): any {
    return Tokenization.resolve(value, { scope, preparing: false, resolver: new MarkerResolver(this) });
  }
}

class MarkerResolver extends DefaultTokenResolver {
  constructor(private readonly markers: Markers) {
    super(new CfnConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    const marker = this.markers.get(t);
    if (marker !== undefined) return marker;
    if (t instanceof iam.PolicyDocument) return context.resolve(t.toJSON());
    return super.resolveToken(t, context, postProcessor);
  }
}

const MARKER = /@@cdk-pki:([a-z-]+):(\d+)@@/g;
const HAS_MARKER = /@@cdk-pki:[a-z-]+:\d+@@/;

/** Whether a string holds a marker. */
export function hasMarker(text: string): boolean {
  return HAS_MARKER.test(text);
}

/** The markers a resolved value contains. */
export function markersIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(MARKER)) found.push(m[0]);
    } else if (Array.isArray(v)) {
      v.forEach(walk);
    } else if (isObject(v)) {
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return found;
}

/** Account and Region to put for pseudo parameters when flattening; undefined ones stay placeholders. */
export interface FlattenEnv {
  readonly account?: string;
  readonly region?: string;
}

/** What an intrinsic that cannot be flattened becomes. */
export const UNKNOWN = '${?}';

/**
 * A resolved value as one string: Fn::Join and Fn::Sub are joined, pseudo parameters become the stack's
 * account and Region (or `${AWS::AccountId}`-style placeholders), the partition `aws`; any other intrinsic
 * becomes `${?}`. Undefined for values that are not scalar.
 */
export function flatten(value: unknown, env: FlattenEnv = {}): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (!isObject(value)) return undefined;
  const pseudo = (name: string): string => {
    switch (name) {
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::AccountId': return env.account ?? '${AWS::AccountId}';
      case 'AWS::Region': return env.region ?? '${AWS::Region}';
      default: return UNKNOWN;
    }
  };
  if (typeof value.Ref === 'string') return pseudo(value.Ref);
  const join = value['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = (join[1] as unknown[]).map((p) => flatten(p, env) ?? UNKNOWN);
    return parts.join(join[0]);
  }
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string' || Array.isArray(sub)) {
    const [text, vars] = (typeof sub === 'string' ? [sub, {}] : sub) as [string, Record<string, unknown>];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => (vars[name] !== undefined ? flatten(vars[name], env) ?? UNKNOWN : pseudo(name)));
  }
  return UNKNOWN;
}

/** A list (or one value) resolved and flattened to strings. */
export function flattenList(value: unknown, env: FlattenEnv = {}): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => flatten(v, env)).filter((v): v is string => v !== undefined);
}

/** IAM-style wildcard matching (`*` any run, `?` one character), case-sensitive unless asked otherwise. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, ignoreCase ? 'i' : '').test(value);
}
