import { App, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { createSources } from '../../lambda/cert-renewal/sources';
import { CertificateTemplate, IssuingCa, RootCaAccount } from '../../src';
import { KNOWN_RENEWAL_SOURCES } from '../../src/private/contracts/renewal';
import type { RenewalConfiguration } from '../../src/private/contracts/renewal';
import { ImportedCertRenewal, ImportedCertRenewalProps } from '../../src/renewal/imported-cert-renewal';
import { PrivateCaRenewalSource, RenewalSource } from '../../src/renewal/renewal-source';
import { RenewalStatus, RenewalTag } from '../../src/renewal/renewal-tag';
import { ResolvedStack } from '../support/iam-sim';
import { nagFindings } from '../support/nag';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/11111111-1111-4111-8111-111111111111';
const REMOTE_CA_ARN = 'arn:aws:acm-pca:us-east-1:444444444444:certificate-authority/22222222-2222-4222-8222-222222222222';
const ROLE_ARN = 'arn:aws:iam::444444444444:role/pki/cdk-pki-renewal-issuer';

function build(props: Partial<ImportedCertRenewalProps> = {}, sourceOptions: Partial<Parameters<typeof RenewalSource.privateCa>[0]> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: ENV });
  const renewal = new ImportedCertRenewal(stack, 'Renewal', {
    sources: [RenewalSource.privateCa({
      certificateAuthorities: [
        IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN),
        acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, 'RemoteCa', REMOTE_CA_ARN),
      ],
      roleArns: [ROLE_ARN],
      ...sourceOptions,
    })],
    ...props,
  });
  return { app, stack, renewal };
}

/** The function's configuration, as the handler reads it at deployment. */
function configurationOf(stack: Stack): RenewalConfiguration {
  const resolved = ResolvedStack.of(stack);
  const [id] = resolved.logicalIds('AWS::Lambda::Function')
    .filter((f) => JSON.stringify(resolved.resource(f).Properties?.Environment ?? {}).includes('CDK_PKI_RENEWAL_CONFIGURATION'));
  const env = resolved.resolve(resolved.resource(id).Properties!.Environment) as { Variables: Record<string, string> };
  return JSON.parse(env.Variables.CDK_PKI_RENEWAL_CONFIGURATION);
}

let shared: ReturnType<typeof build>;
let template: Template;

beforeAll(() => {
  shared = build();
  template = Template.fromStack(shared.stack);
});

