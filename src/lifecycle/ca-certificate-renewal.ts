import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/** Options of `CaCertificateRenewal.automatic()`. */
export interface AutomaticCaRenewalOptions {
  /**
   * Renew the CA's certificate when this much of its validity is left: whole days, at least one, and less than the
   * CA's validity. The stack's schedule looks once a day.
   * @default - a third of the CA's validity (a year for three years)
   */
  readonly renewBefore?: Duration;

  /**
   * Topic of the stack's renewal alarms: a renewal shortened or prevented by the end of the parent's certificate,
   * and a renewal that failed. Every CA of the stack that names a topic adds it to both alarms.
   * @default - the CA's CRL alarm topic when it has one (`Revocation.crl()`, the default), else the alarms have no action
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * How an `IssuingCa`'s certificate is renewed before it expires.
 *
 * Automatic renewal (the default) has the parent sign the CA's current CSR again (same key) and installs the new
 * certificate into the same CA: same ARN, so issued certificates keep working and shares, permissions and grants
 * are untouched. It goes through the parent exactly as the first signing does (the parent's signing authority and
 * its checks, or the parent in the same stack). The new certificate has the CA's validity, shortened to end a day
 * before the parent's certificate when it would outlive it; that cap is reported (event and alarm).
 */
export class CaCertificateRenewal {
  /** The stack's schedule renews the certificate once `renewBefore` of its validity is left. */
  public static automatic(options: AutomaticCaRenewalOptions = {}): CaCertificateRenewal {
    return new CaCertificateRenewal(true, options.renewBefore, options.alarmTopic);
  }

  /**
   * No automatic renewal: the certificate is signed again only by a deployment that changes what it contains (for
   * example its validity). `ExpiryAlarms` still warns before the CA expires.
   */
  public static manual(): CaCertificateRenewal {
    return new CaCertificateRenewal(false);
  }

  private constructor(
    /** Whether the stack's schedule renews the certificate. */
    public readonly isAutomatic: boolean,
    /** When to renew, when given. */
    public readonly renewBefore?: Duration,
    /** Topic of the renewal alarms, when given. */
    public readonly alarmTopic?: sns.ITopic,
  ) {}
}
