/**
 * The CAs of the app: the library's own (RootCaAccount, IssuingCa), shared and imported ones, and raw
 * AWS::ACMPCA::CertificateAuthority resources; linked to their parents, with their revocation, in tree order.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { IConstruct } from 'constructs';
import { linkParents } from './ca-parents';
import { revocationOf } from './ca-revocation';
import { ModelContext, byPath, concrete, constructsOf, envOf } from './context';
import { CaNode, ExternalParent } from './nodes';
import { CertificateTemplate } from '../../../hierarchy/certificate-template';
import { IssuingCa } from '../../../hierarchy/issuing-ca';
import { removalOf } from '../../../hierarchy/private/ca-lifecycle';
import { PrivateCaBase } from '../../../hierarchy/private-ca-base';
import { RootCaAccount } from '../../../hierarchy/root-ca-account';
import { parseCaArn } from '../../../private/contracts/arn';
import { PCA_USAGE_MODE_GENERAL_PURPOSE } from '../../../private/contracts/aws-strings';
import { SharedCa } from '../../../sharing/ram-ca-share';
import type { CaIdentity } from '../checks-iam';

/** The CAs of the app, roots first and each followed by its subordinates, and the parents outside the app. */
export function collectCas(ctx: ModelContext): { cas: CaNode[]; externalParents: ExternalParent[] } {
  const library = new Set<IConstruct>();
  const cas: CaNode[] = [];
  for (const c of ctx.all) {
    if (c instanceof RootCaAccount || c instanceof IssuingCa) {
      library.add(c.resource);
      cas.push(libraryCa(ctx, c));
    } else if (c instanceof SharedCa || c instanceof PrivateCaBase) {
      cas.push(sharedOrImportedCa(ctx, c));
    }
  }
  cas.push(...constructsOf(ctx, acmpca.CfnCertificateAuthority).filter((c) => !library.has(c)).map((c) => rawCa(ctx, c)));
  cas.sort(byPath);
  const externalParents = linkParents(cas);
  for (const ca of cas) {
    const revocation = revocationOf(ctx, ca);
    if (revocation) ca.revocation = revocation;
  }
  return { cas: inTreeOrder(cas), externalParents };
}

/** What every CA the app owns has: its place and the settings of its resource. */
function ownedCa(ctx: ModelContext, construct: IConstruct, resource: acmpca.CfnCertificateAuthority, tokens: string[]) {
  const stack = Stack.of(construct);
  return {
    id: '',
    construct,
    path: construct.node.path,
    stack,
    account: concrete(stack.account),
    region: concrete(stack.region),
    placeAccount: concrete(stack.account),
    placeRegion: concrete(stack.region),
    resource,
    keyAlgorithm: concrete(resource.keyAlgorithm),
    signingAlgorithm: concrete(resource.signingAlgorithm),
    usageMode: concrete(resource.usageMode) ?? PCA_USAGE_MODE_GENERAL_PURPOSE,
    keyStorageSecurityStandard: concrete(resource.keyStorageSecurityStandard),
    identity: identity(ctx, construct, tokens, undefined, resource),
    owned: true,
  };
}

function libraryCa(ctx: ModelContext, c: RootCaAccount | IssuingCa): CaNode {
  const isRoot = c instanceof RootCaAccount;
  return {
    ...ownedCa(ctx, c, c.resource, [c.certificateAuthorityArn, c.resource.attrArn, c.resource.ref]),
    kind: isRoot ? 'root' : 'subordinate',
    label: `${c.hierarchyName}/${c.caName}`,
    depth: c.depth,
    parentObject: c instanceof IssuingCa ? c.parent : undefined,
    validity: c.validity,
    pathLength: c instanceof IssuingCa ? c.pathLength : undefined,
    signingTemplate: c instanceof IssuingCa ? c.signingTemplate.templateName : CertificateTemplate.ROOT_CA.templateName,
    isRoot,
    generation: c.generation,
    removal: removalOf(c),
  };
}

function rawCa(ctx: ModelContext, c: acmpca.CfnCertificateAuthority): CaNode {
  const isRoot = concrete(c.type) === 'ROOT';
  return {
    ...ownedCa(ctx, c, c, [c.ref, c.attrArn]),
    kind: isRoot ? 'other-root' : 'other-subordinate',
    label: c.node.path,
    depth: isRoot ? 1 : undefined,
    isRoot,
  };
}

function sharedOrImportedCa(ctx: ModelContext, c: SharedCa | PrivateCaBase): CaNode {
  const arn = concrete(c.certificateAuthorityArn);
  const stack = Stack.of(c);
  const shared = c instanceof SharedCa;
  return {
    id: '',
    construct: c,
    path: c.node.path,
    kind: shared ? 'shared' : 'imported',
    label: arn ?? c.node.path,
    stack,
    account: concrete(c.env.account) ?? parseCaArn(arn)?.account,
    region: concrete(c.env.region) ?? parseCaArn(arn)?.region,
    placeAccount: concrete(stack.account),
    placeRegion: concrete(stack.region),
    identity: identity(ctx, c, [c.certificateAuthorityArn], arn),
    sharePermission: shared ? c.permission : undefined,
    isRoot: false,
    owned: false,
  };
}

/** A new CA marker for `tokens`, and what else tells the CA apart in policies: its ARN and tags. */
function identity(
  ctx: ModelContext, scope: IConstruct, tokens: string[], concreteArn?: string, resource?: acmpca.CfnCertificateAuthority,
): CaIdentity {
  const marker = ctx.markers.add('ca', tokens);
  const env = envOf(scope);
  const parsed = parseCaArn(concreteArn);
  const tags = Object.entries(resource?.tags.tagValues() ?? {}).filter(([, v]) => !Token.isUnresolved(v));
  return {
    markers: new Set([marker]),
    concreteArn,
    patternTarget: `arn:aws:acm-pca:${parsed?.region ?? env.region ?? '${AWS::Region}'}:${parsed?.account ?? env.account ?? '${AWS::AccountId}'}:certificate-authority/${marker}`,
    tags: tags.length > 0 ? Object.fromEntries(tags) : undefined,
  };
}

/** Each root (or CA whose parent is not in the app), then its subordinates, depth first; with ids in that order. */
function inTreeOrder(cas: CaNode[]): CaNode[] {
  const ordered: CaNode[] = [];
  const visit = (ca: CaNode) => {
    ordered.push(ca);
    cas.filter((c) => c.parent === ca).forEach(visit);
  };
  cas.filter((ca) => ca.parent === undefined).sort((a, b) => Number(b.isRoot) - Number(a.isRoot) || byPath(a, b)).forEach(visit);
  ordered.forEach((ca, i) => { ca.id = `ca${i + 1}`; });
  return ordered;
}
