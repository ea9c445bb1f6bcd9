/**
 * PrivateCaIssuerRole's optional install: the aws-privateca-issuer Helm chart and an AWSPCAClusterIssuer on an
 * imported EKS cluster, through aws-cdk-lib's EKS constructs. Synthesis stays offline: aws-cdk-lib's kubectl provider
 * (a nested stack) ships its handler and the AWS CLI layer as prebuilt file assets, so no Docker and no download; the
 * kubectl/helm layer is the user's (an ILayerVersion), here a stand-in ARN.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Lazy, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { KubernetesIdentity, PrivateCaIssuerInstallOptions, PrivateCaIssuerRole } from '../../src/connectors/privateca-issuer-role';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { SharedCa } from '../../src/sharing/ram-ca-share';

const WORKLOAD_ENV = { account: '666666666666', region: 'eu-west-1' };
const CA_ARN = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
const OIDC_PROVIDER_ARN = 'arn:aws:iam::666666666666:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const HELM = 'Custom::AWSCDK-EKS-HelmChart';
const MANIFEST = 'Custom::AWSCDK-EKS-KubernetesResource';
const token = (v: string) => Lazy.string({ produce: () => v });

interface Options {
  readonly install?: Partial<PrivateCaIssuerInstallOptions>;
  readonly irsa?: boolean;
  readonly cluster?: Partial<eks.ClusterAttributes>;
  readonly outdir?: string;
}

function build(options: Options = {}) {
  const app = new App({ outdir: options.outdir });
  const stack = new Stack(app, 'Workload', { env: WORKLOAD_ENV });
  const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN });
  const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
    clusterName: 'workloads',
    kubectlRoleArn: 'arn:aws:iam::666666666666:role/eks-admin',
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:666666666666:layer:kubectl:1'),
    ...options.cluster,
  });
  const identity = options.irsa
    ? KubernetesIdentity.irsa(iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(stack, 'Oidc', OIDC_PROVIDER_ARN))
    : KubernetesIdentity.podIdentity('workloads');
  const role = new PrivateCaIssuerRole(stack, 'Issuer', {
    certificateAuthority: ca,
    identity,
    certificates: [{ usages: ['client auth', 'server auth'] }],
    install: { cluster, ...options.install },
  });
  return { app, stack, role };
}

describe('install with EKS Pod Identity (defaults)', () => {
  let t: Template;
  let role: PrivateCaIssuerRole;

  beforeAll(() => {
    const built = build();
    role = built.role;
    t = Template.fromStack(built.stack);
  });

  test('installs chart awspca/aws-privateca-issuer v1.9.1 in the namespace, with the service account of the role', () => {
    const chart = Object.values(t.findResources(HELM))[0];
    expect(chart.Properties).toMatchObject({
      Chart: 'aws-privateca-issuer',
      Repository: 'https://cert-manager.github.io/aws-privateca-issuer',
      Version: 'v1.9.1',
      Release: 'aws-privateca-issuer',
      Namespace: 'aws-privateca-issuer',
      CreateNamespace: true,
      Wait: true,
    });
    expect(JSON.parse(chart.Properties.Values)).toEqual({ serviceAccount: { create: true, name: 'aws-privateca-issuer' } });
  });

  test('the chart waits for the role, its policy and the Pod Identity association', () => {
    const [chartId] = Object.keys(t.findResources(HELM));
    const dependsOn: string[] = t.toJSON().Resources[chartId].DependsOn;
    const expected = [
      ...Object.keys(t.findResources('AWS::IAM::Role')),
      ...Object.keys(t.findResources('AWS::IAM::Policy')),
      ...Object.keys(t.findResources('AWS::EKS::PodIdentityAssociation')),
    ];
    expect(dependsOn).toEqual(expect.arrayContaining(expected));
    expect(expected).toHaveLength(3);
  });

  test('applies an AWSPCAClusterIssuer for the CA, after the chart (which brings its CRD)', () => {
    const [chartId] = Object.keys(t.findResources(HELM));
    t.hasResource(MANIFEST, {
      Properties: Match.objectLike({ Overwrite: true }),
      DependsOn: Match.arrayWith([chartId]),
    });
    const manifest = JSON.parse(Object.values(t.findResources(MANIFEST))[0].Properties.Manifest);
    expect(manifest).toHaveLength(1);
    expect(manifest[0]).toMatchObject({
      apiVersion: 'awspca.cert-manager.io/v1beta1',
      kind: 'AWSPCAClusterIssuer',
      metadata: { name: 'aws-privateca-issuer' },
      spec: { arn: CA_ARN, region: 'eu-west-1' },
    });
    expect(Object.keys(manifest[0].spec)).toEqual(['arn', 'region']);
    expect(role.chart).toBeDefined();
    expect(role.clusterIssuer).toBeDefined();
  });

  test('the kubectl provider is aws-cdk-lib\'s nested stack, using the cluster\'s kubectl layer', () => {
    t.resourceCountIs('AWS::CloudFormation::Stack', 1);
    const nested = role.stack.node.findAll().find((c): c is NestedStack => c instanceof NestedStack)!;
    Template.fromStack(nested).hasResourceProperties('AWS::Lambda::Function', {
      Layers: Match.arrayWith(['arn:aws:lambda:eu-west-1:666666666666:layer:kubectl:1']),
    });
  });
});

describe('cdk-nag', () => {
  test('acknowledges the findings on aws-cdk-lib\'s kubectl provider with reasons, exactly as cdk-nag reports them', () => {
    const { stack } = build();
    const provider = stack.node.findAll().find((c): c is NestedStack => c instanceof NestedStack)!;
    const acknowledged = Object.assign({}, ...provider.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data));
    expect(Object.keys(acknowledged).sort()).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly]',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions-IAM4[Policy::{"Fn::If":["HandlerHasEcrPublic195AF58A",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
      'AwsSolutions-IAM5[Resource::<Handler886CB40B.Arn>:*]',
      'AwsSolutions-L1',
    ]);
    for (const reason of Object.values(acknowledged)) {
      expect(reason).toMatch(/aws-cdk-lib.*leave install unset/);
    }
  });
});

describe('install props', () => {
  test('with IRSA the chart annotates the service account with the role', () => {
    const { stack } = build({ irsa: true });
    const t = Template.fromStack(stack);
    const roleId = Object.keys(t.findResources('AWS::IAM::Role'))[0];
    const chart = Object.values(t.findResources(HELM))[0];
    // Values holds a token (the role ARN): CloudFormation joins it into the JSON string.
    expect(JSON.stringify(chart.Properties.Values)).toContain('\\"eks.amazonaws.com/role-arn\\":\\"');
    expect(JSON.stringify(chart.Properties.Values)).toContain(roleId);
    t.resourceCountIs('AWS::EKS::PodIdentityAssociation', 0);
  });

  test('chartVersion, releaseName, clusterIssuerName, values and the issuer default template', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: WORKLOAD_ENV });
    const ca = SharedCa.fromShare(stack, 'SharedCa', { certificateAuthorityArn: CA_ARN });
    const cluster = eks.Cluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'workloads',
      kubectlRoleArn: 'arn:aws:iam::666666666666:role/eks-admin',
      kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:666666666666:layer:kubectl:1'),
    });
    new PrivateCaIssuerRole(stack, 'Issuer', {
      certificateAuthority: ca,
      identity: KubernetesIdentity.podIdentity('workloads'),
      namespace: 'cert-manager',
      serviceAccountName: 'pca-issuer',
      issuerDefaultTemplate: CertificateTemplate.END_ENTITY,
      certificates: [{ usages: ['server auth'] }],
      install: {
        cluster,
        chartVersion: 'v1.8.0',
        releaseName: 'pca',
        clusterIssuerName: 'corp-issuing',
        values: { replicaCount: 3, serviceAccount: { annotations: { team: 'platform' }, name: 'ignored' } },
      },
    });
    const t = Template.fromStack(stack);
    const chart = Object.values(t.findResources(HELM))[0].Properties;
    expect(chart).toMatchObject({ Version: 'v1.8.0', Release: 'pca', Namespace: 'cert-manager' });
    expect(JSON.parse(chart.Values)).toEqual({
      replicaCount: 3,
      serviceAccount: { annotations: { team: 'platform' }, create: true, name: 'pca-issuer' },
    });
    const manifest = JSON.parse(Object.values(t.findResources(MANIFEST))[0].Properties.Manifest)[0];
    expect(manifest.metadata.name).toBe('corp-issuing');
    expect(manifest.spec).toEqual({ arn: CA_ARN, region: 'eu-west-1', pcaTemplate: { defaultTemplateName: 'EndEntityCertificate/V1' } });
  });
});

describe('install: bad input', () => {
  test('throws when the imported cluster has no kubectl layer or role, naming the fix', () => {
    expect(() => build({ cluster: { kubectlLayer: undefined } }))
      .toThrow(/install.cluster 'Workload\/Cluster' has no kubectlLayer, .*@aws-cdk\/lambda-layer-kubectl-v33/);
    expect(() => build({ cluster: { kubectlRoleArn: undefined } }))
      .toThrow(/install.cluster 'Workload\/Cluster' has no kubectl role, so Helm cannot reach it/);
  });

  test('throws when releaseName or clusterIssuerName would be rejected', () => {
    expect(() => build({ install: { releaseName: 'a'.repeat(54) } })).toThrow(/install.releaseName 'a{54}' is not a name Kubernetes accepts .*at most 53/);
    expect(() => build({ install: { clusterIssuerName: 'Corp_Issuer' } })).toThrow(/install.clusterIssuerName 'Corp_Issuer' is not a name Kubernetes accepts/);
  });

  test('throws when the Pod Identity association and the chart name different clusters', () => {
    expect(() => build({ cluster: { clusterName: 'other' } }))
      .toThrow(/KubernetesIdentity.podIdentity names cluster 'workloads' but install.cluster is 'other'; .*podIdentity\(cluster.clusterName\)/);
  });

  test('does not throw when the names are tokens', () => {
    expect(() => build({ cluster: { clusterName: token('other') }, install: { releaseName: token('A_'), clusterIssuerName: token('B_') } })).not.toThrow();
  });
});

describe('offline synthesis', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-helm-'));
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('needs no Docker image and no bundling: every asset is a file shipped with aws-cdk-lib', () => {
    const { app } = build({ outdir });
    const assembly = app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'Workload.assets.json'), 'utf8'));
    expect(Object.keys(manifest.dockerImages ?? {})).toEqual([]);
    const files = Object.values(manifest.files as Record<string, { source: { path: string } }>).map((f) => f.source.path);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(fs.existsSync(path.join(outdir, file))).toBe(true);
    }
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.nested.template.json'))).toHaveLength(1);
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['Workload']);
  });
});
