/**
 * The expiry events of member accounts on one central event bus (PkiEventBus): which events travel (the bus policy
 * admits those and no others), the member side's one forwarding rule and its role, and the central side's rules that
 * turn the events into readable notifications.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { EXPIRY_ALARM_DESCRIPTION_PREFIXES } from './alarms';
import { forwardCaRenewalEvents } from './ca-renewal-events';
import { acmMessage, alarmStateMessage, anyConfigRuleMessage } from './messages';
import { TopicTarget } from './topic';
import {
  ACM_APPROACHING_EXPIRATION, ACM_CERTIFICATE_EXPIRED, ACM_EVENT_SOURCE, ACM_RENEWAL_ACTION_REQUIRED, CLOUDWATCH_ALARM_STATE,
  CLOUDWATCH_ALARM_STATE_CHANGE, CLOUDWATCH_EVENT_SOURCE, CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_COMPLIANCE_CHANGE, CONFIG_EVENT_SOURCE,
  CONFIG_NON_COMPLIANT, DEFAULT_EVENT_BUS_NAME,
  EVENTS_NO_CROSS_REGION_PARTITIONS, EVENTS_SERVICE_PRINCIPAL,
} from '../../private/contracts/aws-strings';
import {
  CA_RENEWAL_DETAIL_TYPES, CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_DETAIL_TYPES, CA_RETIREMENT_EVENT_SOURCE,
} from '../../private/contracts/ca-renewal';
import { ValidationErrors, isConcrete } from '../../private/validation';

/**
 * Every kind of event the library sends to a central bus, by source: ACM's expiry events, the CA renewal and
 * retirement events, the expiration Config rule's findings, and the state changes of the expiry alarms (the only
 * event there is of a CA certificate's expiry: AWS sends none, the library's CA check publishes a metric).
 */
export const CENTRAL_EVENTS: ReadonlyArray<{ readonly source: string; readonly detailTypes: readonly string[] }> = [
  { source: ACM_EVENT_SOURCE, detailTypes: [ACM_APPROACHING_EXPIRATION, ACM_RENEWAL_ACTION_REQUIRED, ACM_CERTIFICATE_EXPIRED] },
  { source: CA_RENEWAL_EVENT_SOURCE, detailTypes: Object.values(CA_RENEWAL_DETAIL_TYPES) },
  { source: CA_RETIREMENT_EVENT_SOURCE, detailTypes: Object.values(CA_RETIREMENT_DETAIL_TYPES) },
  { source: CONFIG_EVENT_SOURCE, detailTypes: [CONFIG_COMPLIANCE_CHANGE] },
  { source: CLOUDWATCH_EVENT_SOURCE, detailTypes: [CLOUDWATCH_ALARM_STATE_CHANGE] },
];

/** The sources of CENTRAL_EVENTS. */
export function centralSources(): string[] {
  return CENTRAL_EVENTS.map((e) => e.source);
}

/** The detail-types of CENTRAL_EVENTS. */
export function centralDetailTypes(): string[] {
  return CENTRAL_EVENTS.flatMap((e) => [...e.detailTypes]);
}

/** The detail of the state changes of the library's expiry alarms (certificates and CAs) to ALARM and back to OK. */
function expiryAlarmChangeDetail(): Record<string, unknown> {
  return {
    configuration: { description: Object.values(EXPIRY_ALARM_DESCRIPTION_PREFIXES).map((prefix) => ({ prefix })) },
    state: { value: [CLOUDWATCH_ALARM_STATE.ALARM, CLOUDWATCH_ALARM_STATE.OK] },
  };
}

/** The rule that forwards to a central bus, and its role. */
export interface ForwardingRule {
  readonly rule: events.Rule;
  readonly role: iam.Role;
}

/**
 * One rule on this account's default bus that sends to `bus` what `topicRules` send to the expiry topic (by their own
 * patterns, so the two never differ; rules that do not exist are left out) and the expiry alarms' state changes,
 * through a role that may put events on that bus and nowhere else: a rule targeting a bus of another account needs a
 * role when the bus admits an organization (PutPermission; eb-cross-account.html). No confused-deputy condition on
 * the role: only a principal of this account with iam:PassRole can attach it to a rule. Ids `CentralEventBusRule` and
 * `CentralEventBusRole` under `scope`.
 */
export function forwardToCentralBus(scope: Construct, bus: events.IEventBus, topicRules: Array<events.Rule | undefined>): ForwardingRule {
  const role = new iam.Role(scope, 'CentralEventBusRole', {
    assumedBy: new iam.ServicePrincipal(EVENTS_SERVICE_PRINCIPAL),
    description: 'cdk-pki: lets EventBridge forward this account\'s certificate and CA expiry events to the central event bus, and nothing else',
  });
  const rule = new events.Rule(scope, 'CentralEventBusRule', {
    description: 'cdk-pki: certificate and CA expiry events (as sent to the expiry topic) and expiry alarm changes, to the central event bus',
    // Replaced below: the aws-cdk-lib pattern type has no $or (eb-event-patterns-content-based-filtering.html, "Or").
    eventPattern: { source: centralSources() },
    targets: [new targets.EventBus(bus, { role })],
  });
  // The other rules' patterns are tokens, resolved at synthesis: whatever they match, this forwards.
  const patterns = topicRules.flatMap((r) => (r ? [(r.node.defaultChild as events.CfnRule).eventPattern] : []));
  const alarmChanges = { 'source': [CLOUDWATCH_EVENT_SOURCE], 'detail-type': [CLOUDWATCH_ALARM_STATE_CHANGE], 'detail': expiryAlarmChangeDetail() };
  (rule.node.defaultChild as events.CfnRule).eventPattern = { $or: [...patterns, alarmChanges] };
  return { rule, role };
}

