/**
 * AWS facts of CloudFormation StackSets with service-managed permissions and automatic deployment, for
 * `PkiMemberBaseline` (one stack set that rolls ExpiryAlarms and related resources out to every account of given OUs
 * and Regions), and the prices of what such a stack set deploys (docs/organization-scale.md works them through).
 *
 * Every value names the AWS page it was read from, on 2026-12-04 (stored copies of the pages; the API values also from
 * the CloudFormation 2010-05-15 service model as shipped in botocore 1.43.11, and the AWS::CloudFormation::StackSet
 * resource schema of aws-cloudformation/aws-cloudformation-resource-providers-cloudformation). UNCONFIRMED marks a value
 * no AWS page confirmed. Not yet re-exported from aws-strings.ts.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Quotas (CloudFormation quotas page: "Understand CloudFormation quotas")
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Stack sets one administrator account can create: 1,000 (adjustable through Service Quotas). Stack sets with
 * service-managed permissions are created in the management account even when a delegated administrator creates them
 * (CreateStackSet CallAs), so they all count there (UNCONFIRMED that the quota is counted that way).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSETS_MAX_STACK_SETS_PER_ADMINISTRATOR = 1_000;

/**
 * Stack instances (one per account and Region) per stack set: 100,000 (adjustable). Older copies of the page said
 * 2,000, and 500 before that: a stack set of 500 accounts × 3 Regions (1,500 instances) fits either way.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSETS_MAX_STACK_INSTANCES_PER_STACK_SET = 100_000;

/**
 * "StackSets instance operations": stack instances, across all stack sets, that one administrator account can run
 * operations on in each Region at the same time: 10,000 (older copies: 3,500). It counts the instances of stack set
 * create and update operations and of creating, updating or deleting instances directly.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSETS_MAX_INSTANCE_OPERATIONS_PER_REGION = 10_000;

/**
 * Queued operations per stack set at a given time: 10,000. No quota of concurrent stack set operations per Region is
 * published: a stack set runs one operation at a time in request order unless ManagedExecution.Active is true, when it
 * runs non-conflicting operations concurrently and queues conflicting ones (ManagedExecution, API reference).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ManagedExecution.html
 */
export const STACKSETS_MAX_QUEUED_OPERATIONS_PER_STACK_SET = 10_000;

/**
 * Concurrent stack instances of one stack set: "The maximum speed of deployment is 100 concurrent stack instances per
 * stack set", and fewer under service throttling. UNCONFIRMED: read only in the archived copy of the StackSets
 * concepts page (awsdocs/aws-cloudformation-user-guide, archived December 2023), not on a current page. Whether it
 * caps Regions deployed in PARALLEL together or each Region is UNCONFIRMED.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
 */
export const STACKSETS_MAX_CONCURRENT_INSTANCES_PER_STACK_SET = 100;

/**
 * Organizational units (or the root) per CreateStackInstances or UpdateStackSet operation: 50 ("split up the
 * operations into multiple calls with less than 50 OUs each", or target a parent OU: an OU target includes its child
 * OUs). AccountsUrl (a .csv or .txt file in S3) may hold up to 10 MB of account IDs, about 800,000.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackInstances.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
export const STACKSETS_MAX_OUS_PER_OPERATION = 50;

/**
 * Delegated administrators for StackSets an organization can register at one time: five.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
 */
export const STACKSETS_MAX_DELEGATED_ADMINISTRATORS = 5;

