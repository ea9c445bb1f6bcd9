import { createHash } from 'node:crypto';
import { Aws, CustomResource, Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, IConstruct } from 'constructs';
import {
  ACM_APPROACHING_EXPIRATION, ACM_CERTIFICATE_ARN_DIMENSION, ACM_DETAIL, ACM_CERTIFICATE_EXPIRED, ACM_DAYS_BEFORE_EXPIRY_DEFAULT,
  ACM_DAYS_BEFORE_EXPIRY_MAX, ACM_DAYS_BEFORE_EXPIRY_MIN, ACM_DAYS_TO_EXPIRY_METRIC, ACM_EVENT_SOURCE, ACM_METRIC_NAMESPACE,
  ACM_RENEWAL_ACTION_REQUIRED, CFN_MAX_RESOURCES_PER_STACK, CLOUDWATCH_NAMESPACE_CONDITION_KEY, CLOUDWATCH_SERVICE_PRINCIPAL,
  CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_ACM_EXPIRATION_PARAMETER, CONFIG_ACM_EXPIRATION_RULE, CONFIG_COMPLIANCE_CHANGE,
  CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE, CONFIG_DETAIL, CONFIG_EVENT_SOURCE, EVENTS_SERVICE_PRINCIPAL, EVENTS_TARGET_INPUT_MAX_LENGTH,
  PRINCIPAL_ARN_CONDITION_KEY, REQUESTED_REGION_CONDITION_KEY, SOURCE_ACCOUNT_CONDITION_KEY,
} from '../private/contracts/aws-strings';
import {
  CA_ARN_DIMENSION, CA_DAYS_TO_EXPIRY_METRIC, CA_EXPIRY_ROLE_PATH, CA_METRIC_NAMESPACE, CA_MONITOR_DIMENSION,
  CaExpiryCheckEvent, CaTarget, FILTER_ENV, INVENTORY_ENV, NotificationKind, notificationText,
} from '../private/contracts/expiry';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isAccountId, isConcrete, isConcreteNumber } from '../private/validation';

/** Which certificates ExpiryAlarms tells the topic about. */
export class CertificateFilter {
  /** Every certificate of the account and Region (the default). */
  public static all(): CertificateFilter {
    return new CertificateFilter();
  }

  /** Only these certificates: their ARNs go into the rules' event patterns (`resources`). */
  public static certificates(certificates: acm.ICertificate[]): CertificateFilter {
    return new CertificateFilter(certificates.map((c) => c.certificateArn));
  }

  /** Only the certificates with these ARNs: they go into the rules' event patterns (`resources`). */
  public static certificateArns(certificateArns: string[]): CertificateFilter {
    return new CertificateFilter([...certificateArns]);
  }

  /**
   * Only certificates that carry every one of these tags (key and value). Event patterns cannot match
   * tags, so the rules send every event to a small Lambda function that reads the certificate's tags and
   * publishes to the topic when they match.
   */
  public static tags(tags: { [key: string]: string }): CertificateFilter {
    return new CertificateFilter(undefined, { ...tags });
  }

  /** ARNs the event patterns match, when filtering by certificate. */
  public readonly arns?: string[];
  /** Tags a certificate must carry, when filtering by tag. */
  public readonly requiredTags?: { [key: string]: string };

  private constructor(arns?: string[], requiredTags?: { [key: string]: string }) {
    this.arns = arns;
    this.requiredTags = requiredTags;
  }
}

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

/** Options of the certificate inventory. */
export interface CertificateInventoryOptions {
  /**
   * Bucket the reports go to.
   * @default - a new bucket: private, SSL only, SSE-S3, retained when the stack is deleted
   */
  readonly bucket?: s3.IBucket;

  /**
   * Prefix of the report keys: `<prefix><yyyy-mm-dd>/certificates.{json,csv}` and `<prefix>latest/…`.
   * @default 'certificate-inventory/'
   */
  readonly keyPrefix?: string;

  /**
   * Tag keys that say who owns a certificate; the report flags certificates that lack any of them.
   * @default - no tag is required, nothing is flagged for tags
   */
  readonly ownerTagKeys?: string[];

  /**
   * When the report is written.
   * @default - once a day
   */
  readonly schedule?: events.Schedule;
}

/** Properties of `ExpiryAlarms`. */
export interface ExpiryAlarmsProps {
  /**
   * Topic every notification and alarm goes to.
   * @default - a new topic, encrypted with a new KMS key (rotated yearly) whose policy lets EventBridge and
   * CloudWatch use it, and a topic policy that allows only this account's EventBridge and CloudWatch, over SSL
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses to subscribe to the topic (each confirms by email).
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * HTTPS endpoints to subscribe to the topic (each confirms by the SNS handshake).
   * @default - none
   */
  readonly httpsEndpoints?: string[];

  /**
   * Days before expiry from which ACM sends a daily `ACM Certificate Approaching Expiration` event for each
   * certificate (`AWS::CertificateManager::Account`), 1 to 45.
   * @default 45
   * @see https://docs.aws.amazon.com/acm/latest/APIReference/API_PutAccountConfiguration.html
   */
  readonly daysBeforeExpiry?: number;

  /**
   * Whether this construct sets the account's ACM expiry-event configuration. There is one per account and
   * Region: exactly one ExpiryAlarms (or other stack) in each account and Region may set it.
   * @default true
   */
  readonly configureAccount?: boolean;

