/**
 * A small evaluator of identity-policy statements for Private CA actions: which CAs a statement names, which
 * actions it covers, and what a principal's statements allow on a CA (administration, issuance with which
 * templates, revocation).
 */
import { FlattenEnv, flattenList, globMatches, hasMarker, isObject, markersIn, UNKNOWN } from './markers';
import { TemplateSet, expandTemplates, templateNameOf } from './template-set';

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

/** The statements of a resolved policy document, as they are written. */
export function rawStatements(document: unknown): Array<Record<string, any>> {
  if (!isObject(document)) return [];
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(isObject);
}

/** The statements of a resolved policy document. */
export function statementsOf(document: unknown, env: FlattenEnv): Statement[] {
  return rawStatements(document).map((s) => {
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
        const templates = flattenList(values, env).map(templateNameOf);
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
  if (markersIn(resource).some((m) => ca.markers.has(m))) return true;
  if (ca.concreteArn !== undefined && resource === ca.concreteArn) return true;
  if (!/[*?]/.test(resource) || resource.includes(UNKNOWN) || hasMarker(resource)) {
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
