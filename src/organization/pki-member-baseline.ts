import { Duration, Stack, Token } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  MemberCaExpiryReadRoleOptions, MemberExpiryAlarmsOptions, MemberImportedCertRenewalOptions, MemberSharedCaOptions, RegionConcurrency,
} from './member-baseline-options';
import { regionalAssets, RegionalAssets, regionalStackContainer, regionalStackIds } from './private/asset-buckets';
import { memberReadRole, memberSharedCa, validateReadRole, validateSharedCas } from './private/member-parts';
import { MemberTemplate } from './private/member-template';
import { CaExpiryReadRole } from '../expiry/ca-expiry-read-role';
import { ExpiryAlarms } from '../expiry/expiry-alarms';
import { checkDaysRange, fromDuration } from '../expiry/private/days';
import {
  CONFIG_ACM_EXPIRATION_RULE, CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS, DEPLOYMENT_TARGET_OU_PATTERN, EVENT_BUS_ARN_PATTERN, REGION_CONCURRENCY_TYPE,
  STACK_SET_NAME_PATTERN, STACKSET_CALL_AS, STACKSET_CAPABILITIES, STACKSET_CONCURRENCY_MODE,
  STACKSET_OPERATION_PREFERENCE_RANGES, STACKSET_PERMISSION_MODEL, STACKSETS_MAX_OUS_PER_OPERATION,
} from '../private/contracts/aws-strings';
import { acknowledgeNag } from '../private/nag';
import { isConcrete, isOrganizationId, isRegion, isResourceNamePart, ValidationErrors } from '../private/validation';
import { ImportedCertRenewal } from '../renewal/imported-cert-renewal';
import { RenewalSource } from '../renewal/renewal-source';
import { SharedCa } from '../sharing/ram-ca-share';

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
   * A role in every member account through which a central CA-expiry check reads the certificates of the account's CAs.
   * @default - none: each account's expiry alarms watch its own CAs (discoverCertificateAuthorities) and forward to the
   * central event bus when one is given
   */
  readonly caExpiryReadRole?: MemberCaExpiryReadRoleOptions;
  /**
   * CAs shared with the OUs' accounts that each account finds by hierarchy and name, with their ARN in Parameter Store.
   * @default - none
   */
  readonly sharedCertificateAuthorities?: MemberSharedCaOptions[];
  /**
   * Renew the imported ACM certificates of every account from the shared CAs (needs `sharedCertificateAuthorities`).
   * @default - none
   */
  readonly importedCertRenewal?: MemberImportedCertRenewalOptions;
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
   * the handlers into the asset buckets. As `cdk bootstrap --qualifier` takes it: 1 to 10 letters, digits, `_` and `-`.
   * @default - the app's context `@aws-cdk/core:bootstrapQualifier`, else 'hnb659fds'
   */
  readonly bootstrapQualifier?: string;
}

const DEFAULT_QUALIFIER = 'hnb659fds';
const QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';
/** What `cdk bootstrap --qualifier` takes: the AllowedPattern of the bootstrap template's Qualifier parameter. */
const QUALIFIER_PATTERN = /^[A-Za-z0-9_-]{1,10}$/;
const DEFAULT_STACK_SET_NAME = 'cdk-pki-member-baseline';

