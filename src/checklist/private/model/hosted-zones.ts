/** The Route 53 hosted zones of the app, created or imported, by zone name (lower case, no trailing dot). */
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { ModelContext, byPath, concrete, constructsOf, envOf, ownerOf } from './context';
import { HostedZoneNode } from './nodes';
import { flatten } from '../markers';

export function collectHostedZones(ctx: ModelContext): HostedZoneNode[] {
  const hostedZones: HostedZoneNode[] = [];
  const zoneOwners = new Set<IConstruct>();
  for (const c of constructsOf(ctx, route53.CfnHostedZone)) {
    const name = flatten(ctx.markers.resolve(c, c.name), envOf(c));
    zoneOwners.add(ownerOf(c));
    if (name && !name.includes('${')) hostedZones.push({ path: ownerOf(c).node.path, zoneName: zoneName(name) });
  }
  for (const c of ctx.all) {
    // Imported zones (fromHostedZoneAttributes, fromLookup) have no CloudFormation resource.
    const zone = c as unknown as Partial<route53.IHostedZone>;
    if (!zoneOwners.has(c) && typeof zone.zoneName === 'string' && typeof zone.hostedZoneId === 'string' && concrete(zone.zoneName)) {
      hostedZones.push({ path: c.node.path, zoneName: zoneName(zone.zoneName) });
    }
  }
  return hostedZones.sort(byPath);
}

function zoneName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}