/**
 * AutoDeployment.DependsOn: up to 10 stack sets a stack set's automatic deployments wait for, and up to 100
 * dependencies per account (adjustable).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export const STACKSETS_MAX_AUTO_DEPLOYMENT_DEPENDENCIES = 10;
export const STACKSETS_MAX_AUTO_DEPLOYMENT_DEPENDENCIES_PER_ACCOUNT = 100;

// ---------------------------------------------------------------------------------------------------------------------
// Template and name
// ---------------------------------------------------------------------------------------------------------------------

/**
 * TemplateBody of CreateStackSet/UpdateStackSet and AWS::CloudFormation::StackSet: 1 to 51,200 bytes. A larger member
 * template goes in TemplateURL.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSET_TEMPLATE_BODY_MAX_BYTES = 51_200;

/**
 * Size of the template TemplateURL points to (an https:// S3 URL, not an S3 website URL, or a Systems Manager
 * document): "1 MB" (CreateStackSet, UpdateStackSet and the quotas page). Taken as 1,000,000 bytes, the lower reading
 * of "1 MB". UNCONFIRMED for AWS::CloudFormation::StackSet: its resource schema still describes TemplateURL as
 * "max size: 460,800 bytes", the old limit. The URL itself: 1 to 5,120 characters.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSET_TEMPLATE_URL_MAX_BYTES = 1_000_000;
export const STACKSET_TEMPLATE_URL_MAX_LENGTH = 5_120;

/**
 * StackSets "does not currently support creating or updating stack sets with service-managed permissions from
 * templates that contain macros", transforms included: the member template must have no Transform section.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACKSETS_SERVICE_MANAGED_SUPPORTS_MACROS = false;

/**
 * StackSetName: letters, digits and hyphens, starting with a letter, at most 128 characters, unique in the Region
 * (AWS::CloudFormation::StackSet schema pattern `^[a-zA-Z][a-zA-Z0-9\-]{0,127}$`; CreateStackSet states the same in
 * words). The name cannot change without replacing the stack set (createOnlyProperties of the schema).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-stackset.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export const STACK_SET_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9-]{0,127}$/;
export const STACK_SET_NAME_MAX_LENGTH = 128;

// ---------------------------------------------------------------------------------------------------------------------
// Operation preferences (StackSetOperationPreferences; AWS::CloudFormation::StackSet OperationPreferences)
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Ranges of the operation preferences. FailureToleranceCount: integer ≥ 0, default 0. FailureTolerancePercentage:
 * 0-100, default 0, rounded down. MaxConcurrentCount: integer ≥ 1, no maximum published, default 1.
 * MaxConcurrentPercentage: 1-100 (the CloudFormation resource schema allows 0), rounded down but never below 1. Count
 * and percentage of the same setting are exclusive. Tolerance is per Region; once exceeded in a Region the operation
 * stops there and is not attempted in later Regions. None of them apply to automatic deployments.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html
 */
export const STACKSET_OPERATION_PREFERENCE_RANGES = {
  FAILURE_TOLERANCE_COUNT_MIN: 0,
  FAILURE_TOLERANCE_PERCENTAGE_MIN: 0,
  FAILURE_TOLERANCE_PERCENTAGE_MAX: 100,
  MAX_CONCURRENT_COUNT_MIN: 1,
  MAX_CONCURRENT_PERCENTAGE_MIN: 1,
  MAX_CONCURRENT_PERCENTAGE_MAX: 100,
} as const;

/** Defaults of the operation preferences when not given (API reference; concurrency-mode.html for the mode). */
export const STACKSET_OPERATION_PREFERENCE_DEFAULTS = {
  FAILURE_TOLERANCE_COUNT: 0,
  MAX_CONCURRENT_COUNT: 1,
  REGION_CONCURRENCY_TYPE: 'SEQUENTIAL',
  CONCURRENCY_MODE: 'STRICT_FAILURE_TOLERANCE',
} as const;

/**
 * RegionConcurrencyType: SEQUENTIAL (the default) deploys one Region at a time in RegionOrder; PARALLEL deploys to all
 * Regions at once, each as long as its failures stay within the tolerance.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
 */
export const REGION_CONCURRENCY_TYPE = { SEQUENTIAL: 'SEQUENTIAL', PARALLEL: 'PARALLEL' } as const;

/**
 * ConcurrencyMode. STRICT_FAILURE_TOLERANCE (the default): actual concurrency starts at min(MaxConcurrentCount,
 * FailureToleranceCount + 1) and drops with each failure, so with the default tolerance 0 a stack set deploys one account
 * at a time whatever MaxConcurrentPercentage says ("similar" with percentages). SOFT_FAILURE_TOLERANCE runs at
 * MaxConcurrentCount/Percentage regardless of failures and still stops past the tolerance.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/concurrency-mode.html
 */
