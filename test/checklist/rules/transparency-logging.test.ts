// Checklist item 13 (rules/transparency-logging.ts): transparency logging is opted out only where asked.
import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { PkiRule } from '../../../src/checklist/pki-checks';
import { checkWebStack, findingsOf } from '../../support/checklist';

describe('cdk-pki:AcmTransparencyLoggingOptOut', () => {
  const ID = PkiRule.ACM_TRANSPARENCY_LOGGING_OPT_OUT.id;
  const certificate = (stack: Stack, transparencyLoggingEnabled?: boolean) => {
    const zone = new route53.PublicHostedZone(stack, 'Zone', { zoneName: 'example.com' });
    new acm.Certificate(stack, 'Certificate', {
      domainName: 'secret.example.com', validation: acm.CertificateValidation.fromDns(zone), transparencyLoggingEnabled,
    });
  };

  test('passes with logging on (the default)', () => {
    expect(findingsOf(checkWebStack((stack) => certificate(stack)), ID)).toEqual([]);
  });

  test('warns about an opt-out that was not asked for', () => {
    const [finding] = findingsOf(checkWebStack((stack) => certificate(stack, false)), ID);
    expect(finding.message).toContain('ACM certificate \'Web/Certificate\' (secret.example.com) opts out of certificate transparency logging for secret.example.com; '
      + 'browsers distrust public certificates that are not in the certificate transparency logs');
  });

  test('passes for an opt-out of a listed domain', () => {
    expect(findingsOf(checkWebStack((stack) => certificate(stack, false), { transparencyLoggingOptOutDomains: ['example.com'] }), ID)).toEqual([]);
  });
});
