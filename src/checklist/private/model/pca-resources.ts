/**
 * Raw AWS Private CA resources that issue from a CA: AWS::ACMPCA::Certificate (with the template it is issued
 * with) and AWS::ACMPCA::Permission (what it lets a service principal do).
 */
import { Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { CaIndex } from './ca-index';
import { ModelContext, byPath, concrete, constructsOf, envOf } from './context';
import { AcmPermissionNode, CaNode, PcaCertificateNode } from './nodes';
import { CertificateTemplate } from '../../../hierarchy/certificate-template';
import { flatten } from '../markers';
import { templateNameOf } from '../template-set';

export function collectPcaCertificates(ctx: ModelContext, index: CaIndex): PcaCertificateNode[] {
  return onCa(ctx, index, acmpca.CfnCertificate, (c) => ({
    // Without TemplateArn, Private CA issues with EndEntityCertificate/V1.
    template: templateNameOf(flatten(ctx.markers.resolve(c, c.templateArn), envOf(c)) ?? CertificateTemplate.END_ENTITY.templateName),
  }));
}

export function collectAcmPermissions(ctx: ModelContext, index: CaIndex): AcmPermissionNode[] {
  return onCa(ctx, index, acmpca.CfnPermission, (c) => ({
    principal: concrete(c.principal),
    actions: Token.isUnresolved(c.actions) ? [] : c.actions.map((a) => concrete(a) ?? '?'),
  }));
}

/** The resources of `type` with the CA their CertificateAuthorityArn names and what `read` says of them, in path order. */
function onCa<T extends acmpca.CfnCertificate | acmpca.CfnPermission, N>(
  ctx: ModelContext, index: CaIndex, type: new (...args: any[]) => T, read: (c: T) => N,
): Array<{ cfn: T; path: string; ca?: CaNode } & N> {
  return constructsOf(ctx, type).map((c) => ({ cfn: c, path: c.node.path, ca: index.named(c, c.certificateAuthorityArn), ...read(c) })).sort(byPath);
}