export const STACKSET_CONCURRENCY_MODE = {
  STRICT_FAILURE_TOLERANCE: 'STRICT_FAILURE_TOLERANCE',
  SOFT_FAILURE_TOLERANCE: 'SOFT_FAILURE_TOLERANCE',
} as const;

/**
 * Rollout time. No AWS page gives a time per stack instance (UNCONFIRMED: none found): it is the member stack's own
 * create time. The concepts page (read in its archived copy) describes the order: in each Region, accounts are deployed in batches of the
 * concurrency (a percentage of the accounts, rounded down), one Region at a time in SEQUENTIAL. So, with N accounts, R
 * Regions, c the actual concurrency (above; at most STACKSETS_MAX_CONCURRENT_INSTANCES_PER_STACK_SET) and t minutes per
 * instance: per Region ceil(N / c) × t; SEQUENTIAL R × that; PARALLEL that once (if the 100-instance cap holds per stack
 * set, PARALLEL shares it among the Regions). The AWS::CloudFormation::StackSet handlers time out after 2,160 minutes
 * (36 hours, `timeoutInMinutes` of its resource schema): an initial rollout that takes longer fails the parent stack
 * (UNCONFIRMED beyond the schema value).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-concepts.html
 * @see https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-cloudformation (aws-cloudformation-stackset/aws-cloudformation-stackset.json)
 */
export const CFN_STACKSET_RESOURCE_TIMEOUT_MINUTES = 2_160;

// ---------------------------------------------------------------------------------------------------------------------
// Service-managed permissions and targets
// ---------------------------------------------------------------------------------------------------------------------

/**
 * PermissionModel. SERVICE_MANAGED stack sets deploy to accounts of AWS Organizations with IAM roles StackSets creates:
 * the service-linked roles AWSServiceRoleForCloudFormationStackSetsOrgAdmin (management account) and
 * ...OrgMember (each target account) and a service role `stacksets-exec-*` in each target account. The model cannot
 * change while the stack set has instances; AutoDeployment is required with it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export const STACKSET_PERMISSION_MODEL = { SERVICE_MANAGED: 'SERVICE_MANAGED', SELF_MANAGED: 'SELF_MANAGED' } as const;

/**
 * Prerequisites of SERVICE_MANAGED: all features enabled in AWS Organizations (not only consolidated billing), and
 * trusted access for StackSets activated by an administrator of the management account ("Activate trusted access with
 * AWS Organizations"). Its service principal is `member.org.stacksets.cloudformation.amazonaws.com` (the one that
 * `organizations enable-aws-service-access` and `register-delegated-administrator` take; UNCONFIRMED against an AWS
 * page: read in public code and in the service-linked role's path). Trusted access is not supported in the China
 * Regions (Beijing, Ningxia).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-activate-trusted-access.html
 */
export const STACKSETS_TRUSTED_ACCESS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/**
 * CallAs: the administrator of a service-managed stack set is the management account (SELF, the default) or a member
 * account registered as a StackSets delegated administrator (DELEGATED_ADMIN; it needs
 * organizations:ListDelegatedAdministrators). Delegated administrators can deploy to any account of the organization:
 * the management account cannot limit them to OUs.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
 */
export const STACKSET_CALL_AS = { SELF: 'SELF', DELEGATED_ADMIN: 'DELEGATED_ADMIN' } as const;

/**
 * DeploymentTargets.OrganizationalUnitIds: OU IDs or the organization root ID (API pattern
 * `^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$`). A target OU includes its child OUs.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
export const ORGANIZATIONAL_UNIT_ID_PATTERN = /^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
export const ORGANIZATION_ROOT_ID_PATTERN = /^r-[a-z0-9]{4,32}$/;
export const DEPLOYMENT_TARGET_OU_PATTERN = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

/** DeploymentTargets.Accounts and StackInstances Regions (API patterns). */
export const STACKSET_ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
export const STACKSET_REGION_PATTERN = /^[a-zA-Z0-9-]{1,128}$/;

/**
 * "CloudFormation doesn't deploy stack instances to the organization management account, even if the organization
 * management account is in your organization or in an OU in your organization": a baseline for the management account
 * must be deployed there as an ordinary stack.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 */
