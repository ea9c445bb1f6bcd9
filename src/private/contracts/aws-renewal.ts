/**
 * AWS strings of the renewal of imported certificates (ImportedCertRenewal, lambda/cert-renewal). Part of
 * aws-strings.ts. The renewal also uses ACM_EVENT_SOURCE, ACM_APPROACHING_EXPIRATION, ACM_LIST_KEY_TYPES and the
 * Config strings of aws-expiry.ts.
 */
import { CA_ARN_PATTERN } from './arn';
import {
  CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_COMPLIANCE_CHANGE, CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE, CONFIG_EVENT_SOURCE,
} from './aws-expiry';

/** Config's compliance type of a resource that breaks the rule (Config EvaluationResult.ComplianceType). */
export const CONFIG_NON_COMPLIANT = 'NON_COMPLIANT';

/**
 * EventBridge pattern of "this ACM certificate became NON_COMPLIANT with rule `ruleName`" (AWS-FACTS 6).
 * UNCONFIRMED against a published AWS example: rebuilt from Config's event format. `detail.resourceId`
 * is taken to be the certificate ARN (Config's resource id of AWS::ACM::Certificate); the handler checks
 * that it is one and ignores the event otherwise, so a wrong guess costs this trigger, not a renewal.
 */
export function configNonCompliantPattern(ruleName: string) {
  return {
    source: [CONFIG_EVENT_SOURCE],
    detailType: [CONFIG_COMPLIANCE_CHANGE],
    detail: {
      messageType: [CONFIG_COMPLIANCE_CHANGE_MESSAGE_TYPE],
      configRuleName: [ruleName],
      resourceType: [CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE],
      newEvaluationResult: { complianceType: [CONFIG_NON_COMPLIANT] },
    },
  };
}

/** What an EventBridge schedule sends a Lambda target when the target has no Input (ScheduledEvents). */
export const SCHEDULED_EVENT_SOURCE = 'aws.events';
export const SCHEDULED_EVENT_DETAIL_TYPE = 'Scheduled Event';

/**
 * ACM tag constraints (AWS::CertificateManager::Certificate Tag schema and tags-restrictions.html): key 1-128
 * characters (the user guide says 127), value 0-256 (the user guide says 255), both of
 * `[\p{L}\p{Z}\p{N}_.:/=+\-@]` only; keys starting `aws:` are reserved; at most 50 tags per certificate.
 * The smaller limits are used.
 */
export const ACM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const ACM_TAG_NOT_ALLOWED = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;
export const ACM_TAG_KEY_MAX_LENGTH = 127;
export const ACM_TAG_VALUE_MAX_LENGTH = 255;
export const ACM_MAX_TAGS_PER_CERTIFICATE = 50;

/** ACM certificate ARN: `arn:<partition>:acm:<region>:<account>:certificate/<id>`. */
export const ACM_CERTIFICATE_ARN_PATTERN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-zA-Z-]+$/;

/** Imported certificates have Type IMPORTED in DescribeCertificate and ListCertificates summaries. */
export const ACM_TYPE_IMPORTED = 'IMPORTED';

/**
 * Re-importing (import-reimport.html): the key type and size cannot change; tags cannot be given with the
 * re-import; Key Usage and Extended Key Usage values of the current certificate cannot be removed, except
 * the Client Authentication EKU, and keyEncipherment from ECDSA certificates.
 */
export const REIMPORT_REMOVABLE_EXTENDED_KEY_USAGES = ['1.3.6.1.5.5.7.3.2'];
export const REIMPORT_REMOVABLE_EC_KEY_USAGES = ['keyEncipherment'];

/**
 * Key algorithms (ACM's names) of the certificates AWS Private CA issues through IssueCertificate: the
 * supported-algorithms page lists RSA_2048, RSA_4096, EC_prime256v1 and EC_secp384r1; RSA_3072 and
 * EC_secp521r1 are in the API's KeyAlgorithm list for CAs, and that Private CA accepts them in a CSR is
 * UNCONFIRMED. RSA_1024, which ACM imports, is not among them.
 */
export const PRIVATE_CA_CSR_KEY_ALGORITHMS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];

/** IssueCertificate SigningAlgorithm values and the CA key family each needs (API_IssueCertificate.html). */
export const PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES: Readonly<Record<string, 'RSA' | 'EC' | 'ML_DSA' | 'SM2'>> = {
  SHA256WITHRSA: 'RSA',
  SHA384WITHRSA: 'RSA',
  SHA512WITHRSA: 'RSA',
  SHA256WITHECDSA: 'EC',
  SHA384WITHECDSA: 'EC',
  SHA512WITHECDSA: 'EC',
  ML_DSA_44: 'ML_DSA',
  ML_DSA_65: 'ML_DSA',
  ML_DSA_87: 'ML_DSA',
  SM3WITHSM2: 'SM2',
};

/**
 * Private CA ARN: `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>`, the pattern of arn.ts
 * (handlers parse with its `parseCaArn`).
 */
export const PRIVATE_CA_ARN_PATTERN: RegExp = CA_ARN_PATTERN;

/** IAM role ARN, path included: `arn:<partition>:iam::<account>:role/<path/><name>`. */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** IAM condition keys: tags on the resource acted on, tag keys in the request, and the source of PutEvents. */
export const RESOURCE_TAG_CONDITION_KEY_PREFIX = 'aws:ResourceTag/';
export const TAG_KEYS_CONDITION_KEY = 'aws:TagKeys';
export const EVENTS_SOURCE_CONDITION_KEY = 'events:source';

/** Name of every account's default event bus, which PutEvents uses when no EventBusName is given. */
export const DEFAULT_EVENT_BUS_NAME = 'default';
