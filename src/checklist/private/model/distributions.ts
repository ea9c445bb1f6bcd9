/** The CloudFront distributions of the app that use an ACM certificate: the app's certificate, or an ARN. */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { ModelContext, byPath, constructsOf, envOf, ownerOf } from './context';
import { AcmCertificateNode, DistributionNode } from './nodes';
import { flatten, markersIn } from '../markers';

export function collectDistributions(ctx: ModelContext, certificates: AcmCertificateNode[]): DistributionNode[] {
  const distributions: DistributionNode[] = [];
  for (const c of constructsOf(ctx, cloudfront.CfnDistribution)) {
    const owner = ownerOf(c);
    const resolved = ctx.markers.resolve(c, c.distributionConfig);
    const viewer = resolved?.ViewerCertificate ?? resolved?.viewerCertificate;
    const arnValue = viewer?.AcmCertificateArn ?? viewer?.acmCertificateArn;
    if (arnValue === undefined) continue;
    const certMarker = markersIn(arnValue)[0];
    distributions.push({
      construct: owner,
      path: owner.node.path,
      certificate: certificates.find((x) => x.marker === certMarker),
      certificateArn: certMarker ? undefined : flatten(arnValue, envOf(c)),
    });
  }
  return distributions.sort(byPath);
}