describe('what it builds', () => {
  test('one function on the library\'s runtime, with 15 minutes, 512 MB and its own log group', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 900,
      MemorySize: 512,
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
  });

  test('hands the handler its configuration: days, interval, lease, topic, rule and the source\'s CAs, templates and roles', () => {
    const configuration = configurationOf(shared.stack);
    expect(configuration).toEqual({
      partition: 'aws',
      renewBeforeDays: 30,
      minimumIntervalSeconds: 86_400,
      leaseSeconds: 960,
      configRuleName: expect.any(String),
      failureTopicArn: expect.stringMatching(/^arn:aws:sns:eu-west-1:123456789012:/),
      sources: {
        'private-ca': {
          certificateAuthorityArns: [CA_ARN, REMOTE_CA_ARN],
          templateArns: [
            'arn:aws:acm-pca:::template/EndEntityCertificate/V1',
            'arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1',
            'arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1',
          ],
          roleArns: [ROLE_ARN],
        },
      },
    });
  });

  test('the ACM_CERTIFICATE_EXPIRATION_CHECK rule, evaluated daily, with daysToExpiration = renewBefore', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK' },
      InputParameters: { daysToExpiration: 30 },
      Scope: { ComplianceResourceTypes: ['AWS::ACM::Certificate'] },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
    });
  });

  test('three triggers: ACM\'s Approaching Expiration event, the rule turning NON_COMPLIANT, and a daily sweep', () => {
    const functionArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^RenewalHandlerFunction'), 'Arn'] };
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['aws.acm'], 'detail-type': ['ACM Certificate Approaching Expiration'] },
      Targets: [Match.objectLike({ Arn: functionArn })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        'detail': {
          messageType: ['ComplianceChangeNotification'],
          configRuleName: [{ Ref: Match.stringLikeRegexp('^RenewalExpirationCheck') }],
          resourceType: ['AWS::ACM::Certificate'],
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      Targets: [Match.objectLike({ Arn: functionArn })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: functionArn, Input: '{"action":"sweep"}' })],
    });
    template.resourceCountIs('AWS::Lambda::Permission', 3);
    template.allResourcesProperties('AWS::Lambda::Permission', { Principal: 'events.amazonaws.com' });
  });

  test('a failure topic that is encrypted and SSL only', () => {
    const [topic] = Object.values(template.findResources('AWS::SNS::Topic'));
    expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toMatch(/:alias\/aws\/sns"\]\]\}$/);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the role may issue only from the named CAs with the named templates, and write only the state tags of opted-in certificates', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>));
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: 'acm-pca:IssueCertificate',
        Resource: [CA_ARN, REMOTE_CA_ARN],
        Condition: { StringEquals: { 'acm-pca:TemplateArn': expect.any(Array) } },
      }),
      expect.objectContaining({ Action: 'sts:AssumeRole', Resource: ROLE_ARN }),
      expect.objectContaining({
        Sid: 'WriteRenewalStateTags',
        Action: ['acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
        Condition: {
          'Null': { 'aws:ResourceTag/cdk-pki:renewal-source': 'false' },
          'ForAllValues:StringEquals': {
            'aws:TagKeys': ['cdk-pki:renewal-status', 'cdk-pki:renewal-reason', 'cdk-pki:renewal-updated-at', 'cdk-pki:renewal-lease'],
          },
        },
      }),
      expect.objectContaining({ Sid: 'ReimportOptedInCertificates', Condition: { Null: { 'aws:ResourceTag/cdk-pki:renewal-source': 'false' } } }),
      expect.objectContaining({
        Sid: 'PutRenewalEvents',
        Condition: { 'ForAllValues:StringEquals': { 'events:source': ['cdk-pki.renewal'] }, 'Null': { 'events:source': 'false' } },
      }),
    ]));
    expect(JSON.stringify(statements)).not.toMatch(/acm:\*|acm-pca:\*|"Action":"\*"/);
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });

  test('the tag schema and states are what the handler uses', () => {
    expect([RenewalTag.SOURCE, RenewalTag.CA_ARN, RenewalTag.TEMPLATE_ARN, RenewalTag.VALIDITY_DAYS, RenewalTag.SIGNING_ALGORITHM,
      RenewalTag.ROLE_ARN, RenewalTag.KEY_ALGORITHM, RenewalTag.STATUS, RenewalTag.REASON, RenewalTag.UPDATED_AT, RenewalTag.LEASE]).toEqual([
      'cdk-pki:renewal-source', 'cdk-pki:ca-arn', 'cdk-pki:template-arn', 'cdk-pki:validity-days', 'cdk-pki:signing-algorithm',
      'cdk-pki:role-arn', 'cdk-pki:key-algorithm', 'cdk-pki:renewal-status', 'cdk-pki:renewal-reason', 'cdk-pki:renewal-updated-at',
      'cdk-pki:renewal-lease',
    ]);
    expect([RenewalStatus.PENDING, RenewalStatus.IN_PROGRESS, RenewalStatus.COMPLETE, RenewalStatus.FAILED].map(String))
      .toEqual(['pending renewal', 'renewal in progress', 'renewal complete', 'renewal failed']);
    // ACM's tag characters and lengths.
    for (const value of [RenewalTag.SOURCE, RenewalTag.STATUS, RenewalStatus.IN_PROGRESS.value, PrivateCaRenewalSource.SOURCE_NAME]) {
      expect(value).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,127}$/u);
    }
    expect([...createSources().keys()]).toEqual([...KNOWN_RENEWAL_SOURCES]);
  });
});

