import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { ICrlBucket } from './crl-bucket';

/**
 * Certificate revocation lists of a CA: written by AWS Private CA to an S3 bucket and served by
 * CloudFront over HTTP at the CRL distribution point that every certificate of the CA names.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/crl-planning.html
 */
export interface CrlOptions {
  /**
   * The bucket the CRLs go to. It must be in the CA's account, and in the CA's Region or a Region that
   * AWS pairs with it.
   * @default - the stack's CRL bucket: a `CrlBucket` with default settings that the library creates once
   *   per stack (construct id `CdkPkiCrlBucket`) and shares among the stack's CAs
   */
  readonly bucket?: ICrlBucket;

  /**
   * How long each CRL is valid (its nextUpdate; ExpirationInDays), in whole days from 1 to 5000. Private
   * CA publishes a new CRL before it expires and about 30 minutes after each revocation.
   * @default Duration.days(7)
   */
  readonly expiration?: Duration;

  /**
   * Partitioned CRLs (CrlType PARTITIONED) instead of one complete CRL per CA. They let a CA issue far more
   * certificates, but each CRL has a critical issuing distribution point that clients must process.
   * @default false
   */
  readonly partitioned?: boolean;

  /**
   * The folder of the CRLs in the bucket and in their URL: `http://<crlDomainName>/<customPath>/<CA id>.crl`
   * (CustomPath). Segments separated by single slashes, no leading or trailing slash.
   * @default - `crl`, Private CA's own folder
   */
  readonly customPath?: string;

  /**
   * Alarms for CRL problems: an EventBridge rule for the CA's failed `ACM Private CA CRL Generation`
   * events, and CloudWatch alarms on its `MisconfiguredCRLBucket` and `CRLGenerated` metrics, to
   * `alarmTopic`.
   * @default true
   */
  readonly alarms?: boolean;

  /**
   * Where the alarms go. A topic encrypted with a KMS key must let `events.amazonaws.com` and
   * `cloudwatch.amazonaws.com` use the key.
   * @default - the stack's CRL alarm topic (construct id `CdkPkiCrlAlarmTopic`), created once per stack,
   *   encrypted with its own KMS key and accepting only publishes over TLS; subscribe to it
   */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Online Certificate Status Protocol: AWS Private CA answers OCSP requests for the CA's certificates,
 * at AWS's responder or at a custom host name.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/ocsp-customize.html
 */
export interface OcspOptions {
  /**
   * Host name (no scheme) that certificates name as their OCSP responder (OcspCustomCname). You create
   * the DNS record and the proxy that forwards to AWS's responder.
   * @default - AWS's OCSP responder
   */
  readonly customCname?: string;
}

/** The revocation settings of a CA, as options. */
export interface RevocationOptions {
  /**
   * CRL settings.
   * @default - CRLs disabled
   */
  readonly crl?: CrlOptions;

  /**
   * OCSP settings.
   * @default - OCSP disabled
   */
  readonly ocsp?: OcspOptions;
}

/**
 * How a CA makes revocation known to clients: CRLs, OCSP, both, or neither. A disabled mechanism is
 * rendered as `Enabled: false` alone, as Private CA requires.
 *
 * @example
 * import { Duration } from 'aws-cdk-lib';
 * import { Revocation } from 'cdk-pki';
 *
 * Revocation.crl({ expiration: Duration.days(7) });
 * Revocation.crlAndOcsp({ partitioned: true }, { customCname: 'ocsp.example.com' });
 */
export class Revocation {
  /** CRLs in an S3 bucket served by CloudFront; no OCSP. */
  public static crl(options: CrlOptions = {}): Revocation {
    return new Revocation({ crl: options });
  }

  /** OCSP only; no CRLs. */
  public static ocsp(options: OcspOptions = {}): Revocation {
    return new Revocation({ ocsp: options });
  }

  /** CRLs and OCSP. */
  public static crlAndOcsp(crl: CrlOptions = {}, ocsp: OcspOptions = {}): Revocation {
    return new Revocation({ crl, ocsp });
  }

  /** Neither: certificates of the CA cannot be checked for revocation. */
  public static none(): Revocation {
    return new Revocation({});
  }

  /** CRL settings, when CRLs are enabled. */
  public readonly crlOptions?: CrlOptions;
  /** OCSP settings, when OCSP is enabled. */
  public readonly ocspOptions?: OcspOptions;

  /** Any combination; prefer the static methods. */
  public constructor(options: RevocationOptions) {
    this.crlOptions = options.crl;
    this.ocspOptions = options.ocsp;
  }

  /** Whether CRLs are enabled. */
  public get crlEnabled(): boolean {
    return this.crlOptions !== undefined;
  }

  /** Whether OCSP is enabled. */
  public get ocspEnabled(): boolean {
    return this.ocspOptions !== undefined;
  }
}
