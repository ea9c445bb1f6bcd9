/**
 * The issuance and revocation grants of an issuing CA, written once for `IssuingCa`, its imports and `SharedCa`.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { TEMPLATE_ARN_CONDITION_KEY } from '../../private/contracts/aws-strings';
import { CertificateTemplate } from '../certificate-template';

/** A CA as the grants see it. */
export interface GrantableCa extends IConstruct {
  readonly certificateAuthorityArn: string;
}

/** Default templates of `grantIssue`. */
export const DEFAULT_ISSUE_TEMPLATES: readonly CertificateTemplate[] = [
  CertificateTemplate.END_ENTITY,
  CertificateTemplate.END_ENTITY_CLIENT_AUTH,
  CertificateTemplate.END_ENTITY_SERVER_AUTH,
];

/**
 * IssueCertificate on `ca` with end-entity `templates` only (condition `acm-pca:TemplateArn`), and the reads
 * that fetch the result. CA templates are refused: a subordinate is signed by making an IssuingCa.
 */
export function grantIssueOn(ca: GrantableCa, grantee: iam.IGrantable, templates: CertificateTemplate[]): iam.Grant {
  const caTemplates = templates.filter((t) => t.issuesCaCertificates);
  if (templates.length === 0 || caTemplates.length > 0) {
    throw new Error(`${ca.node.path}: grantIssue needs end-entity templates; got ${templates.length === 0 ? 'none' : caTemplates.join(', ')}. ` +
      'Subordinate CAs are signed by making an IssuingCa with this CA as its parent.');
  }
  return issueGrant(ca, grantee, templates);
}

/** The statements of an issuance grant, for templates already checked. */
export function issueGrant(ca: GrantableCa, grantee: iam.IGrantable, templates: CertificateTemplate[]): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: ['acm-pca:IssueCertificate'],
    resourceArns: [ca.certificateAuthorityArn],
    conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templates.map((t) => t.templateArn) } },
  });
  return grant.combine(iam.Grant.addToPrincipal({
    grantee,
    actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority'],
    resourceArns: [ca.certificateAuthorityArn],
  }));
}

/** RevokeCertificate on `ca`. */
export function grantRevokeOn(ca: GrantableCa, grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['acm-pca:RevokeCertificate'],
    resourceArns: [ca.certificateAuthorityArn],
  });
}
