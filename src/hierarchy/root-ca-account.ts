import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';
import { CaUsageMode, KeyAlgorithm, KeyStorageSecurityStandard, SigningAlgorithm } from './algorithms';
import { CertificateTemplate } from './certificate-template';
import { DistinguishedName } from './distinguished-name';
import { IParentCa } from './parent';
import { caConfigurationProblems } from './private/ca-config';
import { generationProblems, keepInCloudFormation, resolveRemoval, restorationDaysText } from './private/ca-lifecycle';
import { HierarchyCaBase } from './private/hierarchy-ca-base';
import { MAX_HIERARCHY_NAME_LENGTH } from './private/names';
import { publishRootCertificate } from './private/root-certificate';
import { SigningProvider } from './private/signing-provider';
import { validateDistinguishedName } from './private/subject';
import { trustProblems } from './private/trust';
import { SubordinateSigningOptions } from './subordinate-signing-options';
import { Validity } from './validity';
import { retireAfterDays, retireReplacedGenerations } from '../lifecycle/private/ca-renewal';
import { ROOT_CA_LIFECYCLE_RESOURCE_TYPE, RootCaLifecycleProperties } from '../private/contracts/signing';
import { ValidationErrors, isConcrete, isConcreteNumber, isResourceNamePart } from '../private/validation';
import { revocationProblems } from '../revocation/private/apply-revocation';
import { Revocation } from '../revocation/revocation';

/** Properties of a `RootCaAccount`. */
export interface RootCaAccountProps extends SubordinateSigningOptions {
  /**
   * Name of the CA hierarchy. It names the signing authority (`cdk-pki-authority-<hierarchyName>-<region>`), the
   * subordinates' declarations and the parameter that publishes the root's ARN
   * (`/cdk-pki/<hierarchyName>/root/certificate-authority-arn`), by which issuing stacks in other accounts find it. A letter, then letters, digits and hyphens, at
   * most 24 characters.
   */
  readonly hierarchyName: string;

  /** Subject of the root CA certificate; it must have a common name. */
  readonly subject: DistinguishedName;

  /**
   * Algorithm of the root's private key.
   * @default KeyAlgorithm.EC_SECP384R1
   */
  readonly keyAlgorithm?: KeyAlgorithm;

  /**
   * Algorithm the root signs with; its family must match the key's.
   * @default - the key algorithm's default (SHA384WITHECDSA for EC_secp384r1)
   */
  readonly signingAlgorithm?: SigningAlgorithm;

  /**
   * Security standard of the HSMs that keep the key. Some Regions accept only some standards.
   * @default - AWS's default, FIPS_140_2_LEVEL_3_OR_HIGHER where the Region offers it
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/data-protection.html#private-keys
   */
  readonly keyStorageSecurityStandard?: KeyStorageSecurityStandard;

  /**
   * Usage mode. A root must be GENERAL_PURPOSE: a short-lived CA cannot sign CA certificates that
   * outlive seven days.
   * @default CaUsageMode.GENERAL_PURPOSE
   */
  readonly usageMode?: CaUsageMode;

  /**
   * Validity of the self-signed root certificate. Every subordinate must end before it.
   * @default Validity.years(10)
   */
  readonly validity?: Validity;

  /**
   * What happens to the root CA when it leaves the stack, or when a new generation replaces it. A deleted
   * root is a destroyed PKI, so it is kept by default. With `RemovalPolicy.DESTROY` the library disables the
   * root and deletes it with a restoration period (`restorationPeriod`), during which
   * `aws acm-pca restore-certificate-authority` brings it back. CloudFormation itself never deletes the CA.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a root deleted by the library (removalPolicy DESTROY) stays restorable: 7 to 30 whole days.
   * @default Duration.days(30)
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/PCADeleteCA.html
   */
  readonly restorationPeriod?: Duration;

  /**
   * Generation of the root CA. A change to a property that AWS cannot change on a CA (subject, key,
   * algorithms, key storage, usage mode) or a construct moved to another path would make CloudFormation
   * create a new root; the deployment refuses it unless the generation is raised by one in the same change.
   * Raising it replaces the root on purpose: a new root is created, the signing authority and the published ARN
   * move to it, the subordinates of this app are signed again by it, and the old root is handled as
   * `removalPolicy` says.
   * @default 1
   */
  readonly generation?: number;

  /**
   * Renewal number of the root's certificate. Raising it by one renews the certificate with the same key: the root
   * issues itself a new certificate (template RootCACertificate/V1, the root's validity from that day) and installs
   * it, under the same ARN. Certificates the root signed stay valid (same key and subject); publish the new root
   * certificate (`certificateParameterName`, the stack output) to trust stores. Subordinates whose automatic
   * renewal was shortened by the old certificate's end renew in full on their next run.
   * @default 0 - the first certificate
   */
  readonly certificateRenewal?: number;

  /**
   * How the root makes the revocation of the CA certificates it signs known. A CRL distribution point
   * goes into a certificate when it is signed and cannot be added later, so CRLs are on from the start:
   * without them, revoking a subordinate CA's certificate would reach no client.
   * @default Revocation.crl() - CRLs in the stack's CrlBucket, valid seven days, with alarms
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/crl-planning.html
   */
  readonly revocation?: Revocation;
}

/**
 * The root CA of a hierarchy, in a dedicated account: a ROOT CA with its self-signed certificate
 * (`RootCACertificate/V1`) and activation, and, when subordinates are in other stacks, a signing authority in its
 * own account that signs exactly the subordinate CAs the app declares (nothing else, and nobody else may).
 *
 * @resource AWS::ACMPCA::CertificateAuthority
 */
