import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CertificateTemplate, IssuingCa } from '../../src';
import { ExpiryAlarms } from '../../src/expiry/expiry-alarms';
import { ImportedCertRenewal } from '../../src/renewal/imported-cert-renewal';
import { RenewalSource } from '../../src/renewal/renewal-source';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission } from '../../src/sharing/share-permission';
import { ResolvedStack } from '../support/iam-sim';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const LOCAL_CA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-1111-4111-8111-111111111111';
const SHARED_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/33333333-3333-4333-8333-333333333333';
const OTHER_SHARED_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/44444444-4444-4444-8444-444444444444';
const PATH = "ImportedCertRenewal 'Workload/Renewal'";
const templateArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:acm-pca:::template/${name}`]] });

function workload() {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  return { app, stack };
}

function templateArnsOf(stack: Stack): string[] {
  const resolved = ResolvedStack.of(stack);
  const [id] = resolved.logicalIds('AWS::Lambda::Function');
  const env = resolved.resolve(resolved.resource(id).Properties!.Environment) as { Variables: Record<string, string> };
  return JSON.parse(env.Variables.CDK_PKI_RENEWAL_CONFIGURATION).sources['private-ca'].templateArns;
}

describe('a SharedCa as a renewal source: templates are checked against the share\'s permission', () => {
  test('by default the renewal issues only with the templates the share allows, not server and client auth', () => {
    const { stack } = workload();
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: SHARED_CA_ARN, permission: SharePermission.DEFAULT });
    new ImportedCertRenewal(stack, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: [shared] })] });
    expect(templateArnsOf(stack)).toEqual(['arn:aws:acm-pca:::template/EndEntityCertificate/V1']);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'acm-pca:IssueCertificate',
          Resource: SHARED_CA_ARN,
          Condition: { StringEquals: { 'acm-pca:TemplateArn': [templateArn('EndEntityCertificate/V1')] } },
        })]),
      },
    });
  });

  test('the default follows the share: a CSR-passthrough share renews with its passthrough template', () => {
    const { stack } = workload();
    const shared = SharedCa.fromShare(stack, 'Shared', {
      certificateAuthorityArn: SHARED_CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    new ImportedCertRenewal(stack, 'Renewal', {
      sources: [RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Local', LOCAL_CA_ARN), shared] })],
    });
    expect(templateArnsOf(stack)).toEqual(['arn:aws:acm-pca:::template/BlankEndEntityCertificate_APICSRPassthrough/V1']);
  });

  test('throws when a template named is one the share does not allow, naming the CA, the template, the permission and the fix', () => {
    const { stack } = workload();
    const shared = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: SHARED_CA_ARN });
    expect(() => new ImportedCertRenewal(stack, 'Renewal', {
      sources: [RenewalSource.privateCa({
        certificateAuthorities: [shared],
        templates: [CertificateTemplate.END_ENTITY, CertificateTemplate.END_ENTITY_SERVER_AUTH],
      })],
    })).toThrow(`${PATH}: RenewalSource.privateCa (CA SharedCa 'Workload/Shared') requests certificate template EndEntityServerAuthCertificate/V1, `
      + 'which share permission AWSRAMDefaultPermissionCertificateAuthority does not allow (it allows only EndEntityCertificate/V1); no RAM managed permission '
      + 'allows it: grant it with a CaResourcePolicy and SharePermission.issuance([...]), or request a template this permission allows; '
      + 'every template is granted on every CA of the source, so for this CA the templates may name only EndEntityCertificate/V1');
  });

  test('throws when the share allows no issuance, or the shares allow no template in common', () => {
    const revoke = workload();
    const revokeOnly = SharedCa.fromShare(revoke.stack, 'Shared', { certificateAuthorityArn: SHARED_CA_ARN, permission: SharePermission.REVOKE_CERTIFICATE });
    expect(() => new ImportedCertRenewal(revoke.stack, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: [revokeOnly] })] }))
      .toThrow(`${PATH}: RenewalSource.privateCa has no template that every shared CA allows (SharedCa 'Workload/Shared' allows no issuance `
        + '(AWSRAMRevokeCertificateCertificateAuthority)); share each CA with an issuance permission such as AWSRAMDefaultPermissionCertificateAuthority '
        + '(the same one for every CA of the source');

    const two = workload();
    const a = SharedCa.fromShare(two.stack, 'A', { certificateAuthorityArn: SHARED_CA_ARN });
    const b = SharedCa.fromShare(two.stack, 'B', {
      certificateAuthorityArn: OTHER_SHARED_CA_ARN, permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
    });
    expect(() => new ImportedCertRenewal(two.stack, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: [a, b] })] }))
      .toThrow(/RenewalSource.privateCa has no template that every shared CA allows \(SharedCa 'Workload\/A' allows EndEntityCertificate\/V1, SharedCa 'Workload\/B' allows BlankEndEntityCertificate_APICSRPassthrough\/V1\)/);
  });

  test('CAs that are not SharedCas keep the three end-entity templates', () => {
    const { stack } = workload();
    new ImportedCertRenewal(stack, 'Renewal', {
      sources: [RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Local', LOCAL_CA_ARN)] })],
    });
    expect(templateArnsOf(stack)).toHaveLength(3);
  });
});

describe('two ACM_CERTIFICATE_EXPIRATION_CHECK rules in one account and Region', () => {
  const renewalSource = (stack: Stack) => RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', LOCAL_CA_ARN)] });

  test('warns when ExpiryAlarms and ImportedCertRenewal each make one in the same stack, with the fix', () => {
    const { stack } = workload();
    new ExpiryAlarms(stack, 'Expiry');
    new ImportedCertRenewal(stack, 'Renewal', { sources: [renewalSource(stack)] });
    Annotations.fromStack(stack).hasWarning('/Workload/Renewal', Match.stringLikeRegexp(
      "^ImportedCertRenewal 'Workload/Renewal' creates an ACM_CERTIFICATE_EXPIRATION_CHECK Config rule, and account 123456789012 in eu-west-1 already "
      + "has one: 'Workload/Expiry/ConfigRule'.*pass existingConfigRule: expiryAlarms.configRule .*\\[ack: cdk-pki:duplicateExpirationRule\\]"));
  });

  test('warns across stacks of one account and Region, whichever is made first', () => {
    const app = new App();
    const renewalStack = new Stack(app, 'Renewals', { env: ENV });
    new ImportedCertRenewal(renewalStack, 'Renewal', { sources: [renewalSource(renewalStack)], renewBefore: Duration.days(20) });
    const alarmsStack = new Stack(app, 'Alarms', { env: ENV });
    new ExpiryAlarms(alarmsStack, 'Expiry');
    Annotations.fromStack(renewalStack).hasWarning('/Renewals/Renewal', Match.stringLikeRegexp(
      "already has one: 'Alarms/Expiry/ConfigRule' .*its daysToExpiration \\(\\d+\\) is more than renewBefore \\(20\\)"));
  });

  test('no warning when the renewal triggers on ExpiryAlarms\' rule, or the other rule is in another account or Region', () => {
    const { stack } = workload();
    const alarms = new ExpiryAlarms(stack, 'Expiry');
    new ImportedCertRenewal(stack, 'Renewal', { sources: [renewalSource(stack)], existingConfigRule: alarms.configRule });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('ACM_CERTIFICATE_EXPIRATION_CHECK Config rule'));

    const app = new App();
    const renewals = new Stack(app, 'Renewals', { env: ENV });
    new ImportedCertRenewal(renewals, 'Renewal', { sources: [renewalSource(renewals)] });
    new ExpiryAlarms(new Stack(app, 'OtherRegion', { env: { ...ENV, region: 'us-east-1' } }), 'Expiry');
    new ExpiryAlarms(new Stack(app, 'OtherAccount', { env: { ...ENV, account: '210987654321' } }), 'Expiry');
    Annotations.fromStack(renewals).hasNoWarning('*', Match.stringLikeRegexp('ACM_CERTIFICATE_EXPIRATION_CHECK Config rule'));
  });
});
