/**
 * Reading values of the construct tree for the PKI checks: tokens of interest (CA ARNs, principals,
 * certificates) are resolved to markers, so that a policy in any stack can be matched to the CA it names
 * without confusing two stacks' resources of the same logical id; everything else resolves as CloudFormation
 * would. And a small evaluator of identity-policy statements for Private CA actions.
 */
import { DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable, IResolveContext, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { CertificateTemplate, CertificateTemplateKind } from '../../hierarchy/certificate-template';

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

function isObject(value: unknown): value is Record<string, any> {
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

// ---- Identity-policy statements ----

/** The template condition of a statement: which templates it names, and how. */
interface TemplateCondition {
  /** True for StringEquals/StringLike (the statement applies to these), false for the Not forms. */
  readonly positive: boolean;
  /** Template names (`EndEntityCertificate/V1`) or patterns of them. */
  readonly templates: string[];
}

/** One statement of an identity policy, flattened. */
export interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions?: string[];
  readonly notActions?: string[];
  readonly resources?: string[];
  readonly notResources?: string[];
  readonly templateCondition?: TemplateCondition;
  /** Whether it has conditions other than on the template. */
  readonly otherConditions: boolean;
  /** Tag values the resource must have (StringEquals on aws:ResourceTag/<key>), by tag key. */
  readonly resourceTags?: Readonly<Record<string, string[]>>;
}

const RESOURCE_TAG_KEY = /^aws:resourcetag\/(.+)$/i;

const TEMPLATE_PREFIX = /^arn:[^:]*:acm-pca:::template\//;

/** The statements of a resolved policy document. */
export function statementsOf(document: unknown, env: FlattenEnv): Statement[] {
  if (!isObject(document)) return [];
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject).map((s) => {
    const conditions = isObject(s.Condition) ? s.Condition : {};
    let templateCondition: TemplateCondition | undefined;
    let otherConditions = false;
    const resourceTags: Record<string, string[]> = {};
    for (const [operator, entries] of Object.entries(conditions)) {
      if (!isObject(entries)) continue;
      for (const [key, values] of Object.entries(entries)) {
        const tag = RESOURCE_TAG_KEY.exec(key);
        if (tag && operator === 'StringEquals') {
          resourceTags[tag[1]] = flattenList(values, env);
        }
        if (key.toLowerCase() !== 'acm-pca:templatearn') {
          otherConditions = true;
          continue;
        }
        const op = operator.replace(/^ForAnyValue:|^ForAllValues:/, '').replace(/IfExists$/, '');
        const positive = !/Not/.test(op);
        const templates = flattenList(values, env).map((v) => v.replace(TEMPLATE_PREFIX, ''));
        templateCondition = { positive, templates };
      }
    }
    return {
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: s.Action !== undefined ? flattenList(s.Action, env) : undefined,
      notActions: s.NotAction !== undefined ? flattenList(s.NotAction, env) : undefined,
      resources: s.Resource !== undefined ? flattenList(s.Resource, env) : undefined,
      notResources: s.NotResource !== undefined ? flattenList(s.NotResource, env) : undefined,
      templateCondition,
      otherConditions,
      resourceTags: Object.keys(resourceTags).length > 0 ? resourceTags : undefined,
    } as Statement;
  });
}

/** Whether a statement's Action/NotAction covers `action`. */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.actions) return statement.actions.some((a) => globMatches(a, action, true));
  if (statement.notActions) return !statement.notActions.some((a) => globMatches(a, action, true));
  return false;
}

/** How a CA appears in resolved values: its markers, its concrete ARN, and an ARN to test patterns against. */
export interface CaIdentity {
  readonly markers: ReadonlySet<string>;
  readonly concreteArn?: string;
  /** `arn:aws:acm-pca:<region>:<account>:certificate-authority/<marker>`, with placeholders where unknown. */
  readonly patternTarget: string;
  /** The CA's tags whose values are known at synthesis. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Whether one resource entry of a statement names the CA. */
export function resourceNamesCa(resource: string, ca: CaIdentity): boolean {
  for (const m of resource.matchAll(MARKER)) {
    if (ca.markers.has(m[0])) return true;
  }
  if (ca.concreteArn !== undefined && resource === ca.concreteArn) return true;
  if (!/[*?]/.test(resource) || resource.includes(UNKNOWN) || HAS_MARKER.test(resource)) {
    return false;
  }
  return globMatches(resource, ca.concreteArn ?? ca.patternTarget);
}

/** Whether a statement's Resource/NotResource covers the CA. */
export function coversCa(statement: Statement, ca: CaIdentity): boolean {
  if (!tagsAllow(statement, ca)) return false;
  if (statement.resources) return statement.resources.some((r) => resourceNamesCa(r, ca));
  if (statement.notResources) return !statement.notResources.some((r) => resourceNamesCa(r, ca));
  return false;
}

/**
 * Whether a statement's resource-tag conditions can hold for the CA: false only when a tag of the CA is known
 * and none of the values the statement requires is it (unknown values err toward more access).
 */
function tagsAllow(statement: Statement, ca: CaIdentity): boolean {
  for (const [key, values] of Object.entries(statement.resourceTags ?? {})) {
    const value = ca.tags?.[key];
    if (value !== undefined && values.every((v) => !v.includes(UNKNOWN) && v !== value)) return false;
  }
  return true;
}

/** A set of certificate templates: every template but `exclude`, or only `include`. */
export class TemplateSet {
  public static none(): TemplateSet {
    return new TemplateSet(false, new Set(), new Set());
  }