export class RootCaAccount extends HierarchyCaBase implements IParentCa {
  /** ARN of the root CA, taken from its activation: resources that use it wait until the root is ACTIVE. */
  public readonly certificateAuthorityArn: string;
  /** The root CA certificate, PEM. */
  public readonly certificatePem: string;
  /** SSM parameter (in the root's account and Region) that publishes the root certificate, PEM, for trust stores. */
  public readonly certificateParameterName: string;
  /** The activation that installs the self-signed certificate; the CA is ACTIVE once it exists. */
  public readonly activation: acmpca.CfnCertificateAuthorityActivation;

  constructor(scope: Construct, id: string, props: RootCaAccountProps) {
    const keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.EC_SECP384R1;
    super(scope, id, {
      hierarchyName: props.hierarchyName,
      caName: 'root',
      depth: 1,
      keyAlgorithm,
      signingAlgorithm: props.signingAlgorithm ?? keyAlgorithm.defaultSigningAlgorithm,
      validity: props.validity ?? Validity.years(10),
      generation: props.generation ?? 1,
      revocation: props.revocation ?? Revocation.crl(),
    });

    const errors = new ValidationErrors('RootCaAccount', this);
    if (isConcrete(props.hierarchyName) && !isResourceNamePart(props.hierarchyName, MAX_HIERARCHY_NAME_LENGTH)) {
      errors.add(`hierarchyName '${props.hierarchyName}' is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_HIERARCHY_NAME_LENGTH} characters, for example 'corp'`);
    }
    validateDistinguishedName(props.subject, errors);
    caConfigurationProblems(this.keyAlgorithm, this.signingAlgorithm).forEach((p) => errors.add(p));
    if (props.usageMode?.name === CaUsageMode.SHORT_LIVED_CERTIFICATE.name) {
      errors.add('usageMode SHORT_LIVED_CERTIFICATE cannot be used for a root CA, which signs CA certificates valid for years; use CaUsageMode.GENERAL_PURPOSE');
    }
    trustProblems(props).forEach((p) => errors.add(p));
    generationProblems(props.generation).forEach((p) => errors.add(p));
    const renewal = props.certificateRenewal ?? 0;
    if (!isConcreteNumber(renewal) || !Number.isInteger(renewal) || renewal < 0) {
      errors.add(`certificateRenewal ${renewal} is not a whole number from 0 known at synthesis; leave it out (0), or raise it by one to renew the root's certificate`);
    }
    const removal = resolveRemoval(this, props, false, errors);
    revocationProblems(this, this.revocation, errors);
    errors.throwIfAny();

    const resource = this._createCaResource({
      type: 'ROOT',
      subject: props.subject,
      keyStorageSecurityStandard: props.keyStorageSecurityStandard,
      usageMode: props.usageMode,
    });
    const caArn = resource.attrArn;

    // Each renewal is a new certificate resource; the one before is kept (RETAIN), as AWS keeps every certificate.
    const certificate = new acmpca.CfnCertificate(this, renewal === 0 ? 'Certificate' : `CertificateRenewal${renewal}`, {
      certificateAuthorityArn: caArn,
      certificateSigningRequest: resource.attrCertificateSigningRequest,
      signingAlgorithm: this.signingAlgorithm.name,
      templateArn: CertificateTemplate.ROOT_CA.templateArn,
      validity: { type: this.validity.unit, value: this.validity.value },
    });
    this.certificatePem = certificate.attrCertificate;

    this.activation = new acmpca.CfnCertificateAuthorityActivation(this, 'Activation', {
      certificateAuthorityArn: caArn,
      certificate: certificate.attrCertificate,
      status: 'ACTIVE',
    });
    // Ref of the activation is the CA's ARN: what uses it is created once the root is ACTIVE.
    this.certificateAuthorityArn = this.activation.certificateAuthorityActivationRef.certificateAuthorityArn;
    keepInCloudFormation([resource, certificate, this.activation]);
    this.certificateParameterName = publishRootCertificate(this, this.certificatePem, renewal);

    // The guard refuses a deployment that would replace the root unasked; the lifecycle resource retires an
    // old root (a new generation, or the root leaving the stack) as removalPolicy says. Subordinates in this
    // stack wait for it, so on the way out they are revoked before their root goes.
    const provider = SigningProvider.of(this);
    this._guard(removal);
    if (removal.policy === 'DESTROY') {
      provider.grantRetireRoots();
      // A replaced generation's certificate stays published until it retires.
      if (this.generation > 1) provider.grantPublishPreviousRoot(this.hierarchyName);
    }
    const lifecycleProperties: RootCaLifecycleProperties = {
      CertificateAuthorityArn: this.certificateAuthorityArn,
      RemovalPolicy: removal.policy,
      RestorationDays: restorationDaysText(removal),
      RetireAfterDays: retireAfterDays(() => this._authority.subordinates.map((s) => s.validity()), undefined, () => false),
      HierarchyName: this.hierarchyName,
    };
    retireReplacedGenerations(this, this.generation);
    const lifecycle = provider.lifecycleResource(this, 'Lifecycle', ROOT_CA_LIFECYCLE_RESOURCE_TYPE, lifecycleProperties);

    this._becomeAuthority({ stack: Stack.of(this), certificateAuthorityArn: caArn, ready: lifecycle });
  }
}
