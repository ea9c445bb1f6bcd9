import { Annotations, CustomResource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CaUsageMode, KeyAlgorithm, KeyStorageSecurityStandard, SigningAlgorithm } from './algorithms';
import { CertificateTemplate, TemplatePassthrough } from './certificate-template';
import { DistinguishedName } from './distinguished-name';
import { ExternalSigningOptions } from './external-signing-options';
import { IssuingCaLifecycleOptions } from './issuing-ca-lifecycle-options';
import { NameConstraints } from './name-constraints';
import { IParentCa } from './parent';
import { acmIssuance } from './private/acm-issuance';
import { authorityOf, depthProblem } from './private/authority';
import { caConfigurationProblems } from './private/ca-config';
import { DEFAULT_ISSUE_TEMPLATES, grantIssueOn, grantRevokeOn } from './private/ca-grants';
import { generationProblems, keepInCloudFormation, resolveRemoval } from './private/ca-lifecycle';
import { externalCertificate, externalSigningProblems, externalValidity } from './private/external-signing';
import { HierarchyCaBase } from './private/hierarchy-ca-base';
import { checkNameConstraints } from './private/name-constraint-check';
import { toNameConstraintsSpec } from './private/name-constraints-spec';
import { MAX_CA_NAME_LENGTH } from './private/names';
import { reachProblems, signedByParent } from './private/parent-reference';
import { toDeclaredSubject, validateDistinguishedName } from './private/subject';
import { trustProblems } from './private/trust';
import { defaultValidityUnder, halfOf, lengthenDefault } from './private/validity-hint';
import { IIssuingCa, IssuingCaBase } from './private-ca-base';
import { SubordinateSigningOptions } from './subordinate-signing-options';
import { Validity } from './validity';
import { CaCertificateRenewal } from '../lifecycle/ca-certificate-renewal';
import { applyCaRenewal, issuedValidityProblems, retireAfterDays, retireReplacedGenerations } from '../lifecycle/private/ca-renewal';
import {
  MAX_HIERARCHY_DEPTH, RECOMMENDED_MAX_HIERARCHY_DEPTH,
} from '../private/contracts/aws-strings';
import { NameConstraintsSpec } from '../private/contracts/signing';
import { ValidationErrors, isConcrete, isConcreteNumber, isResourceNamePart } from '../private/validation';
import { revocationProblems } from '../revocation/private/apply-revocation';
import { Revocation } from '../revocation/revocation';

/** Properties of an `IssuingCa`. */
export interface IssuingCaProps extends SubordinateSigningOptions, IssuingCaLifecycleOptions, ExternalSigningOptions {
  /**
   * The CA that signs this one: a `RootCaAccount` or another `IssuingCa` of this app (in this stack or
   * any other, in any account and Region), `ParentCa.fromAccount(...)` for one of another app,
   * `ParentCa.fromCertificateAuthorityArn(...)` for a CA the library did not create, or `ParentCa.outsideAws(...)`.
   */
  readonly parent: IParentCa;

  /** Subject of the CA certificate; it must have a common name. */
  readonly subject: DistinguishedName;

  /**
   * Name of this CA in its hierarchy; it names the CA's alias, roles and declaration at its parent's signing authority, and its ARN parameter when the CA signs
   * subordinates of its own in other stacks. A letter, then letters, digits and hyphens, at most 24.
   * @default - the construct id, lower-cased, with other characters turned into hyphens
   */
  readonly caName?: string;

  /**
   * Algorithm of the CA's private key.
   * @default KeyAlgorithm.EC_SECP384R1
   */
  readonly keyAlgorithm?: KeyAlgorithm;

  /**
   * Algorithm this CA signs the certificates it issues with; its family must match the key's.
   * @default - the key algorithm's default (SHA384WITHECDSA for EC_secp384r1)
   */
  readonly signingAlgorithm?: SigningAlgorithm;

  /**
   * Security standard of the HSMs that keep the key.
   * @default - AWS's default, FIPS_140_2_LEVEL_3_OR_HIGHER where the Region offers it
   */
  readonly keyStorageSecurityStandard?: KeyStorageSecurityStandard;

  /**
   * Usage mode: general purpose, or short-lived certificates of at most seven days.
   * @default CaUsageMode.GENERAL_PURPOSE
   */
  readonly usageMode?: CaUsageMode;

