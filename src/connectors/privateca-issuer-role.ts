import { CfnJson, Resource, Token } from 'aws-cdk-lib';
import type * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { dns1123LabelProblem, dns1123SubdomainProblem } from './private/connector-kubernetes';
import { PrivateCaIssuerPolicy, PrivateCaIssuerPolicyProps } from './privateca-issuer-policy';
import {
  EKS_CLUSTER_NAME_PATTERN, EKS_POD_IDENTITY_SERVICE_PRINCIPAL, EKS_POD_IDENTITY_TAG_CLUSTER_NAME, EKS_POD_IDENTITY_TAG_NAMESPACE,
  EKS_POD_IDENTITY_TAG_SERVICE_ACCOUNT, HELM_RELEASE_NAME_MAX_LENGTH, IRSA_AUDIENCE, IRSA_ROLE_ARN_ANNOTATION, PRIVATECA_ISSUER_API_VERSION,
  PRIVATECA_ISSUER_CLUSTER_ISSUER_KIND, PRIVATECA_ISSUER_HELM_CHART, PRIVATECA_ISSUER_HELM_CHART_VERSION, PRIVATECA_ISSUER_HELM_REPOSITORY,
  REQUEST_TAG_CONDITION_KEY_PREFIX, irsaSubject,
} from '../private/contracts/aws-strings';
import { loadEks } from '../private/lazy-modules';
import { acknowledgeNag } from '../private/nag';
import { ValidationErrors, isConcrete } from '../private/validation';

/** How the plugin's pods get the role's credentials. */
export enum KubernetesIdentityKind {
  /** EKS Pod Identity (`AWS::EKS::PodIdentityAssociation`). */
  POD_IDENTITY = 'POD_IDENTITY',
  /** IAM roles for service accounts: web identity federation through the cluster's OIDC provider. */
  IRSA = 'IRSA',
}

/**
 * How the service account of aws-privateca-issuer assumes its role: EKS Pod Identity on a cluster, or IRSA through
 * the cluster's OIDC provider. Either way the role trusts that one namespace and service account only.
 */
export class KubernetesIdentity {
  /**
   * EKS Pod Identity: an `AWS::EKS::PodIdentityAssociation` binds the role to the service account, and the trust
   * policy accepts `pods.eks.amazonaws.com` only with the session tags of that cluster, namespace and service
   * account. The cluster needs the EKS Pod Identity Agent add-on.
   *
   * @param clusterName name of the EKS cluster in this stack's account and Region
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
   */
  public static podIdentity(clusterName: string): KubernetesIdentity {
    return new KubernetesIdentity(KubernetesIdentityKind.POD_IDENTITY, clusterName, undefined);
  }

  /**
   * IRSA: the role trusts `sts:AssumeRoleWithWebIdentity` from the cluster's OIDC provider, with the token's `sub`
   * naming the service account and `aud` = `sts.amazonaws.com`; the service account carries the role ARN in its
   * `eks.amazonaws.com/role-arn` annotation.
   *
   * @param openIdConnectProvider the cluster's IAM OIDC provider, such as `cluster.openIdConnectProvider` or
   *   `iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(...)`
   * @see https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
   */
  public static irsa(openIdConnectProvider: iam.IOpenIdConnectProvider): KubernetesIdentity {
    return new KubernetesIdentity(KubernetesIdentityKind.IRSA, undefined, openIdConnectProvider);
  }

  private constructor(
    /** Pod Identity or IRSA. */
    public readonly kind: KubernetesIdentityKind,
    /** The cluster of a Pod Identity association. */
    public readonly clusterName: string | undefined,
    /** The OIDC provider of IRSA. */
    public readonly openIdConnectProvider: iam.IOpenIdConnectProvider | undefined,
  ) {}
}

/**
 * Installing aws-privateca-issuer on an existing EKS cluster with aws-cdk-lib's EKS constructs: the Helm chart and
 * an `AWSPCAClusterIssuer` for the CA. cert-manager must already run on the cluster.
 */
