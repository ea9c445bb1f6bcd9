import { App, Stack } from 'aws-cdk-lib';
import { CertificateTemplate, CertificateTemplateKind, TemplatePassthrough } from '../../src';

describe('CertificateTemplate', () => {
  test('all() lists the 53 templates AWS documents, without duplicates', () => {
    const names = CertificateTemplate.all().map((t) => t.templateName);
    expect(names).toHaveLength(53);
    expect(new Set(names).size).toBe(53);
    // Spot checks from each family of the AWS table.
    expect(names).toEqual(expect.arrayContaining([
      'EndEntityCertificate/V1',
      'CodeSigningCertificate/V1',
      'OCSPSigningCertificate/V1',
      'RootCACertificate/V1',
      'RootCACertificate_APIPassthrough/V1',
      'SubordinateCACertificate_PathLen3/V1',
      'BlankEndEntityCertificate_CSRPassthrough/V1',
      'EndEntityServerAuthCertificate_APICSRPassthrough/V1',
      'BlankSubordinateCACertificate_PathLen2_APIPassthrough/V1',
      'SubordinateCACertificate_PathLen0_APICSRPassthrough/V1',
    ]));
    // AWS has no CSR-passthrough root template.
    expect(names).not.toContain('RootCACertificate_CSRPassthrough/V1');
    expect(names).not.toContain('BlankEndEntityCertificate/V1');
  });

  test('counts per passthrough match the AWS table (10 base, 14 CSR, 15 API, 14 API+CSR)', () => {
    const count = (p: TemplatePassthrough) => CertificateTemplate.all().filter((t) => t.passthrough === p).length;
    expect(count(TemplatePassthrough.NONE)).toBe(10);
    expect(count(TemplatePassthrough.CSR)).toBe(14);
    expect(count(TemplatePassthrough.API)).toBe(15);
    expect(count(TemplatePassthrough.API_CSR)).toBe(14);
  });

  test('subordinate templates carry their path length and kind', () => {
    const t = CertificateTemplate.subordinateCa(2, TemplatePassthrough.API);
    expect(t.templateName).toBe('SubordinateCACertificate_PathLen2_APIPassthrough/V1');
    expect(t.kind).toBe(CertificateTemplateKind.SUBORDINATE_CA);
    expect(t.pathLength).toBe(2);
    expect(t.acceptsApiPassthrough).toBe(true);
    expect(t.issuesCaCertificates).toBe(true);
  });

  test('blank templates are recognised', () => {
    const t = CertificateTemplate.blankEndEntity(TemplatePassthrough.API_CSR);
    expect(t.templateName).toBe('BlankEndEntityCertificate_APICSRPassthrough/V1');
    expect(t.blank).toBe(true);
    expect(t.kind).toBe(CertificateTemplateKind.END_ENTITY);
    expect(t.pathLength).toBeUndefined();
  });

  test('withPassthrough swaps the variant', () => {
    expect(CertificateTemplate.END_ENTITY.withPassthrough(TemplatePassthrough.CSR).templateName).toBe('EndEntityCertificate_CSRPassthrough/V1');
    expect(CertificateTemplate.subordinateCa(1, TemplatePassthrough.API).withPassthrough(TemplatePassthrough.NONE).templateName)
      .toBe('SubordinateCACertificate_PathLen1/V1');
  });

  test('ARNs are partition-aware', () => {
    expect(CertificateTemplate.END_ENTITY.arnForPartition('aws-us-gov')).toBe('arn:aws-us-gov:acm-pca:::template/EndEntityCertificate/V1');
    const stack = new Stack(new App());
    expect(stack.resolve(CertificateTemplate.ROOT_CA.templateArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/RootCACertificate/V1']],
    });
  });

  test('a template AWS adds later can be named with the constructor', () => {
    const blankRoot = new CertificateTemplate('BlankRootCACertificate_PathLen0_APIPassthrough/V1');
    expect(blankRoot.kind).toBe(CertificateTemplateKind.ROOT_CA);
    expect(blankRoot.acceptsApiPassthrough).toBe(true);
    const unknown = new CertificateTemplate('FutureCertificate/V2');
    expect(unknown.kind).toBe(CertificateTemplateKind.OTHER);
    expect(unknown.issuesCaCertificates).toBe(false);
  });

  test.each([
    ['path length above 3', () => CertificateTemplate.subordinateCa(4), /path length 4/],
    ['negative path length', () => CertificateTemplate.subordinateCa(-1), /path length -1/],
    ['blank end-entity without passthrough', () => CertificateTemplate.blankEndEntity(TemplatePassthrough.NONE), /only with a passthrough/],
    ['malformed name', () => new CertificateTemplate('EndEntityCertificate'), /not a template name/],
  ])('throws for %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
