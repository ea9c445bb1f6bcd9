import { CustomResource, Duration, Names, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CLOUDWATCH_NAMESPACE_CONDITION_KEY } from '../private/contracts/aws-strings';
import {
  CA_ARN_DIMENSION, CA_EXPIRY_ROLE_PATH, CA_METRIC_NAMESPACE, CA_MONITOR_DIMENSION, CaExpiryCheckEvent, CaTarget,
} from '../private/contracts/expiry';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isConcrete } from '../private/validation';
import { caMetric, errorsAlarm, expiryAlarmPair } from './private/alarms';
import { checkCaTargets, checkTopic } from './private/checks';
import { checkThresholds, fromDuration } from './private/days';
import { DEFAULT_CA_CRITICAL, DEFAULT_CA_WARNING } from './private/defaults';
import { allowServicesToPublish } from './private/topic';
import { caTargets, shortHash, thisRegionOnly } from './private/util';

/** The CA check runs four times a day, so each one-day alarm period holds data even if a run fails. */
const CA_CHECK_RATE = Duration.hours(6);

/** A CA in another account, read through a role there (for example a `CaExpiryReadRole`). */
export interface CrossAccountCertificateAuthority {
  /** ARN of the CA. */
  readonly certificateAuthorityArn: string;
  /**
   * Role in the CA's account that may call `acm-pca:GetCertificateAuthorityCertificate` on it and trusts the
   * CA-expiry function of this account; `CaExpiryReadRole.roleArnOf(account)` names the default one.
   */
  readonly roleArn: string;
}

/** Properties of `CaExpiryMonitor`. */
export interface CaExpiryMonitorProps {
  /**
   * CAs whose certificates are checked: this library's `RootCaAccount` and `IssuingCa`, or any
   * `acmpca.ICertificateAuthority` that this account may read (any Region). Each gets warning and critical
   * alarms. At most 25 named CAs in all.
   * @default - none
   */
  readonly certificateAuthorities?: acmpca.ICertificateAuthority[];

  /**
   * CAs in other accounts, read through a role in their account.
   * @default - none
   */
  readonly crossAccountCertificateAuthorities?: CrossAccountCertificateAuthority[];

  /**
   * Also check every CA that this account owns in this Region, found at each run (paginated listing); one
   * pair of alarms on the minimum covers them all, however many there are.
   * @default false
   */
  readonly discoverCertificateAuthorities?: boolean;

  /**
   * Topic the alarms go to. Its policy (and its key's, when this stack made it) is extended so that this
   * account's CloudWatch alarms (and EventBridge) may publish to it.
   * @default - no action: add your own to `alarms`
   */
  readonly topic?: sns.ITopic;

  /**
   * Days to expiry at or below which a CA's warning alarm fires, in whole days. A CA must be renewed well
   * before the certificates it issues would outlive it.
   * @default Duration.days(180)
   */
  readonly warningThreshold?: Duration;

  /**
   * Days to expiry at or below which a CA's critical alarm fires, in whole days; less than `warningThreshold`.
   * @default Duration.days(60)
   */
  readonly criticalThreshold?: Duration;

  /**
   * Value of the `Monitor` dimension of the minimum over every CA this construct checks.
   * @default - the construct's unique id (`Names.uniqueId`)
   */
  readonly monitorId?: string;
}

/**
 * Expiry of CA certificates, for which AWS sends no event: a Lambda function reads the certificate (and chain)
 * of each CA every six hours and once at deployment, publishes its days to expiry as the custom metric
 * `DaysToExpiry` (namespace `cdk-pki`, dimension `CertificateAuthorityArn`, and the minimum under dimension
 * `Monitor`), and CloudWatch alarms watch it. CAs in other accounts are read through a role there
 * (`CaExpiryReadRole`).
 */
