import { Token } from 'aws-cdk-lib';
import { isDnsName, isEmailConstraint, parseCidr } from '../../private/contracts/name-syntax';
import { NameConstraintsSpec } from '../../private/contracts/signing';
import { ValidationErrors } from '../../private/validation';
import type { NameConstraints } from '../name-constraints';

/** A CIDR block: IPv4 or IPv6, prefix in range, no host bits set. */
function isCidr(value: string): boolean {
  return typeof parseCidr(value) !== 'string';
}

interface Field {
  readonly key: keyof NameConstraints;
  readonly spec: keyof NameConstraintsSpec;
  readonly valid: (v: string) => boolean;
  readonly expected: string;
}

const FIELDS: Field[] = [
  { key: 'permittedDnsNames', spec: 'PermittedDnsNames', valid: isDnsName, expected: "a DNS name such as 'example.com' or '.example.com'" },
  { key: 'excludedDnsNames', spec: 'ExcludedDnsNames', valid: isDnsName, expected: "a DNS name such as 'example.com' or '.example.com'" },
  { key: 'permittedIpRanges', spec: 'PermittedIpRanges', valid: isCidr, expected: "a CIDR block without host bits such as '10.0.0.0/8' or 'fd00::/8'" },
  { key: 'excludedIpRanges', spec: 'ExcludedIpRanges', valid: isCidr, expected: "a CIDR block without host bits such as '10.0.0.0/8' or 'fd00::/8'" },
  { key: 'permittedEmailAddresses', spec: 'PermittedEmailAddresses', valid: isEmailConstraint, expected: "a mailbox, host or '.domain' such as 'example.com'" },
  { key: 'excludedEmailAddresses', spec: 'ExcludedEmailAddresses', valid: isEmailConstraint, expected: "a mailbox, host or '.domain' such as 'example.com'" },
  { key: 'permittedUriDomains', spec: 'PermittedUriDomains', valid: isDnsName, expected: "a host or '.domain' such as '.example.com'" },
  { key: 'excludedUriDomains', spec: 'ExcludedUriDomains', valid: isDnsName, expected: "a host or '.domain' such as '.example.com'" },
];

/**
 * Validates name constraints and converts them to the handler's form. Returns undefined when no
 * constraint is set. Tokens are passed through unchecked.
 */
export function toNameConstraintsSpec(constraints: NameConstraints, errors: ValidationErrors): NameConstraintsSpec | undefined {
  const spec: Record<string, string[]> = {};
  for (const field of FIELDS) {
    const values = constraints[field.key];
    if (values === undefined || values.length === 0) {
      continue;
    }
    for (const value of values) {
      if (!Token.isUnresolved(value) && !field.valid(value)) {
        errors.add(`nameConstraints.${field.key} has '${value}', which is not ${field.expected}`);
      }
    }
    // As a set: sorted and without duplicates (unless a token is among them), so that reordering the list
    // changes neither the template nor the certificate.
    spec[field.spec] = values.some((v) => Token.isUnresolved(v)) ? values : [...new Set(values)].sort();
  }
  if (Object.keys(spec).length === 0) {
    errors.add('nameConstraints sets no name; give at least one permitted or excluded name, or leave nameConstraints out');
    return undefined;
  }
  return spec as NameConstraintsSpec;
}
