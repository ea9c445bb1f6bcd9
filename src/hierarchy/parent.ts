import { ResourceEnvironment } from 'aws-cdk-lib';

/**
 * A CA that can sign subordinate CAs: a `RootCaAccount`, an `IssuingCa`, or a CA defined in another CDK
 * app that `ParentCa.fromAccount` describes.
 */
export interface IParentCa {
  /** Name of the CA hierarchy; with `caName` it names the CA's signing authority, its declarations and published parameters. */
  readonly hierarchyName: string;
  /** Name of the CA within its hierarchy (`root` for the root CA). */
  readonly caName: string;
  /** Level of the CA in its hierarchy: 1 for the root, 2 for a CA it signs, and so on. */
  readonly depth: number;
  /** Account and Region of the CA. */
  readonly env: ResourceEnvironment;
}
