import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CertificateExpiryRule } from './certificate-expiry-rule';
import { CertificateFilter } from './certificate-filter';
import { ValidationErrors } from '../private/validation';
import { checkAccountConfiguration, registerAccountConfiguration } from './private/account-configuration';
import { checkFilter, checkTopic } from './private/checks';
import { fromDuration } from './private/days';
import { DEFAULT_CONFIG_RULE_THRESHOLD } from './private/defaults';
import { ACM_EXPIRY_EVENTS_SYMBOL, isMarked, mark } from './private/markers';
import { acmMessage, configMessage } from './private/messages';
import { createTagFilter } from './private/tag-filter';
import { TopicTarget, allowServicesToPublish } from './private/topic';
import {
  ACM_APPROACHING_EXPIRATION, ACM_CERTIFICATE_EXPIRED, ACM_DAYS_BEFORE_EXPIRY_DEFAULT, ACM_EVENT_SOURCE, ACM_RENEWAL_ACTION_REQUIRED,
  CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_COMPLIANCE_CHANGE, CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE, CONFIG_EVENT_SOURCE,
} from '../private/contracts/aws-strings';
import { NotificationKind } from '../private/contracts/expiry';

/** Properties of `AcmExpiryEvents`. */
export interface AcmExpiryEventsProps {
  /**
   * Topic the notifications go to. Its policy (and its key's, when this stack made it) is extended so that
   * this account's EventBridge and CloudWatch may publish to it.
   */
  readonly topic: sns.ITopic;

  /**
   * How long before expiry ACM starts sending a daily `ACM Certificate Approaching Expiration` event for each
   * certificate (`DaysBeforeExpiry` of `AWS::CertificateManager::Account`): whole days, 1 to 45.
   * @default Duration.days(45)
   * @see https://docs.aws.amazon.com/acm/latest/APIReference/API_PutAccountConfiguration.html
   */
  readonly eventsBeforeExpiry?: Duration;

  /**
   * Whether this construct sets the account's ACM expiry-event configuration. There is one per account and
   * Region: exactly one construct (or other stack) in each account and Region may set it.
   * @default true
   */
  readonly configureAccount?: boolean;

  /**
   * Which certificates the ACM events and the Config rule's findings are sent for.
   * @default CertificateFilter.all()
   */
  readonly filter?: CertificateFilter;

  /**
   * A certificate expiration Config rule whose NON_COMPLIANT findings go to the topic too, with the same filter.
   * @default - only ACM's events
   */
  readonly configRule?: CertificateExpiryRule;
}

/**
 * ACM's expiry events to an SNS topic as readable messages: EventBridge rules on `ACM Certificate Approaching
 * Expiration`, `ACM Certificate Renewal Action Required` and `ACM Certificate Expired` (and on the NON_COMPLIANT
 * findings of a `CertificateExpiryRule`), and the account's `AWS::CertificateManager::Account`, which says from
 * how many days before expiry ACM sends the first kind. With `CertificateFilter.tags()` the events go through a
 * small Lambda function that reads the certificate's tags.
 *
 * @see https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html
 */
export class AcmExpiryEvents extends Construct {
  /** Whether `x` is an `AcmExpiryEvents` (of any copy of this library in the app). */
  public static isAcmExpiryEvents(x: any): x is AcmExpiryEvents {
    return isMarked(x, ACM_EXPIRY_EVENTS_SYMBOL);
  }

  /** The account's ACM expiry-event configuration, unless `configureAccount` is false. */
  public readonly accountConfiguration?: acm.CfnAccount;
  /** The rule on ACM's `Approaching Expiration` events. */
  public readonly approachingExpirationRule: events.Rule;
  /** The rule on ACM's `Renewal Action Required` events. */
  public readonly renewalActionRequiredRule: events.Rule;
  /** The rule on ACM's `Expired` events. */
  public readonly expiredRule: events.Rule;
  /** The rule on the Config rule's NON_COMPLIANT findings, when there is a `configRule`. */
  public readonly configComplianceRule?: events.Rule;
  /** The function that reads the certificates' tags, when the filter is by tag. */
  public readonly tagFilterFunction?: lambda.IFunction;
  /** The alarm on the tag filter function's errors, when the filter is by tag. */
  public readonly tagFilterErrorsAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AcmExpiryEventsProps) {
    super(scope, id);
    mark(this, ACM_EXPIRY_EVENTS_SYMBOL);
    const configureAccount = props.configureAccount ?? true;
    const before = props.eventsBeforeExpiry === undefined ? undefined : fromDuration('eventsBeforeExpiry', props.eventsBeforeExpiry);
    const filter = props.filter ?? CertificateFilter.all();

    const errors = new ValidationErrors('AcmExpiryEvents', this);
    checkAccountConfiguration(errors, this, configureAccount, before, 'AcmExpiryEvents');
    checkFilter(errors, filter.arns, filter.requiredTags);
    checkTopic(errors, props.topic);
    errors.throwIfAny();

    allowServicesToPublish(props.topic);
    if (configureAccount) {
      this.accountConfiguration = new acm.CfnAccount(this, 'AccountConfiguration', {
        expiryEventsConfiguration: { daysBeforeExpiry: before?.days ?? ACM_DAYS_BEFORE_EXPIRY_DEFAULT },
      });
      registerAccountConfiguration(this);
    }

    // With a tag filter, every rule goes to the function, which publishes what matches.
    const configDays = String((props.configRule?.threshold ?? DEFAULT_CONFIG_RULE_THRESHOLD).toDays());
    const tagFilter = filter.requiredTags ? createTagFilter(this, props.topic, filter.requiredTags, configDays) : undefined;
    this.tagFilterFunction = tagFilter?.function;
    this.tagFilterErrorsAlarm = tagFilter?.errorsAlarm;

    const acmRule = (ruleId: string, detailType: string, kind: NotificationKind, description: string) => new events.Rule(this, ruleId, {
      description: `cdk-pki: ${description}`,
      eventPattern: {
        source: [ACM_EVENT_SOURCE],
        detailType: [detailType],
        ...(filter.arns ? { resources: filter.arns } : {}),
      },
      targets: [tagFilter?.target ?? new TopicTarget(props.topic, acmMessage(kind))],
    });
    this.approachingExpirationRule = acmRule('ApproachingExpirationRule', ACM_APPROACHING_EXPIRATION, 'approaching',
      'ACM certificates approaching expiration, to the expiry topic');
    this.renewalActionRequiredRule = acmRule('RenewalActionRequiredRule', ACM_RENEWAL_ACTION_REQUIRED, 'renewal',
      'ACM certificates that ACM could not renew, to the expiry topic');
    this.expiredRule = acmRule('ExpiredRule', ACM_CERTIFICATE_EXPIRED, 'expired', 'expired ACM certificates, to the expiry topic');

    if (props.configRule) {
      this.configComplianceRule = new events.Rule(this, 'ConfigComplianceRule', {
        description: 'cdk-pki: ACM certificates the expiration Config rule finds NON_COMPLIANT, to the expiry topic',
        eventPattern: {
          source: [CONFIG_EVENT_SOURCE],
          detailType: [CONFIG_COMPLIANCE_CHANGE],
          detail: {
            messageType: [CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE],
            configRuleName: [props.configRule.configRuleName],
            resourceType: [CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE],
            newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
            ...(filter.arns ? { resourceId: filter.arns } : {}),
          },
        },
        targets: [tagFilter?.target ?? new TopicTarget(props.topic, configMessage(configDays))],
      });
    }
  }
}
