import { Duration, Stack, Token } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { regionalAssets, RegionalAssets } from './private/asset-buckets';
import { MemberTemplate } from './private/member-template';
import { CertificateFilter } from '../expiry/certificate-filter';
import { ExpiryAlarms } from '../expiry/expiry-alarms';
import {
  CONFIG_ACM_EXPIRATION_RULE, CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS, DEPLOYMENT_TARGET_OU_PATTERN, REGION_CONCURRENCY_TYPE,
  STACK_SET_NAME_PATTERN, STACKSET_CALL_AS, STACKSET_CONCURRENCY_MODE,
  STACKSET_OPERATION_PREFERENCE_RANGES, STACKSET_PERMISSION_MODEL, STACKSETS_MAX_OUS_PER_OPERATION,
} from '../private/contracts/aws-strings';
import { isConcrete, isOrganizationId, isRegion, isResourceNamePart, ValidationErrors } from '../private/validation';

/** How the Regions of a rollout are deployed. */
export enum RegionConcurrency {
  /** All Regions at once (each within its own failure tolerance). */
  PARALLEL = 'PARALLEL',
  /** One Region after the other, in the order given. */
  SEQUENTIAL = 'SEQUENTIAL',
}

/** What each member account gets of `ExpiryAlarms` (the settings that can be the same in every account). */
export interface MemberExpiryAlarmsOptions {
  /**
   * Email addresses subscribed to each account's expiry topic.
   * @default - none: the topic's events reach the central event bus only, when one is given
   */
  readonly emailAddresses?: string[];
  /**
   * Which certificates the alarms and events cover.
   * @default - every certificate of the account
   */
  readonly filter?: CertificateFilter;
  /**
   * When ACM's own expiry events start (the account's DaysBeforeExpiry).
   * @default Duration.days(45)
   */
  readonly eventsBeforeExpiry?: Duration;
  /**
   * The AWS Config rule ACM_CERTIFICATE_EXPIRATION_CHECK, where the Region offers it.
   * @default true
   */
  readonly configRule?: boolean;
  /**
   * Watch the certificates of the CAs each account owns (CA certificate expiry).
   * @default true
   */
  readonly discoverCertificateAuthorities?: boolean;
  /**
   * ARN of the organization's central event bus (`PkiEventBus`, in the security account): each account forwards its
   * expiry, renewal and retirement events there, so that one team sees the whole organization.
   * @default - events stay in each account
   */
  readonly centralEventBusArn?: string;
}

/** Properties of a `PkiMemberBaseline`. */
export interface PkiMemberBaselineProps {
  /** The organization (o-...): only its accounts may read the baseline's handlers. */
  readonly organizationId: string;
  /**
   * The OUs (ou-...) or the organization's root (r-...) whose accounts, and those that join them later, get the baseline.
   * The management account never does (StackSets does not deploy service-managed instances there).
   */
  readonly organizationalUnits: string[];
  /** The Regions each account gets the baseline in. */
  readonly regions: string[];
  /**
   * The stack is in a delegated administrator account of CloudFormation StackSets, not the management account.
   * @default false - the management account
   */
  readonly delegatedAdministrator?: boolean;
  /**
   * Name of the StackSet.
   * @default 'cdk-pki-member-baseline'
   */
  readonly stackSetName?: string;
  /**
   * Expiry alarms in every member account and Region.
   * @default - ExpiryAlarms with its defaults (ACM expiry events, the Config rule, CA certificate expiry)
   */
  readonly expiryAlarms?: MemberExpiryAlarmsOptions;
  /**
   * An account that leaves the OUs keeps its stack and resources, detached from the StackSet.
   * @default false - its stack instance is deleted with the baseline's resources
   */
  readonly retainStacksOnAccountRemoval?: boolean;
  /**
   * Share of the accounts of a Region that may fail before the rollout stops there (0 to 100).
   * @default 10
   */
  readonly failureTolerancePercentage?: number;
  /**
   * Share of the accounts of a Region deployed at once (1 to 100).
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
  /** @default RegionConcurrency.PARALLEL */
  readonly regionConcurrency?: RegionConcurrency;
  /**
   * The asset bucket of each Region is `<assetBucketPrefix>-<account>-<region>` (created by the library, readable by the
   * organization's accounts only).
   * @default 'cdk-pki-baseline'
   */
  readonly assetBucketPrefix?: string;
  /**
   * Qualifier of the CDK bootstrap of this account in the target Regions (each must be bootstrapped): its roles publish
   * the handlers into the asset buckets.
   * @default - the app's context `@aws-cdk/core:bootstrapQualifier`, else 'hnb659fds'
   */
  readonly bootstrapQualifier?: string;
}

