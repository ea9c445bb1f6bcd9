/**
 * onEvent handler of the stack's lifecycle provider (aws-cdk-lib custom-resources Provider framework). One
 * provider per stack serves three resource types:
 * - Custom::PkiCaGuard (guard.ts): refuses a deployment that would replace a CA nobody asked to replace;
 * - Custom::PkiSubordinateCaCertificate (subordinate.ts): signs a subordinate CA with its parent, installs
 *   the certificate, and revokes and retires as the CA's removal settings say;
 * - Custom::PkiRootCaLifecycle (root.ts): retires a root CA that left the stack or was replaced on purpose;
 * - Custom::PkiExternalCaCertificate (external.ts): installs the certificate a parent outside AWS signed, after checking
 *   it, and retires the CA as a signed subordinate's removal settings say.
 * The stack's renewal schedule invokes it too, to renew the certificates of the stack's subordinate CAs (renewal.ts).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { HandlerContext } from './context';
import type { SignerOptions } from './context';
import { ExternalCertificateInstaller } from './external';
import type { ExternalResponse } from './external';
import { CaGuard } from './guard';
import type { GuardResponse } from './guard';
import { renewCaCertificates } from './renewal';
import type { RenewalSummary } from './renewal';
import { RootCaLifecycle } from './root';
import type { RootLifecycleResponse } from './root';
import { SubordinateSigner } from './subordinate';
import type { OnEventResponse } from './subordinate';
import { isCaRenewalInvocation } from '../../src/private/contracts/ca-renewal';
import type { CaRenewalInvocation } from '../../src/private/contracts/ca-renewal';
import { EXTERNAL_CA_CERTIFICATE_RESOURCE_TYPE } from '../../src/private/contracts/external-ca';
import { CA_GUARD_RESOURCE_TYPE, ROOT_CA_LIFECYCLE_RESOURCE_TYPE } from '../../src/private/contracts/signing';

export type { SignerOptions } from './context';
export type { OnEventResponse } from './subordinate';
export type { RenewalSummary, RenewalOutcome } from './renewal';

export type HandlerResponse = OnEventResponse | GuardResponse | RootLifecycleResponse | ExternalResponse;

export function createHandler(options: SignerOptions = {}): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => {
    const ctx = new HandlerContext(event, options);
    switch (event.ResourceType) {
      case CA_GUARD_RESOURCE_TYPE:
        return new CaGuard(ctx).run();
      case ROOT_CA_LIFECYCLE_RESOURCE_TYPE:
        return new RootCaLifecycle(ctx).run() as Promise<OnEventResponse>;
      case EXTERNAL_CA_CERTIFICATE_RESOURCE_TYPE:
        return new ExternalCertificateInstaller(ctx).run() as Promise<OnEventResponse>;
      default:
        return new SubordinateSigner(ctx).run();
    }
  };
}

/** The renewal schedule's handler (the same function, invoked by the stack's schedule). */
export function createRenewalHandler(options: SignerOptions = {}): (event: CaRenewalInvocation) => Promise<RenewalSummary> {
  return (event) => renewCaCertificates(event, options);
}

const onEvent = createHandler();
const onSchedule = createRenewalHandler();

/** The function's entry: the provider framework's custom resource events, and the renewal schedule's invocations. */
export async function handler(event: CloudFormationCustomResourceEvent | CaRenewalInvocation): Promise<OnEventResponse | RenewalSummary> {
  return isCaRenewalInvocation(event) ? onSchedule(event) : onEvent(event);
}