export class CaExpiryMonitor extends Construct {
  /** The function that checks the CAs. */
  public readonly checkFunction: lambda.IFunction;
  /** Value of the `Monitor` dimension of the minimum over every CA this construct checks. */
  public readonly monitorId: string;
  /** Every alarm of this construct: warning and critical per CA (and on the minimum), then the function's errors. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: CaExpiryMonitorProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const warning = fromDuration('warningThreshold', props.warningThreshold ?? DEFAULT_CA_WARNING);
    const critical = fromDuration('criticalThreshold', props.criticalThreshold ?? DEFAULT_CA_CRITICAL);
    const discover = props.discoverCertificateAuthorities ?? false;
    const namedCas = caTargets(props.certificateAuthorities ?? [], props.crossAccountCertificateAuthorities ?? []);
    this.monitorId = props.monitorId ?? Names.uniqueId(this);

    const errors = new ValidationErrors('CaExpiryMonitor', this);
    if (namedCas.length === 0 && !discover) {
      errors.add('no CA is named and discoverCertificateAuthorities is false, so there is nothing to check; '
        + 'name certificateAuthorities or crossAccountCertificateAuthorities, or set discoverCertificateAuthorities: true');
    }
    checkThresholds(errors, warning, critical);
    checkCaTargets(errors, namedCas, props.crossAccountCertificateAuthorities ?? [], 'CaExpiryMonitor');
    if (isConcrete(this.monitorId) && !/^[\x21-\x7e][\x20-\x7e]{0,254}$/.test(this.monitorId)) {
      errors.add(`monitorId '${this.monitorId}' is not a CloudWatch dimension value this construct can use; use 1 to 255 printable ASCII characters`);
    }
    checkTopic(errors, props.topic);
    errors.throwIfAny();

    if (props.topic) {
      allowServicesToPublish(props.topic);
    }
    const fn = new LibraryFunction(this, 'Function', {
      handler: 'ca-expiry',
      description: 'publishes the days to expiry of CA certificates as custom metrics',
      timeout: Duration.minutes(5),
      rolePath: CA_EXPIRY_ROLE_PATH,
    });
    this.checkFunction = fn.function;
    const checkEvent: CaExpiryCheckEvent = {
      CertificateAuthorities: namedCas,
      DiscoverAccountCertificateAuthorities: discover,
      Monitor: this.monitorId,
    };
    grantChecks(fn, namedCas, discover);

    new events.Rule(this, 'Schedule', {
      description: 'cdk-pki: checks the CA certificates\' expiry every six hours',
      schedule: events.Schedule.rate(CA_CHECK_RATE),
      targets: [new targets.LambdaFunction(fn.function, { event: events.RuleTargetInput.fromObject(checkEvent), retryAttempts: 2 })],
    });
    // A first check at deployment, so that new CA alarms have data at once instead of breaching for want of it
    // until the first scheduled run. The function answers CloudFormation first, so a failed check never fails
    // the deployment (the alarms and the function's errors alarm report it).
    const firstCheck = new CustomResource(this, 'FirstCheck', {
      serviceToken: fn.function.functionArn,
      resourceType: 'Custom::PkiCaExpiryCheck',
      properties: { Check: checkEvent },
    });
    firstCheck.node.addDependency(fn);

    const pair = (group: Construct, metric: cloudwatch.IMetric, subject: string) => {
      const alarms = expiryAlarmPair(group, metric, warning.days, critical.days, subject, props.topic);
      this.alarms.push(alarms.warning, alarms.critical);
    };
    const localCas = props.certificateAuthorities ?? [];
    for (const target of namedCas) {
      const local = localCas.find((ca) => ca.certificateAuthorityArn === target.Arn);
      pair(new Construct(this, `Ca${shortHash(local ? local.node.path : target.Arn)}`), caMetric({ [CA_ARN_DIMENSION]: target.Arn }),
        `the certificate (or chain) of CA ${target.Arn}`);
    }
    if (discover) {
      pair(new Construct(this, 'AllCas'), this.metricMinimumDaysToExpiry(),
        `a CA of account ${stack.account} in ${stack.region} (the minimum over every CA checked; see the per-CA metric DaysToExpiry in namespace ${CA_METRIC_NAMESPACE})`);
    }
    this.alarms.push(errorsAlarm(this, fn.function, 'CA-expiry', props.topic));
  }

  /**
   * The custom metric of a CA's days to expiry, as the function publishes it (namespace `cdk-pki`, dimension
   * `CertificateAuthorityArn`; Minimum over one day).
   */
  public metricDaysToExpiry(certificateAuthority: acmpca.ICertificateAuthority, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return caMetric({ [CA_ARN_DIMENSION]: certificateAuthority.certificateAuthorityArn }, props);
  }

  /** The fewest days to expiry over every CA this construct checks (dimension `Monitor`; Minimum over one day). */
  public metricMinimumDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return caMetric({ [CA_MONITOR_DIMENSION]: this.monitorId }, props);
  }
}

/** What the function may do: read the named CAs, assume the named roles, with discovery list and read this Region's CAs, publish metrics. */
function grantChecks(fn: LibraryFunction, namedCas: CaTarget[], discover: boolean): void {
  const ownReads = namedCas.filter((t) => !t.RoleArn).map((t) => t.Arn);
  if (ownReads.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['acm-pca:GetCertificateAuthorityCertificate'], resources: ownReads }));
  }
  const roles = [...new Set(namedCas.flatMap((t) => (t.RoleArn ? [t.RoleArn] : [])))];
  if (roles.length > 0) {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: roles }));
  }
  if (discover) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm-pca:ListCertificateAuthorities', 'acm-pca:GetCertificateAuthorityCertificate'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]',
      'acm-pca:ListCertificateAuthorities has no resource-level permissions, and with discoverCertificateAuthorities the function reads the '
      + 'certificate of every CA of this Region, found at run time (limited to this Region by aws:RequestedRegion; CA certificates are public); '
      + 'cloudwatch:PutMetricData has no resource-level permissions and is limited to the cdk-pki namespace by condition.');
  } else {
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]',
      'cloudwatch:PutMetricData has no resource-level permissions; it is limited to the cdk-pki namespace by condition.');
  }
  fn.addToRolePolicy(new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { [CLOUDWATCH_NAMESPACE_CONDITION_KEY]: CA_METRIC_NAMESPACE } },
  }));
}
