// Checklist item 10 (rules/acm-validation.ts): ACM certificates use DNS validation that CloudFormation can complete.
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { annotationsOf, checkWebStack, findingsOf } from '../../support/checklist';

describe('cdk-pki:AcmEmailValidation', () => {
  const ID = PkiRule.ACM_EMAIL_VALIDATION.id;

  test('passes for DNS validation in a hosted zone of the app', () => {
    const checked = checkWebStack((stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns(zone) });
    });
    expect(findingsOf(checked, ID)).toEqual([]);
    expect(findingsOf(checked, PkiRule.ACM_DNS_VALIDATION_WITHOUT_HOSTED_ZONE.id)).toEqual([]);
  });

  test('warns about email validation, which acm.Certificate uses when no validation is given', () => {
    const checked = checkWebStack((stack) => {
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com' });
    });
    const [finding] = findingsOf(checked, ID);
    expect(finding).toMatchObject({ level: PkiFindingLevel.WARNING, path: 'Web/Certificate' });
    expect(finding.message).toContain('ACM certificate \'Web/Certificate\' (www.example.com) is validated by email');
    expect(finding.message).toContain('use CertificateValidation.fromDns(zone)');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'warning', path: 'Web/Certificate' })]);
  });
});

describe('cdk-pki:AcmDnsValidationWithoutHostedZone', () => {
  const ID = PkiRule.ACM_DNS_VALIDATION_WITHOUT_HOSTED_ZONE.id;

  test('warns when the app has no hosted zone for a DNS-validated name', () => {
    const checked = checkWebStack((stack) => {
      new acm.Certificate(stack, 'Certificate', {
        domainName: 'www.example.com', subjectAlternativeNames: ['api.example.com'], validation: acm.CertificateValidation.fromDns(),
      });
    });
    const [finding] = findingsOf(checked, ID);
    expect(finding.message).toContain('CloudFormation has no hosted zone for www.example.com, api.example.com, so the stack stays in CREATE_IN_PROGRESS');
    expect(finding.message).toContain('the app has no Route 53 hosted zone for it');
    expect(finding.message).toContain('externallyValidatedDomains');
  });

  test('names the hosted zone of the app that the certificate should be given', () => {
    const checked = checkWebStack((stack) => {
      new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
    });
    const [finding] = findingsOf(checked, ID);
    expect(finding.message).toContain('the app has hosted zone \'Web/Zone\' (example.com): pass it with CertificateValidation.fromDns(zone)');
  });

  test('knows hosted zones imported by attributes', () => {
    const checked = checkWebStack((stack) => {
      route53.HostedZone.fromHostedZoneAttributes(stack, 'Imported', { hostedZoneId: 'Z123', zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
    });
    expect(findingsOf(checked, ID)[0].message).toContain('hosted zone \'Web/Imported\' (example.com)');
  });

  test('passes for domains whose records are managed elsewhere, and for private certificates', () => {
    const checked = checkWebStack((stack) => {
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
      new acm.CfnCertificate(stack, 'Private', { domainName: 'internal.example.com', certificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/00000000-0000-4000-8000-000000000000' });
    }, { externallyValidatedDomains: ['example.com'] });
    expect(findingsOf(checked, ID)).toEqual([]);
  });
});