  /**
   * Which certificates the ACM events and the Config rule's findings are sent for.
   * @default CertificateFilter.all()
   */
  readonly filter?: CertificateFilter;

  /**
   * Certificates that get their own CloudWatch alarms on ACM's `DaysToExpiry` metric (warning and critical;
   * missing data counts as breaching, since the metric stops once a certificate has expired). They must be
   * in this stack's account and Region. At most 50: the events and the Config rule cover any number.
   * @default - none
   */
  readonly certificates?: acm.ICertificate[];

  /**
   * Days to expiry at or below which a certificate's warning alarm fires.
   * @default 30
   */
  readonly warningDays?: number;

  /**
   * Days to expiry at or below which a certificate's critical alarm fires; less than `warningDays`.
   * @default 7
   */
  readonly criticalDays?: number;

  /**
   * Whether to deploy the `ACM_CERTIFICATE_EXPIRATION_CHECK` AWS Config managed rule (and send its
   * NON_COMPLIANT findings to the topic). AWS Config must be recording in the account and Region, or the
   * deployment fails: set false where it is not.
   * @default true
   * @see https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html
   */
  readonly configRule?: boolean;

  /**
   * The Config rule's `daysToExpiration`: a certificate that expires within this many days is NON_COMPLIANT.
   * @default - warningDays (30)
   */
  readonly configRuleDaysToExpiration?: number;

  /**
   * CAs whose certificates are checked on a schedule (AWS sends no event for an expiring CA certificate):
   * this library's `RootCaAccount` and `IssuingCa`, or any `acmpca.ICertificateAuthority` that this account
   * may read (any Region). Each gets warning and critical alarms. At most 25 named CAs in all.
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
   * Days to expiry at or below which a CA's warning alarm fires. A CA must be renewed well before the
   * certificates it issues would outlive it.
   * @default 180
   */
  readonly caWarningDays?: number;

  /**
   * Days to expiry at or below which a CA's critical alarm fires; less than `caWarningDays`.
   * @default 60
   */
  readonly caCriticalDays?: number;

  /**
   * A scheduled report of every ACM certificate of the account and Region, written to S3 as JSON and CSV.
   * @default - no inventory
   */
  readonly inventory?: CertificateInventoryOptions;
}

/** Most certificates with their own alarms: two alarms each, far from CloudFormation's 500 resources. */
const MAX_ALARMED_CERTIFICATES = 50;
/** Most named CAs: two alarms each, and their ARNs must fit in the schedule's input (8192 characters). */
const MAX_NAMED_CAS = 25;
/** Characters a CA entry of the schedule input may take when its ARNs are tokens (a long partition and Region). */
const ESTIMATED_CA_ARN_LENGTH = 120;
const ESTIMATED_ROLE_ARN_LENGTH = 140;
const DEFAULT_WARNING_DAYS = 30;
const DEFAULT_CRITICAL_DAYS = 7;
const DEFAULT_CA_WARNING_DAYS = 180;
const DEFAULT_CA_CRITICAL_DAYS = 60;
/** The CA check runs four times a day, so each one-day alarm period holds data even if a run fails. */
const CA_CHECK_RATE = Duration.hours(6);
const DEFAULT_INVENTORY_PREFIX = 'certificate-inventory/';

const EMAIL = /^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/**
 * Where an app keeps the ExpiryAlarms that set AWS::CertificateManager::Account, by account and Region: on the
 * app's root construct, under a global symbol, so that every copy of the library in the app sees the others.
 */
const ACCOUNT_CONFIGURATIONS = Symbol.for('cdk-pki.ExpiryAlarms.accountConfigurations');

/** The app's ExpiryAlarms that set the account's expiry-event configuration, by environmentKey. */
function accountConfigurations(root: IConstruct): Map<string, ExpiryAlarms> {
  const holder = root as unknown as Record<symbol, Map<string, ExpiryAlarms> | undefined>;
  return holder[ACCOUNT_CONFIGURATIONS] ??= new Map<string, ExpiryAlarms>();
}

/** One key per account and Region; a stack whose account or Region is a token is a key of its own. */
function environmentKey(stack: Stack): string {
  return isConcrete(stack.account) && isConcrete(stack.region) ? `${stack.account}/${stack.region}` : `stack:${stack.node.path}`;
}

/**
 * Makes every kind of certificate expiry visible in the account and Region it is deployed to: ACM's expiry
 * events (EventBridge) to an SNS topic with a readable message, the account's `DaysBeforeExpiry`, CloudWatch
 * alarms on `DaysToExpiry` for the certificates that matter most, the `ACM_CERTIFICATE_EXPIRATION_CHECK`
 * Config rule, the expiry of CA certificates (for which AWS sends no event), and optionally an inventory of
 * every certificate.
 *
 * Deploy one in every account and Region that holds certificates or CAs.
 */
