/**
 * The PKI of a CDK app as the checks and the report see it: CAs (the library's, shared and imported ones,
 * and raw AWS::ACMPCA::CertificateAuthority resources), IAM principals and what they may do on each CA,
 * RAM shares and CA resource policies, ACM certificates, CloudFront distributions, hosted zones, trails and
 * Config rules. Built from the construct tree, before synthesis ends, without changing it.
 */
import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import {
  CaAccess, CaIdentity, FlattenEnv, Markers, Statement, TemplateSet, accessTo, flatten, flattenList, markersIn, statementsOf,
} from './checks-iam';
import { CertificateTemplate } from '../../hierarchy/certificate-template';
import { IssuingCa } from '../../hierarchy/issuing-ca';
import { IParentCa } from '../../hierarchy/parent';
import { CaRemoval, removalOf } from '../../hierarchy/private/ca-lifecycle';
import { authorityOf } from '../../hierarchy/private/signing';
import { PrivateCaBase } from '../../hierarchy/private-ca-base';
import { RootCaAccount } from '../../hierarchy/root-ca-account';
import { Validity } from '../../hierarchy/validity';
import {
  BROAD_PCA_MANAGED_POLICIES, CRL_S3_OBJECT_ACL, PCA_ADMINISTRATION_ACTIONS, PCA_ISSUE_ACTION, PCA_REVOKE_ACTION, PCA_USAGE_MODE_GENERAL_PURPOSE,
} from '../../private/contracts/aws-strings';
import { CrlBucket } from '../../revocation/crl-bucket';
import { CaResourcePolicy } from '../../sharing/ca-resource-policy';
import { PolicyGrantSpec } from '../../sharing/private/sharing';
import { RamCaShare, SharedCa } from '../../sharing/ram-ca-share';
import { SharePermission } from '../../sharing/share-permission';

/** A value known at synthesis, or undefined. */
export function concrete(value: string | undefined): string | undefined {
  return value !== undefined && !Token.isUnresolved(value) ? value : undefined;
}

export type CaKind = 'root' | 'subordinate' | 'shared' | 'imported' | 'other-root' | 'other-subordinate';

/** How a CA makes revocation known, when the app says. */
export interface RevocationInfo {
  readonly crl: boolean;
  readonly ocsp: boolean;
  readonly crlExpirationDays?: number;
  readonly partitioned?: boolean;
  /** Construct path of the CRL bucket, or its name when it is not a construct of the app. */
  readonly crlBucket?: string;
  /** The CRL objects' ACL (CrlConfiguration.S3ObjectAcl); undefined means Private CA's default, PUBLIC_READ. */
  readonly crlObjectAcl?: string;
  readonly ocspCustomCname?: string;
}

/** A parent CA outside the app (ParentCa.fromAccount). */
export interface ExternalParent {
  readonly id: string;
  readonly label: string;
  readonly account?: string;
  readonly region?: string;
  readonly depth: number;
  readonly validity?: Validity;
}

export interface CaNode {
  /** Short stable id (ca1, ca2, ... in path order), for the diagram. */
  id: string;
  readonly construct: IConstruct;
  readonly path: string;
  readonly kind: CaKind;
  readonly label: string;
  readonly stack: Stack;
  /** Account and Region of the CA itself, when known. */
  readonly account?: string;
  readonly region?: string;
  /** Where the CA is used from: its own account and Region, or for a shared or imported CA the consumer's. */
  readonly placeAccount?: string;
  readonly placeRegion?: string;
  readonly depth?: number;
  parent?: CaNode;
  externalParent?: ExternalParent;
  readonly parentObject?: IParentCa;
  readonly resource?: acmpca.CfnCertificateAuthority;
  readonly keyAlgorithm?: string;
  readonly signingAlgorithm?: string;
  readonly usageMode?: string;
  readonly keyStorageSecurityStandard?: string;
  readonly validity?: Validity;
  readonly pathLength?: number;
  /** The template the CA's certificate is (or will be) issued with. */
  readonly signingTemplate?: string;
  revocation?: RevocationInfo;
  readonly identity: CaIdentity;
  readonly sharePermission?: SharePermission;
  /** The CA is a root (its own kind, or a raw CA of type ROOT). */
  readonly isRoot: boolean;
  /** Owned by this app (so it costs money here and has settings to check). */
  readonly owned: boolean;
  /** Generation of a CA of the library. */
  readonly generation?: number;
  /** What happens to a CA of the library when it is removed or replaced. */
  readonly removal?: CaRemoval;
}

