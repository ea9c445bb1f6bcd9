import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { TEMPLATE_ARN_CONDITION_KEY } from './aws-strings';
import { LibraryFunction } from './library-function';
import { acknowledgeNag } from './nag';
import { SIGNING_HANDLER_ROLE_PATH } from './signing';

const PROVIDER_ID = 'CdkPkiSigningProvider';

/**
 * The custom-resource provider that signs subordinate CAs: one per stack, shared by every CA in it, so
 * a stack with many CAs still deploys exactly two Lambda functions (the handler and the provider
 * framework's).
 */
export class SigningProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): SigningProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as SigningProvider | undefined) ?? new SigningProvider(stack, PROVIDER_ID);
  }

  public readonly serviceToken: string;
  /** The handler, its role and its policy: custom resources depend on them, so permissions exist before they run. */
  public readonly ready: IDependable;
  private readonly handlerRole: iam.Role;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const handler = new LibraryFunction(this, 'Handler', {
      handler: 'ca-signer',
      description: 'signs subordinate CA CSRs with their parent CA and installs the certificates',
      // The SDK waiter gives issuance up to 240 s; the rest is for the calls around it.
      timeout: Duration.minutes(5),
      // Parents' signer roles trust only roles under this path.
      rolePath: SIGNING_HANDLER_ROLE_PATH,
    });
    this.handlerRole = handler.role;

    // The framework's role gets no AWSLambdaBasicExecutionRole either: it writes to the handler's log group.
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-pki: custom resource provider framework of the signing handler',
    });
    handler.logGroup.grant(frameworkRole, 'logs:CreateLogStream', 'logs:PutLogEvents');

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler.function,
      frameworkOnEventRole: frameworkRole,
      logGroup: handler.logGroup,
    });
    this.serviceToken = provider.serviceToken;
    this.ready = new DependencyGroup(handler.function, this.handlerRole);

    const handlerLogicalId = Stack.of(this).getLogicalId(handler.function.node.defaultChild as lambda.CfnFunction);
    acknowledgeNag(frameworkRole, `AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
      'aws-cdk-lib\'s provider framework may invoke every version of its own handler (the function ARN with :*), and nothing else.');
    acknowledgeNag(provider, 'AwsSolutions-L1',
      'The runtime of the provider framework\'s function is chosen, and kept current, by aws-cdk-lib; the signing handler runs on the newest runtime.');
  }

  /** The handler may install a certificate into, read, and disable this subordinate CA. */
  public grantSubordinate(certificateAuthorityArn: string): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'acm-pca:ImportCertificateAuthorityCertificate',
        'acm-pca:GetCertificateAuthorityCertificate',
        'acm-pca:DescribeCertificateAuthority',
        'acm-pca:UpdateCertificateAuthority',
      ],
      resources: [certificateAuthorityArn],
    }));
  }

  /**
   * The handler may have a parent in this stack sign with the given template only, read what it
   * issued, and revoke when asked.
   */
  public grantParent(certificateAuthorityArn: string, templateArn: string, revoke: boolean): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [certificateAuthorityArn],
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templateArn } },
    }));
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority', ...(revoke ? ['acm-pca:RevokeCertificate'] : [])],
      resources: [certificateAuthorityArn],
    }));
  }

  /** The handler may assume a parent's signer role in another account or Region. */
  public grantAssumeSignerRole(roleArn: string): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [roleArn],
    }));
  }
}
