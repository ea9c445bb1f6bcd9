import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CertificateTemplate } from './certificate-template';
import { PCA_ADMINISTRATION_ACTIONS, PCA_ADMINISTRATION_READ_ACTIONS, TEMPLATE_ARN_CONDITION_KEY } from '../private/contracts/aws-strings';

/** A CA of AWS Private CA made or imported with this library. */
export interface IPrivateCa extends acmpca.ICertificateAuthority {
  /**
   * Lets `grantee` describe the CA and read its certificate, its chain and the certificates it issued.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** A CA that issues end-entity certificates. */
export interface IIssuingCa extends IPrivateCa {
  /**
   * Lets `grantee` issue certificates from this CA with the given templates only (condition
   * `acm-pca:TemplateArn`), and fetch them.
   *
   * @param templates end-entity templates; CA templates are refused (a subordinate is an IssuingCa)
   * @default - END_ENTITY, END_ENTITY_CLIENT_AUTH and END_ENTITY_SERVER_AUTH
   */
  grantIssue(grantee: iam.IGrantable, templates?: CertificateTemplate[]): iam.Grant;

  /** Lets `grantee` revoke certificates of this CA. */
  grantRevoke(grantee: iam.IGrantable): iam.Grant;
}

/** Default templates of `grantIssue`. */
const DEFAULT_ISSUE_TEMPLATES = [
  CertificateTemplate.END_ENTITY,
  CertificateTemplate.END_ENTITY_CLIENT_AUTH,
  CertificateTemplate.END_ENTITY_SERVER_AUTH,
];

/** Grants shared by every CA of the library. */
export abstract class PrivateCaBase extends Resource implements IPrivateCa {
  public abstract readonly certificateAuthorityArn: string;

  public get certificateAuthorityRef(): acmpca.CertificateAuthorityReference {
    return { certificateAuthorityArn: this.certificateAuthorityArn };
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'acm-pca:DescribeCertificateAuthority',
        'acm-pca:GetCertificateAuthorityCertificate',
        'acm-pca:GetCertificate',
      ],
      resourceArns: [this.certificateAuthorityArn],
    });
  }

  /**
   * Lets `grantee` administer the CA, and nothing else: change its state (enable, disable, revocation
   * settings), delete and restore it, tag it, change its resource policy and ACM's permission, install its CA
   * certificate, make audit reports, and read what it changes. It cannot issue or revoke certificates: give
   * issuance to another principal (`grantIssue`), as AWS recommends ("Separate administrator and issuer
   * roles"); `PkiChecks` warns about a principal that may do both. For a CA of the grantee's own account.
   *
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/ca-best-practices.html#role-separation
   */
  public grantAdministration(grantee: iam.IGrantable): iam.Grant {
    const owner = this.env.account;
    const here = Stack.of(this).account;
    if (!Token.isUnresolved(owner) && !Token.isUnresolved(here) && owner !== here) {
      throw new Error(`${this.node.path}: grantAdministration is for a CA of this account, and this CA belongs to account ${owner}; `
        + `administer it from a stack of account ${owner}`);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...PCA_ADMINISTRATION_ACTIONS, ...PCA_ADMINISTRATION_READ_ACTIONS],
      resourceArns: [this.certificateAuthorityArn],
    });
  }
}

/** Shared by `IssuingCa` and the CAs it imports by ARN. */
export abstract class IssuingCaBase extends PrivateCaBase implements IIssuingCa {
  public grantIssue(grantee: iam.IGrantable, templates: CertificateTemplate[] = DEFAULT_ISSUE_TEMPLATES): iam.Grant {
    const caTemplates = templates.filter((t) => t.issuesCaCertificates);
    if (templates.length === 0 || caTemplates.length > 0) {
      throw new Error(`${this.node.path}: grantIssue needs end-entity templates; got ${templates.length === 0 ? 'none' : caTemplates.join(', ')}. ` +
        'Subordinate CAs are signed by making an IssuingCa with this CA as its parent.');
    }
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['acm-pca:IssueCertificate'],
      resourceArns: [this.certificateAuthorityArn],
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templates.map((t) => t.templateArn) } },
    });
    return grant.combine(iam.Grant.addToPrincipal({
      grantee,
      actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority'],
      resourceArns: [this.certificateAuthorityArn],
    }));
  }

  public grantRevoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['acm-pca:RevokeCertificate'],
      resourceArns: [this.certificateAuthorityArn],
    });
  }
}
