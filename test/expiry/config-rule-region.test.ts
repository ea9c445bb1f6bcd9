/**
 * AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in every Region (issue 16, item 5): ExpiryAlarms and
 * ImportedCertRenewal leave it out there with a warning, fail when it is asked for explicitly, and CertificateExpiryRule
 * refuses such a Region.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CertificateExpiryRule, ExpiryAlarms, ImportedCertRenewal, IssuingCa, RenewalSource } from '../../src';
import { CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS } from '../../src/private/contracts/aws-strings';

const stackIn = (region: string) => new Stack(new App(), 'Workload', { env: { account: '111111111111', region } });

describe('the ACM expiration Config rule by Region', () => {
  test('the Region table holds the Regions the issue names (Osaka, Melbourne, Milan, Tel Aviv, Calgary, Spain, Zurich, Beijing)', () => {
    expect(CONFIG_ACM_EXPIRATION_UNAVAILABLE_REGIONS).toEqual(expect.arrayContaining([
      'ap-northeast-3', 'ap-southeast-4', 'eu-south-1', 'il-central-1', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'cn-north-1',
    ]));
  });

  test('ExpiryAlarms in Zurich leaves the rule out with a warning, and keeps the ACM events', () => {
    const stack = stackIn('eu-central-2');
    const alarms = new ExpiryAlarms(stack, 'Expiry');
    expect(alarms.configRule).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.acm'] }) });
    Annotations.fromStack(stack).hasWarning('/Workload/Expiry', Match.stringLikeRegexp('AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in eu-central-2'));
  });

  test('ExpiryAlarms in Frankfurt keeps the rule, without a warning', () => {
    const stack = stackIn('eu-central-1');
    new ExpiryAlarms(stack, 'Expiry');
    Template.fromStack(stack).resourceCountIs('AWS::Config::ConfigRule', 1);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('AWS Config does not offer'));
  });

  test('configRule: true where the rule is not offered fails synthesis; configRule: false says nothing', () => {
    expect(() => new ExpiryAlarms(stackIn('ap-northeast-3'), 'Expiry', { configRule: true }))
      .toThrow(/configRule is true, but AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in ap-northeast-3; leave configRule out/);
    const stack = stackIn('ap-northeast-3');
    new ExpiryAlarms(stack, 'Expiry', { configRule: false });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('AWS Config does not offer'));
  });

  test('CertificateExpiryRule refuses a Region without the rule', () => {
    expect(() => new CertificateExpiryRule(stackIn('il-central-1'), 'Rule'))
      .toThrow(/AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in il-central-1/);
  });

  test('ImportedCertRenewal leaves its rule out with a warning, and refuses configRule: true', () => {
    const CA_ARN = 'arn:aws:acm-pca:eu-south-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
    const sources = (stack: Stack) => [RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN)] })];
    const stack = stackIn('eu-south-1');
    new ImportedCertRenewal(stack, 'Renewal', { sources: sources(stack) });
    Template.fromStack(stack).resourceCountIs('AWS::Config::ConfigRule', 0);
    Annotations.fromStack(stack).hasWarning('/Workload/Renewal', Match.stringLikeRegexp('ImportedCertRenewal leaves the Config rule out here'));
    const other = stackIn('eu-south-1');
    expect(() => new ImportedCertRenewal(other, 'Renewal', { sources: sources(other), configRule: true }))
      .toThrow(/AWS Config does not offer ACM_CERTIFICATE_EXPIRATION_CHECK in eu-south-1/);
  });
});
