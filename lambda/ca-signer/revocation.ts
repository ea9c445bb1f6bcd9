/**
 * Revocation of a subordinate's certificate at its parent: when the certificate is superseded by a newer one,
 * or when the CA leaves the stack, as the resource's RevokeOnDelete asks. A parent that is gone or no longer
 * ACTIVE cannot revoke, and its CRL and OCSP ended with it: the certificate is then left as it is. So is one of
 * an earlier parent when the parent's signing authority signs with another now: it revokes only its own.
 */
import type { HandlerContext } from './context';
import type { ParentCas } from './parent';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import type { ParentReference } from '../../src/private/contracts/signing';

export class Revocation {
  constructor(private readonly ctx: HandlerContext, private readonly parents: ParentCas) {}

  /** Revokes a certificate at its parent; returns whether it is revoked now. */
  public async revoke(
    parentRef: ParentReference | undefined, cert: IssuedCertificateArnParts, subordinateArn: string, reason: string,
  ): Promise<boolean> {
    const outcome = await this.parents.reach(parentRef, subordinateArn, cert.region).revoke(cert, reason);
    switch (outcome) {
      case 'revoked':
        this.ctx.log('certificate revoked', { certificateArn: cert.certificateArn, serial: cert.serial, reason });
        return true;
      case 'already-revoked':
        this.ctx.log('certificate was already revoked', { certificateArn: cert.certificateArn });
        return true;
      case 'not-revocable':
        this.ctx.log('the parent cannot revoke it (gone, not ACTIVE, or no longer the one that signs): certificate left as it is',
          { parentArn: cert.caArn });
        return false;
    }
  }
}
