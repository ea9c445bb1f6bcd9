/**
 * Syntax checks for what goes into a CA's revocation configuration and a CRL bucket: bucket names, host
 * names (CNAMEs) and CRL paths. Plain functions that return the reason a value is refused (or
 * undefined), so that the constructs can name the value, the rule and the fix in one message.
 */
import { CUSTOM_CNAME_MAX_LENGTH, CUSTOM_CNAME_PATTERN, CUSTOM_PATH_MAX_LENGTH, CUSTOM_PATH_PATTERN } from '../../private/contracts/aws-strings';
import { isDnsName } from '../../private/contracts/name-syntax';

const BUCKET_PREFIXES_RESERVED = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_SUFFIXES_RESERVED = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Why S3 (or CloudFront in front of it) would reject `name` as a general purpose bucket name for CRLs.
 * Dots are refused too: S3 allows them, but a dotted name does not match the `*.s3.<region>.amazonaws.com`
 * certificate of the virtual-hosted endpoint that CloudFront and Private CA reach over HTTPS.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `it has ${name.length} characters, not 3 to 63`;
  }
  if (!/^[a-z0-9.-]+$/.test(name)) {
    return 'it has characters other than lowercase letters, digits, hyphens and dots';
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return 'it does not start and end with a lowercase letter or digit';
  }
  if (name.includes('.')) {
    return 'it has dots, which break HTTPS to the bucket\'s virtual-hosted endpoint that CloudFront and Private CA use';
  }
  const prefix = BUCKET_PREFIXES_RESERVED.find((p) => name.startsWith(p));
  if (prefix) {
    return `it starts with '${prefix}', which S3 reserves`;
  }
  const suffix = BUCKET_SUFFIXES_RESERVED.find((s) => name.endsWith(s));
  if (suffix) {
    return `it ends with '${suffix}', which S3 reserves`;
  }
  return undefined;
}

/**
 * Why `value` cannot be a CNAME that Private CA writes into certificates (CRL distribution point or OCSP
 * URL): a host name without scheme, path or port, as CustomCname and OcspCustomCname require.
 */
export function hostNameProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'it has a scheme; give the host name only (Private CA adds http://)';
  }
  if (value.length === 0 || value.length > CUSTOM_CNAME_MAX_LENGTH) {
    return `it has ${value.length} characters, not 1 to ${CUSTOM_CNAME_MAX_LENGTH}`;
  }
  if (!CUSTOM_CNAME_PATTERN.test(value)) {
    return 'it has characters that CloudFormation does not accept in a CNAME';
  }
  if (value.startsWith('.') || !isDnsName(value)) {
    return 'it is not a DNS host name (labels of letters, digits and hyphens separated by dots, no path or port)';
  }
  return undefined;
}

/** Why `value` cannot be a CrlConfiguration.CustomPath (a path below the CNAME, without leading or trailing slash). */
export function customPathProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > CUSTOM_PATH_MAX_LENGTH) {
    return `it has ${value.length} characters, not 1 to ${CUSTOM_PATH_MAX_LENGTH}`;
  }
  if (!CUSTOM_PATH_PATTERN.test(value)) {
    return 'it is not a path of segments separated by single slashes, without a leading or trailing slash, of the characters CloudFormation allows';
  }
  return undefined;
}
