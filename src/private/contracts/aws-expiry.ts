/** AWS strings of expiry alarms (ExpiryAlarms, lambda/ca-expiry, lambda/cert-inventory, lambda/expiry-filter). Part of aws-strings.ts. */

/** Event source of ACM (AWS-FACTS 6; supported-events.html). Delivery is "best effort". */
export const ACM_EVENT_SOURCE = 'aws.acm';

/**
 * ACM detail-types (AWS-FACTS 6; https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html).
 * Approaching Expiration: daily from DaysBeforeExpiry days before expiry, detail { DaysToExpiry, CommonName }.
 * Renewal Action Required: detail { CertificateType, CommonName, RenewalStatusReason, DaysToExpiry, ... }.
 * Expired: detail { CertificateType, CommonName, DomainValidationMethod, CertificateCreatedDate, CertificateExpirationDate,
 * InUse, Exported } (no DaysToExpiry); never sent for imported certificates. The Expired field names come from the
 * EventBridge schema (aws.acm ACMCertificateExpired) as generated code shows it: UNCONFIRMED against the docs page.
 * What an input transformer writes for a path the event lacks (empty or null) is UNCONFIRMED: the messages use only the
 * fields listed here for each detail-type.
 */
export const ACM_APPROACHING_EXPIRATION = 'ACM Certificate Approaching Expiration';
export const ACM_RENEWAL_ACTION_REQUIRED = 'ACM Certificate Renewal Action Required';
export const ACM_CERTIFICATE_EXPIRED = 'ACM Certificate Expired';

/** Fields of the ACM events' detail that the notifications use (see the detail shapes above). */
export const ACM_DETAIL = {
  COMMON_NAME: 'CommonName',
  DAYS_TO_EXPIRY: 'DaysToExpiry',
  RENEWAL_STATUS_REASON: 'RenewalStatusReason',
  EXPIRATION_DATE: 'CertificateExpirationDate',
} as const;

/** Fields of a Config compliance-change event's detail (AWS-FACTS 6): the rule and the certificate ARN. */
export const CONFIG_DETAIL = {
  RULE_NAME: 'configRuleName',
  RESOURCE_ID: 'resourceId',
} as const;

/**
 * AWS::CertificateManager::Account ExpiryEventsConfiguration.DaysBeforeExpiry: integer 1-45, default 45
 * (AWS-FACTS 3 and 8; the API reference states no maximum, the CloudFormation schema says 45). One per
 * account and Region.
 */
export const ACM_DAYS_BEFORE_EXPIRY_MIN = 1;
export const ACM_DAYS_BEFORE_EXPIRY_MAX = 45;
export const ACM_DAYS_BEFORE_EXPIRY_DEFAULT = 45;

/**
 * ACM's metric (AWS-FACTS 7): namespace AWS/CertificateManager, DaysToExpiry, dimension CertificateArn,
 * statistic Minimum, period 1 day; no longer emitted once the certificate has expired, so alarms treat
 * missing data as breaching. Emitted in the certificate's Region.
 */
export const ACM_METRIC_NAMESPACE = 'AWS/CertificateManager';
export const ACM_DAYS_TO_EXPIRY_METRIC = 'DaysToExpiry';
export const ACM_CERTIFICATE_ARN_DIMENSION = 'CertificateArn';

/**
 * ListCertificates returns only RSA_1024 and RSA_2048 certificates unless Includes.keyTypes names others
 * (API_Filters.html, valid values listed there). A key type AWS adds later must be added here.
 */
export const ACM_LIST_KEY_TYPES = [
  'RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1',
] as const;

/**
 * AWS Config managed rule for expiring ACM certificates (AWS-FACTS 9; acm-certificate-expiration-check.html):
 * parameter daysToExpiration (int, optional, default 14), resource type AWS::ACM::Certificate (not
 * AWS::CertificateManager::Certificate), triggers: configuration changes and periodic.
 */
export const CONFIG_ACM_EXPIRATION_RULE = 'ACM_CERTIFICATE_EXPIRATION_CHECK';
export const CONFIG_ACM_EXPIRATION_PARAMETER = 'daysToExpiration';
export const CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE = 'AWS::ACM::Certificate';

/**
 * Regions where AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK, from the Region table of Config's
 * managed rules (AWS-FACTS 0, 9: "among others" Osaka, Melbourne, Milan, Tel Aviv, Calgary, Spain, Zurich, Beijing;
 * the table also leaves out Ningxia, the GovCloud and Mexico Regions, and Regions opened after it). UNCONFIRMED as a
 * complete list: the one place to change when AWS adds the rule to a Region or opens one without it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/managing-rules-by-region-availability.html
 */
export const CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS: readonly string[] = [
  'ap-northeast-3', 'ap-southeast-4', 'eu-south-1', 'il-central-1', 'ca-west-1', 'eu-south-2', 'eu-central-2',
  'cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1', 'mx-central-1', 'ap-east-2', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7',
];

/**
 * Config compliance-change events (AWS-FACTS 6). UNCONFIRMED against a published AWS example: the shape
 * { detail: { messageType, configRuleName, resourceType, newEvaluationResult.complianceType } } is rebuilt
 * from Config's event format; detail.resourceId carries the certificate ARN.
 */
