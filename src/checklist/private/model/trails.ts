/** The CloudTrail trails of the app: where they are, and whether they record an organization or every Region. */
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { ModelContext, byPath, constructsOf, envOf, ownerOf } from './context';
import { TrailNode } from './nodes';

export function collectTrails(ctx: ModelContext): TrailNode[] {
  return constructsOf(ctx, cloudtrail.CfnTrail)
    .map((c) => {
      const env = envOf(c);
      return {
        path: ownerOf(c).node.path,
        account: env.account,
        region: env.region,
        organization: ctx.markers.resolve(c, c.isOrganizationTrail) === true,
        multiRegion: ctx.markers.resolve(c, c.isMultiRegionTrail) === true,
      };
    })
    .sort(byPath);
}