export const STACKSETS_DEPLOY_TO_MANAGEMENT_ACCOUNT = false;

/**
 * DeploymentTargets.AccountFilterType, how Accounts refines OrganizationalUnitIds: NONE (every account of the OUs),
 * INTERSECTION (only the listed accounts that are in the OUs), DIFFERENCE (the OUs' accounts except those listed),
 * UNION (the OUs plus the listed accounts; the default when not given, and not supported by CreateStackInstances).
 * Create operations that give both OUs and Accounts must give it. Automatic deployments ignore account filters: new
 * accounts of the targeted organization are deployed to regardless.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeploymentTargets.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export const STACKSET_ACCOUNT_FILTER_TYPE = {
  NONE: 'NONE',
  INTERSECTION: 'INTERSECTION',
  DIFFERENCE: 'DIFFERENCE',
  UNION: 'UNION',
} as const;

/**
 * AutoDeployment is required with SERVICE_MANAGED (CreateStackSet), and set for the whole stack set, not per OU,
 * account or Region. StackSetOperationPreferences don't apply to it. Enabled: accounts
 * added to a target OU get stack instances in the stack set's Regions, and accounts removed from it lose them (an
 * account moved between OUs of two stack sets: a delete from one, a queued create in the other). Accounts added later
 * get the stack set's parameter values, not the overrides. RetainStacksOnAccountRemoval (only with Enabled): true
 * keeps the stack and its resources in the removed account, detached from the stack set; false deletes them.
 * AWS recommends ManagedExecution with automatic deployments, so that those of many accounts run concurrently.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AutoDeployment.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export const STACKSET_AUTO_DEPLOYMENT_REQUIRED_FOR_SERVICE_MANAGED = true;

// Regions of the member stacks: AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in the Regions of
// CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS (aws-expiry.ts keeps the one list, from
// https://docs.aws.amazon.com/config/latest/developerguide/managing-rules-by-region-availability.html, UNCONFIRMED as
// complete; src/private/config-rule-region.ts checks a stack's Region against it). A stack set deploys one template to
// every Region, so the member template must leave the rule out where it is missing (a Condition on AWS::Region) or
// the instances of those Regions fail. Not repeated here.

// ---------------------------------------------------------------------------------------------------------------------
// Prices (US dollars, US East; they change: read 2026-12-04)
// src/checklist/private/report-pricing.ts holds the CloudWatch, Config, Lambda, SNS and KMS prices too: change both.
// ---------------------------------------------------------------------------------------------------------------------

/** The day the prices below were read. */
export const STACKSET_PRICES_READ_ON = '2026-12-04';

/**
 * CloudFormation (StackSets included) adds no charge for resource types of the AWS::*, Alexa::* and Custom::*
 * namespaces: only the resources are paid for. Registry (third-party) resource types and Hooks cost $0.0009 per handler
 * operation after 1,000 free a month per account, plus $0.00008 a second beyond 30 seconds of an operation (the
 * handler price and free tier read on the page's Chinese (Taiwan) copy).
 * @see https://aws.amazon.com/cloudformation/pricing/
 */
export const CFN_NO_CHARGE_NAMESPACES: readonly string[] = ['AWS::', 'Alexa::', 'Custom::'];
export const CFN_HANDLER_OPERATION_USD = 0.0009;
export const CFN_HANDLER_OPERATIONS_FREE_PER_MONTH = 1_000;
export const CFN_HANDLER_SECOND_BEYOND_30S_USD = 0.00008;

/**
 * EventBridge: AWS management events (ACM's expiry events among them) are ingested by the event bus for free; each
 * 64 KB chunk of a payload is billed as one event. Events sent to another event bus are billed as custom events
 * (What's New, May 2021), to the sending account when the bus is in another account (Knowledge Center,
 * eventbridge-reduce-charges, updated 2021-12-13, read in Portuguese). Custom events: $1.00 per million
 * (UNCONFIRMED: the pricing page's table could not be read; third-party pages agree). The page now also prices
 * delivery to another account; a copy of the AWS Price List shows $0.05 per million cross-account invocations with
 * custom events since 2025 (UNCONFIRMED).
 * @see https://aws.amazon.com/eventbridge/pricing/
 * @see https://aws.amazon.com/about-aws/whats-new/2021/05/amazon-eventbridge-supports-sharing-events-between-event-buses-same-account-region/
 * @see https://aws.amazon.com/pt/premiumsupport/knowledge-center/eventbridge-reduce-charges/
 */