  /**
   * Validity of this CA's certificate; it must end before the parent's.
   * @default - three years when that ends before the parent's (under a ten-year root); for a CA under an IssuingCa
   *   whose validity is its default, that parent is lengthened to five years and this CA gets half of it (two and a
   *   half years); else half of the parent's validity
   */
  readonly validity?: Validity;

  /**
   * Path length of the CA certificate: how many CA levels may follow it. Set it only when this CA will
   * sign subordinates defined outside this app.
   * @default - derived from this app: 0 for a CA without subordinates, else one more than its deepest
   */
  readonly pathLength?: number;

  /**
   * Name constraints for the CA's certificate (extension 2.5.29.30, critical), issued through the
   * `SubordinateCACertificate_PathLen<n>_APIPassthrough/V1` template.
   * @default - no name constraints
   */
  readonly nameConstraints?: NameConstraints;

  /**
   * Revoke this CA's certificates at the parent when they are no longer used: the previous certificate once
   * a new one is installed (signed again), and the current one when the CA leaves the stack or a new
   * generation replaces it (the CA is then also disabled, and deleted when `removalPolicy` is DESTROY).
   * @default false
   */
  readonly revokeOnDelete?: boolean;

  /**
   * Grant ACM (`acm.amazonaws.com`) the `AWS::ACMPCA::Permission` it needs to issue and renew private certificates
   * from this CA in this account; the ACM certificates of this CA in its stack wait for it. ACM cannot issue from a
   * short-lived CA: there it is off, and true is refused. A CA that signs CAs (an IssuingCa of this app has it as
   * parent) should issue no end-entity certificates: there it is off unless set to true.
   * @default - true for a general-purpose CA without subordinates in this app, else false
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/assign-permissions.html
   */
  readonly acmRenewalPermission?: boolean;

  /**
   * How the CA makes the revocation of its certificates known: CRLs, OCSP, both or neither. A CRL
   * distribution point goes into a certificate when it is issued and cannot be added later.
   * @default Revocation.crl() - CRLs in the stack's CrlBucket (one per stack, shared by its CAs), valid
   *   seven days, with alarms to the stack's CRL alarm topic
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/crl-planning.html
   */
  readonly revocation?: Revocation;
}

/**
 * A subordinate CA signed by its parent through a custom resource: in the same stack, or in another
 * stack, account and/or Region by the parent's signing authority, which signs only what the parent's app
 * declared. The certificate is installed and the CA is ACTIVE when the stack has deployed.
 *
 * @resource AWS::ACMPCA::CertificateAuthority
 */
export class IssuingCa extends HierarchyCaBase implements IIssuingCa, IParentCa {
  /** An issuing CA made elsewhere, for example shared with this account through AWS RAM. */
  public static fromCertificateAuthorityArn(scope: Construct, id: string, certificateAuthorityArn: string): IIssuingCa {
    class Import extends IssuingCaBase {
      public readonly certificateAuthorityArn = certificateAuthorityArn;
    }
    return new Import(scope, id, { environmentFromArn: certificateAuthorityArn });
  }

  /**
   * ARN of the CA, taken from the signing resource: resources that use it are created after the CA is
   * signed and ACTIVE (an `acm.PrivateCertificate` requested earlier would fail).
   */
  public readonly certificateAuthorityArn: string;
  /** The CA that signs this one. */
  public readonly parent: IParentCa;
  /** The custom resource that has the parent sign this CA and installs the certificate. */
  public readonly certificate: CustomResource;
  /**
   * ARN of the certificate the parent issued for this CA. A certificate signed outside AWS has none: it is then
   * `external:<SHA-256 fingerprint>` (`pending` while the CA waits for it).
   */
  public readonly certificateArn: string;
  /**
   * Whether the CA waits for the certificate its parent outside AWS signs (`ParentCa.outsideAws` without
   * `signedCertificate`): it is PENDING_CERTIFICATE until a deployment gives it.
   */
  public readonly pendingCertificate: boolean;

  private readonly explicitPathLength?: number;
  private readonly passthrough: TemplatePassthrough;

  constructor(scope: Construct, id: string, props: IssuingCaProps) {
    const parent = props.parent;
    const keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.EC_SECP384R1;
    const parentAuthority = authorityOf(parent);
    super(scope, id, {
      hierarchyName: parent.hierarchyName,
      caName: props.caName ?? id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_CA_NAME_LENGTH),
      depth: parent.depth + 1,
      keyAlgorithm,
      signingAlgorithm: props.signingAlgorithm ?? keyAlgorithm.defaultSigningAlgorithm,
      validity: props.validity ?? externalValidity(props) ?? defaultValidityUnder(parentAuthority),
      generation: props.generation ?? 1,
      revocation: props.revocation ?? Revocation.crl(),
    });
    const stack = Stack.of(this);
    this.parent = parent;

