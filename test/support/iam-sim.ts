/**
 * Test support: takes IAM policies out of synthesized CloudFormation templates, resolves the
 * intrinsics they contain to concrete values, and evaluates requests against them with
 * `@cloud-copilot/iam-simulate` (a dev-only dependency).
 *
 * Nothing here knows the library's policies: every policy comes from a synthesized template, and the
 * resolver only knows how CloudFormation turns intrinsics into values.
 */
import { createHash } from 'node:crypto';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';
import type { EvaluationResult, Simulation } from '@cloud-copilot/iam-simulate';
import { CfnElement, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';

/** An IAM policy document, as found in a template once resolved. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: unknown[];
}

/** A CloudFormation resource of a synthesized template. */
interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** Where a stack is deployed; the resolver turns pseudo parameters into these. */
export interface DeploymentEnvironment {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
}

/** A stable, UUID-shaped identifier derived from a seed (what AWS would generate at deployment). */
export function fakeUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The account of an ARN (its fifth field), or undefined when it has none (S3, templates). */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account === undefined || account === '' ? undefined : account;
}

/**
 * A synthesized stack whose template values can be resolved as CloudFormation would at deployment:
 * `Ref` of pseudo parameters and of resources, `Fn::GetAtt ... Arn`, `Fn::Join`, `Fn::Sub`, `Fn::Select`
 * and `Fn::Split`. Resources get deterministic physical ids (a UUID derived from the stack and logical
 * id for CAs, the logical id where CloudFormation would generate a name). Anything the resolver does
 * not know makes it throw, so a policy is never evaluated half-resolved.
 */
