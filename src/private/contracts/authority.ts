/**
 * The contract of the signing authority (lambda/signing-authority): the function in a parent CA's account and
 * Region that signs, for the subordinates the parent's app declared, and for nobody else. Shared by the
 * constructs (which write the declarations and name the roles) and by the handlers (the authority, and the
 * ca-signer handler of a subordinate's stack, which invokes it). Type-only for handlers except the pure name
 * functions below; imports nothing from aws-cdk-lib.
 *
 * How a subordinate in another stack is signed:
 *   1. the subordinate stack's signing handler (role `signingHandlerRoleName(...)`, fixed name, path /cdk-pki/)
 *      assumes the invoker role of its declaration in the parent's account (`invokerRoleName(...)`), which
 *      trusts that handler role's exact ARN and nothing else;
 *   2. the invoker role may only invoke one alias of the authority function, named after the subordinate
 *      (`authorityAliasName(...)`: CA name, account, Region); no other role of the parent's stack may invoke
 *      the function. The authority reads the alias from the ARN it was invoked by (the Lambda context), so it
 *      knows which declared subordinate calls, whatever the request says;
 *   3. the authority reads the subordinate's declaration (SSM parameter `declarationParameterName(...)` in its
 *      own account), reads the CSR of the named CA in the declared account and Region through the reader role
 *      there (`readerRoleName(...)`, which trusts only the authority's role), checks subject, key algorithm and
 *      validity against the declaration, and issues with the declared template and name constraints.
 */

import type { DeclaredSubject, NameConstraintsSpec } from './signing';

export type { DeclaredSubject, NameConstraintsSpec } from './signing';

/** IAM path of the library's signing roles (handler, invoker, reader, authority). */
export const SIGNING_ROLE_PATH = '/cdk-pki/';

/** Source of the authority's EventBridge events, on the parent account's default bus. */
export const AUTHORITY_EVENT_SOURCE = 'cdk-pki.signing-authority';

/** Detail-types of the authority's audit events. */
export const AUTHORITY_EVENT_DETAIL_TYPES = {
  signed: 'CA Certificate Signed',
  revoked: 'CA Certificate Revoked',
  refused: 'CA Signing Refused',
} as const;

/** Environment variable of the authority: JSON object, parent CA name → ARN of that CA (in the function's account and Region). */
export const AUTHORITY_PARENTS_ENV = 'CDK_PKI_PARENT_CAS';
/** Environment variable of the authority: the hierarchy it signs for. */
export const AUTHORITY_HIERARCHY_ENV = 'CDK_PKI_HIERARCHY';

/** Longest hierarchy and CA names (so that the role names below fit IAM's 64 characters). */
export const MAX_NAME_PART_LENGTH = 24;

/** The authority function of a hierarchy in one account and Region (and the name of its role). */
export function authorityFunctionName(hierarchyName: string, region: string): string {
  return `cdk-pki-authority-${hierarchyName}-${region}`;
}

/**
 * The alias of the authority function that one subordinate invokes, which names it: CA name, account and Region
 * (subordinates of one hierarchy may share a CA name in different accounts and Regions). At most 52 characters.
 */
export function authorityAliasName(caName: string, account: string, region: string): string {
  return `${caName}-${account}-${region}`;
}

/** Role in the parent's account that one subordinate's signing handler assumes to invoke its alias. */
export function invokerRoleName(hierarchyName: string, aliasName: string, digest: (text: string) => string): string {
  return `cdk-pki-invoke-${hierarchyName}-${digest(aliasName).slice(0, 16)}`;
}

/** Role in the subordinate's account through which the authority reads the subordinate CA's CSR. */
export function readerRoleName(hierarchyName: string, aliasName: string, digest: (text: string) => string): string {
  return `cdk-pki-reader-${hierarchyName}-${digest(aliasName).slice(0, 16)}`;
}

/** SSM parameter (parent's account and Region) that holds a subordinate's declaration. */
export function declarationParameterName(hierarchyName: string, parentCaName: string, aliasName: string): string {
  return `/cdk-pki/${hierarchyName}/${parentCaName}/subordinates/${aliasName}`;
}

/** Longest IAM role name. */
const MAX_ROLE_NAME = 64;
const HANDLER_ROLE_PREFIX = 'cdk-pki-signing-';

/**
 * Fixed name of the signing handler role of a stack: `cdk-pki-signing-<region>-<stack name>`, characters IAM
 * does not take in a role name turned into hyphens, cut to 64 characters with a digest of the whole when longer.
 * `digest` is a hex digest function (node:crypto's sha256 in both the constructs and the handlers).
 */
