import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { isCaArn } from '../../private/contracts/arn';
import { CFN_MAX_RESOURCES_PER_STACK, EVENTS_TARGET_INPUT_MAX_LENGTH } from '../../private/contracts/aws-strings';
import { CaTarget } from '../../private/contracts/expiry';
import { ValidationErrors, isConcrete } from '../../private/validation';

/** Most named CAs of one CA-expiry check: two alarms each, and their ARNs must fit in the schedule's input (8192 characters). */
export const MAX_NAMED_CAS = 25;
/** Characters a CA entry of the schedule input may take when its ARNs are tokens (a long partition and Region). */
const ESTIMATED_CA_ARN_LENGTH = 120;
const ESTIMATED_ROLE_ARN_LENGTH = 140;

const EMAIL = /^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const ACM_CERTIFICATE_ARN = /^arn:[\w-]+:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/;
const IAM_ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/.+/;

export function checkEmailAddresses(errors: ValidationErrors, emails: string[]): void {
  for (const email of emails) {
    if (isConcrete(email) && !EMAIL.test(email)) {
      errors.add(`emailAddresses: '${email}' is not an email address; use the form name@example.com`);
    }
  }
}

export function checkHttpsEndpoints(errors: ValidationErrors, urls: string[]): void {
  for (const url of urls) {
    if (isConcrete(url) && !isHttpsUrl(url)) {
      errors.add(`httpsEndpoints: '${url}' is not an HTTPS URL; use the form https://hooks.example.com/path (SNS delivers over HTTPS only here)`);
    }
  }
}

function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' && url.hostname !== '';
}

