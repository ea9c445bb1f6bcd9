/** The metrics AWS Private CA publishes about a CA's CRLs (namespace `AWS/ACMPrivateCA`). */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  PCA_CRL_GENERATED_METRIC, PCA_METRIC_CA_DIMENSION, PCA_METRIC_NAMESPACE, PCA_MISCONFIGURED_CRL_BUCKET_METRIC,
} from '../../private/contracts/aws-strings';

/** A metric of Private CA about one CA. */
export function pcaMetric(caArn: string, metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: PCA_METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { [PCA_METRIC_CA_DIMENSION]: caArn },
    period: Duration.minutes(5),
    ...props,
  });
}

/** `CRLGenerated` of a CA, minimum over five minutes unless `props` say otherwise. */
export function crlGeneratedMetric(caArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return pcaMetric(caArn, PCA_CRL_GENERATED_METRIC, { statistic: cloudwatch.Stats.MINIMUM, ...props });
}

/** `MisconfiguredCRLBucket` of a CA, maximum over five minutes unless `props` say otherwise. */
export function misconfiguredCrlBucketMetric(caArn: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return pcaMetric(caArn, PCA_MISCONFIGURED_CRL_BUCKET_METRIC, { statistic: cloudwatch.Stats.MAXIMUM, ...props });
}
