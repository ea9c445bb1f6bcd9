import { App, Stack } from 'aws-cdk-lib';
import { CertificateTemplate, TemplatePassthrough } from '../../src/hierarchy/certificate-template';
import { SharePermission, SharePrincipal, SharePrincipalKind } from '../../src/sharing/share-permission';

/**
 * What AWS accepts, per managed permission (AWS-FACTS.md section 2): the template each permission allows
 * by its name, and for the default permission the condition seen in cert-manager/aws-privateca-issuer#50
 * and #409. Written out here, not derived from the code under test.
 */
const ACCEPTED: Array<[string, SharePermission, string[], boolean]> = [
  ['AWSRAMDefaultPermissionCertificateAuthority', SharePermission.DEFAULT, ['EndEntityCertificate/V1'], false],
  ['AWSRAMBlankEndEntityCertificateAPIPassthroughIssuanceCertificateAuthority', SharePermission.BLANK_END_ENTITY_API_PASSTHROUGH_ISSUANCE,
    ['BlankEndEntityCertificate_APIPassthrough/V1'], false],
  ['AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority', SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    ['BlankEndEntityCertificate_APICSRPassthrough/V1'], false],
  ['AWSRAMSubordinateCACertificatePathLen0IssuanceCertificateAuthority', SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE,
    ['SubordinateCACertificate_PathLen0/V1'], false],
  ['AWSRAMRevokeCertificateCertificateAuthority', SharePermission.REVOKE_CERTIFICATE, [], true],
];

describe.each(ACCEPTED)('%s', (name, permission, accepted, revokes) => {
  test('accepts exactly the templates AWS accepts and rejects every other documented template', () => {
    const all = CertificateTemplate.all();
    expect(all).toHaveLength(53);
    for (const template of all) {
      const expected = accepted.includes(template.templateName);
      expect([template.templateName, permission.allows(template)]).toEqual([template.templateName, expected]);
      if (expected) {
        expect(() => permission.assertAllows(template)).not.toThrow();
      } else {
        expect(() => permission.assertAllows(template)).toThrow(new RegExp(
          `certificate template ${template.templateName.replace(/\//g, '\\/')}, which share permission ${name} does not allow`));
      }
    }
  });

  test('is the managed permission of that exact name, in the partition asked for', () => {
    expect(permission.managedPermissionName).toBe(name);
    expect(permission.isManaged).toBe(true);
    expect(permission.permissionArnForPartition('aws')).toBe(`arn:aws:ram::aws:permission/${name}`);
    expect(permission.permissionArnForPartition('aws-us-gov')).toBe(`arn:aws-us-gov:ram::aws:permission/${name}`);
    expect(permission.allowsRevocation).toBe(revokes);
    expect(String(permission)).toBe(name);
  });

  test('builds its ARN with the deploying stack\'s partition', () => {
    const stack = new Stack(new App(), 'S');
    expect(stack.resolve(permission.permissionArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ram::aws:permission/${name}`]],
    });
  });
});

describe('SharePermission', () => {
  test('END_ENTITY_ISSUANCE is the default permission', () => {
    expect(SharePermission.END_ENTITY_ISSUANCE).toBe(SharePermission.DEFAULT);
  });

  test('knows five managed permissions, one per template or revocation', () => {
    expect(SharePermission.managedPermissions().map((p) => p.managedPermissionName)).toEqual(ACCEPTED.map(([name]) => name));
  });

  test('finds the managed permission that allows a template, and none for templates no permission covers', () => {
    expect(SharePermission.managedPermissionFor(CertificateTemplate.blankEndEntity(TemplatePassthrough.CSR))).toBeUndefined();
    expect(SharePermission.managedPermissionFor(CertificateTemplate.subordinateCa(0))).toBe(SharePermission.SUBORDINATE_CA_PATH_LEN_0_ISSUANCE);
    expect(SharePermission.managedPermissionFor(CertificateTemplate.END_ENTITY_SERVER_AUTH)).toBeUndefined();
  });

  test('the error names the template, the permission, what it allows and the permission that would allow it', () => {
    expect(() => SharePermission.DEFAULT.assertAllows(new CertificateTemplate('BlankEndEntityCertificate_APICSRPassthrough/V1'), 'issuer x'))
      .toThrow('issuer x requests certificate template BlankEndEntityCertificate_APICSRPassthrough/V1, which share permission '
        + 'AWSRAMDefaultPermissionCertificateAuthority does not allow (it allows only EndEntityCertificate/V1); share the CA a second time with '
        + 'permission AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority, or request a template this permission allows');
  });

  test('a template no managed permission allows points to a CA resource policy', () => {
    expect(SharePermission.DEFAULT._problemWith(CertificateTemplate.END_ENTITY_SERVER_AUTH))
      .toMatch(/EndEntityServerAuthCertificate\/V1, which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow .*no RAM managed permission allows it: grant it with a CaResourcePolicy/);
    expect(SharePermission.REVOKE_CERTIFICATE._problemWith(CertificateTemplate.END_ENTITY)).toMatch(/it allows no issuance/);
  });

  test('issuance() is a resource-policy permission: no managed permission, no ARN', () => {
    const permission = SharePermission.issuance([CertificateTemplate.END_ENTITY_SERVER_AUTH, CertificateTemplate.subordinateCa(1)], true);
    expect(permission.isManaged).toBe(false);
    expect(permission.permissionArn).toBeUndefined();
    expect(permission.allowsRevocation).toBe(true);
    expect(permission.allows(CertificateTemplate.subordinateCa(1))).toBe(true);
    expect(permission.allows(CertificateTemplate.END_ENTITY)).toBe(false);
    expect(permission.displayName).toBe('resource-policy permission (issuance with EndEntityServerAuthCertificate/V1, '
      + 'SubordinateCACertificate_PathLen1/V1 and revocation)');
  });
});

describe('SharePrincipal', () => {
  test('an account is its 12-digit id', () => {
    const p = SharePrincipal.account('222222222222');
    expect([p.kind, p.value, p.accountId]).toEqual([SharePrincipalKind.ACCOUNT, '222222222222', '222222222222']);
  });

  test('an organization or OU given by ids gets an ARN in the deploying stack\'s partition', () => {
    const stack = new Stack(new App(), 'S');
    expect(stack.resolve(SharePrincipal.organizationById('111111111111', 'o-a1b2c3d4e5').value)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::111111111111:organization/o-a1b2c3d4e5']],
    });
    expect(stack.resolve(SharePrincipal.organizationalUnitById('111111111111', 'o-a1b2c3d4e5', 'ou-ab12-cd34ef56').value)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56']],
    });
  });

  test('ARNs are kept as given', () => {
    const ou = 'arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';
    expect(SharePrincipal.organizationalUnit(ou)).toMatchObject({ kind: SharePrincipalKind.ORGANIZATIONAL_UNIT, value: ou, arn: ou });
  });

  test('the connectors are service principals', () => {
    expect(SharePrincipal.PCA_CONNECTOR_SCEP).toMatchObject({ kind: SharePrincipalKind.SERVICE, value: 'pca-connector-scep.amazonaws.com' });
    expect(SharePrincipal.PCA_CONNECTOR_AD).toMatchObject({ kind: SharePrincipalKind.SERVICE, value: 'pca-connector-ad.amazonaws.com' });
  });
});
