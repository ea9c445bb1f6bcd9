import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CA_DAYS_TO_EXPIRY_METRIC, CA_METRIC_NAMESPACE } from '../../private/contracts/expiry';

/** A warning and a critical alarm of one certificate or CA. */
export interface ExpiryAlarmPair {
  readonly warning: cloudwatch.Alarm;
  readonly critical: cloudwatch.Alarm;
}

/**
 * A warning and a critical alarm (ids `Warning` and `Critical` under `scope`) on a days-to-expiry metric, at or
 * below the thresholds; missing data is breaching, since the metric stops once a certificate has expired.
 * Alarm and OK go to the topic, when there is one.
 */
export function expiryAlarmPair(scope: Construct, metric: cloudwatch.IMetric, warningDays: number, criticalDays: number,
  subject: string, topic?: sns.ITopic): ExpiryAlarmPair {
  const action = topic ? new cw_actions.SnsAction(topic) : undefined;
  const alarm = (alarmId: string, days: number, level: string) => {
    const created = new cloudwatch.Alarm(scope, alarmId, {
      metric,
      threshold: days,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `cdk-pki ${level}: ${subject} expires within ${days} days, or has no data (expired, deleted or unreadable)`,
    });
    if (action) {
      created.addAlarmAction(action);
      created.addOkAction(action);
    }
    return created;
  };
  return { warning: alarm('Warning', warningDays, 'WARNING'), critical: alarm('Critical', criticalDays, 'CRITICAL') };
}

/** An alarm (id `ErrorsAlarm` under `scope`) on a function's errors, to the topic when there is one. */
export function errorsAlarm(scope: Construct, fn: lambda.IFunction, what: string, topic?: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'ErrorsAlarm', {
    metric: fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `cdk-pki: the ${what} function failed; see its log group`,
  });
  if (topic) {
    alarm.addAlarmAction(new cw_actions.SnsAction(topic));
  }
  return alarm;
}

/** The custom metric the CA-expiry function publishes (namespace `cdk-pki`, `DaysToExpiry`; Minimum over one day). */
export function caMetric(dimensionsMap: Record<string, string>, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CA_METRIC_NAMESPACE,
    metricName: CA_DAYS_TO_EXPIRY_METRIC,
    dimensionsMap,
    statistic: cloudwatch.Stats.MINIMUM,
    period: Duration.days(1),
    ...props,
  });
}