export type PrincipalKind = 'role' | 'user' | 'group';

export interface PrincipalNode {
  id: string;
  readonly construct: IConstruct;
  readonly cfn: CfnResource;
  readonly path: string;
  readonly kind: PrincipalKind;
  readonly stack: Stack;
  readonly account?: string;
  /** The role, user or group name when it is fixed at synthesis. */
  readonly name?: string;
  readonly marker: string;
  readonly statements: Statement[];
  /** AWS managed policies attached to it, by name. */
  readonly managedPolicies: string[];
  /** Who may assume it (roles): accounts, services, ARNs. */
  readonly assumedBy: string[];
}

/** Someone or something that may issue from a CA, and with which templates. */
export interface Issuer {
  readonly ca: CaNode;
  readonly who: string;
  readonly via: 'IAM' | 'ACM service permission' | 'ACM certificate' | 'RAM share' | 'CA resource policy' | 'AWS::ACMPCA::Certificate';
  readonly templates: TemplateSet;
  readonly construct: IConstruct;
  readonly principal?: PrincipalNode;
  /** Accounts of the principals, where known (for the diagram). */
  readonly accounts: string[];
}

export interface AcmCertificateNode {
  readonly construct: IConstruct;
  readonly cfn: acm.CfnCertificate;
  readonly path: string;
  readonly stack: Stack;
  readonly account?: string;
  readonly region?: string;
  readonly domainName?: string;
  /** Concrete names: the domain and the subject alternative names. */
  readonly names: string[];
  readonly validationMethod: string;
  readonly isPrivate: boolean;
  readonly ca?: CaNode;
  /** Domains whose validation record CloudFormation creates (a hosted zone id is given for them). */
  readonly zonesGiven: ReadonlySet<string>;
  readonly transparencyLogging?: string;
  readonly marker: string;
}

export interface PcaCertificateNode {
  readonly cfn: acmpca.CfnCertificate;
  readonly path: string;
  readonly ca?: CaNode;
  readonly template: string;
}

export interface AcmPermissionNode {
  readonly cfn: acmpca.CfnPermission;
  readonly path: string;
  readonly ca?: CaNode;
  readonly principal?: string;
  readonly actions: string[];
}

export interface DistributionNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly certificate?: AcmCertificateNode;
  readonly certificateArn?: string;
}

export interface HostedZoneNode {
  readonly path: string;
  readonly zoneName: string;
}

export interface TrailNode {
  readonly path: string;
  readonly account?: string;
  readonly region?: string;
  readonly organization: boolean;
  readonly multiRegion: boolean;
}

export interface ConfigRuleNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly account?: string;
  readonly region?: string;
  readonly stack: Stack;
  readonly identifier: string;
  /** Markers and ARNs in its exemptedCAArns parameter. */
  readonly exemptions: string;
}

export interface ShareNode {
  readonly construct: IConstruct;
  readonly path: string;
  readonly ca?: CaNode;
  readonly principals: string[];
  readonly permissions: SharePermission[];
  /** Permission names that this library does not know. */
  readonly unknownPermissions: string[];
}

export interface ResourcePolicyNode {
  readonly construct: CaResourcePolicy;
  readonly path: string;
  readonly ca?: CaNode;
  readonly grants: PolicyGrantSpec[];
}

export interface CrlBucketNode {
  readonly construct: CrlBucket;
  readonly path: string;
  readonly publicAccessBlocked: boolean;
}

export interface PkiModel {
  readonly root: IConstruct;
  readonly stacks: Stack[];
  readonly cas: CaNode[];
  readonly externalParents: ExternalParent[];
  readonly principals: PrincipalNode[];
  readonly certificates: AcmCertificateNode[];
  readonly pcaCertificates: PcaCertificateNode[];
  readonly acmPermissions: AcmPermissionNode[];
  readonly distributions: DistributionNode[];
  readonly hostedZones: HostedZoneNode[];
  readonly trails: TrailNode[];
  readonly configRules: ConfigRuleNode[];
  readonly shares: ShareNode[];
  readonly resourcePolicies: ResourcePolicyNode[];
  readonly crlBuckets: CrlBucketNode[];
  /** What each principal may do on each CA (only pairs with some access). */
  readonly access: Array<{ principal: PrincipalNode; ca: CaNode; access: CaAccess }>;
  readonly issuers: Issuer[];
  readonly markers: Markers;
}

