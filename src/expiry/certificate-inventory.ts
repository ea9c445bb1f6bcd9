import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { INVENTORY_ENV } from '../private/contracts/expiry';
import { LibraryFunction } from '../private/library-function';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors } from '../private/validation';
import { errorsAlarm } from './private/alarms';
import { checkInventory, checkTopic } from './private/checks';
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
   * Prefix of the report keys: `<prefix><yyyy-mm-dd>/certificates.{json,csv}` and `<prefix>latest/…`.
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
 * certificates that lack an owner tag flagged.
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
      },
    });
    this.reportFunction = fn.function;
    fn.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ListCertificates', 'acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      resources: ['*'],
      conditions: thisRegionOnly(),
    }));
    bucket.grantPut(fn.role, `${prefix}*`);
    acknowledgeNag(fn, 'AwsSolutions-IAM5[Resource::*]',
      `acm:ListCertificates has no resource-level permissions, and the inventory describes every certificate found at run time: ${ANY_CERTIFICATE_REASON}`);
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
