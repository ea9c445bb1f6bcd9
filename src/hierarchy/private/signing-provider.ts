import { Arn, Aws, CustomResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, DependencyGroup, IConstruct, IDependable } from 'constructs';
import { signingHandlerRoleNameOf } from './authority-function';
import { SIGNING_ROLE_PATH } from '../../private/contracts/authority';
import { RESOURCE_TAG_CONDITION_KEY_PREFIX, TEMPLATE_ARN_CONDITION_KEY, certificateAuthorityArnPattern } from '../../private/contracts/aws-strings';
import {
  CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_EVENT_SOURCE, caRenewalRecordPath, caRenewalSpecPath, caRetirementPath,
} from '../../private/contracts/ca-renewal';
import { CA_ROLE_ROOT, CA_ROLE_SUBORDINATE, CA_TAGS, previousRootCertificateParameterName } from '../../private/contracts/signing';
import { putOwnEventsStatement } from '../../private/event-statements';
import { LibraryProvider } from '../../private/library-provider';
import { acknowledgeNag, nagArn } from '../../private/nag';

const PROVIDER_ID = 'CdkPkiSigningProvider';

/** Reads of a CA that the lifecycle handler needs to know its state and certificate. */
const CA_READ_ACTIONS = ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificateAuthorityCertificate'];

/**
 * The custom-resource provider of a stack's CAs: it guards them (Custom::PkiCaGuard), signs subordinates
 * (Custom::PkiSubordinateCaCertificate) and retires roots (Custom::PkiRootCaLifecycle). One per stack, shared
 * by every CA in it, so a stack with many CAs still deploys exactly two Lambda functions (the handler and the
 * provider framework's).
 *
 * Its rights come in two policies. The role's default policy names no CA (the stack, tag-scoped rights on
 * the CAs of this stack, the guard's listing): the guard depends on it, and the CAs on the guard. The rights
 * that name CAs by ARN are in a separate policy, which comes after the CAs; the signing and lifecycle
 * resources depend on both.
 */
