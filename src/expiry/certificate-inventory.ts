import { Aws, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DEFAULT_IDLE_CA_DAYS, INVENTORY_ENV } from '../private/contracts/expiry';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors } from '../private/validation';
import { errorsAlarm } from './private/alarms';
import { checkInventory, checkTopic } from './private/checks';
import { checkDaysRange, fromDuration } from './private/days';
import { allowServicesToPublish } from './private/topic';
import { ANY_CERTIFICATE_REASON, thisRegionOnly } from './private/util';

const DEFAULT_PREFIX = 'certificate-inventory/';

/** Options of the certificate inventory. */
export interface CertificateInventoryOptions {
  /**
   * Bucket the reports go to.
   * @default - a new bucket: private, SSL only, SSE-S3, retained when the stack is deleted
   */
  readonly bucket?: s3.IBucket;

  /**
   * Prefix of the report keys: `<prefix><yyyy-mm-dd>/certificates.{json,csv}`, `<prefix><yyyy-mm-dd>/certificate-authorities.csv`
   * and the same under `<prefix>latest/`.
   * @default 'certificate-inventory/'
   */
  readonly keyPrefix?: string;

  /**
   * Tag keys that say who owns a certificate; the report flags certificates that lack any of them.
   * @default - no tag is required, nothing is flagged for tags
   */
  readonly ownerTagKeys?: string[];

  /**
   * When the report is written.
   * @default - once a day
   */
  readonly schedule?: events.Schedule;

  /**
   * How long an ACTIVE or DISABLED Private CA of the account and Region, older than this, may go without issuing an
   * ACM certificate of this account before the report flags it as a candidate for retirement, with its monthly fee;
   * in whole days, at least 1. The inventory sees only this account's ACM certificates: what a CA issues with
   * IssueCertificate (workloads, cert-manager, other accounts through RAM, any short-lived certificate mode CA) is
   * not seen, so check a flagged CA's audit reports before retiring it.
   * @default Duration.days(90)
   */
  readonly idleCaPeriod?: Duration;
}

/** Properties of `CertificateInventory`. */
export interface CertificateInventoryProps extends CertificateInventoryOptions {
  /**
   * Topic the alarm on the function's errors goes to. Its policy (and its key's, when this stack made it) is
   * extended so that this account's CloudWatch alarms (and EventBridge) may publish to it.
   * @default - no action: add your own to `errorsAlarm`
   */
  readonly topic?: sns.ITopic;
}

/**
 * A scheduled report of every ACM certificate of the account and Region, written to S3 as JSON and CSV
 * (dated, and under `latest/`): type, issuer, key algorithm, expiry, what uses it, and its tags, with the
 * certificates that lack an owner tag flagged. It also lists the account's Private CAs in the Region and flags
 * those that issued no ACM certificate of this account for `idleCaPeriod` as candidates for retirement, with
 * their monthly fee.
 */
export class CertificateInventory extends Construct {
  /** The bucket the reports go to. */
  public readonly bucket: s3.IBucket;
  /** The function that writes the reports. */
  public readonly reportFunction: lambda.IFunction;
  /** The alarm on the function's errors. */
  public readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CertificateInventoryProps = {}) {
    super(scope, id);
    const errors = new ValidationErrors('CertificateInventory', this);
    checkInventory(errors, props.keyPrefix, props.ownerTagKeys, '');
    checkIdleCaPeriod(errors, props.idleCaPeriod);
    checkTopic(errors, props.topic);
    errors.throwIfAny();

    const prefix = props.keyPrefix ?? DEFAULT_PREFIX;
    let bucket = props.bucket;
    let created: s3.Bucket | undefined;
    if (!bucket) {
      created = new s3.Bucket(this, 'Bucket', {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeNag(created, 'AwsSolutions-S1',
        'The bucket holds only the inventory reports one function writes; server access logs would need a bucket of their own for little: CloudTrail records access.');
      bucket = created;
    }
    this.bucket = bucket;
    const fn = new LibraryFunction(this, 'Function', {
      handler: 'cert-inventory',
      description: 'writes a report of every ACM certificate of the account and Region to S3',
      timeout: Duration.minutes(15),
      memorySize: 512,
      environment: {
        [INVENTORY_ENV.BUCKET]: bucket.bucketName,
        [INVENTORY_ENV.PREFIX]: prefix,
        [INVENTORY_ENV.OWNER_TAG_KEYS]: JSON.stringify(props.ownerTagKeys ?? []),
        [INVENTORY_ENV.ACCOUNT]: Aws.ACCOUNT_ID,
        [INVENTORY_ENV.IDLE_CA_DAYS]: idleCaDays(props.idleCaPeriod),
      },
    });
    this.reportFunction = fn.function;
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ListCertificates', 'acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm-pca:ListCertificateAuthorities'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    bucket.grantPut(fn.role, `${prefix}*`);
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]',
      `acm:ListCertificates has no resource-level permissions, and the inventory describes every certificate found at run time: ${ANY_CERTIFICATE_REASON} `
      + 'acm-pca:ListCertificateAuthorities has no resource-level permissions either; it lists this account\'s CAs (ResourceOwner SELF) and is '
      + 'limited to this Region by aws:RequestedRegion.');
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Action::s3:Abort*]', 'aws-cdk-lib\'s grantPut lets the function abort its own multipart uploads.');
    if (created) {
      const bucketLogicalId = Stack.of(this).getLogicalId(created.node.defaultChild as s3.CfnBucket);
      acknowledgeNag(fn, `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}*]`,
        'The function writes its dated and latest reports under the inventory prefix only.');
    }
    new events.Rule(this, 'Schedule', {
      description: 'cdk-pki: writes the certificate inventory',
      schedule: props.schedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(fn.function, { retryAttempts: 2 })],
    });
    if (props.topic) {
      allowServicesToPublish(props.topic);
    }
    this.errorsAlarm = errorsAlarm(this, fn.function, 'certificate inventory', props.topic);
  }
}

/**
 * The idle period of the CA part: whole days, at least 1 (skipped when a token). ExpiryAlarms passes its `inventory`
 * through, so this check names ExpiryAlarms' Inventory construct there.
 */
function checkIdleCaPeriod(errors: ValidationErrors, idleCaPeriod: Duration | undefined): void {
  if (idleCaPeriod === undefined) return;
  checkDaysRange(errors, fromDuration('idleCaPeriod', idleCaPeriod), 1, Number.MAX_SAFE_INTEGER,
    'the inventory counts the days since a CA\'s last ACM certificate in whole days');
}

/** The idle period in days, for the function's environment (a token when the Duration is one). */
function idleCaDays(idleCaPeriod: Duration | undefined): string {
  if (idleCaPeriod === undefined) return String(DEFAULT_IDLE_CA_DAYS);
  const days = idleCaPeriod.toDays();
  return Token.isUnresolved(days) ? Token.asString(days) : String(days);
}
