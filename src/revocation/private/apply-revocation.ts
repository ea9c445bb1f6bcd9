/**
 * Turns a `Revocation` into a CA's RevocationConfiguration, and wires what goes with it: the stack's CRL
 * bucket when none is given, the bucket policy statement for the CA's Region, the CA's dependency on the
 * bucket policy, and the CRL alarms.
 */
import { ArnFormat, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { crlGeneratedMetric, misconfiguredCrlBucketMetric } from './crl-metrics';
import { customPathProblem, hostNameProblem } from './revocation-names';
import {
  CLOUDWATCH_SERVICE_PRINCIPAL, CRL_EXPIRATION_MAX_DAYS, CRL_EXPIRATION_MIN_DAYS, CRL_S3_OBJECT_ACL, CRL_TYPE_COMPLETE, CRL_TYPE_PARTITIONED,
  DEFAULT_CRL_PATH, EVENTS_SERVICE_PRINCIPAL, PCA_CRL_GENERATION_DETAIL_TYPE, PCA_EVENT_RESULT_FAILURE, PCA_EVENT_SOURCE,
  SOURCE_ACCOUNT_CONDITION_KEY, SOURCE_ARN_CONDITION_KEY, crlServicePrincipals,
} from '../../private/contracts/aws-strings';
import { ValidationErrors, isConcrete } from '../../private/validation';
import { CrlBucket, ICrlBucket } from '../crl-bucket';
import type { CrlOptions, Revocation } from '../revocation';

/** Construct id of the CRL bucket the library creates for a stack whose CAs name none. */
export const DEFAULT_CRL_BUCKET_ID = 'CdkPkiCrlBucket';
/** Construct id of the stack's CRL alarm topic. */
export const CRL_ALARM_TOPIC_ID = 'CdkPkiCrlAlarmTopic';
/**
 * CRL validity when none is given: seven days, the library's choice. A client refreshes within a week,
 * and a failed regeneration (Private CA retries every 15 minutes) has days to succeed before CRLs expire.
 */
export const DEFAULT_CRL_EXPIRATION = Duration.days(7);

/** Records the problems of a CA's revocation options in `errors` (tokens are skipped). */
export function revocationProblems(ca: IConstruct, revocation: Revocation, errors: ValidationErrors): void {
  const crl = revocation.crlOptions;
  if (crl) {
    const expiration = crl.expiration;
    if (expiration !== undefined && !expiration.isUnresolved()) {
      const days = expiration.toDays({ integral: false });
      if (!Number.isInteger(days) || days < CRL_EXPIRATION_MIN_DAYS || days > CRL_EXPIRATION_MAX_DAYS) {
        errors.add(`revocation CRL expiration ${expiration.toHumanString()} is not allowed: CRLs expire after ${CRL_EXPIRATION_MIN_DAYS} to ${CRL_EXPIRATION_MAX_DAYS} whole days; use Duration.days(${CRL_EXPIRATION_MIN_DAYS}) to Duration.days(${CRL_EXPIRATION_MAX_DAYS}), for example Duration.days(7)`);
      }
    }
    if (isConcrete(crl.customPath)) {
      const problem = customPathProblem(crl.customPath);
      errors.check(problem !== undefined, `revocation CRL customPath '${crl.customPath}' is not allowed: ${problem}; for example 'crl/issuing'`);
    }
    if (crl.bucket) {
      bucketProblems(ca, crl.bucket, errors);
    }
  }
  const cname = revocation.ocspOptions?.customCname;
  if (isConcrete(cname)) {
    const problem = hostNameProblem(cname);
    errors.check(problem !== undefined, `revocation OCSP customCname '${cname}' is not allowed: ${problem}; for example 'ocsp.example.com'`);
  }
}

/** Whether a CA in the stack of `ca` can write CRLs to `bucket`. */
function bucketProblems(ca: IConstruct, bucket: ICrlBucket, errors: ValidationErrors): void {
  const stack = Stack.of(ca);
  const { account: bucketAccount, region: bucketRegion } = bucket.env;
  if (isConcrete(stack.account) && isConcrete(bucketAccount) && stack.account !== bucketAccount) {
    errors.add(`its CRL bucket is in account ${bucketAccount}, but a CA writes CRLs to a bucket of its own account (${stack.account}) here; use a CrlBucket of account ${stack.account}`);
    return;
  }
  if (!isConcrete(stack.region) || !isConcrete(bucketRegion) || stack.region === bucketRegion) {
    return;
  }
  const pairing = crlServicePrincipals(stack.region, bucketRegion);
  if ('unsupported' in pairing) {
    errors.add(`its CRL bucket is in ${bucketRegion}: ${pairing.unsupported}; use a CrlBucket in ${stack.region}`);
    return;
  }
  if (bucket instanceof CrlBucket && !bucket._namesFixed) {
    errors.add(`its CRL bucket '${bucket.node.path}' is in ${bucketRegion} and this CA in ${stack.region}, and CloudFormation cannot hand a generated bucket name or CloudFront domain across Regions; give that CrlBucket a bucketName, and a domainName with its certificate, or use a CrlBucket in ${stack.region}`);
  }
}

/** What a CA's revocation amounts to, once applied. */
export interface AppliedRevocation {
  /** The bucket the CA writes CRLs to, when CRLs are enabled. */
  readonly crlBucket?: ICrlBucket;
  /** URL of the complete CRL, when CRLs are enabled and not partitioned. */
  readonly crlDistributionPointUrl?: string;
  /** The topic the CRL alarms go to, when there are any. */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Sets the CA's RevocationConfiguration and wires its CRL bucket and alarms. `caArn` is the CA
 * resource's own ARN (events and metrics name it). Call once the CA resource exists.
 */
export function applyRevocation(ca: Construct, resource: acmpca.CfnCertificateAuthority, caArn: string, revocation: Revocation): AppliedRevocation {
  const ocsp: acmpca.CfnCertificateAuthority.OcspConfigurationProperty = revocation.ocspOptions
    ? { enabled: true, ocspCustomCname: revocation.ocspOptions.customCname }
    // A disabled configuration must carry Enabled=false and nothing else (CreateCertificateAuthority).
    : { enabled: false };
  const crl = revocation.crlOptions;
  if (!crl) {
    resource.revocationConfiguration = { crlConfiguration: { enabled: false }, ocspConfiguration: ocsp };
    return {};
  }

  const bucket = crl.bucket ?? defaultCrlBucket(ca);
  const path = crl.customPath ?? DEFAULT_CRL_PATH;
  if (bucket instanceof CrlBucket) {
    bucket.allowCertificateAuthoritiesIn(Stack.of(ca).region);
    if (crl.customPath !== undefined) {
      bucket.addCrlPath(crl.customPath);
    }
    // Private CA writes a test object to the bucket when the CA is created or its CRL settings change,
    // so the bucket policy must exist first: an explicit DependsOn (a stack dependency across stacks).
    resource.node.addDependency(bucket.policy);
  }
  resource.revocationConfiguration = {
    crlConfiguration: {
      enabled: true,
      s3BucketName: bucket.bucketName,
      // With Block Public Access, the only ACL that works (the default, PUBLIC_READ, fails).
      s3ObjectAcl: CRL_S3_OBJECT_ACL,
      customCname: bucket.crlDomainName,
      crlType: crl.partitioned ? CRL_TYPE_PARTITIONED : CRL_TYPE_COMPLETE,
      expirationInDays: (crl.expiration ?? DEFAULT_CRL_EXPIRATION).toDays(),
      customPath: crl.customPath,
    },
    ocspConfiguration: ocsp,
  };

  const caId = Fn.select(1, Fn.split('/', caArn));
  const crlDistributionPointUrl = crl.partitioned ? undefined : `http://${bucket.crlDomainName}/${path}/${caId}.crl`;
  const alarmTopic = (crl.alarms ?? true) ? addCrlAlarms(ca, caArn, crl) : undefined;
  return { crlBucket: bucket, crlDistributionPointUrl, alarmTopic };
}

/** The stack's CRL bucket, created on first use. */
function defaultCrlBucket(scope: IConstruct): CrlBucket {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild(DEFAULT_CRL_BUCKET_ID) as CrlBucket | undefined) ?? new CrlBucket(stack, DEFAULT_CRL_BUCKET_ID);
}

function addCrlAlarms(ca: Construct, caArn: string, crl: CrlOptions): sns.ITopic {
  const own = crl.alarmTopic === undefined ? CrlAlarmTopic.of(ca) : undefined;
  const topic = crl.alarmTopic ?? own!.topic;
  const action = new cloudwatchActions.SnsAction(topic);
  new events.Rule(ca, 'CrlGenerationFailed', {
    description: `cdk-pki: failed CRL generation of ${ca.node.path}`,
    eventPattern: {
      source: [PCA_EVENT_SOURCE],
      detailType: [PCA_CRL_GENERATION_DETAIL_TYPE],
      resources: [caArn],
      detail: { result: [PCA_EVENT_RESULT_FAILURE] },
    },
    // The stack's own topic already lets this account's rules publish; a topic passed in gets aws-cdk-lib's grant.
    targets: [own ? own.ruleTarget : new targets.SnsTopic(topic)],
  });
  new cloudwatch.Alarm(ca, 'MisconfiguredCrlBucketAlarm', {
    alarmDescription: `cdk-pki: AWS Private CA reports that the CRL bucket of ${ca.node.path} is misconfigured; check the bucket policy`,
    metric: misconfiguredCrlBucketMetric(caArn),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(action);
  // UNCONFIRMED: that a failed generation publishes CRLGenerated 0 (AWS documents the metric, not its values).
  new cloudwatch.Alarm(ca, 'CrlNotGeneratedAlarm', {
    alarmDescription: `cdk-pki: AWS Private CA could not generate a CRL of ${ca.node.path}`,
    metric: crlGeneratedMetric(caArn),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }).addAlarmAction(action);
  return topic;
}

/**
 * The stack's topic for CRL alarms: encrypted with its own KMS key (which EventBridge and CloudWatch may
 * use to publish), and refusing publishes without TLS.
 */
export class CrlAlarmTopic extends Construct {
  /** The stack's topic, created on first use. */
  public static of(scope: IConstruct): CrlAlarmTopic {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(CRL_ALARM_TOPIC_ID) as CrlAlarmTopic | undefined) ?? new CrlAlarmTopic(stack, CRL_ALARM_TOPIC_ID);
  }

  public readonly topic: sns.Topic;
  public readonly key: kms.Key;
  /** An EventBridge target for the topic that adds no permission (the topic policy has it). */
  public readonly ruleTarget: events.IRuleTarget;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'cdk-pki: encrypts the CRL alarm topic',
      enableKeyRotation: true,
    });
    // EventBridge and CloudWatch publish to an encrypted topic only with these two key permissions.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmSourcesPublishToTopic',
      principals: [new iam.ServicePrincipal(EVENTS_SERVICE_PRINCIPAL), new iam.ServicePrincipal(CLOUDWATCH_SERVICE_PRINCIPAL)],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.topic = new sns.Topic(this, 'Resource', {
      displayName: 'cdk-pki CRL alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    // EventBridge rules and CloudWatch alarms of this account and Region only.
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'EventBridgeRulesPublish',
      principals: [new iam.ServicePrincipal(EVENTS_SERVICE_PRINCIPAL)],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        ArnLike: { [SOURCE_ARN_CONDITION_KEY]: stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }) },
      },
    }));
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE_PRINCIPAL)],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        StringEquals: { [SOURCE_ACCOUNT_CONDITION_KEY]: stack.account },
        ArnLike: { [SOURCE_ARN_CONDITION_KEY]: stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      },
    }));
    const topicArn = this.topic.topicArn;
    this.ruleTarget = { bind: () => ({ arn: topicArn }) };
  }
}