/**
 * Rules on a central bus that send each kind of CENTRAL_EVENTS to `topic` as one readable line, with the account
 * and Region it came from.
 */
export function notifyFromCentralBus(scope: Construct, bus: events.IEventBus, topic: sns.ITopic): events.Rule[] {
  const acm = (id: string, detailType: string, kind: 'approaching' | 'renewal' | 'expired') => new events.Rule(scope, id, {
    eventBus: bus,
    description: `cdk-pki: ${detailType} events of the organization, to the PKI topic`,
    eventPattern: { source: [ACM_EVENT_SOURCE], detailType: [detailType] },
    targets: [new TopicTarget(topic, acmMessage(kind))],
  });
  return [
    acm('ApproachingExpirationRule', ACM_APPROACHING_EXPIRATION, 'approaching'),
    acm('RenewalActionRequiredRule', ACM_RENEWAL_ACTION_REQUIRED, 'renewal'),
    acm('ExpiredRule', ACM_CERTIFICATE_EXPIRED, 'expired'),
    forwardCaRenewalEvents(scope, 'CaLifecycleRule', topic, bus),
    new events.Rule(scope, 'ConfigComplianceRule', {
      eventBus: bus,
      description: 'cdk-pki: NON_COMPLIANT findings of the organization\'s certificate expiration Config rules, to the PKI topic',
      eventPattern: {
        source: [CONFIG_EVENT_SOURCE],
        detailType: [CONFIG_COMPLIANCE_CHANGE],
        detail: { resourceType: [CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE], newEvaluationResult: { complianceType: [CONFIG_NON_COMPLIANT] } },
      },
      targets: [new TopicTarget(topic, anyConfigRuleMessage())],
    }),
    new events.Rule(scope, 'ExpiryAlarmRule', {
      eventBus: bus,
      description: 'cdk-pki: certificate and CA expiry alarms of the organization (to ALARM and back to OK), to the PKI topic',
      eventPattern: { source: [CLOUDWATCH_EVENT_SOURCE], detailType: [CLOUDWATCH_ALARM_STATE_CHANGE], detail: expiryAlarmChangeDetail() },
      targets: [new TopicTarget(topic, alarmStateMessage())],
    }),
  ];
}

/** The fields of an event bus ARN (`arn:<partition>:events:<region>:<account>:event-bus/<name>`); each undefined when a token. */
interface BusArn {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
  readonly name?: string;
}

/** The fields of `arn`, `'token'` when nothing of it can be read, `'invalid'` when it is not an event bus ARN. */
function parseBusArn(arn: string): BusArn | 'token' | 'invalid' {
  const parts = arn.split(':');
  if (parts.length === 1 && Token.isUnresolved(arn)) return 'token';
  const [prefix, partition, service, region, account, resource] = parts;
  const concrete = (v: string | undefined) => (isConcrete(v) ? v : undefined);
  const name = concrete(resource)?.replace(/^event-bus\//, '');
  if (parts.length !== 6 || prefix !== 'arn' || service !== 'events' || (concrete(resource) !== undefined && name === resource)) {
    return Token.isUnresolved(arn) && parts.length < 6 ? 'token' : 'invalid';
  }
  return { partition: concrete(partition), region: concrete(region), account: concrete(account), name };
}

/**
 * A central bus must be a bus that a rule of this stack's default bus can target: not that default bus itself (a
 * loop), in the same partition, and in the same Region where the partition has no cross-Region bus targets. Tokens
 * are not checked.
 */
export function checkCentralEventBus(errors: ValidationErrors, stack: Stack, bus: events.IEventBus | undefined): void {
  if (bus === undefined) return;
  const arn = parseBusArn(bus.eventBusArn);
  if (arn === 'token') return;
  if (arn === 'invalid') {
    errors.add(`centralEventBus: '${bus.eventBusArn}' is not an event bus ARN; use arn:<partition>:events:<region>:<account>:event-bus/<name>, `
      + 'for example PkiEventBus.eventBusArnOf(account, region)');
    return;
  }
  const region = isConcrete(stack.region) ? stack.region : undefined;
  const partition = region ? RegionInfo.get(region).partition : undefined;
  if (arn.name === DEFAULT_EVENT_BUS_NAME && region && arn.region === region && isConcrete(stack.account) && arn.account === stack.account) {
    errors.add(`centralEventBus is this account's default bus in ${region}, where the events already are: the rule would send them to itself; `
      + 'pass the central account\'s bus (PkiEventBus.eventBusArnOf(account, region))');
  }
  if (partition && arn.partition && arn.partition !== partition) {
    errors.add(`centralEventBus is in partition ${arn.partition}, but this stack is in ${partition} (${region}); EventBridge does not send events `
      + 'between partitions: deploy a PkiEventBus in this partition');
  } else if (partition && arn.region && arn.region !== region && EVENTS_NO_CROSS_REGION_PARTITIONS.includes(partition)) {
    errors.add(`centralEventBus is in ${arn.region}, but this stack is in ${region}: EventBridge does not send events to a bus of another Region `
      + `in partition ${partition}; deploy a PkiEventBus in ${region}, or forward from a stack in ${arn.region}`);
  }
}
