import { CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Records that a cdk-nag finding on the resources under `scope` is expected, and why, without the
 * library depending on cdk-nag: cdk-nag v3 reads the acknowledged-rules metadata that
 * `Validations.acknowledge` writes (exact finding ids such as `AwsSolutions-IAM5[Resource::...]`), and v2
 * reads `cdk_nag` metadata on each CloudFormation resource (rule ids). The metadata is written directly
 * because `Validations.acknowledge` refuses ids with more than one `::`, which every finding on an ARN
 * with a pseudo parameter has (`Resource::arn:<AWS::Partition>:...`). Call it after the resources under
 * `scope` exist.
 */
export function acknowledgeNag(scope: IConstruct, findingId: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [findingId]: reason });
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

/** How cdk-nag writes an ARN of this stack's account and Region (or `region`, such as `*`) in a finding id: tokens as `<AWS::...>`. */
export function nagArn(scope: IConstruct, service: string, resource: string, region?: string): string {
  const stack = Stack.of(scope);
  region ??= Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `arn:<AWS::Partition>:${service}:${region}:${account}:${resource}`;
}
