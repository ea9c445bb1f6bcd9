import { Stack } from 'aws-cdk-lib';

/**
 * Makes `stack` deploy after `target`, with the method each aws-cdk-lib of the peer range has: `addStackDependency`
 * where it exists (newer releases, which deprecate `addDependency`: a deprecated call fails under
 * JSII_DEPRECATED=fail), else `addDependency` (the floor of the range, which has only that).
 */
export function addStackDependency(stack: Stack, target: Stack, reason: string): void {
  const newer = stack as Stack & { addStackDependency?: (target: Stack, reason?: string) => void };
  if (typeof newer.addStackDependency === 'function') {
    newer.addStackDependency(target, reason);
  } else {
    stack.addDependency(target, reason);
  }
}
