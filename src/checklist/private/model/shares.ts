/**
 * The AWS RAM shares of the app's CAs (RamCaShare or a raw AWS::RAM::ResourceShare), with their principals and
 * the managed permissions they grant, and permissions this library does not know.
 */
import * as ram from 'aws-cdk-lib/aws-ram';
import { CaIndex } from './ca-index';
import { ModelContext, byPath, constructsOf, envOf } from './context';
import { ShareNode } from './nodes';
import { RamCaShare } from '../../../sharing/ram-ca-share';
import { SharePermission } from '../../../sharing/share-permission';
import { flattenList } from '../markers';

export function collectShares(ctx: ModelContext, index: CaIndex): ShareNode[] {
  const shares: ShareNode[] = [];
  for (const c of constructsOf(ctx, ram.CfnResourceShare)) {
    const env = envOf(c);
    const owner = c.node.scope instanceof RamCaShare ? c.node.scope : c;
    const ca = index.namedInList(c, c.resourceArns);
    if (!ca) continue;
    const permissionNames = flattenList(ctx.markers.resolve(c, c.permissionArns), env).map((arn) => arn.replace(/^.*:permission\//, ''));
    const known = SharePermission.managedPermissions();
    const permissions = owner instanceof RamCaShare ? [owner.permission]
      : permissionNames.length === 0 ? [SharePermission.DEFAULT]
        : permissionNames.map((n) => known.find((k) => k.managedPermissionName === n)).filter((p): p is SharePermission => p !== undefined);
    shares.push({
      construct: owner,
      path: owner.node.path,
      ca,
      principals: flattenList(ctx.markers.resolve(c, c.principals), env),
      permissions,
      unknownPermissions: owner instanceof RamCaShare ? [] : permissionNames.filter((n) => !known.some((k) => k.managedPermissionName === n)),
    });
  }
  return shares.sort(byPath);
}