/**
 * The member-account part of the PKI in every account of the organization's OUs, including the accounts that join
 * them later: a CloudFormation StackSet with service-managed permissions and automatic deployment, deployed once in the
 * management account (or a delegated administrator), that rolls out `ExpiryAlarms` (ACM expiry events, alarms, the
 * Config rule, CA certificate expiry, forwarding to a central `PkiEventBus`) to the given Regions, and on request a
 * role through which a central CA-expiry check reads the accounts' CAs, the CAs shared with the accounts (found by
 * hierarchy and name, their ARNs in Parameter Store), and the renewal of imported certificates from them.
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
  /** The CA-expiry read role of the member template, when `caExpiryReadRole` is given. */
  public readonly caExpiryReadRole?: CaExpiryReadRole;
  /** The shared CAs of the member template, in the order of `sharedCertificateAuthorities`. */
  public readonly sharedCertificateAuthorities: SharedCa[];
  /** The parameters that hold their ARNs, in the same order. */
  public readonly sharedCaParameters: ssm.StringParameter[];
  /** The renewal of imported certificates of the member template, when `importedCertRenewal` is given. */
  public readonly importedCertRenewal?: ImportedCertRenewal;
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
    const qualifier = bootstrapQualifier(props, stack);
    const member = new MemberTemplate(this, 'Member', {
      parent: stack,
      bucketOf: (region) => `${prefix}-${stack.account}-${region}`,
      description: `cdk-pki: member-account baseline (${memberParts(props).join(', ')}), rolled out by a StackSet`,
    });
    this.memberStack = member.stack;
    const expiry = props.expiryAlarms ?? {};
    const renewal = props.importedCertRenewal;
    const renewBefore = renewal === undefined ? undefined : renewal.renewBefore ?? Duration.days(30);
    this.expiryAlarms = new ExpiryAlarms(member.stack, 'ExpiryAlarms', {
      topic: expiry.encryptTopic === false ? unencryptedTopic(member.stack) : undefined,
      emailAddresses: expiry.emailAddresses,
      filter: expiry.filter,
      eventsBeforeExpiry: expiry.eventsBeforeExpiry,
      configRule: expiry.configRule,
      // One Config rule serves the alarms and the renewal: it turns NON_COMPLIANT when a certificate is due.
      configRuleThreshold: expiry.configRule === false ? undefined : renewBefore,
      discoverCertificateAuthorities: expiry.discoverCertificateAuthorities ?? true,
      centralEventBus: expiry.centralEventBusArn === undefined ? undefined
        : events.EventBus.fromEventBusArn(member.stack, 'CentralEventBus', expiry.centralEventBusArn),
    });
    this.caExpiryReadRole = props.caExpiryReadRole && memberReadRole(member.stack, props.caExpiryReadRole, this.regions);
    const shared = (props.sharedCertificateAuthorities ?? []).map((o) => memberSharedCa(member.stack, o));
    this.sharedCertificateAuthorities = shared.map((x) => x.ca);
    this.sharedCaParameters = shared.map((x) => x.parameter);
    if (renewal !== undefined) {
      const rule = this.expiryAlarms.configRule;
      this.importedCertRenewal = new ImportedCertRenewal(member.stack, 'ImportedCertRenewal', {
        sources: [RenewalSource.privateCa({ certificateAuthorities: this.sharedCertificateAuthorities })],
        renewBefore,
        minimumRenewalInterval: renewal.minimumRenewalInterval,
        ...(rule ? { existingConfigRule: rule } : { configRule: false }),
      });
    }

    const regional: Map<string, RegionalAssets> = regionalAssets({
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
      stackSetName: props.stackSetName ?? DEFAULT_STACK_SET_NAME,
      description: `cdk-pki: member-account baseline of organization ${props.organizationId}`,
      permissionModel: STACKSET_PERMISSION_MODEL.SERVICE_MANAGED,
      callAs: props.delegatedAdministrator ? STACKSET_CALL_AS.DELEGATED_ADMIN : STACKSET_CALL_AS.SELF,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false },
      managedExecution: { Active: true },
      capabilities: [STACKSET_CAPABILITIES.IAM, ...(this.caExpiryReadRole ? [STACKSET_CAPABILITIES.NAMED_IAM] : [])],
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

/** The qualifier of the CDK bootstrap in the target Regions: the prop, else the app's context, else CDK's default. */
function bootstrapQualifier(props: PkiMemberBaselineProps, stack: Stack): string {
  return props.bootstrapQualifier ?? stack.node.tryGetContext(QUALIFIER_CONTEXT) ?? DEFAULT_QUALIFIER;
}

/**
 * Two baselines of one account and Region: their StackSets need different names, and each Region's asset bucket and
 * stacks serve one baseline of a stack (a second baseline of the same stack takes other Regions, or another stack).
 */
function checkOtherBaselines(props: PkiMemberBaselineProps, stack: Stack, errors: ValidationErrors): void {
  const name = props.stackSetName ?? DEFAULT_STACK_SET_NAME;
  const others = stack.node.root.node.findAll().filter((c): c is PkiMemberBaseline => c instanceof PkiMemberBaseline)
    .filter((b) => b.stackSet !== undefined && Stack.of(b).account === stack.account && Stack.of(b).region === stack.region);
  const sameName = others.find((b) => b.stackSet.stackSetName === name);
  if (sameName) {
    errors.add(`the StackSet name '${name}' is taken by PkiMemberBaseline '${sameName.node.path}' in the same account and Region; give stackSetName`);
  }
  const container = regionalStackContainer(stack);
  const taken = props.regions.filter((r) => container.node.tryFindChild(regionalStackIds(stack.stackName, r).bucket) !== undefined);
  if (taken.length > 0) {
    errors.add(`stack '${stack.stackName}' already holds a PkiMemberBaseline for ${taken.join(', ')}: a Region's asset bucket and stacks serve one `
      + 'baseline of a stack; put this one in another stack, or give it other Regions');
  }
}

function validate(props: PkiMemberBaselineProps, stack: Stack, errors: ValidationErrors): void {
  if (!isConcrete(stack.account) || !isConcrete(stack.region)) {
    errors.add(`its stack '${stack.stackName}' needs an env with account and region: the asset buckets are named after them`);
  }
  if (!isConcrete(props.organizationId)) {
    errors.add('organizationId must be known at synthesis (o-...): it goes into the policies of the asset buckets, stacks of their own in each Region');
  } else if (!isOrganizationId(props.organizationId)) {
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
      + 'expiryAlarms.configRule to false, or roll those Regions out with a second PkiMemberBaseline without it (and a stackSetName of its own)');
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
  const renewBefore = props.importedCertRenewal?.renewBefore;
  checkDaysRange(errors, renewBefore && fromDuration('importedCertRenewal.renewBefore', renewBefore), 1, 365, 'the Config rule counts whole days');
  checkOtherBaselines(props, stack, errors);
  if (props.caExpiryReadRole) validateReadRole(props.caExpiryReadRole, props.regions, errors);
  validateSharedCas(props.sharedCertificateAuthorities ?? [], props.regions, errors);
  if (props.importedCertRenewal && (props.sharedCertificateAuthorities ?? []).length === 0) {
    errors.add('importedCertRenewal needs sharedCertificateAuthorities: the renewal issues from the CAs shared with the accounts');
  }
  const bus = props.expiryAlarms?.centralEventBusArn;
  if (isConcrete(bus) && !EVENT_BUS_ARN_PATTERN.test(bus)) {
    errors.add(`expiryAlarms.centralEventBusArn '${bus}' is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>); `
      + 'give the eventBusArn of the PkiEventBus in the security account');
  }
  const qualifier: unknown = bootstrapQualifier(props, stack);
  if (typeof qualifier === 'string' && isConcrete(qualifier) && !QUALIFIER_PATTERN.test(qualifier)) {
    errors.add(`${props.bootstrapQualifier !== undefined ? 'bootstrapQualifier' : `the context '${QUALIFIER_CONTEXT}'`} '${qualifier}' is not a CDK `
      + 'bootstrap qualifier: cdk bootstrap --qualifier takes 1 to 10 letters, digits, _ and -');
  }
  const prefix = props.assetBucketPrefix;
  if (prefix !== undefined && !(isResourceNamePart(prefix, 27) && prefix === prefix.toLowerCase())) {
    errors.add(`assetBucketPrefix '${prefix}' is not allowed; lower-case letters, digits and hyphens, at most 27 (the bucket name adds the account and Region)`);
  }
}

/** What the member template holds, for its description. */
function memberParts(props: PkiMemberBaselineProps): string[] {
  return [
    'expiry alarms',
    ...(props.caExpiryReadRole ? ['CA-expiry read role'] : []),
    ...((props.sharedCertificateAuthorities ?? []).length > 0 ? ['shared CAs'] : []),
    ...(props.importedCertRenewal ? ['imported certificate renewal'] : []),
  ];
}

/** The expiry topic without a KMS key of its own (`encryptTopic: false`): SSL only, acknowledged for cdk-nag. */
function unencryptedTopic(stack: Stack): sns.ITopic {
  const topic = new sns.Topic(stack, 'ExpiryTopic', { displayName: 'Certificate expiry', enforceSSL: true });
  acknowledgeNag(topic, 'AwsSolutions-SNS2', 'encryptTopic is false: a KMS key per account and Region costs more than the '
    + 'notifications need; they name certificates, their ARNs and expiry dates, no secret, and travel over SSL only.');
  return topic;
}
