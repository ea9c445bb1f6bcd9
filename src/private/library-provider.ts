import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup } from 'constructs';
import { LibraryFunction, LibraryFunctionProps } from './library-function';
import { acknowledgeNag } from './nag';

export interface LibraryProviderProps extends LibraryFunctionProps {
  /** How the framework role's description and the cdk-nag reasons name the handler, for example `signing handler`. */
  readonly handlerName: string;
}

/**
 * A custom-resource provider of this library: a LibraryFunction handler (construct id `Handler`), a
 * framework role (`FrameworkRole`) without the AWSLambdaBasicExecutionRole managed policy that writes to
 * the handler's log group, the aws-cdk-lib provider (`Provider`), and the cdk-nag acknowledgements of what
 * aws-cdk-lib's framework does. Subclasses add the handler's grants through `handlerRole`.
 */
export abstract class LibraryProvider extends Construct {
  public readonly serviceToken: string;
  /** The handler, its role and its policy: custom resources depend on them, so permissions exist before they run. */
  public readonly ready: DependencyGroup;
  protected readonly handlerRole: iam.Role;
  protected readonly handlerFunction: lambda.Function;

  protected constructor(scope: Construct, id: string, props: LibraryProviderProps) {
    super(scope, id);

    const { handlerName, ...functionProps } = props;
    const handler = new LibraryFunction(this, 'Handler', functionProps);
    this.handlerRole = handler.role;
    this.handlerFunction = handler.function;

    // The framework's role gets no AWSLambdaBasicExecutionRole either: it writes to the handler's log group.
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `cdk-pki: custom resource provider framework of the ${handlerName}`,
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
      `The runtime of the provider framework's function is chosen, and kept current, by aws-cdk-lib; the ${handlerName} runs on the newest runtime.`);
  }
}
