import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records, in the metadata cdk-nag reads, that a finding on the resources under `scope` is expected
 * and why. Written as plain metadata so the library does not depend on cdk-nag.
 */
export function acknowledgeNag(scope: IConstruct, ruleId: string, reason: string): void {
  for (const child of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(child)) {
      continue;
    }
    const existing = (child.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as Array<{ id: string }>;
    if (existing.some((r) => r.id === ruleId)) {
      continue;
    }
    child.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id: ruleId, reason }] });
  }
}
