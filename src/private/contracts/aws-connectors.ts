/**
 * AWS strings of the connectors (ScepConnector, ActiveDirectoryConnector) and the Kubernetes issuer
 * (PrivateCaIssuerRole). Part of aws-strings.ts. AWS-FACTS 14; the service principals and RAM permissions are in
 * aws-sharing.ts (PCA_CONNECTOR_*_SERVICE_PRINCIPAL, RAM_PERMISSION_BLANK_END_ENTITY_*). Property names and
 * patterns are those of the CloudFormation registry schemas AWS::PCAConnectorSCEP::* and AWS::PCAConnectorAD::*
 * (as shipped with cfn-lint 1.51).
 */

/** AWS::PCAConnectorSCEP::Connector IntuneConfiguration.AzureApplicationId: 15-100 characters, five groups of 2-15 letters or digits. */
export const SCEP_AZURE_APPLICATION_ID_PATTERN = /^[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}-[a-zA-Z0-9]{2,15}$/;
export const SCEP_AZURE_APPLICATION_ID_MIN_LENGTH = 15;
export const SCEP_AZURE_APPLICATION_ID_MAX_LENGTH = 100;
/** AWS::PCAConnectorSCEP::Connector IntuneConfiguration.Domain: 1-256 of letters, digits, '.', '_' and '-'. */
export const SCEP_INTUNE_DOMAIN_PATTERN = /^[a-zA-Z0-9._-]+$/;
export const SCEP_INTUNE_DOMAIN_MAX_LENGTH = 256;
/** IAM action that reads a SCEP challenge password (resource type Challenge; IAM service reference for pca-connector-scep). */
export const SCEP_GET_CHALLENGE_PASSWORD_ACTION = 'pca-connector-scep:GetChallengePassword';

/** Directory Service directory id: `d-` and 10 lowercase hexadecimal digits (AWS::PCAConnectorAD::* DirectoryId pattern). */
export const AD_DIRECTORY_ID_PATTERN = /^d-[0-9a-f]{10}$/;
/**
 * AWS::PCAConnectorAD::Connector VpcInformation.SecurityGroupIds: the CloudFormation schema allows 1 to 5, but the
 * Connector for AD API reference (CreateConnector, VpcInformation) says "a maximum of 4". The library keeps to the
 * smaller number, which both accept: a fifth group passes CloudFormation's validation and fails at the API.
 * UNCONFIRMED which one AWS enforces; change it here alone if AWS documents 5.
 */
export const AD_MAX_SECURITY_GROUPS = 4;
/** Port of the Connector for AD VPC endpoint: its security groups must allow inbound TCP 443 from the VPC (AWS-FACTS 14). */
export const AD_ENDPOINT_PORT = 443;
/** AWS::PCAConnectorAD::Template Name: 1-64 printable ASCII characters, not only blanks, none of \ ' + , ; < = > # ". */
export const AD_TEMPLATE_NAME_PATTERN = /^(?!^\s+$)((?![\x5c'\x2b,;<=>#\x22])([\x20-\x7E]))+$/;
export const AD_TEMPLATE_NAME_MAX_LENGTH = 64;
/** AWS::PCAConnectorAD::TemplateGroupAccessControlEntry GroupSecurityIdentifier (7-256 characters) and GroupDisplayName (0-256 printable ASCII). */
export const AD_GROUP_SID_PATTERN = /^S-[0-9]-([0-9]+-){1,14}[0-9]+$/;
export const AD_GROUP_SID_MIN_LENGTH = 7;
export const AD_GROUP_SID_MAX_LENGTH = 256;
export const AD_GROUP_DISPLAY_NAME_PATTERN = /^[\x20-\x7E]+$/;
export const AD_GROUP_DISPLAY_NAME_MAX_LENGTH = 256;
/** AWS::PCAConnectorAD::Template ValidityPeriod.Period: 1 to 8766000. */
export const AD_VALIDITY_PERIOD_MAX = 8766000;

/**
 * EKS Pod Identity: the service principal that assumes the role, the actions its trust policy must allow, and the
 * session tags it sets (pod-id-role.html, pod-id-abac.html "List of session tags added by EKS Pod Identity"), which
 * the trust policy matches with `aws:RequestTag/<key>` to bind the role to one cluster, namespace and service
 * account. The tags are set unless the association has DisableSessionTags, which PrivateCaIssuerRole never sets.
 */
export const EKS_POD_IDENTITY_SERVICE_PRINCIPAL = 'pods.eks.amazonaws.com';
export const EKS_POD_IDENTITY_TRUST_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];
export const EKS_POD_IDENTITY_TAG_CLUSTER_NAME = 'eks-cluster-name';
export const EKS_POD_IDENTITY_TAG_NAMESPACE = 'kubernetes-namespace';
export const EKS_POD_IDENTITY_TAG_SERVICE_ACCOUNT = 'kubernetes-service-account';
/** IAM global condition key prefix for the tags of a request (here: the session tags of AssumeRole). */
export const REQUEST_TAG_CONDITION_KEY_PREFIX = 'aws:RequestTag/';
/** EKS cluster names: 1-100 characters, a letter or digit first, then letters, digits, '-' and '_' (CreateCluster API). */
export const EKS_CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * IRSA (IAM roles for service accounts): the trust is `sts:AssumeRoleWithWebIdentity` from the cluster's OIDC
 * provider with `<issuer>:sub` = `system:serviceaccount:<namespace>:<service account>` and `<issuer>:aud` =
 * `sts.amazonaws.com` (AWS-FACTS 14; EKS user guide associate-service-account-role.html), and the service account
 * carries the role in the annotation `eks.amazonaws.com/role-arn`.
 */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';
export const IRSA_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export function irsaSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * aws-privateca-issuer: Helm repository and chart (its README: `helm repo add awspca
 * https://cert-manager.github.io/aws-privateca-issuer`, chart `awspca/aws-privateca-issuer`), the newest chart
 * version when this was written (Chart.yaml of cert-manager/aws-privateca-issuer v1.9.1), and its issuer resources
 * (pkg/api/v1beta1: spec.arn, spec.region, spec.role, spec.pcaTemplate.defaultTemplateName).
 */
export const PRIVATECA_ISSUER_HELM_REPOSITORY = 'https://cert-manager.github.io/aws-privateca-issuer';
export const PRIVATECA_ISSUER_HELM_CHART = 'aws-privateca-issuer';
export const PRIVATECA_ISSUER_HELM_CHART_VERSION = 'v1.9.1';
export const PRIVATECA_ISSUER_API_VERSION = 'awspca.cert-manager.io/v1beta1';
export const PRIVATECA_ISSUER_CLUSTER_ISSUER_KIND = 'AWSPCAClusterIssuer';
/** Helm release names: at most 53 characters (Helm's limit, so that names derived from them fit 63). */
export const HELM_RELEASE_NAME_MAX_LENGTH = 53;
