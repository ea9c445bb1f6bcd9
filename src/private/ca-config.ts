import type { KeyAlgorithm, SigningAlgorithm } from '../algorithms';

/** Problems with a CA's key and signing algorithm pair. */
export function caConfigurationProblems(key: KeyAlgorithm, signing: SigningAlgorithm): string[] {
  const problem = key.incompatibilityWith(signing);
  return problem === undefined ? [] : [
    `${problem}; choose a signing algorithm of the key's family, for example ${key.defaultSigningAlgorithm.name}`,
  ];
}
