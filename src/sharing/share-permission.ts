import { Aws } from 'aws-cdk-lib';
import { CertificateTemplate, TemplatePassthrough } from '../hierarchy/certificate-template';
import {
  PCA_CONNECTOR_AD_SERVICE_PRINCIPAL, PCA_CONNECTOR_SCEP_SERVICE_PRINCIPAL, RAM_PERMISSION_BLANK_END_ENTITY_API_CSR_PASSTHROUGH,
  RAM_PERMISSION_BLANK_END_ENTITY_API_PASSTHROUGH, RAM_PERMISSION_DEFAULT, RAM_PERMISSION_REVOKE, RAM_PERMISSION_SUBORDINATE_PATH_LEN_0,
  ramManagedPermissionArn,
} from '../private/contracts/aws-strings';

/** Options of a `SharePermission` made with its public constructor. */
export interface SharePermissionOptions {
  /** The certificate templates a consumer may issue with; empty when it may not issue. */
  readonly allowedTemplates: CertificateTemplate[];

  /**
   * Whether a consumer may revoke certificates of the CA.
   * @default false
   */
  readonly allowsRevocation?: boolean;

  /**
   * Name of the AWS RAM managed permission (its ARN is `arn:${Partition}:ram::aws:permission/<name>`).
   * @default - none: not a RAM managed permission, so only a `CaResourcePolicy` can grant it
   */
  readonly managedPermissionName?: string;

  /**
   * How messages name the permission.
   * @default - the managed permission's name, else the templates it allows
   */
  readonly displayName?: string;
}

/**
 * What a consumer of a shared CA may do with it: the certificate templates it may issue with and whether it
 * may revoke, and, for the AWS RAM managed permissions of AWS Private CA, the exact managed permission.
 *
 * Every managed permission allows exactly one template (or revocation), and AWS refuses any other template
 * with an AccessDenied that does not name the template. `assertAllows` makes that mismatch a synthesis
 * error instead. A CA that needs several templates is shared once per permission.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/pca-ram.html
 */
export class SharePermission {
  /**
   * `AWSRAMDefaultPermissionCertificateAuthority`: issue with `EndEntityCertificate/V1` (TLS server and
   * client), read the CA and its certificates. What ACM needs to request private certificates.
   */
  public static readonly DEFAULT = new SharePermission({
    managedPermissionName: RAM_PERMISSION_DEFAULT,
    allowedTemplates: [CertificateTemplate.END_ENTITY],
  });

  /** End-entity issuance: the same permission as `DEFAULT`. */
  public static readonly END_ENTITY_ISSUANCE = SharePermission.DEFAULT;

  /**
   * `AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority`: issue with
   * `BlankEndEntityCertificate_APIPassthrough/V1`. The permission Connector for Active Directory needs.
   */
  public static readonly BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE = new SharePermission({
    managedPermissionName: RAM_PERMISSION_BLANK_END_ENTITY_API_PASSTHROUGH,
    allowedTemplates: [CertificateTemplate.blankEndEntity(TemplatePassthrough.API)],
  });

