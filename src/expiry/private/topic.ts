import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CLOUDWATCH_SERVICE_PRINCIPAL, EVENTS_SERVICE_PRINCIPAL, SOURCE_ACCOUNT_CONDITION_KEY } from '../../private/contracts/aws-strings';

/**
 * EventBridge and CloudWatch alarms of this account may publish to the topic, and use its key. The topic
 * policy names the source account (confused-deputy guard). The key policy follows the shape AWS documents for
 * encrypted topics with AWS event sources (sns-key-management.html#compatibility-with-aws-services), without
 * conditions: the services call KMS through SNS for this topic only. For an imported topic both calls do
 * nothing: its owner must allow the same.
 *
 * Every expiry construct that publishes to a topic calls this; the statements are the same each time, and
 * aws-cdk-lib writes a repeated statement once, so constructs that share a topic add them once.
 */
export function allowServicesToPublish(topic: sns.ITopic): void {
  const principals = [new iam.ServicePrincipal(EVENTS_SERVICE_PRINCIPAL), new iam.ServicePrincipal(CLOUDWATCH_SERVICE_PRINCIPAL)];
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ExpiryNotificationsFromThisAccount',
    principals,
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { [SOURCE_ACCOUNT_CONDITION_KEY]: Aws.ACCOUNT_ID } },
  }));
  topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ExpiryNotificationsEncryptForTopic',
    principals,
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
}

/** An SNS target that relies on the topic policy `allowServicesToPublish` writes (conditioned on this account). */
export class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly message: events.RuleTargetInput) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.message };
  }
}
