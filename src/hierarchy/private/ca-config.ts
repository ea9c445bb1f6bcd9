import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';
import { toCfnSubject } from './subject';
import { AppliedRevocation, applyRevocation } from '../../revocation/private/apply-revocation';
import type { Revocation } from '../../revocation/revocation';
import { CaUsageMode, KeyFamily } from '../algorithms';
import type { KeyAlgorithm, KeyStorageSecurityStandard, SigningAlgorithm } from '../algorithms';
import type { DistinguishedName } from '../distinguished-name';

/**
 * Why `signing` cannot sign with `key`, or undefined when it can. ML-DSA keys sign only with the ML-DSA
 * algorithm of the same parameter set.
 */
export function signingIncompatibility(key: KeyAlgorithm, signing: SigningAlgorithm): string | undefined {
  if (signing.family !== key.family) {
    return `signing algorithm ${signing.name} is for ${signing.family} keys, but the key algorithm ${key.name} is ${key.family}`;
  }
  if (key.family === KeyFamily.ML_DSA && signing.name !== key.name) {
    return `an ${key.name} key signs only with ${key.name}, not ${signing.name}`;
  }
  return undefined;
}

/** Problems with a CA's key and signing algorithm pair. */
export function caConfigurationProblems(key: KeyAlgorithm, signing: SigningAlgorithm): string[] {
  const problem = signingIncompatibility(key, signing);
  return problem === undefined ? [] : [
    `${problem}; choose a signing algorithm of the key's family, for example ${key.defaultSigningAlgorithm.name}`,
  ];
}

/** What a root and a subordinate CA resource have in common. */
export interface CaResourceOptions {
  readonly type: 'ROOT' | 'SUBORDINATE';
  readonly keyAlgorithm: KeyAlgorithm;
  readonly signingAlgorithm: SigningAlgorithm;
  readonly subject: DistinguishedName;
  readonly keyStorageSecurityStandard?: KeyStorageSecurityStandard;
  readonly usageMode?: CaUsageMode;
  readonly revocation: Revocation;
  /** Construct id of the CA resource (a new one for each generation). */
  readonly id: string;
  readonly tags: { key: string; value: string }[];
}

/** The CA resource of a construct (id 'Resource'), with its revocation configuration applied. */
export function createCaResource(
  scope: Construct,
  options: CaResourceOptions,
): { resource: acmpca.CfnCertificateAuthority; revocation: AppliedRevocation } {
  const resource = new acmpca.CfnCertificateAuthority(scope, options.id, {
    type: options.type,
    keyAlgorithm: options.keyAlgorithm.name,
    signingAlgorithm: options.signingAlgorithm.name,
    subject: toCfnSubject(options.subject),
    keyStorageSecurityStandard: options.keyStorageSecurityStandard?.name,
    usageMode: (options.usageMode ?? CaUsageMode.GENERAL_PURPOSE).name,
    tags: options.tags,
  });
  // The CA is the construct's default child whatever its id (a later generation's is not 'Resource').
  scope.node.defaultChild = resource;
  return { resource, revocation: applyRevocation(scope, resource, resource.attrArn, options.revocation) };
}
