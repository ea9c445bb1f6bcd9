import { Annotations, Lazy, Names, Resource, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct } from 'constructs';
import { CertificateTemplate } from '../hierarchy/certificate-template';
import { caLocationProblems, checkRootSharing, noteCaSharing, principalProblems } from './private/sharing';
import { SharePermission, SharePrincipal, SharePrincipalKind } from './share-permission';
import { SharedCaFromHierarchyProps, SharedCaLookup } from './shared-ca-lookup';
import { issueGrant } from '../hierarchy/private/ca-grants';
import { IIssuingCa, IssuingCaBase } from '../hierarchy/private-ca-base';
import { isCaArn, parseCaArn } from '../private/contracts/arn';
import { ACM_PRIVATE_CERTIFICATE_TEMPLATE } from '../private/contracts/aws-strings';
import { ValidationErrors, isConcrete } from '../private/validation';

/** Properties of a `RamCaShare`. */
export interface RamCaShareProps {
  /** The CA to share: an `IssuingCa` (or any CA) of this stack's account and Region. */
  readonly certificateAuthority: acmpca.ICertificateAuthority;

  /**
   * Who receives the share: accounts, organizational units, the organization, or service principals.
   * Service principals get a share of their own (they cannot be mixed with the others). An organization or an
   * OU needs the organization's management account (RAM names them by ARNs that hold it): use
   * `SharePrincipal.organizationalUnitById(managementAccountId, organizationId, organizationalUnitId)` or the ARN.
   */
  readonly principals: SharePrincipal[];

  /**
   * The RAM managed permission: it decides the one certificate template consumers may issue with.
   * @default SharePermission.DEFAULT (EndEntityCertificate/V1, what ACM private certificates need)
   */
  readonly permission?: SharePermission;

  /**
   * Whether principals outside this account's organization may be associated with the share.
   * @default - false; true when every principal is a service principal (services are outside any organization)
   */
  readonly allowExternalPrincipals?: boolean;

  /**
   * Allow sharing a `RootCaAccount`. A root should only sign subordinate CAs in its own account.
   * @default false
   */
  readonly allowRootCaSharing?: boolean;

  /**
   * For service principals: the accounts on whose behalf the service may use the CA (RAM `Sources`, the
   * confused-deputy guard).
   * @default - this stack's account when a principal is a service principal
   */
  readonly sourceAccounts?: string[];

  /**
   * Name of the resource share.
   * @default - a name made from the construct path
   */
  readonly resourceShareName?: string;
}

/**
 * Shares a CA with accounts, organizational units, the organization or service principals through AWS RAM
 * (`AWS::RAM::ResourceShare`), with the one managed permission that matches the certificate template its
 * consumers will request.
 *
 * The share lives in the CA's stack (RAM is regional, and only the owner shares). Consumers use the CA with
 * `SharedCa.fromShare(...)`, which checks their templates against the same permission at synthesis.
 *
 * @resource AWS::RAM::ResourceShare
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/pca-ram.html
 */
export class RamCaShare extends Resource {
  /** ARN of the resource share. */
  public readonly resourceShareArn: string;
  /** The shared CA. */
  public readonly certificateAuthority: acmpca.ICertificateAuthority;
  /** The managed permission of the share. */
  public readonly permission: SharePermission;
  /** The resource share. */
  public readonly resource: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: RamCaShareProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const ca = props.certificateAuthority;
    this.certificateAuthority = ca;
    this.permission = props.permission ?? SharePermission.DEFAULT;
    const principals = props.principals;
    const services = principals.filter((p) => p.kind === SharePrincipalKind.SERVICE);
    const others = principals.filter((p) => p.kind !== SharePrincipalKind.SERVICE);

    const errors = new ValidationErrors('RamCaShare', this);
    if (principals.length === 0) {
      errors.add('principals is empty; share with at least one account, OU, organization or service principal');
    }
    principalProblems(principals).forEach((p) => errors.add(p));
    if (!this.permission.isManaged) {
      errors.add(`permission ${this.permission.displayName} is not an AWS RAM managed permission; use one of SharePermission.DEFAULT, `
        + 'BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE, BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE, SUBORDINATE_CA_PATH_LEN_0_ISSUANCE or '
        + 'REVOKE_CERTIFICATE, or grant it with a CaResourcePolicy');
    }
    if (services.length > 0 && others.length > 0) {
      errors.add(`principals mix service principals (${services.join(', ')}) with accounts or organizations (${others.join(', ')}); `
        + 'service principals are outside any organization, so their share allows external principals, which a share with accounts should not: '
        + 'make two RamCaShares');
    }
    if (services.length === 0 && props.sourceAccounts !== undefined) {
      errors.add('sourceAccounts applies to service principals only, and principals has none; remove it');
    }
    caLocationProblems(this, ca, 'RAM share').forEach((p) => errors.add(p));
    checkRootSharing(this, ca, props.allowRootCaSharing, errors, 'share');
    errors.throwIfAny();