export class ResolvedStack {
  /** Synthesizes `stack` (its app) and wraps its template. */
  public static of(stack: Stack, partition = 'aws'): ResolvedStack {
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      throw new Error(`stack ${stack.stackName} needs a concrete env (account and region) to be resolved`);
    }
    return new ResolvedStack(stack.stackName, Template.fromStack(stack).toJSON() as CfnTemplate,
      { account: stack.account, region: stack.region, partition }, stack);
  }

  public readonly partition: string;
  private readonly resources: Record<string, CfnResource>;

  constructor(
    public readonly stackName: string,
    template: CfnTemplate,
    public readonly env: DeploymentEnvironment,
    private readonly stack?: Stack,
  ) {
    this.resources = template.Resources ?? {};
    this.partition = env.partition ?? 'aws';
  }

  /** What `Ref AWS::StackId` is at deployment: the stack's ARN, with a stable id. */
  public get stackId(): string {
    const { account, region } = this.env;
    return `arn:${this.partition}:cloudformation:${region}:${account}:stack/${this.stackName}/${fakeUuid(`${account}/${region}/${this.stackName}`)}`;
  }

  /** Logical id of a construct of the stack (its default child when it is an L2). */
  public logicalIdOf(construct: IConstruct): string {
    if (!this.stack) {
      throw new Error('logicalIdOf needs a ResolvedStack made with ResolvedStack.of(stack)');
    }
    const element = construct instanceof CfnElement ? construct : construct.node.defaultChild;
    if (!(element instanceof CfnElement)) {
      throw new Error(`${construct.node.path} is not, and has no, CloudFormation resource`);
    }
    return this.stack.resolve(element.logicalId) as string;
  }

  /** The resource with this logical id. */
  public resource(logicalId: string): CfnResource {
    const resource = this.resources[logicalId];
    if (!resource) {
      throw new Error(`${this.stackName} has no resource ${logicalId}`);
    }
    return resource;
  }

  /** Logical ids of the resources of one type that satisfy `predicate` (on their unresolved properties). */
  public logicalIds(type: string, predicate: (properties: Record<string, unknown>) => boolean = () => true): string[] {
    return Object.entries(this.resources)
      .filter(([, r]) => r.Type === type && predicate(r.Properties ?? {}))
      .map(([id]) => id);
  }

  /** What `Fn::GetAtt [logicalId, 'Arn']` is at deployment. */
  public arnOf(logicalId: string): string {
    return this.getAtt(logicalId, 'Arn');
  }

  /** The role with this (resolved) RoleName; throws unless there is exactly one. */
  public roleNamed(roleName: string): string {
    const ids = this.logicalIds('AWS::IAM::Role', (p) => p.RoleName !== undefined && this.resolve(p.RoleName) === roleName);
    if (ids.length !== 1) {
      throw new Error(`${this.stackName} has ${ids.length} roles named ${roleName}`);
    }
    return ids[0];
  }

  /** Whether the stack has a role with this (resolved) RoleName. */
  public hasRoleNamed(roleName: string): boolean {
    return this.logicalIds('AWS::IAM::Role', (p) => p.RoleName !== undefined && this.resolve(p.RoleName) === roleName).length > 0;
  }

  /** The trust policy of a role, resolved. */
  public trustPolicy(roleLogicalId: string): PolicyDocument {
    const role = this.resource(roleLogicalId);
    if (role.Type !== 'AWS::IAM::Role') {
      throw new Error(`${roleLogicalId} is a ${role.Type}, not an AWS::IAM::Role`);
    }
    return this.resolve(role.Properties?.AssumeRolePolicyDocument) as PolicyDocument;
  }

  /**
   * Every identity policy of a role, resolved: its inline `Policies` and the `AWS::IAM::Policy`
   * resources of the stack attached to it. Managed policies are not supported (their text is not in
   * the template), so a role with any makes this throw rather than under-report.
   */
  public identityPolicies(roleLogicalId: string): Array<{ name: string; policy: PolicyDocument }> {
    const role = this.resource(roleLogicalId);
    const props = role.Properties ?? {};
    if (props.ManagedPolicyArns !== undefined || props.PermissionsBoundary !== undefined) {
      throw new Error(`${roleLogicalId} has managed policies or a permissions boundary, which this helper cannot evaluate`);
    }
    const inline = ((props.Policies ?? []) as Array<{ PolicyName: unknown; PolicyDocument: unknown }>).map((p) => ({
      name: String(this.resolve(p.PolicyName)),
      policy: this.resolve(p.PolicyDocument) as PolicyDocument,
    }));
    const attached = this.logicalIds('AWS::IAM::Policy', (p) => ((p.Roles ?? []) as unknown[])
      .some((r) => typeof r === 'object' && r !== null && (r as Record<string, unknown>).Ref === roleLogicalId))
      .map((id) => {
        const p = this.resource(id).Properties ?? {};
        return { name: String(this.resolve(p.PolicyName)), policy: this.resolve(p.PolicyDocument) as PolicyDocument };
      });
    const managedAttachments = this.logicalIds('AWS::IAM::ManagedPolicy', (p) => ((p.Roles ?? []) as unknown[])
      .some((r) => typeof r === 'object' && r !== null && (r as Record<string, unknown>).Ref === roleLogicalId));
    if (managedAttachments.length > 0) {
      throw new Error(`${roleLogicalId} has AWS::IAM::ManagedPolicy attachments, which this helper does not read`);
    }
    return [...inline, ...attached];
  }

  /** Resolves every intrinsic in `value` (deeply). */
  public resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(v));
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], obj[keys[0]]);
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(obj[k])]));
  }

  private intrinsic(name: string, arg: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(String(arg));
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
        return this.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map((p) => this.scalar(p, 'Fn::Join')).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = this.resolve(list) as unknown[];
        return items[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return this.scalar(this.resolve(source), 'Fn::Split').split(separator);
      }
      case 'Fn::Sub': {
        const [text, vars] = (typeof arg === 'string' ? [arg, {}] : arg) as [string, Record<string, unknown>];
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, ref: string) => {
          if (vars[ref] !== undefined) {
            return this.scalar(this.resolve(vars[ref]), 'Fn::Sub');
          }
          return this.scalar(ref.includes('.') ? this.intrinsic('Fn::GetAtt', ref) : this.ref(ref), 'Fn::Sub');
        });
      }
      default:
        throw new Error(`${this.stackName}: intrinsic ${name} is not supported by the test resolver`);
    }
  }

  private scalar(value: unknown, where: string): string {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`${this.stackName}: ${where} met a non-scalar value ${JSON.stringify(value)}`);
    }
    return String(value);
  }

  private ref(name: string): string {
    const { account, region } = this.env;
    switch (name) {
      case 'AWS::Partition': return this.partition;
      case 'AWS::AccountId': return account;
      case 'AWS::Region': return region;
      case 'AWS::URLSuffix': return this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName': return this.stackName;
      case 'AWS::StackId': return this.stackId;
      default:
        break;
    }
    const resource = this.resource(name);
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      // Ref of these is their name: the given one, else a generated one (here the logical id).
      case 'AWS::SSM::Parameter': return props.Name !== undefined ? this.scalar(this.resolve(props.Name), 'Ref') : name;
      case 'AWS::IAM::Role': return props.RoleName !== undefined ? this.scalar(this.resolve(props.RoleName), 'Ref') : name;
      case 'AWS::Logs::LogGroup': return props.LogGroupName !== undefined ? this.scalar(this.resolve(props.LogGroupName), 'Ref') : name;
      case 'AWS::Lambda::Function': return props.FunctionName !== undefined ? this.scalar(this.resolve(props.FunctionName), 'Ref') : name;
      // Ref of an alias is its ARN: the function's, qualified by the alias name.
      case 'AWS::Lambda::Alias': {
        const functionName = this.scalar(this.resolve(props.FunctionName), 'Ref');
        const functionArn = functionName.startsWith('arn:') ? functionName : `arn:${this.partition}:lambda:${region}:${account}:function:${functionName}`;
        return `${functionArn}:${this.scalar(this.resolve(props.Name), 'Ref')}`;
      }
      // Ref of a CA is its ARN.
      case 'AWS::ACMPCA::CertificateAuthority': return this.getAtt(name, 'Arn');
      // Ref of a bucket is its name: the given one, else a generated lower-case one.
      case 'AWS::S3::Bucket': return props.BucketName !== undefined ? this.scalar(this.resolve(props.BucketName), 'Ref') : name.toLowerCase();
      // Ref of a distribution is its id: E and 13 upper-case letters and digits.
      case 'AWS::CloudFront::Distribution': return 'E' + createHash('sha256').update(`${this.stackName}/${name}`).digest('hex').slice(0, 13).toUpperCase();
      // Ref of an activation is the ARN of the CA it activates.
      case 'AWS::ACMPCA::CertificateAuthorityActivation': return this.scalar(this.resolve(props.CertificateAuthorityArn), 'Ref');
      // Ref of a topic is its ARN: the given name, else a generated one (here the logical id).
      case 'AWS::SNS::Topic':
        return `arn:${this.partition}:sns:${region}:${account}:${props.TopicName !== undefined ? this.scalar(this.resolve(props.TopicName), 'Ref') : name}`;
      // Ref of a Config rule is its name: the given one, else a generated one (here the logical id).
      case 'AWS::Config::ConfigRule': return props.ConfigRuleName !== undefined ? this.scalar(this.resolve(props.ConfigRuleName), 'Ref') : name;
      default:
        throw new Error(`${this.stackName}: Ref of a ${resource.Type} (${name}) is not supported by the test resolver`);
    }
  }

  private getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const { account, region } = this.env;
    const p = this.partition;
    // The signing custom resource hands out the ARN of the CA it signed (once that CA is ACTIVE).
    if (resource.Type === 'Custom::PkiSubordinateCaCertificate' && attribute === 'CertificateAuthorityArn') {
      return this.scalar(this.resolve(resource.Properties?.CertificateAuthorityArn), 'Fn::GetAtt');
    }
    if (attribute !== 'Arn') {
      throw new Error(`${this.stackName}: Fn::GetAtt ${logicalId}.${attribute} is not supported by the test resolver`);
    }
    switch (resource.Type) {
      case 'AWS::ACMPCA::CertificateAuthority':
        return `arn:${p}:acm-pca:${region}:${account}:certificate-authority/${fakeUuid(`${account}/${region}/${this.stackName}/${logicalId}`)}`;
      case 'AWS::IAM::Role':
        return `arn:${p}:iam::${account}:role/${this.ref(logicalId)}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${p}:logs:${region}:${account}:log-group:${this.ref(logicalId)}:*`;
      case 'AWS::Lambda::Function':
        return `arn:${p}:lambda:${region}:${account}:function:${this.ref(logicalId)}`;
      case 'AWS::S3::Bucket':
        return `arn:${p}:s3:::${this.ref(logicalId)}`;
      case 'AWS::KMS::Key':
        return `arn:${p}:kms:${region}:${account}:key/${fakeUuid(`${account}/${region}/${this.stackName}/${logicalId}`)}`;
      case 'AWS::SSM::Parameter': {
        const parameterName = this.ref(logicalId);
        return `arn:${p}:ssm:${region}:${account}:parameter${parameterName.startsWith('/') ? '' : '/'}${parameterName}`;
      }
      default:
        throw new Error(`${this.stackName}: Fn::GetAtt ${logicalId}.Arn of a ${resource.Type} is not supported by the test resolver`);
    }
  }
}

