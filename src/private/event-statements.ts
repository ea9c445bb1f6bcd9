import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { DEFAULT_EVENT_BUS_NAME, EVENTS_SOURCE_CONDITION_KEY } from './contracts/aws-strings';

/**
 * events:PutEvents on the default bus of the scope's account and Region, for events of `sources` only: events:source
 * is multi-valued (one per entry), so every entry must be of one of them, and there must be one.
 */
export function putOwnEventsStatement(scope: IConstruct, sid: string, sources: string | string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    actions: ['events:PutEvents'],
    resources: [Stack.of(scope).formatArn({ service: 'events', resource: 'event-bus', resourceName: DEFAULT_EVENT_BUS_NAME })],
    conditions: {
      'ForAllValues:StringEquals': { [EVENTS_SOURCE_CONDITION_KEY]: Array.isArray(sources) ? sources : [sources] },
      'Null': { [EVENTS_SOURCE_CONDITION_KEY]: 'false' },
    },
  });
}