const DEFAULT_QUALIFIER = 'hnb659fds';

/**
 * The member-account part of the PKI in every account of the organization's OUs, including the accounts that join
 * them later: a CloudFormation StackSet with service-managed permissions and automatic deployment, deployed once in the
 * management account (or a delegated administrator), that rolls out `ExpiryAlarms` (ACM expiry events, alarms, the
 * Config rule, CA certificate expiry, forwarding to a central `PkiEventBus`) to the given Regions.
 *
 * The member template is built from the library's constructs and synthesized into the cloud assembly; its handlers are
 * published by `cdk deploy` into one bucket per Region of this account, readable by the organization's accounts only
 * (two small stacks per Region beside this one: the bucket, and the publication). docs/organization.md.
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { PkiMemberBaseline } from 'cdk-pki';
 *
 * const app = new App();
 * const management = new Stack(app, 'Pki-Organization', { env: { account: '123456789012', region: 'us-east-1' } });
 * new PkiMemberBaseline(management, 'Baseline', {
 *   organizationId: 'o-abcdef1234',
 *   organizationalUnits: ['ou-ab12-cdefgh34'],
 *   regions: ['us-east-1', 'eu-west-1'],
 * });
 */
export class PkiMemberBaseline extends Construct {
  /** The StackSet. */
  public readonly stackSet: CfnStackSet;
  /** The stack whose template the StackSet rolls out (not deployed itself). */
  public readonly memberStack: Stack;
  /** The expiry alarms of the member template. */
  public readonly expiryAlarms: ExpiryAlarms;
  /** The OUs and Regions targeted. */
  public readonly organizationalUnits: string[];
  public readonly regions: string[];
  /** The stacks of the asset buckets and of the publication, per Region. */
  public readonly regionalStacks: Stack[];

  constructor(scope: Construct, id: string, props: PkiMemberBaselineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const errors = new ValidationErrors('PkiMemberBaseline', this);
    validate(props, stack, errors);
    errors.throwIfAny();

    this.organizationalUnits = [...props.organizationalUnits];
    this.regions = [...props.regions];
    const prefix = props.assetBucketPrefix ?? 'cdk-pki-baseline';
    const qualifier = props.bootstrapQualifier ?? this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DEFAULT_QUALIFIER;
    const member = new MemberTemplate(this, 'Member', {
      parent: stack,
      bucketOf: (region) => `${prefix}-${stack.account}-${region}`,
      description: 'cdk-pki: member-account baseline (expiry alarms), rolled out by a StackSet',
    });
    this.memberStack = member.stack;
    const expiry = props.expiryAlarms ?? {};
    this.expiryAlarms = new ExpiryAlarms(member.stack, 'ExpiryAlarms', {
      emailAddresses: expiry.emailAddresses,
      filter: expiry.filter,
      eventsBeforeExpiry: expiry.eventsBeforeExpiry,
      configRule: expiry.configRule,
      discoverCertificateAuthorities: expiry.discoverCertificateAuthorities ?? true,
      centralEventBus: expiry.centralEventBusArn === undefined ? undefined
        : events.EventBus.fromEventBusArn(member.stack, 'CentralEventBus', expiry.centralEventBusArn),
    });

    const regional: Map<string, RegionalAssets> = regionalAssets(this, {
      parent: stack,
      regions: this.regions,
      organizationId: props.organizationId,
      bucketPrefix: prefix,
      bootstrapQualifier: qualifier,
      assets: member.assets,
      baseName: stack.stackName,
    });
    this.regionalStacks = [...regional.values()].flatMap((r) => [r.bucketStack, r.assetStack]);

    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? 'cdk-pki-member-baseline',
      description: `cdk-pki: member-account baseline of organization ${props.organizationId}`,
      permissionModel: STACKSET_PERMISSION_MODEL.SERVICE_MANAGED,
      callAs: props.delegatedAdministrator ? STACKSET_CALL_AS.DELEGATED_ADMIN : STACKSET_CALL_AS.SELF,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_IAM'],
      operationPreferences: {
        failureTolerancePercentage: props.failureTolerancePercentage ?? 10,
        maxConcurrentPercentage: props.maxConcurrentPercentage ?? 25,
        regionConcurrencyType: props.regionConcurrency ?? REGION_CONCURRENCY_TYPE.PARALLEL,
        concurrencyMode: STACKSET_CONCURRENCY_MODE.SOFT_FAILURE_TOLERANCE,
      },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: this.organizationalUnits }, regions: this.regions }],
      templateUrl: member.templateUrl,
    });
  }
}

