/**
 * Checklist item 5, every CA publishes revocation and CRL buckets are private (rules cdk-pki:NoRevocation and
 * cdk-pki:CrlBucketPublic).
 */
import { CRL_S3_OBJECT_ACL, PCA_USAGE_MODE_SHORT_LIVED } from '../../private/contracts/aws-strings';
import { PkiModel } from '../private/checks-model';
import { ItemResult, RawFinding, caName, finding, plural } from '../private/findings';

export function revocation(model: PkiModel): ItemResult {
  const findings: RawFinding[] = [];
  const notes: string[] = [];
  const owned = model.cas.filter((ca) => ca.owned && ca.revocation !== undefined);
  for (const ca of owned) {
    const r = ca.revocation!;
    if (ca.usageMode === PCA_USAGE_MODE_SHORT_LIVED) {
      notes.push(`${ca.label}: short-lived certificate mode, whose certificates expire before revocation would matter`);
      continue;
    }
    if (!r.crl && !r.ocsp) {
      findings.push(finding('cdk-pki:NoRevocation', ca.construct, `${caName(ca)} publishes neither CRLs nor OCSP, so ${ca.isRoot ? 'revoking a subordinate CA' : 'revoking a certificate'} `
        + 'reaches no client; use Revocation.crl() (the default) or Revocation.ocsp(), or short-lived certificate mode'));
    }
    if (r.crl && r.crlObjectAcl !== CRL_S3_OBJECT_ACL) {
      findings.push(finding('cdk-pki:CrlBucketPublic', ca.construct, `${caName(ca)} writes its CRLs with the object ACL ${r.crlObjectAcl ?? 'PUBLIC_READ (the default)'}; `
        + `set S3ObjectAcl to ${CRL_S3_OBJECT_ACL}, block public access on the bucket and serve the CRLs through CloudFront (CrlBucket does all three)`));
    }
  }
  for (const bucket of model.crlBuckets) {
    if (!bucket.publicAccessBlocked) {
      findings.push(finding('cdk-pki:CrlBucketPublic', bucket.construct, `CrlBucket '${bucket.path}' does not block all public access on its S3 bucket; `
        + 'turn S3 Block Public Access back on: the CRLs are served through CloudFront'));
    }
  }
  if (model.crlBuckets.length > 0) notes.push(`${plural(model.crlBuckets.length, 'CRL bucket')} checked for Block Public Access`);
  const outside = [...new Set(owned
    .map((ca) => ca.revocation!.crlBucket)
    .filter((b): b is string => b !== undefined && !model.crlBuckets.some((x) => x.path === b)))];
  if (outside.length > 0) notes.push(`CRL buckets outside the app, not checked: ${outside.sort().join(', ')}`);
  return { key: 'revocation', applicable: owned.length > 0, findings, notes };
}
