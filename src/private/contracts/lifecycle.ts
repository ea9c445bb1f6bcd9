/** What CaAuditReports and its handler (lambda/ca-audit-report) agree on. */
import type { AuditReportFormatValue } from './aws-lifecycle';

/** IAM path of the audit-report function's role: apart from `/cdk-pki/`, the path of the signing roles. */
export const CA_AUDIT_REPORT_ROLE_PATH = '/cdk-pki-ca-audit-report/';

/** The input of the audit-report function, set on its schedule. */
export interface CaAuditReportEvent {
  /** ARNs of the CAs to report on (all in the function's account and Region). */
  readonly CertificateAuthorityArns: string[];
  /** Bucket the reports go to. */
  readonly S3BucketName: string;
  /** AuditReportResponseFormat. */
  readonly Format: AuditReportFormatValue;
}
