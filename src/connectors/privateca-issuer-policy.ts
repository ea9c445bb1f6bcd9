import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CertificateTemplate, TemplatePassthrough } from '../hierarchy/certificate-template';
import { PRIVATECA_ISSUER_ACTIONS, TEMPLATE_ARN_CONDITION_KEY } from '../private/contracts/aws-strings';
import { ValidationErrors } from '../private/validation';
import { SharedCa } from '../sharing/ram-ca-share';
import { SharePermission } from '../sharing/share-permission';

/**
 * A cert-manager `Certificate` (or `CertificateRequest`) that aws-privateca-issuer will sign: the fields
 * that decide which AWS Private CA template the issuer requests.
 */
export interface PrivateCaIssuerCertificate {
  /**
   * A name for messages, for example `namespace/name` of the Certificate.
   * @default - the usages
   */
  readonly name?: string;

  /**
   * `spec.usages` of the Certificate, as cert-manager spells them: `server auth`, `client auth`,
   * `code signing`, `ocsp signing`, `digital signature`, `key encipherment`, ...
   * @default - none given: cert-manager then uses `digital signature` and `key encipherment`, and the
   * issuer requests BlankEndEntityCertificate_APICSRPassthrough/V1
   */
  readonly usages?: string[];

  /**
   * `spec.isCA` of the Certificate.
   * @default false
   */
  readonly isCa?: boolean;
}

/** Properties of a `PrivateCaIssuerPolicy`. */
export interface PrivateCaIssuerPolicyProps {
  /**
   * The CA that the `AWSPCAIssuer` / `AWSPCAClusterIssuer` names in `spec.arn`. A `SharedCa` brings the
   * permission of its share, and every template is checked against it.
   */
  readonly certificateAuthority: acmpca.ICertificateAuthority;

  /**
   * The certificates the issuer will sign; each adds the template the issuer picks for it.
   * @default - none
   */
  readonly certificates?: PrivateCaIssuerCertificate[];

  /**
   * Templates the issuer may request besides those of `certificates`.
   * @default - when neither this nor `certificates` is given: the templates the share's permission allows
   * (for a CA that is not shared, EndEntityCertificate/V1)
   */
  readonly templates?: CertificateTemplate[];

  /**
   * `spec.pcaTemplate.defaultTemplateName` of the issuer: when set, the issuer requests this template for
   * every certificate.
   * @default - the issuer picks a template from each certificate's usages
   */
  readonly issuerDefaultTemplate?: CertificateTemplate;

  /**
   * The permission of the share that reaches the issuer's account.
   * @default - the `SharedCa`'s permission; no check for a CA of the issuer's own account
   */
  readonly permission?: SharePermission;
}

/**
 * The IAM policy of the aws-privateca-issuer Kubernetes plugin (cert-manager external issuer, also the EKS
 * add-on): `acm-pca:IssueCertificate` on the CA with the templates the issuer will request only, and
 * `GetCertificate` and `DescribeCertificateAuthority` on it, nothing else.
 *
 * For a shared CA, each template is checked against the share's permission at synthesis: the issuer picks
 * its template from each Certificate's `usages`, and a template the RAM permission does not allow is the
 * AccessDenied that cross-account users meet most. The error names the certificate, the template and the
 * permission.
 *
 * Give the policy to the role the issuer's service account assumes (IRSA or EKS Pod Identity) with `grant`,
 * or make a managed policy from `document`.
 *
 * @see https://github.com/cert-manager/aws-privateca-issuer
 */
