/**
 * What the signing handler reads of its stack, faked on a mocked CloudFormation client: the stack's status
 * (DescribeStacks) and the physical id the stack records for a resource (DescribeStackResource), as a rollback, a
 * deletion or a replacement shows them.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CloudFormationClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-cloudformation';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';

type CfnMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudFormationClientResolvedConfig>;

export interface StackFakes {
  /** The stack's status, for example UPDATE_ROLLBACK_IN_PROGRESS or DELETE_IN_PROGRESS. */
  stackIs(status: string): void;
  /** The physical id the stack records now for the resource (the one CloudFormation went back to, or a replacement's). */
  stackRecords(physicalId: string): void;
}

export function stackFakes(cfn: CfnMock, stack: { stackName: string; stackId: string; logicalId: string; resourceType: string }): StackFakes {
  return {
    stackIs: (status) => {
      cfn.on(DescribeStacksCommand).resolves({
        Stacks: [{ StackName: stack.stackName, StackId: stack.stackId, StackStatus: status as never, CreationTime: new Date() }],
      });
    },
    stackRecords: (physicalId) => {
      cfn.on(DescribeStackResourceCommand).resolves({
        StackResourceDetail: {
          StackName: stack.stackName,
          StackId: stack.stackId,
          LogicalResourceId: stack.logicalId,
          PhysicalResourceId: physicalId,
          ResourceType: stack.resourceType,
          ResourceStatus: 'UPDATE_COMPLETE',
          LastUpdatedTimestamp: new Date(),
        },
      });
    },
  };
}

/** Builds the custom resource events CloudFormation sends one resource of the stack, each with its own request id. */
export function eventsFor(resource: { serviceToken: string; stackId: string; logicalId: string; resourceType: string }):
(fields: Record<string, unknown>) => CloudFormationCustomResourceEvent {
  let requests = 0;
  return (fields) => ({
    ServiceToken: resource.serviceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
    StackId: resource.stackId,
    RequestId: `request-${++requests}`,
    LogicalResourceId: resource.logicalId,
    ResourceType: resource.resourceType,
    ...fields,
  }) as unknown as CloudFormationCustomResourceEvent;
}
