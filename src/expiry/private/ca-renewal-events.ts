/**
 * The CA lifecycle events of an account and Region (lambda/ca-signer/renewal.ts and retirement.ts put them on the
 * default bus) to an expiry topic, as one readable line each; or, with `eventBus`, those a central bus receives.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { caLifecycleMessage } from './messages';
import { TopicTarget } from './topic';
import {
  CA_RENEWAL_DETAIL_TYPES, CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_DETAIL_TYPES, CA_RETIREMENT_EVENT_SOURCE,
} from '../../private/contracts/ca-renewal';

export function forwardCaRenewalEvents(scope: Construct, id: string, topic: sns.ITopic, eventBus?: events.IEventBus): events.Rule {
  return new events.Rule(scope, id, {
    eventBus,
    description: 'cdk-pki: CA certificate renewals (renewed, capped by the parent, failed) and CA retirements, to the expiry topic',
    eventPattern: {
      source: [CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_EVENT_SOURCE],
      detailType: [...Object.values(CA_RENEWAL_DETAIL_TYPES), ...Object.values(CA_RETIREMENT_DETAIL_TYPES)],
    },
    targets: [new TopicTarget(topic, caLifecycleMessage())],
  });
}