  /**
   * `AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority`: issue with
   * `BlankEndEntityCertificate_APICSRPassthrough/V1`. The permission Connector for SCEP needs, and the template
   * aws-privateca-issuer uses for certificates whose usages name no single purpose.
   */
  public static readonly BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE = new SharePermission({
    managedPermissionName: RAM_PERMISSION_BLANK_END_ENTITY_API_CSR_PASSTHROUGH,
    allowedTemplates: [CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR)],
  });

  /**
   * `AWSRAMSubordinateCACertificatePathLen0IssuanceCertificateAuthority`: issue subordinate CA certificates
   * with `SubordinateCACertificate_PathLen0/V1`. A consumer with it can make CAs of its own under this one.
   */
  public static readonly SUBORDINATE_CA_PATH_LEN_0_ISSUANCE = new SharePermission({
    managedPermissionName: RAM_PERMISSION_SUBORDINATE_PATH_LEN_0,
    allowedTemplates: [CertificateTemplate.subordinateCa(0)],
  });

  /** `AWSRAMRevokeCertificateCertificateAuthority`: revoke certificates; no issuance. */
  public static readonly REVOKE_CERTIFICATE = new SharePermission({
    managedPermissionName: RAM_PERMISSION_REVOKE,
    allowedTemplates: [],
    allowsRevocation: true,
  });

  /** Every AWS RAM managed permission of AWS Private CA that this library knows. */
  public static managedPermissions(): SharePermission[] {
    return [
      SharePermission.DEFAULT,
      SharePermission.BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE,
      SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
      SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
      SharePermission.REVOKE_CERTIFICATE,
    ];
  }

  /** The RAM managed permission that allows `template`, if there is one. */
  public static managedPermissionFor(template: CertificateTemplate): SharePermission | undefined {
    return SharePermission.managedPermissions().find((p) => p.allows(template));
  }

  /**
   * Issuance with templates that no RAM managed permission covers (for example
   * `EndEntityServerAuthCertificate/V1`, or `SubordinateCACertificate_PathLen1/V1` for a subordinate signed
   * across accounts): only a `CaResourcePolicy` can grant it.
   *
   * @param templates the templates a consumer may issue with
   * @param allowsRevocation whether it may also revoke
   */
  public static issuance(templates: CertificateTemplate[], allowsRevocation?: boolean): SharePermission {
    return new SharePermission({ allowedTemplates: templates, allowsRevocation });
  }

  /** The templates a consumer may issue with (none for revocation only). */
  public readonly allowedTemplates: CertificateTemplate[];
  /** Whether a consumer may revoke certificates. */
  public readonly allowsRevocation: boolean;
  /** Name of the AWS RAM managed permission; undefined when only a CA resource policy can grant this. */
  public readonly managedPermissionName?: string;
  /** How messages name this permission. */
  public readonly displayName: string;

  public constructor(options: SharePermissionOptions) {
    this.allowedTemplates = [...options.allowedTemplates];
    this.allowsRevocation = options.allowsRevocation ?? false;
    this.managedPermissionName = options.managedPermissionName;
    const what = [
      ...(this.allowedTemplates.length > 0 ? [`issuance with ${this.allowedTemplates.join(', ')}`] : []),
      ...(this.allowsRevocation ? ['revocation'] : []),
    ].join(' and ') || 'nothing';
    this.displayName = options.displayName ?? options.managedPermissionName ?? `resource-policy permission (${what})`;
  }

  /** Whether this is an AWS RAM managed permission (and so can be used by a `RamCaShare`). */
  public get isManaged(): boolean {
    return this.managedPermissionName !== undefined;
  }

  /**
   * The managed permission's ARN in the deploying stack's partition
   * (`arn:${AWS::Partition}:ram::aws:permission/<name>`); undefined when this is not a managed permission.
   */
  public get permissionArn(): string | undefined {
    return this.permissionArnForPartition(Aws.PARTITION);
  }

  /** The managed permission's ARN in the given partition, for example `aws` or `aws-us-gov`. */
  public permissionArnForPartition(partition: string): string | undefined {
    return this.managedPermissionName === undefined ? undefined : ramManagedPermissionArn(partition, this.managedPermissionName);
  }

  /** Whether a consumer may issue with `template`. */
  public allows(template: CertificateTemplate): boolean {
    return this.allowedTemplates.some((t) => t.isSameAs(template));
  }

  /**
   * Throws unless a consumer may issue with `template`; the message names the template, this permission,
   * what it allows instead, and the managed permission that would allow the template.
   *
   * @param template the template the consumer will request
   * @param requester who requests it, for the message (for example a construct path)
   */
  public assertAllows(template: CertificateTemplate, requester?: string): void {
    const problem = this._problemWith(template, requester);
    if (problem !== undefined) {
      throw new Error(problem);
    }
  }

  /**
   * Why a consumer may not issue with `template`, or undefined when it may: what `assertAllows` throws, for
   * the constructs that collect every problem before throwing.
   *
   * @param template the template the consumer will request
   * @param requester who requests it, for the message (for example a construct path)
   * @internal
   */
  public _problemWith(template: CertificateTemplate, requester?: string): string | undefined {
    if (this.allows(template)) {
      return undefined;
    }
    const who = requester ? `${requester} requests` : 'the request uses';
    const allowed = this.allowedTemplates.length > 0 ? `it allows only ${this.allowedTemplates.join(', ')}` : 'it allows no issuance';
    const alternative = SharePermission.managedPermissionFor(template);
    const fix = alternative
      ? `share the CA a second time with permission ${alternative.displayName}, or request a template this permission allows`
      : 'no RAM managed permission allows it: grant it with a CaResourcePolicy and SharePermission.issuance([...]), or request a template this permission allows';
    return `${who} certificate template ${template.templateName}, which share permission ${this.displayName} does not allow (${allowed}); ${fix}`;
  }

  public toString(): string {
    return this.displayName;
  }
}

/** What kind of principal a CA is shared with. */
export enum SharePrincipalKind {
  /** An AWS account (12 digits). */
  ACCOUNT = 'ACCOUNT',
  /** A whole organization of AWS Organizations. */
  ORGANIZATION = 'ORGANIZATION',
  /** An organizational unit (and the OUs and accounts under it). */
  ORGANIZATIONAL_UNIT = 'ORGANIZATIONAL_UNIT',
  /** An AWS service principal, such as `pca-connector-scep.amazonaws.com`. */
  SERVICE = 'SERVICE',
}