export class SigningProvider extends LibraryProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): SigningProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as SigningProvider | undefined) ?? new SigningProvider(stack, PROVIDER_ID);
  }

  /** What the guard waits for: the handler with the rights that name no CA. */
  public readonly guardReady: IDependable;
  private caAccessPolicy?: iam.Policy;
  private readonly enabled = new Set<string>();
  /** Names (tag cdk-pki:ca-name) of the parents in this stack that revoke their subordinates' certificates. */
  private readonly revokingParents = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      handler: 'ca-signer',
      description: 'guards, signs and retires the CAs of its stack',
      // The SDK waiter gives issuance up to 240 s; the rest is for the calls around it.
      timeout: Duration.minutes(5),
      // A fixed name: parents' apps name it (exactly) as the only caller of their subordinates' invoker roles.
      rolePath: SIGNING_ROLE_PATH,
      roleName: signingHandlerRoleNameOf(Stack.of(scope)),
      handlerName: 'signing handler',
    });
    this.guardReady = new DependencyGroup(this.handlerFunction, this.handlerRole);

    // Why a Delete came (a rollback, a stack deletion), from the stack that sent it.
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadOwnStack',
      actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'],
      resources: [Aws.STACK_ID],
    }));
  }

  /**
   * A resource of this provider that carries a CA's lifecycle (the signing of a subordinate, the installation of a
   * certificate signed outside AWS, a root's retirement). Its own policy is Delete whatever the CA's: CloudFormation must
   * send it every Delete (removal, replacement, a superseded certificate) for revocation and removal to happen. It waits
   * for the handler and its rights.
   */
  public lifecycleResource(scope: Construct, id: string, resourceType: string, properties: object): CustomResource {
    const resource = new CustomResource(scope, id, {
      serviceToken: this.serviceToken,
      resourceType,
      properties: { ...properties },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    resource.node.addDependency(this.ready);
    return resource;
  }

  /** The guard's rights: list the CAs of the account and read their tags (to find one of the same name). */
  public enableGuard(): void {
    this.once('guard', () => {
      this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GuardListsCas',
        actions: ['acm-pca:ListCertificateAuthorities'],
        resources: ['*'],
      }));
      this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'GuardReadsCaTags',
        actions: ['acm-pca:ListTags'],
        resources: [this.accountCas()],
      }));
      acknowledgeNag(this.handlerRole, 'AwsSolutions-IAM5[Resource::*]',
        'acm-pca:ListCertificateAuthorities has no resource-level permissions; the guard lists the account\'s CAs to find one of the same '
        + 'hierarchy and name before a CA is created.');
      // The pattern names the account and Region with pseudo parameters, whatever the stack's env.
      acknowledgeNag(this.handlerRole, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:acm-pca:<AWS::Region>:<AWS::AccountId>:certificate-authority/*]',
        'The guard reads the tags (only) of the account\'s CAs, and the lifecycle rights on certificate-authority/* are limited by the '
        + 'condition aws:ResourceTag/cdk-pki:stack-id to the CAs of this stack, old generations included, whose ARNs the template cannot name.');
    });
  }

  /**
   * The handler may install a certificate into, read, and disable this subordinate CA (by ARN), and do the
   * same on every subordinate CA of this stack (by tag): an old generation, or a CA a failed operation made,
   * which the template no longer names.
   */
  public grantSubordinate(certificateAuthorityArn: string): void {
    const actions = [...CA_READ_ACTIONS, 'acm-pca:GetCertificateAuthorityCsr', 'acm-pca:ImportCertificateAuthorityCertificate',
      'acm-pca:UpdateCertificateAuthority'];
    this.caAccess.addStatements(new iam.PolicyStatement({ actions, resources: [certificateAuthorityArn] }));
    this.once('subordinates', () => this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageSubordinatesOfThisStack',
      actions,
      resources: [this.accountCas()],
      conditions: this.ofThisStack(CA_ROLE_SUBORDINATE),
    })));
  }

  /** The handler may delete subordinate CAs of this stack (removalPolicy DESTROY). */
  public grantDeleteSubordinates(): void {
    this.once('delete-subordinates', () => this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DeleteSubordinatesOfThisStack',
      actions: ['acm-pca:DeleteCertificateAuthority'],
      resources: [this.accountCas()],
      conditions: this.ofThisStack(CA_ROLE_SUBORDINATE),
    })));
  }

  /** The handler may disable and delete root CAs of this stack (a root whose removalPolicy is DESTROY). */
  public grantRetireRoots(): void {
    this.once('retire-roots', () => this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RetireRootsOfThisStack',
      actions: [...CA_READ_ACTIONS, 'acm-pca:UpdateCertificateAuthority', 'acm-pca:DeleteCertificateAuthority'],
      resources: [this.accountCas()],
      conditions: this.ofThisStack(CA_ROLE_ROOT),
    })));
  }

  /**
   * The handler may publish, and later remove, the certificate of a replaced root of `hierarchyName` (the root stays
   * trusted until it retires; lambda/ca-signer/retirement.ts).
   */
  public grantPublishPreviousRoot(hierarchyName: string): void {
    this.once(`previous-root-${hierarchyName}`, () => this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: `PublishPreviousRootOf${hierarchyName.replace(/[^A-Za-z0-9]/g, '')}`,
      actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
      resources: [Arn.format({ service: 'ssm', resource: 'parameter', resourceName: previousRootCertificateParameterName(hierarchyName).slice(1) }, Stack.of(this))],
    })));
  }

  /**
   * The handler may have a parent in this stack sign with the given template only, read what it
   * issued, and revoke when asked: by ARN on the parent, and, for revocation, on the CAs of this stack
   * (a parent of an earlier generation issued the certificates of the subordinates' earlier generations).
   */
  public grantParent(certificateAuthorityArn: string, parentName: string, templateArn: string, revoke: boolean): void {
    this.caAccess.addStatements(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [certificateAuthorityArn],
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templateArn } },
    }));
    this.caAccess.addStatements(new iam.PolicyStatement({
      actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority', ...(revoke ? ['acm-pca:RevokeCertificate'] : [])],
      resources: [certificateAuthorityArn],
    }));
    if (revoke) {
      this.revokingParents.add(parentName);
      this.once('revoke', () => this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'RevokeAtParentsOfThisStack',
        actions: ['acm-pca:GetCertificate', 'acm-pca:RevokeCertificate'],
        resources: [this.accountCas()],
        conditions: {
          StringEquals: {
            ...this.ofThisStack().StringEquals,
            // Only CAs of the parents' names (their earlier generations included), not every CA of the stack.
            [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.caName}`]: Lazy.list({ produce: () => [...this.revokingParents].sort() }),
          },
        },
      })));
    }
  }

  /**
   * The handler may write one object, the CSR of a CA whose parent is outside AWS, into the app's bucket (with its KMS key,
   * when the bucket has one).
   */
  public grantPutCsr(bucket: s3.IBucket, key: string): void {
    this.caAccess.addStatements(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(key)] }));
    if (bucket.encryptionKey) {
      this.caAccess.addStatements(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Encrypt'],
        resources: [bucket.encryptionKey.keyArn],
      }));
    }
  }

  /**
   * The handler may assume a role in a parent's account: a subordinate's invoker role (to ask the parent's signing
   * authority), or the signer role of a parent given by ARN.
   */
  public grantAssumeRole(roleArn: string): void {
    this.caAccess.addStatements(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [roleArn],
    }));
  }

  /**
   * The handler's daily run of the stack's CA lifecycle (lifecycle/private/ca-renewal.ts): it reads the stack's
   * renewal specs, writes its renewal records, keeps the retirement records of replaced generations, and puts renewal
   * and retirement events on the default bus. Returns the function for the schedule to invoke.
   */
  public enableLifecycleRun(): lambda.IFunction {
    this.once('lifecycle-run', () => {
      const parameter = (path: string) => Arn.format({ service: 'ssm', resource: 'parameter', resourceName: path.replace(/^\//, '') }, Stack.of(this));
      const specs = caRenewalSpecPath(Aws.STACK_NAME);
      const records = caRenewalRecordPath(Aws.STACK_NAME);
      const retiring = caRetirementPath(Aws.STACK_NAME);
      this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'ReadRenewalSpecsOfThisStack',
        actions: ['ssm:GetParametersByPath'],
        resources: [parameter(specs), parameter(`${specs}/*`), parameter(retiring), parameter(`${retiring}/*`)],
      }));
      this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'WriteRenewalRecordsOfThisStack',
        actions: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
        resources: [parameter(`${records}/*`), parameter(`${retiring}/*`)],
      }));
      this.handlerRole.addToPrincipalPolicy(putOwnEventsStatement(this, 'PutLifecycleEvents', [CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_EVENT_SOURCE]));
      for (const [path, why] of [
        [`${specs}/*`, 'The daily run reads the renewal specs of this stack\'s CAs, one parameter each, all under this stack\'s prefix.'],
        [`${records}/*`, 'The renewal writes one record per CA of this stack (the certificate it installed), all under this stack\'s prefix.'],
        [`${retiring}/*`, 'The retirement keeps one record per replaced generation of this stack\'s CAs, all under this stack\'s prefix.'],
      ]) {
        acknowledgeNag(this.handlerRole, `AwsSolutions-IAM5[Resource::${nagArn(this, 'ssm', `parameter${path.replace(Aws.STACK_NAME, '<AWS::StackName>')}`)}]`, why);
      }
    });
    return this.handlerFunction;
  }

  /** The policy of the rights that name CAs, made on first use (a stack with a root only has none). */
  private get caAccess(): iam.Policy {
    if (!this.caAccessPolicy) {
      this.caAccessPolicy = new iam.Policy(this, 'CaAccess', { roles: [this.handlerRole] });
      this.ready.add(this.caAccessPolicy);
    }
    return this.caAccessPolicy;
  }

  private accountCas(): string {
    return certificateAuthorityArnPattern(Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID);
  }

  private ofThisStack(role?: string): Record<string, Record<string, string>> {
    return {
      StringEquals: {
        [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.stackId}`]: Aws.STACK_ID,
        ...(role ? { [`${RESOURCE_TAG_CONDITION_KEY_PREFIX}${CA_TAGS.role}`]: role } : {}),
      },
    };
  }

  private once(key: string, add: () => void): void {
    if (!this.enabled.has(key)) {
      this.enabled.add(key);
      add();
    }
  }
}
