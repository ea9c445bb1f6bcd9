/**
 * The automatic renewal of an IssuingCa's certificate, as the constructs build it (contract:
 * private/contracts/ca-renewal.ts): a renewal spec per CA (an SSM parameter with its signing resource's
 * properties), and per stack one daily schedule that invokes the signing handler, and two alarms on the metrics
 * the handler logs (renewals capped by the parent's end, renewals that failed).
 */
import { Aws, CfnResource, CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { SigningProvider } from '../../hierarchy/private/signing-provider';
import { Validity } from '../../hierarchy/validity';
import {
  CA_RENEWAL_ACTION, CA_RENEWAL_METRIC_DIMENSION, CA_RENEWAL_METRIC_NAMESPACE, CA_RENEWAL_METRICS, CaRenewalInvocation, CaRenewalProperties,
  CaRenewalSpec, DEFAULT_ISSUED_CERTIFICATE_DAYS, caRenewalSpecPath,
} from '../../private/contracts/ca-renewal';
import { CaCertificateRenewal } from '../ca-certificate-renewal';

/** How a CA of the app renews, for its subordinates (top-down renewal), the checklist and the report. */
export interface CaRenewalPlan {
  readonly automatic: boolean;
  /** Days before its certificate's end that it renews (resolved once the app is complete). */
  renewBeforeDays(): number;
}

const plans = new WeakMap<object, CaRenewalPlan>();

/** The renewal plan of a CA construct of the library, when it has one (IssuingCa). */
export function renewalPlanOf(ca: object): CaRenewalPlan | undefined {
  return plans.get(ca);
}

/** What an IssuingCa hands over for its renewal. */
export interface CaRenewalRegistration {
  readonly ca: Construct;
  readonly renewal: CaCertificateRenewal;
  readonly hierarchyName: string;
  readonly caName: string;
  readonly depth: number;
  /** The CA's validity (resolved once the app is complete: a default one may be lengthened). */
  readonly validity: () => Validity;
  /** The parent (an IssuingCa of the app has a plan of its own). */
  readonly parent: object;
  readonly signingResource: CustomResource;
  /** What the renewal signs with (an automatic renewal only). */
  readonly properties?: CaRenewalProperties;
  /** The topic of the alarms when the renewal names none. */
  readonly defaultAlarmTopic: () => sns.ITopic | undefined;
}

const DAY_MINUTES = 24 * 60;

/** A duration in days, fractions kept (callers check for whole days). */
function daysOf(duration: Duration): number {
  return duration.toMinutes({ integral: false }) / DAY_MINUTES;
}

/**
 * When a CA certificate of `validity` is due for renewal unless told otherwise: a third of the validity left (its
 * shortest number of days), at least a day. An IssuingCa's automatic renewal, and the day a root's renewal is due.
 */
export function defaultRenewBeforeDays(validity: Validity): number {
  return Math.max(1, Math.floor(validity.minimumDays / 3));
}

/**
 * Records the CA's renewal plan, and for an automatic renewal writes its spec and joins the stack's schedule.
 * Problems of `renewBefore` are reported by the CA's validation (its validity is final only then).
 */
export function applyCaRenewal(r: CaRenewalRegistration): void {
  const renewBefore = r.renewal.renewBefore;
  const plan: CaRenewalPlan = {
    automatic: r.renewal.isAutomatic,
    renewBeforeDays: () => renewBefore !== undefined && !renewBefore.isUnresolved()
      ? daysOf(renewBefore)
      : defaultRenewBeforeDays(r.validity()),
  };
  plans.set(r.ca, plan);
  r.ca.node.addValidation({ validate: () => renewBeforeProblems(r) });
  if (!plan.automatic || r.properties === undefined) return;

  const stack = Stack.of(r.ca);
  const logicalId = (r.signingResource.node.defaultChild as CfnResource).logicalId;
  const spec: CaRenewalSpec = {
    Version: 1,
    LogicalId: logicalId,
    HierarchyName: r.hierarchyName,
    CaName: r.caName,
    Depth: r.depth,
    RenewBeforeDays: Lazy.number({ produce: () => plan.renewBeforeDays() }),
    ParentRenewBeforeDays: Lazy.number({ produce: () => parentRenewBeforeDays(r.parent) }),
    Properties: r.properties,
  };
  new ssm.CfnParameter(r.ca, 'RenewalSpec', {
    name: `${caRenewalSpecPath(Aws.STACK_NAME)}/${logicalId}`,
    type: 'String',
    // Long name-constraint lists can make it larger than the standard tier's 4 KB.
    tier: 'Intelligent-Tiering',
    description: `cdk-pki: when and how the certificate of CA ${r.hierarchyName}/${r.caName} is renewed (read by the signing handler)`,
    value: stack.toJsonString(spec),
  });
  const schedule = CaRenewalSchedule.of(r.ca);
  const topic = r.renewal.alarmTopic ?? r.defaultAlarmTopic();
  if (topic) schedule.addAlarmTopic(topic);
}

/** The parent's RenewBeforeDays when it renews automatically (an IssuingCa of this app), else undefined (left out of the JSON). */
function parentRenewBeforeDays(parent: object): number | undefined {
  const plan = renewalPlanOf(parent);
  return plan?.automatic ? plan.renewBeforeDays() : undefined;
}

function renewBeforeProblems(r: CaRenewalRegistration): string[] {
  const renewBefore = r.renewal.renewBefore;
  const where = `IssuingCa '${r.ca.node.path}'`;
  if (r.renewal.isAutomatic && renewBefore === undefined && !r.validity().isResolved) {
    return [`${where}: its validity is known only at deployment, so a third of it cannot be computed at synthesis; give the automatic renewal `
      + 'a renewBefore, for example CaCertificateRenewal.automatic({ renewBefore: Duration.days(365) }), or use CaCertificateRenewal.manual()'];
  }
  if (!r.renewal.isAutomatic || renewBefore === undefined) return [];
  if (renewBefore.isUnresolved()) {
    return [`${where}: renewBefore must be known at synthesis; use Duration.days(n), or leave it out (a third of the validity)`];
  }
  const days = daysOf(renewBefore);
  if (!Number.isInteger(days) || days < 1) {
    return [`${where}: renewBefore ${renewBefore.toHumanString()} is not a whole number of days from 1; for example Duration.days(90)`];
  }
  const validity = r.validity();
  if (validity.isResolved && days >= validity.minimumDays) {
    return [`${where}: renewBefore ${days} days is not shorter than the CA's validity (${validity}): the certificate would renew every day; `
      + `use less, for example Duration.days(${defaultRenewBeforeDays(validity)}) (a third, the default)`];
  }
  return [];
}

const SCHEDULE_ID = 'CdkPkiCaRenewal';

/**
 * The stack's renewal schedule: once a day, the signing handler renews the certificates of the stack's CAs that
 * are due; two alarms say when a renewal was capped by the parent's end and when one failed.
 */
export class CaRenewalSchedule extends Construct {
  /** The stack's schedule, created on first use. */
  public static of(scope: IConstruct): CaRenewalSchedule {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(SCHEDULE_ID) as CaRenewalSchedule | undefined) ?? new CaRenewalSchedule(stack, SCHEDULE_ID);
  }

  public readonly rule: events.Rule;
  public readonly cappedAlarm: cloudwatch.Alarm;
  public readonly failedAlarm: cloudwatch.Alarm;
  public readonly retirementFailedAlarm: cloudwatch.Alarm;
  private readonly topics = new Set<sns.ITopic>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const handler = SigningProvider.of(this).enableLifecycleRun();
    const input: CaRenewalInvocation = { Action: CA_RENEWAL_ACTION, StackId: Aws.STACK_ID };
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'cdk-pki: renews the certificates of this stack\'s subordinate CAs that are due, and retires replaced generations',
      schedule: events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(handler, { event: events.RuleTargetInput.fromObject(input), retryAttempts: 2 })],
    });
    const metric = (metricName: string) => new cloudwatch.Metric({
      namespace: CA_RENEWAL_METRIC_NAMESPACE,
      metricName,
      dimensionsMap: { [CA_RENEWAL_METRIC_DIMENSION]: Aws.STACK_NAME },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.days(1),
    });
    const alarm = (alarmId: string, metricName: string, alarmDescription: string) => new cloudwatch.Alarm(this, alarmId, {
      metric: metric(metricName),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription,
    });
    this.cappedAlarm = alarm('CappedAlarm', CA_RENEWAL_METRICS.capped,
      'cdk-pki: a CA certificate renewal of this stack was shortened or prevented by the end of its parent\'s certificate: renew the parent CA\'s certificate');
    this.failedAlarm = alarm('FailedAlarm', CA_RENEWAL_METRICS.failed,
      'cdk-pki: a CA certificate renewal of this stack failed (the signing handler\'s log says why); the next daily run tries again');
    this.retirementFailedAlarm = alarm('RetirementFailedAlarm', CA_RENEWAL_METRICS.retirementFailed,
      'cdk-pki: a step of the retirement of a replaced CA generation of this stack failed (the signing handler\'s log says why); the next daily run tries again');
  }

  /** Sends the alarms to `topic` as well (once per topic). */
  public addAlarmTopic(topic: sns.ITopic): void {
    if (this.topics.has(topic)) return;
    this.topics.add(topic);
    for (const alarm of [this.cappedAlarm, this.failedAlarm, this.retirementFailedAlarm]) {
      alarm.addAlarmAction(new cwActions.SnsAction(topic));
    }
  }
}

