import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CertificateTemplate } from './certificate-template';
import { DEFAULT_ISSUE_TEMPLATES, grantIssueOn, grantRevokeOn } from './private/ca-grants';
import { PCA_ADMINISTRATION_ACTIONS, PCA_ADMINISTRATION_READ_ACTIONS } from '../private/contracts/aws-strings';
import { crlGeneratedMetric, misconfiguredCrlBucketMetric } from '../revocation/private/crl-metrics';

/** A CA of AWS Private CA made or imported with this library. */
export interface IPrivateCa extends acmpca.ICertificateAuthority {
  /**
   * Lets `grantee` describe the CA and read its certificate, its chain and the certificates it issued.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * AWS Private CA's `CRLGenerated` metric of this CA. Its namespace is `AWS/ACMPrivateCA`; the dimension
   * that names the CA is not documented by AWS (see docs/revocation.md). The metric is in the CA's account: for a CA
   * shared from another account, read it there.
   *
   * @default - minimum over five minutes
   */
  metricCrlGenerated(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * AWS Private CA's `MisconfiguredCRLBucket` metric of this CA: the CA cannot write its CRLs to the bucket
   * (check the bucket policy). The metric is in the CA's account: for a CA shared from another account, read
   * it there.
   *
   * @default - maximum over five minutes
   */
  metricMisconfiguredCrlBucket(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
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

/** Grants and metrics shared by every CA of the library, made or imported. */
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
  public grantAdmin(grantee: iam.IGrantable): iam.Grant {
    this.checkAdministrableHere('grantAdmin');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...PCA_ADMINISTRATION_ACTIONS, ...PCA_ADMINISTRATION_READ_ACTIONS],
      resourceArns: [this.certificateAuthorityArn],
    });
  }

  /**
   * Lets `grantee` administer the CA, and nothing else.
   *
   * @deprecated use `grantAdmin`, the name aws-cdk-lib gives this grant
   */
  public grantAdministration(grantee: iam.IGrantable): iam.Grant {
    this.checkAdministrableHere('grantAdministration');
    return this.grantAdmin(grantee);
  }

  public metricCrlGenerated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return crlGeneratedMetric(this._metricsCaArn, props);
  }

  public metricMisconfiguredCrlBucket(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return misconfiguredCrlBucketMetric(this._metricsCaArn, props);
  }

  /**
   * The ARN that names the CA in its metrics.
   * @internal
   */
  protected get _metricsCaArn(): string {
    return this.certificateAuthorityArn;
  }

  /** Administration grants are for a CA of the grantee's account; the message names the method called. */
  private checkAdministrableHere(method: string): void {
    const owner = this.env.account;
    const here = Stack.of(this).account;
    if (!Token.isUnresolved(owner) && !Token.isUnresolved(here) && owner !== here) {
      throw new Error(`${this.node.path}: ${method} is for a CA of this account, and this CA belongs to account ${owner}; `
        + `administer it from a stack of account ${owner}`);
    }
  }
}

/** Shared by the CAs that `IssuingCa.fromCertificateAuthorityArn` and `SharedCa` import by ARN. */
export abstract class IssuingCaBase extends PrivateCaBase implements IIssuingCa {
  public grantIssue(grantee: iam.IGrantable, templates: CertificateTemplate[] = [...DEFAULT_ISSUE_TEMPLATES]): iam.Grant {
    return grantIssueOn(this, grantee, templates);
  }

  public grantRevoke(grantee: iam.IGrantable): iam.Grant {
    return grantRevokeOn(this, grantee);
  }
}
