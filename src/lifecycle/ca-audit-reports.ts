import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { parseCaArn } from '../private/contracts/arn';
import {
  AUDIT_REPORT_BUCKET_ACTIONS, AUDIT_REPORT_PREFIX, CREATE_AUDIT_REPORT_ACTION, DESCRIBE_CA_ACTION, PCA_PERMISSION_TEST_KEYS,
  PCA_SERVICE_PRINCIPAL, SOURCE_ACCOUNT_CONDITION_KEY, SOURCE_ARN_CONDITION_KEY, crlServicePrincipals,
} from '../private/contracts/aws-strings';
import { CA_AUDIT_REPORT_ROLE_PATH, CaAuditReportEvent } from '../private/contracts/lifecycle';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isConcrete } from '../private/validation';

/** Format of the audit reports (CreateCertificateAuthorityAuditReport's AuditReportResponseFormat). */
export enum AuditReportFormat {
  /** A JSON array, one object per certificate. */
  JSON = 'JSON',
  /** Comma-separated values with a header line. */
  CSV = 'CSV',
}

/** How long the created bucket keeps a report: a year of monthly reports, and a month to spare. */
const DEFAULT_RETENTION = Duration.days(400);

/** Properties of `CaAuditReports`. */
export interface CaAuditReportsProps {
  /**
   * The CAs that get reports, all of the stack's account and Region (Private CA writes a CA's report only
   * to a bucket the CA's account names, and the function calls the stack's Region).
   */
  readonly certificateAuthorities: acmpca.ICertificateAuthority[];

  /**
   * When the reports are made. AWS makes at most one report per CA every 30 minutes.
   * @default - monthly, on the 1st at 03:00 UTC
   */
  readonly schedule?: events.Schedule;

  /**
   * Format of the reports.
   * @default AuditReportFormat.JSON
   */
  readonly format?: AuditReportFormat;

  /**
   * Bucket the reports go to, in the stack's Region. A bucket of this stack gets the bucket policy AWS
   * documents for audit reports; for an imported one, attach that policy yourself (a warning says so). Private
   * CA does not support buckets encrypted with the AWS managed key `aws/s3`; a customer managed key needs the
   * key policy statement for `acm-pca.amazonaws.com` that AWS documents.
   * @see https://docs.aws.amazon.com/privateca/latest/userguide/PcaAuditReport.html
   * @default - a new private bucket: Block Public Access, SSL only, versioned, SSE-S3, kept on removal
   */
  readonly bucket?: s3.IBucket;

  /**
   * How long the created bucket keeps each report, in whole days. Only for the created bucket.
   * @default Duration.days(400)
   */
  readonly retention?: Duration;
}

/**
 * Scheduled AWS Private CA audit reports: a Lambda function asks Private CA for a report of each CA
 * (`CreateCertificateAuthorityAuditReport`, monthly by default), which Private CA writes to a private bucket
 * as `audit-report/<CA-ID>/<UUID>.json|csv`, listing every certificate the CA issued or revoked.
 *
 * The bucket policy is the restrictive one AWS documents: `acm-pca.amazonaws.com` may write, only for these
 * CAs of this account (`aws:SourceAccount`, `aws:SourceArn`). The function may report on these CAs only, and
 * write (as AWS requires of the caller too) only under `audit-report/`.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/userguide/PcaAuditReport.html
 */
export class CaAuditReports extends Construct {
  /** The bucket the reports go to. */
  public readonly bucket: s3.IBucket;
  /** The function that asks for the reports. */
  public readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: CaAuditReportsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const errors = new ValidationErrors('CaAuditReports', this);
    const arns = [...new Set(props.certificateAuthorities.map((ca) => ca.certificateAuthorityArn))];
    errors.check(arns.length === 0, 'certificateAuthorities is empty, so there is nothing to report on; name at least one CA');
    for (const ca of props.certificateAuthorities) {
      const problem = foreignCaProblem(ca, stack);
      if (problem) errors.add(problem);
    }
    errors.check(props.retention !== undefined && props.bucket !== undefined, 'retention applies only to the bucket this construct creates; '
      + 'leave retention out and set the lifecycle of the bucket you pass, or leave bucket out');
    if (props.retention !== undefined && !props.retention.isUnresolved()) {
      const days = props.retention.toDays({ integral: false });
      errors.check(!Number.isInteger(days) || days < 1,
        `retention ${props.retention.toHumanString()} is not a whole number of days of at least 1; use for example Duration.days(400)`);
    }
    if (props.bucket?.env.region !== undefined && isConcrete(props.bucket.env.region) && isConcrete(stack.region)) {
      errors.check(props.bucket.env.region !== stack.region,
        `bucket is in ${props.bucket.env.region}, not in the stack's Region ${stack.region}; pass a bucket of ${stack.region}`);
    }
    errors.throwIfAny();

