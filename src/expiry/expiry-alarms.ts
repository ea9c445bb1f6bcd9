import { Duration, Names } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AcmExpiryEvents } from './acm-expiry-events';
import { CaExpiryMonitor, CrossAccountCertificateAuthority } from './ca-expiry-monitor';
import { CertificateExpiryAlarms } from './certificate-expiry-alarms';
import { CertificateExpiryRule } from './certificate-expiry-rule';
import { CertificateFilter } from './certificate-filter';
import { CertificateInventory, CertificateInventoryOptions } from './certificate-inventory';
import { regionWithoutExpirationRule } from '../private/config-rule-region';
import { ValidationErrors } from '../private/validation';
import { caMetric } from './private/alarms';
import { forwardCaRenewalEvents } from './private/ca-renewal-events';
import { forwardToCentralBus } from './private/central-bus';
import { durationOrDays, fromDuration, toDuration as days } from './private/days';
import { DEFAULT_CA_CRITICAL, DEFAULT_CA_WARNING, DEFAULT_CRITICAL, DEFAULT_WARNING } from './private/defaults';
import { checkExpiryAlarms } from './private/expiry-alarms-checks';
import { EXPIRY_ALARMS_SYMBOL, isMarked, mark } from './private/markers';
import { notificationTopic } from './private/topic';
import { caTargets, shortHash, uniqueBy } from './private/util';
import { CA_ARN_DIMENSION, CA_MONITOR_DIMENSION } from '../private/contracts/expiry';

// Importable from this module as before the split into constructs by job.
export { CaExpiryReadRole } from './ca-expiry-read-role';
export type { CaExpiryReadRoleProps } from './ca-expiry-read-role';
export { CertificateFilter } from './certificate-filter';
export type { CertificateInventoryOptions } from './certificate-inventory';
export type { CrossAccountCertificateAuthority } from './ca-expiry-monitor';

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
   * How long before expiry ACM starts sending a daily `ACM Certificate Approaching Expiration` event for each
   * certificate (`DaysBeforeExpiry` of `AWS::CertificateManager::Account`): whole days, 1 to 45.
   * @default Duration.days(45)
   * @see https://docs.aws.amazon.com/acm/latest/APIReference/API_PutAccountConfiguration.html
   */
  readonly eventsBeforeExpiry?: Duration;

  /**
   * Days before expiry from which ACM sends a daily `ACM Certificate Approaching Expiration` event, 1 to 45.
   * @default 45
   * @deprecated use `eventsBeforeExpiry`
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
   * Days to expiry at or below which a certificate's warning alarm fires, in whole days.
   * @default Duration.days(30)
   */
  readonly warningThreshold?: Duration;

  /**
   * Days to expiry at or below which a certificate's warning alarm fires.
   * @default 30
   * @deprecated use `warningThreshold`
   */
  readonly warningDays?: number;

  /**
   * Days to expiry at or below which a certificate's critical alarm fires, in whole days; less than `warningThreshold`.
   * @default Duration.days(7)
   */
  readonly criticalThreshold?: Duration;

  /**
   * Days to expiry at or below which a certificate's critical alarm fires.
   * @default 7
   * @deprecated use `criticalThreshold`
   */
  readonly criticalDays?: number;

  /**
   * Whether to deploy the `ACM_CERTIFICATE_EXPIRATION_CHECK` AWS Config managed rule (and send its
   * NON_COMPLIANT findings to the topic). AWS Config must be recording in the account and Region, or the
   * deployment fails: set false where it is not. In a Region where AWS Config does not offer the rule (Osaka,
   * Melbourne, Milan, Tel Aviv, Calgary, Spain, Zurich, China, GovCloud and others), it is left out with a
   * warning by default, and `configRule: true` fails synthesis there.
   * @default - true where AWS Config offers the rule
   * @see https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html
   */
  readonly configRule?: boolean;

  /**
   * The Config rule's `daysToExpiration`: a certificate that expires within this time is NON_COMPLIANT.
   * @default - the warning threshold (30 days)
   */
  readonly configRuleThreshold?: Duration;

  /**
   * The Config rule's `daysToExpiration`.
   * @default - warningDays (30)
   * @deprecated use `configRuleThreshold`
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
   * Days to expiry at or below which a CA's warning alarm fires, in whole days. A CA must be renewed well
   * before the certificates it issues would outlive it.
   * @default Duration.days(180)
   */
  readonly caWarningThreshold?: Duration;

  /**
   * Days to expiry at or below which a CA's warning alarm fires.
   * @default 180
   * @deprecated use `caWarningThreshold`
   */
  readonly caWarningDays?: number;

  /**
   * Days to expiry at or below which a CA's critical alarm fires, in whole days; less than `caWarningThreshold`.
   * @default Duration.days(60)
   */
  readonly caCriticalThreshold?: Duration;

  /**
   * Days to expiry at or below which a CA's critical alarm fires.
   * @default 60
   * @deprecated use `caCriticalThreshold`
   */
  readonly caCriticalDays?: number;

  /**
   * A scheduled report of every ACM certificate of the account and Region, written to S3 as JSON and CSV.
   * @default - no inventory
   */
  readonly inventory?: CertificateInventoryOptions;

  /**
   * Send the account's CA certificate renewal events (IssuingCa's automatic renewal: renewed, capped by the parent,
   * failed; source `cdk-pki.ca-renewal`) to the topic.
   * @default true
   */
  readonly caRenewalEvents?: boolean;

  /**
   * A central event bus (a `PkiEventBus` in the security account; any account and Region of this partition) that gets,
   * through one rule and a role that may put events on that bus only, what goes to the topic (ACM's events, the Config
   * rule's findings, the CA renewal and retirement events) and the state changes of the expiry alarms. With a tag
   * `filter`, every ACM event of the account goes (an event pattern cannot read tags).
   * @default - no forwarding
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
   */
  readonly centralEventBus?: events.IEventBus;
}

