import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { TEMPLATE_ARN_CONDITION_KEY } from './aws-strings';
import { acknowledgeNag } from './nag';
import { SIGNING_HANDLER_ROLE_PATH } from './signing';

/** Runtime of every Lambda function this library ships: the newest Node.js that aws-cdk-lib 2.257 knows. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Where the bundled handlers are (assets/<name>/index.js, built by scripts/bundle-handlers.mjs). */
export function handlerAssetPath(name: string): string {
  // src/private (ts-jest) and lib/private (compiled) are both two levels below the package root.
  return path.join(__dirname, '..', '..', 'assets', name);
}

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

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
    });

    // Roles without the AWSLambdaBasicExecutionRole managed policy: each may write to its log group only.
    this.handlerRole = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // Parents' signer roles trust only roles under this path.
      path: SIGNING_HANDLER_ROLE_PATH,
      description: 'cdk-pki: signs subordinate CA certificates and installs them',
    });
    const frameworkRole = new iam.Role(this, 'FrameworkRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-pki: custom resource provider framework of the signing handler',
    });
    for (const role of [this.handlerRole, frameworkRole]) {
      logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    }

    const handler = new lambda.Function(this, 'Handler', {
      description: 'cdk-pki: signs subordinate CA CSRs with their parent CA and installs the certificates',
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(handlerAssetPath('ca-signer')),
      timeout: Duration.minutes(5),
      memorySize: 256,
      role: this.handlerRole,
      logGroup,
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: frameworkRole,
      logGroup,
    });
    this.serviceToken = provider.serviceToken;
    this.ready = new DependencyGroup(handler, this.handlerRole);

    const handlerLogicalId = Stack.of(this).getLogicalId(handler.node.defaultChild as lambda.CfnFunction);
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