/**
 * RetireAfterDays of a CA's signing (or root lifecycle) resource, resolved once the app is complete: the longest
 * validity, in days, of the certificates it issues: its subordinates' in this app, `issued` when given, and ACM's 13
 * months when it issues end-entity certificates without saying how long they live. A subordinate validity known only at
 * deployment makes it unknown: then 100 years, so that the CA retires when its own certificate ends, which no
 * certificate it issued can outlive.
 */
export function retireAfterDays(subordinates: () => Validity[], issued: Duration | undefined, issuesEndEntities: () => boolean): string {
  return Lazy.string({
    produce: () => {
      const validities = subordinates();
      if (validities.some((v) => !v.isResolved) && issued === undefined) return String(UNKNOWN_ISSUED_VALIDITY_DAYS);
      const days = validities.filter((v) => v.isResolved).map((v) => v.maximumDays);
      if (issued !== undefined) days.push(Math.ceil(daysOf(issued)));
      else if (issuesEndEntities()) days.push(DEFAULT_ISSUED_CERTIFICATE_DAYS);
      return String(Math.max(0, ...days));
    },
  });
}

/** RetireAfterDays when the validity of what a CA issues is not known at synthesis: longer than any CA lives. */
const UNKNOWN_ISSUED_VALIDITY_DAYS = 36_600;

/** A CA of a generation after the first: its stack's daily run retires the generations it replaced. */
export function retireReplacedGenerations(ca: IConstruct, generation: number): void {
  if (generation > 1) CaRenewalSchedule.of(ca);
}

/** Problems of an `issuedCertificateValidity` prop: whole days from 1, known at synthesis. */
export function issuedValidityProblems(issued: Duration | undefined): string[] {
  if (issued === undefined) return [];
  const days = issued.isUnresolved() ? NaN : daysOf(issued);
  return Number.isInteger(days) && days >= 1 ? [] : [`issuedCertificateValidity must be a whole number of days from 1 known at synthesis, for example Duration.days(${DEFAULT_ISSUED_CERTIFICATE_DAYS}) (ACM's 13 months)`];
}
