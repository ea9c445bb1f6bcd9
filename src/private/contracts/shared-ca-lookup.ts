/**
 * The contract between SharedCa.fromHierarchy (SharedCaLookup) and the `shared-ca-lookup` handler
 * (lambda/shared-ca-lookup). The handler imports it directly; it has no dependency, so nothing of the construct
 * library ends up in the bundle.
 *
 * The matching rule (docs/sharing.md, "Naming a shared CA by hierarchy"): among the CAs shared with the
 * account (ListCertificateAuthorities, ResourceOwner OTHER_ACCOUNTS), those whose ARN names the owner account
 * and Region, that are not DELETED, and whose tags (ListTags) `cdk-pki:hierarchy` and `cdk-pki:ca-name` are the
 * hierarchy and CA name; of those, the ACTIVE ones of the generation asked for (tag `cdk-pki:generation`,
 * absent = 1), else of the highest generation. Exactly one must remain.
 */

/** Resource type of the custom resource that finds a shared CA's ARN. */
export const SHARED_CA_LOOKUP_RESOURCE_TYPE = 'Custom::PkiSharedCaLookup';

/** ResourceProperties of Custom::PkiSharedCaLookup (ServiceToken left out); CloudFormation sends every value as a string. */
export interface SharedCaLookupProperties {
  /** The account that owns the CA (12 digits). */
  readonly OwnerAccount: string;
  /** The CA's Region: the handler's own, since AWS RAM shares are regional. */
  readonly Region: string;
  /** Tag `cdk-pki:hierarchy` of the CA. */
  readonly HierarchyName: string;
  /** Tag `cdk-pki:ca-name` of the CA. */
  readonly CaName: string;
  /** Tag `cdk-pki:generation` the CA must have, a positive integer; absent: the highest ACTIVE one. */
  readonly Generation?: string;
}

/** Data the handler returns (also what `Fn::GetAtt` reads). */
export interface SharedCaLookupAttributes {
  /** ARN of the CA found (also the physical resource id). */
  readonly CertificateAuthorityArn: string;
  /** Its status when it was found: ACTIVE. */
  readonly Status: string;
  /** Its generation, a positive integer as a string. */
  readonly Generation: string;
}