export interface PrivateCaIssuerInstallOptions {
  /**
   * The cluster, usually imported with `eks.Cluster.fromClusterAttributes(...)` with a `kubectlRoleArn` (a role
   * mapped to cluster-admin) and a `kubectlLayer` (for example `KubectlV33Layer` from
   * `@aws-cdk/lambda-layer-kubectl-v33`). aws-cdk-lib deploys a kubectl provider (a nested stack with Lambda
   * functions) that runs Helm and kubectl against it.
   */
  readonly cluster: eks.ICluster;

  /**
   * Version of the `aws-privateca-issuer` chart.
   * @default - v1.9.1, the newest release when this version of the library was made
   */
  readonly chartVersion?: string;

  /**
   * Name of the Helm release (a DNS-1123 label of at most 53 characters).
   * @default 'aws-privateca-issuer'
   */
  readonly releaseName?: string;

  /**
   * Name of the `AWSPCAClusterIssuer` that Certificates name in `issuerRef` (with `kind: AWSPCAClusterIssuer`,
   * `group: awspca.cert-manager.io`).
   * @default 'aws-privateca-issuer'
   */
  readonly clusterIssuerName?: string;

  /**
   * More values for the chart (for example `replicaCount`); the service account values are set by this construct.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, any>;
}

/** Properties of a `PrivateCaIssuerRole`. */
export interface PrivateCaIssuerRoleProps extends PrivateCaIssuerPolicyProps {
  /** How the plugin's service account assumes the role: `KubernetesIdentity.podIdentity(...)` or `.irsa(...)`. */
  readonly identity: KubernetesIdentity;

  /**
   * Namespace the plugin runs in (a DNS-1123 label).
   * @default 'aws-privateca-issuer'
   */
  readonly namespace?: string;

  /**
   * Name of the plugin's service account (a DNS-1123 subdomain).
   * @default 'aws-privateca-issuer'
   */
  readonly serviceAccountName?: string;

  /**
   * Name of the role.
   * @default - a name CloudFormation generates
   */
  readonly roleName?: string;

  /**
   * Install the plugin's Helm chart and an `AWSPCAClusterIssuer` for the CA on an existing EKS cluster.
   * @default - nothing is installed: install the chart yourself (see `clusterIssuerManifest` for the issuer)
   */
  readonly install?: PrivateCaIssuerInstallOptions;
}

const DEFAULT_NAME = 'aws-privateca-issuer';

/**
 * The IAM role of aws-privateca-issuer (the cert-manager external issuer for AWS Private CA) on one EKS cluster:
 * trusted by exactly one namespace and service account through EKS Pod Identity or IRSA, and allowed exactly what
 * the plugin needs on one CA (`PrivateCaIssuerPolicy`): `IssueCertificate` with the chosen templates only
 * (condition `acm-pca:TemplateArn`), `GetCertificate` and `DescribeCertificateAuthority`.
 *
 * The CA may be a `SharedCa` of another account: every template is then checked against the share's permission at
 * synthesis. Optionally installs the plugin's Helm chart and an `AWSPCAClusterIssuer` on an existing cluster.
 *
 * @resource AWS::IAM::Role
 * @see https://github.com/cert-manager/aws-privateca-issuer
 */
export class PrivateCaIssuerRole extends Resource implements iam.IGrantable {
  /** The role. */
  public readonly role: iam.Role;
  /** ARN of the role. */
  public readonly roleArn: string;
  /** The plugin's policy on the CA. */
  public readonly policy: PrivateCaIssuerPolicy;
  public readonly grantPrincipal: iam.IPrincipal;
  /** Namespace of the plugin. */
  public readonly namespace: string;
  /** Service account of the plugin. */
  public readonly serviceAccountName: string;
  /** The Pod Identity association, with `KubernetesIdentity.podIdentity`. */
  public readonly podIdentityAssociation?: eks.CfnPodIdentityAssociation;
  /** The Helm chart, with `install`. */
  public readonly chart?: eks.HelmChart;
  /** The `AWSPCAClusterIssuer`, with `install`. */
  public readonly clusterIssuer?: eks.KubernetesManifest;