    const errors = new ValidationErrors('IssuingCa', this);
    if (isConcrete(this.caName) && (!isResourceNamePart(this.caName, MAX_CA_NAME_LENGTH) || this.caName === 'root')) {
      errors.add(`caName '${this.caName}' is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_CA_NAME_LENGTH} characters, and not 'root'`);
    }
    validateDistinguishedName(props.subject, errors);
    caConfigurationProblems(this.keyAlgorithm, this.signingAlgorithm).forEach((p) => errors.add(p));
    trustProblems(props).forEach((p) => errors.add(p));

    const tooDeep = depthProblem(this.depth);
    if (tooDeep) {
      errors.add(tooDeep);
    }
    const parentValidity = parentAuthority.validity;
    if (parentValidity && !this.validity.endsBefore(parentValidity)) {
      errors.add(`validity ${this.validity} does not end before the parent's ${parentValidity}; set validity to less than ${parentValidity}, `
        + `for example ${halfOf(parentValidity)}, which leaves room to renew it before the parent ends`);
    }
    const pathLength = props.pathLength;
    if (pathLength !== undefined && !isConcreteNumber(pathLength)) {
      errors.add('pathLength must be a number known at synthesis, since it chooses the template the parent signs with; use 0 to 3 or leave it out');
    } else if (pathLength !== undefined && (!Number.isInteger(pathLength) || pathLength < 0 || this.depth + pathLength > MAX_HIERARCHY_DEPTH)) {
      errors.add(`pathLength ${props.pathLength} is not possible at level ${this.depth}; use 0 to ${Math.max(0, MAX_HIERARCHY_DEPTH - this.depth)}`);
    }
    this.explicitPathLength = props.pathLength;
    const nameConstraints: NameConstraintsSpec | undefined = props.nameConstraints
      ? toNameConstraintsSpec(props.nameConstraints, errors) : undefined;
    revocationProblems(this, this.revocation, errors);
    generationProblems(props.generation).forEach((p) => errors.add(p));
    issuedValidityProblems(props.issuedCertificateValidity).forEach((p) => errors.add(p));
    const revokeOnDelete = props.revokeOnDelete ?? false;
    const shortLived = props.usageMode?.name === CaUsageMode.SHORT_LIVED_CERTIFICATE.name;
    if (shortLived && props.acmRenewalPermission === true) {
      errors.add('acmRenewalPermission is true, but this is a short-lived CA (CaUsageMode.SHORT_LIVED_CERTIFICATE), from which ACM cannot issue; '
        + 'leave acmRenewalPermission out, or use CaUsageMode.GENERAL_PURPOSE');
    }
    const removal = resolveRemoval(this, props, revokeOnDelete, errors);

    const external = parentAuthority.external;
    const subject = toDeclaredSubject(props.subject);
    if (!external) reachProblems(this, parent, parentAuthority).forEach((p) => errors.add(p));
    externalSigningProblems(props, external, subject, errors);
    errors.throwIfAny();

    if (this.depth > RECOMMENDED_MAX_HIERARCHY_DEPTH) {
      Annotations.of(this).addWarningV2('cdk-pki:deepHierarchy',
        `This CA is level ${this.depth} of hierarchy '${this.hierarchyName}'; AWS recommends two or three levels, since each level adds cost and latency to validation.`);
    }

    const resource = this._createCaResource({
      type: 'SUBORDINATE',
      subject: props.subject,
      keyStorageSecurityStandard: props.keyStorageSecurityStandard,
      usageMode: props.usageMode,
    });
    keepInCloudFormation([resource]);
    // Within the construct the CA's own ARN; what others get (certificateAuthorityArn) comes from the
    // signing resource, so that whatever uses it waits until the CA is ACTIVE.
    const caArn = resource.attrArn;

