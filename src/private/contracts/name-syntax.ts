/**
 * Syntax of the names that go into X.509 name constraints (RFC 5280 4.2.1.10). Plain functions with no
 * CDK dependency: the constructs check names at synthesis with them, and the ca-signer handler (which
 * bundles this file) checks and encodes the same names at deployment.
 */
import { isIPv4, isIPv6 } from 'node:net';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * A host name or a domain with a leading dot, in ASCII (IA5String): internationalized names go in their
 * xn-- form. No wildcards: a constraint on `example.com` already covers every name below it.
 */
export function isDnsName(value: string): boolean {
  const name = value.startsWith('.') ? value.slice(1) : value;
  return name.length > 0 && value.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}

/** A mailbox (`pki@example.com`), a host (all mailboxes on it) or a domain with a leading dot. */
export function isEmailConstraint(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 0) {
    return isDnsName(value);
  }
  const local = value.slice(0, at);
  const host = value.slice(at + 1);
  return local.length > 0 && local.length <= 64 && /^[\x21-\x7e]+$/.test(local) && !local.includes('@')
    && !host.startsWith('.') && isDnsName(host);
}

/** A CIDR block's address octets (4 or 16) and prefix length, or the reason it is not one. */
export function parseCidr(cidr: string): { address: number[]; prefix: number } | string {
  const match = /^([^/%]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) {
    return 'expected address/prefix, for example 10.0.0.0/8 or fd00::/8';
  }
  const [, text, prefixText] = match;
  const prefix = Number(prefixText);
  let address: number[];
  if (isIPv4(text)) {
    address = text.split('.').map(Number);
  } else if (isIPv6(text)) {
    address = ipv6Octets(text);
  } else {
    return `'${text}' is neither an IPv4 nor an IPv6 address`;
  }
  const bits = address.length * 8;
  if (prefix > bits) {
    return `prefix /${prefix} is longer than ${bits} bits`;
  }
  // Host bits of octet i: the low (8 - n) bits, where n is how much of the prefix falls in that octet.
  // A constraint with host bits set would never match anything, so it is refused.
  const hostBitsSet = address.some((b, i) => b % 2 ** (8 - Math.min(8, Math.max(0, prefix - 8 * i))) !== 0);
  if (hostBitsSet) {
    return `host bits are set after /${prefix}`;
  }
  return { address, prefix };
}

/** The netmask octets of a prefix length over `length` octets. */
export function maskOctets(prefix: number, length: number): number[] {
  return Array.from({ length }, (_, i) => 256 - 2 ** (8 - Math.min(8, Math.max(0, prefix - 8 * i))));
}

function ipv6Octets(text: string): number[] {
  let hex = text.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(hex);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    hex = `${hex.slice(0, v4.index)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
  }
  const [head, tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const value = parseInt(g, 16);
    return [Math.floor(value / 256), value % 256];
  });
}
