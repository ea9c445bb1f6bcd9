/** The CA resource policies of the app (CaResourcePolicy), with the grants they hold. */
import { CaIndex } from './ca-index';
import { ModelContext, byPath, constructsOf } from './context';
import { ResourcePolicyNode } from './nodes';
import { CaResourcePolicy } from '../../../sharing/ca-resource-policy';
import { PolicyGrantSpec } from '../../../sharing/private/sharing';

export function collectResourcePolicies(ctx: ModelContext, index: CaIndex): ResourcePolicyNode[] {
  return constructsOf(ctx, CaResourcePolicy)
    .map((c) => ({
      construct: c,
      path: c.node.path,
      ca: index.ofObject(c.certificateAuthority) ?? index.named(c, c.certificateAuthority.certificateAuthorityArn),
      // The grants are kept by the construct; it has no public accessor for them yet.
      grants: (c as unknown as { grants?: PolicyGrantSpec[] }).grants ?? [],
    }))
    .sort(byPath);
}
