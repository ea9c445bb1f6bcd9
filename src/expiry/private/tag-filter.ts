import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { errorsAlarm } from './alarms';
import { ANY_CERTIFICATE_REASON, thisRegionOnly } from './util';
import { FILTER_ENV } from '../../private/contracts/expiry';
import { LibraryFunction } from '../../private/library-function';
import { acknowledgeNag } from '../../private/nag';

/** The tag filter: a function between the rules and the topic. */
export interface TagFilter {
  /** The rules' target: the function. */
  readonly target: events.IRuleTarget;
  readonly function: lambda.IFunction;
  readonly errorsAlarm: cloudwatch.Alarm;
}

/**
 * Event patterns cannot match tags, so the rules send every event to a small function (under `scope`, id
 * `TagFilter`) that reads the certificate's tags and publishes to the topic when they carry every required tag.
 * `configDays` is the Config rule's days to expiration, for the message of its findings.
 */
export function createTagFilter(parent: Construct, topic: sns.ITopic, tags: { [key: string]: string }, configDays: string): TagFilter {
  const scope = new Construct(parent, 'TagFilter');
  const fn = new LibraryFunction(scope, 'Function', {
    handler: 'expiry-filter',
    description: 'tells the expiry topic about ACM certificates that carry the required tags',
    timeout: Duration.seconds(30),
    environment: {
      [FILTER_ENV.TOPIC_ARN]: topic.topicArn,
      [FILTER_ENV.REQUIRED_TAGS]: JSON.stringify(tags),
      [FILTER_ENV.CONFIG_DAYS]: configDays,
    },
  });
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['acm:ListTagsForCertificate'],
    resources: ['*'],
    conditions: thisRegionOnly(),
  }));
  topic.grantPublish(fn.role);
  acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]', `The filter reads the tags of whichever certificate an ACM event names: ${ANY_CERTIFICATE_REASON}`);
  if (topic.masterKey) {
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'aws-cdk-lib\'s grantPublish lets the function make data keys with the topic\'s key, which SNS needs to encrypt what it publishes.');
  }
  const alarm = errorsAlarm(scope, fn.function, 'expiry tag filter', topic);
  return {
    target: new targets.LambdaFunction(fn.function, { retryAttempts: 4, maxEventAge: Duration.hours(6) }),
    function: fn.function,
    errorsAlarm: alarm,
  };
}