/**
 * Who a CA is shared with: an account, an organization, an organizational unit or a service principal.
 * Values are checked by the construct that uses them (values that are tokens are not checked).
 */
export class SharePrincipal {
  /** AWS Private CA Connector for SCEP (`pca-connector-scep.amazonaws.com`). */
  public static readonly PCA_CONNECTOR_SCEP = SharePrincipal.service(PCA_CONNECTOR_SCEP_SERVICE_PRINCIPAL);
  /** AWS Private CA Connector for Active Directory (`pca-connector-ad.amazonaws.com`). */
  public static readonly PCA_CONNECTOR_AD = SharePrincipal.service(PCA_CONNECTOR_AD_SERVICE_PRINCIPAL);

  /** An AWS account, by its 12-digit id. */
  public static account(accountId: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.ACCOUNT, accountId, { accountId });
  }

  /** An organization, by its ARN: `arn:aws:organizations::<management-account>:organization/o-…`. */
  public static organization(organizationArn: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.ORGANIZATION, organizationArn, { arn: organizationArn });
  }

  /**
   * An organization, by its management account and id; the ARN is built in the deploying stack's partition.
   *
   * @param managementAccountId the organization's management account (12 digits): the account that created the
   *   organization, `aws organizations describe-organization --query Organization.MasterAccountId`
   * @param organizationId `o-` and 10 to 32 lowercase letters or digits
   */
  public static organizationById(managementAccountId: string, organizationId: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.ORGANIZATION,
      `arn:${Aws.PARTITION}:organizations::${managementAccountId}:organization/${organizationId}`,
      { managementAccountId, organizationId });
  }

  /**
   * An organizational unit, by its ARN: `arn:aws:organizations::<management-account>:ou/o-…/ou-…` (the ARN holds
   * the organization's management account; the console's OU page shows it).
   */
  public static organizationalUnit(organizationalUnitArn: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.ORGANIZATIONAL_UNIT, organizationalUnitArn, { arn: organizationalUnitArn });
  }

  /**
   * An organizational unit, by its management account, organization id and OU id; the ARN is built in the
   * deploying stack's partition. RAM names an OU by an ARN that holds the organization's management account,
   * so the OU and organization ids alone are not enough.
   *
   * @param managementAccountId the organization's management account (12 digits): the account that created the
   *   organization, `aws organizations describe-organization --query Organization.MasterAccountId`; not the CA's
   *   account nor a workload's
   * @param organizationId `o-` and 10 to 32 lowercase letters or digits
   * @param organizationalUnitId `ou-`, 4 to 32 letters or digits, `-` and 8 to 32 more
   */
  public static organizationalUnitById(managementAccountId: string, organizationId: string, organizationalUnitId: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.ORGANIZATIONAL_UNIT,
      `arn:${Aws.PARTITION}:organizations::${managementAccountId}:ou/${organizationId}/${organizationalUnitId}`,
      { managementAccountId, organizationId, organizationalUnitId });
  }

  /** An AWS service principal, such as `pca-connector-scep.amazonaws.com`. */
  public static service(servicePrincipal: string): SharePrincipal {
    return new SharePrincipal(SharePrincipalKind.SERVICE, servicePrincipal, {});
  }

  /** What `AWS::RAM::ResourceShare` `Principals` gets: an account id, an ARN or a service principal. */
  public readonly value: string;
  /** The account id of an ACCOUNT principal. */
  public readonly accountId?: string;
  /** The ARN given to `organization` or `organizationalUnit`. */
  public readonly arn?: string;
  /** The management account given to `organizationById` or `organizationalUnitById`. */
  public readonly managementAccountId?: string;
  /** The organization id given to `organizationById` or `organizationalUnitById`. */
  public readonly organizationId?: string;
  /** The OU id given to `organizationalUnitById`. */
  public readonly organizationalUnitId?: string;

  private constructor(
    /** What kind of principal this is. */
    public readonly kind: SharePrincipalKind,
    value: string,
    parts: { accountId?: string; arn?: string; managementAccountId?: string; organizationId?: string; organizationalUnitId?: string },
  ) {
    this.value = value;
    this.accountId = parts.accountId;
    this.arn = parts.arn;
    this.managementAccountId = parts.managementAccountId;
    this.organizationId = parts.organizationId;
    this.organizationalUnitId = parts.organizationalUnitId;
  }

  public toString(): string {
    return this.value;
  }
}