export const CONFIG_EVENT_SOURCE = 'aws.config';
export const CONFIG_COMPLIANCE_CHANGE = 'Config Rules Compliance Change';
export const CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE = 'ComplianceChangeNotification';

/**
 * Monthly fee of one Private CA by usage mode, in US dollars, pro-rated, until the CA is deleted (a DISABLED CA
 * still costs it): $400 general purpose, $50 short-lived certificate mode (AWS-FACTS 0, confirmed;
 * https://aws.amazon.com/private-ca/pricing/). The inventory uses them for the CAs it flags as idle.
 * src/checklist/private/report-pricing.ts holds the same two values for the PKI report: change both.
 */
export const PCA_GENERAL_PURPOSE_MONTHLY_FEE_USD = 400;
export const PCA_SHORT_LIVED_MONTHLY_FEE_USD = 50;

/** Service principals that publish to the expiry topic (and so use its KMS key). */
export const EVENTS_SERVICE_PRINCIPAL = 'events.amazonaws.com';
export const CLOUDWATCH_SERVICE_PRINCIPAL = 'cloudwatch.amazonaws.com';

/** IAM global condition key with the account of the service's source resource (confused-deputy guard). */
export const SOURCE_ACCOUNT_CONDITION_KEY = 'aws:SourceAccount';

/** IAM global condition key with the Region a request is made to (reference_policies_condition-keys.html). */
export const REQUESTED_REGION_CONDITION_KEY = 'aws:RequestedRegion';

/** IAM condition key of cloudwatch:PutMetricData that names the namespace. */
export const CLOUDWATCH_NAMESPACE_CONDITION_KEY = 'cloudwatch:namespace';

/**
 * Data points per PutMetricData call. The API has accepted 1000 since 2023 (UNCONFIRMED here); 20 was the
 * limit before and is always accepted, and the CA check sends a few dozen at most.
 */
export const PUT_METRIC_DATA_MAX_DATUMS = 20;

/**
 * Lambda environment variables: at most 4 KB in all (Lambda quotas, gettingstarted-limits.html). EventBridge
 * target Input: at most 8192 characters (PutTargets API, Target.Input). The CA list travels in the latter.
 */
export const EVENTS_TARGET_INPUT_MAX_LENGTH = 8192;

/** CloudFormation's resource limit per stack (cloudformation-limits.html). */
export const CFN_MAX_RESOURCES_PER_STACK = 500;

/**
 * CloudWatch alarm state-change events, on the default bus of the alarm's account and Region ("CloudWatch guarantees
 * the delivery of alarm state change events to EventBridge"): source aws.cloudwatch, detail-type below, resources
 * [alarm ARN], detail { alarmName, configuration: { description, ... }, state: { value, reason, ... }, previousState }.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export const CLOUDWATCH_EVENT_SOURCE = 'aws.cloudwatch';
export const CLOUDWATCH_ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';
/** Alarm states (PutMetricAlarm StateValue): the expiry alarms notify on ALARM and OK. */
export const CLOUDWATCH_ALARM_STATE = { ALARM: 'ALARM', OK: 'OK' } as const;

/**
 * IAM condition key of events:PutEvents with the detail-type of each entry (multi-valued, as events:source), used in
 * event bus policies as in AWS's example "Send events to a custom bus in a different account" (ForAllValues:StringEquals
 * on events:source and events:detail-type).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
 */
export const EVENTS_DETAIL_TYPE_CONDITION_KEY = 'events:detail-type';

/**
 * Name of a custom event bus (CreateEventBus Name; aws-cdk-lib checks the same): 1 to 256 of letters, digits and
 * `.-_`, and not `default` (every account's own bus). A `/` is allowed only in partner event bus names.
 */
export const EVENT_BUS_NAME_PATTERN = /^[.\-_A-Za-z0-9]{1,256}$/;

/**
 * ARN of an event bus: `arn:<partition>:events:<region>:<account>:event-bus/<name>` (the name as in
 * EVENT_BUS_NAME_PATTERN; a partner bus name has `/` in it).
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html#amazoneventbridge-resources-for-iam-policies
 */
export const EVENT_BUS_ARN_PATTERN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[.\-_A-Za-z0-9/]{1,256}$/;

/** The permission policy of an event bus may not exceed 10 KB (PutPermission, AWS::Events::EventBusPolicy). */
export const EVENT_BUS_POLICY_MAX_BYTES = 10_240;

/**
 * Partitions in which a rule cannot target an event bus of another Region: cross-Region event bus targets work
 * "between any AWS Regions, except AWS GovCloud (US) and China" (AWS Compute Blog, "Expanding cross-Region event
 * routing with Amazon EventBridge", 2021; eb-cross-region.html names no Region list today). UNCONFIRMED that these
 * two still lack it: the one place to change. A rule never targets a bus of another partition.
 * @see https://aws.amazon.com/blogs/compute/expanding-cross-region-event-routing-with-amazon-eventbridge/
 */
export const EVENTS_NO_CROSS_REGION_PARTITIONS: readonly string[] = ['aws-cn', 'aws-us-gov'];