function envOf(scope: IConstruct): FlattenEnv {
  const stack = Stack.of(scope);
  return { account: concrete(stack.account), region: concrete(stack.region) };
}

function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The L2 construct whose default child `cfn` is, or `cfn` itself. */
function ownerOf(cfn: CfnResource): IConstruct {
  const parent = cfn.node.scope;
  return parent !== undefined && parent.node.defaultChild === cfn ? parent : cfn;
}

/** Builds the model of the app under `root`. */
export function buildModel(root: IConstruct): PkiModel {
  // Nested Stages are synthesized into assemblies of their own; they are left to checks applied to them.
  const rootStage = Stage.isStage(root) ? root : Stage.of(root);
  const all = root.node.findAll().filter((c) => c === root || Stage.of(c) === rootStage);
  const markers = new Markers();
  const stacks = all.filter((c): c is Stack => Stack.isStack(c));

  // ---- CAs ----
  const cas: CaNode[] = [];
  const libraryResources = new Set<IConstruct>();
  const ARN_PATTERN = /^arn:[^:]+:acm-pca:([^:]*):(\d{12}):certificate-authority\/.+$/;
  const identity = (
    scope: IConstruct, tokens: Array<string | undefined>, concreteArn?: string, resource?: acmpca.CfnCertificateAuthority,
  ): CaIdentity => {
    const marker = markers.add('ca', tokens);
    const env = envOf(scope);
    const parsed = concreteArn ? ARN_PATTERN.exec(concreteArn) : undefined;
    const tags = Object.entries(resource?.tags.tagValues() ?? {}).filter(([, v]) => !Token.isUnresolved(v));
    return {
      markers: new Set([marker]),
      concreteArn,
      patternTarget: `arn:aws:acm-pca:${parsed?.[1] ?? env.region ?? '${AWS::Region}'}:${parsed?.[2] ?? env.account ?? '${AWS::AccountId}'}:certificate-authority/${marker}`,
      tags: tags.length > 0 ? Object.fromEntries(tags) : undefined,
    };
  };
  const resourceSettings = (r: acmpca.CfnCertificateAuthority) => ({
    keyAlgorithm: concrete(r.keyAlgorithm),
    signingAlgorithm: concrete(r.signingAlgorithm),
    usageMode: concrete(r.usageMode) ?? PCA_USAGE_MODE_GENERAL_PURPOSE,
    keyStorageSecurityStandard: concrete(r.keyStorageSecurityStandard),
  });

  for (const c of all) {
    const stack = c instanceof PrivateCaBase || c instanceof CfnResource ? Stack.of(c) : undefined;
    if (c instanceof RootCaAccount || c instanceof IssuingCa) {
      libraryResources.add(c.resource);
      const isRoot = c instanceof RootCaAccount;
      cas.push({
        id: '',
        construct: c,
        path: c.node.path,
        kind: isRoot ? 'root' : 'subordinate',
        label: `${c.hierarchyName}/${c.caName}`,
        stack: stack!,
        account: concrete(stack!.account),
        region: concrete(stack!.region),
        placeAccount: concrete(stack!.account),
        placeRegion: concrete(stack!.region),
        depth: c.depth,
        parentObject: c instanceof IssuingCa ? c.parent : undefined,
        resource: c.resource,
        ...resourceSettings(c.resource),
        validity: c.validity,
        pathLength: c instanceof IssuingCa ? c.pathLength : undefined,
        signingTemplate: c instanceof IssuingCa ? c.signingTemplate.templateName : CertificateTemplate.ROOT_CA.templateName,
        identity: identity(c, [c.certificateAuthorityArn, c.resource.attrArn, c.resource.ref], undefined, c.resource),
        isRoot,
        owned: true,
        generation: c.generation,
        removal: removalOf(c),
      });
    } else if (c instanceof SharedCa || c instanceof PrivateCaBase) {
      const arn = c.certificateAuthorityArn;
      const shared = c instanceof SharedCa;
      cas.push({
        id: '',
        construct: c,
        path: c.node.path,
        kind: shared ? 'shared' : 'imported',
        label: concrete(arn) ?? c.node.path,
        stack: stack!,
        account: concrete(c.env.account) ?? concrete(arn)?.split(':')[4],
        region: concrete(c.env.region) ?? concrete(arn)?.split(':')[3],
        placeAccount: concrete(stack!.account),
        placeRegion: concrete(stack!.region),
        identity: identity(c, [arn], concrete(arn)),
        sharePermission: shared ? c.permission : undefined,
        isRoot: false,
        owned: false,
      });
    }
  }
  for (const c of all) {
    if (c instanceof acmpca.CfnCertificateAuthority && !libraryResources.has(c)) {
      const stack = Stack.of(c);
      const type = concrete(c.type);
      const isRoot = type === 'ROOT';
      cas.push({
        id: '',
        construct: c,
        path: c.node.path,
        kind: isRoot ? 'other-root' : 'other-subordinate',
        label: c.node.path,
        stack,
        account: concrete(stack.account),
        region: concrete(stack.region),
        placeAccount: concrete(stack.account),
        placeRegion: concrete(stack.region),
        depth: isRoot ? 1 : undefined,
        resource: c,
        ...resourceSettings(c),
        identity: identity(c, [c.ref, c.attrArn], undefined, c),
        isRoot,
        owned: true,
      });
    }
  }
  cas.sort(byPath);

  const caByMarker = new Map<string, CaNode>();
  cas.forEach((ca) => ca.identity.markers.forEach((m) => caByMarker.set(m, ca)));
  const caByObject = new Map<unknown, CaNode>(cas.map((ca) => [ca.construct, ca]));
  const caOf = (scope: IConstruct, value: unknown): CaNode | undefined => {
    if (value === undefined) return undefined;
    const resolved = markers.resolve(scope, value);
    for (const m of markersIn(resolved)) {
      const ca = caByMarker.get(m);
      if (ca) return ca;
    }
    const arn = flatten(resolved, envOf(scope));
    return arn === undefined ? undefined : cas.find((ca) => ca.identity.concreteArn === arn);
  };

  // Parents and revocation.
  const externalParents: ExternalParent[] = [];
  for (const ca of cas) {
    const c = ca.construct;
    if (ca.parentObject) {
      const parent = caByObject.get(ca.parentObject);
      if (parent) {
        ca.parent = parent;
      } else {
        const p = ca.parentObject;
        const key = `${p.hierarchyName}/${p.caName}@${concrete(p.env.account) ?? '?'}/${concrete(p.env.region) ?? '?'}`;
        let external = externalParents.find((e) => `${e.label}@${e.account ?? '?'}/${e.region ?? '?'}` === key);
        if (!external) {
          let validity: Validity | undefined;
          try {
            validity = authorityOf(p).validity;
          } catch {
            validity = undefined;
          }
          external = {
            id: `ext${externalParents.length + 1}`,
            label: `${p.hierarchyName}/${p.caName}`,
            account: concrete(p.env.account),
            region: concrete(p.env.region),
            depth: p.depth,
            validity,
          };
          externalParents.push(external);
        }
        ca.externalParent = external;
      }
    }
    if (c instanceof RootCaAccount || c instanceof IssuingCa) {
      const crl = c.revocation.crlOptions;
      ca.revocation = {
        crl: c.revocation.crlEnabled,
        ocsp: c.revocation.ocspEnabled,
        crlExpirationDays: crl ? (crl.expiration && !crl.expiration.isUnresolved() ? crl.expiration.toDays() : 7) : undefined,
        partitioned: crl ? crl.partitioned ?? false : undefined,
        crlBucket: c.crlBucket === undefined ? undefined
          : c.crlBucket instanceof CrlBucket ? c.crlBucket.node.path : concrete(c.crlBucket.bucketName) ?? c.crlBucket.node.path,
        crlObjectAcl: crl ? CRL_S3_OBJECT_ACL : undefined,
        ocspCustomCname: concrete(c.revocation.ocspOptions?.customCname),
      };
    } else if (ca.resource) {
      const revocationConfig = markers.resolve(ca.resource, ca.resource.revocationConfiguration) ?? {};
      const crl = revocationConfig.CrlConfiguration ?? revocationConfig.crlConfiguration;
      const ocsp = revocationConfig.OcspConfiguration ?? revocationConfig.ocspConfiguration;
      const crlEnabled = crl?.Enabled ?? crl?.enabled;
      ca.revocation = {
        crl: crlEnabled === true,
        ocsp: (ocsp?.Enabled ?? ocsp?.enabled) === true,
        crlExpirationDays: crl?.ExpirationInDays ?? crl?.expirationInDays,
        crlBucket: flatten(crl?.S3BucketName ?? crl?.s3BucketName),
        crlObjectAcl: crlEnabled === true ? (crl?.S3ObjectAcl ?? crl?.s3ObjectAcl) : undefined,
        partitioned: (crl?.CrlType ?? crl?.crlType) === 'PARTITIONED',
      };
    }
  }

  // Tree order: each root (or CA whose parent is not in the app), then its subordinates, depth first.
  const ordered: CaNode[] = [];
  const visit = (ca: CaNode) => {
    ordered.push(ca);
    cas.filter((c) => c.parent === ca).forEach(visit);
  };
  cas.filter((ca) => ca.parent === undefined).sort((a, b) => Number(b.isRoot) - Number(a.isRoot) || byPath(a, b)).forEach(visit);
  cas.splice(0, cas.length, ...ordered);
  cas.forEach((ca, i) => { ca.id = `ca${i + 1}`; });

  // ---- IAM principals ----
  interface Draft {
    cfn: CfnResource;
    kind: PrincipalKind;
    marker: string;
    statements: Statement[];
    managed: unknown[];
    groups: string[];
  }
  const drafts: Draft[] = [];
  for (const c of all) {
    if (c instanceof iam.CfnRole || c instanceof iam.CfnUser || c instanceof iam.CfnGroup) {
      const owner = ownerOf(c);
      const tokens: Array<string | undefined> = [c.ref, c.attrArn];
      if (owner instanceof iam.Role) tokens.push(owner.roleName, owner.roleArn);
      if (owner instanceof iam.User) tokens.push(owner.userName, owner.userArn);
      if (owner instanceof iam.Group) tokens.push(owner.groupName, owner.groupArn);
      const roleArn = (owner as { roleArn?: unknown }).roleArn;
      if (!(owner instanceof iam.Role) && typeof roleArn === 'string') tokens.push(roleArn);
      const kind: PrincipalKind = c instanceof iam.CfnRole ? 'role' : c instanceof iam.CfnUser ? 'user' : 'group';
      drafts.push({ cfn: c, kind, marker: markers.add(kind, tokens), statements: [], managed: [], groups: [] });
    }
  }
  const managedPolicies = new Map<string, Statement[]>();
  for (const c of all) {
    if (c instanceof iam.CfnManagedPolicy) {
      const owner = ownerOf(c);
      const marker = markers.add('managed-policy', [c.ref, owner instanceof iam.ManagedPolicy ? owner.managedPolicyArn : undefined]);
      managedPolicies.set(marker, statementsOf(markers.resolve(c, c.policyDocument), envOf(c)));
    }
  }
  const draftByMarker = new Map(drafts.map((d) => [d.marker, d]));
  const attach = (scope: IConstruct, targets: unknown, statements: Statement[]) => {
    for (const m of markersIn(markers.resolve(scope, targets))) {
      draftByMarker.get(m)?.statements.push(...statements);
    }
  };
  for (const c of all) {
    if (c instanceof iam.CfnPolicy || c instanceof iam.CfnManagedPolicy) {
      const statements = statementsOf(markers.resolve(c, c.policyDocument), envOf(c));
      attach(c, [c.roles, c.users, c.groups], statements);
    }
  }
  for (const d of drafts) {
    const c = d.cfn as iam.CfnRole | iam.CfnUser | iam.CfnGroup;
    const env = envOf(c);
    const inline = markers.resolve(c, c.policies) as Array<{ PolicyDocument?: unknown; policyDocument?: unknown }> | undefined;
    for (const p of Array.isArray(inline) ? inline : []) {
      d.statements.push(...statementsOf(p?.PolicyDocument ?? p?.policyDocument, env));
    }
    d.managed.push(markers.resolve(c, c.managedPolicyArns));
    if (c instanceof iam.CfnUser) d.groups.push(...markersIn(markers.resolve(c, c.groups)));
  }
  const principals: PrincipalNode[] = drafts.map((d) => {
    const c = d.cfn;
    const env = envOf(c);
    const owner = ownerOf(c);
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
    const name = c instanceof iam.CfnRole ? concrete(c.roleName)
      : c instanceof iam.CfnUser ? concrete(c.userName) : concrete((c as iam.CfnGroup).groupName);
    const trust = c instanceof iam.CfnRole ? markers.resolve(c, c.assumeRolePolicyDocument) : undefined;
    return {
      id: '',
      construct: owner,
      cfn: c,
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
  }).sort(byPath);
  principals.forEach((p, i) => { p.id = `p${i + 1}`; });

  const access: PkiModel['access'] = [];
  for (const principal of principals) {
    for (const ca of cas) {
      const a = accessTo(principal.statements, ca.identity, PCA_ADMINISTRATION_ACTIONS, PCA_ISSUE_ACTION, PCA_REVOKE_ACTION);
      if (a.administration.length > 0 || !a.issue.isEmpty || a.revoke) access.push({ principal, ca, access: a });
    }
  }

  // ---- Certificates, permissions, shares, policies ----
  const certificates: AcmCertificateNode[] = [];
  for (const c of all) {
    if (!(c instanceof acm.CfnCertificate)) continue;
    const owner = ownerOf(c);
    const env = envOf(c);
    const ownerArn = (owner as { certificateArn?: unknown }).certificateArn;
    const marker = markers.add('certificate', [c.ref, typeof ownerArn === 'string' ? ownerArn : undefined]);
    const domainName = concrete(c.domainName);
    const sans = (Token.isUnresolved(c.subjectAlternativeNames) ? [] : c.subjectAlternativeNames ?? []).map(concrete).filter((n): n is string => !!n);
    const options = markers.resolve(c, c.domainValidationOptions) as Array<Record<string, unknown>> | undefined;
    const zonesGiven = new Set<string>();
    for (const o of Array.isArray(options) ? options : []) {
      const name = flatten(o.DomainName ?? o.domainName, env);
      if (name && (o.HostedZoneId ?? o.hostedZoneId) !== undefined) zonesGiven.add(name);
    }
    const isPrivate = c.certificateAuthorityArn !== undefined;
    certificates.push({
      construct: owner,
      cfn: c,
      path: owner.node.path,
      stack: Stack.of(c),
      account: env.account,
      region: env.region,
      domainName,
      names: [...new Set([...(domainName ? [domainName] : []), ...sans])],
      validationMethod: concrete(c.validationMethod) ?? 'DNS',
      isPrivate,
      ca: isPrivate ? caOf(c, c.certificateAuthorityArn) : undefined,
      zonesGiven,
      transparencyLogging: concrete(c.certificateTransparencyLoggingPreference),
      marker,
    });
  }
  certificates.sort(byPath);

  const pcaCertificates: PcaCertificateNode[] = all
    .filter((c): c is acmpca.CfnCertificate => c instanceof acmpca.CfnCertificate)
    .map((c) => ({
      cfn: c,
      path: c.node.path,
      ca: caOf(c, c.certificateAuthorityArn),
      // Without TemplateArn, Private CA issues with EndEntityCertificate/V1.
      template: (flatten(markers.resolve(c, c.templateArn), envOf(c)) ?? CertificateTemplate.END_ENTITY.templateName).replace(/^arn:[^:]*:acm-pca:::template\//, ''),
    }))
    .sort(byPath);

  const acmPermissions: AcmPermissionNode[] = all
    .filter((c): c is acmpca.CfnPermission => c instanceof acmpca.CfnPermission)
    .map((c) => ({
      cfn: c,
      path: c.node.path,
      ca: caOf(c, c.certificateAuthorityArn),
      principal: concrete(c.principal),
      actions: Token.isUnresolved(c.actions) ? [] : c.actions.map((a) => concrete(a) ?? '?'),
    }))
    .sort(byPath);

  const shares: ShareNode[] = [];
  for (const c of all) {
    if (!(c instanceof ram.CfnResourceShare)) continue;
    const env = envOf(c);
    const owner = c.node.scope instanceof RamCaShare ? c.node.scope : c;
    const resourceArns = markers.resolve(c, c.resourceArns);
    const ca = markersIn(resourceArns).map((m) => caByMarker.get(m)).find((x) => x !== undefined)
      ?? cas.find((x) => x.identity.concreteArn !== undefined && flattenList(resourceArns, env).includes(x.identity.concreteArn));
    if (!ca) continue;
    const permissionNames = flattenList(markers.resolve(c, c.permissionArns), env).map((arn) => arn.replace(/^.*:permission\//, ''));
    const known = SharePermission.managedPermissions();
    const permissions = owner instanceof RamCaShare ? [owner.permission]
      : permissionNames.length === 0 ? [SharePermission.DEFAULT]
        : permissionNames.map((n) => known.find((k) => k.managedPermissionName === n)).filter((p): p is SharePermission => p !== undefined);
    shares.push({
      construct: owner,
      path: owner.node.path,
      ca,
      principals: flattenList(markers.resolve(c, c.principals), env),
      permissions,
      unknownPermissions: owner instanceof RamCaShare ? [] : permissionNames.filter((n) => !known.some((k) => k.managedPermissionName === n)),
    });
  }
  shares.sort(byPath);

  const resourcePolicies: ResourcePolicyNode[] = all
    .filter((c): c is CaResourcePolicy => c instanceof CaResourcePolicy)
    .map((c) => ({
      construct: c,
      path: c.node.path,
      ca: caByObject.get(c.certificateAuthority) ?? caOf(c, c.certificateAuthority.certificateAuthorityArn),
      // The grants are kept by the construct; it has no public accessor for them yet.
      grants: (c as unknown as { grants?: PolicyGrantSpec[] }).grants ?? [],
    }))
    .sort(byPath);

  const distributions: DistributionNode[] = [];
  for (const c of all) {
    if (!(c instanceof cloudfront.CfnDistribution)) continue;
    const owner = ownerOf(c);
    const resolved = markers.resolve(c, c.distributionConfig);
    const viewer = resolved?.ViewerCertificate ?? resolved?.viewerCertificate;
    const arnValue = viewer?.AcmCertificateArn ?? viewer?.acmCertificateArn;
    if (arnValue === undefined) continue;
    const certMarker = markersIn(arnValue)[0];
    distributions.push({
      construct: owner,
      path: owner.node.path,
      certificate: certificates.find((x) => x.marker === certMarker),
      certificateArn: certMarker ? undefined : flatten(arnValue, envOf(c)),
    });
  }
  distributions.sort(byPath);

  const hostedZones: HostedZoneNode[] = [];
  const zoneOwners = new Set<IConstruct>();
  for (const c of all) {
    if (c instanceof route53.CfnHostedZone) {
      const name = flatten(markers.resolve(c, c.name), envOf(c));
      zoneOwners.add(ownerOf(c));
      if (name && !name.includes('${')) hostedZones.push({ path: ownerOf(c).node.path, zoneName: name.replace(/\.$/, '').toLowerCase() });
    }
  }
  for (const c of all) {
    // Imported zones (fromHostedZoneAttributes, fromLookup) have no CloudFormation resource.
    const zone = c as unknown as Partial<route53.IHostedZone>;
    if (!zoneOwners.has(c) && typeof zone.zoneName === 'string' && typeof zone.hostedZoneId === 'string' && concrete(zone.zoneName)) {
      hostedZones.push({ path: c.node.path, zoneName: zone.zoneName.replace(/\.$/, '').toLowerCase() });
    }
  }
  hostedZones.sort(byPath);

  const trails: TrailNode[] = all
    .filter((c): c is cloudtrail.CfnTrail => c instanceof cloudtrail.CfnTrail)
    .map((c) => {
      const env = envOf(c);
      return {
        path: ownerOf(c).node.path,
        account: env.account,
        region: env.region,
        organization: markers.resolve(c, c.isOrganizationTrail) === true,
        multiRegion: markers.resolve(c, c.isMultiRegionTrail) === true,
      };
    })
    .sort(byPath);

  const configRules: ConfigRuleNode[] = [];
  for (const c of all) {
    if (!(c instanceof config.CfnConfigRule)) continue;
    const env = envOf(c);
    const source = markers.resolve(c, c.source) ?? {};
    const identifier = flatten(source.SourceIdentifier ?? source.sourceIdentifier, env) ?? '';
    const parameters = markers.resolve(c, c.inputParameters);
    const owner = ownerOf(c);
    configRules.push({
      construct: owner,
      path: owner.node.path,
      account: env.account,
      region: env.region,
      stack: Stack.of(c),
      identifier,
      exemptions: exemptionsOf(parameters, env),
    });
  }
  configRules.sort(byPath);

  const crlBuckets: CrlBucketNode[] = all
    .filter((c): c is CrlBucket => c instanceof CrlBucket)
    .map((c) => {
      const cfn = c.bucket.node.defaultChild as s3.CfnBucket;
      const block = markers.resolve(cfn, cfn.publicAccessBlockConfiguration) ?? {};
      const on = (k: string) => (block[k] ?? block[k.charAt(0).toLowerCase() + k.slice(1)]) === true;
      return {
        construct: c,
        path: c.node.path,
        publicAccessBlocked: on('BlockPublicAcls') && on('BlockPublicPolicy') && on('IgnorePublicAcls') && on('RestrictPublicBuckets'),
      };
    })
    .sort(byPath);

  const issuers = collectIssuers(access, certificates, pcaCertificates, acmPermissions, shares, resourcePolicies);

  return {
    root,
    stacks,
    cas,
    externalParents,
    principals,
    certificates,
    pcaCertificates,
    acmPermissions,
    distributions,
    hostedZones,
    trails,
    configRules,
    shares,
    resourcePolicies,
    crlBuckets,
    access,
    issuers,
    markers,
  };
}

/** The exemptedCAArns parameter of a Config rule, flattened with markers kept. */
function exemptionsOf(parameters: unknown, env: FlattenEnv): string {
  let value: unknown = parameters;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return value as string;
    }
  }
  if (typeof value !== 'object' || value === null) return '';
  const exempt = (value as Record<string, unknown>).exemptedCAArns;
  return exempt === undefined ? '' : flatten(exempt, env) ?? markersIn(exempt).join(',');
}

/** Who may assume a role, from its trust policy: accounts, services, ARNs. */
function trustedBy(trust: unknown, env: FlattenEnv): string[] {
  const result = new Set<string>();
  for (const s of statementsOfTrust(trust)) {
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

function statementsOfTrust(trust: unknown): Array<Record<string, unknown>> {
  if (typeof trust !== 'object' || trust === null) return [];
  const raw = (trust as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && (s as Record<string, unknown>).Effect !== 'Deny');
}

/** Everything that may issue from each CA. */
function collectIssuers(
  access: PkiModel['access'], certificates: AcmCertificateNode[], pcaCertificates: PcaCertificateNode[],
  acmPermissions: AcmPermissionNode[], shares: ShareNode[], resourcePolicies: ResourcePolicyNode[],
): Issuer[] {
  const issuers: Issuer[] = [];
  const templatesOf = (names: string[]) => TemplateSet.of(names);
  for (const { principal, ca, access: a } of access) {
    if (a.issue.isEmpty) continue;
    const name = principal.name ? `${principal.kind} ${principal.name}` : `${principal.kind} ${principal.path}`;
    issuers.push({
      ca,
      who: name,
      via: 'IAM',
      templates: a.issue,
      construct: principal.construct,
      principal,
      accounts: principal.account ? [principal.account] : [],
    });
  }
  for (const p of acmPermissions) {
    if (!p.ca || !p.actions.some((x) => x === 'IssueCertificate')) continue;
    issuers.push({
      ca: p.ca,
      who: `${p.principal ?? 'a service'} (this account)`,
      via: 'ACM service permission',
      templates: templatesOf(['EndEntityCertificate/V1']),
      construct: p.cfn,
      accounts: p.ca.account ? [p.ca.account] : [],
    });
  }
  for (const c of certificates) {
    if (!c.ca) continue;
    issuers.push({
      ca: c.ca,
      who: `ACM certificate ${c.names.join(', ') || c.path}`,
      via: 'ACM certificate',
      templates: templatesOf(['EndEntityCertificate/V1']),
      construct: c.construct,
      accounts: c.account ? [c.account] : [],
    });
  }
  for (const c of pcaCertificates) {
    if (!c.ca || (c.ca.isRoot && c.template === CertificateTemplate.ROOT_CA.templateName && c.cfn.node.scope === c.ca.construct)) continue;
    issuers.push({
      ca: c.ca, who: `certificate ${c.path}`, via: 'AWS::ACMPCA::Certificate', templates: templatesOf([c.template]), construct: c.cfn, accounts: [],
    });
  }
  for (const s of shares) {
    if (!s.ca) continue;
    const templates = s.permissions.flatMap((p) => p.allowedTemplates.map((t) => t.templateName));
    if (templates.length === 0 && s.unknownPermissions.length === 0) continue;
    issuers.push({
      ca: s.ca,
      who: s.principals.join(', '),
      via: 'RAM share',
      templates: s.unknownPermissions.length > 0 ? TemplateSet.all() : templatesOf(templates),
      construct: s.construct,
      accounts: s.principals.filter((p) => /^\d{12}$/.test(p)),
    });
  }
  for (const r of resourcePolicies) {
    if (!r.ca) continue;
    for (const g of r.grants) {
      const templates = g.permission.allowedTemplates.map((t) => t.templateName);
      if (templates.length === 0) continue;
      const who = g.principals.map((p) => p.value).map((v) => concrete(v) ?? '(organization)').join(', ');
      issuers.push({
        ca: r.ca,
        who,
        via: 'CA resource policy',
        templates: templatesOf(templates),
        construct: r.construct,
        accounts: g.principals.map((p) => concrete(p.accountId)).filter((a): a is string => a !== undefined),
      });
    }
  }
  return issuers;
}
