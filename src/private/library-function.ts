import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Runtime of every Lambda function this library ships: the newest Node.js that aws-cdk-lib 2.257 knows. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Where the bundled handlers are (assets/<name>/index.js, built by scripts/bundle-handlers.mjs). */
export function handlerAssetPath(name: string): string {
  // src/private (ts-jest) and lib/private (compiled) are both two levels below the package root.
  return path.join(__dirname, '..', '..', 'assets', name);
}

export interface LibraryFunctionProps {
  /** Folder of the handler under lambda/ (and assets/). */
  readonly handler: string;
  /** What the function does, prefixed with `cdk-pki: `. */
  readonly description: string;
  /** @default Duration.minutes(1) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /**
   * IAM path of the function's role.
   * @default '/'
   */
  readonly rolePath?: string;
}

/**
 * A Lambda function of this library: a bundled handler from assets/, on the library's runtime and arm64,
 * with its own log group and a role that may write to that log group and nothing else until grants are
 * added (no AWSLambdaBasicExecutionRole managed policy).
 */
export class LibraryFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LibraryFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      path: props.rolePath,
      description: `cdk-pki: role of the ${props.handler} function`,
    });
    this.logGroup.grant(this.role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    this.function = new lambda.Function(this, 'Function', {
      description: `cdk-pki: ${props.description}`,
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(handlerAssetPath(props.handler)),
      timeout: props.timeout ?? Duration.minutes(1),
      memorySize: props.memorySize ?? 256,
      environment: props.environment,
      role: this.role,
      logGroup: this.logGroup,
    });
  }

  /** Adds a statement to the function's role. */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role.addToPrincipalPolicy(statement);
  }
}