export const EVENTBRIDGE_AWS_MANAGEMENT_EVENT_USD = 0;
export const EVENTBRIDGE_CUSTOM_EVENTS_PER_MILLION_USD = 1.0;
export const EVENTBRIDGE_CROSS_ACCOUNT_DELIVERY_PER_MILLION_USD = 0.05;
export const EVENTBRIDGE_BILLING_CHUNK_BYTES = 64 * 1024;

/**
 * CloudWatch: a standard-resolution metric alarm, per alarm-month: $0.10 (UNCONFIRMED: third-party pages only, as in
 * report-pricing.ts). The free tier (10 alarms) is not subtracted: under consolidated billing AWS "treats all of the
 * accounts in the organization as if they were one account" (useconsolidatedbilling-effective.html).
 * @see https://aws.amazon.com/cloudwatch/pricing/
 */
export const CLOUDWATCH_STANDARD_ALARM_MONTHLY_USD = 0.1;

/**
 * SNS: no monthly fee per topic; $0.50 per million publishes to a standard topic; email deliveries $2.00 per 100,000
 * after 1,000 free (all UNCONFIRMED: third-party pages only, as in report-pricing.ts).
 * @see https://aws.amazon.com/sns/pricing/
 */
export const SNS_PUBLISHES_PER_MILLION_USD = 0.5;
export const SNS_EMAIL_PER_100000_USD = 2.0;

/**
 * AWS Config rule evaluations per Region, by monthly tier: $0.001 each for the first 100,000, $0.0008 for the next
 * 400,000, $0.0005 beyond 500,000 (the third tier UNCONFIRMED). Under consolidated billing the evaluations of all
 * accounts are added up to find the tier (read on the page's Chinese (Taiwan) and Arabic copies); that the tiers
 * count per Region is how the page words them ("per rule evaluation per Region"), UNCONFIRMED.
 * ACM_CERTIFICATE_EXPIRATION_CHECK evaluates every certificate at each periodic run (daily by default: 30 a month)
 * and on each change. Recording configuration items is the recorder's cost, which the baseline does not create.
 * @see https://aws.amazon.com/config/pricing/
 */
export const CONFIG_RULE_EVALUATION_TIERS: ReadonlyArray<{ readonly upTo?: number; readonly usd: number }> = [
  { upTo: 100_000, usd: 0.001 },
  { upTo: 500_000, usd: 0.0008 },
  { usd: 0.0005 },
];

/**
 * Lambda: $0.20 per million requests (confirmed in report-pricing.ts, from AWS's "How AWS Pricing Works"); the
 * baseline's function runs a few times a day, far inside any tier.
 * @see https://aws.amazon.com/lambda/pricing/
 */
export const LAMBDA_REQUESTS_PER_MILLION_USD = 0.2;

/**
 * IAM roles: no charge ("IAM is an AWS service that you can use with no additional charge", Amazon Quick user guide,
 * read on its docs.amazonaws.cn copy). KMS: $1 a key-month (report-pricing.ts, confirmed there): the member template's
 * expiry topic has a key of its own unless `expiryAlarms.encryptTopic` is false.
 * @see https://docs.aws.amazon.com/quick/latest/userguide/iam.html
 * @see https://aws.amazon.com/kms/pricing/
 */
export const IAM_ROLE_MONTHLY_USD = 0;
export const KMS_KEY_MONTHLY_USD = 1;

/**
 * The capabilities a StackSet's template acknowledges: IAM resources (CAPABILITY_IAM), and IAM resources with custom
 * names (CAPABILITY_NAMED_IAM, the CA-expiry read role, named so that monitoring accounts can name it).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html
 */
export const STACKSET_CAPABILITIES = { IAM: 'CAPABILITY_IAM', NAMED_IAM: 'CAPABILITY_NAMED_IAM' } as const;
