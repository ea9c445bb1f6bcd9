import { Annotations, Aspects, Aws, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { IRenewalSource } from './renewal-source';
import { RenewalStatus } from './renewal-tag';
import { checkDaysRange, fromDuration } from '../expiry/private/days';
import { expirationRuleUnavailable, regionWithoutExpirationRule } from '../private/config-rule-region';
import {
  ACM_APPROACHING_EXPIRATION, ACM_EVENT_SOURCE, CONFIG_ACM_EXPIRATION_PARAMETER, CONFIG_ACM_EXPIRATION_RULE,
  RESOURCE_TAG_CONDITION_KEY_PREFIX, TAG_KEYS_CONDITION_KEY, configNonCompliantPattern,
} from '../private/contracts/aws-strings';
import {
  KNOWN_RENEWAL_SOURCES, RENEWAL_CONFIGURATION_ENV, RENEWAL_EVENT_DETAIL_TYPE, RENEWAL_EVENT_SOURCE, RENEWAL_METRIC_DIMENSION,
  RENEWAL_METRIC_FAILED, RENEWAL_METRIC_NAMESPACE, RENEWAL_METRIC_RENEWED, RENEWAL_STATE_TAG_KEYS, RENEWAL_TAGS,
} from '../private/contracts/renewal';
import type { RenewalConfiguration } from '../private/contracts/renewal';
import { putOwnEventsStatement } from '../private/event-statements';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag, nagArn } from '../private/nag';
import { ValidationErrors } from '../private/validation';

/** Lambda's limit on all environment variables together is 4 KB; the configuration is the only one. */
const MAX_CONFIGURATION_SIZE = 3800;

/** Properties of an `ImportedCertRenewal`. */
export interface ImportedCertRenewalProps {
  /**
   * Where renewed certificates come from; a certificate's `cdk-pki:renewal-source` tag picks one.
   * At least one; at most one of each kind.
   */
  readonly sources: IRenewalSource[];

  /**
   * Renew a certificate once it expires within this time: whole days, from 1 to 365. It is also the
   * `daysToExpiration` of the Config rule. ACM's Approaching Expiration events come from the account's
   * `DaysBeforeExpiry` (45 by default) on; those for certificates not yet due are ignored.
   * @default Duration.days(30)
   */
  readonly renewBefore?: Duration;

  /**
   * A certificate renewed (or failed) less than this time ago is left alone, whatever triggers arrive.
   * It keeps a short-lived certificate from being renewed on every trigger, and a broken one from
   * notifying more than once per interval.
   * @default Duration.days(1)
   */
  readonly minimumRenewalInterval?: Duration;

  /**
   * When the function sweeps every imported certificate of the account and Region.
   * @default Schedule.rate(Duration.days(1))
   */
  readonly sweepSchedule?: events.Schedule;

  /**
   * Create the AWS Config managed rule ACM_CERTIFICATE_EXPIRATION_CHECK (daysToExpiration = renewBefore)
   * and renew a certificate when it turns NON_COMPLIANT. Needs AWS Config recording in the account and
   * Region. Set it to false where Config is not recording; the sweep and ACM's events still renew. Where AWS
   * Config does not offer the rule (see ExpiryAlarms' configRule), it is left out with a warning, and `true` fails.
   * @default - true where AWS Config offers the rule
   * @see https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html
   */
  readonly configRule?: boolean;

  /**
   * An existing ACM_CERTIFICATE_EXPIRATION_CHECK rule to trigger on instead of creating one (for example
   * the rule of `ExpiryAlarms`). Its daysToExpiration should be at most renewBefore.
   * @default - a new rule, unless configRule is false
   */
  readonly existingConfigRule?: config.IRule;

  /**
   * The topic failures are published to, with the certificate, the reason and what to fix.
   * @default - a new topic, SSL only, encrypted with the AWS managed key of SNS
   */
  readonly failureTopic?: sns.ITopic;
}

/**
 * Keeps imported ACM certificates current: ACM never renews a certificate it imported, so this renews
 * those that opt in through tags, from the source their tags name, and re-imports them under the same
 * ARN, so that every load balancer, distribution and API using them picks up the new certificate.
 *
 * Triggers: AWS Config's ACM_CERTIFICATE_EXPIRATION_CHECK rule turning NON_COMPLIANT, ACM's
 * `ACM Certificate Approaching Expiration` event, and a daily sweep of every imported certificate. The
 * state is kept in the certificate's tags (see `RenewalTag`, `RenewalStatus`); every change is an
 * EventBridge event (source `cdk-pki.renewal`) and every failure a message on the failure topic.
 */
