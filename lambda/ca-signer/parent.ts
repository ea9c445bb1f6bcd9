/**
 * The parent CA of a subordinate, as the signer reaches it. Two ways, chosen from the resource's ParentReference:
 * - the parent's signing authority (parent-authority.ts), when the reference names one: a function in the
 *   parent's account that signs only what the parent's app declared, invoked through the subordinate's
 *   invoker role there;
 * - the parent CA itself (parent-pca.ts): a parent in the same stack with the signer's own credentials, or,
 *   for resources of versions before the authority, through the parent's signer role.
 * The signer asks either the same four things: describe, sign, get a certificate again, revoke.
 */
import type { HandlerContext } from './context';
import { AuthorityParent } from './parent-authority';
import { PcaParent } from './parent-pca';
import type { Properties } from './request';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import { CA_STATUS } from '../../src/private/contracts/aws-hierarchy';
import type { ParentReference } from '../../src/private/contracts/signing';

/** The parent's state, as the signer needs it before asking for a certificate. */
export interface ParentState {
  readonly arn: string;
  readonly status?: string;
  /** End of the parent's own validity, when it has a certificate. */
  readonly notAfter?: Date;
  readonly signingAlgorithm?: string;
}

/** What the signer asks the parent to sign. */
export interface SigningRequest {
  /** The resource's properties: the subordinate, its CSR, template, validity and name constraints. */
  readonly props: Properties;
  /** The parent's ARN, as `arn()` gave it. */
  readonly parentArn: string;
  readonly signingAlgorithm: string;
  /** The name constraints extension (DER) the resource asks for; the signing authority puts in those declared. */
  readonly nameConstraints?: Buffer;
  /** What names this signing: the same seed gets the same certificate for a while (a retried deployment). */
  readonly idempotencySeed: string;
}

/** A certificate the parent issued, and its chain. */
export interface IssuedCertificate {
  readonly certificateArn: string;
  readonly certificatePem: string;
  readonly chainPem?: string;
}

/** How a revocation ended: revoked now, revoked before, or the parent cannot revoke (gone or not ACTIVE). */
export type RevocationOutcome = 'revoked' | 'already-revoked' | 'not-revocable';

/** The parent as the signer reaches it. Each call reaches it (an assumed role, an ARN read) once per invocation. */
export interface SigningParent {
  /** The parent CA's ARN. */
  arn(): Promise<string>;
  /** Its state, end of validity and signing algorithm. */
  describe(): Promise<ParentState>;
  /** Signs the subordinate's CSR; throws when the parent refuses. */
  sign(request: SigningRequest): Promise<IssuedCertificate>;
  /** A certificate the parent issued to the subordinate earlier. */
  get(certificate: IssuedCertificateArnParts): Promise<IssuedCertificate>;
  /** Revokes a certificate the parent issued to the subordinate. */
  revoke(certificate: IssuedCertificateArnParts, reason: string): Promise<RevocationOutcome>;
}

/** Throws unless the parent can sign. */
export function requireActive(state: ParentState): void {
  if (state.status !== CA_STATUS.ACTIVE) {
    throw new Error(`parent CA ${state.arn} is ${state.status ?? 'in an unknown state'}, not ACTIVE: it cannot sign; `
      + 'install its certificate or re-enable it, then retry the deployment');
  }
}

export class ParentCas {
  constructor(private readonly ctx: HandlerContext) {}

  /**
   * The parent of `ref` for subordinate `subordinateArn`: its signing authority when the reference names one,
   * else the parent CA itself (with the signer's own credentials when there is no reference).
   * @param region Region of the parent CA when not the reference's (that of a certificate it issued); the
   * authority's is that of its ARN.
   */
  public reach(ref: ParentReference | undefined, subordinateArn: string, region?: string): SigningParent {
    if (ref?.AuthorityFunctionArn) return new AuthorityParent(this.ctx, ref, subordinateArn);
    const where = region ?? ref?.Region;
    if (!where) throw new Error(`the signer cannot tell the Region of the parent CA of ${subordinateArn}`);
    return new PcaParent(this.ctx, ref ?? { Region: where }, subordinateArn, where);
  }
}
