import { SigningAlgorithm } from './algorithms';
import { IParentCa } from './parent';
import { PemCertificates } from './pem-certificates';
import { registerAuthority } from './private/authority';
import { arnParentProblems, externalChainProblems, OUTSIDE_AWS } from './private/external-parent';
import { Validity } from './validity';
import { parseCaArn } from '../private/contracts/arn';

/** Where a parent CA defined in another CDK app lives. */
export interface ParentCaLocation {
  /** Account id of the parent CA. */
  readonly account: string;
  /** Region of the parent CA. */
  readonly region: string;
  /** Name of the parent's hierarchy (its `hierarchyName`). */
  readonly hierarchyName: string;
  /**
   * Name of the parent within its hierarchy.
   * @default 'root' - the hierarchy's root CA
   */
  readonly caName?: string;
  /**
   * Level of the parent in its hierarchy.
   * @default - 1 when caName is 'root', otherwise 2
   */
  readonly depth?: number;
  /**
   * The parent's validity, to check at synthesis that subordinates end before it (the signing
   * custom resource checks it again against the parent's certificate at deployment).
   * @default - checked at deployment only
   */
  readonly validity?: Validity;
  /**
   * The parent's generation (its `generation` prop). Raise it here when the parent's team replaces the
   * parent on purpose, so that this app's subordinates are signed again by the new parent.
   * @default - not tracked: replacing the parent does not re-sign the subordinates of this app
   */
  readonly generation?: number;
}

/** A parent CA outside AWS (an offline root, a CA on premises) that signs CSRs by hand. */
export interface OutsideAwsParentCaProps {
  /** Name of the hierarchy its subordinates join in this app; it names their published CSRs and roles. */
  readonly hierarchyName: string;
  /**
   * Name of the parent within its hierarchy.
   * @default 'root'
   */
  readonly caName?: string;
  /**
   * The parent's certificate, then each certificate above it, ending with the self-signed root (for a root, its
   * certificate alone). Installed as the chain of every subordinate it signs; the subordinate's certificate must verify
   * against it, and the level of the parent in its hierarchy is its length.
   */
  readonly certificateChain: PemCertificates;
}

/** A parent CA in AWS Private CA that this library did not create, and how the signing handler reaches it. */
export interface ParentCaArnOptions {
  /** Name of the hierarchy its subordinates join in this app. */
  readonly hierarchyName: string;
  /**
   * Name of the parent within its hierarchy (it names nothing in the parent's account).
   * @default 'root'
   */
  readonly caName?: string;
  /**
   * Level of the parent in its hierarchy: 1 for a root.
   * @default 1
   */
  readonly depth?: number;
  /**
   * A role in the parent's account that the subordinate stack's signing handler assumes to have the parent sign (see
   * docs/hierarchy.md for the policy it needs: acm-pca:IssueCertificate on the parent with the subordinate CA templates
   * only, acm-pca:GetCertificate, acm-pca:DescribeCertificateAuthority, and acm-pca:RevokeCertificate for
   * `revokeOnDelete`). Without it the handler uses its own role, which only works for a parent in the subordinate's
   * account and Region; the library then grants it exactly those rights on the parent.
   * @default - the signing handler's own role (a parent in the same account and Region)
   */
  readonly signerRoleArn?: string;
  /**
   * The parent's validity, to check at synthesis that subordinates end before it (the signing handler checks it again
   * against the parent's certificate at deployment).
   * @default - checked at deployment only
   */
  readonly validity?: Validity;
  /**
   * The algorithm the parent signs with.
   * @default - the parent CA's own, read at deployment
   */
  readonly signingAlgorithm?: SigningAlgorithm;
}

/** Parents that are not constructs of this app. */
export class ParentCa {
  /**
   * A parent CA that another CDK app (or another team) deployed with this library: the signing custom
   * resource asks the parent's signing authority, `cdk-pki-authority-<hierarchyName>-<region>` in `account` and
   * `region`, through the subordinate's invoker role there. The parent's app must declare the subordinate
   * (`declareSubordinate`, with this stack's name), or the authority refuses it.
   */
  public static fromAccount(location: ParentCaLocation): IParentCa {
    const caName = location.caName ?? 'root';
    const parent: IParentCa = {
      hierarchyName: location.hierarchyName,
      caName,
      depth: location.depth ?? (caName === 'root' ? 1 : 2),
      env: { account: location.account, region: location.region },
    };
    registerAuthority(parent, { validity: () => location.validity, generation: location.generation });
    return parent;
  }

  /**
   * A parent CA in AWS Private CA that this library did not create (by console, CLI or another tool): the signing
   * handler calls it directly, through `signerRoleArn` in its account, with the same checks as for the library's own
   * parents (the parent is ACTIVE, the subordinate ends before it, the CSR is the CA's own and carries the declared
   * subject and key, the chain verifies).
   */
  public static fromCertificateAuthorityArn(certificateAuthorityArn: string, options: ParentCaArnOptions): IParentCa {
    const problems = arnParentProblems(certificateAuthorityArn, options);
    if (problems.length > 0) {
      throw new Error(`ParentCa.fromCertificateAuthorityArn('${certificateAuthorityArn}'): ${problems.join('; ')}`);
    }
    const arn = parseCaArn(certificateAuthorityArn)!;
    const caName = options.caName ?? 'root';
    const parent: IParentCa = {
      hierarchyName: options.hierarchyName,
      caName,
      depth: options.depth ?? 1,
      env: { account: arn.account, region: arn.region },
    };
    registerAuthority(parent, {
      validity: () => options.validity,
      signingAlgorithm: options.signingAlgorithm,
      byArn: { certificateAuthorityArn, signerRoleArn: options.signerRoleArn },
    });
    return parent;
  }

  /**
   * A parent CA outside AWS: an offline root or a CA on premises that signs by hand. An `IssuingCa` under it is created
   * and publishes its CSR (an SSM parameter, a stack output, optionally an S3 object); the parent's operators sign it,
   * and the app gives the certificate to the `IssuingCa` (`signedCertificate`), which installs it after checking it
   * against the CA's CSR and this chain. docs/hierarchy.md walks through the ceremony.
   */
  public static outsideAws(props: OutsideAwsParentCaProps): IParentCa {
    const problems = externalChainProblems(props);
    if (problems.length > 0) {
      throw new Error(`ParentCa.outsideAws (${props.certificateChain._source}): ${problems.join('; ')}`);
    }
    const parent: IParentCa = {
      hierarchyName: props.hierarchyName,
      caName: props.caName ?? 'root',
      depth: props.certificateChain.count,
      env: { account: OUTSIDE_AWS, region: OUTSIDE_AWS },
    };
    registerAuthority(parent, { external: { chain: props.certificateChain } });
    return parent;
  }

  private constructor() {}
}
