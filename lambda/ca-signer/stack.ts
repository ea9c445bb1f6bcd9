/**
 * What the lifecycle handlers ask CloudFormation about the stack that sent the event. A Delete alone does
 * not say why it came: the stack is deleted, the resource left the template, an update replaced it, or a
 * failed operation is being undone (then the resource was created by that operation). The stack's status
 * tells, and during a rollback the stack's current physical id of the resource says what CloudFormation
 * went back to.
 *
 * Both calls are best effort: without an answer (no such stack, as in tests against an emulator, or no
 * permission) the handler acts as for a deployment that goes forward, and says so in the log.
 */
import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CFN_DELETE_IN_PROGRESS, CFN_ROLLBACK_STATUSES } from '../../src/private/contracts/aws-hierarchy';
import { errorName, messageOf } from '../shared/errors';
import type { Log } from '../shared/log';

export interface StackState {
  /** The stack's status, when CloudFormation answered. */
  readonly status?: string;
  /** CloudFormation is undoing a failed operation. */
  readonly rollingBack: boolean;
  /** CloudFormation is deleting the whole stack. */
  readonly deleting: boolean;
}

export class StackInspector {
  constructor(private readonly cfn: CloudFormationClient, private readonly stackId: string, private readonly log: Log) {}

  public async state(): Promise<StackState> {
    let status: string | undefined;
    try {
      const out = await this.cfn.send(new DescribeStacksCommand({ StackName: this.stackId }));
      status = out.Stacks?.[0]?.StackStatus;
    } catch (e) {
      this.log('cannot read the stack status; acting as for a deployment that goes forward', { stackId: this.stackId, error: errorName(e), reason: messageOf(e) });
    }
    return { status, rollingBack: status !== undefined && CFN_ROLLBACK_STATUSES.has(status), deleting: status === CFN_DELETE_IN_PROGRESS };
  }

  /**
   * The physical id the stack now records for a logical resource: none when the stack does not have the
   * resource (any more), unknown when CloudFormation did not answer.
   */
  public async physicalIdOf(logicalResourceId: string): Promise<{ readonly physicalId?: string; readonly unknown: boolean }> {
    try {
      const out = await this.cfn.send(new DescribeStackResourceCommand({ StackName: this.stackId, LogicalResourceId: logicalResourceId }));
      return { physicalId: out.StackResourceDetail?.PhysicalResourceId, unknown: false };
    } catch (e) {
      if (errorName(e) === 'ValidationError' && /does not exist/i.test(messageOf(e))) {
        return { unknown: false };
      }
      this.log('cannot read the stack\'s physical id of the resource', { logicalResourceId, error: errorName(e), reason: messageOf(e) });
      return { unknown: true };
    }
  }

  /**
   * Whether the stack still has the resource, with a physical id other than `physicalId`: CloudFormation replaced it
   * (a CA replaced by a new generation) and deletes the old physical id. Unknown (no answer) counts as not.
   */
  public async replaced(logicalResourceId: string, physicalId: string): Promise<boolean> {
    const current = await this.physicalIdOf(logicalResourceId);
    return !current.unknown && current.physicalId !== undefined && current.physicalId !== physicalId;
  }
}
