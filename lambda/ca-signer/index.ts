/**
 * onEvent handler of the stack's lifecycle provider (aws-cdk-lib custom-resources Provider framework). One
 * provider per stack serves three resource types:
 * - Custom::PkiCaGuard (guard.ts): refuses a deployment that would replace a CA nobody asked to replace;
 * - Custom::PkiSubordinateCaCertificate (subordinate.ts): signs a subordinate CA with its parent, installs
 *   the certificate, and revokes and retires as the CA's removal settings say;
 * - Custom::PkiRootCaLifecycle (root.ts): retires a root CA that left the stack or was replaced on purpose.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { HandlerContext } from './context';
import type { SignerOptions } from './context';
import { CaGuard } from './guard';
import type { GuardResponse } from './guard';
import { RootCaLifecycle } from './root';
import type { RootLifecycleResponse } from './root';
import { SubordinateSigner } from './subordinate';
import type { OnEventResponse } from './subordinate';
import { CA_GUARD_RESOURCE_TYPE, ROOT_CA_LIFECYCLE_RESOURCE_TYPE } from '../../src/private/contracts/signing';

export type { SignerOptions } from './context';
export type { OnEventResponse } from './subordinate';

export type HandlerResponse = OnEventResponse | GuardResponse | RootLifecycleResponse;

export function createHandler(options: SignerOptions = {}): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => {
    const ctx = new HandlerContext(event, options);
    switch (event.ResourceType) {
      case CA_GUARD_RESOURCE_TYPE:
        return new CaGuard(ctx).run();
      case ROOT_CA_LIFECYCLE_RESOURCE_TYPE:
        return new RootCaLifecycle(ctx).run() as Promise<OnEventResponse>;
      default:
        return new SubordinateSigner(ctx).run();
    }
  };
}

export const handler = createHandler();