describe('options', () => {
  test('renewBefore sets the rule\'s days and the handler\'s; the sweep can run on another schedule', () => {
    const { stack } = build({
      renewBefore: Duration.days(21), minimumRenewalInterval: Duration.hours(6), sweepSchedule: events.Schedule.rate(Duration.hours(12)),
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { daysToExpiration: 21 } });
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(12 hours)' });
    expect(configurationOf(stack)).toMatchObject({ renewBeforeDays: 21, minimumIntervalSeconds: 21_600 });
  });

  test('configRule: false creates no rule and no Config trigger', () => {
    const { stack, renewal } = build({ configRule: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConfigRule', 0);
    t.resourceCountIs('AWS::Events::Rule', 2);
    expect(renewal.configRule).toBeUndefined();
    expect(configurationOf(stack).configRuleName).toBeUndefined();
  });

  test('an existing rule and topic are used instead of new ones', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    const rule = config.ManagedRule.fromConfigRuleName(stack, 'Rule', 'acm-certificate-expiration-check');
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:123456789012:pki-alerts');
    new ImportedCertRenewal(stack, 'Renewal', {
      sources: [RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN)] })],
      existingConfigRule: rule,
      failureTopic: topic,
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Config::ConfigRule', 0);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { detail: { configRuleName: ['acm-certificate-expiration-check'] } } });
    expect(configurationOf(stack)).toMatchObject({ configRuleName: 'acm-certificate-expiration-check', failureTopicArn: topic.topicArn });
  });

  test('templates given are the only ones the role may issue with, and the first is the default', () => {
    const { stack } = build({}, { templates: [CertificateTemplate.END_ENTITY_SERVER_AUTH] });
    expect(configurationOf(stack).sources['private-ca'].templateArns).toEqual(['arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1']);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'acm-pca:IssueCertificate',
          Condition: { StringEquals: { 'acm-pca:TemplateArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/EndEntityServerAuthCertificate/V1']] }] } },
        })]),
      },
    });
  });

  test('a CA of this library in the same stack is accepted (its ARN is a token until deployment)', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: ENV });
    const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
    const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Corp Issuing CA' } });
    new ImportedCertRenewal(stack, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: [issuing] })] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'acm-pca:IssueCertificate', Resource: Match.anyValue() })]) },
    });
  });

  test('warns when the minimum interval is not shorter than renewBefore', () => {
    const { stack } = build({ renewBefore: Duration.days(2), minimumRenewalInterval: Duration.days(3) });
    Annotations.fromStack(stack).hasWarning('/Workload/Renewal', Match.stringLikeRegexp('minimumRenewalInterval \\(3 days\\) is not shorter than renewBefore'));
  });

  test('onStatusChange and onRenewalFailed match the handler\'s events; the metrics are the handler\'s', () => {
    const { stack, renewal } = build();
    renewal.onStatusChange('Changes');
    renewal.onRenewalFailed('Failures');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['cdk-pki.renewal'], 'detail-type': ['Imported Certificate Renewal Status Change'], 'detail': Match.absent() },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['cdk-pki.renewal'], 'detail-type': ['Imported Certificate Renewal Status Change'], 'detail': { status: ['renewal failed'] } },
    });
    const failures = renewal.metricRenewalFailures();
    expect(failures).toMatchObject({ namespace: 'cdk-pki', metricName: 'CertificateRenewalsFailed', statistic: 'Sum' });
    expect(stack.resolve(failures.dimensions)).toEqual({ FunctionName: { Ref: expect.stringMatching(/^RenewalHandlerFunction/) } });
    expect(renewal.metricCertificatesRenewed({ period: Duration.hours(1) })).toMatchObject({ metricName: 'CertificatesRenewed', period: Duration.hours(1) });
  });
});

