/**
 * The one parser of AWS Private CA ARNs, for handlers and constructs alike:
 * `arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>` for a CA, and
 * `<CA ARN>/certificate/<serial>` for a certificate it issued (AWS Private CA ends that ARN with the serial in
 * hexadecimal; emulators may not). The CA id is a UUID at AWS; any letters, digits and hyphens are accepted.
 */

/** Parts of a CA ARN. */
export interface CaArnParts {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly id: string;
}

/** Parts of the ARN of a certificate a CA issued. */
export interface IssuedCertificateArnParts {
  readonly certificateArn: string;
  /** ARN of the CA that issued it. */
  readonly caArn: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The last ARN field, which AWS Private CA makes the serial number in hexadecimal. */
  readonly serial: string;
}

/** A CA ARN, with partition, Region, account and id as groups 1 to 4; `parseCaArn` reads them. */
export const CA_ARN_PATTERN = /^arn:(aws[a-z-]*):acm-pca:([a-z0-9-]+):(\d{12}):certificate-authority\/([0-9a-zA-Z-]+)$/;
const CERTIFICATE_ARN = /^(arn:(aws[a-z-]*):acm-pca:([a-z0-9-]+):(\d{12}):certificate-authority\/[0-9a-zA-Z-]+)\/certificate\/([0-9a-zA-Z-]+)$/;

/** The parts of a CA ARN, or undefined when `arn` is not one. */
export function parseCaArn(arn: string | undefined): CaArnParts | undefined {
  const m = CA_ARN_PATTERN.exec(arn ?? '');
  return m ? { arn: m[0], partition: m[1], region: m[2], account: m[3], id: m[4] } : undefined;
}

export function isCaArn(arn: string | undefined): boolean {
  return parseCaArn(arn) !== undefined;
}

/** The parts of an issued certificate's ARN, or undefined when `arn` is not one. */
export function parseIssuedCertificateArn(arn: string | undefined): IssuedCertificateArnParts | undefined {
  const m = CERTIFICATE_ARN.exec(arn ?? '');
  return m ? { certificateArn: m[0], caArn: m[1], partition: m[2], region: m[3], account: m[4], serial: m[5] } : undefined;
}
