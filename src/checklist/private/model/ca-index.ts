/**
 * Finding the CA that a value of the app names: by the marker of its ARN (in any stack), by the CA object
 * itself, or by an ARN known at synthesis.
 */
import { IConstruct } from 'constructs';
import { ModelContext, envOf } from './context';
import { CaNode } from './nodes';
import { flatten, flattenList, markersIn } from '../markers';

export class CaIndex {
  private readonly byMarker = new Map<string, CaNode>();
  private readonly byObject: Map<unknown, CaNode>;

  constructor(private readonly ctx: ModelContext, private readonly cas: CaNode[]) {
    cas.forEach((ca) => ca.identity.markers.forEach((m) => this.byMarker.set(m, ca)));
    this.byObject = new Map<unknown, CaNode>(cas.map((ca) => [ca.construct, ca]));
  }

  /** The CA whose construct `ca` is. */
  public ofObject(ca: unknown): CaNode | undefined {
    return this.byObject.get(ca);
  }

  /** The CA that one value (an ARN) names. */
  public named(scope: IConstruct, value: unknown): CaNode | undefined {
    if (value === undefined) return undefined;
    const resolved = this.ctx.markers.resolve(scope, value);
    const arn = flatten(resolved, envOf(scope));
    return this.byMarkers(resolved) ?? (arn === undefined ? undefined : this.byArn([arn]));
  }

  /** The first CA that a list of ARNs names. */
  public namedInList(scope: IConstruct, list: unknown): CaNode | undefined {
    const resolved = this.ctx.markers.resolve(scope, list);
    return this.byMarkers(resolved) ?? this.byArn(flattenList(resolved, envOf(scope)));
  }

  private byMarkers(resolved: unknown): CaNode | undefined {
    return markersIn(resolved).map((m) => this.byMarker.get(m)).find((ca) => ca !== undefined);
  }

  private byArn(arns: string[]): CaNode | undefined {
    return this.cas.find((ca) => ca.identity.concreteArn !== undefined && arns.includes(ca.identity.concreteArn));
  }
}