/**
 * Makes every kind of certificate expiry visible in the account and Region it is deployed to, by composing the
 * expiry constructs with one topic: `AcmExpiryEvents` (ACM's expiry events to the topic with a readable message,
 * and the account's `DaysBeforeExpiry`), `CertificateExpiryAlarms` for the certificates that matter most,
 * `CertificateExpiryRule` (the `ACM_CERTIFICATE_EXPIRATION_CHECK` Config rule), `CaExpiryMonitor` (the expiry
 * of CA certificates, for which AWS sends no event), and optionally a `CertificateInventory`.
 *
 * Deploy one in every account and Region that holds certificates or CAs. Each part can also be used alone.
 */
export class ExpiryAlarms extends Construct {
  /** Whether `x` is an `ExpiryAlarms` (of any copy of this library in the app). */
  public static isExpiryAlarms(x: any): x is ExpiryAlarms {
    return isMarked(x, EXPIRY_ALARMS_SYMBOL);
  }

  /** The topic every notification and alarm goes to. */
  public readonly topic: sns.ITopic;
  /** The key of the topic, when this construct made the topic. */
  public readonly topicKey?: kms.IKey;
  /** ACM's events (and the Config rule's findings) to the topic, and the account's configuration. */
  public readonly acmExpiryEvents: AcmExpiryEvents;
  /** The account's ACM expiry-event configuration, unless `configureAccount` is false. */
  public readonly accountConfiguration?: acm.CfnAccount;
  /** The rule on ACM's `Approaching Expiration` events. */
  public readonly approachingExpirationRule: events.Rule;
  /** The rule on ACM's `Renewal Action Required` events. */
  public readonly renewalActionRequiredRule: events.Rule;
  /** The rule on ACM's `Expired` events. */
  public readonly expiredRule: events.Rule;
  /** The Config rule, unless `configRule` is false. */
  public readonly configRule?: CertificateExpiryRule;
  /** The rule on the Config rule's NON_COMPLIANT findings, unless `configRule` is false. */
  public readonly configComplianceRule?: events.Rule;
  /** The rule on the CA renewal events, unless `caRenewalEvents` is false. */
  public readonly caRenewalRule?: events.Rule;
  /** The alarms of each certificate in `certificates`. */
  public readonly certificateAlarms: CertificateExpiryAlarms[] = [];
  /** The CA-expiry check, when CAs are checked. */
  public readonly caExpiryMonitor?: CaExpiryMonitor;
  /** The certificate inventory, when there is one. */
  public readonly inventory?: CertificateInventory;
  /** Every alarm of this construct (certificates, CAs, and its functions' errors). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The scheduled CA-expiry function, when CAs are checked. */
  public readonly caExpiryFunction?: lambda.IFunction;
  /** The inventory's bucket, when there is an inventory. */
  public readonly inventoryBucket?: s3.IBucket;
  /** Value of the `Monitor` dimension of the minimum over every CA this construct checks. */
  public readonly monitorId: string;
  /** The rule that forwards to `centralEventBus`, when there is one. */
  public readonly centralEventBusRule?: events.Rule;
  /** The role of that rule: `events:PutEvents` on the central bus, nothing else. */
  public readonly centralEventBusRole?: iam.IRole;

