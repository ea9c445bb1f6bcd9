import { Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ValidationErrors } from '../private/validation';
import { expiryAlarmPair } from './private/alarms';
import { checkSameEnvironment, checkTopic } from './private/checks';
import { checkThresholds, fromDuration } from './private/days';
import { DEFAULT_CRITICAL, DEFAULT_WARNING } from './private/defaults';
import { allowServicesToPublish } from './private/topic';

/** Properties of `CertificateExpiryAlarms`. */
export interface CertificateExpiryAlarmsProps {
  /** The certificate to watch; it must be in this stack's account and Region, where ACM publishes its metric. */
  readonly certificate: acm.ICertificate;

  /**
   * Topic the alarms' ALARM and OK go to. Its policy (and its key's, when this stack made it) is extended so
   * that this account's CloudWatch alarms (and EventBridge) may publish to it.
   * @default - no action: add your own to `warningAlarm` and `criticalAlarm`
   */
  readonly topic?: sns.ITopic;

  /**
   * Days to expiry at or below which the warning alarm fires, in whole days.
   * @default Duration.days(30)
   */
  readonly warningThreshold?: Duration;

  /**
   * Days to expiry at or below which the critical alarm fires, in whole days; less than `warningThreshold`.
   * @default Duration.days(7)
   */
  readonly criticalThreshold?: Duration;
}

/**
 * A warning and a critical CloudWatch alarm on ACM's `DaysToExpiry` metric of one certificate
 * (`certificate.metricDaysToExpiry()`: Minimum over one day). Missing data counts as breaching, since ACM
 * stops publishing the metric once a certificate has expired.
 *
 * @see https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html
 */
export class CertificateExpiryAlarms extends Construct {
  /** The alarm at or below `warningThreshold`. */
  public readonly warningAlarm: cloudwatch.Alarm;
  /** The alarm at or below `criticalThreshold`. */
  public readonly criticalAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CertificateExpiryAlarmsProps) {
    super(scope, id);
    const warning = fromDuration('warningThreshold', props.warningThreshold ?? DEFAULT_WARNING);
    const critical = fromDuration('criticalThreshold', props.criticalThreshold ?? DEFAULT_CRITICAL);
    const errors = new ValidationErrors('CertificateExpiryAlarms', this);
    checkThresholds(errors, warning, critical);
    checkSameEnvironment(errors, Stack.of(this), props.certificate);
    checkTopic(errors, props.topic);
    errors.throwIfAny();

    if (props.topic) {
      allowServicesToPublish(props.topic);
    }
    const alarms = expiryAlarmPair(this, props.certificate.metricDaysToExpiry(), warning.days, critical.days,
      `ACM certificate ${props.certificate.certificateArn}`, props.topic);
    this.warningAlarm = alarms.warning;
    this.criticalAlarm = alarms.critical;
  }
}
