/**
 * The IAM roles, users and groups of the app, with every statement that applies to them: inline policies,
 * AWS::IAM::Policy and managed policies of the app attached to them, the policies of a user's groups, and the
 * AWS managed policies that grant Private CA access, by name. Roles also say who may assume them.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { ModelContext, byPath, concrete, envOf, ownerOf } from './context';
import { PrincipalKind, PrincipalNode } from './nodes';
import { BROAD_PCA_MANAGED_POLICIES } from '../../../private/contracts/aws-strings';
import { Statement, rawStatements, statementsOf } from '../checks-iam';
import { FlattenEnv, flattenList, markersIn } from '../markers';

/** A principal while its statements are gathered. */
interface Draft {
  cfn: iam.CfnRole | iam.CfnUser | iam.CfnGroup;
  kind: PrincipalKind;
  marker: string;
  statements: Statement[];
  managed: unknown[];
  groups: string[];
}

/** How a principal is named in the report: its kind and name, or its path. */
export function principalLabel(p: PrincipalNode): string {
  return p.name ? `${p.kind} ${p.name}` : `${p.kind} ${p.path}`;
}

/** The principals of the app, in path order, with ids p1, p2, ... */
export function collectPrincipals(ctx: ModelContext): PrincipalNode[] {
  const { markers } = ctx;
  const drafts = ctx.all.filter((c): c is Draft['cfn'] => c instanceof iam.CfnRole || c instanceof iam.CfnUser || c instanceof iam.CfnGroup)
    .map((c) => draftOf(ctx, c));
  const managedPolicies = new Map<string, Statement[]>();
  for (const c of ctx.all) {
    if (c instanceof iam.CfnManagedPolicy) {
      const owner = ownerOf(c);
      const marker = markers.add('managed-policy', [c.ref, owner instanceof iam.ManagedPolicy ? owner.managedPolicyArn : undefined]);
      managedPolicies.set(marker, statementsOf(markers.resolve(c, c.policyDocument), envOf(c)));
    }
  }
  const draftByMarker = new Map(drafts.map((d) => [d.marker, d]));
  for (const c of ctx.all) {
    if (c instanceof iam.CfnPolicy || c instanceof iam.CfnManagedPolicy) {
      const statements = statementsOf(markers.resolve(c, c.policyDocument), envOf(c));
      for (const m of markersIn(markers.resolve(c, [c.roles, c.users, c.groups]))) {
        draftByMarker.get(m)?.statements.push(...statements);
      }
    }
  }
  for (const d of drafts) {
    const c = d.cfn;
    const inline = markers.resolve(c, c.policies) as Array<{ PolicyDocument?: unknown; policyDocument?: unknown }> | undefined;
    for (const p of Array.isArray(inline) ? inline : []) {
      d.statements.push(...statementsOf(p?.PolicyDocument ?? p?.policyDocument, envOf(c)));
    }
    d.managed.push(markers.resolve(c, c.managedPolicyArns));
    if (c instanceof iam.CfnUser) d.groups.push(...markersIn(markers.resolve(c, c.groups)));
  }
  const principals = drafts.map((d) => principalOf(ctx, d, managedPolicies, draftByMarker)).sort(byPath);
  principals.forEach((p, i) => { p.id = `p${i + 1}`; });
  return principals;
}

function draftOf(ctx: ModelContext, c: Draft['cfn']): Draft {
  const owner = ownerOf(c);
  const tokens: Array<string | undefined> = [c.ref, c.attrArn];
  if (owner instanceof iam.Role) tokens.push(owner.roleName, owner.roleArn);
  if (owner instanceof iam.User) tokens.push(owner.userName, owner.userArn);
  if (owner instanceof iam.Group) tokens.push(owner.groupName, owner.groupArn);
  const roleArn = (owner as { roleArn?: unknown }).roleArn;
  if (!(owner instanceof iam.Role) && typeof roleArn === 'string') tokens.push(roleArn);
  const kind: PrincipalKind = c instanceof iam.CfnRole ? 'role' : c instanceof iam.CfnUser ? 'user' : 'group';
  return { cfn: c, kind, marker: ctx.markers.add(kind, tokens), statements: [], managed: [], groups: [] };
}

function principalOf(ctx: ModelContext, d: Draft, managedPolicies: Map<string, Statement[]>, draftByMarker: Map<string, Draft>): PrincipalNode {
  const c = d.cfn;
  const env = envOf(c);
  const owner: IConstruct = ownerOf(c);
  const managedNames: string[] = [];
  const statements = [...d.statements];
  for (const m of markersIn(d.managed)) statements.push(...(managedPolicies.get(m) ?? []));
  for (const arn of flattenList(d.managed[0], env)) {
    const name = /:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
    if (name) managedNames.push(name);
  }
  for (const g of d.groups) statements.push(...(draftByMarker.get(g)?.statements ?? []));
  for (const name of managedNames.filter((n) => BROAD_PCA_MANAGED_POLICIES.includes(n))) {
    statements.push({ effect: 'Allow', actions: [name === 'AWSPrivateCAFullAccess' ? 'acm-pca:*' : '*'], resources: ['*'], otherConditions: false });
  }
  const name = c instanceof iam.CfnRole ? concrete(c.roleName) : c instanceof iam.CfnUser ? concrete(c.userName) : concrete(c.groupName);
  const trust = c instanceof iam.CfnRole ? ctx.markers.resolve(c, c.assumeRolePolicyDocument) : undefined;
  return {
    id: '',
    construct: owner,
    cfn: c as CfnResource,
    path: owner.node.path,
    kind: d.kind,
    stack: Stack.of(c),
    account: env.account,
    name,
    marker: d.marker,
    statements,
    managedPolicies: managedNames.sort(),
    assumedBy: trustedBy(trust, env),
  };
}

/** Who may assume a role, from its trust policy: accounts, services, ARNs. */
function trustedBy(trust: unknown, env: FlattenEnv): string[] {
  const result = new Set<string>();
  for (const s of rawStatements(trust).filter((x) => x.Effect !== 'Deny')) {
    const principal = s.Principal;
    if (principal === '*') result.add('anyone (with conditions)');
    if (typeof principal !== 'object' || principal === null) continue;
    for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
      for (const v of flattenList(values, env)) {
        if (kind === 'Service') {
          result.add(v);
        } else if (kind === 'AWS') {
          const account = /^arn:[^:]+:iam::(\d{12}):root$/.exec(v)?.[1] ?? (/^\d{12}$/.test(v) ? v : undefined);
          result.add(account ? `account ${account}` : v === '*' ? 'anyone (with conditions)' : v);
        } else {
          result.add(`${kind} ${v}`);
        }
      }
    }
  }
  return [...result].sort();
}
