/**
 * The DNS names of the app's ACM certificates against the name constraints of every CA up their chain
 * (RFC 5280 4.2.1.10), at synthesis. AWS Private CA issues a certificate whatever its CA's name constraints say;
 * clients that check name constraints then reject it, which no deployment would show.
 *
 * Matching of a name against a DNS constraint:
 * - `example.com` covers `example.com` and every name that ends with `.example.com`;
 * - `.example.com` covers only names below it (`www.example.com`, not `example.com`). RFC 5280 does not define a
 *   leading dot for dNSName; the library accepts it, and OpenSSL and Go read it as "subdomains only", which is the
 *   reading here (and in the `NameConstraints` docs and docs/hierarchy.md).
 * - A wildcard `*.corp.example.com` is a name below `corp.example.com`: verifiers compare it as it is written, so
 *   `corp.example.com` and `.corp.example.com` cover it, `db.corp.example.com` neither permits nor excludes it.
 * - Excluded wins over permitted; with permitted DNS names, every DNS name must be within one of them; the
 *   constraints of each CA of the chain apply (the issuing CA's, its parent's, and so on up to a CA of which the
 *   app knows no constraints: the root, or a parent of another app).
 * Names and constraints are compared without regard to case. Names that are tokens are skipped, and so is a
 * permitted list with a token in it (the token might permit the name); an excluded token excludes nothing known.
 * ACM private certificates take DNS names only, so IP, email and URI constraints have nothing to check here.
 */
import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { IConstruct } from 'constructs';
import type { NameConstraintsSpec } from '../../private/contracts/signing';
import type { IParentCa } from '../parent';

/** What the check knows of an IssuingCa of the app: where it is, its constraints, its parent. */
interface ConstrainedCa {
  readonly path: string;
  readonly constraints?: NameConstraintsSpec;
  readonly parent: IParentCa;
}

const cas = new WeakMap<object, ConstrainedCa>();

/** Whether `name` is within the DNS constraint `base` (both lower-case). */
export function dnsNameWithin(name: string, base: string): boolean {
  if (base.startsWith('.')) {
    return name.endsWith(base) && name.length > base.length;
  }
  return name === base || name.endsWith(`.${base}`);
}

/** The CAs whose constraints apply to a certificate of `ca`: itself first, then up its chain. */
function chainOf(ca: object): ConstrainedCa[] {
  const chain: ConstrainedCa[] = [];
  for (let link = cas.get(ca); link !== undefined && !chain.includes(link); link = cas.get(link.parent)) {
    chain.push(link);
  }
  return chain;
}

/** Why `name` would be rejected under the chain, or undefined. */
function nameProblem(name: string, chain: ConstrainedCa[]): string | undefined {
  const lower = name.toLowerCase();
  for (const ca of chain) {
    const excluded = (ca.constraints?.ExcludedDnsNames ?? []).filter((c) => !Token.isUnresolved(c));
    const hit = excluded.find((c) => dnsNameWithin(lower, c.toLowerCase()));
    if (hit !== undefined) {
      return `asks for ${name}, which IssuingCa '${ca.path}' excludes (${hit}): AWS Private CA would issue it, but clients that check `
        + `name constraints reject it; use a name outside ${hit}, issue it from a CA whose name constraints allow it, or take ${hit} out of `
        + `nameConstraints.excludedDnsNames of IssuingCa '${ca.path}'`;
    }
    const permitted = ca.constraints?.PermittedDnsNames;
    if (permitted === undefined || permitted.some((c) => Token.isUnresolved(c))) continue;
    if (!permitted.some((c) => dnsNameWithin(lower, c.toLowerCase()))) {
      const fix = lower.startsWith('*.') ? lower.slice(2) : lower;
      return `asks for ${name}, which IssuingCa '${ca.path}' does not permit (it permits only ${permitted.join(', ')}): AWS Private CA `
        + 'would issue it, but clients that check name constraints reject it; use a name within them, issue it from a CA whose name '
        + `constraints allow it, or add ${fix} to nameConstraints.permittedDnsNames of IssuingCa '${ca.path}'`;
    }
  }
  return undefined;
}

/** How a message names an ACM certificate: the acm.PrivateCertificate around it, or the resource itself. */
function describe(certificate: acm.CfnCertificate): string {
  const scope = certificate.node.scope;
  if (scope instanceof acm.PrivateCertificate && scope.node.defaultChild === certificate) {
    return `acm.PrivateCertificate '${scope.node.path}'`;
  }
  return `AWS::CertificateManager::Certificate '${certificate.node.path}'`;
}

/** The concrete DNS names a certificate asks for: its domain name and SANs, once each. */
function namesOf(certificate: acm.CfnCertificate): string[] {
  const sans = certificate.subjectAlternativeNames;
  const names = [certificate.domainName, ...(sans === undefined || Token.isUnresolved(sans) ? [] : sans)];
  const seen = new Set<string>();
  return names.filter((n) => {
    if (typeof n !== 'string' || Token.isUnresolved(n) || seen.has(n.toLowerCase())) return false;
    seen.add(n.toLowerCase());
    return true;
  });
}

/** One message per certificate and name that the constraints of `ca`'s chain reject. */
export function nameConstraintProblems(ca: object, certificates: acm.CfnCertificate[]): string[] {
  const chain = chainOf(ca);
  if (!chain.some((link) => link.constraints !== undefined)) return [];
  return certificates.flatMap((certificate) => namesOf(certificate).flatMap((name) => {
    const problem = nameProblem(name, chain);
    return problem === undefined ? [] : [`${describe(certificate)} ${problem}`];
  }));
}

/**
 * Records the name constraints of an IssuingCa, and fails synthesis when an ACM certificate it issues (`certificates`,
 * complete at validation) asks for a name that its constraints, or those of a CA above it, reject.
 */
export function checkNameConstraints(ca: IConstruct & IParentCa, parent: IParentCa, constraints: NameConstraintsSpec | undefined,
  certificates: acm.CfnCertificate[]): void {
  cas.set(ca, { path: ca.node.path, constraints, parent });
  ca.node.addValidation({ validate: () => nameConstraintProblems(ca, certificates) });
}
