/**
 * Where the member accounts of every target Region read the member template's file assets (the handlers' bundles): one
 * bucket per Region in the administrator's account, readable by the accounts of the organization only, and filled by the
 * CDK CLI's own asset publishing. Two stacks per Region, because the CLI publishes a stack's assets before it deploys the
 * stack: the bucket stack creates the bucket; the asset stack, deployed after it, names the bucket as its file asset
 * destination (a DefaultStackSynthesizer with `fileAssetsBucketName`), so `cdk deploy` uploads the assets there with the
 * bootstrap's file publishing role, which the bucket's policy lets write. The StackSet's stack depends on every asset
 * stack: no stack instance is created before its Region's assets are there.
 */
import { Aws, DefaultStackSynthesizer, ISynthesisSession, Lazy, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { assetObjectKey } from './member-template';
import type { MemberAssets } from './member-template';
import { PRINCIPAL_ORG_ID_CONDITION_KEY } from '../../private/contracts/aws-strings';
import { acknowledgeNag } from '../../private/nag';
import { addStackDependency } from '../../private/stack-dependency';

export interface AssetBucketsProps {
  /** The administrator's stack (the StackSet's): the regional stacks are its siblings, in its account. */
  readonly parent: Stack;
  readonly regions: readonly string[];
  readonly organizationId: string;
  /** The bucket of a Region is `<prefix>-<account>-<region>`. */
  readonly bucketPrefix: string;
  /** Qualifier of the CDK bootstrap in the administrator's account (its roles publish and deploy). */
  readonly bootstrapQualifier: string;
  readonly assets: MemberAssets;
  /** Names the regional stacks: `<baseName>-Assets-<region>` and `<baseName>-AssetBucket-<region>`. */
  readonly baseName: string;
}

/** The construct ids (and stack names) of a Region's two stacks. */
export function regionalStackIds(baseName: string, region: string): { bucket: string; assets: string } {
  return { bucket: `${baseName}-AssetBucket-${region}`, assets: `${baseName}-Assets-${region}` };
}

/** The stage (or app) that holds the regional stacks: the administrator's stack's. */
export function regionalStackContainer(parent: Stack): Construct {
  return Stage.of(parent) ?? (parent.node.root as Construct);
}

/** The regional stacks, by Region. */
export interface RegionalAssets {
  readonly bucketStack: Stack;
  readonly assetStack: Stack;
  readonly bucket: s3.Bucket;
}

/** The asset bucket of a Region: the name the member template reads (with `${AWS::Region}`) and the bucket stack creates. */
export function assetBucketName(prefix: string, account: string, region: string): string {
  return `${prefix}-${account}-${region}`;
}

/** The bootstrap role of a kind (`file-publishing`, `deploy`) in an account and Region. */
function bootstrapRoleArn(qualifier: string, kind: string, account: string, region: string): string {
  return `arn:${Aws.PARTITION}:iam::${account}:role/cdk-${qualifier}-${kind}-role-${account}-${region}`;
}

/** A synthesizer that publishes its stack's file assets into the Region's asset bucket, the member template's among them. */
class RegionalAssetSynthesizer extends DefaultStackSynthesizer {
  constructor(private readonly assets: MemberAssets, bucketName: string, qualifier: string) {
    super({ fileAssetsBucketName: bucketName, qualifier });
  }

  public synthesize(session: ISynthesisSession): void {
    for (const source of this.assets.sources) this.addFileAsset(source);
    super.synthesize(session);
  }
}

export function regionalAssets(props: AssetBucketsProps): Map<string, RegionalAssets> {
  const container = regionalStackContainer(props.parent);
  const account = props.parent.account;
  const result = new Map<string, RegionalAssets>();
  for (const region of props.regions) {
    const env = { account, region };
    const name = assetBucketName(props.bucketPrefix, account, region);
    const ids = regionalStackIds(props.baseName, region);
    const bucketStack = new Stack(container, ids.bucket, {
      env, description: `cdk-pki: the bucket member accounts of the organization read the member baseline's handlers from, in ${region}`,
    });
    const bucket = new s3.Bucket(bucketStack, 'Bucket', {
      bucketName: name,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Stack instances of the organization's accounts create the handlers' functions from these objects.
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OrganizationReadsAssets',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects('*')],
      conditions: { StringEquals: { [PRINCIPAL_ORG_ID_CONDITION_KEY]: props.organizationId } },
    }));
    // The CDK CLI publishes the asset stack's assets with the bootstrap's roles of this account and Region.
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'BootstrapPublishesAssets',
      principals: [new iam.ArnPrincipal(bootstrapRoleArn(props.bootstrapQualifier, 'file-publishing', account, region))],
      actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:PutObject*', 's3:Abort*', 's3:DeleteObject*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'BootstrapDeploysFromAssets',
      principals: [new iam.ArnPrincipal(bootstrapRoleArn(props.bootstrapQualifier, 'deploy', account, region))],
      actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    }));
    acknowledgeNag(bucket, 'AwsSolutions-S1', 'The bucket holds only the handlers\' bundles the CDK CLI publishes; CloudTrail data events, '
      + 'where the organization records them, say who read them.');

    const assetStack = new Stack(container, ids.assets, {
      env,
      synthesizer: new RegionalAssetSynthesizer(props.assets, name, props.bootstrapQualifier),
      description: `cdk-pki: publishes the member baseline's handlers into ${name}`,
    });
    // A stack needs a resource: the parameter says which bundles the bucket holds for the member baseline.
    new ssm.StringParameter(assetStack, 'Assets', {
      parameterName: `/cdk-pki/member-baseline/${props.baseName}/assets`,
      stringValue: Lazy.string({ produce: () => props.assets.sources.map(assetObjectKey).sort().join(',') || 'none' }),
      description: `cdk-pki: the member baseline's handlers are published into ${name} by this stack's deployment`,
    });
    addStackDependency(assetStack, bucketStack, `the assets of ${region} are published into the bucket of ${bucketStack.stackName}`);
    addStackDependency(props.parent, assetStack, `the StackSet's instances in ${region} read the assets ${assetStack.stackName} publishes`);
    result.set(region, { bucketStack, assetStack, bucket });
  }
  return result;
}
