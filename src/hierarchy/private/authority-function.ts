/**
 * The signing authority of a hierarchy in a parent's account and Region (lambda/signing-authority): the only
 * way a subordinate in another stack, account or Region gets a certificate from a parent of this app. One per
 * hierarchy and stack (a function with a fixed name), whatever the number of parents and subordinates; per
 * declared subordinate, an alias of the function, an invoker role that only that subordinate's signing handler
 * role may assume, and the declaration the authority checks every request against.
 */
import { createHash } from 'node:crypto';
import { Arn, Aws, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import type { SigningAuthority, SubordinateRegistration } from './authority';
import {
  AUTHORITY_HIERARCHY_ENV, AUTHORITY_PARENTS_ENV, SIGNING_ROLE_PATH, SubordinateDeclaration, authorityAliasName, authorityFunctionName,
  declarationParameterName, invokerRoleName, readerRoleName, signingHandlerRoleName, signingRoleArn,
} from '../../private/contracts/authority';
import { PRINCIPAL_ARN_CONDITION_KEY, TEMPLATE_ARN_CONDITION_KEY } from '../../private/contracts/aws-strings';
import { LibraryFunction } from '../../private/library-function';
import { acknowledgeNag, nagArn } from '../../private/nag';

/** SSM's standard tier holds values up to 4 KB; larger declarations (long name-constraint lists) go to the advanced tier. */
const STANDARD_PARAMETER_MAX_LENGTH = 4096;

/** Hex SHA-256, the digest the handler role's name uses when it must be cut (the handlers use the same). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Fixed name of the signing handler role of a stack (`cdk-pki-signing-<region>-<stack name>`). */
export function signingHandlerRoleNameOf(stack: Stack): string {
  return signingHandlerRoleName(stack.region, stack.stackName, sha256Hex);
}

/** The authority as its subordinates reach it: the alias they invoke and the role they assume for it. */
export interface AuthorityAddress {
  readonly functionArn: string;
  readonly invokerRoleArn: string;
  readonly authorityRoleArn: string;
}

/** A subordinate of a hierarchy, as the names of its authority's resources know it. */
export interface SubordinateName {
  readonly hierarchyName: string;
  readonly caName: string;
  readonly account: string;
  readonly region: string;
}

/** Where a subordinate's handler finds the authority of its parent, computed from names alone (any app). */
export function authorityAddress(partition: string, parentAccount: string, parentRegion: string, sub: SubordinateName): AuthorityAddress {
  const functionName = authorityFunctionName(sub.hierarchyName, parentRegion);
  const alias = authorityAliasName(sub.caName, sub.account, sub.region);
  return {
    functionArn: `arn:${partition}:lambda:${parentRegion}:${parentAccount}:function:${functionName}:${alias}`,
    invokerRoleArn: signingRoleArn(partition, parentAccount, invokerRoleName(sub.hierarchyName, alias, sha256Hex)),
    authorityRoleArn: signingRoleArn(partition, parentAccount, functionName),
  };
}

/** Name of the role in a subordinate's account that its parent's authority reads the CSR through. */
export function readerRoleNameOf(sub: SubordinateName): string {
  return readerRoleName(sub.hierarchyName, authorityAliasName(sub.caName, sub.account, sub.region), sha256Hex);
}

/** A parent CA of this stack that the authority signs with. */
interface AuthorityParent {
  readonly caName: string;
  readonly certificateAuthorityArn: string;
  readonly authority: SigningAuthority;
}

/**
 * The authority of one hierarchy in one stack. Made by the first parent of the stack with a subordinate in
 * another stack (or a declared one); every such parent of the hierarchy in the stack adds itself.
 */
export class AuthorityFunction extends Construct {
  /** The stack's authority of `hierarchyName`, created on first use. */
  public static of(scope: IConstruct, hierarchyName: string): AuthorityFunction {
    const stack = Stack.of(scope);
    const id = `CdkPkiAuthority-${hierarchyName}`;
    return (stack.node.tryFindChild(id) as AuthorityFunction | undefined) ?? new AuthorityFunction(stack, id, hierarchyName);
  }

  public readonly functionName: string;
  private readonly handler: LibraryFunction;
  private readonly parents: AuthorityParent[] = [];
  private readonly declared = new Map<string, SubordinateDeclaration>();
  private version?: lambda.IVersion;

  private constructor(scope: Construct, id: string, private readonly hierarchyName: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.functionName = authorityFunctionName(hierarchyName, stack.region);
    this.handler = new LibraryFunction(this, 'Handler', {
      handler: 'signing-authority',
      description: `signing authority of hierarchy ${hierarchyName}: signs only the subordinate CAs the parent's app declared`,
      // The SDK waiter gives issuance up to 240 s; the rest is for the reads around it.
      timeout: Duration.minutes(5),
      functionName: this.functionName,
      roleName: this.functionName,
      rolePath: SIGNING_ROLE_PATH,
      environment: {
        [AUTHORITY_HIERARCHY_ENV]: hierarchyName,
        [AUTHORITY_PARENTS_ENV]: Lazy.string({
          produce: () => stack.toJsonString(Object.fromEntries(this.parents.map((p) => [p.caName, p.certificateAuthorityArn]))),
        }),
      },
    });
    const role = this.handler.role;
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadDeclarations',
      actions: ['ssm:GetParameter'],
      resources: [Arn.format({ service: 'ssm', resource: 'parameter', resourceName: `cdk-pki/${hierarchyName}/*` }, stack)],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'AuditEvents',
      actions: ['events:PutEvents'],
      resources: [Arn.format({ service: 'events', resource: 'event-bus', resourceName: 'default' }, stack)],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadSubordinateCsrs',
      actions: ['sts:AssumeRole'],
      resources: Lazy.list({ produce: () => [...new Set([...this.declared.values()].map((d) => d.ReaderRoleArn))].sort() }),
    }));
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${nagArn(this, 'ssm', `parameter/cdk-pki/${hierarchyName}/*`)}]`,
      'The authority reads the declarations of its hierarchy\'s subordinates, one parameter each, all under this prefix.');
    claimName(this, stack, hierarchyName);
  }

  /** Adds a parent CA of this stack: the authority may sign with it only the templates its declared subordinates have. */
  public addParent(caName: string, certificateAuthorityArn: string, authority: SigningAuthority): void {
    const parent = { caName, certificateAuthorityArn, authority };
    this.parents.push(parent);
    const templates = Lazy.list({ produce: () => uniqueSorted(authority.remoteSubordinates.map((s) => s.template().templateArn)) });
    const role = this.handler.role;
    // Only the templates of the declared subordinates: the authority can never issue an end-entity certificate.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [certificateAuthorityArn],
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templates } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'],
      resources: [certificateAuthorityArn],
    }));
    let revokes = false;
    authority.onRemoteSubordinate((sub) => {
      this.declare(parent, sub);
      if (sub.revokeOnDelete && !revokes) {
        revokes = true;
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['acm-pca:RevokeCertificate'], resources: [certificateAuthorityArn] }));
      }
    });
  }

  /** The ARN of the function (unqualified). */
  public get functionArn(): string {
    return this.handler.function.functionArn;
  }

  private declare(parent: AuthorityParent, sub: SubordinateRegistration): void {
    const remote = sub.remote!;
    const stack = Stack.of(this);
    const caName = sub.caName;
    const aliasName = authorityAliasName(caName, remote.account, remote.region);
    const name = { hierarchyName: this.hierarchyName, caName, account: remote.account, region: remote.region };
    const declaration: SubordinateDeclaration = {
      Version: 1,
      HierarchyName: this.hierarchyName,
      ParentCaName: parent.caName,
      CaName: caName,
      Account: remote.account,
      Region: remote.region,
      Subject: sub.subject,
      KeyAlgorithm: sub.keyAlgorithm,
      TemplateArn: Lazy.string({ produce: () => sub.template().templateArn }),
      MaxValidity: { Type: Lazy.string({ produce: () => sub.validity().unit }), Value: Lazy.number({ produce: () => sub.validity().value }) },
      SigningAlgorithm: parent.authority.signingAlgorithm?.name,
      NameConstraints: sub.nameConstraints,
      CallerRoleArn: signingRoleArn(Aws.PARTITION, remote.account, remote.handlerRoleName),
      ReaderRoleArn: signingRoleArn(Aws.PARTITION, remote.account, readerRoleNameOf(name)),
      Revocation: sub.revokeOnDelete,
    };
    if (this.declared.has(aliasName)) {
      throw new Error(`${sub.scope.node.path}: hierarchy '${this.hierarchyName}' already has a subordinate named '${caName}' in account `
        + `${remote.account} and ${remote.region} signed from ${stack.stackName}; give each subordinate CA its own caName`);
    }
    this.declared.set(aliasName, declaration);

    const scope = new Construct(this, `Subordinate-${aliasName}`);
    const alias = new lambda.Alias(scope, 'Alias', { aliasName, version: this.currentVersion() });
    new iam.Role(scope, 'InvokerRole', {
      roleName: invokerRoleName(this.hierarchyName, aliasName, sha256Hex),
      path: SIGNING_ROLE_PATH,
      description: `cdk-pki: lets only the signing handler of ${this.hierarchyName}/${caName} ask the signing authority`,
      // The handler's role may not exist yet (subordinates deploy after their parent): the account is the
      // principal, and the condition names the exact role, which IAM checks at every AssumeRole.
      assumedBy: new iam.AccountPrincipal(remote.account).withConditions({ ArnEquals: { [PRINCIPAL_ARN_CONDITION_KEY]: declaration.CallerRoleArn } }),
      maxSessionDuration: Duration.hours(1),
      // Inline in the role (no AWS::IAM::Policy of its own): one resource less per subordinate in the parent's stack, whose resources are limited.
      inlinePolicies: {
        InvokeItsAlias: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [alias.functionArn] })],
        }),
      },
    });
    const value = Lazy.string({ produce: () => stack.toJsonString(declaration) });
    new ssm.CfnParameter(scope, 'Declaration', {
      name: declarationParameterName(this.hierarchyName, parent.caName, aliasName),
      type: 'String',
      value,
      tier: Lazy.string({ produce: () => declarationTier(stack.resolve(value)) }),
      description: `cdk-pki: what the signing authority signs for ${this.hierarchyName}/${caName} (account ${remote.account}, ${remote.region})`,
    });
  }

  private currentVersion(): lambda.IVersion {
    return this.version ??= this.handler.function.currentVersion;
  }

}

function declarationTier(value: unknown): string {
  return typeof value === 'string' && value.length > STANDARD_PARAMETER_MAX_LENGTH ? 'Advanced' : 'Standard';
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** Stacks of the app by the authority name they deploy: two would collide on the function's and role's fixed names. */
const claimed = new WeakMap<IConstruct, Map<string, string>>();

function claimName(scope: IConstruct, stack: Stack, hierarchyName: string): void {
  const root = scope.node.root;
  const names = claimed.get(root) ?? new Map<string, string>();
  claimed.set(root, names);
  const key = `${stack.account}/${stack.region}/${hierarchyName}`;
  const other = names.get(key);
  if (other !== undefined && !Token.isUnresolved(stack.account)) {
    throw new Error(`${scope.node.path}: stacks '${other}' and '${stack.stackName}' both hold parents of hierarchy '${hierarchyName}' with `
      + `subordinates in other stacks, in account ${stack.account} and ${stack.region}; their signing authorities would have the same name `
      + `(${authorityFunctionName(hierarchyName, stack.region)}): keep the parents of a hierarchy that sign across stacks in one stack per account and Region`);
  }
  names.set(key, stack.stackName);
}