  private readonly caArn: string;
  private readonly caRegion: string;
  private readonly issuerDefaultTemplateName?: string;

  constructor(scope: Construct, id: string, props: PrivateCaIssuerRoleProps) {
    super(scope, id);
    const identity = props.identity;
    this.namespace = props.namespace ?? DEFAULT_NAME;
    this.serviceAccountName = props.serviceAccountName ?? DEFAULT_NAME;
    this.caArn = props.certificateAuthority.certificateAuthorityArn;
    this.caRegion = props.certificateAuthority.env.region;
    this.issuerDefaultTemplateName = props.issuerDefaultTemplate?.templateName;

    const errors = new ValidationErrors('PrivateCaIssuerRole', this);
    [
      dns1123LabelProblem('namespace', this.namespace, 'cert-manager'),
      dns1123SubdomainProblem('serviceAccountName', this.serviceAccountName, DEFAULT_NAME),
    ].forEach((p) => p && errors.add(p));
    const clusterName = identity.clusterName;
    if (identity.kind === KubernetesIdentityKind.POD_IDENTITY && isConcrete(clusterName) && !EKS_CLUSTER_NAME_PATTERN.test(clusterName)) {
      errors.add(`KubernetesIdentity.podIdentity cluster name '${identity.clusterName}' is not an EKS cluster name; use the cluster's name `
        + '(1 to 100 letters, digits, \'-\' and \'_\', starting with a letter or digit), not its ARN');
    }
    if (props.install) {
      installProblems(props.install, identity).forEach((p) => errors.add(p));
    }
    let policy: PrivateCaIssuerPolicy | undefined;
    try {
      policy = new PrivateCaIssuerPolicy(this, 'Policy', props);
    } catch (e) {
      errors.add((e as Error).message);
    }
    errors.throwIfAny();
    this.policy = policy!;

    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      assumedBy: this.trust(identity),
      description: `cdk-pki: aws-privateca-issuer in ${this.namespace}/${this.serviceAccountName} `
        + `(${identity.kind === KubernetesIdentityKind.POD_IDENTITY ? 'EKS Pod Identity' : 'IRSA'}) issues from one CA`,
    });
    this.roleArn = this.role.roleArn;
    this.grantPrincipal = this.role;
    this.policy.grant(this.role);

    if (identity.kind === KubernetesIdentityKind.POD_IDENTITY) {
      // aws-eks is loaded here, when used, not with the library.
      const { CfnPodIdentityAssociation } = loadEks();
      this.podIdentityAssociation = new CfnPodIdentityAssociation(this, 'PodIdentityAssociation', {
        clusterName: identity.clusterName!,
        namespace: this.namespace,
        serviceAccount: this.serviceAccountName,
        roleArn: this.role.roleArn,
      });
      // The association must not be created before the role may be used.
      this.podIdentityAssociation.node.addDependency(this.role);
    }

