import { createHash } from 'node:crypto';
import { Aws } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { REQUESTED_REGION_CONDITION_KEY } from '../../private/contracts/aws-strings';
import { CaTarget } from '../../private/contracts/expiry';

/**
 * Why `Resource: *` for ACM's per-certificate actions: ACM certificates have no resource policies, so an identity
 * policy reaches this account's certificates only, and aws:RequestedRegion keeps it to this Region. (The ARN pattern
 * arn:<partition>:acm:<region>:<account>:certificate/* would say the same, but its cdk-nag finding id contains '::',
 * which aws-cdk-lib's Validations.acknowledge refuses, so it could not be acknowledged.)
 */
export const ANY_CERTIFICATE_REASON = 'ACM certificates have no resource policies, so * means this account\'s certificates, and aws:RequestedRegion limits it to this Region.';

/** Calls in this stack's Region only. */
export function thisRegionOnly(): Record<string, unknown> {
  return { StringEquals: { [REQUESTED_REGION_CONDITION_KEY]: Aws.REGION } };
}

export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Eight hex characters that name a certificate's or CA's alarms stably (construct path, or ARN for other accounts). */
export function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8).toUpperCase();
}

/** The CAs the CA-expiry function reads, each once: this account's by ARN, the others' with the role to assume. */
export function caTargets(local: acmpca.ICertificateAuthority[],
  crossAccount: Array<{ certificateAuthorityArn: string; roleArn: string }>): CaTarget[] {
  return uniqueBy([
    ...local.map((ca) => ({ Arn: ca.certificateAuthorityArn })),
    ...crossAccount.map((ca) => ({ Arn: ca.certificateAuthorityArn, RoleArn: ca.roleArn })),
  ], (t) => t.Arn);
}