export class ExpiryAlarms extends Construct {
  /** The topic every notification and alarm goes to. */
  public readonly topic: sns.ITopic;
  /** The key of the topic, when this construct made the topic. */
  public readonly topicKey?: kms.IKey;
  /** The account's ACM expiry-event configuration, unless `configureAccount` is false. */
  public readonly accountConfiguration?: acm.CfnAccount;
  /** Rules on ACM's `Approaching Expiration`, `Renewal Action Required` and `Expired` events. */
  public readonly approachingExpirationRule: events.Rule;
  public readonly renewalActionRequiredRule: events.Rule;
  public readonly expiredRule: events.Rule;
  /** The Config rule and the rule on its NON_COMPLIANT findings, unless `configRule` is false. */
  public readonly configRule?: config.ManagedRule;
  public readonly configComplianceRule?: events.Rule;
  /** Every alarm of this construct (certificates, CAs, and its functions' errors). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The scheduled CA-expiry function, when CAs are checked. */
  public readonly caExpiryFunction?: lambda.IFunction;
  /** The inventory's bucket, when there is an inventory. */
  public readonly inventoryBucket?: s3.IBucket;
  /** Value of the `Monitor` dimension of the minimum over every CA this construct checks. */
  public readonly monitorId: string;

  /** Days to expiry of the account's certificates: the Config rule's and the alarms' thresholds. */
  public readonly warningDays: number;
  public readonly criticalDays: number;
  public readonly caWarningDays: number;
  public readonly caCriticalDays: number;