    noteCaSharing(this, ca, 'share');
    const onlyServices = services.length > 0 && others.length === 0;
    const allowExternalPrincipals = props.allowExternalPrincipals ?? onlyServices;
    if (onlyServices && props.allowExternalPrincipals === false) {
      Annotations.of(this).addWarningV2('cdk-pki:serviceShareNotExternal',
        'This share is for service principals but allowExternalPrincipals is false; AWS\'s own templates for the Private CA connectors '
        + 'leave it at RAM\'s default (true), and RAM may refuse the association. Leave allowExternalPrincipals unset unless you have checked.');
    }
    if (this.permission.allowedTemplates.some((t) => t.issuesCaCertificates)) {
      Annotations.of(this).addWarningV2('cdk-pki:subordinateIssuanceShared',
        `Permission ${this.permission.displayName} lets ${principals.join(', ')} issue subordinate CA certificates: a CA made with it `
        + 'can issue any certificate that clients trusting this hierarchy accept. Share it only with services that need it (such as a Network Firewall proxy), '
        + 'and prefer name constraints on the shared CA.');
    }

    this.resource = new ram.CfnResourceShare(this, 'Resource', {
      name: props.resourceShareName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      resourceArns: [ca.certificateAuthorityArn],
      principals: principals.map((p) => p.value),
      permissionArns: [this.permission.permissionArnForPartition(stack.partition)!],
      allowExternalPrincipals,
      sources: services.length > 0 ? (props.sourceAccounts ?? [stack.account]) : undefined,
    });
    this.resourceShareArn = this.resource.attrArn;
  }
}

/** Properties of `SharedCa.fromShare`. */
export interface SharedCaProps {
  /**
   * ARN of the CA shared with this account (`arn:aws:acm-pca:<region>:<owner>:certificate-authority/<id>`),
   * in this stack's Region.
   */
  readonly certificateAuthorityArn: string;

  /**
   * The permission of the share that reaches this account.
   * @default SharePermission.DEFAULT
   */
  readonly permission?: SharePermission;
}

/**
 * A CA of another account that AWS RAM shares with this one, as its consumers see it: an `IIssuingCa` for
 * `acm.PrivateCertificate` and grants, that knows the share's permission and refuses, at synthesis, any
 * certificate template the permission does not allow (in `grantIssue`, and for every
 * `acm.PrivateCertificate` of the app that uses it), instead of an AccessDenied at run time.
 */
export class SharedCa extends IssuingCaBase implements IIssuingCa {
  /** A CA shared with this account, and the permission of the share. */
  public static fromShare(scope: Construct, id: string, props: SharedCaProps): SharedCa {
    return new SharedCa(scope, id, props);
  }

  /**
   * A CA shared with this account, named by its owner account, Region, hierarchy and CA name instead of its
   * ARN: a `SharedCaLookup` (child `Lookup`) finds the ARN at deployment, so no ARN is copied by hand. The
   * stack must deploy after the CA's stack and its `RamCaShare` (`addDependency`).
   */
  public static fromHierarchy(scope: Construct, id: string, props: SharedCaFromHierarchyProps): SharedCa {
    return new SharedCa(scope, id, props);
  }

  public readonly certificateAuthorityArn: string;
  /** The permission of the share. */
  public readonly permission: SharePermission;
  /** The lookup that found the CA's ARN, for a CA made with `fromHierarchy`. */
  public readonly lookup?: SharedCaLookup;

  /**
   * The ARN as `certificateAuthorityRef` hands it out, a token of this view alone: an `acm.PrivateCertificate`
   * made from this view names it, so two views of one ARN (a CA shared twice) each check their own certificates.
   */
  private readonly viewArn: string;

  private constructor(scope: Construct, id: string, props: SharedCaProps | SharedCaFromHierarchyProps) {
    const byArn = 'certificateAuthorityArn' in props ? props : undefined;
    const arn = byArn?.certificateAuthorityArn;
    // A malformed concrete ARN is reported below, with the fix; CDK would throw on it first.
    super(scope, id, byArn ? { environmentFromArn: !isConcrete(arn) || isCaArn(arn) ? arn : undefined }
      : { account: (props as SharedCaFromHierarchyProps).account, region: (props as SharedCaFromHierarchyProps).region });
    this.lookup = byArn ? undefined : new SharedCaLookup(this, 'Lookup', props as SharedCaFromHierarchyProps);
    this.certificateAuthorityArn = this.lookup?.certificateAuthorityArn ?? arn!;
    this.permission = props.permission ?? SharePermission.DEFAULT;
    this.viewArn = Lazy.string({ produce: () => this.certificateAuthorityArn }, { displayHint: 'SharedCaArn' });

    const errors = new ValidationErrors('SharedCa', this);
    const stack = Stack.of(this);
    if (isConcrete(arn)) {
      const location = parseCaArn(arn);
      if (!location) {
        errors.add(`certificateAuthorityArn '${arn}' is not a CA ARN; use 'arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>'`);
      } else if (isConcrete(stack.region) && location.region !== stack.region) {
        errors.add(`the CA is in ${location.region} but stack '${stack.stackName}' is in ${stack.region}; AWS RAM shares are regional: `
          + `use the CA from a stack in ${location.region}, or share a CA of ${stack.region}`);
      }
    }
    errors.throwIfAny();

    const views = sharedCaViews.get(this.node.root) ?? [];
    sharedCaViews.set(this.node.root, views);
    views.push(this);
    this.node.addValidation({ validate: () => this.acmCertificateProblems() });
  }

