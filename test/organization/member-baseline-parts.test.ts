/**
 * PkiMemberBaseline's optional parts of the member template: the CA-expiry read role (made in one Region per account,
 * over every CA of the account), the shared CAs each account finds by hierarchy and name (the same name everywhere, or
 * one per Region through a mapping) with their ARN in Parameter Store, and the renewal of imported certificates from
 * them on the expiry alarms' Config rule; their handlers published in every Region; cfn-lint, cdk-nag; validation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ACCOUNT, Built, build, ENV, ORG, OU, REGIONS, removeBuilds, resourcesOf } from './baseline-fixture';
import { MemberSharedCaOptions, PkiMemberBaseline, PkiMemberBaselineProps } from '../../src';
import { cfnLint, cfnLintForTests, LINT_TIMEOUT_MS } from '../support/cfn-lint';
import { nagFindings } from '../support/nag';

afterAll(removeBuilds);

const MONITOR = '222222222222';
const OWNER = '333333333333';
const SAME_NAME: MemberSharedCaOptions = { account: OWNER, hierarchyName: 'corp', caName: 'issuing' };
const PER_REGION: MemberSharedCaOptions = {
  account: OWNER, hierarchyName: 'corp', caNameByRegion: { 'us-east-1': 'issuing-use1', 'eu-west-1': 'issuing-euw1' }, parameterName: '/pki/regional-issuing',
};

const byType = (template: any, type: string) => resourcesOf(template, type).map(([, r]) => r);

describe('a baseline with every part', () => {
  let b: Built;
  let member: any;
  let stackSet: any;
  beforeAll(() => {
    b = build({
      caExpiryReadRole: { monitoringAccounts: [MONITOR], homeRegion: 'eu-west-1' },
      sharedCertificateAuthorities: [SAME_NAME, PER_REGION],
      importedCertRenewal: { renewBefore: Duration.days(21) },
    });
    member = b.template(b.memberFile);
    [[, stackSet]] = resourcesOf(b.template('PkiOrg.template.json'), 'AWS::CloudFormation::StackSet');
  });

  describe('the CA-expiry read role', () => {
    test('is made by the stack instance of the home Region only: IAM is global', () => {
      expect(member.Conditions).toEqual({ CaExpiryReadRoleHomeRegion: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } });
      const conditional = Object.values(member.Resources as Record<string, any>).filter((r) => r.Condition === 'CaExpiryReadRoleHomeRegion');
      expect(conditional.map((r) => r.Type).sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
    });

    test('is named, trusts the monitoring account\'s CA-expiry roles, and reads the certificates of every CA of its account', () => {
      const role = byType(member, 'AWS::IAM::Role').find((r) => r.Properties.RoleName === 'cdk-pki-ca-expiry-reader');
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({
        Action: 'sts:AssumeRole',
        Condition: { ArnLike: { 'aws:PrincipalArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${MONITOR}:role/cdk-pki-ca-expiry/*`]] }] } },
      })]);
      const policy = byType(member, 'AWS::IAM::Policy').find((p) => p.Condition === 'CaExpiryReadRoleHomeRegion');
      expect(policy.Properties.PolicyDocument.Statement).toEqual([{
        Action: 'acm-pca:GetCertificateAuthorityCertificate',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:*:', { Ref: 'AWS::AccountId' }, ':certificate-authority/*']] },
      }]);
    });

    test('the StackSet acknowledges the named IAM role', () => {
      expect(stackSet.Properties.Capabilities).toEqual(['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']);
    });
  });

  describe('the shared CAs', () => {
    const lookups = () => byType(member, 'Custom::PkiSharedCaLookup');

    test('each account looks the CA up in its own Region, by owner, hierarchy and name', () => {
      expect(lookups().map((l) => l.Properties)).toEqual([
        expect.objectContaining({ OwnerAccount: OWNER, Region: { Ref: 'AWS::Region' }, HierarchyName: 'corp', CaName: 'issuing' }),
        expect.objectContaining({ OwnerAccount: OWNER, Region: { Ref: 'AWS::Region' }, HierarchyName: 'corp', CaName: { 'Fn::FindInMap': [expect.any(String), { Ref: 'AWS::Region' }, 'CaName'] } }),
      ]);
    });

    test('a CA named per Region is read from a mapping of every Region of the baseline', () => {
      const mapping = lookups()[1].Properties.CaName['Fn::FindInMap'][0];
      expect(member.Mappings[mapping]).toEqual({ 'us-east-1': { CaName: 'issuing-use1' }, 'eu-west-1': { CaName: 'issuing-euw1' } });
    });

    test('each ARN is in a Parameter Store parameter of the account, under its default or given name', () => {
      const parameters = byType(member, 'AWS::SSM::Parameter');
      expect(parameters.map((p) => p.Properties.Name)).toEqual(['/cdk-pki/shared-ca/corp/issuing', '/pki/regional-issuing']);
      const lookupIds = resourcesOf(member, 'Custom::PkiSharedCaLookup').map(([id]) => id);
      expect(parameters.map((p) => p.Properties.Value)).toEqual(lookupIds.map((id) => ({ 'Fn::GetAtt': [id, 'CertificateAuthorityArn'] })));
      expect(parameters.every((p) => p.Properties.Type === 'String')).toBe(true);
    });

    test('the construct ids come from the parameter names: reordering the list replaces nothing', () => {
      const reordered = build({ sharedCertificateAuthorities: [PER_REGION, SAME_NAME] });
      const ids = (t: any) => resourcesOf(t, 'AWS::SSM::Parameter').map(([id]) => id).sort();
      expect(ids(reordered.template(reordered.memberFile))).toEqual(ids(member));
    });

    test('the baseline hands out the shared CAs and their parameters', () => {
      expect(b.baseline.sharedCertificateAuthorities).toHaveLength(2);
      expect(b.baseline.sharedCaParameters.map((p) => (p.node.defaultChild as ssm.CfnParameter).name)).toEqual(['/cdk-pki/shared-ca/corp/issuing', '/pki/regional-issuing']);
    });
  });

  describe('the renewal of imported certificates', () => {
    test('one Config rule serves the alarms and the renewal, at renewBefore', () => {
      const rules = resourcesOf(member, 'AWS::Config::ConfigRule');
      expect(rules).toHaveLength(1);
      const [[ruleId, rule]] = rules;
      expect(rule.Properties.InputParameters).toEqual({ daysToExpiration: 21 });
      const nonCompliant = byType(member, 'AWS::Events::Rule').filter((r) => JSON.stringify(r.Properties.EventPattern ?? {}).includes('NON_COMPLIANT'));
      expect(nonCompliant.length).toBeGreaterThanOrEqual(2);
      nonCompliant.forEach((r) => expect(JSON.stringify(r.Properties.EventPattern)).toContain(ruleId));
    });

    test('the renewal function may issue from the CAs the lookups found, and from no other', () => {
      const lookupIds = resourcesOf(member, 'Custom::PkiSharedCaLookup').map(([id]) => id);
      const issue = byType(member, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement)
        .filter((st: any) => [].concat(st.Action).includes('acm-pca:IssueCertificate' as never));
      expect(issue).toHaveLength(1);
      expect([].concat(issue[0].Resource).sort()).toEqual(lookupIds.map((id) => ({ 'Fn::GetAtt': [id, 'CertificateAuthorityArn'] })).sort());
    });
  });

  test('every handler of the member template is published in every Region, where the template reads it', () => {
    const keys = new Set(byType(member, 'AWS::Lambda::Function').map((f) => f.Properties.Code.S3Key));
    expect(keys.size).toBeGreaterThanOrEqual(3);
    for (const region of REGIONS) {
      const manifest = b.template(`PkiOrg-Assets-${region}.assets.json`);
      const published = Object.values(manifest.files as Record<string, any>).flatMap((f: any) => Object.values(f.destinations) as any[])
        .filter((d) => d.bucketName === `cdk-pki-baseline-${ACCOUNT}-${region}`).map((d) => d.objectKey);
      keys.forEach((key) => expect(published).toContain(key));
    }
  });

  test('the member template still names no account but the asset buckets\' and those given, and no Region but in the mapping and condition', () => {
    const text = JSON.stringify({ ...member, Mappings: undefined, Conditions: undefined }).split(`cdk-pki-baseline-${ACCOUNT}-\${AWS::Region}`).join('');
    expect(text).not.toContain(ACCOUNT);
    expect(text).not.toMatch(/us-east-1|eu-west-1/);
  });

  test('what an account that leaves the OUs keeps (docs/organization.md): the topic\'s key and the functions\' log groups', () => {
    const kept = Object.values(member.Resources as Record<string, any>).filter((r) => r.DeletionPolicy === 'Retain').map((r) => r.Type).sort();
    expect(kept).toEqual(['AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup', 'AWS::Logs::LogGroup']);
  });

  const lint = cfnLintForTests('the member template with every part');
  (lint ? test : test.skip)('cfn-lint passes the member template', () => {
    const result = cfnLint(lint!, [path.join(b.outdir, b.memberFile)]);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, LINT_TIMEOUT_MS);

  test('cdk-nag finds nothing unacknowledged', () => {
    const findings = nagFindings(b.app);
    expect(findings).toEqual([]);
  });

  test('the description says what the template holds', () => {
    expect(member.Description).toBe('cdk-pki: member-account baseline (expiry alarms, CA-expiry read role, shared CAs, imported certificate renewal), rolled out by a StackSet');
  });
});

test('without a Config rule the renewal runs on ACM\'s events and its sweep, and the read role defaults to the first Region', () => {
  const b = build({
    expiryAlarms: { configRule: false },
    caExpiryReadRole: { monitoringAccounts: [MONITOR] },
    sharedCertificateAuthorities: [SAME_NAME],
    importedCertRenewal: {},
  });
  const member = b.template(b.memberFile);
  expect(resourcesOf(member, 'AWS::Config::ConfigRule')).toHaveLength(0);
  expect(byType(member, 'AWS::Events::Rule').some((r) => r.Properties.ScheduleExpression === 'rate(1 day)')).toBe(true);
  expect(member.Conditions.CaExpiryReadRoleHomeRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, REGIONS[0]] });
  expect(fs.existsSync(path.join(b.outdir, b.memberFile))).toBe(true);
});

test('encryptTopic false: the topic has no KMS key of its own (one less $1 a month per account and Region), the rest is as before', () => {
  const b = build({ expiryAlarms: { encryptTopic: false, emailAddresses: ['pki@example.com'] } });
  const member = b.template(b.memberFile);
  expect(resourcesOf(member, 'AWS::KMS::Key')).toHaveLength(0);
  const [topic] = byType(member, 'AWS::SNS::Topic');
  expect(topic.Properties.KmsMasterKeyId).toBeUndefined();
  const statements = byType(member, 'AWS::SNS::TopicPolicy').flatMap((p) => p.Properties.PolicyDocument.Statement);
  expect(statements).toEqual(expect.arrayContaining([
    expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    expect.objectContaining({ Sid: 'ExpiryNotificationsFromThisAccount', Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] } }),
  ]));
  expect(byType(member, 'AWS::SNS::Subscription').map((s) => s.Properties.Endpoint)).toEqual(['pki@example.com']);
  // Every rule and alarm of the expiry alarms still publishes to it.
  const topicId = resourcesOf(member, 'AWS::SNS::Topic')[0][0];
  const alarms = byType(member, 'AWS::CloudWatch::Alarm');
  expect(alarms.length).toBeGreaterThan(0);
  alarms.forEach((a) => expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]));
  expect(nagFindings(b.app)).toEqual([]);
  // Encrypted by default.
  const d = build();
  expect(resourcesOf(d.template(d.memberFile), 'AWS::KMS::Key')).toHaveLength(1);
});

describe('refused at synthesis', () => {
  const shared = (o: Partial<MemberSharedCaOptions>): Partial<PkiMemberBaselineProps> => ({ sharedCertificateAuthorities: [{ ...SAME_NAME, ...o }] });
  test.each([
    [shared({ caNameByRegion: { 'us-east-1': 'a', 'eu-west-1': 'b' } }), /sharedCertificateAuthorities\[0\]: give caName .* or caNameByRegion .*, not both/],
    [shared({ caName: undefined }), /sharedCertificateAuthorities\[0\]: give caName .*, not neither/],
    [shared({ caName: undefined, caNameByRegion: { 'us-east-1': 'a', 'ap-south-1': 'b' }, parameterName: '/p' }),
      /caNameByRegion must name the CA of each Region of the baseline, and no other; missing eu-west-1; not a Region of the baseline: ap-south-1/],
    [shared({ caName: undefined, caNameByRegion: { 'us-east-1': 'a', 'eu-west-1': 'b' } }), /give parameterName: with caNameByRegion/],
    [shared({ caName: '1bad' }), /caName '1bad' is not a name the library gives/],
    [shared({ parameterName: 'no-slash' }), /parameterName 'no-slash' is not a Parameter Store path/],
    [shared({ parameterName: '/aws/reserved' }), /parameterName '\/aws\/reserved' is not a Parameter Store path/],
    [shared({ parameterName: '/has space' }), /parameterName '\/has space' is not a Parameter Store path/],
    [shared({ parameterName: `/${Array.from({ length: 16 }, () => 'l').join('/')}` }), /is not a Parameter Store path/],
    [{ sharedCertificateAuthorities: [SAME_NAME, { ...SAME_NAME, account: '444444444444' }] }, /parameterName '\/cdk-pki\/shared-ca\/corp\/issuing' is given to two shared CAs/],
    [{ importedCertRenewal: {} }, /importedCertRenewal needs sharedCertificateAuthorities/],
    [{ caExpiryReadRole: { monitoringAccounts: [MONITOR], homeRegion: 'ap-south-1' } }, /caExpiryReadRole.homeRegion 'ap-south-1' is not one of regions \(us-east-1, eu-west-1\)/],
  ])('%j', (props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test.each([Duration.days(400), Duration.hours(12)])('importedCertRenewal.renewBefore %s, named as the baseline\'s prop', (renewBefore) => {
    expect(() => build({ sharedCertificateAuthorities: [SAME_NAME], importedCertRenewal: { renewBefore } }))
      .toThrow(/PkiMemberBaseline 'PkiOrg\/Baseline': importedCertRenewal.renewBefore .* is not allowed: the Config rule counts whole days; use Duration.days\(n\) with n a whole number from 1 to 365/);
  });

  test('an organization id known only at deployment: the regional stacks\' bucket policies need it', () => {
    const app = new App();
    const stack = new Stack(app, 'PkiOrg', { env: ENV });
    expect(() => new PkiMemberBaseline(stack, 'Baseline', {
      organizationId: new CfnParameter(stack, 'Org').valueAsString, organizationalUnits: [OU], regions: REGIONS,
    })).toThrow(/organizationId must be known at synthesis/);
  });

  describe('two baselines of one account and Region', () => {
    const second = (props: Partial<PkiMemberBaselineProps>) => {
      const app = new App();
      const stack = new Stack(app, 'PkiOrg', { env: ENV });
      new PkiMemberBaseline(stack, 'First', { organizationId: ORG, organizationalUnits: [OU], regions: REGIONS });
      return () => new PkiMemberBaseline(stack, 'Second', { organizationId: ORG, organizationalUnits: ['ou-ab12-zzzzzzzz'], regions: ['ap-south-1'], ...props });
    };
    test('need StackSets of their own names', () => {
      expect(second({})).toThrow(/the StackSet name 'cdk-pki-member-baseline' is taken by PkiMemberBaseline 'PkiOrg\/First' in the same account and Region; give stackSetName/);
    });
    test('in one stack, other Regions (a Region\'s asset bucket serves one baseline of a stack)', () => {
      expect(second({ stackSetName: 'second', regions: ['eu-west-1', 'ap-south-1'] }))
        .toThrow(/stack 'PkiOrg' already holds a PkiMemberBaseline for eu-west-1: a Region's asset bucket and stacks serve one baseline of a stack/);
      expect(second({ stackSetName: 'second' })).not.toThrow();
    });
  });

  test('the read role\'s own checks still apply', () => {
    expect(() => build({ caExpiryReadRole: { monitoringAccounts: ['12345'] } })).toThrow(/monitoringAccounts: '12345' is not an account id/);
  });
});
