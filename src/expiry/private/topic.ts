import { Aws } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
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

/** The props of a construct that say what its notifications go to, and who hears them. */
export interface NotificationTopicProps {
  /** A topic of the user's; else a new one. */
  readonly topic?: sns.ITopic;
  readonly emailAddresses?: string[];
  readonly httpsEndpoints?: string[];
}

/**
 * The topic of `props.topic`, or a new one (ids `TopicKey` and `Topic` under `scope`) named `displayName`, encrypted with
 * a new KMS key that rotates yearly (`encrypts` says what, for its description), publishing over SSL only; with
 * `allowServicesToPublish` and the subscriptions asked for.
 */
export function notificationTopic(scope: Construct, props: NotificationTopicProps, displayName: string,
  encrypts: string): { topic: sns.ITopic; key?: kms.IKey } {
  let topic = props.topic;
  let key: kms.IKey | undefined;
  if (topic === undefined) {
    key = new kms.Key(scope, 'TopicKey', { description: `cdk-pki: encrypts ${encrypts}`, enableKeyRotation: true });
    topic = new sns.Topic(scope, 'Topic', { displayName, masterKey: key, enforceSSL: true });
  }
  allowServicesToPublish(topic);
  for (const email of props.emailAddresses ?? []) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  for (const url of props.httpsEndpoints ?? []) {
    topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
  }
  return { topic, key };
}