  /**
   * What `acm.PrivateCertificate` reads: the CA's ARN, as a token of this view (it resolves to the same ARN), so
   * that the ACM check knows which view a certificate was made from.
   */
  public get certificateAuthorityRef(): acmpca.CertificateAuthorityReference {
    return { certificateAuthorityArn: this.viewArn };
  }

  /**
   * Lets `grantee` issue certificates from the shared CA with the given templates only (condition
   * `acm-pca:TemplateArn`), and fetch them; throws when the share's permission does not allow a template.
   *
   * @param templates templates the grantee will request
   * @default - the templates the share's permission allows
   */
  public grantIssue(grantee: iam.IGrantable, templates?: CertificateTemplate[]): iam.Grant {
    const chosen = templates ?? this.permission.allowedTemplates;
    const errors = new ValidationErrors('SharedCa', this);
    if (chosen.length === 0) {
      errors.add(`grantIssue needs templates, and share permission ${this.permission.displayName} allows no issuance; share the CA with an issuance permission`);
    }
    chosen.forEach((t) => {
      const problem = this.permission._problemWith(t, 'grantIssue');
      if (problem) errors.add(problem);
    });
    errors.throwIfAny();
    return issueGrant(this, grantee, chosen);
  }

  /** Lets `grantee` revoke certificates of the shared CA; throws unless the share's permission allows revocation. */
  public grantRevoke(grantee: iam.IGrantable): iam.Grant {
    if (!this.permission.allowsRevocation) {
      throw new Error(`SharedCa '${this.node.path}': grantRevoke needs a share that allows revocation, and permission ${this.permission.displayName} does not; `
        + 'share the CA with SharePermission.REVOKE_CERTIFICATE as well');
    }
    return super.grantRevoke(grantee);
  }

  /** Throws unless the share's permission allows `template`; the message names both. */
  public assertAllows(template: CertificateTemplate): void {
    const problem = this.permission._problemWith(template);
    if (problem !== undefined) {
      throw new Error(`SharedCa '${this.node.path}': ${problem}`);
    }
  }

  /**
   * ACM requests private certificates with one template: every ACM certificate made from this view needs it. A
   * certificate that names the ARN itself (not through a view) is refused only when no view of the ARN in its
   * account allows the template, and reported once, by the first such view.
   */
  private acmCertificateProblems(): string[] {
    const template = new CertificateTemplate(ACM_PRIVATE_CERTIFICATE_TEMPLATE);
    const certificates = this.node.root.node.findAll().filter((c): c is acm.CfnCertificate => c instanceof acm.CfnCertificate);
    const problems: string[] = [];
    if (!this.permission.allows(template)) {
      const allowed = this.permission.allowedTemplates.length > 0 ? `it allows only ${this.permission.allowedTemplates.join(', ')}` : 'it allows no issuance';
      problems.push(...certificates.filter((c) => c.certificateAuthorityArn === this.viewArn)
        .map((c) => `SharedCa '${this.node.path}': ACM private certificate '${c.node.path}' is issued by ACM with certificate template `
          + `${template.templateName}, which share permission ${this.permission.displayName} does not allow (${allowed}); `
          + `share the CA a second time with permission ${SharePermission.DEFAULT.displayName} for ACM, or issue with IssueCertificate and a template this permission allows`));
    }
    const sameArn = (sharedCaViews.get(this.node.root) ?? []).filter((v) => v.certificateAuthorityArn === this.certificateAuthorityArn);
    for (const c of certificates.filter((cert) => cert.certificateAuthorityArn === this.certificateAuthorityArn)) {
      const account = Stack.of(c).account;
      const inAccount = sameArn.filter((v) => Stack.of(v).account === account);
      const views = inAccount.length > 0 ? inAccount : sameArn;
      if (views[0] !== this || views.some((v) => v.permission.allows(template))) continue;
      problems.push(`SharedCa '${this.node.path}': ACM private certificate '${c.node.path}' names the CA by its ARN and is issued by ACM with certificate template `
        + `${template.templateName}, but no SharedCa of this ARN allows it (views ${views.map((v) => `'${v.node.path}' (${v.permission.displayName})`).join(', ')}); `
        + `share the CA a second time with permission ${SharePermission.DEFAULT.displayName}, make a SharedCa.fromShare of that share, and request the `
        + 'certificate with acm.PrivateCertificate from it');
    }
    return problems;
  }
}

/** The SharedCa views of each app, in the order they were made. */
const sharedCaViews = new WeakMap<Construct, SharedCa[]>();
