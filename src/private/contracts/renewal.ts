/**
 * The contract between `ImportedCertRenewal` and its handler (lambda/cert-renewal): the tag schema, the
 * states, the events and metrics the handler emits, and the configuration the construct hands it. Plain
 * constants and types only, so that the handler bundle stays small. The tag schema is this library's own
 * design (no AWS sample defines one, AWS-FACTS 6); the characters of every key and fixed value are ones
 * ACM accepts (`ACM_TAG_PATTERN`).
 */

/** Environment variable of the handler that carries `RenewalConfiguration` as JSON. */
export const RENEWAL_CONFIGURATION_ENV = 'CDK_PKI_RENEWAL_CONFIGURATION';

/** Tag keys. The first group opts a certificate in and parameterizes its source; the second is state. */
export const RENEWAL_TAGS = {
  /** Opt-in: the source that issues the renewed certificate, e.g. `private-ca`. */
  source: 'cdk-pki:renewal-source',
  /** private-ca: ARN of the CA that issues the renewed certificate. */
  caArn: 'cdk-pki:ca-arn',
  /** private-ca: template ARN, or its name such as `EndEntityServerAuthCertificate/V1`. */
  templateArn: 'cdk-pki:template-arn',
  /** private-ca: validity of the renewed certificate in days. */
  validityDays: 'cdk-pki:validity-days',
  /** private-ca: IssueCertificate SigningAlgorithm, such as SHA256WITHRSA. */
  signingAlgorithm: 'cdk-pki:signing-algorithm',
  /** private-ca: role to assume to reach a CA in another account. */
  roleArn: 'cdk-pki:role-arn',
  /** Any source: the key algorithm the renewed certificate must have (ACM's names, e.g. EC_prime256v1). */
  keyAlgorithm: 'cdk-pki:key-algorithm',
  /** State: one of `RENEWAL_STATUS`. */
  status: 'cdk-pki:renewal-status',
  /** State: why the certificate is in its state, in words (sanitized to ACM's tag characters). */
  reason: 'cdk-pki:renewal-reason',
  /** State: when the state last changed (ISO 8601, UTC). */
  updatedAt: 'cdk-pki:renewal-updated-at',
  /** State: `<token>@<ISO time>`, the lease of the renewal in progress and when it lapses. */
  lease: 'cdk-pki:renewal-lease',
} as const;

/** Values of the status tag. Spaces are tag characters ACM accepts (\p{Z}). */
export const RENEWAL_STATUS = {
  pending: 'pending renewal',
  inProgress: 'renewal in progress',
  complete: 'renewal complete',
  failed: 'renewal failed',
} as const;

export type RenewalStatusValue = typeof RENEWAL_STATUS[keyof typeof RENEWAL_STATUS];

/** The only tags the handler writes or removes; its IAM policy allows no others (aws:TagKeys). */
export const RENEWAL_STATE_TAG_KEYS: readonly string[] = [
  RENEWAL_TAGS.status, RENEWAL_TAGS.reason, RENEWAL_TAGS.updatedAt, RENEWAL_TAGS.lease,
];

/** Events the handler puts on the account's default bus on every state change. */
export const RENEWAL_EVENT_SOURCE = 'cdk-pki.renewal';
export const RENEWAL_EVENT_DETAIL_TYPE = 'Imported Certificate Renewal Status Change';

/** Metrics the handler writes in CloudWatch embedded metric format (no IAM permission needed). */
export const RENEWAL_METRIC_NAMESPACE = 'cdk-pki';
export const RENEWAL_METRIC_RENEWED = 'CertificatesRenewed';
export const RENEWAL_METRIC_FAILED = 'CertificateRenewalsFailed';
export const RENEWAL_METRIC_DIMENSION = 'FunctionName';

/** Name of the AWS Private CA source, in the source tag and the configuration. */
export const PRIVATE_CA_SOURCE_NAME = 'private-ca';

/**
 * Sources the bundled handler has a module for (lambda/cert-renewal/sources). A new source adds its name
 * here, a module there, and a `RenewalSource` class in the construct.
 */
export const KNOWN_RENEWAL_SOURCES: readonly string[] = [PRIVATE_CA_SOURCE_NAME];

/** Settings of one source: named lists of strings (ARNs, names), resolved at deployment. */
export type RenewalSourceSettings = { readonly [setting: string]: string[] };

/** Settings of the private-ca source. */
export interface PrivateCaSourceSettings {
  /** CAs the handler may issue from. */
  readonly certificateAuthorityArns: string[];
  /** Templates it may issue with; the first is used when the certificate names none. */
  readonly templateArns: string[];
  /** Roles it may assume to reach a CA in another account. */
  readonly roleArns: string[];
  /**
   * The library's CAs among them (IssuingCa) as `<hierarchy>/<CA name>/<CA ARN>` (see `successorEntry`): a certificate
   * whose cdk-pki:ca-arn names an earlier generation of one of them (a CA replaced on purpose, same account and Region,
   * with the same tags cdk-pki:hierarchy and cdk-pki:ca-name) is renewed from it. Absent in configurations of earlier versions.
   */
  readonly successors?: string[];
}

/** A successor entry: hierarchy and CA names have no '/', the ARN comes last. */
export function successorEntry(hierarchyName: string, caName: string, arn: string): string {
  return `${hierarchyName}/${caName}/${arn}`;
}

/** The parts of a successor entry, or undefined when it is not one. */
export function parseSuccessorEntry(entry: string): { hierarchyName: string; caName: string; arn: string } | undefined {
  const m = /^([^/]+)\/([^/]+)\/(arn:.+)$/.exec(entry);
  return m ? { hierarchyName: m[1], caName: m[2], arn: m[3] } : undefined;
}

/** What the construct tells the handler (JSON in `RENEWAL_CONFIGURATION_ENV`). */
export interface RenewalConfiguration {
  /** Partition of the deployment, for ARNs the handler builds. */
  readonly partition: string;
  /** A certificate is renewed once it expires within this many days. */
  readonly renewBeforeDays: number;
  /** A certificate renewed (or failed) less than this many seconds ago is left alone. */
  readonly minimumIntervalSeconds: number;
  /** How long a renewal may hold its lease before another may take over (longer than the function's timeout). */
  readonly leaseSeconds: number;
  /** Name of the AWS Config rule whose compliance changes trigger a renewal, if any. */
  readonly configRuleName?: string;
  /** SNS topic that failures are published to. */
  readonly failureTopicArn?: string;
  /** Enabled sources by name, with their settings. */
  readonly sources: { readonly [name: string]: RenewalSourceSettings };
}

/** A manual invocation: `{ "action": "sweep" }`, or renew one certificate now (`force` skips the due and interval checks). */
export interface RenewalRequest {
  readonly action: 'sweep' | 'renew';
  readonly certificateArn?: string;
  readonly force?: boolean;
}

/** Detail of the `RENEWAL_EVENT_DETAIL_TYPE` events. */
export interface RenewalEventDetail {
  readonly certificateArn: string;
  readonly status: RenewalStatusValue;
  readonly previousStatus?: string;
  readonly reason: string;
  readonly updatedAt: string;
  /** What started this renewal: `sweep`, `acm-event`, `config-rule` or `manual`. */
  readonly trigger: string;
  /** Value of the source tag. */
  readonly source?: string;
  /** The certificate's domain name (for readable notifications). */
  readonly domainName?: string;
  /** Serial and expiry of the certificate now in ACM, once renewed. */
  readonly serial?: string;
  readonly notAfter?: string;
}
