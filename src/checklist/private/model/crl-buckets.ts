/** The CrlBuckets of the app, and whether their S3 bucket blocks all public access. */
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ModelContext, byPath, constructsOf } from './context';
import { CrlBucketNode } from './nodes';
import { CrlBucket } from '../../../revocation/crl-bucket';

export function collectCrlBuckets(ctx: ModelContext): CrlBucketNode[] {
  return constructsOf(ctx, CrlBucket)
    .map((c) => {
      const cfn = c.bucket.node.defaultChild as s3.CfnBucket;
      const block = ctx.markers.resolve(cfn, cfn.publicAccessBlockConfiguration) ?? {};
      const on = (k: string) => (block[k] ?? block[k.charAt(0).toLowerCase() + k.slice(1)]) === true;
      return {
        construct: c,
        path: c.node.path,
        publicAccessBlocked: on('BlockPublicAcls') && on('BlockPublicPolicy') && on('IgnorePublicAcls') && on('RestrictPublicBuckets'),
      };
    })
    .sort(byPath);
}
