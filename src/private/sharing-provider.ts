import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { LibraryFunction } from './library-function';
import { acknowledgeNag } from './nag';

const PROVIDER_ID = 'CdkPkiCaPolicyProvider';

/**
 * The custom-resource provider that writes CA resource policies (acm-pca PutPolicy / DeletePolicy): one
 * per stack, shared by every CaResourcePolicy in it. CloudFormation has no resource for a CA's policy.
 */
export class CaPolicyProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): CaPolicyProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as CaPolicyProvider | undefined) ?? new CaPolicyProvider(stack, PROVIDER_ID);
  }

  public readonly serviceToken: string;
  /** The handler, its role and its policy: custom resources depend on them, so permissions exist before they run. */
  public readonly ready: IDependable;
  private readonly handlerRole: iam.Role;
  private readonly granted = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const handler = new LibraryFunction(this, 'Handler', {
      handler: 'ca-policy',
      description: 'writes the resource policies of AWS Private CA CAs (PutPolicy / DeletePolicy)',
      // A few calls with the SDK's retries (ConcurrentModificationException included).
      timeout: Duration.minutes(2),
    });
    this.handlerRole = handler.role;

    // The framework's role gets no AWSLambdaBasicExecutionRole either: it writes to the handler's log group.
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-pki: custom resource provider framework of the CA policy handler',
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
      'The runtime of the provider framework\'s function is chosen, and kept current, by aws-cdk-lib; the CA policy handler runs on the newest runtime.');
  }

  /**
   * The handler may write and delete the resource policy of this CA, and describe it (to tell a deleted CA
   * from a failure), and nothing else.
   */
  public grantCa(certificateAuthorityArn: string): void {
    if (this.granted.has(certificateAuthorityArn)) return;
    this.granted.add(certificateAuthorityArn);
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:PutPolicy', 'acm-pca:DeletePolicy', 'acm-pca:DescribeCertificateAuthority'],
      resources: [certificateAuthorityArn],
    }));
  }
}