describe('validation', () => {
  const path = "ImportedCertRenewal 'Workload/Renewal'";

  test.each([
    ['not whole days', Duration.hours(36), /renewBefore 1 day 12 hours is not allowed: the Config rule counts whole days; use Duration.days\(n\) with n a whole number from 1 to 365/],
    ['zero', Duration.days(0), /renewBefore 0 days is not allowed: .* from 1 to 365/],
    ['over a year', Duration.days(400), /renewBefore 400 days is not allowed/],
    ['a token in hours', Duration.hours(Lazy.number({ produce: () => 48 })), /renewBefore is a token in hours, which cannot be read as days; use Duration.days/],
  ])('throws when renewBefore is %s', (_name, renewBefore, message) => {
    expect(() => build({ renewBefore })).toThrow(message);
  });

  test('does not throw when renewBefore is a token', () => {
    const { stack } = build({ renewBefore: Duration.days(Lazy.number({ produce: () => 20 })) });
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { daysToExpiration: 20 } });
  });

  test('throws when minimumRenewalInterval is a token in days; does not throw when it is a token in seconds', () => {
    expect(() => build({ minimumRenewalInterval: Duration.days(Lazy.number({ produce: () => 1 })) })).toThrow(/give it as Duration.seconds\(token\)/);
    const { stack } = build({ minimumRenewalInterval: Duration.seconds(Lazy.number({ produce: () => 3600 })) });
    expect(configurationOf(stack).minimumIntervalSeconds).toBe(3600);
  });

  test('throws when minimumRenewalInterval is not a whole number of seconds; does not throw for whole seconds in millis', () => {
    expect(() => build({ minimumRenewalInterval: Duration.millis(1500) }))
      .toThrow(`${path}: minimumRenewalInterval is 1 second 500 millis, not a whole number of seconds; use Duration.seconds(n) or a larger unit`);
    const { stack } = build({ minimumRenewalInterval: Duration.millis(7_200_000) });
    expect(configurationOf(stack).minimumIntervalSeconds).toBe(7200);
  });

  test('throws when there is no source', () => {
    expect(() => build({ sources: [] })).toThrow(`${path}: sources is empty; add RenewalSource.privateCa`);
  });

  test('throws when two sources are of the same kind', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    const source = () => RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, `Ca${Math.random()}`, CA_ARN)] });
    expect(() => new ImportedCertRenewal(stack, 'Renewal', { sources: [source(), source()] }))
      .toThrow(/sources has 2 'private-ca' sources; give one with all its CAs, templates and roles/);
  });

  test('throws when a source has a name the handler does not know', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    expect(() => new ImportedCertRenewal(stack, 'Renewal', { sources: [{ bind: () => ({ sourceName: 'acme', settings: {} }) }] }))
      .toThrow(/source 'acme' has no module in the renewal handler \(it knows private-ca\)/);
  });

  test('throws, listing every problem, when the Private CA source has no CA, CA templates and a malformed role', () => {
    expect(() => build({}, {
      certificateAuthorities: [],
      templates: [CertificateTemplate.subordinateCa(0)],
      roleArns: ['renewal-role'],
    })).toThrow(new RegExp(`${path} has 3 problems:\\n`
      + '  - RenewalSource.privateCa has no certificateAuthorities.*\\n'
      + '  - RenewalSource.privateCa templates include CA templates \\(SubordinateCACertificate_PathLen0/V1\\).*\\n'
      + "  - role 'renewal-role' is not an IAM role ARN"));
  });

  test('throws when a CA ARN is malformed; does not throw when it is a token', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    const make = (id: string, arn: string) => new ImportedCertRenewal(stack, id, {
      sources: [RenewalSource.privateCa({ certificateAuthorities: [acmpca.CertificateAuthority.fromCertificateAuthorityArn(stack, `${id}Ca`, arn)] })],
    });
    expect(() => make('Bad', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'))
      .toThrow(/certificate authority 'arn:aws:acm:eu-west-1:123456789012:certificate\/abc' is not an AWS Private CA ARN/);
    expect(() => make('Token', Token.asString(Lazy.string({ produce: () => CA_ARN })))).not.toThrow();
  });

  test('throws when the sources would not fit in the function\'s environment', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    const cas = Array.from({ length: 40 }, (_, i) => IssuingCa.fromCertificateAuthorityArn(stack, `Ca${i}`,
      `arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`));
    expect(() => new ImportedCertRenewal(stack, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: cas })] }))
      .toThrow(/the sources name too many CAs, templates and roles for the function's environment/);
  });

  test('does not throw when a role ARN is a token', () => {
    expect(() => build({}, { roleArns: [Lazy.string({ produce: () => ROLE_ARN })] })).not.toThrow();
  });

  test('throws when configRule is false and an existing rule is given', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: ENV });
    expect(() => new ImportedCertRenewal(stack, 'Renewal', {
      sources: [RenewalSource.privateCa({ certificateAuthorities: [IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', CA_ARN)] })],
      configRule: false,
      existingConfigRule: config.ManagedRule.fromConfigRuleName(stack, 'Rule', 'r'),
    })).toThrow(/configRule is false but existingConfigRule is given/);
  });
});

test('cdk-nag (AwsSolutions) finds nothing unacknowledged', () => {
  const findings = nagFindings(shared.app);
  expect(findings).toEqual([]);
});

describe('a CA of the app that may be replaced by a new generation', () => {
  const app = new App();
  const pki = new Stack(app, 'Pki', { env: ENV });
  const root = new RootCaAccount(pki, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  const issuing = new IssuingCa(pki, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, generation: 2 });
  new ImportedCertRenewal(pki, 'Renewal', { sources: [RenewalSource.privateCa({ certificateAuthorities: [issuing] })] });
  const resolved = ResolvedStack.of(pki);

  test('is named as the successor of its earlier generations (hierarchy, name, ARN) in the handler\'s configuration', () => {
    const settings = configurationOf(pki).sources['private-ca'];
    expect(settings.successors).toEqual([`corp/issuing/${settings.certificateAuthorityArns[0]}`]);
  });

  test('the function may read the tags of the CAs of that hierarchy in the CA\'s account and Region, nothing more', () => {
    const [id] = resolved.logicalIds('AWS::Lambda::Function')
      .filter((f) => JSON.stringify(resolved.resource(f).Properties).includes('CDK_PKI_RENEWAL_CONFIGURATION'));
    const role = (resolved.resource(id).Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const statements = resolved.identityPolicies(role).flatMap((p) => p.policy.Statement as Array<Record<string, unknown>>);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('acm-pca:ListTags'))).toEqual([{
      Effect: 'Allow',
      Action: 'acm-pca:ListTags',
      Resource: 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/*',
      Condition: { StringEquals: { 'aws:ResourceTag/cdk-pki:hierarchy': ['corp'] } },
    }]);
  });

  test('a source of imported or shared CAs only has no successors and reads no CA tags', () => {
    expect(configurationOf(shared.stack).sources['private-ca'].successors).toBeUndefined();
    expect(JSON.stringify(template.toJSON())).not.toContain('acm-pca:ListTags');
  });
});
