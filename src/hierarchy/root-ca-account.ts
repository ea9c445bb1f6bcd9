import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CaUsageMode, KeyAlgorithm, KeyStorageSecurityStandard, SigningAlgorithm } from './algorithms';
import { CertificateTemplate } from './certificate-template';
import { DistinguishedName } from './distinguished-name';
import { IParentCa } from './parent';
import { ICrlBucket } from '../revocation/crl-bucket';
import { caConfigurationProblems, createCaResource } from './private/ca-config';
import {
  CaGuard, caResourceId, caTags, generationProblems, keepInCloudFormation, registerRemoval, resolveRemoval, restorationDaysText,
} from './private/ca-lifecycle';
import {
  MAX_HIERARCHY_NAME_LENGTH, SignerRole, SigningAuthority, arnParameterName, attachSigner, registerAuthority, signerRoleName,
  trustProblems,
} from './private/signing';
import { SigningProvider } from './private/signing-provider';
import { validateDistinguishedName } from './private/subject';
import { PrivateCaBase } from './private-ca-base';
import { SubordinateSigningOptions } from './subordinate-signing-options';
import { Validity } from './validity';
import { ROOT_CA_LIFECYCLE_RESOURCE_TYPE, RootCaLifecycleProperties } from '../private/contracts/signing';
import { ValidationErrors, isConcrete, isResourceNamePart } from '../private/validation';
import { crlGeneratedMetric, misconfiguredCrlBucketMetric, revocationProblems } from '../revocation/private/apply-revocation';
import { Revocation } from '../revocation/revocation';

/** Properties of a `RootCaAccount`. */
export interface RootCaAccountProps extends SubordinateSigningOptions {
  /**
   * Name of the CA hierarchy. It names the signer role (`cdk-pki-signer-<hierarchyName>-root`) and the
   * parameter that publishes the root's ARN (`/cdk-pki/<hierarchyName>/root/certificate-authority-arn`),
   * which issuing stacks in other accounts find by it. A letter, then letters, digits and hyphens, at
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
   * Raising it replaces the root on purpose: a new root is created, the signer role and the published ARN
   * move to it, the subordinates of this app are signed again by it, and the old root is handled as
   * `removalPolicy` says.
   * @default 1
   */
  readonly generation?: number;

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
 * (`RootCACertificate/V1`) and activation, and a signer role through which issuing stacks in other
 * accounts and Regions have their subordinate CAs signed, and nothing else.
 *
 * @resource AWS::ACMPCA::CertificateAuthority
 */
export class RootCaAccount extends PrivateCaBase implements IParentCa {
  /** ARN of the root CA, taken from its activation: resources that use it wait until the root is ACTIVE. */
  public readonly certificateAuthorityArn: string;
  public readonly hierarchyName: string;
  public readonly caName = 'root';
  public readonly depth = 1;
  public readonly keyAlgorithm: KeyAlgorithm;
  public readonly signingAlgorithm: SigningAlgorithm;
  public readonly validity: Validity;
  /** The root CA certificate, PEM. */
  public readonly certificatePem: string;
  /** Name of the signer role issuing stacks assume (fixed: `cdk-pki-signer-<hierarchyName>-root`). */
  public readonly signerRoleName: string;
  /** SSM parameter that publishes the root CA's ARN in this account and Region. */
  public readonly arnParameterName: string;
  /** The CA resource. */
  public readonly resource: acmpca.CfnCertificateAuthority;
  /** The activation that installs the self-signed certificate; the CA is ACTIVE once it exists. */
  public readonly activation: acmpca.CfnCertificateAuthorityActivation;
  /** Generation of the root: raising it replaces the root on purpose. */
  public readonly generation: number;
  /** How the root makes revocation known. */
  public readonly revocation: Revocation;
  /** The bucket the root writes its CRLs to, when CRLs are enabled. */
  public readonly crlBucket?: ICrlBucket;
  /** URL of the root's complete CRL (`http://<crlDomainName>/<path>/<CA id>.crl`), when CRLs are enabled and not partitioned. */
  public readonly crlDistributionPointUrl?: string;
  /** The topic the root's CRL alarms go to, when it has any. */
  public readonly crlAlarmTopic?: sns.ITopic;

  private readonly authority: SigningAuthority;
  private readonly signer: () => SignerRole | undefined;

