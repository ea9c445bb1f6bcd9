// Checklist item 5 (rules/revocation.ts): every CA publishes revocation; CRL buckets are private.
import { App, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { CaUsageMode } from '../../../src/hierarchy/algorithms';
import { CrlBucket } from '../../../src/revocation/crl-bucket';
import { Revocation } from '../../../src/revocation/revocation';
import { ALL_CHECKED, ISSUING_ENV, annotationsOf, findingsOf, issuingStack, rootStack, synthChecked, twoAccountPki } from '../../support/checklist';

describe('revocation', () => {
  test('passes with CRLs (the default), with OCSP only, and for a short-lived CA without revocation', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Ocsp', { revocation: Revocation.ocsp() });
    issuingStack(app, root, 'ShortLived', { revocation: Revocation.none(), usageMode: CaUsageMode.SHORT_LIVED_CERTIFICATE }, { account: '444444444444', region: 'eu-west-1' });
    const checked = synthChecked(app, ALL_CHECKED);
    expect(findingsOf(checked, PkiRule.NO_REVOCATION.id)).toEqual([]);
    expect(findingsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id)).toEqual([]);
  });

  test('warns about a general-purpose CA without CRLs or OCSP', () => {
    const app = new App();
    const { root } = rootStack(app);
    issuingStack(app, root, 'Issuing', { revocation: Revocation.none() });
    const [finding] = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.NO_REVOCATION.id);
    expect(finding.path).toBe('Issuing/IssuingCa');
    expect(finding.message).toContain('publishes neither CRLs nor OCSP, so revoking a certificate reaches no client; use Revocation.crl()');
  });

  test('errors when a CRL bucket lets public access in', () => {
    const { app, rootStack: stack } = twoAccountPki();
    const bucket = new CrlBucket(stack, 'OpenCrls');
    (bucket.bucket.node.defaultChild as s3.CfnBucket).publicAccessBlockConfiguration = {
      blockPublicAcls: false, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    };
    const checked = synthChecked(app, ALL_CHECKED);
    const [finding] = findingsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id);
    expect(finding).toMatchObject({ level: PkiFindingLevel.ERROR, path: 'Root/OpenCrls' });
    expect(finding.message).toContain('does not block all public access on its S3 bucket');
    expect(annotationsOf(checked, PkiRule.CRL_BUCKET_PUBLIC.id)).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  test('errors when a raw CA writes its CRLs with the default public ACL, and passes with BUCKET_OWNER_FULL_CONTROL', () => {
    const app = new App();
    const stack = new Stack(app, 'Raw', { env: ISSUING_ENV });
    const crl = (acl?: string) => ({ crlConfiguration: { enabled: true, s3BucketName: 'crls', s3ObjectAcl: acl } });
    for (const [id, acl] of [['Public', undefined], ['Private', 'BUCKET_OWNER_FULL_CONTROL']] as const) {
      new acmpca.CfnCertificateAuthority(stack, id, {
        type: 'SUBORDINATE', keyAlgorithm: 'EC_secp384r1', signingAlgorithm: 'SHA384WITHECDSA', subject: { commonName: id }, revocationConfiguration: crl(acl),
      });
    }
    const findings = findingsOf(synthChecked(app, ALL_CHECKED), PkiRule.CRL_BUCKET_PUBLIC.id);
    expect(findings.map((f) => f.path)).toEqual(['Raw/Public']);
    expect(findings[0].message).toContain('writes its CRLs with the object ACL PUBLIC_READ (the default)');
  });
});