  constructor(scope: Construct, id: string, props: ExpiryAlarmsProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    const errors = new ValidationErrors('ExpiryAlarms', this);

    const configureAccount = props.configureAccount ?? true;
    const daysBeforeExpiry = props.daysBeforeExpiry ?? ACM_DAYS_BEFORE_EXPIRY_DEFAULT;
    this.warningDays = props.warningDays ?? DEFAULT_WARNING_DAYS;
    this.criticalDays = props.criticalDays ?? DEFAULT_CRITICAL_DAYS;
    this.caWarningDays = props.caWarningDays ?? DEFAULT_CA_WARNING_DAYS;
    this.caCriticalDays = props.caCriticalDays ?? DEFAULT_CA_CRITICAL_DAYS;
    const configRuleEnabled = props.configRule ?? true;
    const configDays = props.configRuleDaysToExpiration ?? this.warningDays;
    const filter = props.filter ?? CertificateFilter.all();
    const certificates = uniqueBy(props.certificates ?? [], (c) => c.node.path);
    const namedCas: CaTarget[] = uniqueBy([
      ...(props.certificateAuthorities ?? []).map((ca) => ({ Arn: ca.certificateAuthorityArn })),
      ...(props.crossAccountCertificateAuthorities ?? []).map((ca) => ({ Arn: ca.certificateAuthorityArn, RoleArn: ca.roleArn })),
    ], (t) => t.Arn);
    const discover = props.discoverCertificateAuthorities ?? false;

    if (!configureAccount && props.daysBeforeExpiry !== undefined) {
      errors.add(`daysBeforeExpiry ${props.daysBeforeExpiry} has no effect with configureAccount: false; leave daysBeforeExpiry out, or let this ExpiryAlarms configure the account`);
    }
    checkIntegerRange(errors, 'daysBeforeExpiry', props.daysBeforeExpiry, ACM_DAYS_BEFORE_EXPIRY_MIN, ACM_DAYS_BEFORE_EXPIRY_MAX,
      'ACM sends expiry events from 1 to 45 days before expiry (AWS::CertificateManager::Account)');
    checkThresholds(errors, 'warningDays', this.warningDays, 'criticalDays', this.criticalDays);
    checkThresholds(errors, 'caWarningDays', this.caWarningDays, 'caCriticalDays', this.caCriticalDays);
    checkIntegerRange(errors, 'configRuleDaysToExpiration', props.configRuleDaysToExpiration, 1, Number.MAX_SAFE_INTEGER,
      'the Config rule takes a whole number of days');
    if (!configRuleEnabled && props.configRuleDaysToExpiration !== undefined) {
      errors.add('configRuleDaysToExpiration is set but configRule is false; leave it out, or set configRule: true');
    }
    for (const email of props.emailAddresses ?? []) {
      if (isConcrete(email) && !EMAIL.test(email)) {
        errors.add(`emailAddresses: '${email}' is not an email address; use the form name@example.com`);
      }
    }
    for (const url of props.httpsEndpoints ?? []) {
      if (isConcrete(url) && !isHttpsUrl(url)) {
        errors.add(`httpsEndpoints: '${url}' is not an HTTPS URL; use the form https://hooks.example.com/path (SNS delivers over HTTPS only here)`);
      }
    }
    validateFilter(errors, filter);
    if (certificates.length > MAX_ALARMED_CERTIFICATES) {
      errors.add(`certificates names ${certificates.length} certificates; at most ${MAX_ALARMED_CERTIFICATES} get their own alarms (two resources each, `
        + `and a stack holds at most ${CFN_MAX_RESOURCES_PER_STACK}); name only those that matter most: the ACM events and the Config rule cover every certificate`);
    }
    for (const certificate of certificates) {
      checkSameEnvironment(errors, stack, certificate);
    }
    if (namedCas.length > MAX_NAMED_CAS) {
      errors.add(`${namedCas.length} CAs are named; at most ${MAX_NAMED_CAS} get their own alarms. Set discoverCertificateAuthorities: true to check every CA of `
        + 'this account and Region under one pair of alarms, or split the CAs over several ExpiryAlarms in their accounts');
    } else if (estimatedInputLength(namedCas) > EVENTS_TARGET_INPUT_MAX_LENGTH) {
      errors.add(`the CA list would not fit in the schedule's input (${EVENTS_TARGET_INPUT_MAX_LENGTH} characters); name fewer CAs, or use discoverCertificateAuthorities`);
    }
    for (const ca of props.crossAccountCertificateAuthorities ?? []) {
      if (isConcrete(ca.roleArn) && !/^arn:[\w-]+:iam::\d{12}:role\/.+/.test(ca.roleArn)) {
        errors.add(`crossAccountCertificateAuthorities: roleArn '${ca.roleArn}' is not an IAM role ARN; use arn:<partition>:iam::<account>:role/<name>, for example CaExpiryReadRole.roleArnOf('111111111111')`);
      }
      if (isConcrete(ca.certificateAuthorityArn) && !isCaArn(ca.certificateAuthorityArn)) {
        errors.add(`crossAccountCertificateAuthorities: '${ca.certificateAuthorityArn}' is not a certificate authority ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)`);
      }
    }
    if (props.topic && props.topic.fifo === true) {
      errors.add('topic is a FIFO topic; EventBridge and CloudWatch alarms publish to standard topics: pass a standard topic, or leave topic out');
    }
    if (props.inventory) {
      validateInventory(errors, props.inventory);
    }
    if (configureAccount) {
      const other = accountConfigurations(this.node.root).get(environmentKey(stack));
      if (other) {
        errors.add(`ExpiryAlarms '${other.node.path}' already sets ACM's expiry-event configuration for ${describeEnvironment(stack)}; `
          + 'AWS::CertificateManager::Account exists once per account and Region, and a second one would overwrite the first. '
          + 'Set configureAccount: false on one of them');
      }
    }
    errors.throwIfAny();

    this.monitorId = Names.uniqueId(this);

    // The topic and its subscriptions.
    if (props.topic) {
      this.topic = props.topic;
    } else {
      const key = new kms.Key(this, 'TopicKey', {
        description: `cdk-pki: encrypts the certificate-expiry notifications of ${this.node.path}`,
        enableKeyRotation: true,
      });
      this.topicKey = key;
      this.topic = new sns.Topic(this, 'Topic', {
        displayName: 'Certificate expiry',
        masterKey: key,
        enforceSSL: true,
      });
    }
    allowServicesToPublish(this.topic);
    for (const email of props.emailAddresses ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const url of props.httpsEndpoints ?? []) {
      this.topic.addSubscription(new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }));
    }

    if (configureAccount) {
      this.accountConfiguration = new acm.CfnAccount(this, 'AccountConfiguration', {
        expiryEventsConfiguration: { daysBeforeExpiry },
      });
      accountConfigurations(this.node.root).set(environmentKey(stack), this);
    }

    // ACM's events, and the Config rule's findings, to the topic (or through the tag filter).
    const tagFilter = filter.requiredTags ? this.createTagFilter(filter.requiredTags, String(configDays)) : undefined;
    const acmRule = (ruleId: string, detailType: string, kind: NotificationKind, description: string) => new events.Rule(this, ruleId, {
      description: `cdk-pki: ${description}`,
      eventPattern: {
        source: [ACM_EVENT_SOURCE],
        detailType: [detailType],
        ...(filter.arns ? { resources: filter.arns } : {}),
      },
      targets: [tagFilter ?? new TopicTarget(this.topic, acmMessage(kind))],
    });
    this.approachingExpirationRule = acmRule('ApproachingExpirationRule', ACM_APPROACHING_EXPIRATION, 'approaching',
      'ACM certificates approaching expiration, to the expiry topic');
    this.renewalActionRequiredRule = acmRule('RenewalActionRequiredRule', ACM_RENEWAL_ACTION_REQUIRED, 'renewal',
      'ACM certificates that ACM could not renew, to the expiry topic');
    this.expiredRule = acmRule('ExpiredRule', ACM_CERTIFICATE_EXPIRED, 'expired', 'expired ACM certificates, to the expiry topic');

    if (configRuleEnabled) {
      this.configRule = new config.ManagedRule(this, 'ConfigRule', {
        identifier: CONFIG_ACM_EXPIRATION_RULE,
        description: `cdk-pki: ACM certificates that expire within ${configDays} days are NON_COMPLIANT`,
        inputParameters: { [CONFIG_ACM_EXPIRATION_PARAMETER]: configDays },
        ruleScope: config.RuleScope.fromResources([config.ResourceType.of(CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE)]),
        maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      });
      this.configComplianceRule = new events.Rule(this, 'ConfigComplianceRule', {
        description: 'cdk-pki: ACM certificates the expiration Config rule finds NON_COMPLIANT, to the expiry topic',
        eventPattern: {
          source: [CONFIG_EVENT_SOURCE],
          detailType: [CONFIG_COMPLIANCE_CHANGE],
          detail: {
            messageType: [CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE],
            configRuleName: [this.configRule.configRuleName],
            resourceType: [CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE],
            newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
            ...(filter.arns ? { resourceId: filter.arns } : {}),
          },
        },
        targets: [tagFilter ?? new TopicTarget(this.topic, configMessage(String(configDays)))],
      });
    }

    // Alarms on ACM's DaysToExpiry for the certificates that matter most.
    for (const certificate of certificates) {
      const group = new Construct(this, `Certificate${shortHash(certificate.node.path)}`);
      const metric = new cloudwatch.Metric({
        namespace: ACM_METRIC_NAMESPACE,
        metricName: ACM_DAYS_TO_EXPIRY_METRIC,
        dimensionsMap: { [ACM_CERTIFICATE_ARN_DIMENSION]: certificate.certificateArn },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.days(1),
      });
      this.expiryAlarms(group, metric, this.warningDays, this.criticalDays, `ACM certificate ${certificate.certificateArn}`);
    }

    // CA certificates: a scheduled check, a custom metric per CA, alarms on it.
    if (namedCas.length > 0 || discover) {
      this.caExpiryFunction = this.createCaCheck(stack, namedCas, discover, props.certificateAuthorities ?? []);
    }

    if (props.inventory) {
      this.inventoryBucket = this.createInventory(stack, props.inventory);
    }
  }

  /**
   * The custom metric of a CA's days to expiry, as the CA-expiry function publishes it (namespace `cdk-pki`,
   * dimension `CertificateAuthorityArn`; Minimum over one day).
   */
  public metricCaDaysToExpiry(certificateAuthority: acmpca.ICertificateAuthority, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return caMetric({ [CA_ARN_DIMENSION]: certificateAuthority.certificateAuthorityArn }, props);
  }

  /** The fewest days to expiry over every CA this construct checks (dimension `Monitor`). */
  public metricMinimumCaDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return caMetric({ [CA_MONITOR_DIMENSION]: this.monitorId }, props);
  }

  /** A warning and a critical alarm on a days-to-expiry metric; missing data is breaching. */
  private expiryAlarms(scope: Construct, metric: cloudwatch.IMetric, warningDays: number, criticalDays: number, subject: string): void {
    const action = new cw_actions.SnsAction(this.topic);
    for (const [alarmId, days, level] of [['Warning', warningDays, 'WARNING'], ['Critical', criticalDays, 'CRITICAL']] as const) {
      const alarm = new cloudwatch.Alarm(scope, alarmId, {
        metric,
        threshold: days,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: `cdk-pki ${level}: ${subject} expires within ${days} days, or has no data (expired, deleted or unreadable)`,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    }
  }

  /** An alarm on a function's errors. */
  private errorsAlarm(scope: Construct, fn: lambda.IFunction, what: string): void {
    const alarm = new cloudwatch.Alarm(scope, 'ErrorsAlarm', {
      metric: fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `cdk-pki: the ${what} function failed; see its log group`,
    });
    alarm.addAlarmAction(new cw_actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private createTagFilter(tags: { [key: string]: string }, configDays: string): events.IRuleTarget {
    const scope = new Construct(this, 'TagFilter');
    const fn = new LibraryFunction(scope, 'Function', {
      handler: 'expiry-filter',
      description: 'tells the expiry topic about ACM certificates that carry the required tags',
      timeout: Duration.seconds(30),
      environment: {
        [FILTER_ENV.TOPIC_ARN]: this.topic.topicArn,
        [FILTER_ENV.REQUIRED_TAGS]: JSON.stringify(tags),
        [FILTER_ENV.CONFIG_DAYS]: configDays,
      },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ListTagsForCertificate'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    this.topic.grantPublish(fn.role);
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]', `The filter reads the tags of whichever certificate an ACM event names: ${ANY_CERTIFICATE_REASON}`);
    if (this.topic.masterKey) {
      acknowledgeNag(fn, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'aws-cdk-lib\'s grantPublish lets the function make data keys with the topic\'s key, which SNS needs to encrypt what it publishes.');
    }
    this.errorsAlarm(scope, fn.function, 'expiry tag filter');
    return new targets.LambdaFunction(fn.function, { retryAttempts: 4, maxEventAge: Duration.hours(6) });
  }

  private createCaCheck(stack: Stack, namedCas: CaTarget[], discover: boolean, localCas: acmpca.ICertificateAuthority[]): lambda.IFunction {
    const scope = new Construct(this, 'CaExpiry');
    const fn = new LibraryFunction(scope, 'Function', {
      handler: 'ca-expiry',
      description: 'publishes the days to expiry of CA certificates as custom metrics',
      timeout: Duration.minutes(5),
      rolePath: CA_EXPIRY_ROLE_PATH,
    });
    const checkEvent: CaExpiryCheckEvent = {
      CertificateAuthorities: namedCas,
      DiscoverAccountCertificateAuthorities: discover,
      Monitor: this.monitorId,
    };

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

    new events.Rule(scope, 'Schedule', {
      description: 'cdk-pki: checks the CA certificates\' expiry every six hours',
      schedule: events.Schedule.rate(CA_CHECK_RATE),
      targets: [new targets.LambdaFunction(fn.function, { event: events.RuleTargetInput.fromObject(checkEvent), retryAttempts: 2 })],
    });
    // A first check at deployment, so that new CA alarms have data at once instead of breaching for want of it
    // until the first scheduled run. The function answers CloudFormation first, so a failed check never fails
    // the deployment (the alarms and the function's errors alarm report it).
    const firstCheck = new CustomResource(scope, 'FirstCheck', {
      serviceToken: fn.function.functionArn,
      resourceType: 'Custom::PkiCaExpiryCheck',
      properties: { Check: checkEvent },
    });
    firstCheck.node.addDependency(fn);

    for (const target of namedCas) {
      const local = localCas.find((ca) => ca.certificateAuthorityArn === target.Arn);
      const group = new Construct(scope, `Ca${shortHash(local ? local.node.path : target.Arn)}`);
      this.expiryAlarms(group, caMetric({ [CA_ARN_DIMENSION]: target.Arn }), this.caWarningDays, this.caCriticalDays,
        `the certificate (or chain) of CA ${target.Arn}`);
    }
    if (discover) {
      this.expiryAlarms(new Construct(scope, 'AllCas'), this.metricMinimumCaDaysToExpiry(), this.caWarningDays, this.caCriticalDays,
        `a CA of account ${stack.account} in ${stack.region} (the minimum over every CA checked; see the per-CA metric DaysToExpiry in namespace ${CA_METRIC_NAMESPACE})`);
    }
    this.errorsAlarm(scope, fn.function, 'CA-expiry');
    return fn.function;
  }

  private createInventory(stack: Stack, options: CertificateInventoryOptions): s3.IBucket {
    const scope = new Construct(this, 'Inventory');
    const prefix = options.keyPrefix ?? DEFAULT_INVENTORY_PREFIX;
    let bucket = options.bucket;
    if (!bucket) {
      const created = new s3.Bucket(scope, 'Bucket', {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeNag(created, 'AwsSolutions-S1',
        'The bucket holds only the inventory reports one function writes; server access logs would need a bucket of their own for little: CloudTrail records access.');
      bucket = created;
    }
    const fn = new LibraryFunction(scope, 'Function', {
      handler: 'cert-inventory',
      description: 'writes a report of every ACM certificate of the account and Region to S3',
      timeout: Duration.minutes(15),
      memorySize: 512,
      environment: {
        [INVENTORY_ENV.BUCKET]: bucket.bucketName,
        [INVENTORY_ENV.PREFIX]: prefix,
        [INVENTORY_ENV.OWNER_TAG_KEYS]: JSON.stringify(options.ownerTagKeys ?? []),
        [INVENTORY_ENV.ACCOUNT]: Aws.ACCOUNT_ID,
      },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ListCertificates', 'acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    bucket.grantPut(fn.role, `${prefix}*`);
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]',
      `acm:ListCertificates has no resource-level permissions, and the inventory describes every certificate found at run time: ${ANY_CERTIFICATE_REASON}`);
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Action::s3:Abort*]', 'aws-cdk-lib\'s grantPut lets the function abort its own multipart uploads.');
    if (!options.bucket) {
      const created = bucket as s3.Bucket;
      const bucketLogicalId = stack.getLogicalId(created.node.defaultChild as s3.CfnBucket);
      acknowledgeNag(fn, `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
        'The function writes its dated and latest reports under the inventory prefix only.');
    }
    new events.Rule(scope, 'Schedule', {
      description: 'cdk-pki: writes the certificate inventory',
      schedule: options.schedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
    });
    this.errorsAlarm(scope, fn.function, 'certificate inventory');
    return bucket;
  }
}

/** Properties of a `CaExpiryReadRole`. */
export interface CaExpiryReadRoleProps {
  /** Accounts whose ExpiryAlarms read these CAs' certificates. */
  readonly monitoringAccounts: string[];
  /** CAs of this account (any Region) that they may read. */
  readonly certificateAuthorities: acmpca.ICertificateAuthority[];
  /**
   * Name of the role; the monitoring side names it in `crossAccountCertificateAuthorities`.
   * @default CaExpiryReadRole.DEFAULT_ROLE_NAME ('cdk-pki-ca-expiry-reader')
   */
  readonly roleName?: string;
}

/**
 * A role in a CA's account that the CA-expiry function of `ExpiryAlarms` in other accounts assumes to read the
 * CA certificates (`acm-pca:GetCertificateAuthorityCertificate` on the named CAs, nothing else). It trusts only
 * the CA-expiry functions' roles (IAM path `/cdk-pki-ca-expiry/`) of the monitoring accounts.
 */
export class CaExpiryReadRole extends Construct {
  /** Name of the role unless `roleName` says otherwise. */
  public static readonly DEFAULT_ROLE_NAME = 'cdk-pki-ca-expiry-reader';

  /** ARN of the read role in `account`, for `crossAccountCertificateAuthorities`. */
  public static roleArnOf(account: string, roleName?: string): string {
    return `arn:${Aws.PARTITION}:iam::${account}:role/${roleName ?? CaExpiryReadRole.DEFAULT_ROLE_NAME}`;
  }

  public readonly role: iam.Role;
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: CaExpiryReadRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const errors = new ValidationErrors('CaExpiryReadRole', this);
    const roleName = props.roleName ?? CaExpiryReadRole.DEFAULT_ROLE_NAME;
    if (isConcrete(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      errors.add(`roleName '${roleName}' is not an IAM role name; use 1 to 64 letters, digits and +=,.@_-`);
    }
    if (props.monitoringAccounts.length === 0) {
      errors.add('monitoringAccounts is empty; name the accounts whose ExpiryAlarms read these CAs');
    }
    for (const account of props.monitoringAccounts) {
      if (isConcrete(account) && !isAccountId(account)) {
        errors.add(`monitoringAccounts: '${account}' is not an account id; use 12 digits`);
      }
    }
    if (props.certificateAuthorities.length === 0) {
      errors.add('certificateAuthorities is empty; name the CAs the monitoring accounts may read');
    }
    for (const ca of props.certificateAuthorities) {
      const account = isConcrete(ca.certificateAuthorityArn) ? ca.certificateAuthorityArn.split(':')[4] : undefined;
      if (account !== undefined && isConcrete(stack.account) && account !== stack.account) {
        errors.add(`CA ${ca.certificateAuthorityArn} is in account ${account}, not ${stack.account}; make the read role in the CA's own account`);
      }
    }
    errors.throwIfAny();

    const monitoringRoles = props.monitoringAccounts.map((a) => `arn:${Aws.PARTITION}:iam::${a}:role${CA_EXPIRY_ROLE_PATH}*`);
    this.role = new iam.Role(this, 'Resource', {
      roleName,
      description: 'cdk-pki: lets the CA-expiry function of ExpiryAlarms in the monitoring accounts read these CA certificates',
      assumedBy: new iam.CompositePrincipal(...props.monitoringAccounts.map((a) => new iam.AccountPrincipal(a)))
        .withConditions({ ArnLike: { [PRINCIPAL_ARN_CONDITION_KEY]: monitoringRoles } }),
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:GetCertificateAuthorityCertificate'],
      resources: props.certificateAuthorities.map((ca) => ca.certificateAuthorityArn),
    }));
    this.roleArn = this.role.roleArn;
  }
}

/** An SNS target that relies on the topic policy this construct writes (conditioned on this account). */
class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly message: events.RuleTargetInput) {}

  public bind(_rule: events.IRule, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.message };
  }
}

