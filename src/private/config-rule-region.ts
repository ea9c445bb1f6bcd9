/**
 * Whether AWS Config offers ACM_CERTIFICATE_EXPIRATION_CHECK in the Region of a construct's stack (the table is in
 * contracts/aws-expiry.ts). A Region that is a token is taken to have it.
 */
import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { CONFIG_ACM_EXPIRATION_RULE, CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS } from './contracts/aws-strings';

/** The Region of `scope`'s stack when AWS Config does not offer the rule there, else undefined. */
export function regionWithoutExpirationRule(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return !Token.isUnresolved(region) && CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS.includes(region) ? region : undefined;
}

/** The message of a rule asked for where AWS Config does not offer it. */
export function expirationRuleUnavailable(region: string, fix: string): string {
  return `AWS Config does not offer ${CONFIG_ACM_EXPIRATION_RULE} in ${region}; ${fix}`;
}
