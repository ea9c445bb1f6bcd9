// Checklist item 11 (rules/cloudfront-region.ts): CloudFront certificates are in us-east-1.
import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PkiFindingLevel, PkiRule } from '../../../src/checklist/pki-checks';
import { WEB_EU_WEST_1, annotationsOf, checkWebStack, findingsOf } from '../../support/checklist';

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
    const checked = checkWebStack((stack) => {
      const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
      const certificate = new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns(zone) });
      distribution(stack, certificate.certificateArn);
    });
    expect(findingsOf(checked, ID)).toEqual([]);
  });

  test('errors for a certificate of a eu-west-1 stack', () => {
    const checked = checkWebStack((stack) => {
      const certificate = new acm.Certificate(stack, 'Certificate', { domainName: 'www.example.com', validation: acm.CertificateValidation.fromDns() });
      distribution(stack, certificate.certificateArn);
    }, { externallyValidatedDomains: ['example.com'] }, WEB_EU_WEST_1);
    const [finding] = findingsOf(checked, ID);
    expect(finding).toMatchObject({ level: PkiFindingLevel.ERROR, path: 'Web/Distribution' });
    expect(finding.message).toContain('CloudFront distribution \'Web/Distribution\' uses ACM certificate \'Web/Certificate\' (www.example.com) from eu-west-1');
    expect(annotationsOf(checked, ID)).toEqual([expect.objectContaining({ level: 'error', path: 'Web/Distribution' })]);
  });

  test('errors for a certificate ARN of another Region, and passes for one of us-east-1', () => {
    const arn = (region: string) => `arn:aws:acm:${region}:444444444444:certificate/11111111-2222-3333-4444-555555555555`;
    expect(findingsOf(checkWebStack((stack) => distribution(stack, arn('us-east-1'))), ID)).toEqual([]);
    const [finding] = findingsOf(checkWebStack((stack) => distribution(stack, arn('eu-central-1'))), ID);
    expect(finding.message).toContain(`uses certificate ${arn('eu-central-1')} from eu-central-1; CloudFront takes ACM certificates from us-east-1 only`);
  });
});
