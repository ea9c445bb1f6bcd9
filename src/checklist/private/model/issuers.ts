/**
 * Who may do what on each CA: what each IAM principal may do (administration, issuance, revocation), and
 * everything that may issue from a CA, whichever way: IAM, an ACM service permission, an ACM private
 * certificate, an AWS::ACMPCA::Certificate, a RAM share or a CA resource policy.
 */
import { concrete } from './context';
import { AcmCertificateNode, AcmPermissionNode, CaNode, Issuer, PcaCertificateNode, PkiModel, PrincipalNode, ResourcePolicyNode, ShareNode } from './nodes';
import { principalLabel } from './principals';
import { CertificateTemplate } from '../../../hierarchy/certificate-template';
import { PCA_ADMINISTRATION_ACTIONS, PCA_ISSUE_ACTION, PCA_REVOKE_ACTION } from '../../../private/contracts/aws-strings';
import { accessTo } from '../checks-iam';
import { TemplateSet } from '../template-set';

/** What each principal may do on each CA (only pairs with some access). */
export function collectAccess(principals: PrincipalNode[], cas: CaNode[]): PkiModel['access'] {
  const access: PkiModel['access'] = [];
  for (const principal of principals) {
    for (const ca of cas) {
      const a = accessTo(principal.statements, ca.identity, PCA_ADMINISTRATION_ACTIONS, PCA_ISSUE_ACTION, PCA_REVOKE_ACTION);
      if (a.administration.length > 0 || !a.issue.isEmpty || a.revoke) access.push({ principal, ca, access: a });
    }
  }
  return access;
}

/** What may issue from the CAs, read from these parts of the model. */
export interface IssuerSources {
  readonly access: PkiModel['access'];
  readonly certificates: AcmCertificateNode[];
  readonly pcaCertificates: PcaCertificateNode[];
  readonly acmPermissions: AcmPermissionNode[];
  readonly shares: ShareNode[];
  readonly resourcePolicies: ResourcePolicyNode[];
}

/** Everything that may issue from each CA. */
export function collectIssuers(sources: IssuerSources): Issuer[] {
  const endEntity = () => TemplateSet.of([CertificateTemplate.END_ENTITY.templateName]);
  const issuers: Issuer[] = [];
  for (const { principal, ca, access: a } of sources.access) {
    if (a.issue.isEmpty) continue;
    issuers.push({
      ca, who: principalLabel(principal), via: 'IAM', templates: a.issue, construct: principal.construct, principal, accounts: principal.account ? [principal.account] : [],
    });
  }
  for (const p of sources.acmPermissions) {
    if (!p.ca || !p.actions.some((x) => x === 'IssueCertificate')) continue;
    issuers.push({
      ca: p.ca, who: `${p.principal ?? 'a service'} (this account)`, via: 'ACM service permission', templates: endEntity(), construct: p.cfn, accounts: p.ca.account ? [p.ca.account] : [],
    });
  }
  for (const c of sources.certificates) {
    if (!c.ca) continue;
    issuers.push({
      ca: c.ca, who: `ACM certificate ${c.names.join(', ') || c.path}`, via: 'ACM certificate', templates: endEntity(), construct: c.construct, accounts: c.account ? [c.account] : [],
    });
  }
  for (const c of sources.pcaCertificates) {
    if (!c.ca || (c.ca.isRoot && c.template === CertificateTemplate.ROOT_CA.templateName && c.cfn.node.scope === c.ca.construct)) continue;
    issuers.push({
      ca: c.ca, who: `certificate ${c.path}`, via: 'AWS::ACMPCA::Certificate', templates: TemplateSet.of([c.template]), construct: c.cfn, accounts: [],
    });
  }
  for (const s of sources.shares) {
    if (!s.ca) continue;
    const templates = s.permissions.flatMap((p) => p.allowedTemplates.map((t) => t.templateName));
    if (templates.length === 0 && s.unknownPermissions.length === 0) continue;
    issuers.push({
      ca: s.ca,
      who: s.principals.join(', '),
      via: 'RAM share',
      templates: s.unknownPermissions.length > 0 ? TemplateSet.all() : TemplateSet.of(templates),
      construct: s.construct,
      accounts: s.principals.filter((p) => /^\d{12}$/.test(p)),
    });
  }
  for (const r of sources.resourcePolicies) {
    if (!r.ca) continue;
    for (const g of r.grants) {
      const templates = g.permission.allowedTemplates.map((t) => t.templateName);
      if (templates.length === 0) continue;
      issuers.push({
        ca: r.ca,
        who: g.principals.map((p) => concrete(p.value) ?? '(organization)').join(', '),
        via: 'CA resource policy',
        templates: TemplateSet.of(templates),
        construct: r.construct,
        accounts: g.principals.map((p) => concrete(p.accountId)).filter((a): a is string => a !== undefined),
      });
    }
  }
  return issuers;
}
