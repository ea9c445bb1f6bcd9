import { Aws, Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { centralDetailTypes, centralSources, notifyFromCentralBus } from './private/central-bus';
import { checkEmailAddresses, checkTopic } from './private/checks';
import { checkDaysRange, fromDuration } from './private/days';
import { DEFAULT_ARCHIVE_RETENTION } from './private/defaults';
import { PKI_EVENT_BUS_SYMBOL, isMarked, mark } from './private/markers';
import { notificationTopic } from './private/topic';
import {
  EVENT_BUS_NAME_PATTERN, EVENT_BUS_POLICY_MAX_BYTES, EVENTS_DETAIL_TYPE_CONDITION_KEY, EVENTS_SOURCE_CONDITION_KEY, PRINCIPAL_ORG_ID_CONDITION_KEY,
} from '../private/contracts/aws-strings';
import { ValidationErrors, isAccountId, isConcrete, isOrganizationId } from '../private/validation';

/** Properties of `PkiEventBus`. */
export interface PkiEventBusProps {
  /**
   * The organization whose accounts may put the library's events on the bus (`aws:PrincipalOrgID`): `o-` and 10 to
   * 32 lowercase letters or digits. Give this or `accounts`.
   * @default - none: give `accounts`
   */
  readonly organizationId?: string;

  /**
   * The accounts that may put the library's events on the bus, when not the whole organization (at most 200: the bus
   * policy may not exceed 10 KB). Give this or `organizationId`.
   * @default - none: give `organizationId`
   */
  readonly accounts?: string[];

  /**
   * Name of the bus; member accounts find it by this name (`PkiEventBus.eventBusArnOf`).
   * @default PkiEventBus.DEFAULT_EVENT_BUS_NAME ('cdk-pki-events')
   */
  readonly eventBusName?: string;

  /**
   * Whether each event the bus receives goes to an SNS topic as one readable line (account, Region, certificate or
   * CA, what happened).
   * @default true
   */
  readonly notifications?: boolean;

  /**
   * Topic the notifications go to; its policy (and its key's, when this stack made it) is extended so that this
   * account's EventBridge may publish to it.
   * @default - a new topic, encrypted with a new KMS key (rotated yearly), that accepts only this account's EventBridge
   * and CloudWatch, over SSL
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses to subscribe to the topic (each confirms by email).
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * Whether the bus keeps the library's events in an EventBridge archive, from which they can be replayed (to a new
   * rule, after the fact) and which answers "what expired where, last quarter".
   * @default true
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
   */
  readonly archive?: boolean;

  /**
   * How long the archive keeps each event, in whole days.
   * @default Duration.days(90)
   */
  readonly archiveRetention?: Duration;
}

/**
 * The one event bus, in a security account, on which the certificate and CA expiry events of every account of the
 * organization arrive, so that one team sees them all: `ExpiryAlarms` with `centralEventBus` in each member account
 * and Region forwards what it sends to its own topic (ACM's expiry events, the Config rule's findings, the CA renewal
 * and retirement events) and the state changes of its expiry alarms.
 *
 * The bus policy lets the accounts of `organizationId` (or the named `accounts`) put events of those sources and
 * detail-types only (`events:source`, `events:detail-type`). Each kind of event goes to a topic as a readable line,
 * and an archive keeps them for 90 days.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
 */
export class PkiEventBus extends Construct {
  /** Name of the bus unless `eventBusName` says otherwise. */
  public static readonly DEFAULT_EVENT_BUS_NAME = 'cdk-pki-events';

  /** ARN of the PKI event bus of `account` in `region`, for `ExpiryAlarms`' `centralEventBus` (with `events.EventBus.fromEventBusArn`). */
  public static eventBusArnOf(account: string, region: string, eventBusName?: string): string {
    return `arn:${Aws.PARTITION}:events:${region}:${account}:event-bus/${eventBusName ?? PkiEventBus.DEFAULT_EVENT_BUS_NAME}`;
  }

  /** Whether `x` is a `PkiEventBus` (of any copy of this library in the app). */
  public static isPkiEventBus(x: any): x is PkiEventBus {
    return isMarked(x, PKI_EVENT_BUS_SYMBOL);
  }

  /** The bus. */
  public readonly eventBus: events.EventBus;
  /** ARN of the bus. */
  public readonly eventBusArn: string;
  /** Name of the bus. */
  public readonly eventBusName: string;
  /** The topic the notifications go to, unless `notifications` is false. */
  public readonly topic?: sns.ITopic;
  /** The key of the topic, when this construct made the topic. */
  public readonly topicKey?: kms.IKey;
  /** The rules that send each kind of event to the topic (none when `notifications` is false). */
  public readonly notificationRules: events.Rule[] = [];
  /** The archive of the library's events, unless `archive` is false. */
  public readonly archive?: events.Archive;

  constructor(scope: Construct, id: string, props: PkiEventBusProps) {
    super(scope, id);
    mark(this, PKI_EVENT_BUS_SYMBOL);
    const errors = new ValidationErrors('PkiEventBus', this);
    const accounts = [...new Set(props.accounts ?? [])];
    const eventBusName = props.eventBusName ?? PkiEventBus.DEFAULT_EVENT_BUS_NAME;
    const notifications = props.notifications ?? true;
    const archive = props.archive ?? true;
    const retention = props.archiveRetention ?? DEFAULT_ARCHIVE_RETENTION;

    checkPrincipals(errors, props.organizationId, props.accounts === undefined ? undefined : accounts);
    if (isConcrete(eventBusName) && (!EVENT_BUS_NAME_PATTERN.test(eventBusName) || eventBusName === 'default')) {
      errors.add(`eventBusName '${eventBusName}' is not allowed; use 1 to 256 letters, digits and .-_, other than 'default' (every account's own bus)`);
    }
    if (!notifications && (props.topic !== undefined || (props.emailAddresses ?? []).length > 0)) {
      errors.add('topic or emailAddresses is set but notifications is false; leave them out, or set notifications: true');
    }
    checkEmailAddresses(errors, props.emailAddresses ?? []);
    checkTopic(errors, props.topic);
    if (!archive && props.archiveRetention !== undefined) {
      errors.add('archiveRetention is set but archive is false; leave it out, or set archive: true');
    }
    checkDaysRange(errors, fromDuration('archiveRetention', retention), 1, Number.MAX_SAFE_INTEGER, 'an archive keeps events for whole days');
    errors.throwIfAny();

    this.eventBus = new events.EventBus(this, 'Resource', {
      eventBusName,
      description: 'cdk-pki: certificate and CA expiry events of the organization',
    });
    this.eventBusArn = this.eventBus.eventBusArn;
    this.eventBusName = this.eventBus.eventBusName;
    this.eventBus.addToResourcePolicy(putLibraryEventsStatement(this.eventBus, props.organizationId, accounts));

    if (archive) {
      this.archive = this.eventBus.archive('Archive', {
        description: 'cdk-pki: certificate and CA expiry events of the organization',
        eventPattern: { source: centralSources() },
        retention,
      });
    }

    if (notifications) {
      const { topic, key } = notificationTopic(this, props, 'PKI events of the organization',
        `the organization's certificate and CA expiry notifications of ${this.node.path}`);
      this.topic = topic;
      this.topicKey = key;
      this.notificationRules.push(...notifyFromCentralBus(this, this.eventBus, topic));
    }
  }
}

/** The bus policy may not exceed 10 KB: about 36 bytes per account principal, and 1.5 KB for the rest. */
const MAX_ACCOUNTS = 200;

function checkPrincipals(errors: ValidationErrors, organizationId: string | undefined, accounts: string[] | undefined): void {
  if (organizationId === undefined && accounts === undefined) {
    errors.add('neither organizationId nor accounts is set; give organizationId (o-...) to admit every account of the organization, or accounts');
  } else if (organizationId !== undefined && accounts !== undefined) {
    errors.add('organizationId and accounts are both set; give one: organizationId admits every account of the organization');
  }
  if (isConcrete(organizationId) && !isOrganizationId(organizationId)) {
    errors.add(`organizationId '${organizationId}' is not an organization id; use o- and 10 to 32 lowercase letters or digits (o-a1b2c3d4e5)`);
  }
  if (accounts !== undefined && accounts.length === 0) {
    errors.add('accounts is empty; name the accounts that forward their events, or give organizationId');
  }
  if (accounts !== undefined && accounts.length > MAX_ACCOUNTS) {
    errors.add(`accounts names ${accounts.length} accounts; the bus policy may hold at most ${MAX_ACCOUNTS} (it may not exceed `
      + `${EVENT_BUS_POLICY_MAX_BYTES / 1024} KB): give organizationId instead`);
  }
  for (const account of accounts ?? []) {
    if (isConcrete(account) && !isAccountId(account)) {
      errors.add(`accounts: '${account}' is not an account id; use 12 digits`);
    }
  }
}

/**
 * events:PutEvents on the bus for the organization's accounts (any principal of them, `aws:PrincipalOrgID`) or the
 * named accounts, for the library's sources and detail-types only: both keys are multi-valued (one value per entry of
 * the call), so every entry must be of them, and each must be there. A source is not paired with its own detail-types
 * (a policy cannot say so); the pairs are CENTRAL_EVENTS.
 */
function putLibraryEventsStatement(bus: events.IEventBus, organizationId: string | undefined, accounts: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: organizationId !== undefined ? 'PkiEventsFromTheOrganization' : 'PkiEventsFromTheAccounts',
    principals: organizationId !== undefined ? [new iam.AnyPrincipal()] : accounts.map((a) => new iam.AccountPrincipal(a)),
    actions: ['events:PutEvents'],
    resources: [bus.eventBusArn],
    conditions: {
      ...(organizationId !== undefined ? { StringEquals: { [PRINCIPAL_ORG_ID_CONDITION_KEY]: organizationId } } : {}),
      'ForAllValues:StringEquals': { [EVENTS_SOURCE_CONDITION_KEY]: centralSources(), [EVENTS_DETAIL_TYPE_CONDITION_KEY]: centralDetailTypes() },
      'Null': { [EVENTS_SOURCE_CONDITION_KEY]: 'false', [EVENTS_DETAIL_TYPE_CONDITION_KEY]: 'false' },
    },
  });
}