export class ImportedCertRenewal extends Construct {
  /** The renewal function. */
  public readonly function: lambda.IFunction;
  /** The function's role: trust it from roles of other accounts named in `roleArns`. */
  public readonly role: iam.IRole;
  /** Where failures are published. */
  public readonly failureTopic: sns.ITopic;
  /** The Config rule whose compliance changes trigger renewals, if any. */
  public readonly configRule?: config.IRule;

  constructor(scope: Construct, id: string, props: ImportedCertRenewalProps) {
    super(scope, id);
    const errors = new ValidationErrors('ImportedCertRenewal', this);
    const renewBefore = props.renewBefore ?? Duration.days(30);
    const renewBeforeValue = fromDuration('renewBefore', renewBefore);
    checkDaysRange(errors, renewBeforeValue, 1, 365, 'the Config rule counts whole days');
    const renewBeforeDays = renewBeforeValue.days;
    const interval = props.minimumRenewalInterval ?? Duration.days(1);
    // A token converts to seconds only when it is given in seconds; check that rather than catch the conversion's error.
    let intervalSeconds = 0;
    if (interval.isUnresolved() && interval.unitLabel() !== 'seconds') {
      errors.add('minimumRenewalInterval is a token in a unit other than seconds; give it as Duration.seconds(token)');
    } else if (!interval.isUnresolved() && !Number.isInteger(interval.toSeconds({ integral: false }))) {
      errors.add(`minimumRenewalInterval is ${interval.toHumanString()}, not a whole number of seconds; use Duration.seconds(n) or a larger unit`);
    } else {
      intervalSeconds = interval.toSeconds();
    }
    const sources = props.sources ?? [];
    errors.check(sources.length === 0, 'sources is empty; add RenewalSource.privateCa({ certificateAuthorities: [...] })');
    const unavailableIn = regionWithoutExpirationRule(this);
    errors.check(props.configRule === true && unavailableIn !== undefined,
      expirationRuleUnavailable(unavailableIn ?? '', 'leave configRule out; the sweep and ACM\'s events still renew'));
    errors.check(props.configRule === false && props.existingConfigRule !== undefined,
      'configRule is false but existingConfigRule is given; leave configRule out to trigger on the existing rule');
    errors.throwIfAny();

    const handler = new LibraryFunction(this, 'Handler', {
      handler: 'cert-renewal',
      description: 'renews imported ACM certificates that opt in through tags and re-imports them under the same ARN',
      // A sweep renews certificate after certificate; it stops starting new ones 3 minutes before the end.
      timeout: Duration.minutes(15),
      // Key generation (RSA 4096) is CPU-bound.
      memorySize: 512,
    });
    this.function = handler.function;
    this.role = handler.role;

    const bound = sources.map((s) => s.bind(this, handler.role));
    const names = bound.map((b) => b.sourceName);
    for (const name of new Set(names)) {
      errors.check(!KNOWN_RENEWAL_SOURCES.includes(name),
        `source '${name}' has no module in the renewal handler (it knows ${KNOWN_RENEWAL_SOURCES.join(', ')}); use a RenewalSource of this library`);
      errors.check(names.filter((n) => n === name).length > 1,
        `sources has ${names.filter((n) => n === name).length} '${name}' sources; give one with all its CAs, templates and roles`);
    }
    // Lambda allows 4 KB of environment variables; a token (an ARN known at deployment) counts as 100 characters.
    const estimatedSize = 400 + bound.flatMap((b) => Object.values(b.settings).flat())
      .reduce((sum, value) => sum + (Token.isUnresolved(value) ? 100 : value.length) + 3, 0);
    errors.check(estimatedSize > MAX_CONFIGURATION_SIZE,
      `the sources name too many CAs, templates and roles for the function's environment (about ${estimatedSize} characters of `
      + `${MAX_CONFIGURATION_SIZE}); use one ImportedCertRenewal per group of CAs`);
    errors.throwIfAny();

    if (props.failureTopic) {
      this.failureTopic = props.failureTopic;
    } else {
      const topic = new sns.Topic(this, 'FailureTopic', {
        displayName: 'cdk-pki: imported certificate renewal failures',
        enforceSSL: true,
        masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      });
      this.failureTopic = topic;
    }
    this.failureTopic.grantPublish(handler.role);

    let configRule: config.IRule | undefined = props.existingConfigRule;
    const ruleRegion = regionWithoutExpirationRule(this);
    if (!configRule && props.configRule === undefined && ruleRegion !== undefined) {
      Annotations.of(this).addWarningV2('cdk-pki:configRuleUnavailable', expirationRuleUnavailable(ruleRegion, 'ImportedCertRenewal leaves the '
        + 'Config rule out here; its sweep and ACM\'s events still renew. Set configRule: false to say so.'));
    }
    if (!configRule && props.configRule !== false && ruleRegion === undefined) {
      configRule = new config.ManagedRule(this, 'ExpirationCheck', {
        identifier: CONFIG_ACM_EXPIRATION_RULE,
        description: 'cdk-pki: ACM certificates that expire soon (imported ones are renewed by ImportedCertRenewal)',
        inputParameters: { [CONFIG_ACM_EXPIRATION_PARAMETER]: renewBeforeDays },
        ruleScope: config.RuleScope.fromResources([config.ResourceType.ACM_CERTIFICATE]),
        // The rule flips as time passes, without a configuration change: evaluate it daily.
        maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      });
      warnOfOtherExpirationRules(this, configRule.node.defaultChild as config.CfnConfigRule, renewBeforeDays);
    }
    this.configRule = configRule;

    const configuration: RenewalConfiguration = {
      partition: Aws.PARTITION,
      renewBeforeDays,
      minimumIntervalSeconds: intervalSeconds,
      // Longer than the function may run, so that a lease outlives its holder only when the holder died.
      leaseSeconds: Duration.minutes(16).toSeconds(),
      configRuleName: configRule?.configRuleName,
      failureTopicArn: this.failureTopic.topicArn,
      sources: Object.fromEntries(bound.map((b) => [b.sourceName, b.settings])),
    };
    handler.function.addEnvironment(RENEWAL_CONFIGURATION_ENV, Stack.of(this).toJsonString(configuration));

    this.grantCertificates(handler);

    const target = new targets.LambdaFunction(handler.function);
    new events.Rule(this, 'ApproachingExpiration', {
      description: 'cdk-pki: ACM says a certificate approaches expiry; renew it if it is imported and opted in',
      eventPattern: { source: [ACM_EVENT_SOURCE], detailType: [ACM_APPROACHING_EXPIRATION] },
      targets: [target],
    });
    if (configRule) {
      new events.Rule(this, 'NonCompliant', {
        description: 'cdk-pki: Config found a certificate that expires soon; renew it if it is imported and opted in',
        eventPattern: configNonCompliantPattern(configRule.configRuleName),
        targets: [target],
      });
    }
    new events.Rule(this, 'Sweep', {
      description: 'cdk-pki: sweep every imported certificate and renew those that are due',
      schedule: props.sweepSchedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(handler.function, { event: events.RuleTargetInput.fromObject({ action: 'sweep' }) })],
    });