function validate(props: PkiMemberBaselineProps, stack: Stack, errors: ValidationErrors): void {
  if (!isConcrete(stack.account) || !isConcrete(stack.region)) {
    errors.add(`its stack '${stack.stackName}' needs an env with account and region: the asset buckets are named after them`);
  }
  if (!isOrganizationId(props.organizationId)) {
    errors.add(`organizationId '${props.organizationId}' is not an organization id (o- and 10 to 32 lower-case letters and digits)`);
  }
  const ous = props.organizationalUnits;
  if (ous.length === 0) errors.add('organizationalUnits is empty; give the OUs (ou-...) or the root (r-...) whose accounts get the baseline');
  ous.filter((ou) => !Token.isUnresolved(ou) && !DEPLOYMENT_TARGET_OU_PATTERN.test(ou))
    .forEach((ou) => errors.add(`organizationalUnits: '${ou}' is neither an OU id (ou-xxxx-xxxxxxxx) nor a root id (r-xxxx)`));
  if (ous.length > STACKSETS_MAX_OUS_PER_OPERATION) {
    errors.add(`organizationalUnits has ${ous.length} OUs; a StackSet operation takes at most ${STACKSETS_MAX_OUS_PER_OPERATION}: target a parent OU`);
  }
  if (new Set(ous).size !== ous.length) errors.add('organizationalUnits names an OU twice');
  if (props.regions.length === 0) errors.add('regions is empty; give the Regions each account gets the baseline in');
  props.regions.filter((r) => !isRegion(r)).forEach((r) => errors.add(`regions: '${r}' is not a Region name known at synthesis`));
  if (new Set(props.regions).size !== props.regions.length) errors.add('regions names a Region twice');
  const noRule = props.regions.filter((r) => CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS.includes(r));
  if (noRule.length > 0 && props.expiryAlarms?.configRule !== false) {
    errors.add(`AWS Config does not offer ${CONFIG_ACM_EXPIRATION_RULE} in ${noRule.join(', ')}, and one template serves every Region; set `
      + 'expiryAlarms.configRule to false, or roll those Regions out with a second PkiMemberBaseline without it');
  }
  const name = props.stackSetName;
  if (name !== undefined && !STACK_SET_NAME_PATTERN.test(name)) {
    errors.add(`stackSetName '${name}' is not allowed; a letter, then letters, digits and hyphens, at most 128 characters`);
  }
  const range = STACKSET_OPERATION_PREFERENCE_RANGES;
  const percent = (value: number | undefined, label: string, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) errors.add(`${label} ${value} is not a whole number from ${min} to ${max}`);
  };
  percent(props.failureTolerancePercentage, 'failureTolerancePercentage', range.FAILURE_TOLERANCE_PERCENTAGE_MIN, range.FAILURE_TOLERANCE_PERCENTAGE_MAX);
  percent(props.maxConcurrentPercentage, 'maxConcurrentPercentage', range.MAX_CONCURRENT_PERCENTAGE_MIN, range.MAX_CONCURRENT_PERCENTAGE_MAX);
  const prefix = props.assetBucketPrefix;
  if (prefix !== undefined && !(isResourceNamePart(prefix, 27) && prefix === prefix.toLowerCase())) {
    errors.add(`assetBucketPrefix '${prefix}' is not allowed; lower-case letters, digits and hyphens, at most 27 (the bucket name adds the account and Region)`);
  }
}
