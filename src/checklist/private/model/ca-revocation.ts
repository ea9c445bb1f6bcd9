/**
 * How each CA the app owns makes revocation known: from the library's Revocation settings, or from a raw
 * CA's RevocationConfiguration as CloudFormation would get it.
 */
import { ModelContext, concrete } from './context';
import { CaNode, RevocationInfo } from './nodes';
import { IssuingCa } from '../../../hierarchy/issuing-ca';
import { RootCaAccount } from '../../../hierarchy/root-ca-account';
import { CRL_S3_OBJECT_ACL } from '../../../private/contracts/aws-strings';
import { CrlBucket } from '../../../revocation/crl-bucket';
import { flatten } from '../markers';

/** Undefined for shared and imported CAs, whose settings are not in the app. */
export function revocationOf(ctx: ModelContext, ca: CaNode): RevocationInfo | undefined {
  const c = ca.construct;
  if (c instanceof RootCaAccount || c instanceof IssuingCa) {
    const crl = c.revocation.crlOptions;
    return {
      crl: c.revocation.crlEnabled,
      ocsp: c.revocation.ocspEnabled,
      crlExpirationDays: crl ? (crl.expiration && !crl.expiration.isUnresolved() ? crl.expiration.toDays() : 7) : undefined,
      partitioned: crl ? crl.partitioned ?? false : undefined,
      crlBucket: c.crlBucket === undefined ? undefined
        : c.crlBucket instanceof CrlBucket ? c.crlBucket.node.path : concrete(c.crlBucket.bucketName) ?? c.crlBucket.node.path,
      crlObjectAcl: crl ? CRL_S3_OBJECT_ACL : undefined,
      ocspCustomCname: concrete(c.revocation.ocspOptions?.customCname),
    };
  }
  if (!ca.resource) return undefined;
  const revocationConfig = ctx.markers.resolve(ca.resource, ca.resource.revocationConfiguration) ?? {};
  const crl = revocationConfig.CrlConfiguration ?? revocationConfig.crlConfiguration;
  const ocsp = revocationConfig.OcspConfiguration ?? revocationConfig.ocspConfiguration;
  const crlEnabled = crl?.Enabled ?? crl?.enabled;
  return {
    crl: crlEnabled === true,
    ocsp: (ocsp?.Enabled ?? ocsp?.enabled) === true,
    crlExpirationDays: crl?.ExpirationInDays ?? crl?.expirationInDays,
    crlBucket: flatten(crl?.S3BucketName ?? crl?.s3BucketName),
    crlObjectAcl: crlEnabled === true ? (crl?.S3ObjectAcl ?? crl?.s3ObjectAcl) : undefined,
    partitioned: (crl?.CrlType ?? crl?.crlType) === 'PARTITIONED',
  };
}
