/**
 * ScepConnector: Connector for SCEP on an IssuingCa, with the RAM share AWS requires, and AWS's constraints on the CA
 * (owned, general purpose, ACTIVE, not a root) checked at synthesis.
 */
import { App, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ScepConnector, ScepConnectorProps } from '../../src/connectors/scep-connector';
import { CaUsageMode } from '../../src/hierarchy/algorithms';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import { ResolvedStack, simulate } from '../support/iam-sim';

const ROOT_ENV = { account: '111111111111', region: 'us-east-1' };
const ISSUING_ENV = { account: '222222222222', region: 'eu-west-1' };
const CONNECTOR = 'AWS::PCAConnectorSCEP::Connector';
const CHALLENGE = 'AWS::PCAConnectorSCEP::Challenge';
const SHARE = 'AWS::RAM::ResourceShare';
const INTUNE = { azureApplicationId: '12345678-abcd-1234-abcd-1234567890ab', domain: 'example.onmicrosoft.com' };
const OWN_CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const OTHER_ACCOUNT_CA_ARN = 'arn:aws:acm-pca:eu-west-1:333333333333:certificate-authority/11111111-2222-4333-8444-555555555555';
const token = (v: string) => Lazy.string({ produce: () => v });

/** A root in its own account and an issuing CA in 222222222222 / eu-west-1, where the connectors go. */
function pki(usageMode?: CaUsageMode) {
  const app = new App();
  const rootStack = new Stack(app, 'Root', { env: ROOT_ENV });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Root' } });
  const stack = new Stack(app, 'Issuing', { env: ISSUING_ENV });
  const issuing = new IssuingCa(stack, 'Issuing', { parent: root, subject: { commonName: 'Issuing' }, usageMode });
  return { app, stack, root, issuing };
}

function connector(props: Partial<ScepConnectorProps> = {}, usageMode?: CaUsageMode) {
  const { stack, issuing } = pki(usageMode);
  const scep = new ScepConnector(stack, 'Scep', { certificateAuthority: issuing, ...props });
  return { stack, issuing, scep, t: Template.fromStack(stack) };
}

const signingResourceId = (t: Template) => Object.keys(t.findResources('Custom::PkiSubordinateCaCertificate'))[0];

describe('general-purpose connector (the defaults)', () => {
  let t: Template;
  let scep: ScepConnector;

  beforeAll(() => {
    ({ t, scep } = connector());
  });

  test('shares the ACTIVE CA with pca-connector-scep.amazonaws.com, with the APICSRPassthrough permission, for this account only', () => {
    t.hasResourceProperties(SHARE, {
      ResourceArns: [{ 'Fn::GetAtt': [signingResourceId(t), 'CertificateAuthorityArn'] }],
      Principals: ['pca-connector-scep.amazonaws.com'],
      PermissionArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ram::aws:permission/AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority']] }],
      Sources: ['222222222222'],
      AllowExternalPrincipals: true,
    });
  });

  test('the connector uses the CA\'s ARN from the signing resource (so it waits for ACTIVE) and is created after the share', () => {
    const shareId = Object.keys(t.findResources(SHARE))[0];
    t.hasResource(CONNECTOR, {
      Properties: { CertificateAuthorityArn: { 'Fn::GetAtt': [signingResourceId(t), 'CertificateAuthorityArn'] } },
      DependsOn: [shareId],
    });
    const properties = Object.values(t.findResources(CONNECTOR))[0].Properties;
    expect(Object.keys(properties)).toEqual(['CertificateAuthorityArn']);
  });

  test('has a challenge on the connector, and hands out the endpoint and the challenge ARN as attributes, with no output', () => {
    const connectorId = Object.keys(t.findResources(CONNECTOR))[0];
    t.hasResourceProperties(CHALLENGE, { ConnectorArn: { 'Fn::GetAtt': [connectorId, 'ConnectorArn'] } });
    expect(scep.stack.resolve(scep.endpoint)).toEqual({ 'Fn::GetAtt': [connectorId, 'Endpoint'] });
    expect(scep.stack.resolve(scep.challengeArn)).toEqual({ 'Fn::GetAtt': [Object.keys(t.findResources(CHALLENGE))[0], 'ChallengeArn'] });
    expect(t.findOutputs('*')).toEqual({});
    expect(scep.challenge).toBeDefined();
    expect(scep.share.permission.managedPermissionName).toBe('AWSRAMBlankEndEntityCertificateAPICSRPassthroughIssuanceCertificateAuthority');
  });
});

