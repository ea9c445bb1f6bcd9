import { isIPv4, isIPv6 } from 'node:net';
import { Token } from 'aws-cdk-lib';
import { NameConstraintsSpec } from './contract';
import { ValidationErrors } from './validation';
import type { NameConstraints } from '../name-constraints';

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name or domain, optionally with a leading dot. */
export function isDnsName(value: string): boolean {
  const name = value.startsWith('.') ? value.slice(1) : value;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

/** IPv4 or IPv6 CIDR block with a prefix length in range. */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) {
    return false;
  }
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  return bits > 0 && Number(prefix) <= bits;
}

function isEmailConstraint(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 0) {
    return isDnsName(value);
  }
  const local = value.slice(0, at);
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$/.test(local) && isDnsName(value.slice(at + 1)) && !value.slice(at + 1).startsWith('.');
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
  { key: 'permittedIpRanges', spec: 'PermittedIpRanges', valid: isCidr, expected: "a CIDR block such as '10.0.0.0/8' or 'fd00::/8'" },
  { key: 'excludedIpRanges', spec: 'ExcludedIpRanges', valid: isCidr, expected: "a CIDR block such as '10.0.0.0/8' or 'fd00::/8'" },
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
    spec[field.spec] = values;
  }
  if (Object.keys(spec).length === 0) {
    errors.add('nameConstraints sets no name; give at least one permitted or excluded name, or leave nameConstraints out');
    return undefined;
  }
  return spec as NameConstraintsSpec;
}
