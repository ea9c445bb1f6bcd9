import { RENEWAL_STATUS, RENEWAL_TAGS } from '../private/contracts/renewal';

/**
 * Keys of the tags that drive `ImportedCertRenewal`. A certificate opts in with `SOURCE` and the tags of
 * its source; the renewal writes the state tags (`STATUS`, `REASON`, `UPDATED_AT`, `LEASE`) and no others.
 */
export class RenewalTag {
  /** Opt-in: the source that issues the renewed certificate, for example `private-ca`. */
  public static readonly SOURCE: string = RENEWAL_TAGS.source;
  /** private-ca (required): ARN of the CA that issues the renewed certificate. */
  public static readonly CA_ARN: string = RENEWAL_TAGS.caArn;
  /**
   * private-ca: the template, as an ARN or a name such as `EndEntityServerAuthCertificate/V1`.
   * Without it, the first template of the source.
   */
  public static readonly TEMPLATE_ARN: string = RENEWAL_TAGS.templateArn;
  /** private-ca: validity of the renewed certificate in days. Without it, the current certificate's validity. */
  public static readonly VALIDITY_DAYS: string = RENEWAL_TAGS.validityDays;
  /** private-ca: IssueCertificate's signing algorithm, such as `SHA256WITHRSA`. Without it, the CA's own. */
  public static readonly SIGNING_ALGORITHM: string = RENEWAL_TAGS.signingAlgorithm;
  /** private-ca: a role to assume to reach a CA in another account. */
  public static readonly ROLE_ARN: string = RENEWAL_TAGS.roleArn;
  /**
   * The key algorithm the certificate must keep, in ACM's names (`RSA_2048`, `EC_prime256v1`, ...). ACM
   * keeps the key type and size of a re-imported certificate, so a value other than the current one fails
   * the renewal with an explanation instead of issuing a certificate ACM would refuse.
   */
  public static readonly KEY_ALGORITHM: string = RENEWAL_TAGS.keyAlgorithm;
  /** State, written by the renewal: one of the `RenewalStatus` values. */
  public static readonly STATUS: string = RENEWAL_TAGS.status;
  /** State: why, in words (characters ACM does not allow in tags become spaces). */
  public static readonly REASON: string = RENEWAL_TAGS.reason;
  /** State: when the status last changed, ISO 8601 in UTC. */
  public static readonly UPDATED_AT: string = RENEWAL_TAGS.updatedAt;
  /** State: the lease of a renewal in progress, `<token>@<expiry>`. */
  public static readonly LEASE: string = RENEWAL_TAGS.lease;

  private constructor() {}
}

/** Values of the `cdk-pki:renewal-status` tag and of the `status` field of the renewal's events. */
export class RenewalStatus {
  /** Due for renewal; a renewal starts on this trigger or the next. */
  public static readonly PENDING = new RenewalStatus(RENEWAL_STATUS.pending);
  /** A renewal holds the lease and is issuing. */
  public static readonly IN_PROGRESS = new RenewalStatus(RENEWAL_STATUS.inProgress);
  /** The certificate was re-imported with a new certificate and key. */
  public static readonly COMPLETE = new RenewalStatus(RENEWAL_STATUS.complete);
  /** The renewal could not be done; the reason tag says what to fix. */
  public static readonly FAILED = new RenewalStatus(RENEWAL_STATUS.failed);

  private constructor(public readonly value: string) {}

  public toString(): string {
    return this.value;
  }
}