describe('props', () => {
  test('intune: an Intune connector, without a challenge', () => {
    const { t, scep } = connector({ intune: INTUNE });
    t.hasResourceProperties(CONNECTOR, {
      MobileDeviceManagement: { Intune: { AzureApplicationId: INTUNE.azureApplicationId, Domain: INTUNE.domain } },
    });
    t.resourceCountIs(CHALLENGE, 0);
    expect(scep.challengeArn).toBeUndefined();
  });

  test('challenge: false leaves the challenge out, and grantGetChallengePassword then throws', () => {
    const { t, scep } = connector({ challenge: false });
    t.resourceCountIs(CHALLENGE, 0);
    expect(() => scep.grantGetChallengePassword(new iam.AccountRootPrincipal()))
      .toThrow(/grantGetChallengePassword needs a challenge, and this connector has none/);
  });

  test('vpcEndpoint: the connector is served through the interface endpoint', () => {
    const { stack, issuing } = pki();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const endpoint = vpc.addInterfaceEndpoint('Scep', { service: new ec2.InterfaceVpcEndpointAwsService('pca-connector-scep') });
    new ScepConnector(stack, 'Scep', { certificateAuthority: issuing, vpcEndpoint: endpoint });
    const endpointId = stack.resolve((endpoint.node.defaultChild as ec2.CfnVPCEndpoint).logicalId);
    Template.fromStack(stack).hasResourceProperties(CONNECTOR, { VpcEndpointId: { Ref: endpointId } });
  });

  test('a CA of this account imported by ARN is accepted with a warning that it cannot be checked', () => {
    const stack = new Stack(new App(), 'Issuing', { env: ISSUING_ENV });
    const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', OWN_CA_ARN);
    new ScepConnector(stack, 'Scep', { certificateAuthority: ca });
    Template.fromStack(stack).hasResourceProperties(CONNECTOR, { CertificateAuthorityArn: OWN_CA_ARN });
    Annotations.fromStack(stack).hasWarning('/Issuing/Scep', Match.stringLikeRegexp('imported by ARN.*ACTIVE, in GENERAL_PURPOSE usage mode, owned by this account'));
  });

  test('an IssuingCa of this app gets no warning', () => {
    const { stack } = connector();
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('grantGetChallengePassword (IAM policy simulator)', () => {
  let resolved: ResolvedStack;
  let roleId: string;
  let challengeArn: string;

  beforeAll(() => {
    const { stack, issuing } = pki();
    const scep = new ScepConnector(stack, 'Scep', { certificateAuthority: issuing });
    const role = new iam.Role(stack, 'Mdm', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'Mdm' });
    scep.grantGetChallengePassword(role);
    // The test resolver does not know a challenge's ARN; put in one of the form AWS gives it.
    const template = Template.fromStack(stack).toJSON();
    challengeArn = 'arn:aws:pca-connector-scep:eu-west-1:222222222222:connector/11111111-2222-4333-8444-555555555555/challenge/66666666-2222-4333-8444-555555555555';
    const challengeId = Object.keys(Template.fromJSON(template).findResources(CHALLENGE))[0];
    const json = JSON.parse(JSON.stringify(template).split(JSON.stringify({ 'Fn::GetAtt': [challengeId, 'ChallengeArn'] })).join(JSON.stringify(challengeArn)));
    resolved = new ResolvedStack('Issuing', json, ISSUING_ENV);
    roleId = resolved.roleNamed('Mdm');
  });

  const ask = (action: string, resource: string) => simulate({
    principal: 'arn:aws:iam::222222222222:role/Mdm',
    action,
    resource,
    identityPolicies: resolved.identityPolicies(roleId),
  });

  test('reads the password of this challenge only, and nothing else of the connector', async () => {
    expect(await ask('pca-connector-scep:GetChallengePassword', challengeArn)).toBe('Allowed');
    expect(await ask('pca-connector-scep:GetChallengePassword', challengeArn.replace('66666666', '77777777'))).toBe('ImplicitlyDenied');
    expect(await ask('pca-connector-scep:DeleteChallenge', challengeArn)).toBe('ImplicitlyDenied');
    expect(await ask('pca-connector-scep:GetChallengeMetadata', challengeArn)).toBe('ImplicitlyDenied');
  });
});

describe('bad input', () => {
  test('throws when the CA is in short-lived-certificate mode, naming the value and the fix', () => {
    expect(() => connector({}, CaUsageMode.SHORT_LIVED_CERTIFICATE))
      .toThrow("ScepConnector 'Issuing/Scep': the CA 'Issuing/Issuing' has usage mode SHORT_LIVED_CERTIFICATE, and Connector for SCEP needs a CA in "
        + 'general-purpose mode; give the IssuingCa usageMode: CaUsageMode.GENERAL_PURPOSE (its default), or use another CA');
  });

  test('does not throw when the usage mode is a token', () => {
    expect(() => connector({}, new CaUsageMode(token('SHORT_LIVED_CERTIFICATE')))).not.toThrow();
  });

  test('throws when the CA is shared with this account (SharedCa)', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '666666666666', region: 'eu-west-1' } });
    const ca = SharedCa.fromShare(stack, 'Shared', { certificateAuthorityArn: OWN_CA_ARN });
    expect(() => new ScepConnector(stack, 'Scep', { certificateAuthority: ca }))
      .toThrow(/the CA is shared with this account \(SharedCa Workload\/Shared\); Connector for SCEP needs a CA its account owns.*put the connector in a stack of the account that owns the CA/);
  });

  test('throws when the CA belongs to another account or Region', () => {
    const stack = new Stack(new App(), 'Issuing', { env: ISSUING_ENV });
    expect(() => new ScepConnector(stack, 'Scep', { certificateAuthority: IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', OTHER_ACCOUNT_CA_ARN) }))
      .toThrow(/the CA belongs to account 333333333333 but stack 'Issuing' deploys to 222222222222/);
    const usStack = new Stack(new App(), 'Us', { env: { account: '222222222222', region: 'us-east-1' } });
    expect(() => new ScepConnector(usStack, 'Scep', { certificateAuthority: IssuingCa.fromCertificateAuthorityArn(usStack, 'Ca', OWN_CA_ARN) }))
      .toThrow(/the CA is in eu-west-1 but stack 'Us' is in us-east-1/);
  });

  test('does not throw when the CA ARN is a token (a warning says what to check)', () => {
    const stack = new Stack(new App(), 'Issuing', { env: ISSUING_ENV });
    new ScepConnector(stack, 'Scep', { certificateAuthority: IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', token(OTHER_ACCOUNT_CA_ARN)) });
    Annotations.fromStack(stack).hasWarning('/Issuing/Scep', Match.stringLikeRegexp('imported by ARN'));
  });

  test('throws when the CA is a root', () => {
    const { root } = pki();
    expect(() => new ScepConnector(Stack.of(root), 'Scep', { certificateAuthority: root }))
      .toThrow(/the CA is the root CA of hierarchy 'corp' \(Root\/Root\); a root only signs subordinate CAs.*make an IssuingCa under the root/);
  });

  test('throws for an Intune application id or domain AWS would refuse, and for a challenge with Intune, all at once', () => {
    expect(() => connector({ intune: { azureApplicationId: '12345678abcd', domain: 'example onmicrosoft com' }, challenge: true }))
      .toThrow(/has 3 problems:\n {2}- intune.azureApplicationId '12345678abcd' is not a Microsoft Entra application id.*\n {2}- intune.domain 'example onmicrosoft com' is not a domain name.*\n {2}- challenge is true but the connector is for Intune/);
  });

  test('does not throw when the Intune values are tokens', () => {
    // Values known at deployment only (imports of another stack's outputs): nothing to check at synthesis.
    const { t } = connector({ intune: { azureApplicationId: Fn.importValue('IntuneApplicationId'), domain: Fn.importValue('IntuneDomain') } });
    t.hasResourceProperties(CONNECTOR, {
      MobileDeviceManagement: { Intune: { AzureApplicationId: { 'Fn::ImportValue': 'IntuneApplicationId' }, Domain: { 'Fn::ImportValue': 'IntuneDomain' } } },
    });
  });
});