    const ownBucket = props.bucket ? undefined : new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Private CA writes with the bucket-owner-full-control ACL (its policy has s3:PutObjectAcl), which
      // bucket-owner-enforced accepts, as for the CRL bucket.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // SSE-S3, not SSE-KMS: Private CA supports both for audit reports, but not the AWS managed aws/s3 key, and
      // a customer managed key needs a key policy for acm-pca.amazonaws.com and a key to look after; SSE-S3
      // needs nothing more ("Encrypting your audit reports", PcaAuditReport.html).
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{
        id: 'ExpireAuditReports',
        expiration: props.retention ?? DEFAULT_RETENTION,
        // Reports are never overwritten (each has its own UUID): noncurrent versions are only expired or deleted ones.
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = props.bucket ?? ownBucket!;

    const added = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'PrivateCaWritesAuditReports',
      principals: servicePrincipals(stack.region).map((p) => new iam.ServicePrincipal(p)),
      actions: AUDIT_REPORT_BUCKET_ACTIONS,
      resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      conditions: {
        StringEquals: {
          [SOURCE_ACCOUNT_CONDITION_KEY]: stack.account,
          [SOURCE_ARN_CONDITION_KEY]: arns.length === 1 ? arns[0] : arns,
        },
      },
    }));
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-pki:auditReportBucketPolicy',
        `the policy of bucket ${this.bucket.node.path} cannot be changed from this stack: attach the audit-report bucket policy AWS documents `
        + '(PcaAuditReport.html, "Prepare an Amazon S3 bucket for audit reports") for these CAs yourself, or reports will fail');
    }
    if (ownBucket) {
      ownBucket.policy?.applyRemovalPolicy(RemovalPolicy.RETAIN);
      acknowledgeNag(ownBucket, 'AwsSolutions-S1',
        'No server access logs: only AWS Private CA writes to the bucket, and CloudTrail records each CreateCertificateAuthorityAuditReport call.');
    }

    const fn = new LibraryFunction(this, 'Function', {
      handler: 'ca-audit-report',
      description: 'asks AWS Private CA for an audit report of each CA',
      timeout: Duration.minutes(5),
      rolePath: CA_AUDIT_REPORT_ROLE_PATH,
    });
    this.function = fn.function;
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: [CREATE_AUDIT_REPORT_ACTION, DESCRIBE_CA_ACTION],
      resources: arns,
    }));
    // "Both AWS Private CA and the IAM principal must have permission to write to the S3 bucket" (API reference).
    const objectPatterns = [`${AUDIT_REPORT_PREFIX}/*`, ...PCA_PERMISSION_TEST_KEYS];
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: objectPatterns.map((p) => this.bucket.arnForObjects(p)),
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [this.bucket.bucketArn] }));
    const bucketLogicalId = ownBucket ? stack.getLogicalId(ownBucket.node.defaultChild as s3.CfnBucket) : undefined;
    if (bucketLogicalId) {
      acknowledgeNag(fn, `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${AUDIT_REPORT_PREFIX}/*]`,
        'The function may write only under audit-report/, where Private CA writes the reports it asks for (report names are UUIDs AWS picks).');
    }

    const input: CaAuditReportEvent = {
      CertificateAuthorityArns: arns,
      S3BucketName: this.bucket.bucketName,
      Format: props.format ?? AuditReportFormat.JSON,
    };
    new events.Rule(this, 'Schedule', {
      description: 'cdk-pki: asks AWS Private CA for audit reports of the CAs',
      schedule: props.schedule ?? events.Schedule.cron({ day: '1', hour: '3', minute: '0' }),
      targets: [new targets.LambdaFunction(fn.function, { event: events.RuleTargetInput.fromObject(input), retryAttempts: 2 })],
    });
  }
}

/** Why `ca` cannot get reports from a stack of `stack`'s account and Region, or undefined. */
function foreignCaProblem(ca: acmpca.ICertificateAuthority, stack: Stack): string | undefined {
  const arn = ca.certificateAuthorityArn;
  let account: string | undefined;
  let region: string | undefined;
  if (isConcrete(arn)) {
    const parts = parseCaArn(arn);
    if (!parts) {
      return `'${arn}' is not a CA ARN; pass a CA such as acmpca.CertificateAuthority.fromCertificateAuthorityArn(this, 'Ca', 'arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>')`;
    }
    ({ account, region } = parts);
  } else {
    ({ account, region } = Stack.of(ca));
  }
  const fix = 'audit reports are made by a CaAuditReports in a stack of the CA\'s own account and Region; add one there';
  if (isConcrete(account) && isConcrete(stack.account) && account !== stack.account) {
    return `CA ${ca.node.path} (${isConcrete(arn) ? arn : 'ARN not known yet'}) belongs to account ${account}, not ${stack.account}; ${fix}`;
  }
  if (isConcrete(region) && isConcrete(stack.region) && region !== stack.region) {
    return `CA ${ca.node.path} (${isConcrete(arn) ? arn : 'ARN not known yet'}) is in ${region}, not ${stack.region}; ${fix}`;
  }
  return undefined;
}

/**
 * The service principal(s) of the bucket policy: the one AWS's audit-report policy names, or, in an opt-in
 * Region, the forms the CRL bucket uses there (UNCONFIRMED for audit reports; see crlServicePrincipals).
 */
function servicePrincipals(region: string): string[] {
  if (!isConcrete(region)) return [PCA_SERVICE_PRINCIPAL];
  const found = crlServicePrincipals(region, region);
  return 'principals' in found ? found.principals : [PCA_SERVICE_PRINCIPAL];
}
