// Checklist item 12 (rules/wildcard-for-test-environments.ts): many test environments share a wildcard certificate.
import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { checkWebStack, findingsOf } from '../../support/checklist';

describe('cdk-pki:AcmWildcardForTestEnvironments', () => {
  const ID = PkiRule.ACM_WILDCARD_FOR_TEST_ENVIRONMENTS.id;
  const certificates = (stack: Stack, names: string[]) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    names.forEach((name, i) => new acm.Certificate(stack, `Certificate${i}`, { domainName: name, validation: acm.CertificateValidation.fromDns(zone) }));
  };

  test('passes for production names, and for two test environments', () => {
    expect(findingsOf(checkWebStack((stack) => certificates(stack, ['www.service.example.com', 'api.service.example.com', 'admin.service.example.com'])), ID)).toEqual([]);
    expect(findingsOf(checkWebStack((stack) => certificates(stack, ['dev.service.example.com', 'qa.service.example.com'])), ID)).toEqual([]);
  });

  test('warns about three certificates for test environments under one domain', () => {
    const checked = checkWebStack((stack) => certificates(stack, ['v1.service.example.com', 'v2.service.example.com', 'pr-42.service.example.com', 'www.example.com']));
    const [finding, ...others] = findingsOf(checked, ID);
    expect(others).toEqual([]);
    expect(finding.path).toBe('Web/Certificate0');
    expect(finding.message).toContain('3 ACM certificates name test environments under service.example.com (v1.service.example.com, v2.service.example.com, pr-42.service.example.com');
    expect(finding.message).toContain('one wildcard certificate, *.service.example.com');
  });

  test('follows testEnvironmentCertificateThreshold', () => {
    const checked = checkWebStack((stack) => certificates(stack, ['dev.service.example.com', 'staging.service.example.com']), { testEnvironmentCertificateThreshold: 2 });
    expect(findingsOf(checked, ID)).toHaveLength(1);
  });
});
