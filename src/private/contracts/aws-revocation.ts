/** AWS strings of revocation: CRLs in S3 behind CloudFront, OCSP, and the CRL events and metrics (AWS-FACTS 3, 6, 7, 10). Part of aws-strings.ts. */

/** AWS Private CA's service principal for CRL buckets in Regions enabled by default (crl-planning.html). */
export const PCA_SERVICE_PRINCIPAL = 'acm-pca.amazonaws.com';

/**
 * The Regional form of Private CA's service principal, for a CA in an opt-in Region writing to a bucket in
 * a Region enabled by default (AWS-FACTS 10, crl-planning.html).
 */
export function pcaRegionalServicePrincipal(region: string): string {
  return `acm-pca.${region}.amazonaws.com`;
}

/**
 * Regions that are disabled by default (opt-in). UNCONFIRMED as a complete and current list: it is taken
 * from the AWS General Reference "Enable or disable AWS Regions" page as remembered, not from AWS-FACTS.
 * A Region added by AWS later is treated as enabled by default until it is listed here.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1',
  'me-central-1', 'me-south-1', 'mx-central-1',
]);

/**
 * Service principals that a CRL bucket policy must name for a CA in `caRegion` writing to a bucket in
 * `bucketRegion`, or the reason AWS does not support the pairing (AWS-FACTS 10):
 * - both Regions enabled by default: `acm-pca.amazonaws.com`;
 * - CA in an opt-in Region, bucket in a Region enabled by default: `acm-pca.<caRegion>.amazonaws.com`;
 * - CA in a Region enabled by default, bucket in an opt-in Region: not supported.
 * Two cases are not in AWS-FACTS and are UNCONFIRMED: a CA and its bucket in the same opt-in Region (both
 * principals are named, so that either form works; the conditions bind the source all the same), and a CA
 * and a bucket in two different opt-in Regions (refused as not supported).
 */
export function crlServicePrincipals(caRegion: string, bucketRegion: string): { principals: string[] } | { unsupported: string } {
  const caOptIn = OPT_IN_REGIONS.has(caRegion);
  const bucketOptIn = OPT_IN_REGIONS.has(bucketRegion);
  if (!caOptIn && !bucketOptIn) {
    return { principals: [PCA_SERVICE_PRINCIPAL] };
  }
  if (caOptIn && !bucketOptIn) {
    return { principals: [pcaRegionalServicePrincipal(caRegion)] };
  }
  if (caOptIn && caRegion === bucketRegion) {
    return { principals: [PCA_SERVICE_PRINCIPAL, pcaRegionalServicePrincipal(caRegion)] };
  }
  return {
    unsupported: caOptIn
      ? `a CA in opt-in Region ${caRegion} cannot write CRLs to a bucket in another opt-in Region (${bucketRegion})`
      : `a CA in ${caRegion}, a Region enabled by default, cannot write CRLs to a bucket in opt-in Region ${bucketRegion}`,
  };
}

/** What Private CA needs on a CRL bucket: exactly these four actions (crl-planning.html, knowledge-center acm-ca-crl-s3-getbucketacl). */
export const CRL_BUCKET_ACTIONS = ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'];

/** The only object ACL that works with S3 Block Public Access (CrlConfiguration.S3ObjectAcl; the default PUBLIC_READ fails). */
export const CRL_S3_OBJECT_ACL = 'BUCKET_OWNER_FULL_CONTROL';

/** Folder Private CA writes complete CRLs to when no CustomPath is set: `crl/<CA-ID>.crl` (AWS-FACTS 10). */
export const DEFAULT_CRL_PATH = 'crl';

/** CrlConfiguration.CrlType values. */
export const CRL_TYPE_COMPLETE = 'COMPLETE';
export const CRL_TYPE_PARTITIONED = 'PARTITIONED';

/** CrlConfiguration.ExpirationInDays bounds. */
export const CRL_EXPIRATION_MIN_DAYS = 1;
export const CRL_EXPIRATION_MAX_DAYS = 5000;

/** CustomCname / OcspCustomCname: characters allowed by the CloudFormation schema (0-253 of them, no scheme). */
export const CUSTOM_CNAME_PATTERN = /^[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*$/;

/** CrlConfiguration.CustomPath pattern and length (CloudFormation schema): segments without leading or trailing slash. */
export const CUSTOM_PATH_PATTERN = /^[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+(\/[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+)*$/;
export const CUSTOM_PATH_MAX_LENGTH = 253;

/** ARN pattern of every CA of an account in a Region, for `ArnLike aws:SourceArn`. */
export function certificateAuthorityArnPattern(partition: string, region: string, account: string): string {
  return `arn:${partition}:acm-pca:${region}:${account}:certificate-authority/*`;
}

/** CloudFront's service principal, which reads the bucket through Origin Access Control. */
export const CLOUDFRONT_SERVICE_PRINCIPAL = 'cloudfront.amazonaws.com';

/** Private CA events (CloudWatchEvents.html): source, the CRL detail-type, and the failure result. */
export const PCA_EVENT_SOURCE = 'aws.acm-pca';
export const PCA_CRL_GENERATION_DETAIL_TYPE = 'ACM Private CA CRL Generation';
export const PCA_EVENT_RESULT_FAILURE = 'failure';

/**
 * Private CA metrics (PcaCloudWatch.html). AWS-FACTS 7 marks the namespace UNCONFIRMED; the current
 * PcaCloudWatch.md table names `AWS/ACMPrivateCA` for both CRL metrics.
 */
export const PCA_METRIC_NAMESPACE = 'AWS/ACMPrivateCA';
export const PCA_CRL_GENERATED_METRIC = 'CRLGenerated';
export const PCA_MISCONFIGURED_CRL_BUCKET_METRIC = 'MisconfiguredCRLBucket';
/**
 * Dimension that names the CA in Private CA metrics. UNCONFIRMED: AWS does not document it; `PrivateCAArn`
 * is what CloudWatch exporters (yet-another-cloudwatch-exporter) discover for AWS/ACMPrivateCA.
 */
export const PCA_METRIC_CA_DIMENSION = 'PrivateCAArn';