/** A filter by ARN must name certificates, by their ARNs; a filter by tag must name valid tag keys. */
export function checkFilter(errors: ValidationErrors, arns: string[] | undefined, requiredTags: { [key: string]: string } | undefined): void {
  if (arns !== undefined) {
    if (arns.length === 0) {
      errors.add('filter: CertificateFilter.certificates() or certificateArns() with no certificate would match nothing; name at least one, or use CertificateFilter.all()');
    }
    for (const arn of arns) {
      if (isConcrete(arn) && !ACM_CERTIFICATE_ARN.test(arn)) {
        errors.add(`filter: '${arn}' is not an ACM certificate ARN (arn:<partition>:acm:<region>:<account>:certificate/<id>)`);
      }
    }
  }
  if (requiredTags !== undefined) {
    const keys = Object.keys(requiredTags);
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

/** The inventory's key prefix and owner tag keys; `names` prefixes the prop names in messages (`inventory.`). */
export function checkInventory(errors: ValidationErrors, keyPrefix: string | undefined, ownerTagKeys: string[] | undefined, names: string): void {
  if (isConcrete(keyPrefix) && (keyPrefix.startsWith('/') || (keyPrefix !== '' && !keyPrefix.endsWith('/')) || /[*?]/.test(keyPrefix))) {
    errors.add(`${names}keyPrefix '${keyPrefix}' is not allowed; use a prefix such as 'certificate-inventory/' (no leading '/', a trailing '/', no wildcards), or ''`);
  }
  for (const key of ownerTagKeys ?? []) {
    if (isConcrete(key) && !TAG_KEY.test(key)) {
      errors.add(`${names}ownerTagKeys: '${key}' is not a valid tag key; use 1 to 128 letters, digits, spaces and _.:/=+-@`);
    }
  }
}

/** EventBridge and CloudWatch alarms publish to standard topics only. */
export function checkTopic(errors: ValidationErrors, topic: sns.ITopic | undefined): void {
  if (topic && topic.fifo === true) {
    errors.add('topic is a FIFO topic; EventBridge and CloudWatch alarms publish to standard topics: pass a standard topic, or leave topic out');
  }
}

/** Most certificates with their own alarms in one ExpiryAlarms: two alarms each, far from CloudFormation's 500 resources. */
const MAX_ALARMED_CERTIFICATES = 50;

/** The certificates that get alarms in one ExpiryAlarms: at most 50, each in the stack's account and Region. */
export function checkAlarmedCertificates(errors: ValidationErrors, stack: Stack, certificates: acm.ICertificate[]): void {
  if (certificates.length > MAX_ALARMED_CERTIFICATES) {
    errors.add(`certificates names ${certificates.length} certificates; at most ${MAX_ALARMED_CERTIFICATES} get their own alarms (two resources each, `
      + `and a stack holds at most ${CFN_MAX_RESOURCES_PER_STACK}); name only those that matter most: the ACM events and the Config rule cover every certificate`);
  }
  for (const certificate of certificates) {
    checkSameEnvironment(errors, stack, certificate);
  }
}

/** A certificate's alarms must be where its metric is: its own account and Region. */
export function checkSameEnvironment(errors: ValidationErrors, stack: Stack, certificate: acm.ICertificate): void {
  const arn = certificate.certificateArn;
  const [, , , region, account] = isConcrete(arn) ? arn.split(':') : [];
  const certRegion = region ?? (isConcrete(certificate.env.region) ? certificate.env.region : undefined);
  const certAccount = account ?? (isConcrete(certificate.env.account) ? certificate.env.account : undefined);
  if (certRegion && isConcrete(stack.region) && certRegion !== stack.region) {
    errors.add(`certificate ${arn} is in ${certRegion}, but this stack is in ${stack.region}: ACM publishes DaysToExpiry in the certificate's Region `
      + 'and an alarm can only watch its own Region; put its alarms in a stack in that Region (CloudFront certificates live in us-east-1)');
  }
  if (certAccount && isConcrete(stack.account) && certAccount !== stack.account) {
    errors.add(`certificate ${arn} is in account ${certAccount}, but this stack is in ${stack.account}; put its alarms in a stack of that account`);
  }
}

/**
 * The CAs one CA-expiry check reads: at most 25, their ARNs fit in the schedule's input, the cross-account ones
 * name a CA and a role by ARN. `kind` names the construct that could take the rest (`ExpiryAlarms`).
 */
export function checkCaTargets(errors: ValidationErrors, named: CaTarget[], crossAccount: Array<{ certificateAuthorityArn: string; roleArn: string }>,
  kind: string): void {
  if (named.length > MAX_NAMED_CAS) {
    errors.add(`${named.length} CAs are named; at most ${MAX_NAMED_CAS} get their own alarms. Set discoverCertificateAuthorities: true to check every CA of `
      + `this account and Region under one pair of alarms, or split the CAs over several ${kind} in their accounts`);
  } else if (estimatedInputLength(named) > EVENTS_TARGET_INPUT_MAX_LENGTH) {
    errors.add(`the CA list would not fit in the schedule's input (${EVENTS_TARGET_INPUT_MAX_LENGTH} characters); name fewer CAs, or use discoverCertificateAuthorities`);
  }
  for (const ca of crossAccount) {
    if (isConcrete(ca.roleArn) && !IAM_ROLE_ARN.test(ca.roleArn)) {
      errors.add(`crossAccountCertificateAuthorities: roleArn '${ca.roleArn}' is not an IAM role ARN; use arn:<partition>:iam::<account>:role/<name>, for example CaExpiryReadRole.roleArnOf('111111111111')`);
    }
    if (isConcrete(ca.certificateAuthorityArn) && !isCaArn(ca.certificateAuthorityArn)) {
      errors.add(`crossAccountCertificateAuthorities: '${ca.certificateAuthorityArn}' is not a certificate authority ARN (arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>)`);
    }
  }
}

function estimatedInputLength(cas: CaTarget[]): number {
  const length = (value: string | undefined, estimate: number) => (value === undefined ? 0 : isConcrete(value) ? value.length : estimate);
  return 200 + cas.reduce((sum, t) => sum + 30 + length(t.Arn, ESTIMATED_CA_ARN_LENGTH) + length(t.RoleArn, ESTIMATED_ROLE_ARN_LENGTH), 0);
}
