import { CertificateTemplate } from './certificate-template';

/**
 * Props that parents had for their signer role, before subordinates in other stacks were signed by the
 * parent's signing authority. Each is refused at synthesis with what to do instead.
 */
export interface SubordinateSigningOptions {
  /**
   * @deprecated the parent's signing authority signs only declared subordinates: declare a subordinate of
   * another app with `declareSubordinate`; this app's subordinates are declared automatically. Setting it fails synthesis.
   * @default - none
   */
  readonly trustedAccountIds?: string[];

  /**
   * @deprecated an organization no longer reaches the parent: declare each subordinate of another app with
   * `declareSubordinate`. Setting it fails synthesis.
   * @default - none
   */
  readonly trustedOrganizationId?: string;

  /**
   * @deprecated the template of a subordinate of another app follows from its declaration (`pathLength`,
   * `nameConstraints` of `declareSubordinate`). Setting it fails synthesis.
   * @default - none
   */
  readonly additionalSubordinateTemplates?: CertificateTemplate[];

  /**
   * @deprecated a subordinate of another app may revoke its own certificates when its declaration says
   * `revokeOnDelete: true`. Setting it fails synthesis.
   * @default - none
   */
  readonly allowSubordinateRevocation?: boolean;
}
