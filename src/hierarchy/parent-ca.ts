import { IParentCa } from './parent';
import { registerAuthority } from './private/authority';
import { Validity } from './validity';

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

  private constructor() {}
}
