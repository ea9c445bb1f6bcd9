/**
 * Kubernetes name rules, as the API server applies them (k8s.io/apimachinery/pkg/util/validation): namespaces are
 * DNS-1123 labels, service accounts and cluster-scoped custom resources DNS-1123 subdomains.
 */
import { isConcrete } from '../../private/validation';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_LABEL_MAX_LENGTH = 63;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

/** Why `value` is not a DNS-1123 label of at most `max` characters, or undefined (also for tokens). */
export function dns1123LabelProblem(what: string, value: string | undefined, example: string, max = DNS1123_LABEL_MAX_LENGTH): string | undefined {
  if (!isConcrete(value)) return undefined;
  if (DNS1123_LABEL.test(value) && value.length <= max) return undefined;
  return `${what} '${value}' is not a name Kubernetes accepts (a DNS-1123 label): use at most ${max} lowercase letters, digits and '-', `
    + `starting and ending with a letter or digit, for example '${example}'`;
}

/** Why `value` is not a DNS-1123 subdomain, or undefined (also for tokens). */
export function dns1123SubdomainProblem(what: string, value: string | undefined, example: string): string | undefined {
  if (!isConcrete(value)) return undefined;
  if (DNS1123_SUBDOMAIN.test(value) && value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH) return undefined;
  return `${what} '${value}' is not a name Kubernetes accepts (a DNS-1123 subdomain): use at most ${DNS1123_SUBDOMAIN_MAX_LENGTH} lowercase letters, `
    + `digits, '-' and '.', each dot-separated part starting and ending with a letter or digit, for example '${example}'`;
}
