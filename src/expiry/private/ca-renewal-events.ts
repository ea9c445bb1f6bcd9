/**
 * The CA renewal events of an account and Region (lambda/ca-signer/renewal.ts puts them on the default bus) to an
 * expiry topic, as one readable line each.
 */
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TopicTarget } from './topic';
import { CA_RENEWAL_DETAIL_TYPES, CA_RENEWAL_EVENT_SOURCE } from '../../private/contracts/ca-renewal';

export function forwardCaRenewalEvents(scope: Construct, id: string, topic: sns.ITopic): events.Rule {
  const field = (name: string) => events.EventField.fromPath(`$.detail.${name}`);
  const message = events.RuleTargetInput.fromText(`${events.EventField.detailType}: CA ${field('hierarchyName')}/${field('caName')} `
    + `(${field('certificateAuthorityArn')}) in account ${events.EventField.account}, ${events.EventField.region}. `
    + `Certificate valid until ${field('notAfter')} (previously ${field('previousNotAfter')}), capped by its parent: ${field('capped')}. `
    + `${field('reason')}`);
  return new events.Rule(scope, id, {
    description: 'cdk-pki: CA certificate renewals (renewed, capped by the parent, failed), to the expiry topic',
    eventPattern: { source: [CA_RENEWAL_EVENT_SOURCE], detailType: Object.values(CA_RENEWAL_DETAIL_TYPES) },
    targets: [new TopicTarget(topic, message)],
  });
}