    if (props.install) {
      const install = props.install;
      const serviceAccount: Record<string, unknown> = {
        ...(install.values?.serviceAccount ?? {}),
        create: true,
        name: this.serviceAccountName,
      };
      if (identity.kind === KubernetesIdentityKind.IRSA) {
        serviceAccount.annotations = { ...(install.values?.serviceAccount?.annotations ?? {}), [IRSA_ROLE_ARN_ANNOTATION]: this.role.roleArn };
      }
      const { HelmChart, KubernetesManifest } = loadEks();
      this.chart = new HelmChart(this, 'Chart', {
        cluster: install.cluster,
        repository: PRIVATECA_ISSUER_HELM_REPOSITORY,
        chart: PRIVATECA_ISSUER_HELM_CHART,
        version: install.chartVersion ?? PRIVATECA_ISSUER_HELM_CHART_VERSION,
        release: install.releaseName ?? DEFAULT_NAME,
        namespace: this.namespace,
        createNamespace: true,
        wait: true,
        values: { ...(install.values ?? {}), serviceAccount },
      });
      // The plugin's pods start with their credentials in place.
      this.chart.node.addDependency(this.role);
      if (this.podIdentityAssociation) {
        this.chart.node.addDependency(this.podIdentityAssociation);
      }
      this.clusterIssuer = new KubernetesManifest(this, 'ClusterIssuer', {
        cluster: install.cluster,
        manifest: [this.clusterIssuerManifest(install.clusterIssuerName)],
        overwrite: true,
      });
      // The chart brings the AWSPCAClusterIssuer CRD.
      this.clusterIssuer.node.addDependency(this.chart);
      acknowledgeKubectlProvider(this, install.cluster);
    }
  }

  /**
   * The `AWSPCAClusterIssuer` for the CA (`spec.arn`, `spec.region`, and `spec.pcaTemplate.defaultTemplateName`
   * when `issuerDefaultTemplate` is set), for clusters whose manifests are deployed otherwise (GitOps); `install`
   * applies the same.
   *
   * @param name name of the issuer
   * @default 'aws-privateca-issuer'
   */
  public clusterIssuerManifest(name?: string): Record<string, any> {
    const issuerName = name ?? DEFAULT_NAME;
    const problem = dns1123SubdomainProblem('clusterIssuerName', issuerName, DEFAULT_NAME);
    if (problem) {
      throw new Error(`PrivateCaIssuerRole '${this.node.path}': ${problem}`);
    }
    return {
      apiVersion: PRIVATECA_ISSUER_API_VERSION,
      kind: PRIVATECA_ISSUER_CLUSTER_ISSUER_KIND,
      metadata: { name: issuerName },
      spec: {
        arn: this.caArn,
        region: this.caRegion,
        ...(this.issuerDefaultTemplateName ? { pcaTemplate: { defaultTemplateName: this.issuerDefaultTemplateName } } : {}),
      },
    };
  }

  private trust(identity: KubernetesIdentity): iam.IPrincipal {
    if (identity.kind === KubernetesIdentityKind.POD_IDENTITY) {
      const tag = (key: string) => `${REQUEST_TAG_CONDITION_KEY_PREFIX}${key}`;
      // Any Pod Identity association of the account could otherwise assume the role (pod-id-role.html).
      return new iam.SessionTagsPrincipal(new iam.ServicePrincipal(EKS_POD_IDENTITY_SERVICE_PRINCIPAL).withConditions({
        StringEquals: {
          [tag(EKS_POD_IDENTITY_TAG_CLUSTER_NAME)]: identity.clusterName!,
          [tag(EKS_POD_IDENTITY_TAG_NAMESPACE)]: this.namespace,
          [tag(EKS_POD_IDENTITY_TAG_SERVICE_ACCOUNT)]: this.serviceAccountName,
        },
      }));
    }
    const provider = identity.openIdConnectProvider!;
    const issuer = provider.openIdConnectProviderIssuer;
    const conditions = {
      [`${issuer}:aud`]: IRSA_AUDIENCE,
      [`${issuer}:sub`]: irsaSubject(this.namespace, this.serviceAccountName),
    };
    // Condition keys cannot be tokens: an issuer known only at deployment goes through CfnJson (a custom resource
    // of aws-cdk-lib), as aws-cdk-lib's own eks.ServiceAccount does.
    const stringEquals = Token.isUnresolved(issuer) ? new CfnJson(this, 'TrustConditions', { value: conditions }) : conditions;
    return new iam.OpenIdConnectPrincipal(provider, { StringEquals: stringEquals });
  }
}

/**
 * cdk-nag findings on aws-cdk-lib's kubectl provider (the nested stack that runs Helm and kubectl for eks.HelmChart and
 * eks.KubernetesManifest), which `install` brings into the stack. Exact finding ids, as cdk-nag 3 reports them.
 */
