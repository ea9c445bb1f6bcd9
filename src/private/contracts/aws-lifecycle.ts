/**
 * AWS strings of CA audit reports (CreateCertificateAuthorityAuditReport), from the AWS Private CA user guide
 * "Use audit reports with your private CA" (PcaAuditReport.html, its sections "Prepare an Amazon S3 bucket for
 * audit reports" and "Encrypting your audit reports") and the API reference. Part of aws-strings.ts.
 */
import { CA_STATUS } from './aws-hierarchy';

/**
 * What Private CA needs on an audit-report bucket: the actions of the restrictive bucket policy AWS documents
 * ("Policy 1"), on the bucket and its objects, with `aws:SourceAccount` and `aws:SourceArn` conditions.
 */
export const AUDIT_REPORT_BUCKET_ACTIONS = ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'];

/** Folder Private CA writes reports to: `audit-report/<CA-ID>/<UUID>.json|csv` (PcaAuditReport.html). */
export const AUDIT_REPORT_PREFIX = 'audit-report';

/**
 * Objects Private CA writes to test that it may write to a bucket (named in the key policy AWS documents for
 * SSE-KMS audit-report buckets). UNCONFIRMED whether the caller's own write permission is checked on them or
 * on the report itself: the caller is granted both.
 */
export const PCA_PERMISSION_TEST_KEYS = ['acm-pca-permission-test-key', 'acm-pca-permission-test-key-private'];

/** The IAM actions of the report function (service authorization reference for acm-pca). */
export const CREATE_AUDIT_REPORT_ACTION = 'acm-pca:CreateCertificateAuthorityAuditReport';
export const DESCRIBE_CA_ACTION = 'acm-pca:DescribeCertificateAuthority';

/** AuditReportResponseFormat values (API reference: JSON | CSV). */
export const AUDIT_REPORT_FORMATS = ['JSON', 'CSV'] as const;
export type AuditReportFormatValue = typeof AUDIT_REPORT_FORMATS[number];

/**
 * CA statuses in which a report is asked for. A CA that is CREATING or PENDING_CERTIFICATE has issued nothing;
 * FAILED and DELETED CAs cannot be used. UNCONFIRMED whether the API also serves an EXPIRED CA: it is skipped
 * (with a log line) until that is checked.
 */
export const AUDITABLE_CA_STATUSES: ReadonlySet<string> = new Set([CA_STATUS.ACTIVE, CA_STATUS.DISABLED]);

/**
 * Errors that mean "not now" rather than "broken": AWS makes at most one report per CA every 30 minutes
 * (RequestInProgressException while one is being made; LimitExceededException is also listed for the call).
 */
export const AUDIT_REPORT_NOT_NOW_ERRORS: ReadonlySet<string> = new Set(['RequestInProgressException', 'LimitExceededException']);

/** Minimum time between two reports of one CA (API reference: "a maximum of one report every 30 minutes"). */
export const AUDIT_REPORT_MIN_INTERVAL_MINUTES = 30;
