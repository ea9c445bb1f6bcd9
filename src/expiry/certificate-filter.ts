import * as acm from 'aws-cdk-lib/aws-certificatemanager';

/** Which certificates the expiry events and the Config rule's findings are sent to the topic for. */
export class CertificateFilter {
  /** Every certificate of the account and Region (the default). */
  public static all(): CertificateFilter {
    return new CertificateFilter();
  }

  /** Only these certificates: their ARNs go into the rules' event patterns (`resources`). */
  public static certificates(certificates: acm.ICertificate[]): CertificateFilter {
    return new CertificateFilter(certificates.map((c) => c.certificateArn));
  }

  /** Only the certificates with these ARNs: they go into the rules' event patterns (`resources`). */
  public static certificateArns(certificateArns: string[]): CertificateFilter {
    return new CertificateFilter([...certificateArns]);
  }

  /**
   * Only certificates that carry every one of these tags (key and value). Event patterns cannot match
   * tags, so the rules send every event to a small Lambda function that reads the certificate's tags and
   * publishes to the topic when they match.
   */
  public static tags(tags: { [key: string]: string }): CertificateFilter {
    return new CertificateFilter(undefined, { ...tags });
  }

  /** ARNs the event patterns match, when filtering by certificate. */
  public readonly arns?: string[];
  /** Tags a certificate must carry, when filtering by tag. */
  public readonly requiredTags?: { [key: string]: string };

  private constructor(arns?: string[], requiredTags?: { [key: string]: string }) {
    this.arns = arns;
    this.requiredTags = requiredTags;
  }
}
