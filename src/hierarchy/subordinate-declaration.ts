import { KeyAlgorithm } from './algorithms';
import { DistinguishedName } from './distinguished-name';
import { NameConstraints } from './name-constraints';
import { Validity } from './validity';

/**
 * A subordinate CA that another CDK app defines (with `ParentCa.fromAccount`), declared on its parent: the
 * parent's signing authority signs it, and nothing else that app asks for. The declaration is what the
 * subordinate may get: the authority compares the CA's CSR (read from AWS Private CA in `account` and
 * `region`) with `subject` and `keyAlgorithm`, caps the validity at `validity`, and sets the template and the
 * name constraints itself.
 */
export interface SubordinateDeclarationOptions {
  /** Account of the subordinate CA. */
  readonly account: string;
  /** Region of the subordinate CA. */
  readonly region: string;
  /**
   * Name of the stack that holds the subordinate's `IssuingCa`: its signing handler role,
   * `cdk-pki-signing-<region>-<stackName>` under the IAM path `/cdk-pki/`, is the only role that may ask the
   * authority for this subordinate.
   */
  readonly stackName: string;
  /** The subordinate's `caName`: a letter, then letters, digits and hyphens, at most 24, unique in the hierarchy. */
  readonly caName: string;
  /** Subject of the subordinate CA, exactly as its app declares it. */
  readonly subject: DistinguishedName;
  /**
   * Algorithm of the subordinate CA's key.
   * @default KeyAlgorithm.EC_SECP384R1
   */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** Longest validity the subordinate may get; it must end before the parent's. */
  readonly validity: Validity;
  /**
   * Path length of the subordinate's certificate: how many CA levels may follow it.
   * @default 0
   */
  readonly pathLength?: number;
  /**
   * Name constraints the authority puts into the subordinate's certificate, whatever the subordinate asks.
   * @default - no name constraints
   */
  readonly nameConstraints?: NameConstraints;
  /**
   * Whether the subordinate may ask to revoke the certificates the authority issued to it (its `revokeOnDelete`).
   * @default false
   */
  readonly revokeOnDelete?: boolean;
}
