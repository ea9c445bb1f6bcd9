/**
 * What `RootCaAccount` and `IssuingCa` share, written once: their place in the hierarchy, their algorithms,
 * validity, generation and revocation, the CA resource with its revocation configuration, the guard and
 * removal registration, and their part as a parent (the registry and the signing authority).
 */
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LocalAuthority, SigningAuthority, registerAuthority } from './authority';
import { AuthorityFunction } from './authority-function';
import { createCaResource } from './ca-config';
import { CaGuard, CaRemoval, caResourceId, caTags, registerRemoval } from './ca-lifecycle';
import { declarationRegistration } from './declaration';
import { arnParameterName } from './names';
import type { ICrlBucket } from '../../revocation/crl-bucket';
import type { AppliedRevocation } from '../../revocation/private/apply-revocation';
import type { Revocation } from '../../revocation/revocation';
import type { CaUsageMode, KeyAlgorithm, KeyStorageSecurityStandard, SigningAlgorithm } from '../algorithms';
import type { DistinguishedName } from '../distinguished-name';
import type { IParentCa } from '../parent';
import { PrivateCaBase } from '../private-ca-base';
import type { SubordinateDeclarationOptions } from '../subordinate-declaration';
import type { Validity } from '../validity';

/** What a CA of the hierarchy is, known from its props before anything is created. */
export interface HierarchyCaIdentity {
  readonly hierarchyName: string;
  readonly caName: string;
  readonly depth: number;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly signingAlgorithm: SigningAlgorithm;
  readonly validity: Validity;
  readonly generation: number;
  readonly revocation: Revocation;
}

/** The CA resource and what its revocation amounts to. */
interface CreatedCa {
  readonly resource: acmpca.CfnCertificateAuthority;
  readonly revocation: AppliedRevocation;
}

/** The CA resource's props that differ between a root and a subordinate. */
export interface HierarchyCaResourceOptions {
  readonly type: 'ROOT' | 'SUBORDINATE';
  readonly subject: DistinguishedName;
  readonly keyStorageSecurityStandard?: KeyStorageSecurityStandard;
  readonly usageMode?: CaUsageMode;
}

/**
 * The base of the CAs this library makes (`RootCaAccount`, `IssuingCa`). Not part of the public API: jsii
 * erases it, so that its members are documented on both classes, whose base is `PrivateCaBase`.
 *
 * @internal
 */
export abstract class HierarchyCaBase extends PrivateCaBase implements IParentCa {
  /**
   * Name of the CA hierarchy. With `caName` it names the CA's signing authority, its declarations and the parameter that publishes its
   * ARN, by which issuing stacks in other accounts and apps find it.
   */
  public readonly hierarchyName: string;
  /** Name of the CA within its hierarchy (`root` for the root CA). */
  public readonly caName: string;
  /** Level of the CA in its hierarchy: 1 for the root, 2 for a CA the root signs, and so on. */
  public readonly depth: number;
  /** Algorithm of the CA's private key. */
  public readonly keyAlgorithm: KeyAlgorithm;
  /** Algorithm the CA signs with. */
  public readonly signingAlgorithm: SigningAlgorithm;
  /** Generation of the CA: raising it replaces the CA on purpose. */
  public readonly generation: number;
  /** How the CA makes revocation known. */
  public readonly revocation: Revocation;

  private currentValidity: Validity;
  private created?: CreatedCa;
  private authority?: SigningAuthority;
  private authorityFunction?: AuthorityFunction;

  protected constructor(scope: Construct, id: string, identity: HierarchyCaIdentity) {
    super(scope, id);
    this.hierarchyName = identity.hierarchyName;
    this.caName = identity.caName;
    this.depth = identity.depth;
    this.keyAlgorithm = identity.keyAlgorithm;
    this.signingAlgorithm = identity.signingAlgorithm;
    this.currentValidity = identity.validity;
    this.generation = identity.generation;
    this.revocation = identity.revocation;
  }

  /** Validity of the CA's certificate. */
  public get validity(): Validity {
    return this.currentValidity;
  }

  /**
   * Gives the CA a longer validity than its default, before anything has read it for good (see IssuingCa).
   * @internal
   */
  protected _setValidity(validity: Validity): void {
    this.currentValidity = validity;
  }

  /** The CA resource. */
  public get resource(): acmpca.CfnCertificateAuthority {
    return this.createdCa().resource;
  }

  /** The bucket the CA writes its CRLs to, when CRLs are enabled. */
  public get crlBucket(): ICrlBucket | undefined {
    return this.createdCa().revocation.crlBucket;
  }

