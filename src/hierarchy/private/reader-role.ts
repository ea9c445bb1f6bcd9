/**
 * The role in a subordinate's account through which its parent's signing authority reads the subordinate CA's
 * CSR (and state): the authority signs only a key that AWS Private CA holds, whatever the request says.
 */
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { readerRoleNameOf } from './authority-function';
import { SIGNING_ROLE_PATH } from '../../private/contracts/authority';
import { PRINCIPAL_ARN_CONDITION_KEY, RESOURCE_TAG_CONDITION_KEY_PREFIX, certificateAuthorityArnPattern } from '../../private/contracts/aws-strings';
import { CA_TAGS } from '../../private/contracts/signing';
import { acknowledgeNag } from '../../private/nag';

export interface CsrReaderRoleProps {
  readonly hierarchyName: string;
  readonly caName: string;
  /** Account and Region of the subordinate CA (its stack's). */
  readonly account: string;
  readonly region: string;
  /** Account of the parent, whose authority assumes the role. */
  readonly parentAccount: string;
  /** ARN of the authority's role (exact; it exists: the parent deploys first). */
  readonly authorityRoleArn: string;
}

/** Creates the reader role of one subordinate CA (construct id `CsrReader`). */
export function csrReaderRole(scope: Construct, props: CsrReaderRoleProps): iam.Role {
  const role = new iam.Role(scope, 'CsrReader', {
    roleName: readerRoleNameOf(props),
    path: SIGNING_ROLE_PATH,
    description: `cdk-pki: lets the signing authority of ${props.hierarchyName} read the CSR of ${props.hierarchyName}/${props.caName}, and nothing else`,
    assumedBy: new iam.AccountPrincipal(props.parentAccount).withConditions({ ArnEquals: { [PRINCIPAL_ARN_CONDITION_KEY]: props.authorityRoleArn } }),
    maxSessionDuration: Duration.hours(1),
  });
  // Every generation of the CA (by its tags), since a new generation's ARN is not known before it exists.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadCsrOfThisCa',
    actions: ['acm-pca:GetCertificateAuthorityCsr', 'acm-pca:DescribeCertificateAuthority', 'acm-pca:ListTags'],
    resources: [certificateAuthorityArnPattern(Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID)],
    conditions: {
      StringEquals: {
        [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.hierarchy}`]: props.hierarchyName,
        [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.caName}`]: props.caName,
      },
    },
  }));
  // The pattern names the account and Region with pseudo parameters, whatever the stack's env.
  acknowledgeNag(role, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:acm-pca:<AWS::Region>:<AWS::AccountId>:certificate-authority/*]',
    'The reader role reads the CSR and state of the CAs tagged with this hierarchy and CA name only (condition aws:ResourceTag), '
    + 'every generation of it, whose ARNs the template cannot name.');
  return role;
}
