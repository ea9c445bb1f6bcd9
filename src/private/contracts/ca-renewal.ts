/**
 * What the automatic renewal of subordinate CA certificates agrees on between the constructs (IssuingCa's
 * `renewal`, the stack's renewal schedule) and the ca-signer handler (lambda/ca-signer/renewal.ts).
 *
 * Each IssuingCa that renews automatically has a renewal spec: an SSM parameter, written by CloudFormation, that
 * holds the properties of its signing resource (without the CSR, which the handler reads from the CA) and when to
 * renew. Once a day the stack's schedule invokes the signing handler, which lists the specs of its stack, renews
 * the certificates that are due through the same parent and the same checks as the first signing, installs them
 * into the same CA (same ARN), and writes a renewal record that the signing resource honours from then on.
 */
import { CA_STATUS } from './aws-hierarchy';
import type { ParentReference, SubordinateCertificateProperties } from './signing';

/** The `Action` of the schedule's input to the signing handler. */
export const CA_RENEWAL_ACTION = 'RenewCaCertificates';

/** The input the stack's renewal schedule sends to the signing handler. */
export interface CaRenewalInvocation {
  readonly Action: typeof CA_RENEWAL_ACTION;
  /** The stack whose CAs are renewed: its id (its name keys the specs, `caRenewalSpecPath`). */
  readonly StackId: string;
}

/** Whether a Lambda event is the renewal schedule's. */
export function isCaRenewalInvocation(event: unknown): event is CaRenewalInvocation {
  const e = event as Partial<CaRenewalInvocation> | undefined;
  return typeof e === 'object' && e !== null && e.Action === CA_RENEWAL_ACTION && typeof e.StackId === 'string';
}

/** SSM path of the renewal specs of a stack (written by CloudFormation). */
export function caRenewalSpecPath(stackName: string): string {
  return `/cdk-pki/ca-renewal/${stackName}/spec`;
}

/** SSM path of the renewal records of a stack (written by the signing handler). */
export function caRenewalRecordPath(stackName: string): string {
  return `/cdk-pki/ca-renewal/${stackName}/renewed`;
}

/** The stack name of a CloudFormation stack id (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`). */
export function stackNameOfId(stackId: string): string | undefined {
  return /:stack\/([^/]+)\//.exec(stackId)?.[1];
}

/** The properties of a signing resource, without the CSR (the handler reads the CA's current one). */
export type CaRenewalProperties = Omit<SubordinateCertificateProperties, 'CertificateSigningRequest'>;

/** A renewal spec: one IssuingCa that renews automatically. Numbers are numbers (CloudFormation writes JSON). */
export interface CaRenewalSpec {
  readonly Version: 1;
  /** Logical id of the CA's signing resource (Custom::PkiSubordinateCaCertificate): it keys the renewal record. */
  readonly LogicalId: string;
  readonly HierarchyName: string;
  readonly CaName: string;
  /** Level in the hierarchy (the root is 1): a stack's CAs renew top-down. */
  readonly Depth: number;
  /** Renew when at most this many days of the installed certificate's validity are left. */
  readonly RenewBeforeDays: number;
  /**
   * The parent's own RenewBeforeDays, when the parent is an IssuingCa that renews automatically: while the parent
   * is due, this CA waits for it (top-down), unless its own certificate is close to its end.
   */
  readonly ParentRenewBeforeDays?: number;
  readonly Properties: CaRenewalProperties;
}

/**
 * A renewal record: the certificate a renewal installed into the CA, and the certificate of the signing resource
 * it renewed (by serial: the one the resource installed, whose ARN is its physical id). The signing resource takes
 * the renewed certificate for its own while what the certificate contains (the digest) and the certificate it
 * renewed are still the resource's.
 */
export interface CaRenewalRecord {
  readonly Version: 1;
  readonly CertificateArn: string;
  readonly SerialNumber: string;
  readonly NotAfter: string;
  /** Digest (lambda/ca-signer/digest.ts) of what the certificate contains. */
  readonly Digest: string;
  readonly ParentCertificateAuthorityArn: string;
  /** Serial of the signing resource's own certificate, which this renewal (and any before it) renewed. */
  readonly ResourceSerialNumber: string;
  readonly RenewedAt: string;
  /** Whether the validity was shortened to end before the parent's certificate. */
  readonly Capped: boolean;
}

/**
 * A renewed certificate ends at least this many days before its parent's: a renewal that would end later is
 * shortened (capped) to end then, and the cap is reported. One day keeps the certificate inside its parent's
 * validity whatever the clocks of relying parties say, and leaves the whole rest to the CA.
 */
export const CA_RENEWAL_PARENT_MARGIN_DAYS = 1;

/**
 * While its parent is itself due for renewal, a CA waits for it (so that its new certificate is not capped by the
 * parent's old one), unless its own certificate has at most this many days left.
 */
export const CA_RENEWAL_WAIT_FLOOR_DAYS = 30;

/** A capped renewal must end at least this many days after the installed certificate to be worth making. */
export const CA_RENEWAL_MIN_GAIN_DAYS = 1;

/**
 * Statuses of a CA whose certificate the renewal renews. An EXPIRED CA gets a new certificate the same way: UNCONFIRMED
 * that ImportCertificateAuthorityCertificate accepts one for an EXPIRED CA (the API reference lists no state
 * restriction); if it does not, the renewal fails for that CA with AWS's message, reported as a failed renewal.
 */
export const RENEWABLE_CA_STATUSES: ReadonlySet<string> = new Set([CA_STATUS.ACTIVE, CA_STATUS.EXPIRED]);