export class PrivateCaIssuerPolicy extends Construct {
  /**
   * The template aws-privateca-issuer requests for a certificate: `isCA` -> SubordinateCACertificate_PathLen0,
   * a single usage of code signing, client auth, server auth or OCSP signing -> that template, client auth
   * and server auth together -> EndEntityCertificate, anything else -> BlankEndEntityCertificate_APICSRPassthrough.
   * An issuer's `pcaTemplate.defaultTemplateName` wins over all of these.
   *
   * @see https://github.com/cert-manager/aws-privateca-issuer/blob/main/pkg/aws/pca.go
   */
  public static templateFor(certificate: PrivateCaIssuerCertificate): CertificateTemplate {
    if (certificate.isCa) {
      return CertificateTemplate.subordinateCa(0);
    }
    const usages = (certificate.usages ?? []).map((u) => u.trim().toLowerCase());
    if (usages.length === 1) {
      switch (usages[0]) {
        case 'code signing': return CertificateTemplate.CODE_SIGNING;
        case 'client auth': return CertificateTemplate.END_ENTITY_CLIENT_AUTH;
        case 'server auth': return CertificateTemplate.END_ENTITY_SERVER_AUTH;
        case 'ocsp signing': return CertificateTemplate.OCSP_SIGNING;
        default: break;
      }
    } else if (usages.length === 2 && usages.includes('client auth') && usages.includes('server auth')) {
      return CertificateTemplate.END_ENTITY;
    }
    return CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR);
  }

  /** The templates the policy allows. */
  public readonly templates: CertificateTemplate[];
  /** The policy document, for a managed policy or a role outside this app. */
  public readonly document: iam.PolicyDocument;
  /** The permission the templates were checked against, if any. */
  public readonly permission?: SharePermission;

  private readonly certificateAuthorityArn: string;

  constructor(scope: Construct, id: string, props: PrivateCaIssuerPolicyProps) {
    super(scope, id);
    const ca = props.certificateAuthority;
    this.certificateAuthorityArn = ca.certificateAuthorityArn;
    this.permission = props.permission ?? (ca instanceof SharedCa ? ca.permission : undefined);

    const errors = new ValidationErrors('PrivateCaIssuerPolicy', this);
    const wanted: Array<{ template: CertificateTemplate; requester: string }> = [];
    for (const certificate of props.certificates ?? []) {
      const template = props.issuerDefaultTemplate ?? PrivateCaIssuerPolicy.templateFor(certificate);
      const name = certificate.name ?? (certificate.isCa ? 'isCA: true' : `usages [${(certificate.usages ?? []).join(', ')}]`);
      const why = props.issuerDefaultTemplate ? 'the issuer\'s pcaTemplate.defaultTemplateName' : 'its usages';
      wanted.push({ template, requester: `certificate ${name} (template chosen by ${why})` });
    }
    for (const template of props.templates ?? []) {
      wanted.push({ template, requester: 'the templates prop' });
    }
    if (wanted.length === 0) {
      const defaults = this.permission?.allowedTemplates ?? [CertificateTemplate.END_ENTITY];
      defaults.forEach((template) => wanted.push({ template, requester: 'the default' }));
    }
    if (wanted.length === 0) {
      errors.add(`share permission ${this.permission?.displayName} allows no issuance; share the CA with an issuance permission for the issuer`);
    }
    for (const { template, requester } of wanted) {
      if (template.issuesCaCertificates && !template.isSameAs(CertificateTemplate.subordinateCa(0))) {
        errors.add(`${requester} uses ${template.templateName}, which aws-privateca-issuer never requests for a Certificate; remove it`);
      }
      const problem = this.permission?._problemWith(template, requester);
      if (problem !== undefined) {
        errors.add(problem + (requester.startsWith('certificate ')
          ? '; or set the Certificate\'s usages so that the issuer picks an allowed template (client auth and server auth together pick EndEntityCertificate/V1)'
          : ''));
      }
    }
    errors.throwIfAny();

    this.templates = [];
    for (const { template } of wanted) {
      if (!this.templates.some((t) => t.isSameAs(template))) this.templates.push(template);
    }
    this.document = new iam.PolicyDocument({ statements: this.statements() });
  }

  /** Adds the policy's statements to `grantee` (the role of the issuer's service account). */
  public grant(grantee: iam.IGrantable): iam.Grant {
    const [issue, read] = this.statements();
    return iam.Grant.addToPrincipal({
      grantee,
      actions: issue.actions,
      resourceArns: issue.resources,
      conditions: issue.conditions,
    }).combine(iam.Grant.addToPrincipal({ grantee, actions: read.actions, resourceArns: read.resources }));
  }

  private statements(): iam.PolicyStatement[] {
    const issueAction = 'acm-pca:IssueCertificate';
    return [
      new iam.PolicyStatement({
        sid: 'IssueWithPermittedTemplates',
        actions: [issueAction],
        resources: [this.certificateAuthorityArn],
        conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: this.templates.map((t) => t.templateArn) } },
      }),
      new iam.PolicyStatement({
        sid: 'ReadCaAndIssued',
        actions: PRIVATECA_ISSUER_ACTIONS.filter((a) => a !== issueAction),
        resources: [this.certificateAuthorityArn],
      }),
    ];
  }
}
