import { isDnsName, isEmailConstraint, maskOctets, parseCidr } from '../../src/private/contracts/name-syntax';
import type { NameConstraintsSpec } from '../../src/private/contracts/signing';
import { GENERAL_NAME } from '../shared/certificate-der';
import { contextTag, sequence, tlv } from '../shared/der';

export { parseCidr } from '../../src/private/contracts/name-syntax';

const { RFC822_NAME, DNS_NAME, URI, IP_ADDRESS } = GENERAL_NAME;

/**
 * DER of the RFC 5280 NameConstraints extension value (4.2.1.10) for a `NameConstraintsSpec`, encoded
 * with our DER writer (lambda/shared/der.ts). Throws one error that lists every invalid entry.
 */
export function encodeNameConstraints(spec: NameConstraintsSpec): Buffer {
  const problems: string[] = [];
  const subtrees = (dns?: string[], ips?: string[], emails?: string[], uris?: string[]): Buffer[] => [
    ...(dns ?? []).map((name) => textName(DNS_NAME, name, 'DNS name', isDnsName, problems)),
    ...(ips ?? []).map((cidr) => ipName(cidr, problems)),
    ...(emails ?? []).map((mail) => textName(RFC822_NAME, mail, 'email address', isEmailConstraint, problems)),
    ...(uris ?? []).map((host) => textName(URI, host, 'URI domain', isDnsName, problems)),
  ].filter((name): name is Buffer => name !== undefined)
    // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }: DER omits both.
    .map((base) => sequence(base));

  const permitted = subtrees(spec.PermittedDnsNames, spec.PermittedIpRanges, spec.PermittedEmailAddresses, spec.PermittedUriDomains);
  const excluded = subtrees(spec.ExcludedDnsNames, spec.ExcludedIpRanges, spec.ExcludedEmailAddresses, spec.ExcludedUriDomains);
  if (problems.length > 0) {
    throw new Error(`invalid NameConstraints: ${problems.join('; ')}`);
  }
  // RFC 5280: "either the permittedSubtrees field or the excludedSubtrees MUST be present".
  if (permitted.length === 0 && excluded.length === 0) {
    throw new Error('invalid NameConstraints: no permitted or excluded names; leave NameConstraints out instead');
  }
  // NameConstraints ::= SEQUENCE { permittedSubtrees [0] IMPLICIT GeneralSubtrees OPTIONAL, excludedSubtrees [1] ... }
  const fields = [permitted, excluded].flatMap((list, tagNumber) => list.length === 0 ? [] : [
    tlv(contextTag(tagNumber, true), ...list),
  ]);
  return sequence(...fields);
}

function textName(tagNumber: number, value: string, kind: string, valid: (v: string) => boolean, problems: string[]): Buffer | undefined {
  if (!valid(value)) {
    problems.push(`'${value}' is not a valid ${kind} constraint`);
    return undefined;
  }
  // IA5String content, implicitly tagged.
  return tlv(contextTag(tagNumber, false), Buffer.from(value, 'ascii'));
}

function ipName(cidr: string, problems: string[]): Buffer | undefined {
  const range = parseCidr(cidr);
  if (typeof range === 'string') {
    problems.push(`'${cidr}' is not a valid IP range: ${range}`);
    return undefined;
  }
  // iPAddress in a constraint: the address octets followed by the mask octets (8 for IPv4, 32 for IPv6).
  const octets = [...range.address, ...maskOctets(range.prefix, range.address.length)];
  return tlv(contextTag(IP_ADDRESS, false), Buffer.from(octets));
}
