// The ACM items of the checklist, each rule both ways: DNS validation that CloudFormation can complete,
// CloudFront certificates in us-east-1, a wildcard for many test environments, and transparency logging.
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PkiChecksProps, PkiFindingLevel, PkiRule } from '../../src/checklist/pki-checks';
import { annotationsOf, findingsOf, synthChecked } from '../support/checklist';

const US_EAST_1 = { account: '444444444444', region: 'us-east-1' };
const EU_WEST_1 = { account: '444444444444', region: 'eu-west-1' };

function check(build: (stack: Stack) => void, props: PkiChecksProps = {}, env = US_EAST_1) {
  const app = new App();
  const stack = new Stack(app, 'Web', { env });
  build(stack);
  return synthChecked(app, { cloudTrailElsewhere: true, ...props });
}

describe('cdk-pki:AcmEmailValidation', () => {
  const ID = PkiRule.ACM_EMAIL_VALIDATION.id;

  test('passes for DNS validation in a hosted zone of the app', () => {
    const checked = check((stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns(zone) });
    });
    expect(findingsOf(checked, ID)).toEqual([]);
    expect(findingsOf(checked, PkiRule.ACM_DNS_VALIDATION_WITHOUT_HOSTED_ZONE.id)).toEqual([]);
  });

  test('warns about email validation, which acm.Certificate uses when no validation is given', () => {
    const checked = check((stack) => {
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
    const checked = check((stack) => {
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
    const checked = check((stack) => {
      new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
    });
    const [finding] = findingsOf(checked, ID);
    expect(finding.message).toContain('the app has hosted zone \'Web/Zone\' (example.com): pass it with CertificateValidation.fromDns(zone)');
  });

  test('knows hosted zones imported by attributes', () => {
    const checked = check((stack) => {
      route53.HostedZone.fromHostedZoneAttributes(stack, 'Imported', { hostedZoneId: 'Z123', zoneName: 'example.com' });
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
    });
    expect(findingsOf(checked, ID)[0].message).toContain('hosted zone \'Web/Imported\' (example.com)');
  });

  test('passes for domains whose records are managed elsewhere, and for private certificates', () => {
    const checked = check((stack) => {
      new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
      new acm.CfnCertificate(stack, 'Private', { domainName: 'internal.example.com', certificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/00000000-0000-4000-8000-000000000000' });
    }, { externallyValidatedDomains: ['example.com'] });
    expect(findingsOf(checked, ID)).toEqual([]);
  });
});

describe('cdk-pki:CloudFrontCertificateRegion', () => {
  const ID = PkiRule.CLOUDFRONT_CERTIFICATE_REGION.id;
  const distribution = (stack: Stack, certificateArn: string) => new cloudfront.CfnDistribution(stack, 'Distribution', {
    distributionConfig: {
      enabled: true,
      aliases: ['www.example.com'],
      origins: [{ id: 'origin', domainName: 'origin.example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
      defaultCacheBehavior: { targetOriginId: 'origin', viewerProtocolPolicy: 'redirect-to-https', cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      viewerCertificate: { acmCertificateArn: certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    },
  });

  test('passes for a certificate of a us-east-1 stack', () => {
    const checked = check((stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      const certificate = new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns(zone) });
      distribution(stack, certificate.certificateArn);
    });
    expect(findingsOf(checked, ID)).toEqual([]);
  });

  test('errors for a certificate of a eu-west-1 stack', () => {
    const checked = check((stack) => {
      const certificate = new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
      distribution(stack, certificate.certificateArn);
    }, { externallyValidatedDomains: ['example.com'] }, EU_WEST_1);
    const [finding] = findingsOf(checked, ID);
    expect(finding).toMatchObject({ level: PkiFindingLevel.ERROR, path: 'Web/Distribution' });
    expect(finding.message).toContain('CloudFront distribution \'Web/Distribution\' uses ACM certificate \'Web/Certificate\' (www.example.com) from eu-west-1');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'error', path: 'Web/Distribution' })]);
  });

  test('errors for a certificate ARN of another Region, and passes for one of us-east-1', () => {
    const arn = (region: string) => `arn:aws:acm:${region}:444444444444:certificate/11111111-2222-3333-4444-555555555555`;
    expect(findingsOf(check((stack) => distribution(stack, arn('us-east-1'))), ID)).toEqual([]);
    const [finding] = findingsOf(check((stack) => distribution(stack, arn('eu-central-1'))), ID);
    expect(finding.message).toContain(`uses certificate ${arn('eu-central-1')} from eu-central-1; CloudFront takes ACM certificates from us-east-1 only`);
  });
});

describe('cdk-pki:AcmWildcardForTestEnvironments', () => {
  const ID = PkiRule.ACM_WILDCARD_FOR_TEST_ENVIRONMENTS.id;
  const certificates = (stack: Stack, names: string[]) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    names.forEach((name, i) => new acm.Certificate(stack, `Certificate${i}`, { domainName: name, validation: acm.CertificateValidation.fromDns(zone) }));
  };

  test('passes for production names, and for two test environments', () => {
    expect(findingsOf(check((stack) => certificates(stack, ['www.service.example.com', 'api.service.example.com', 'admin.service.example.com'])), ID)).toEqual([]);
    expect(findingsOf(check((stack) => certificates(stack, ['dev.service.example.com', 'qa.service.example.com'])), ID)).toEqual([]);
  });

  test('warns about three certificates for test environments under one domain', () => {
    const checked = check((stack) => certificates(stack, ['v1.service.example.com', 'v2.service.example.com', 'pr-42.service.example.com', 'www.example.com']));
    const [finding, ...others] = findingsOf(checked, ID);
    expect(others).toEqual([]);
    expect(finding.path).toBe('Web/Certificate0');
    expect(finding.message).toContain('3 ACM certificates name test environments under service.example.com (v1.service.example.com, v2.service.example.com, pr-42.service.example.com');
    expect(finding.message).toContain('one wildcard certificate, *.service.example.com');
  });

  test('follows testEnvironmentCertificateThreshold', () => {
    const checked = check((stack) => certificates(stack, ['dev.service.example.com', 'staging.service.example.com']), { testEnvironmentCertificateThreshold: 2 });
    expect(findingsOf(checked, ID)).toHaveLength(1);
  });
});

describe('cdk-pki:AcmTransparencyLoggingOptOut', () => {
  const ID = PkiRule.ACM_TRANSPARENCY_LOGGING_OPT_OUT.id;
  const certificate = (stack: Stack, transparencyLoggingEnabled?: boolean) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    new acm.Certificate(stack, 'Certificate', {
      domainName: 'secret.example.com', validation: acm.CertificateValidation.fromDns(zone), transparencyLoggingEnabled,
    });
  };

  test('passes with logging on (the default)', () => {
    expect(findingsOf(check((stack) => certificate(stack)), ID)).toEqual([]);
  });

  test('warns about an opt-out that was not asked for', () => {
    const [finding] = findingsOf(check((stack) => certificate(stack, false)), ID);
    expect(finding.message).toContain('ACM certificate \'Web/Certificate\' (secret.example.com) opts out of certificate transparency logging for secret.example.com; '
      + 'browsers distrust public certificates that are not in the certificate transparency logs');
  });

  test('passes for an opt-out of a listed domain', () => {
    expect(findingsOf(check((stack) => certificate(stack, false), { transparencyLoggingOptOutDomains: ['example.com'] }), ID)).toEqual([]);
  });
});