  /** URL of the CA's complete CRL (`http://<crlDomainName>/<path>/<CA id>.crl`), when CRLs are enabled and not partitioned. */
  public get crlDistributionPointUrl(): string | undefined {
    return this.createdCa().revocation.crlDistributionPointUrl;
  }

  /** The topic the CA's CRL alarms go to, when it has any. */
  public get crlAlarmTopic(): sns.ITopic | undefined {
    return this.createdCa().revocation.alarmTopic;
  }

  /**
   * SSM parameter that publishes the CA's ARN in its account and Region, when it signs subordinates in other stacks
   * (`/cdk-pki/<hierarchyName>/<caName>/certificate-authority-arn`).
   */
  public get arnParameterName(): string {
    return arnParameterName(this.hierarchyName, this.caName);
  }

  /**
   * Name of the signing authority function that signs this CA's subordinates in other stacks, when it has any
   * (`cdk-pki-authority-<hierarchyName>-<region>`, shared by the parents of the hierarchy in this stack).
   */
  public get signingAuthorityFunctionName(): string | undefined {
    return this.authorityFunction?.functionName;
  }

  /**
   * Declares a subordinate CA that another CDK app defines (with `ParentCa.fromAccount`): this CA's signing
   * authority signs it, with the template, validity and name constraints declared here, and only when its
   * CSR has the declared subject and key algorithm. Subordinates of this app are declared automatically.
   */
  public declareSubordinate(declaration: SubordinateDeclarationOptions): void {
    this._authority.register(declarationRegistration(this, declaration, this._authority));
  }

  /**
   * The CA resource's own ARN: metrics name the CA by it, whatever ARN the construct hands out.
   * @internal
   */
  protected get _metricsCaArn(): string {
    return this.resource.attrArn;
  }

  /**
   * The signing authority of this CA, once `_becomeAuthority` has run.
   * @internal
   */
  protected get _authority(): SigningAuthority {
    if (!this.authority) {
      throw new Error(`${this.node.path}: the CA is not a signing authority yet`);
    }
    return this.authority;
  }

  /**
   * Creates the CA resource of this generation, with its identity tags and revocation configuration.
   * @internal
   */
  protected _createCaResource(options: HierarchyCaResourceOptions): acmpca.CfnCertificateAuthority {
    const { resource, revocation } = createCaResource(this, {
      type: options.type,
      keyAlgorithm: this.keyAlgorithm,
      signingAlgorithm: this.signingAlgorithm,
      subject: options.subject,
      keyStorageSecurityStandard: options.keyStorageSecurityStandard,
      usageMode: options.usageMode,
      revocation: this.revocation,
      id: caResourceId(this.generation),
      tags: caTags(this.hierarchyName, this.caName, this.generation, options.type === 'ROOT' ? 'root' : 'subordinate'),
    });
    this.created = { resource, revocation };
    return resource;
  }

  /**
   * Puts the CA under the stack's guard and records what happens when it leaves the stack.
   * @internal
   */
  protected _guard(removal: CaRemoval): void {
    CaGuard.of(this).register({
      resource: this.resource, construct: this, hierarchyName: this.hierarchyName, caName: this.caName, generation: this.generation, removal,
    });
    registerRemoval(this, removal);
  }

  /**
   * Makes the CA a parent that subordinates register with; the first subordinate in another stack gives it
   * the stack's signing authority (and the parameter that publishes the CA's ARN).
   * @internal
   */
  protected _becomeAuthority(local: LocalAuthority): SigningAuthority {
    const authority = registerAuthority(this, {
      local,
      validity: () => this.currentValidity,
      signingAlgorithm: this.signingAlgorithm,
      generation: this.generation,
    });
    this.authority = authority;
    authority.onRemoteSubordinate(() => {
      if (this.authorityFunction) return;
      this.authorityFunction = AuthorityFunction.of(this, this.hierarchyName);
      this.authorityFunction.addParent(this.caName, local.certificateAuthorityArn, authority);
      // Under 'Signer', where earlier versions had it: the same logical id, so that the named parameter is kept.
      new ssm.StringParameter(new Construct(this, 'Signer'), 'ArnParameter', {
        parameterName: this.arnParameterName,
        // The name starts with '/', so its ARN is 'parameter' + name even while the name is a token.
        simpleName: false,
        stringValue: local.certificateAuthorityArn,
        description: `ARN of the ${this.hierarchyName}/${this.caName} CA`,
      });
    });
    return authority;
  }

  private createdCa(): CreatedCa {
    if (!this.created) {
      throw new Error(`${this.node.path}: the CA resource does not exist yet`);
    }
    return this.created;
  }
}