  constructor(scope: Construct, id: string, props: RootCaAccountProps) {
    super(scope, id);

    const errors = new ValidationErrors('RootCaAccount', this);
    if (isConcrete(props.hierarchyName) && !isResourceNamePart(props.hierarchyName, MAX_HIERARCHY_NAME_LENGTH)) {
      errors.add(`hierarchyName '${props.hierarchyName}' is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_HIERARCHY_NAME_LENGTH} characters, for example 'corp'`);
    }
    validateDistinguishedName(props.subject, errors);
    this.keyAlgorithm = props.keyAlgorithm ?? KeyAlgorithm.EC_SECP384R1;
    this.signingAlgorithm = props.signingAlgorithm ?? this.keyAlgorithm.defaultSigningAlgorithm;
    caConfigurationProblems(this.keyAlgorithm, this.signingAlgorithm).forEach((p) => errors.add(p));
    if (props.usageMode?.name === CaUsageMode.SHORT_LIVED_CERTIFICATE.name) {
      errors.add('usageMode SHORT_LIVED_CERTIFICATE cannot be used for a root CA, which signs CA certificates valid for years; use CaUsageMode.GENERAL_PURPOSE');
    }
    trustProblems(props).forEach((p) => errors.add(p));
    generationProblems(props.generation).forEach((p) => errors.add(p));
    const removal = resolveRemoval(this, props, false, errors);
    this.revocation = props.revocation ?? Revocation.crl();
    revocationProblems(this, this.revocation, errors);
    errors.throwIfAny();

    this.hierarchyName = props.hierarchyName;
    this.validity = props.validity ?? Validity.years(10);
    this.signerRoleName = signerRoleName(this.hierarchyName, this.caName);
    this.arnParameterName = arnParameterName(this.hierarchyName, this.caName);
    this.generation = props.generation ?? 1;

    const { resource, revocation } = createCaResource(this, {
      type: 'ROOT',
      keyAlgorithm: this.keyAlgorithm,
      signingAlgorithm: this.signingAlgorithm,
      subject: props.subject,
      keyStorageSecurityStandard: props.keyStorageSecurityStandard,
      usageMode: props.usageMode,
      revocation: this.revocation,
      id: caResourceId(this.generation),
      tags: caTags(this.hierarchyName, this.caName, this.generation, 'root'),
    });
    this.resource = resource;
    const caArn = this.resource.attrArn;
    this.crlBucket = revocation.crlBucket;
    this.crlDistributionPointUrl = revocation.crlDistributionPointUrl;
    this.crlAlarmTopic = revocation.alarmTopic;

    const certificate = new acmpca.CfnCertificate(this, 'Certificate', {
      certificateAuthorityArn: caArn,
      certificateSigningRequest: this.resource.attrCertificateSigningRequest,
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
    keepInCloudFormation([this.resource, certificate, this.activation]);

    // The guard refuses a deployment that would replace the root unasked; the lifecycle resource retires an
    // old root (a new generation, or the root leaving the stack) as removalPolicy says. Subordinates in this
    // stack wait for it, so on the way out they are revoked before their root goes.
    const provider = SigningProvider.of(this);
    CaGuard.of(this).register({
      resource: this.resource, construct: this, hierarchyName: this.hierarchyName, caName: this.caName, generation: this.generation, removal,
    });
    registerRemoval(this, removal);
    if (removal.policy === 'DESTROY') {
      provider.grantRetireRoots();
    }
    const lifecycleProperties: RootCaLifecycleProperties = {
      CertificateAuthorityArn: this.certificateAuthorityArn,
      RemovalPolicy: removal.policy,
      RestorationDays: restorationDaysText(removal),
    };
    const lifecycle = new CustomResource(this, 'Lifecycle', {
      serviceToken: provider.serviceToken,
      resourceType: ROOT_CA_LIFECYCLE_RESOURCE_TYPE,
      properties: { ...lifecycleProperties },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    lifecycle.node.addDependency(provider.ready);

    this.authority = registerAuthority(this, {
      local: { stack: Stack.of(this), certificateAuthorityArn: caArn, ready: lifecycle },
      validity: this.validity,
      signingAlgorithm: this.signingAlgorithm,
      generation: this.generation,
    });
    this.signer = attachSigner(this, this.authority, props);

    new CfnOutput(this, 'CertificateAuthorityArnOutput', {
      value: this.certificateAuthorityArn,
      description: `Root CA of hierarchy ${this.hierarchyName}`,
    });
  }

  /** ARN of the signer role, when one exists (trust was given or a subordinate is in another stack). */
  public get signerRoleArn(): string | undefined {
    return this.signer()?.roleArn;
  }

  /**
   * Private CA's `CRLGenerated` metric of this CA (minimum over five minutes by default). Its namespace is
   * `AWS/ACMPrivateCA`; the dimension that names the CA is not documented by AWS (see the README).
   */
  public metricCrlGenerated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return crlGeneratedMetric(this.resource.attrArn, props);
  }

  /** Private CA's `MisconfiguredCRLBucket` metric of this CA (maximum over five minutes by default). */
  public metricMisconfiguredCrlBucket(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return misconfiguredCrlBucketMetric(this.resource.attrArn, props);
  }
}