/**
 * EventBridge and CloudWatch alarms of this account may publish to the topic, and use its key. The topic
 * policy names the source account (confused-deputy guard). The key policy follows the shape AWS documents for
 * encrypted topics with AWS event sources (sns-key-management.html#compatibility-with-aws-services), without
 * conditions: the services call KMS through SNS for this topic only. For an imported topic both calls do
 * nothing: its owner must allow the same.
 */
function allowServicesToPublish(topic: sns.ITopic): void {
  const principals = [new iam.ServicePrincipal(EVENTS_SERVICE_PRINCIPAL), new iam.ServicePrincipal(CLOUDWATCH_SERVICE_PRINCIPAL)];
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ExpiryNotificationsFromThisAccount',
    principals,
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { [SOURCE_ACCOUNT_CONDITION_KEY]: Aws.ACCOUNT_ID } },
  }));
  topic.masterKey?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'ExpiryNotificationsEncryptForTopic',
    principals,
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
  }));
}

/**
 * Plain text for the topic: an input transformer whose template is not JSON, which EventBridge delivers as it is
 * (API_InputTransformer.html: "InputTemplate": "<instance> is in state <status>"). RuleTargetInput.fromText would
 * JSON-encode the text, and the email would show it in quotes.
 */
class PlainTextInput extends events.RuleTargetInput {
  constructor(private readonly template: string, private readonly paths: Record<string, string>) {
    super();
  }

  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return { inputTemplate: this.template, inputPathsMap: this.paths };
  }
}