const KUBECTL_PROVIDER_FINDINGS: Array<[string, string]> = [
  ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'aws-cdk-lib\'s kubectl provider gives its functions the AWS managed logging policy; the library cannot change aws-cdk-lib\'s roles.'],
  ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly]',
    'aws-cdk-lib\'s kubectl handler pulls Helm charts from ECR registries with this AWS managed policy.'],
  ['AwsSolutions-IAM4[Policy::{"Fn::If":["HandlerHasEcrPublic195AF58A",{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly"]]},{"Ref":"AWS::NoValue"}]}]',
    'aws-cdk-lib\'s kubectl handler reads public ECR (where OCI charts live) with this AWS managed policy, in the aws partition only.'],
  ['AwsSolutions-L1',
    'The runtimes of aws-cdk-lib\'s kubectl provider are chosen by aws-cdk-lib (the handler needs the Python of its kubectl and AWS CLI layers).'],
  ['AwsSolutions-IAM5[Resource::<Handler886CB40B.Arn>:*]',
    'aws-cdk-lib\'s provider framework may invoke every version of its own kubectl handler function, and nothing else.'],
];

function acknowledgeKubectlProvider(scope: Construct, cluster: eks.ICluster): void {
  // A cluster made in the app has a provider of its own, which its author answers for; an imported cluster gets one
  // per stack, made for this install (HelmChart asks for the same one).
  const { Cluster, KubectlProvider } = loadEks();
  if (cluster instanceof Cluster) {
    return;
  }
  const provider = KubectlProvider.getOrCreate(scope, cluster);
  if (provider instanceof Construct) {
    const why = ' It runs only at deployment, for the Helm install of aws-privateca-issuer (PrivateCaIssuerRole install); '
      + 'leave install unset and install the chart another way (GitOps, clusterIssuerManifest) to have no such provider.';
    for (const [id, reason] of KUBECTL_PROVIDER_FINDINGS) {
      acknowledgeNag(provider, id, reason + why);
    }
  }
}

function installProblems(install: PrivateCaIssuerInstallOptions, identity: KubernetesIdentity): string[] {
  const problems: string[] = [];
  const cluster = install.cluster;
  [
    dns1123LabelProblem('install.releaseName', install.releaseName, DEFAULT_NAME, HELM_RELEASE_NAME_MAX_LENGTH),
    dns1123SubdomainProblem('install.clusterIssuerName', install.clusterIssuerName, DEFAULT_NAME),
  ].forEach((p) => p && problems.push(p));
  if (cluster.kubectlProvider === undefined) {
    if (cluster.kubectlRole === undefined) {
      problems.push(`install.cluster '${cluster.node.path}' has no kubectl role, so Helm cannot reach it; import it with `
        + 'eks.Cluster.fromClusterAttributes({ clusterName, kubectlRoleArn, kubectlLayer }) where kubectlRoleArn is a role with cluster-admin access');
    }
    if (cluster.kubectlLayer === undefined) {
      problems.push(`install.cluster '${cluster.node.path}' has no kubectlLayer, and aws-cdk-lib's kubectl provider has no helm or kubectl without one; `
        + 'give fromClusterAttributes a kubectlLayer, for example new KubectlV33Layer(this, \'Kubectl\') from @aws-cdk/lambda-layer-kubectl-v33');
    }
  }
  if (identity.kind === KubernetesIdentityKind.POD_IDENTITY && isConcrete(identity.clusterName) && isConcrete(cluster.clusterName)
    && identity.clusterName !== cluster.clusterName) {
    problems.push(`KubernetesIdentity.podIdentity names cluster '${identity.clusterName}' but install.cluster is '${cluster.clusterName}'; `
      + 'the association and the chart must be on the same cluster: use KubernetesIdentity.podIdentity(cluster.clusterName)');
  }
  return problems;
}
