/**
 * The contract between CaResourcePolicy and the `ca-policy` handler (lambda/ca-policy). The handler imports
 * it directly; it has no dependency, so nothing of the construct library ends up in the bundle.
 */

/** Resource type of the custom resource that writes a CA's resource policy (PutPolicy / DeletePolicy). */
export const CA_POLICY_RESOURCE_TYPE = 'Custom::PkiCaResourcePolicy';

/** The physical id is the CA's ARN with this suffix, so a new CA ARN replaces the resource. */
export const CA_POLICY_PHYSICAL_ID_SUFFIX = '/resource-policy';

/** ResourceProperties of Custom::PkiCaResourcePolicy (ServiceToken left out). */
export interface CaPolicyProperties {
  /** The CA (in the handler's account and Region) whose resource policy is written. */
  readonly CertificateAuthorityArn: string;
  /** The whole policy document, JSON. PutPolicy replaces any policy the CA had. */
  readonly Policy: string;
}

/** Data the handler returns. */
export interface CaPolicyAttributes {
  /** ARN of the CA whose policy was written. */
  readonly CertificateAuthorityArn: string;
  /** Number of statements written, as a string. */
  readonly StatementCount: string;
}