/** Where each field of a notification is in an ACM event. */
const ACM_EVENT_PATHS: Record<string, string> = {
  certificateArn: '$.resources[0]',
  commonName: `$.detail.${ACM_DETAIL.COMMON_NAME}`,
  account: '$.account',
  region: '$.region',
  daysToExpiry: `$.detail.${ACM_DETAIL.DAYS_TO_EXPIRY}`,
  renewalStatusReason: `$.detail.${ACM_DETAIL.RENEWAL_STATUS_REASON}`,
  expirationDate: `$.detail.${ACM_DETAIL.EXPIRATION_DATE}`,
};

/** The readable message of an ACM event, from the event's fields. */
function acmMessage(kind: NotificationKind): events.RuleTargetInput {
  return placeholderMessage(kind, ACM_EVENT_PATHS, {});
}

/** The message of a Config NON_COMPLIANT finding. */
function configMessage(configDays: string): events.RuleTargetInput {
  return placeholderMessage('config', {
    certificateArn: `$.detail.${CONFIG_DETAIL.RESOURCE_ID}`,
    account: '$.account',
    region: '$.region',
    configRuleName: `$.detail.${CONFIG_DETAIL.RULE_NAME}`,
  }, { configDays });
}

/** The notification text with `<field>` placeholders, and the paths of the fields it uses. */
function placeholderMessage(kind: NotificationKind, paths: Record<string, string>, values: Record<string, string>): events.RuleTargetInput {
  const fields = Object.fromEntries(Object.keys(paths).map((k) => [k, `<${k}>`]));
  const template = notificationText(kind, { ...fields, ...values });
  const used = Object.fromEntries(Object.entries(paths).filter(([k]) => template.includes(`<${k}>`)));
  return new PlainTextInput(template, used);
}