  public static all(): TemplateSet {
    return new TemplateSet(true, new Set(), new Set());
  }

  /** The templates of `templates` ('ALL' for every template). */
  public static of(templates: string[] | 'ALL'): TemplateSet {
    return templates === 'ALL' ? TemplateSet.all() : new TemplateSet(false, new Set(templates), new Set());
  }

  private constructor(public readonly all: boolean, public readonly include: ReadonlySet<string>, public readonly exclude: ReadonlySet<string>) {}

  public get isEmpty(): boolean {
    return !this.all && this.include.size === 0;
  }

  /** Every template in this set or `other`. */
  public union(other: TemplateSet): TemplateSet {
    if (this.all && other.all) return new TemplateSet(true, new Set(), new Set([...this.exclude].filter((t) => other.exclude.has(t))));
    if (this.all || other.all) {
      const [a, b] = this.all ? [this, other] : [other, this];
      return new TemplateSet(true, new Set(), new Set([...a.exclude].filter((t) => !b.include.has(t))));
    }
    return new TemplateSet(false, new Set([...this.include, ...other.include]), new Set());
  }

  /** Only the templates in `templates` remain. */
  public restrictTo(templates: string[]): TemplateSet {
    if (this.all) return new TemplateSet(false, new Set(templates.filter((t) => !this.exclude.has(t))), new Set());
    return new TemplateSet(false, new Set([...this.include].filter((t) => templates.includes(t))), new Set());
  }

  /** The templates in `templates` are removed. */
  public without(templates: string[]): TemplateSet {
    if (this.all) return new TemplateSet(true, new Set(), new Set([...this.exclude, ...templates]));
    return new TemplateSet(false, new Set([...this.include].filter((t) => !templates.includes(t))), new Set());
  }

  /** Whether a template that issues end-entity (non-CA) certificates is in the set. */
  public get allowsEndEntity(): boolean {
    if (this.all) return true;
    return [...this.include].some((t) => !isCaTemplate(t));
  }

  /** Sorted template names, or `any template` (with exceptions). */
  public describe(): string {
    if (this.all) {
      return this.exclude.size === 0 ? 'any template' : `any template but ${[...this.exclude].sort().join(', ')}`;
    }
    return [...this.include].sort().join(', ');
  }

  public toList(): string[] | 'ANY' {
    return this.all ? 'ANY' : [...this.include].sort();
  }
}

/** Whether a template name issues CA certificates (root or subordinate). */
export function isCaTemplate(name: string): boolean {
  try {
    return new CertificateTemplate(name).issuesCaCertificates;
  } catch {
    return false;
  }
}

/** Whether a template name issues end-entity certificates (anything but CA certificates). */
export function templateKind(name: string): CertificateTemplateKind | undefined {
  try {
    return new CertificateTemplate(name).kind;
  } catch {
    return undefined;
  }
}

let allTemplateNames: string[] | undefined;

/** Template names (or patterns of them) expanded against every template AWS documents; 'ALL' for `*`. */
export function expandTemplates(patterns: string[]): string[] | 'ALL' {
  allTemplateNames ??= CertificateTemplate.all().map((t) => t.templateName);
  const result = new Set<string>();
  for (const p of patterns) {
    if (p.includes(UNKNOWN)) return 'ALL';
    if (!/[*?]/.test(p)) {
      result.add(p);
      continue;
    }
    if (p === '*' || p === '*/*') return 'ALL';
    allTemplateNames.filter((t) => globMatches(p, t)).forEach((t) => result.add(t));
  }
  return [...result];
}

/** What a set of statements allows on a CA. */
export interface CaAccess {
  /** Administration actions allowed (sorted). */
  readonly administration: string[];
  /** Templates IssueCertificate is allowed with. */
  readonly issue: TemplateSet;
  readonly revoke: boolean;
}

/**
 * What `statements` allow on `ca`: an action is allowed when an Allow statement covers it and the CA and no
 * unconditional Deny does; for IssueCertificate, template conditions narrow the templates. Deny statements
 * with other conditions are taken not to apply (the result errs toward more access).
 */
export function accessTo(
  statements: Statement[], ca: CaIdentity, administrationActions: string[], issueAction: string, revokeAction: string,
): CaAccess {
  const relevant = statements.filter((s) => coversCa(s, ca));
  const allowed = (action: string) => relevant.some((s) => s.effect === 'Allow' && coversAction(s, action))
    && !relevant.some((s) => s.effect === 'Deny' && !s.otherConditions && !s.templateCondition && coversAction(s, action));
  let issue = TemplateSet.none();
  for (const s of relevant.filter((r) => r.effect === 'Allow' && coversAction(r, issueAction))) {
    const c = s.templateCondition;
    if (c === undefined) {
      issue = issue.union(TemplateSet.all());
    } else {
      const named = expandTemplates(c.templates);
      issue = issue.union(c.positive ? TemplateSet.of(named) : named === 'ALL' ? TemplateSet.none() : TemplateSet.all().without(named));
    }
  }
  for (const s of relevant.filter((r) => r.effect === 'Deny' && !r.otherConditions && coversAction(r, issueAction))) {
    const c = s.templateCondition;
    if (c === undefined) {
      issue = TemplateSet.none();
    } else {
      const named = expandTemplates(c.templates);
      if (c.positive) {
        issue = named === 'ALL' ? TemplateSet.none() : issue.without(named);
      } else if (named !== 'ALL') {
        issue = issue.restrictTo(named);
      }
    }
  }
  return {
    administration: administrationActions.filter(allowed).sort(),
    issue,
    revoke: allowed(revokeAction),
  };
}
