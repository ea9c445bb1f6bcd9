/**
 * ACM certificates of an IssuingCa (issue 16, items 3 and 6): in the CA's stack they wait for the CA's permission for
 * ACM; a short-lived CA has no permission for ACM by default, refuses one, and refuses ACM certificates.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CaUsageMode, IssuingCa, RootCaAccount, Validity } from '../../src';

function pki(usageMode?: CaUsageMode, acmRenewalPermission?: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Pki', { env: { account: '111111111111', region: 'us-east-1' } });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  const issuing = new IssuingCa(stack, 'Issuing', {
    parent: root, subject: { commonName: 'Corp Issuing CA' }, usageMode, acmRenewalPermission, validity: Validity.days(30),
  });
  return { app, stack, issuing };
}

describe('ACM certificates of an IssuingCa', () => {
  test('an acm.PrivateCertificate of the CA in its stack depends on the CA\'s permission for ACM', () => {
    const { stack, issuing } = pki();
    const certificate = new acm.PrivateCertificate(stack, 'Web', { domainName: 'web.corp.example.com', certificateAuthority: issuing });
    const template = Template.fromStack(stack).toJSON();
    const permission = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::ACMPCA::Permission')!;
    const certificateId = stack.getLogicalId(certificate.node.defaultChild as acm.CfnCertificate);
    expect(template.Resources[certificateId].DependsOn).toContain(permission);
  });

  test('a short-lived CA gets no permission for ACM, and refuses one', () => {
    const { stack } = pki(CaUsageMode.SHORT_LIVED_CERTIFICATE);
    Template.fromStack(stack).resourceCountIs('AWS::ACMPCA::Permission', 0);
    expect(() => pki(CaUsageMode.SHORT_LIVED_CERTIFICATE, true))
      .toThrow(/acmRenewalPermission is true, but this is a short-lived CA \(CaUsageMode.SHORT_LIVED_CERTIFICATE\), from which ACM cannot issue/);
  });

  test('an acm.PrivateCertificate of a short-lived CA fails synthesis, naming both', () => {
    const { app, stack, issuing } = pki(CaUsageMode.SHORT_LIVED_CERTIFICATE);
    new acm.PrivateCertificate(stack, 'Web', { domainName: 'web.corp.example.com', certificateAuthority: issuing });
    expect(() => app.synth()).toThrow(/IssuingCa 'Pki\/Issuing' is a short-lived CA .*, from which ACM cannot issue, but ACM certificates name it: 'Pki\/Web'/);
  });

  test('certificates of another CA are left alone', () => {
    const { app, stack } = pki(CaUsageMode.SHORT_LIVED_CERTIFICATE);
    const other = IssuingCa.fromCertificateAuthorityArn(stack, 'Other', 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111');
    new acm.PrivateCertificate(stack, 'Web', { domainName: 'web.corp.example.com', certificateAuthority: other });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the permission for ACM of a CA that signs CAs (issue 16, item 12)', () => {
  function threeLevels(acmRenewalPermission?: boolean) {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: { account: '111111111111', region: 'us-east-1' } });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
    const intermediate = new IssuingCa(stack, 'Intermediate', { parent: root, subject: { commonName: 'Corp Intermediate CA' }, acmRenewalPermission });
    const leaf = new IssuingCa(stack, 'Leaf', { parent: intermediate, subject: { commonName: 'Corp Issuing CA' } });
    return { app, stack, intermediate, leaf };
  }
  const permissionsOf = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::ACMPCA::Permission'))
    .map((r) => JSON.stringify(r.Properties.CertificateAuthorityArn));

  test('an intermediate gets none by default; the CA below it keeps its own', () => {
    const { stack, intermediate, leaf } = threeLevels();
    expect(intermediate.node.tryFindChild('AcmRenewalPermission')).toBeUndefined();
    expect(leaf.node.tryFindChild('AcmRenewalPermission')).toBeDefined();
    expect(permissionsOf(stack)).toHaveLength(1);
  });

  test('acmRenewalPermission: true keeps it on an intermediate', () => {
    const { intermediate } = threeLevels(true);
    expect(intermediate.node.tryFindChild('AcmRenewalPermission')).toBeDefined();
  });

  test('an ACM certificate of an intermediate without the permission fails synthesis with what to do', () => {
    const { app, stack, intermediate } = threeLevels();
    new acm.PrivateCertificate(stack, 'Web', { domainName: 'web.corp.example.com', certificateAuthority: intermediate });
    expect(() => app.synth()).toThrow(/IssuingCa 'Pki\/Intermediate' signs CAs, so it has no AWS::ACMPCA::Permission for ACM by default .* 'Pki\/Web'; .* or set acmRenewalPermission: true on this one/);
  });
});
