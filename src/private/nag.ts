import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records that a cdk-nag finding on the resources under `scope` is expected, and why, without the
 * library depending on cdk-nag: cdk-nag v3 reads `Validations.acknowledge` (exact finding ids such as
 * `AwsSolutions-IAM5[Resource::...]`), and v2 reads `cdk_nag` metadata on each CloudFormation
 * resource (rule ids). Call it after the resources under `scope` exist.
 */
export function acknowledgeNag(scope: IConstruct, findingId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: findingId, reason });
  const ruleId = findingId.replace(/\[.*$/, '');
  for (const child of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(child)) {
      continue;
    }
    const existing = (child.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as Array<{ id: string }>;
    if (!existing.some((r) => r.id === ruleId)) {
      child.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id: ruleId, reason }] });
    }
  }
}
