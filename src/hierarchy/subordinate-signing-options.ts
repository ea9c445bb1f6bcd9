import { CertificateTemplate } from './certificate-template';

/**
 * Who may have subordinates signed by a CA from another stack, account or Region, through its signer
 * role `cdk-pki-signer-<hierarchyName>-<caName>`.
 */
export interface SubordinateSigningOptions {
  /**
   * Accounts whose issuing stacks may assume the signer role. Accounts of IssuingCa constructs in
   * other stacks of this app are added automatically.
   * @default - only the accounts of this app's issuing stacks
   */
  readonly trustedAccountIds?: string[];

  /**
   * An AWS Organizations id (`o-...`): any principal of the organization may assume the signer role
   * (condition `aws:PrincipalOrgID`).
   * @default - no organization-wide trust
   */
  readonly trustedOrganizationId?: string;

  /**
   * Subordinate templates the signer role may use besides those of this app's IssuingCa constructs,
   * for subordinates defined in other CDK apps.
   * @default - none; when the app has no subordinate either, SubordinateCACertificate_PathLen0/V1
   */
  readonly additionalSubordinateTemplates?: CertificateTemplate[];

  /**
   * Let the signer role revoke the certificates the CA issued (IssuingCa `revokeOnDelete` in
   * another app needs it; in this app it is granted automatically).
   * @default false
   */
  readonly allowSubordinateRevocation?: boolean;

}