    if (!Token.isUnresolved(intervalSeconds) && !Token.isUnresolved(renewBeforeDays)
      && intervalSeconds >= renewBeforeDays * 86_400) {
      Annotations.of(this).addWarningV2('cdk-pki:renewalIntervalExceedsRenewBefore',
        `minimumRenewalInterval (${interval.toHumanString()}) is not shorter than renewBefore (${renewBefore.toHumanString()}): `
        + 'a renewal that fails may not be retried before the certificate expires');
    }

    const policy = handler.role.node.tryFindChild('DefaultPolicy') ?? handler.role;
    acknowledgeNag(policy, 'AwsSolutions-IAM5[Resource::*]',
      'acm:ListCertificates has no resource type: IAM allows it only on "*". It lists; it changes nothing.');
    acknowledgeNag(policy, `AwsSolutions-IAM5[Resource::${nagArn(this, 'acm', 'certificate/*')}]`,
      'The renewal finds the certificates to renew at run time (the daily sweep lists them all). Writes (ImportCertificate, tags) '
      + 'are allowed only on certificates that carry the opt-in tag (aws:ResourceTag), and tag writes only for the state tags (aws:TagKeys).');
  }

  /**
   * Metric of the certificates renewed (Sum per period).
   * @default - sum over 1 day
   */
  public metricCertificatesRenewed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(RENEWAL_METRIC_RENEWED, props);
  }

  /**
   * Metric of the renewals that failed (Sum per period): alarm on it, or subscribe to the failure topic.
   * @default - sum over 1 day
   */
  public metricRenewalFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(RENEWAL_METRIC_FAILED, props);
  }

  /**
   * An EventBridge rule on the renewal's state changes (detail: certificateArn, status, previousStatus,
   * reason, updatedAt, trigger, source, domainName, serial, notAfter).
   */
  public onStatusChange(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, options);
    rule.addEventPattern({ source: [RENEWAL_EVENT_SOURCE], detailType: [RENEWAL_EVENT_DETAIL_TYPE] });
    if (options.target) rule.addTarget(options.target);
    return rule;
  }

  /** An EventBridge rule on failed renewals only. */
  public onRenewalFailed(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = this.onStatusChange(id, options);
    rule.addEventPattern({ detail: { status: [RenewalStatus.FAILED.value] } });
    return rule;
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: RENEWAL_METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [RENEWAL_METRIC_DIMENSION]: this.function.functionName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.days(1),
      ...props,
    });
  }

  /** Reads of every certificate; writes only on those that opted in, and only of the state tags. */
  private grantCertificates(handler: LibraryFunction): void {
    const certificates = Stack.of(this).formatArn({ service: 'acm', resource: 'certificate', resourceName: '*' });
    const optedIn = { Null: { [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${RENEWAL_TAGS.source}`]: 'false' } };
    handler.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ListCertificates',
      actions: ['acm:ListCertificates'],
      resources: ['*'],
    }));
    handler.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadCertificates',
      actions: ['acm:DescribeCertificate', 'acm:GetCertificate', 'acm:ListTagsForCertificate'],
      resources: [certificates],
    }));
    handler.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReimportOptedInCertificates',
      actions: ['acm:ImportCertificate'],
      resources: [certificates],
      conditions: optedIn,
    }));
    handler.addToRolePolicy(new iam.PolicyStatement({
      sid: 'WriteRenewalStateTags',
      actions: ['acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
      resources: [certificates],
      conditions: { ...optedIn, 'ForAllValues:StringEquals': { [TAG_KEYS_CONDITION_KEY]: [...RENEWAL_STATE_TAG_KEYS] } },
    }));
    handler.addToRolePolicy(putOwnEventsStatement(this, 'PutRenewalEvents', RENEWAL_EVENT_SOURCE));
  }
}

/** Whether a Config rule of the app is the ACM_CERTIFICATE_EXPIRATION_CHECK managed rule. */
function isExpirationRule(rule: config.CfnConfigRule): boolean {
  const source = rule.source as config.CfnConfigRule.SourceProperty | undefined;
  return source?.sourceIdentifier === CONFIG_ACM_EXPIRATION_RULE;
}

/** Whether two stacks deploy to the same account and Region, as far as synthesis knows. */
function sameAccountAndRegion(a: Stack, b: Stack): boolean {
  if (a === b) return true;
  const known = (s: Stack) => !Token.isUnresolved(s.account) && !Token.isUnresolved(s.region);
  return known(a) && known(b) && a.account === b.account && a.region === b.region;
}

/**
 * When the app is prepared, warns on `renewal` if another ACM_CERTIFICATE_EXPIRATION_CHECK rule (of ExpiryAlarms,
 * another renewal or any construct) goes to the same account and Region as its own rule: the fix is to trigger on
 * that rule (`existingConfigRule`).
 */
function warnOfOtherExpirationRules(renewal: ImportedCertRenewal, own: config.CfnConfigRule, renewBeforeDays: number): void {
  let done = false;
  Aspects.of(renewal).add({
    visit(node: IConstruct): void {
      if (node !== renewal || done) return;
      done = true;
      const stack = Stack.of(renewal);
      const others = renewal.node.root.node.findAll()
        .filter((c): c is config.CfnConfigRule => c instanceof config.CfnConfigRule && c !== own && isExpirationRule(c))
        .filter((c) => sameAccountAndRegion(Stack.of(c), stack));
      if (others.length === 0) return;
      const pathOf = (c: config.CfnConfigRule) => `'${c.node.id === 'Resource' && c.node.scope ? c.node.scope.node.path : c.node.path}'`;
      const where = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) ? 'its account and Region' : `account ${stack.account} in ${stack.region}`;
      const days = (c: config.CfnConfigRule) => (c.inputParameters as Record<string, unknown> | undefined)?.[CONFIG_ACM_EXPIRATION_PARAMETER];
      const later = others.map(days).find((d): d is number => typeof d === 'number' && !Token.isUnresolved(d)
        && !Token.isUnresolved(renewBeforeDays) && d > renewBeforeDays);
      const threshold = later === undefined ? '' : ` First bring that rule's threshold down to renewBefore: its daysToExpiration (${later}) is more than renewBefore `
        + `(${renewBeforeDays}), so it turns NON_COMPLIANT before a certificate is due (for ExpiryAlarms: configRuleThreshold: Duration.days(${renewBeforeDays})).`;
      Annotations.of(renewal).addWarningV2('cdk-pki:duplicateExpirationRule',
        `ImportedCertRenewal '${renewal.node.path}' creates an ACM_CERTIFICATE_EXPIRATION_CHECK Config rule, and ${where} already has one: `
        + `${others.map(pathOf).join(', ')} (two rules evaluate every certificate twice, and AWS Config bills each evaluation). Trigger the renewal on `
        + 'the rule there is: pass existingConfigRule: expiryAlarms.configRule (or that rule), and this one is left out.' + threshold);
    },
  });
}
