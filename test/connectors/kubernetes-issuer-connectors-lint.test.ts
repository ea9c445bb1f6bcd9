// cfn-lint (CloudFormation's registry schemas, plus the repository's custom rules) and cdk-nag's AwsSolutions pack
// over one app that uses all three ways certificates leave the CAs besides ACM: PrivateCaIssuerRole (Pod Identity with
// the Helm install, and IRSA), ScepConnector (general purpose and Intune) and ActiveDirectoryConnector. cfn-lint is a
// Python tool (`pip install cfn-lint`): without it the lint test is skipped with a warning, except under CI, where it
// fails.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ActiveDirectoryConnector } from '../../src/connectors/ad-connector';
import { ActiveDirectoryTemplateDefinition } from '../../src/connectors/ad-template';
import { KubernetesIdentity, PrivateCaIssuerRole } from '../../src/connectors/privateca-issuer-role';
import { ScepConnector } from '../../src/connectors/scep-connector';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import { RootCaAccount } from '../../src/hierarchy/root-ca-account';
import { RamCaShare, SharedCa } from '../../src/sharing/ram-ca-share';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import { LINT_TIMEOUT_MS, cfnLint, cfnLintForTests } from '../support/cfn-lint';
import { awsSolutionsFindings, describeFindings } from '../support/nag';

const executable = cfnLintForTests('the connector templates');
const lintTest = executable ? test : test.skip;

/** The app: a PKI account with both connectors, a workload account with the Kubernetes issuer. */
function buildApp(outdir: string): App {
  const app = new App({ outdir });
  const rootStack = new Stack(app, 'Root', { env: { account: '111111111111', region: 'us-east-1' } });
  const root = new RootCaAccount(rootStack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });

  const pki = new Stack(app, 'Pki', { env: { account: '222222222222', region: 'eu-west-1' } });
  const devices = new IssuingCa(pki, 'Devices', { parent: root, subject: { commonName: 'Corp Devices CA' } });
  const mobile = new IssuingCa(pki, 'Mobile', { parent: root, subject: { commonName: 'Corp Mobile CA' } });
  const windows = new IssuingCa(pki, 'Windows', { parent: root, subject: { commonName: 'Corp Windows CA' } });
  const kubernetes = new IssuingCa(pki, 'Kubernetes', { parent: root, subject: { commonName: 'Corp Kubernetes CA' } });
  // The directory's VPC, from the network stack: its range is known at deployment only, as when the VPC is made in the app.
  const vpc = ec2.Vpc.fromVpcAttributes(pki, 'Vpc', {
    vpcId: Fn.importValue('NetworkVpcId'),
    vpcCidrBlock: Fn.importValue('NetworkVpcCidr'),
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: [Fn.importValue('NetworkSubnetA'), Fn.importValue('NetworkSubnetB')],
  });
  const scepEndpoint = vpc.addInterfaceEndpoint('ScepEndpoint', { service: new ec2.InterfaceVpcEndpointAwsService('pca-connector-scep') });
  // The app's own endpoint (not the library's): its ingress is the VPC's range, which cdk-nag cannot read from a token.
  Validations.of(scepEndpoint).acknowledge({ id: 'AwsSolutions-EC23', reason: 'Ingress from the VPC range only (an import known at deployment)' });

  new ScepConnector(pki, 'Scep', { certificateAuthority: devices, vpcEndpoint: scepEndpoint });
  new ScepConnector(pki, 'Intune', {
    certificateAuthority: mobile,
    intune: { azureApplicationId: '12345678-abcd-1234-abcd-1234567890ab', domain: 'example.onmicrosoft.com' },
  });
  new ActiveDirectoryConnector(pki, 'Ad', {
    certificateAuthority: windows,
    directoryId: 'd-1234567890',
    vpc,
    templates: [
      {
        name: 'Corp Computer',
        definition: ActiveDirectoryTemplateDefinition.computer(),
        groupAccess: [{ groupSecurityIdentifier: 'S-1-5-21-1111111111-2222222222-3333333333-515', groupDisplayName: 'Domain Computers' }],
      },
      {
        name: 'Corp User',
        definition: ActiveDirectoryTemplateDefinition.user(),
        groupAccess: [{ groupSecurityIdentifier: 'S-1-5-21-1111111111-2222222222-3333333333-513', groupDisplayName: 'Domain Users' }],
      },
    ],
  });
  new RamCaShare(pki, 'KubernetesShare', {
    certificateAuthority: kubernetes,
    principals: [SharePrincipal.account('666666666666')],
    permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
  });

  const workload = new Stack(app, 'Workload', { env: { account: '666666666666', region: 'eu-west-1' } });
  workload.node.addDependency(pki);
  const sharedCa = SharedCa.fromShare(workload, 'SharedCa', {
    certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555',
    permission: SharePermission.BLANK_END_ENTITY_API_CSR_PASSTHROUGH_ISSUANCE,
  });
  const cluster = eks.Cluster.fromClusterAttributes(workload, 'Cluster', {
    clusterName: 'workloads',
    kubectlRoleArn: 'arn:aws:iam::666666666666:role/eks-admin',
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(workload, 'Kubectl', 'arn:aws:lambda:eu-west-1:666666666666:layer:kubectl:1'),
  });
  new PrivateCaIssuerRole(workload, 'Issuer', {
    certificateAuthority: sharedCa,
    identity: KubernetesIdentity.podIdentity('workloads'),
    install: { cluster },
  });
  new PrivateCaIssuerRole(workload, 'IrsaIssuer', {
    certificateAuthority: sharedCa,
    identity: KubernetesIdentity.irsa(iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(workload, 'Oidc',
      'arn:aws:iam::666666666666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE')),
    namespace: 'cert-manager',
  });
  // A provider whose issuer is known at deployment only: the trust goes through CfnJson.
  new PrivateCaIssuerRole(workload, 'ImportedIrsaIssuer', {
    certificateAuthority: sharedCa,
    identity: KubernetesIdentity.irsa(iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(workload, 'ImportedOidc', Fn.importValue('ClusterOidcProviderArn'))),
  });
  return app;
}

describe('all three connectors in one app', () => {
  let outdir: string;
  let app: App;

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-connectors-'));
    app = buildApp(outdir);
    app.synth();
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  lintTest('cfn-lint finds nothing in any template, nested stacks included', () => {
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f));
    expect(templates.filter((t) => t.endsWith('.nested.template.json'))).toHaveLength(1);
    const result = cfnLint(executable!, templates);
    if (result.status !== 0) {
      throw new Error(`cfn-lint exited with ${result.status} (bit mask: 2 errors, 4 warnings) on ${templates.length} templates:\n${result.output}`);
    }
  }, LINT_TIMEOUT_MS);

  test('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const findings = describeFindings(awsSolutionsFindings(app));
    expect(findings).toBe('');
  });
});