    this.passthrough = nameConstraints ? TemplatePassthrough.API : TemplatePassthrough.NONE;
    const template = () => this.signingTemplate;
    const retireAfter = retireAfterDays(() => this._authority.subordinates.map((s) => s.validity()), props.issuedCertificateValidity,
      () => this._authority.subordinates.length === 0 || props.acmRenewalPermission === true);
    this._guard(removal);
    if (external) {
      this.pendingCertificate = props.signedCertificate === undefined;
      this.certificate = externalCertificate({
        ca: this,
        resource,
        external,
        options: props,
        subject,
        removal,
        pathLength: () => this.pathLength,
        retireAfterDays: retireAfter,
        largeCsr: this.keyAlgorithm.name.startsWith('ML_DSA'),
      });
      applyCaRenewal({
        ca: this,
        renewal: props.renewal ?? CaCertificateRenewal.manual(),
        hierarchyName: this.hierarchyName,
        caName: this.caName,
        depth: this.depth,
        validity: () => this.validity,
        parent,
        signingResource: this.certificate,
        defaultAlarmTopic: () => this.crlAlarmTopic,
      });
    } else {
      this.pendingCertificate = false;
      this.certificate = signedByParent(this, props, {
        parent, parentAuthority, caArn, csr: resource.attrCertificateSigningRequest, template, subject, nameConstraints, removal, retireAfter,
      });
    }
    retireReplacedGenerations(this, this.generation);
    this.certificateArn = this.certificate.getAttString('CertificateArn');
    this.certificateAuthorityArn = this.certificate.getAttString('CertificateAuthorityArn');

    // ACM's permission on this CA, the ACM certificates of the app that name it, and what they may not be.
    const acm = acmIssuance(this, {
      certificateAuthorityArn: this.certificateAuthorityArn, asked: props.acmRenewalPermission, shortLived, pending: this.pendingCertificate,
    });
    // Their names against the name constraints of this CA and the CAs above it.
    checkNameConstraints(this, parent, nameConstraints, acm.certificates);

    const authority = this._becomeAuthority({ stack, certificateAuthorityArn: caArn, ready: this.certificate });
    // A CA that signs CAs issues no end-entity certificates: its default permission for ACM goes with its first subordinate.
    authority.onFirstSubordinate(() => acm.signsCas());
    if (props.validity === undefined && !external) {
      authority.allowLengthening(lengthenDefault(() => this.validity, (v) => this._setValidity(v), parentAuthority));
    }
    this.node.addValidation({ validate: () => this.validatePathLength() });
  }

  /** Path length of this CA's certificate (resolved once the app is complete). */
  public get pathLength(): number {
    return this.explicitPathLength ?? this._authority.derivedPathLength();
  }

  /** The template the parent signs this CA with (resolved once the app is complete). */
  public get signingTemplate(): CertificateTemplate {
    return CertificateTemplate.subordinateCa(this.pathLength, this.passthrough);
  }

  /**
   * Lets `grantee` issue certificates from this CA with the given templates only (condition
   * `acm-pca:TemplateArn`), and fetch them.
   *
   * @param templates end-entity templates; CA templates are refused (a subordinate is an IssuingCa)
   * @default - END_ENTITY, END_ENTITY_CLIENT_AUTH and END_ENTITY_SERVER_AUTH
   */
  public grantIssue(grantee: iam.IGrantable, templates: CertificateTemplate[] = [...DEFAULT_ISSUE_TEMPLATES]): iam.Grant {
    return grantIssueOn(this, grantee, templates);
  }

  /** Lets `grantee` revoke certificates of this CA. */
  public grantRevoke(grantee: iam.IGrantable): iam.Grant {
    return grantRevokeOn(this, grantee);
  }

  private validatePathLength(): string[] {
    const derived = this._authority.derivedPathLength();
    const problems: string[] = [];
    if (this.pendingCertificate && derived > 0) {
      problems.push(`IssuingCa '${this.node.path}' has no certificate yet (its parent is outside AWS and signedCertificate is not given), so it cannot `
        + 'sign its subordinates; deploy it first, have its CSR signed, give the certificate in signedCertificate, then add the subordinates');
    }
    if (this.explicitPathLength !== undefined && !Token.isUnresolved(this.explicitPathLength) && this.explicitPathLength < derived) {
      problems.push(`IssuingCa '${this.node.path}': pathLength ${this.explicitPathLength} is too short for its subordinates, which need ${derived}; raise pathLength to ${derived} or leave it out`);
    }
    if (this.depth + this.pathLength > MAX_HIERARCHY_DEPTH) {
      problems.push(`IssuingCa '${this.node.path}': level ${this.depth} with path length ${this.pathLength} would exceed ${MAX_HIERARCHY_DEPTH} levels`);
    }
    return problems;
  }
}