/** Source of the renewal events on the default event bus of the CA's account and Region. */
export const CA_RENEWAL_EVENT_SOURCE = 'cdk-pki.ca-renewal';

/** Detail-types of the renewal events. */
export const CA_RENEWAL_DETAIL_TYPES = {
  /** A certificate was renewed and installed (detail `capped` says whether it was shortened). */
  renewed: 'CA Certificate Renewed',
  /** A renewal was shortened to end before the parent, or could not be made at all for the parent's end: renew the parent. */
  capped: 'CA Certificate Renewal Capped',
  /** A due renewal failed; the next run tries again. */
  failed: 'CA Certificate Renewal Failed',
} as const;

/** The detail of a renewal event. */
export interface CaRenewalEventDetail {
  readonly hierarchyName: string;
  readonly caName: string;
  readonly certificateAuthorityArn: string;
  readonly stackName: string;
  readonly parentCertificateAuthorityArn?: string;
  /** End of the certificate the CA held before. */
  readonly previousNotAfter?: string;
  readonly certificateArn?: string;
  readonly serialNumber?: string;
  /** End of the renewed certificate. */
  readonly notAfter?: string;
  /** Whether the renewed validity was shortened to end before the parent's certificate. */
  readonly capped?: boolean;
  /** Whether a certificate was installed (false for a renewal that the parent's end prevented, and for a failure). */
  readonly renewed: boolean;
  /** What went wrong or what to do, for capped and failed renewals. */
  readonly reason?: string;
}

/** CloudWatch namespace of the renewal metrics (embedded metric format log lines of the signing handler). */
export const CA_RENEWAL_METRIC_NAMESPACE = 'cdk-pki';
/** Dimension of the renewal metrics: the stack whose CAs are renewed. */
export const CA_RENEWAL_METRIC_DIMENSION = 'StackName';
/** Metric names: renewals installed, capped renewals (installed shortened or prevented), failures, failed retirement steps. */
export const CA_RENEWAL_METRICS = {
  renewed: 'CaCertificatesRenewed',
  capped: 'CaCertificateRenewalsCapped',
  failed: 'CaCertificateRenewalsFailed',
  retirementFailed: 'CaRetirementStepsFailed',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Retirement of replaced generations (lambda/ca-signer/retirement.ts)
//
// A CA replaced on purpose (a new generation) is not retired at once: the certificates it issued are still in use,
// and relying parties still need its CRLs. It stays ACTIVE, with every grant, share and permission moved to the new
// generation (so it issues nothing new), until the certificates it issued have expired: then the daily run of the
// stack disables it, and, `CA_RETIREMENT_DISABLED_DAYS` later, deletes it with its restoration period when its
// removal policy is DESTROY (a RETAIN CA stays DISABLED).

/** SSM path of the retirement records of a stack (written by the signing handler when it replaces a generation). */
export function caRetirementPath(stackName: string): string {
  return `/cdk-pki/ca-retirement/${stackName}`;
}

/** The record of a replaced generation waiting for retirement. */
export interface CaRetirementRecord {
  readonly Version: 1;
  readonly CertificateAuthorityArn: string;
  readonly HierarchyName?: string;
  readonly CaName?: string;
  /** When the new generation replaced it. */
  readonly ReplacedAt: string;
  /** When its issued certificates have all expired: the replacement plus their longest validity, or its own end if sooner. */
  readonly RetireAfter: string;
  readonly RemovalPolicy: 'RETAIN' | 'DESTROY';
  readonly RestorationDays: number;
  /** A subordinate's certificates to revoke at its parent at retirement (revokeOnDelete), and how to reach the parent. */
  readonly Revoke?: { readonly CertificateArns: string[]; readonly Parent?: ParentReference };
  /** Set once the CA is disabled. */
  readonly DisabledAt?: string;
  /** An SSM parameter the handler wrote for the replaced CA (a replaced root's certificate), removed when it is disabled. */
  readonly PublishedParameter?: string;
}

/** Days a retired CA stays DISABLED before a DESTROY policy deletes it (a week to notice anything that still used it). */
export const CA_RETIREMENT_DISABLED_DAYS = 7;

/**
 * Longest validity of the end-entity certificates an issuing CA issues, unless told (`issuedCertificateValidity`):
 * ACM private certificates are valid for 13 months (395 days).
 */
export const DEFAULT_ISSUED_CERTIFICATE_DAYS = 395;

/** Source of the retirement events on the default event bus of the CA's account and Region. */
export const CA_RETIREMENT_EVENT_SOURCE = 'cdk-pki.ca-retirement';

/** Detail-types of the retirement events. */
export const CA_RETIREMENT_DETAIL_TYPES = {
  /** A generation was replaced: it stays ACTIVE, issuing nothing new, until `retireAfter`. */
  scheduled: 'CA Retirement Scheduled',
  /** A replaced generation's issued certificates have expired: it is DISABLED now. */
  disabled: 'CA Disabled For Retirement',
  /** A retired generation was deleted with its restoration period (removal policy DESTROY). */
  deleted: 'CA Deleted For Retirement',
  /** A retirement step failed; the next run tries again. */
  failed: 'CA Retirement Failed',
} as const;

/** The detail of a retirement event. */
export interface CaRetirementEventDetail {
  readonly certificateAuthorityArn: string;
  readonly hierarchyName?: string;
  readonly caName?: string;
  readonly stackName: string;
  readonly retireAfter?: string;
  readonly restorationDays?: number;
  readonly reason?: string;
}
