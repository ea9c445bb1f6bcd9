/**
 * The fixed names of a CA that signs subordinates: its signer role, the SSM parameter that publishes its ARN,
 * and the limits that keep them within IAM's and SSM's lengths. Issuing stacks in other accounts and apps
 * find a parent by these names alone.
 */
import { Aws } from 'aws-cdk-lib';
import type { IParentCa } from '../parent';

/** Longest hierarchy and CA names: `cdk-pki-signer-<hierarchy>-<ca>` must fit IAM's 64 characters. */
export const MAX_HIERARCHY_NAME_LENGTH = 24;
export const MAX_CA_NAME_LENGTH = 24;

/**
 * IAM path of the roles of the library's signing handlers. Signer roles trust only roles under it, so
 * that, in a trusted account, only the signing handlers (not every principal allowed sts:AssumeRole)
 * can reach a parent CA.
 */
export const SIGNING_HANDLER_ROLE_PATH = '/cdk-pki/';

/** Fixed, documented name of the role that signs subordinates of a CA. */
export function signerRoleName(hierarchyName: string, caName: string): string {
  return `cdk-pki-signer-${hierarchyName}-${caName}`;
}

/** SSM parameter (in the CA's account and Region) that publishes the CA's ARN. */
export function arnParameterName(hierarchyName: string, caName: string): string {
  return `/cdk-pki/${hierarchyName}/${caName}/certificate-authority-arn`;
}

export function signerRoleArn(partition: string, account: string, hierarchyName: string, caName: string): string {
  return `arn:${partition}:iam::${account}:role/${signerRoleName(hierarchyName, caName)}`;
}

/** The partition-aware ARN of a parent's signer role, as seen from the deploying stack. */
export function signerRoleArnFor(parent: IParentCa): string {
  return signerRoleArn(Aws.PARTITION, parent.env.account, parent.hierarchyName, parent.caName);
}
