/**
 * The trust props of the signer role that parents had before the signing authority, and why they are refused
 * now: a subordinate of another app is declared on its parent (`declareSubordinate`), not trusted by account.
 */
import type { SubordinateSigningOptions } from '../subordinate-signing-options';

const MIGRATION = 'parents no longer trust accounts or organizations: the signing authority signs only the subordinates the parent\'s app '
  + 'declares. Remove it, and declare each subordinate of another app with declareSubordinate({ account, region, stackName, caName, subject, ... }) '
  + '(docs/upgrading.md)';

/** Problems of the signer props of a parent. */
export function trustProblems(options: SubordinateSigningOptions): string[] {
  const problems: string[] = [];
  if (options.trustedAccountIds !== undefined) problems.push(`trustedAccountIds is set; ${MIGRATION}`);
  if (options.trustedOrganizationId !== undefined) problems.push(`trustedOrganizationId is set; ${MIGRATION}`);
  if (options.additionalSubordinateTemplates !== undefined) {
    problems.push('additionalSubordinateTemplates is set; the template of a subordinate of another app follows from its declaration '
      + '(declareSubordinate pathLength and nameConstraints). Remove it (docs/upgrading.md)');
  }
  if (options.allowSubordinateRevocation !== undefined) {
    problems.push('allowSubordinateRevocation is set; a subordinate of another app may revoke its own certificates when its declaration says '
      + 'revokeOnDelete: true. Remove it (docs/upgrading.md)');
  }
  return problems;
}