function caMetric(dimensionsMap: Record<string, string>, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CA_METRIC_NAMESPACE,
    metricName: CA_DAYS_TO_EXPIRY_METRIC,
    dimensionsMap,
    statistic: cloudwatch.Stats.MINIMUM,
    period: Duration.days(1),
    ...props,
  });
}

/**
 * Why `Resource: *` for ACM's per-certificate actions: ACM certificates have no resource policies, so an identity
 * policy reaches this account's certificates only, and aws:RequestedRegion keeps it to this Region. (The ARN pattern
 * arn:<partition>:acm:<region>:<account>:certificate/* would say the same, but its cdk-nag finding id contains '::',
 * which aws-cdk-lib's Validations.acknowledge refuses, so it could not be acknowledged.)
 */
const ANY_CERTIFICATE_REASON = 'ACM certificates have no resource policies, so * means this account\'s certificates, and aws:RequestedRegion limits it to this Region.';

/** Calls in this stack's Region only. */
function thisRegionOnly(): Record<string, unknown> {
  return { StringEquals: { [REQUESTED_REGION_CONDITION_KEY]: Aws.REGION } };
}

function checkIntegerRange(errors: ValidationErrors, name: string, value: number | undefined, min: number, max: number, why: string): void {
  if (!isConcreteNumber(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`;
    errors.add(`${name} ${value} is not allowed: ${why}; use ${range}`);
  }
}

function checkThresholds(errors: ValidationErrors, warningName: string, warning: number, criticalName: string, critical: number): void {
  const before = errors.count;
  checkIntegerRange(errors, warningName, warning, 1, Number.MAX_SAFE_INTEGER, 'alarm thresholds are days to expiry');
  checkIntegerRange(errors, criticalName, critical, 1, Number.MAX_SAFE_INTEGER, 'alarm thresholds are days to expiry');
  if (errors.count === before && isConcreteNumber(warning) && isConcreteNumber(critical) && critical >= warning) {
    errors.add(`${criticalName} ${critical} must be less than ${warningName} ${warning}: the critical alarm fires closer to expiry than the warning; `
      + `for example ${warningName}: ${Math.max(critical + 1, warning)}, ${criticalName}: ${Math.min(critical, warning - 1) || 1}`);
  }
}

function validateFilter(errors: ValidationErrors, filter: CertificateFilter): void {
  if (filter.arns !== undefined) {
    if (filter.arns.length === 0) {
      errors.add('filter: CertificateFilter.certificates() or certificateArns() with no certificate would match nothing; name at least one, or use CertificateFilter.all()');
    }
    for (const arn of filter.arns) {
      if (isConcrete(arn) && !/^arn:[\w-]+:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(arn)) {
        errors.add(`filter: '${arn}' is not an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>)`);
      }
    }
  }
  if (filter.requiredTags !== undefined) {
    const keys = Object.keys(filter.requiredTags);
    if (keys.length === 0) {
      errors.add('filter: CertificateFilter.tags() with no tag would match every certificate through a Lambda function; name at least one tag, or use CertificateFilter.all()');
    }
    for (const key of keys) {
      if (!Token.isUnresolved(key) && !TAG_KEY.test(key)) {
        errors.add(`filter: tag key '${key}' is not a valid tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@`);
      }
    }
  }
}

function validateInventory(errors: ValidationErrors, options: CertificateInventoryOptions): void {
  const prefix = options.keyPrefix;
  if (isConcrete(prefix) && (prefix.startsWith('/') || (prefix !== '' && !prefix.endsWith('/')) || /[*?]/.test(prefix))) {
    errors.add(`inventory.keyPrefix '${prefix}' is not allowed; use a prefix such as 'certificate-inventory/' (no leading '/', a trailing '/', no wildcards), or ''`);
  }
  for (const key of options.ownerTagKeys ?? []) {
    if (isConcrete(key) && !TAG_KEY.test(key)) {
      errors.add(`inventory.ownerTagKeys: '${key}' is not a valid tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@`);
    }
  }
}

/** A certificate's alarms must be where its metric is: its own account and Region. */
function checkSameEnvironment(errors: ValidationErrors, stack: Stack, certificate: acm.ICertificate): void {
  const arn = certificate.certificateArn;
  const [, , , region, account] = isConcrete(arn) ? arn.split(':') : [];
  const certRegion = region ?? (isConcrete(certificate.env.region) ? certificate.env.region : undefined);
  const certAccount = account ?? (isConcrete(certificate.env.account) ? certificate.env.account : undefined);
  if (certRegion && isConcrete(stack.region) && certRegion !== stack.region) {
    errors.add(`certificate ${arn} is in ${certRegion}, but this stack is in ${stack.region}: ACM publishes DaysToExpiry in the certificate's Region `
      + 'and an alarm can only watch its own Region; put its alarm in an ExpiryAlarms of a stack in that Region (CloudFront certificates live in us-east-1)');
  }
  if (certAccount && isConcrete(stack.account) && certAccount !== stack.account) {
    errors.add(`certificate ${arn} is in account ${certAccount}, but this stack is in ${stack.account}; deploy an ExpiryAlarms in that account`);
  }
}

function estimatedInputLength(cas: CaTarget[]): number {
  const length = (value: string | undefined, estimate: number) => (value === undefined ? 0 : isConcrete(value) ? value.length : estimate);
  return 200 + cas.reduce((sum, t) => sum + 30 + length(t.Arn, ESTIMATED_CA_ARN_LENGTH) + length(t.RoleArn, ESTIMATED_ROLE_ARN_LENGTH), 0);
}

function isCaArn(arn: string): boolean {
  return /^arn:[\w-]+:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[\w-]+$/.test(arn);
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && !/\s/.test(value);
  } catch {
    return false;
  }
}

function describeEnvironment(stack: Stack): string {
  return isConcrete(stack.account) && isConcrete(stack.region) ? `account ${stack.account} in ${stack.region}` : `stack ${stack.stackName}`;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Eight hex characters that name a certificate's or CA's alarms stably (construct path, or ARN for other accounts). */
function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}