  /** Days to expiry at or below which a certificate's warning alarm fires. */
  public readonly warningThreshold: Duration;
  /** Days to expiry at or below which a certificate's critical alarm fires. */
  public readonly criticalThreshold: Duration;
  /** Days to expiry at or below which a CA's warning alarm fires. */
  public readonly caWarningThreshold: Duration;
  /** Days to expiry at or below which a CA's critical alarm fires. */
  public readonly caCriticalThreshold: Duration;
  /** The certificates' warning threshold in days. @deprecated use `warningThreshold` */
  public readonly warningDays: number;
  /** The certificates' critical threshold in days. @deprecated use `criticalThreshold` */
  public readonly criticalDays: number;
  /** The CAs' warning threshold in days. @deprecated use `caWarningThreshold` */
  public readonly caWarningDays: number;
  /** The CAs' critical threshold in days. @deprecated use `caCriticalThreshold` */
  public readonly caCriticalDays: number;

  constructor(scope: Construct, id: string, props: ExpiryAlarmsProps = {}) {
    super(scope, id);
    mark(this, EXPIRY_ALARMS_SYMBOL);
    const errors = new ValidationErrors('ExpiryAlarms', this);

    const pick = (durationName: keyof ExpiryAlarmsProps, daysName: keyof ExpiryAlarmsProps) => durationOrDays(errors,
      { name: durationName, value: props[durationName] as Duration | undefined }, { name: daysName, value: props[daysName] as number | undefined });
    const before = pick('eventsBeforeExpiry', 'daysBeforeExpiry');
    const warning = pick('warningThreshold', 'warningDays') ?? fromDuration('warningThreshold', DEFAULT_WARNING);
    const critical = pick('criticalThreshold', 'criticalDays') ?? fromDuration('criticalThreshold', DEFAULT_CRITICAL);
    const caWarning = pick('caWarningThreshold', 'caWarningDays') ?? fromDuration('caWarningThreshold', DEFAULT_CA_WARNING);
    const caCritical = pick('caCriticalThreshold', 'caCriticalDays') ?? fromDuration('caCriticalThreshold', DEFAULT_CA_CRITICAL);
    const configDays = pick('configRuleThreshold', 'configRuleDaysToExpiration');
    const configureAccount = props.configureAccount ?? true;
    const ruleRegion = regionWithoutExpirationRule(this);
    const configRuleEnabled = props.configRule ?? ruleRegion === undefined;
    const filter = props.filter ?? CertificateFilter.all();
    const certificates = uniqueBy(props.certificates ?? [], (c) => c.node.path);
    const namedCas = caTargets(props.certificateAuthorities ?? [], props.crossAccountCertificateAuthorities ?? []);
    const discover = props.discoverCertificateAuthorities ?? false;

    // Every problem of every part, named by this construct's props, in one message.
    const thresholds = { before, warning, critical, caWarning, caCritical, configDays };
    checkExpiryAlarms(errors, this, props, { ...thresholds, configureAccount, configRuleEnabled, ruleRegion, filter, certificates, namedCas });
    errors.throwIfAny();

    this.monitorId = Names.uniqueId(this);
    this.warningThreshold = days(warning);
    this.criticalThreshold = days(critical);
    this.caWarningThreshold = days(caWarning);
    this.caCriticalThreshold = days(caCritical);
    this.warningDays = warning.days;
    this.criticalDays = critical.days;
    this.caWarningDays = caWarning.days;
    this.caCriticalDays = caCritical.days;

    const made = notificationTopic(this, props, 'Certificate expiry', `the certificate-expiry notifications of ${this.node.path}`);
    this.topic = made.topic;
    this.topicKey = made.key;

    // The parts, with the construct ids their resources had when they were all this construct's own: every
    // logical id stays. The events take the id 'Default', which CDK leaves out of logical ids, so that the
    // account configuration and the rules keep the ids they had directly under this construct.
    if (configRuleEnabled) {
      this.configRule = new CertificateExpiryRule(this, 'ConfigRule', { threshold: days(configDays ?? warning) });
    }
    this.acmExpiryEvents = new AcmExpiryEvents(this, 'Default', {
      topic: this.topic,
      eventsBeforeExpiry: before && days(before),
      configureAccount,
      filter,
      configRule: this.configRule,
    });
    this.accountConfiguration = this.acmExpiryEvents.accountConfiguration;
    this.approachingExpirationRule = this.acmExpiryEvents.approachingExpirationRule;
    this.renewalActionRequiredRule = this.acmExpiryEvents.renewalActionRequiredRule;
    this.expiredRule = this.acmExpiryEvents.expiredRule;
    this.configComplianceRule = this.acmExpiryEvents.configComplianceRule;
    this.caRenewalRule = (props.caRenewalEvents ?? true) ? forwardCaRenewalEvents(this, 'CaRenewalRule', this.topic) : undefined;
    this.alarms.push(...(this.acmExpiryEvents.tagFilterErrorsAlarm ? [this.acmExpiryEvents.tagFilterErrorsAlarm] : []));

    for (const certificate of certificates) {
      const alarms = new CertificateExpiryAlarms(this, `Certificate${shortHash(certificate.node.path)}`, {
        certificate, topic: this.topic, warningThreshold: this.warningThreshold, criticalThreshold: this.criticalThreshold,
      });
      this.certificateAlarms.push(alarms);
      this.alarms.push(alarms.warningAlarm, alarms.criticalAlarm);
    }

    if (namedCas.length > 0 || discover) {
      this.caExpiryMonitor = new CaExpiryMonitor(this, 'CaExpiry', {
        certificateAuthorities: props.certificateAuthorities,
        crossAccountCertificateAuthorities: props.crossAccountCertificateAuthorities,
        discoverCertificateAuthorities: discover,
        topic: this.topic,
        warningThreshold: this.caWarningThreshold,
        criticalThreshold: this.caCriticalThreshold,
        monitorId: this.monitorId,
      });
      this.caExpiryFunction = this.caExpiryMonitor.checkFunction;
      this.alarms.push(...this.caExpiryMonitor.alarms);
    }

    if (props.inventory) {
      this.inventory = new CertificateInventory(this, 'Inventory', { ...props.inventory, topic: this.topic });
      this.inventoryBucket = this.inventory.bucket;
      this.alarms.push(this.inventory.errorsAlarm);
    }

    if (props.centralEventBus) {
      const forwarded = forwardToCentralBus(this, props.centralEventBus, [this.approachingExpirationRule, this.renewalActionRequiredRule,
        this.expiredRule, this.configComplianceRule, this.caRenewalRule]);
      this.centralEventBusRule = forwarded.rule;
      this.centralEventBusRole = forwarded.role;
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
}
