/**
 * What RamCaShare, CaResourcePolicy, SharedCa and PrivateCaIssuerPolicy share: checks of principals and of
 * where a CA is, the root-sharing rule, and the statements of a CA resource policy.
 */
import { Annotations, Fn, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { IConstruct } from 'constructs';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { parseCaArn } from '../../private/contracts/arn';
import {
  PRINCIPAL_ORG_ID_CONDITION_KEY, PRINCIPAL_ORG_PATHS_CONDITION_KEY, SHARED_CA_READ_ACTIONS, SOURCE_ACCOUNT_CONDITION_KEY,
  SOURCE_ARN_CONDITION_KEY, TEMPLATE_ARN_CONDITION_KEY,
} from '../../private/contracts/aws-strings';
import { ValidationErrors, isAccountId, isConcrete, isOrganizationId } from '../../private/validation';
import { SharePermission, SharePrincipal, SharePrincipalKind } from '../share-permission';

const ORGANIZATION_ARN = /^arn:aws[a-z-]*:organizations::(\d{12}):organization\/(o-[a-z0-9]{10,32})$/;
const OU_ARN = /^arn:aws[a-z-]*:organizations::(\d{12}):ou\/(o-[a-z0-9]{10,32})\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** Service principals: dot-separated labels ending in amazonaws.com (amazonaws.com.cn in China). */
const SERVICE_PRINCIPAL = /^([a-z0-9][a-z0-9-]*\.)+amazonaws\.com(\.cn)?$/;

const ORG_ARN_EXAMPLE = 'arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5';
const OU_ARN_EXAMPLE = 'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';

/** Problems with the principals of a share or policy grant, for ValidationErrors (tokens are not checked). */
export function principalProblems(principals: SharePrincipal[], where = 'principal'): string[] {
  const problems: string[] = [];
  for (const p of principals) {
    switch (p.kind) {
      case SharePrincipalKind.ACCOUNT:
        if (isConcrete(p.accountId) && !isAccountId(p.accountId)) {
          problems.push(`${where} account '${p.accountId}' is not an AWS account id; use the 12 digits of the account, for example '222222222222'`);
        }
        break;
      case SharePrincipalKind.ORGANIZATION:
        if (p.arn !== undefined) {
          if (isConcrete(p.arn) && !ORGANIZATION_ARN.test(p.arn)) {
            problems.push(isOrganizationId(p.arn)
              ? `${where} organization '${p.arn}' is an organization id, but RAM needs the organization's ARN; use SharePrincipal.organizationById('<management account>', '${p.arn}')`
              : `${where} organization '${p.arn}' is not an organization ARN; use 'arn:<partition>:organizations::<management account>:organization/o-…', for example '${ORG_ARN_EXAMPLE}'`);
          }
        } else {
          problems.push(...organizationPartProblems(p, where));
        }
        break;
      case SharePrincipalKind.ORGANIZATIONAL_UNIT:
        if (p.arn !== undefined) {
          if (isConcrete(p.arn) && !OU_ARN.test(p.arn)) {
            problems.push(OU_ID.test(p.arn)
              ? `${where} organizational unit '${p.arn}' is an OU id, but RAM needs the OU's ARN; use SharePrincipal.organizationalUnitById('<management account>', 'o-…', '${p.arn}'), `
                + `where <management account> is the 12-digit id of ${MANAGEMENT_ACCOUNT}`
              : `${where} organizational unit '${p.arn}' is not an OU ARN; use 'arn:<partition>:organizations::<management account>:ou/o-…/ou-…', for example '${OU_ARN_EXAMPLE}'`);
          }
        } else {
          problems.push(...organizationPartProblems(p, where));
          if (isConcrete(p.organizationalUnitId) && !OU_ID.test(p.organizationalUnitId)) {
            problems.push(`${where} OU id '${p.organizationalUnitId}' is not an organizational unit id; use 'ou-' then 4 to 32 letters or digits, '-' and 8 to 32 more, for example 'ou-ab12-cd34ef56'`);
          }
        }
        break;
      case SharePrincipalKind.SERVICE:
        if (isConcrete(p.value) && !SERVICE_PRINCIPAL.test(p.value)) {
          problems.push(`${where} service '${p.value}' is not a service principal; use a name such as 'pca-connector-scep.amazonaws.com' (accounts go in SharePrincipal.account)`);
        }
        break;
    }
  }
  const values = principals.map((p) => p.value).filter(isConcrete);
  const twice = [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
  twice.forEach((v) => problems.push(`${where} '${v}' is given more than once; name each principal once`));
  return problems;
}

/** What the management account is, and how to find it. */
const MANAGEMENT_ACCOUNT = 'the account that created the organization (aws organizations describe-organization --query Organization.MasterAccountId)';

function organizationPartProblems(p: SharePrincipal, where: string): string[] {
  const problems: string[] = [];
  const isOu = p.kind === SharePrincipalKind.ORGANIZATIONAL_UNIT;
  const method = isOu ? 'SharePrincipal.organizationalUnitById' : 'SharePrincipal.organizationById';
  // The management account left out: the organization's id comes first (and the OU's second).
  if (isConcrete(p.managementAccountId) && isOrganizationId(p.managementAccountId)
    && (!isOu || (isConcrete(p.organizationId) && OU_ID.test(p.organizationId)))) {
    const args = isOu ? `'${p.managementAccountId}', '${p.organizationId}'` : `'${p.managementAccountId}'`;
    return [`${where} ${isOu ? 'organizational unit' : 'organization'}: ${method} takes (managementAccountId, organizationId${isOu ? ', organizationalUnitId' : ''}), `
      + `and managementAccountId is '${p.managementAccountId}', an organization id; put the organization's management account first: `
      + `${method}('<12-digit management account>', ${args}), the management account being ${MANAGEMENT_ACCOUNT}`];
  }
  if (p.managementAccountId === undefined || (isConcrete(p.managementAccountId) && p.managementAccountId.trim() === '')) {
    const name = isOu ? p.organizationalUnitId : p.organizationId;
    const arn = isOu ? `ou/${p.organizationId}/${p.organizationalUnitId}` : `organization/${p.organizationId}`;
    problems.push(`${where} ${isOu ? 'organizational unit' : 'organization'} '${name}' has no managementAccountId: RAM names an `
      + `${isOu ? 'organizational unit' : 'organization'} by an ARN that holds the organization's management account `
      + `(arn:<partition>:organizations::<managementAccountId>:${arn}); pass the 12-digit id of the organization's management account as `
      + `managementAccountId, the first argument of ${method}: ${MANAGEMENT_ACCOUNT}, not the CA's account nor the workload's`);
  } else if (isConcrete(p.managementAccountId) && !isAccountId(p.managementAccountId)) {
    problems.push(`${where} management account '${p.managementAccountId}' is not an AWS account id; use the 12 digits of the organization's management account`);
  }
  if (isConcrete(p.organizationId) && !isOrganizationId(p.organizationId)) {
    problems.push(`${where} organization id '${p.organizationId}' is not an organization id; use 'o-' and 10 to 32 lowercase letters or digits, for example 'o-a1b2c3d4e5'`);
  }
  return problems;
}

/** The organization id of an ORGANIZATION or ORGANIZATIONAL_UNIT principal (a token when its ARN is one). */
export function organizationIdOf(p: SharePrincipal): string {
  if (p.organizationId !== undefined) return p.organizationId;
  const arn = p.arn!;
  if (isConcrete(arn)) {
    const match = ORGANIZATION_ARN.exec(arn) ?? OU_ARN.exec(arn);
    if (match) return match[2];
  }
  // organization/o-… and ou/o-…/ou-… both have the organization id second.
  return Fn.select(1, Fn.split('/', arn));
}

/** The OU id of an ORGANIZATIONAL_UNIT principal (a token when its ARN is one). */
export function organizationalUnitIdOf(p: SharePrincipal): string {
  if (p.organizationalUnitId !== undefined) return p.organizationalUnitId;
  const arn = p.arn!;
  if (isConcrete(arn)) {
    const match = OU_ARN.exec(arn);
    if (match) return match[3];
  }
  return Fn.select(2, Fn.split('/', arn));
}

/**
 * Where the CA is, as far as synthesis knows: its env (set from the ARN for imports), else its ARN.
 */
export function caLocation(ca: acmpca.ICertificateAuthority): { region?: string; account?: string } {
  const fromArn = parseCaArn(ca.certificateAuthorityArn);
  const region = isConcrete(ca.env.region) ? ca.env.region : fromArn?.region;
  const account = isConcrete(ca.env.account) ? ca.env.account : fromArn?.account;
  return { region, account };
}

/**
 * RAM and PutPolicy act on a CA of the caller's own account and Region: problems when the CA is elsewhere
 * than the stack of `scope` (unknown values are not checked).
 */
export function caLocationProblems(scope: IConstruct, ca: acmpca.ICertificateAuthority, what: string): string[] {
  const stack = Stack.of(scope);
  const { region, account } = caLocation(ca);
  const problems: string[] = [];
  if (region !== undefined && isConcrete(stack.region) && region !== stack.region) {
    problems.push(`the CA is in ${region} but stack '${stack.stackName}' is in ${stack.region}; ${what} is regional: put it in a stack in ${region} (where the CA is)`);
  }
  if (account !== undefined && isConcrete(stack.account) && account !== stack.account) {
    problems.push(`the CA belongs to account ${account} but stack '${stack.stackName}' deploys to ${stack.account}; only the CA's owner can share it: put the ${what} in a stack of account ${account}`);
  }
  return problems;
}

/**
 * A root CA signs CA certificates only; sharing it lets other accounts use the most valuable key of the
 * hierarchy. Refused unless `allowRootCaSharing`, then a warning.
 */
export function checkRootSharing(
  scope: IConstruct, ca: acmpca.ICertificateAuthority, allowRootCaSharing: boolean | undefined, errors: ValidationErrors, what: string,
): void {
  if (!(ca instanceof RootCaAccount)) return;
  if (!allowRootCaSharing) {
    errors.add(`the CA is the root CA of hierarchy '${ca.hierarchyName}' (${ca.node.path}); AWS recommends that a root CA only sign subordinate CAs in its own isolated account. `
      + `Share an IssuingCa instead, or set allowRootCaSharing: true if you must ${what} the root`);
    return;
  }
  Annotations.of(scope).addWarningV2('cdk-pki:rootCaShared',
    `This ${what} gives other accounts access to the root CA of hierarchy '${ca.hierarchyName}'. AWS's best practice keeps the root in its own account, used only to sign subordinate CAs, `
    + 'and shares issuing CAs with workloads: a compromise of any consumer then stays below the root.');
}

/** A statement of a CA resource policy, as PutPolicy receives it (tokens are resolved by CloudFormation). */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: unknown;
  readonly Action: string | string[];
  readonly Resource: string;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** One grant of a CA resource policy, as the construct holds it. */
export interface PolicyGrantSpec {
  readonly principals: SharePrincipal[];
  readonly permission: SharePermission;
  readonly sourceAccounts?: string[];
  readonly sourceArns?: string[];
}

type Conditions = Record<string, Record<string, string | string[]>>;

/** One principal group of a grant: who, and the conditions that say so. */
interface PrincipalGroup {
  readonly name: string;
  readonly principal: unknown;
  readonly conditions: Conditions;
}

function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

function principalGroups(grant: PolicyGrantSpec, caAccount: string): PrincipalGroup[] {
  const groups: PrincipalGroup[] = [];
  const accounts = grant.principals.filter((p) => p.kind === SharePrincipalKind.ACCOUNT).map((p) => p.value);
  if (accounts.length > 0) {
    // The bare account id, as in the documented policies (pca-rbp.html policy1).
    groups.push({ name: 'Accounts', principal: { AWS: single(accounts) }, conditions: {} });
  }
  grant.principals.filter((p) => p.kind === SharePrincipalKind.ORGANIZATION).forEach((p, i) => {
    groups.push({
      name: `Organization${i || ''}`,
      principal: '*',
      conditions: { StringEquals: { [PRINCIPAL_ORG_ID_CONDITION_KEY]: organizationIdOf(p) } },
    });
  });
  grant.principals.filter((p) => p.kind === SharePrincipalKind.ORGANIZATIONAL_UNIT).forEach((p, i) => {
    groups.push({
      name: `OrganizationalUnit${i || ''}`,
      principal: '*',
      conditions: {
        'ForAnyValue:StringLike': { [PRINCIPAL_ORG_PATHS_CONDITION_KEY]: `${organizationIdOf(p)}/*/${organizationalUnitIdOf(p)}/*` },
      },
    });
  });
  const services = grant.principals.filter((p) => p.kind === SharePrincipalKind.SERVICE).map((p) => p.value);
  if (services.length > 0) {
    // Confused-deputy guard: the service may act only for these accounts (and resources).
    const conditions: Conditions = { StringEquals: { [SOURCE_ACCOUNT_CONDITION_KEY]: single(grant.sourceAccounts ?? [caAccount]) } };
    if (grant.sourceArns && grant.sourceArns.length > 0) {
      conditions.ArnLike = { [SOURCE_ARN_CONDITION_KEY]: single(grant.sourceArns) };
    }
    groups.push({ name: 'Services', principal: { Service: single(services) }, conditions });
  }
  return groups;
}

function withCondition(conditions: Conditions, operator: string, key: string, value: string | string[]): Conditions {
  return { ...conditions, [operator]: { ...(conditions[operator] ?? {}), [key]: value } };
}

/**
 * The statements of a CA resource policy: for each grant and principal group, issuance with the
 * permission's templates only (condition `acm-pca:TemplateArn`), the documented read actions, and revocation
 * when the permission allows it.
 */
export function caPolicyStatements(caArn: string, caAccount: string, grants: PolicyGrantSpec[]): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  grants.forEach((grant, g) => {
    for (const group of principalGroups(grant, caAccount)) {
      const sid = `Grant${g}${group.name}`;
      const condition = (c: Conditions) => (Object.keys(c).length > 0 ? { Condition: c } : {});
      if (grant.permission.allowedTemplates.length > 0) {
        const templates = grant.permission.allowedTemplates.map((t) => t.templateArn);
        statements.push({
          Sid: `${sid}Issue`,
          Effect: 'Allow',
          Principal: group.principal,
          Action: 'acm-pca:IssueCertificate',
          Resource: caArn,
          ...condition(withCondition(group.conditions, 'StringEquals', TEMPLATE_ARN_CONDITION_KEY, single(templates))),
        });
      }
      statements.push({
        Sid: `${sid}Read`,
        Effect: 'Allow',
        Principal: group.principal,
        Action: [...SHARED_CA_READ_ACTIONS],
        Resource: caArn,
        ...condition(group.conditions),
      });
      if (grant.permission.allowsRevocation) {
        statements.push({
          Sid: `${sid}Revoke`,
          Effect: 'Allow',
          Principal: group.principal,
          Action: 'acm-pca:RevokeCertificate',
          Resource: caArn,
          ...condition(group.conditions),
        });
      }
    }
  });
  return statements;
}

type SharingKind = 'share' | 'policy';
const sharingRegistry = new WeakMap<IConstruct, Map<string, Array<{ kind: SharingKind; path: string }>>>();

/**
 * Records that `scope` (a RamCaShare or a CaResourcePolicy) acts on `ca`, and returns the path of an earlier
 * construct of the same kind on the same CA in this app, if any. When RAM and a resource policy both act on
 * one CA, warns: RAM writes the CA's resource policy too, and PutPolicy replaces the whole policy.
 */
export function noteCaSharing(scope: IConstruct, ca: acmpca.ICertificateAuthority, kind: SharingKind): string | undefined {
  const root = scope.node.root;
  const byCa = sharingRegistry.get(root) ?? new Map<string, Array<{ kind: SharingKind; path: string }>>();
  sharingRegistry.set(root, byCa);
  const key = ca.certificateAuthorityArn;
  const uses = byCa.get(key) ?? [];
  byCa.set(key, uses);
  const same = uses.find((u) => u.kind === kind);
  const other = uses.find((u) => u.kind !== kind);
  uses.push({ kind, path: scope.node.path });
  if (other !== undefined) {
    Annotations.of(scope).addWarningV2('cdk-pki:ramAndResourcePolicy',
      `CA ${ca.node.path} is shared through AWS RAM and also has a CaResourcePolicy ('${other.path}' and this one). RAM writes the CA's resource policy too `
      + '("Updates made in RAM are reflected in policies", PutPolicy API reference) and PutPolicy replaces the whole policy, so one may undo the other. '
      + 'Check the result with `aws acm-pca get-policy` after deploying, or grant everything through one of them.');
  }
  return same?.path;
}
