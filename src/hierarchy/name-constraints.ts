/**
 * X.509 name constraints (RFC 5280 section 4.2.1.10) for a subordinate CA: the CA can then only issue
 * certificates for names inside the permitted subtrees and outside the excluded ones. They go into the
 * CA's certificate as extension 2.5.29.30, marked critical, through an APIPassthrough template.
 *
 * @see https://aws.amazon.com/blogs/security/how-to-enforce-dns-name-constraints-in-aws-private-ca/
 */
export interface NameConstraints {
  /**
   * DNS names the CA may issue for, with every name below them: `example.com` permits `example.com`
   * and `www.example.com`; `.example.com` permits only names below it.
   * @default - no DNS constraint
   */
  readonly permittedDnsNames?: string[];
  /** DNS names (and the names below them) the CA may not issue for. @default - none */
  readonly excludedDnsNames?: string[];
  /** IP ranges in CIDR notation, IPv4 or IPv6, for example `10.0.0.0/8`. @default - no IP constraint */
  readonly permittedIpRanges?: string[];
  /** IP ranges in CIDR notation that are excluded. @default - none */
  readonly excludedIpRanges?: string[];
  /**
   * Email addresses: a mailbox (`pki@example.com`), every mailbox of a host (`example.com`), or of a
   * domain's subdomains (`.example.com`).
   * @default - no email constraint
   */
  readonly permittedEmailAddresses?: string[];
  /** Email addresses, hosts or domains that are excluded. @default - none */
  readonly excludedEmailAddresses?: string[];
  /** Hosts of URIs (`api.example.com`) or domains with a leading dot (`.example.com`). @default - no URI constraint */
  readonly permittedUriDomains?: string[];
  /** URI hosts or domains that are excluded. @default - none */
  readonly excludedUriDomains?: string[];
}