/** The caller of an unsigned request (SimulatedRequest.principal). */
export const ANONYMOUS = 'anonymous';

/** One request to evaluate. */
export interface SimulatedRequest {
  /**
   * ARN of the caller: a role, an assumed-role session, a user; a service principal such as
   * `acm-pca.amazonaws.com`; or ANONYMOUS for an unsigned request.
   */
  readonly principal: string;
  readonly action: string;
  /** Resource ARN, or '*' for actions that take none. */
  readonly resource: string;
  /**
   * Account that owns the resource.
   * @default - the account in the resource ARN, else the principal's
   */
  readonly resourceAccount?: string;
  /** Request context keys, such as `acm-pca:TemplateArn` or `aws:PrincipalOrgID`. */
  readonly context?: Record<string, string | string[]>;
  /** The caller's identity policies. */
  readonly identityPolicies?: ReadonlyArray<{ name: string; policy: PolicyDocument }>;
  /** Resource policy of the target (for sts:AssumeRole, the role's trust policy). */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * For S3 requests: whether the bucket's Block Public Access (RestrictPublicBuckets) applies.
   * @default false
   */
  readonly s3BlockPublicAccess?: boolean;
}

/**
 * Evaluates one request with the simulator (strict mode, no SCPs or RCPs) and returns its decision.
 * Throws when the simulator rejects the input (an invalid policy, action or ARN) or ignores a
 * context key given, so a test never passes because its request was misunderstood.
 */
export async function simulate(request: SimulatedRequest): Promise<EvaluationResult> {
  const anonymous = request.principal === ANONYMOUS;
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource) ?? (anonymous ? undefined : accountOfArn(request.principal));
  if (resourceAccount === undefined) {
    throw new Error(`no account for resource ${request.resource}; pass resourceAccount`);
  }
  const simulation: Simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: { ...request.context },
    },
    identityPolicies: (request.identityPolicies ?? []).map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy,
    additionalSettings: request.s3BlockPublicAccess ? { s3: { blockPublicAccess: true } } : undefined,
  };
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType === 'error') {
    throw new Error(`the simulator rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (result.resultType === 'single' && (result.result.ignoredContextKeys ?? []).length > 0) {
    throw new Error(`the simulator ignored context keys ${result.result.ignoredContextKeys!.join(', ')} for ${request.action}`);
  }
  if (result.resultType === 'wildcard') {
    for (const r of result.results) {
      if ((r.ignoredContextKeys ?? []).length > 0) {
        throw new Error(`the simulator ignored context keys ${r.ignoredContextKeys!.join(', ')} for ${request.action}`);
      }
    }
  }
  return result.overallResult;
}
