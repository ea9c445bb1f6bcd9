/**
 * Revocation of a subordinate's certificate at its parent: when the certificate is superseded by a newer one,
 * or when the CA leaves the stack, as the resource's RevokeOnDelete asks. A parent that is gone or no longer
 * ACTIVE cannot revoke, and its CRL and OCSP ended with it: the certificate is then left as it is.
 */
import { GetCertificateCommand, RevokeCertificateCommand } from '@aws-sdk/client-acm-pca';
import type { RevocationReason } from '@aws-sdk/client-acm-pca';
import { serialOf } from './certificates';
import type { HandlerContext } from './context';
import type { ParentCas } from './parent';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import type { ParentReference } from '../../src/private/contracts/signing';
import { causeOf, errorName } from '../shared/errors';
import { formatSerial } from '../shared/pem';

export class Revocation {
  constructor(private readonly ctx: HandlerContext, private readonly parents: ParentCas) {}

  /** Revokes a certificate at its parent; returns whether it is revoked now. */
  public async revoke(
    parentRef: ParentReference | undefined, cert: IssuedCertificateArnParts, subordinateArn: string, reason: string,
  ): Promise<boolean> {
    const ctx = this.ctx;
    const parent = await this.parents.access(parentRef ?? { Region: cert.region }, subordinateArn, cert.region);
    let serial = cert.serial;
    // The certificate itself is the authority on its serial; the ARN's last field is the fallback.
    try {
      const out = await parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: cert.caArn, CertificateArn: cert.certificateArn }));
      serial = serialOf(out.Certificate) ?? serial;
    } catch (e) {
      ctx.log('cannot read the certificate, taking its serial from the ARN', { certificateArn: cert.certificateArn, error: errorName(e) });
    }
    try {
      await ctx.aws.call('RevokeCertificate', `certificate ${cert.certificateArn} (serial ${formatSerial(serial)})`,
        () => parent.pca.send(new RevokeCertificateCommand({
          CertificateAuthorityArn: cert.caArn, CertificateSerial: formatSerial(serial), RevocationReason: reason as RevocationReason,
        })), { via: parent.via, accessHint: `check that it allows acm-pca:RevokeCertificate on ${cert.caArn}` });
      ctx.log('certificate revoked', { certificateArn: cert.certificateArn, serial: formatSerial(serial), reason });
      return true;
    } catch (e) {
      const name = errorName(causeOf(e));
      if (name === 'RequestAlreadyProcessedException') {
        ctx.log('certificate was already revoked', { certificateArn: cert.certificateArn });
        return true;
      }
      if (name === 'ResourceNotFoundException' || name === 'InvalidStateException') {
        ctx.log('the parent CA cannot revoke (gone or not ACTIVE): certificate left as it is', { parentArn: cert.caArn, error: name });
        return false;
      }
      throw e;
    }
  }
}
