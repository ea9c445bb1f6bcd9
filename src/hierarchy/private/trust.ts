/**
 * Who may reach a CA's signer role, and with which templates: the trust props of a CA that signs subordinates
 * in other stacks or apps, and their checks.
 */
import { Token } from 'aws-cdk-lib';
import { isAccountId, isOrganizationId } from '../../private/validation';
import { CertificateTemplateKind } from '../certificate-template';
import type { CertificateTemplate } from '../certificate-template';

export interface SignerTrust {
  readonly trustedAccountIds?: string[];
  readonly trustedOrganizationId?: string;
}

/** Props of a CA that may sign subordinates in other stacks or apps. */
export interface SignerOptions extends SignerTrust {
  readonly additionalSubordinateTemplates?: CertificateTemplate[];
  readonly allowSubordinateRevocation?: boolean;
}

/** Validates the trust props of a signer. */
export function trustProblems(trust: SignerOptions): string[] {
  const problems: string[] = [];
  // The signer role must never let anyone issue anything but subordinate CA certificates.
  for (const template of trust.additionalSubordinateTemplates ?? []) {
    if (template.kind !== CertificateTemplateKind.SUBORDINATE_CA) {
      problems.push(`additionalSubordinateTemplates has ${template.templateName}, which does not issue subordinate CA certificates; `
        + 'the signer role may only sign subordinate CAs: use CertificateTemplate.subordinateCa(pathLength)');
    }
  }
  for (const account of trust.trustedAccountIds ?? []) {
    if (!Token.isUnresolved(account) && !isAccountId(account)) {
      problems.push(`trustedAccountIds has '${account}', which is not a 12-digit AWS account id`);
    }
  }
  const org = trust.trustedOrganizationId;
  if (org !== undefined && !Token.isUnresolved(org) && !isOrganizationId(org)) {
    problems.push(`trustedOrganizationId '${org}' is not an AWS Organizations id; it looks like 'o-a1b2c3d4e5'`);
  }
  return problems;
}