export function signingHandlerRoleName(region: string, stackName: string, digest: (text: string) => string): string {
  const full = `${HANDLER_ROLE_PREFIX}${region}-${stackName}`.replace(/[^A-Za-z0-9+=,.@_-]/g, '-');
  if (full.length <= MAX_ROLE_NAME) return full;
  const suffix = digest(`${region}/${stackName}`).slice(0, 8);
  return `${full.slice(0, MAX_ROLE_NAME - suffix.length - 1)}-${suffix}`;
}

/** ARN of a role under SIGNING_ROLE_PATH. */
export function signingRoleArn(partition: string, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role${SIGNING_ROLE_PATH}${roleName}`;
}


/** What a parent's app declared that one subordinate may get. Written by the constructs, read by the authority. */
export interface SubordinateDeclaration {
  readonly Version: 1;
  readonly HierarchyName: string;
  /** The parent CA that signs it (a key of the authority's CDK_PKI_PARENT_CAS). */
  readonly ParentCaName: string;
  readonly CaName: string;
  /** Account and Region of the subordinate CA. */
  readonly Account: string;
  readonly Region: string;
  readonly Subject: DeclaredSubject;
  /** KeyAlgorithm of AWS Private CA, for example EC_secp384r1. */
  readonly KeyAlgorithm: string;
  /** Template the authority issues with (path length, APIPassthrough when NameConstraints). */
  readonly TemplateArn: string;
  /** Longest validity the subordinate may ask for. */
  readonly MaxValidity: { readonly Type: string; readonly Value: number };
  /** Signing algorithm of the parent; when absent, the parent CA's own. */
  readonly SigningAlgorithm?: string;
  /** Name constraints the authority puts in the certificate (critical), whatever the subordinate asks. */
  readonly NameConstraints?: NameConstraintsSpec;
  /** The only role that may ask for this subordinate: its stack's signing handler role, exact ARN. */
  readonly CallerRoleArn: string;
  /** Role in the subordinate's account that the authority reads the CSR through. */
  readonly ReaderRoleArn: string;
  /** Whether the subordinate may ask to revoke the certificates the authority issued to it. */
  readonly Revocation: boolean;
}

/** What a subordinate's signing handler asks the authority. */
export type AuthorityRequest = AuthoritySignRequest | AuthorityDescribeRequest | AuthorityGetRequest | AuthorityRevokeRequest;

/** Describe the parent: state and end of validity (the handler checks its own validity before asking to sign). */
export interface AuthorityDescribeRequest {
  readonly Action: 'Describe';
}

/** Sign the named CA's current CSR. */
export interface AuthoritySignRequest {
  readonly Action: 'Sign';
  /** The subordinate CA (in the declared account and Region). */
  readonly CertificateAuthorityArn: string;
  /** Validity asked for; at most the declared one, and it must end before the parent. */
  readonly ValidityType: string;
  readonly ValidityValue: number;
  /** Part of the idempotency token: the same request and seed get the same certificate for a while. */
  readonly IdempotencySeed: string;
}

/** A certificate the authority issued to this subordinate, again (PEM and chain). */
export interface AuthorityGetRequest {
  readonly Action: 'Get';
  readonly CertificateAuthorityArn: string;
  readonly CertificateArn: string;
}

/** Revoke a certificate the authority issued to this subordinate. */
export interface AuthorityRevokeRequest {
  readonly Action: 'Revoke';
  readonly CertificateAuthorityArn: string;
  readonly CertificateArn: string;
  /** RevocationReason of AWS Private CA, for example SUPERSEDED or CESSATION_OF_OPERATION. */
  readonly RevocationReason: string;
}

/** Answer to Describe. */
export interface AuthorityDescribeResponse {
  readonly ParentCertificateAuthorityArn: string;
  readonly Status: string;
  /** ISO 8601, when the parent has a certificate. */
  readonly NotAfter?: string;
  readonly SigningAlgorithm?: string;
}

/** Answer to Sign and Get. */
export interface AuthorityCertificateResponse {
  readonly ParentCertificateAuthorityArn: string;
  readonly CertificateArn: string;
  readonly Certificate: string;
  readonly CertificateChain: string;
}

/** Answer to Revoke. */
export interface AuthorityRevokeResponse {
  readonly ParentCertificateAuthorityArn: string;
  readonly CertificateArn: string;
  /** false when the certificate was revoked already. */
  readonly Revoked: boolean;
}

/** Detail of the authority's audit events (no key material). */
export interface AuthorityEventDetail {
  readonly hierarchyName: string;
  readonly parentCaName: string;
  readonly parentCertificateAuthorityArn?: string;
  readonly caName: string;
  readonly account: string;
  readonly region: string;
  readonly callerArn?: string;
  readonly certificateAuthorityArn?: string;
  readonly certificateArn?: string;
  readonly serialNumber?: string;
  readonly templateArn?: string;
  readonly notAfter?: string;
  readonly revocationReason?: string;
  /** Why a request was refused. */
  readonly reason?: string;
}
