// The benchmark's baseline: the same organization as library-app.ts, written the way a team would write it
// without this library, directly with aws-cdk-lib's L1 (Cfn*) constructs. It deploys the same resources
// (types and counts per stack, checked by test/bench.test.ts) with the same properties and policies, and the
// same Lambda code as assets: the library's bundled handlers under assets/ and aws-cdk-lib's custom-resource
// provider framework. Plain helper functions stand in for the copy-and-paste such a team would do; there is
// no validation, no lazy policy, no registry and no cdk-nag metadata, which is what the library adds.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Aws, CfnOutput, CfnResource, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  BRANCH_ISSUING_ENV, BRANCH_ISSUING_STACK_NAME, BRANCH_NAME_CONSTRAINTS, HIERARCHY_NAME, INTERMEDIATE_ENV, INTERMEDIATE_STACK_NAME, ORGANIZATION,
  BenchAppProps, Environment, ROOT_ENV, ROOT_STACK_NAME, planOrganization,
} from './scale';
// Not a construct of the library: the call each aws-cdk-lib of the peer range has for a stack dependency.
import { addStackDependency } from '../src/private/stack-dependency';

/** The repository root, found from bench/ (ts-node) or bench/results/ (the runner's bundles). */
const REPOSITORY = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir);
  }
  return dir;
})();
/** The library's bundled handlers (scripts/bundle-handlers.mjs). */
const handlerCode = (name: string) => path.join(REPOSITORY, 'assets', name);
/** aws-cdk-lib's custom-resource provider framework, as cr.Provider deploys it. */
const FRAMEWORK_CODE = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources', 'lib', 'provider-framework', 'runtime');

const SIGNING_ROLE_PATH = '/cdk-pki/';
const CA_EXPIRY_ROLE_PATH = '/cdk-pki-ca-expiry/';
const LAMBDA_TRUST = {
  Version: '2012-10-17',
  Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
};

const arn = (rest: string) => `arn:${Aws.PARTITION}:${rest}`;
const templateArn = (name: string) => arn(`acm-pca:::template/${name}/V1`);
const arnParameterName = (caName: string) => `/cdk-pki/${HIERARCHY_NAME}/${caName}/certificate-authority-arn`;
const subject = (commonName: string) => ({ ...ORGANIZATION, commonName });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Names of the cross-stack signing roles and resources: fixed, so that each side can name the other's before
// either is deployed. The parent's signing authority (one function per account and Region) has an alias,
// an invoker role and a declaration per subordinate; the subordinate's account has a role to read its CSR.
const authorityName = (region: string) => `cdk-pki-authority-${HIERARCHY_NAME}-${region}`;
const aliasName = (caName: string, env: Environment) => `${caName}-${env.account}-${env.region}`;
const invokerRoleName = (alias: string) => `cdk-pki-invoke-${HIERARCHY_NAME}-${sha256(alias).slice(0, 16)}`;
const readerRoleName = (alias: string) => `cdk-pki-reader-${HIERARCHY_NAME}-${sha256(alias).slice(0, 16)}`;
const signingRoleArn = (account: string, roleName: string) => arn(`iam::${account}:role${SIGNING_ROLE_PATH}${roleName}`);
const accountRoot = (account: string) => arn(`iam::${account}:root`);

/** The signing handler role of a stack: `cdk-pki-signing-<region>-<stack>`, cut to IAM's 64 characters with a digest. */
function signingHandlerRoleName(stack: Stack): string {
  const full = `cdk-pki-signing-${stack.region}-${stack.stackName}`.replace(/[^A-Za-z0-9+=,.@_-]/g, '-');
  if (full.length <= 64) {
    return full;
  }
  const digest = sha256(`${stack.region}/${stack.stackName}`).slice(0, 8);
  return `${full.slice(0, 64 - digest.length - 1)}-${digest}`;
}

/** Trust of a role that one role of another account (exact ARN) may assume. */
function trustOnly(account: string, principalArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [{
      Action: 'sts:AssumeRole',
      Condition: { ArnEquals: { 'aws:PrincipalArn': principalArn } },
      Effect: 'Allow',
      Principal: { AWS: accountRoot(account) },
    }],
  };
}

/** Key policy that lets the account administer the key and EventBridge and CloudWatch encrypt for a topic. */
function topicKeyPolicy(stack: Stack, sid: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: arn(`iam::${stack.account}:root`) }, Resource: '*' },
      {
        Sid: sid,
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Effect: 'Allow',
        Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
        Resource: '*',
      },
    ],
  };
}

function denyInsecurePublish(topic: sns.CfnTopic) {
  return {
    Sid: 'AllowPublishThroughSSLOnly',
    Action: 'sns:Publish',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    Effect: 'Deny',
    Principal: '*',
    Resource: topic.ref,
  };
}

interface CrlBucket {
  readonly bucket: s3.CfnBucket;
  readonly policy: s3.CfnBucketPolicy;
  readonly distribution: cloudfront.CfnDistribution;
}

/** The CRL bucket of a stack: S3 with BPA, its policy for Private CA and CloudFront, OAC and a distribution. */
function crlBucket(stack: Stack): CrlBucket {
  const retain = (r: CfnResource) => r.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const bucket = new s3.CfnBucket(stack, 'CrlBucket', {
    bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
    lifecycleConfiguration: {
      rules: [{
        id: 'ExpireReplacedCrls',
        status: 'Enabled',
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        noncurrentVersionExpiration: { noncurrentDays: 365 },
      }],
    },
    ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] },
    publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    versioningConfiguration: { status: 'Enabled' },
  });
  const oac = new cloudfront.CfnOriginAccessControl(stack, 'CrlOriginAccessControl', {
    originAccessControlConfig: {
      name: `${stack.stackName}-crl`.slice(0, 64),
      description: 'cdk-pki: CloudFront reads CRLs from the CRL bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    },
  });
  const cachePolicy = new cloudfront.CfnCachePolicy(stack, 'CrlCachePolicy', {
    cachePolicyConfig: {
      name: `${stack.stackName}-crl`,
      comment: 'cdk-pki: CRLs, cached briefly so that revocations show soon',
      defaultTtl: 300,
      maxTtl: 300,
      minTtl: 0,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: 'none' },
        enableAcceptEncodingBrotli: false,
        enableAcceptEncodingGzip: false,
        headersConfig: { headerBehavior: 'none' },
        queryStringsConfig: { queryStringBehavior: 'none' },
      },
    },
  });
  const originId = 'CrlBucketOrigin';
  const distribution = new cloudfront.CfnDistribution(stack, 'CrlDistribution', {
    distributionConfig: {
      comment: 'cdk-pki: CRLs of AWS Private CA',
      defaultCacheBehavior: {
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: cachePolicy.ref,
        compress: true,
        targetOriginId: originId,
        viewerProtocolPolicy: 'allow-all',
      },
      enabled: true,
      httpVersion: 'http2',
      ipv6Enabled: true,
      origins: [{
        id: originId,
        domainName: bucket.attrRegionalDomainName,
        originAccessControlId: oac.attrId,
        s3OriginConfig: { originAccessIdentity: '' },
      }],
    },
  });
  const objects = Fn.join('', [bucket.attrArn, '/*']);
  const policy = new s3.CfnBucketPolicy(stack, 'CrlBucketPolicy', {
    bucket: bucket.ref,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Resource: [bucket.attrArn, objects],
        },
        {
          Sid: 'CloudFrontReadsCrls',
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'AWS:SourceArn': arn(`cloudfront::${stack.account}:distribution/${distribution.ref}`) } },
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Resource: Fn.join('', [bucket.attrArn, '/crl/*']),
        },
        {
          Sid: 'PrivateCaWritesCrls',
          Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetBucketAcl', 's3:GetBucketLocation'],
          Condition: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': arn(`acm-pca:${stack.region}:${stack.account}:certificate-authority/*`) },
          },
          Effect: 'Allow',
          Principal: { Service: 'acm-pca.amazonaws.com' },
          Resource: [bucket.attrArn, objects],
        },
      ],
    },
  });
  for (const r of [bucket, policy, oac, cachePolicy, distribution]) {
    retain(r);
  }
  return { bucket, policy, distribution };
}

/** The stack's topic for CRL alarms, with its KMS key. */
function crlAlarmTopic(stack: Stack): sns.CfnTopic {
  const key = new kms.CfnKey(stack, 'CrlAlarmKey', {
    description: 'cdk-pki: encrypts the CRL alarm topic',
    enableKeyRotation: true,
    keyPolicy: topicKeyPolicy(stack, 'AlarmSourcesPublishToTopic'),
  });
  key.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const topic = new sns.CfnTopic(stack, 'CrlAlarmTopic', { displayName: 'cdk-pki CRL alarms', kmsMasterKeyId: key.attrArn });
  new sns.CfnTopicPolicy(stack, 'CrlAlarmTopicPolicy', {
    topics: [topic.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        denyInsecurePublish(topic),
        {
          Sid: 'EventBridgeRulesPublish',
          Action: 'sns:Publish',
          Condition: { ArnLike: { 'aws:SourceArn': arn(`events:${stack.region}:${stack.account}:rule/*`) } },
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Resource: topic.ref,
        },
        {
          Sid: 'CloudWatchAlarmsPublish',
          Action: 'sns:Publish',
          Condition: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': arn(`cloudwatch:${stack.region}:${stack.account}:alarm:*`) },
          },
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Resource: topic.ref,
        },
      ],
    },
  });
  return topic;
}

/** A CA with CRLs in the stack's bucket, its identity tags, and its CRL alarms; created after the stack's guard. */
function certificateAuthority(stack: Stack, type: 'ROOT' | 'SUBORDINATE', caName: string, commonName: string, crl: CrlBucket, topic: sns.CfnTopic) {
  const ca = new acmpca.CfnCertificateAuthority(stack, 'Ca', {
    type,
    keyAlgorithm: 'EC_secp384r1',
    signingAlgorithm: 'SHA384WITHECDSA',
    subject: subject(commonName),
    usageMode: 'GENERAL_PURPOSE',
    revocationConfiguration: {
      crlConfiguration: {
        enabled: true,
        crlType: 'COMPLETE',
        customCname: crl.distribution.attrDomainName,
        expirationInDays: 7,
        s3BucketName: crl.bucket.ref,
        s3ObjectAcl: 'BUCKET_OWNER_FULL_CONTROL',
      },
      ocspConfiguration: { enabled: false },
    },
    tags: [
      { key: 'cdk-pki:hierarchy', value: HIERARCHY_NAME },
      { key: 'cdk-pki:ca-name', value: caName },
      { key: 'cdk-pki:generation', value: '1' },
      { key: 'cdk-pki:stack-id', value: Aws.STACK_ID },
      { key: 'cdk-pki:ca-role', value: type === 'ROOT' ? 'root' : 'subordinate' },
    ],
  });
  ca.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
  ca.node.addDependency(crl.policy);
  new events.CfnRule(stack, 'CaCrlGenerationFailed', {
    description: `cdk-pki: failed CRL generation of ${stack.stackName}/Ca`,
    eventPattern: {
      'source': ['aws.acm-pca'],
      'detail-type': ['ACM Private CA CRL Generation'],
      'resources': [ca.attrArn],
      'detail': { result: ['failure'] },
    },
    state: 'ENABLED',
    targets: [{ arn: topic.ref, id: 'Target0' }],
  });
  const crlAlarm = (id: string, description: string, metricName: string, statistic: string, comparisonOperator: string) =>
    new cloudwatch.CfnAlarm(stack, id, {
      alarmActions: [topic.ref],
      alarmDescription: `cdk-pki: ${description} of ${stack.stackName}/Ca`,
      comparisonOperator,
      dimensions: [{ name: 'PrivateCAArn', value: ca.attrArn }],
      evaluationPeriods: 1,
      metricName,
      namespace: 'AWS/ACMPrivateCA',
      period: 300,
      statistic,
      threshold: 1,
      treatMissingData: 'notBreaching',
    });
  crlAlarm('CaMisconfiguredCrlBucketAlarm', 'AWS Private CA reports that the CRL bucket', 'MisconfiguredCRLBucket', 'Maximum', 'GreaterThanOrEqualToThreshold');
  crlAlarm('CaCrlNotGeneratedAlarm', 'AWS Private CA could not generate a CRL', 'CRLGenerated', 'Minimum', 'LessThanThreshold');
  return ca;
}

/**
 * A Lambda function with its own log group and a role that may write to it. `name`, when given, names both the
 * function and its role (roles that other accounts trust by ARN need a name known before deployment).
 */
interface FunctionOptions {
  readonly code: string;
  readonly description: string;
  readonly timeout: number;
  readonly rolePath?: string;
  readonly roleName?: string;
  readonly name?: string;
  readonly environment?: Record<string, string>;
  readonly statements: object[];
}

function libraryFunction(stack: Stack, id: string, options: FunctionOptions) {
  const logGroup = new logs.CfnLogGroup(stack, `${id}Logs`, { retentionInDays: 365 });
  logGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const role = new iam.CfnRole(stack, `${id}Role`, {
    assumeRolePolicyDocument: LAMBDA_TRUST,
    description: `cdk-pki: role of the ${path.basename(options.code)} function`,
    path: options.rolePath,
    roleName: options.roleName ?? options.name,
  });
  const policy = new iam.CfnPolicy(stack, `${id}Policy`, {
    policyName: `${id}Policy`,
    roles: [role.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: logGroup.attrArn },
        ...options.statements,
      ],
    },
  });
  const asset = new Asset(stack, `${id}Code`, { path: options.code });
  const fn = new lambda.CfnFunction(stack, id, {
    architectures: ['arm64'],
    code: { s3Bucket: asset.s3BucketName, s3Key: asset.s3ObjectKey },
    description: `cdk-pki: ${options.description}`,
    environment: options.environment ? { variables: options.environment } : undefined,
    functionName: options.name,
    handler: 'index.handler',
    loggingConfig: { logGroup: logGroup.ref },
    memorySize: 256,
    role: role.attrArn,
    runtime: 'nodejs24.x',
    timeout: options.timeout,
  });
  asset.addResourceMetadata(fn, 'Code');
  fn.node.addDependency(policy);
  fn.node.addDependency(role);
  return { fn, role, policy, logGroup, asset };
}

/** Tag condition: the CAs of this stack (of one role). */
const ofThisStack = (role?: string) => ({
  StringEquals: { 'aws:ResourceTag/cdk-pki:stack-id': Aws.STACK_ID, ...(role ? { 'aws:ResourceTag/cdk-pki:ca-role': role } : {}) },
});
const ACCOUNT_CAS = arn(`acm-pca:${Aws.REGION}:${Aws.ACCOUNT_ID}:certificate-authority/*`);
const SUBORDINATE_ACTIONS = [
  'acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificateAuthorityCertificate', 'acm-pca:GetCertificateAuthorityCsr',
  'acm-pca:ImportCertificateAuthorityCertificate', 'acm-pca:UpdateCertificateAuthority',
];

/**
 * SSM paths of a stack's renewal specs (written by CloudFormation), renewal records and retirement records of replaced
 * generations (both written by the signing handler).
 */
const renewalSpecPath = (stackName: string) => `/cdk-pki/ca-renewal/${stackName}/spec`;
const renewalRecordPath = (stackName: string) => `/cdk-pki/ca-renewal/${stackName}/renewed`;
const retirementPath = (stackName: string) => `/cdk-pki/ca-retirement/${stackName}`;
const ssmParameterArn = (stack: Stack, name: string) => arn(`ssm:${stack.region}:${stack.account}:parameter/${name.replace(/^\//, '')}`);

/**
 * What the signing handler needs for the daily run of its stack's CA lifecycle (renewing certificates, retiring
 * replaced generations): read the stack's renewal specs and retirement records, write its renewal and retirement
 * records, and put renewal and retirement events on the default bus (of those sources only).
 */
function lifecycleStatements(stack: Stack): object[] {
  const specs = renewalSpecPath(Aws.STACK_NAME);
  const retiring = retirementPath(Aws.STACK_NAME);
  return [
    {
      Sid: 'ReadRenewalSpecsOfThisStack',
      Action: 'ssm:GetParametersByPath',
      Effect: 'Allow',
      Resource: [ssmParameterArn(stack, specs), ssmParameterArn(stack, `${specs}/*`), ssmParameterArn(stack, retiring), ssmParameterArn(stack, `${retiring}/*`)],
    },
    {
      Sid: 'WriteRenewalRecordsOfThisStack',
      Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
      Effect: 'Allow',
      Resource: [ssmParameterArn(stack, `${renewalRecordPath(Aws.STACK_NAME)}/*`), ssmParameterArn(stack, `${retiring}/*`)],
    },
    {
      Sid: 'PutLifecycleEvents',
      Action: 'events:PutEvents',
      Condition: {
        'ForAllValues:StringEquals': { 'events:source': [CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_EVENT_SOURCE] },
        'Null': { 'events:source': 'false' },
      },
      Effect: 'Allow',
      Resource: arn(`events:${stack.region}:${stack.account}:event-bus/default`),
    },
  ];
}

/**
 * The signing provider: the ca-signer handler and aws-cdk-lib's provider framework in front of it, which
 * calls the handler and answers CloudFormation. The handler's own policy names no CA (the guard, which the
 * CAs wait for, depends on it); `caStatements`, which name CAs, go into a second policy. `subordinates`: it signs
 * subordinate CAs of this stack; `lifecycle`: it also runs the stack's daily CA lifecycle (caRenewalSchedule).
 */
function signingProvider(stack: Stack, caStatements: object[], options: { subordinates: boolean; lifecycle: boolean }) {
  const handler = libraryFunction(stack, 'SignerHandler', {
    code: handlerCode('ca-signer'),
    description: 'guards, signs and retires the CAs of its stack',
    timeout: 300,
    rolePath: SIGNING_ROLE_PATH,
    roleName: signingHandlerRoleName(stack),
    statements: [
      { Sid: 'ReadOwnStack', Action: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackResource'], Effect: 'Allow', Resource: Aws.STACK_ID },
      ...(options.subordinates
        ? [{ Sid: 'ManageSubordinatesOfThisStack', Action: SUBORDINATE_ACTIONS, Condition: ofThisStack('subordinate'), Effect: 'Allow', Resource: ACCOUNT_CAS }]
        : []),
      { Sid: 'GuardListsCas', Action: 'acm-pca:ListCertificateAuthorities', Effect: 'Allow', Resource: '*' },
      { Sid: 'GuardReadsCaTags', Action: 'acm-pca:ListTags', Effect: 'Allow', Resource: ACCOUNT_CAS },
      ...(options.lifecycle ? lifecycleStatements(stack) : []),
    ],
  });
  const caPolicy = caStatements.length === 0 ? undefined : new iam.CfnPolicy(stack, 'SignerCaAccess', {
    policyName: 'SignerCaAccess',
    roles: [handler.role.ref],
    policyDocument: { Version: '2012-10-17', Statement: caStatements },
  });
  const frameworkRole = new iam.CfnRole(stack, 'SignerFrameworkRole', {
    assumeRolePolicyDocument: LAMBDA_TRUST,
    description: 'cdk-pki: custom resource provider framework of the signing handler',
  });
  const frameworkPolicy = new iam.CfnPolicy(stack, 'SignerFrameworkPolicy', {
    policyName: 'SignerFrameworkPolicy',
    roles: [frameworkRole.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: handler.logGroup.attrArn },
        { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: [handler.fn.attrArn, Fn.join('', [handler.fn.attrArn, ':*'])] },
        { Action: 'lambda:GetFunction', Effect: 'Allow', Resource: handler.fn.attrArn },
      ],
    },
  });
  const frameworkCode = new Asset(stack, 'SignerFrameworkCode', { path: FRAMEWORK_CODE, exclude: ['*.ts'] });
  const framework = new lambda.CfnFunction(stack, 'SignerFramework', {
    code: { s3Bucket: frameworkCode.s3BucketName, s3Key: frameworkCode.s3ObjectKey },
    description: `AWS CDK resource provider framework - onEvent (${stack.stackName}/SignerFramework)`,
    environment: { variables: { USER_ON_EVENT_FUNCTION_ARN: handler.fn.attrArn } },
    handler: 'framework.onEvent',
    loggingConfig: { applicationLogLevel: 'FATAL', logFormat: 'JSON', logGroup: handler.logGroup.ref },
    role: frameworkRole.attrArn,
    runtime: 'nodejs22.x',
    timeout: 900,
  });
  frameworkCode.addResourceMetadata(framework, 'Code');
  framework.node.addDependency(frameworkPolicy);
  framework.node.addDependency(frameworkRole);
  const ready = [handler.fn, handler.policy, handler.role, ...(caPolicy ? [caPolicy] : [])];
  return { serviceToken: framework.attrArn, handler, ready };
}

/** The stack's guard: the CA waits for it, so a deployment that would replace the CA stops first. */
function guard(stack: Stack, provider: ReturnType<typeof signingProvider>, ca: acmpca.CfnCertificateAuthority, caName: string, removal: string) {
  const resource = new CfnResource(stack, 'CaGuard', {
    type: 'Custom::PkiCaGuard',
    properties: {
      ServiceToken: provider.serviceToken,
      CertificateAuthorities: [{
        LogicalId: ca.logicalId,
        Name: `${HIERARCHY_NAME}/${caName}`,
        Path: `${stack.stackName}/${caName}`,
        Generation: '1',
        Removal: removal,
        Properties: {
          Type: ca.type,
          KeyAlgorithm: ca.keyAlgorithm,
          SigningAlgorithm: ca.signingAlgorithm,
          UsageMode: ca.usageMode,
          Subject: Object.fromEntries(Object.entries(ca.subject as Record<string, string>)
            .map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v])),
        },
      }],
    },
  });
  for (const r of [provider.handler.fn, provider.handler.policy, provider.handler.role]) {
    resource.node.addDependency(r);
  }
  ca.node.addDependency(resource);
}

interface Parent {
  readonly stack: Stack;
  readonly caName: string;
  readonly ca: acmpca.CfnCertificateAuthority;
  /** Level in the hierarchy: the root is 1. */
  readonly depth: number;
  /** Days before its certificate's end that it renews, when it renews automatically (not the root). */
  readonly renewBeforeDays?: number;
  /** The subordinates of other stacks it signs, declared as issuingCa() builds them. */
  readonly subordinates: Subordinate[];
}

/** What a parent signs for one subordinate of another stack: the declaration its signing authority reads. */
interface Subordinate {
  readonly caName: string;
  readonly commonName: string;
  readonly stack: Stack;
  readonly alias: string;
  readonly template: string;
  readonly validityYears: number;
  readonly nameConstraints?: typeof BRANCH_NAME_CONSTRAINTS;
}

/**
 * The signing authority of a parent CA whose subordinates live in other stacks: a function (fixed name, in the
 * parent's account and Region) that issues only with the declared templates, a version, and per subordinate an
 * alias, the role that may invoke only that alias (trusting only the subordinate's signing handler role), and
 * the declaration in SSM. Also the parameter with the parent CA's ARN.
 */
function signingAuthority(parent: Parent): void {
  const { stack, caName, ca } = parent;
  new ssm.CfnParameter(stack, 'ArnParameter', {
    name: arnParameterName(caName),
    type: 'String',
    value: ca.attrArn,
    description: `ARN of the ${HIERARCHY_NAME}/${caName} CA`,
  });
  const name = authorityName(stack.region);
  const readers = parent.subordinates.map((s) => signingRoleArn(s.stack.account, readerRoleName(s.alias))).sort();
  const templates = [...new Set(parent.subordinates.map((s) => s.template))].sort().map(templateArn);
  const authority = libraryFunction(stack, 'Authority', {
    code: handlerCode('signing-authority'),
    description: `signing authority of hierarchy ${HIERARCHY_NAME}: signs only the subordinate CAs the parent's app declared`,
    timeout: 300,
    rolePath: SIGNING_ROLE_PATH,
    name,
    environment: { CDK_PKI_HIERARCHY: HIERARCHY_NAME, CDK_PKI_PARENT_CAS: stack.toJsonString({ [caName]: ca.attrArn }) },
    statements: [
      { Sid: 'ReadDeclarations', Action: 'ssm:GetParameter', Effect: 'Allow', Resource: arn(`ssm:${stack.region}:${stack.account}:parameter/cdk-pki/${HIERARCHY_NAME}/*`) },
      { Sid: 'AuditEvents', Action: 'events:PutEvents', Effect: 'Allow', Resource: arn(`events:${stack.region}:${stack.account}:event-bus/default`) },
      { Sid: 'ReadSubordinateCsrs', Action: 'sts:AssumeRole', Effect: 'Allow', Resource: readers },
      { Action: 'acm-pca:IssueCertificate', Condition: { StringEquals: { 'acm-pca:TemplateArn': templates } }, Effect: 'Allow', Resource: ca.attrArn },
      { Action: ['acm-pca:DescribeCertificateAuthority', 'acm-pca:GetCertificate'], Effect: 'Allow', Resource: ca.attrArn },
    ],
  });
  // A new version (and the aliases on it) whenever the code changes.
  const versionId = `AuthorityVersion${authority.asset.assetHash.slice(0, 16)}`;
  const version = new lambda.CfnVersion(stack, versionId, { functionName: authority.fn.ref });
  for (const sub of parent.subordinates) {
    const id = `Authority${sub.alias.replace(/[^A-Za-z0-9]/g, '')}`;
    const alias = new lambda.CfnAlias(stack, `${id}Alias`, { functionName: authority.fn.ref, functionVersion: version.attrVersion, name: sub.alias });
    new iam.CfnRole(stack, `${id}Invoker`, {
      assumeRolePolicyDocument: trustOnly(sub.stack.account, signingRoleArn(sub.stack.account, signingHandlerRoleName(sub.stack))),
      description: `cdk-pki: lets only the signing handler of ${HIERARCHY_NAME}/${sub.caName} ask the signing authority`,
      maxSessionDuration: 3600,
      path: SIGNING_ROLE_PATH,
      roleName: invokerRoleName(sub.alias),
      policies: [{
        policyName: 'InvokeItsAlias',
        policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: alias.ref }] },
      }],
    });
    new ssm.CfnParameter(stack, `${id}Declaration`, {
      name: `/cdk-pki/${HIERARCHY_NAME}/${caName}/subordinates/${sub.alias}`,
      description: `cdk-pki: what the signing authority signs for ${HIERARCHY_NAME}/${sub.caName} (account ${sub.stack.account}, ${sub.stack.region})`,
      tier: 'Standard',
      type: 'String',
      value: stack.toJsonString({
        Version: 1,
        HierarchyName: HIERARCHY_NAME,
        ParentCaName: caName,
        CaName: sub.caName,
        Account: sub.stack.account,
        Region: sub.stack.region,
        Subject: declaredSubject(sub.commonName),
        KeyAlgorithm: 'EC_secp384r1',
        TemplateArn: templateArn(sub.template),
        MaxValidity: { Type: 'YEARS', Value: sub.validityYears },
        SigningAlgorithm: 'SHA384WITHECDSA',
        NameConstraints: nameConstraintsProperty(sub.nameConstraints),
        CallerRoleArn: signingRoleArn(sub.stack.account, signingHandlerRoleName(sub.stack)),
        ReaderRoleArn: signingRoleArn(sub.stack.account, readerRoleName(sub.alias)),
        Revocation: false,
      }),
    });
  }
}

const nameConstraintsProperty = (nc?: typeof BRANCH_NAME_CONSTRAINTS) =>
  nc ? { PermittedDnsNames: nc.permittedDnsNames, PermittedIpRanges: nc.permittedIpRanges } : undefined;
const declaredSubject = (commonName: string) => ({
  CommonName: commonName, Organization: ORGANIZATION.organization, OrganizationalUnit: ORGANIZATION.organizationalUnit, Country: ORGANIZATION.country,
});

/**
 * A subordinate CA signed by a parent in another stack through the parent's signing authority: it declares
 * itself to the parent, lets the authority read its CSR through a reader role, and may only assume its invoker
 * role in the parent's account. Its certificate renews automatically (a renewal spec and the stack's schedule).
 * Returns the CA, the ARN of the ACTIVE CA, and its level and renewal days (for its own subordinates).
 */
function issuingCa(stack: Stack, parent: Parent, caName: string, commonName: string, options: {
  validityYears: number;
  template: string;
  /** The validities, in years, of the CAs it signs (none: it issues ACM certificates): when a replaced generation retires. */
  subordinateValidityYears?: number[];
  nameConstraints?: typeof BRANCH_NAME_CONSTRAINTS;
  /** Whether it signs CAs: then it issues no end-entity certificates, and ACM gets no permission on it. */
  signsCas?: boolean;
}): { ca: acmpca.CfnCertificateAuthority; activeArn: string; depth: number; renewBeforeDays: number } {
  const alias = aliasName(caName, stack);
  parent.subordinates.push({ caName, commonName, stack, alias, ...options });
  const crl = crlBucket(stack);
  const topic = crlAlarmTopic(stack);
  const ca = certificateAuthority(stack, 'SUBORDINATE', caName, commonName, crl, topic);
  const invokerArn = signingRoleArn(parent.stack.account, invokerRoleName(alias));
  const provider = signingProvider(stack, [
    { Action: SUBORDINATE_ACTIONS, Effect: 'Allow', Resource: ca.attrArn },
    { Action: 'sts:AssumeRole', Effect: 'Allow', Resource: invokerArn },
  ], { subordinates: true, lifecycle: true });
  guard(stack, provider, ca, caName, 'kept as it is, still ACTIVE (removalPolicy RETAIN)');
  const reader = new iam.CfnRole(stack, 'CsrReader', {
    assumeRolePolicyDocument: trustOnly(parent.stack.account, signingRoleArn(parent.stack.account, authorityName(parent.stack.region))),
    description: `cdk-pki: lets the signing authority of ${HIERARCHY_NAME} read the CSR of ${HIERARCHY_NAME}/${caName}, and nothing else`,
    maxSessionDuration: 3600,
    path: SIGNING_ROLE_PATH,
    roleName: readerRoleName(alias),
  });
  const readerPolicy = new iam.CfnPolicy(stack, 'CsrReaderPolicy', {
    policyName: 'CsrReaderPolicy',
    roles: [reader.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadCsrOfThisCa',
        Action: ['acm-pca:GetCertificateAuthorityCsr', 'acm-pca:DescribeCertificateAuthority'],
        Condition: { StringEquals: { 'aws:ResourceTag/cdk-pki:hierarchy': HIERARCHY_NAME, 'aws:ResourceTag/cdk-pki:ca-name': caName } },
        Effect: 'Allow',
        Resource: ACCOUNT_CAS,
      }],
    },
  });
  // What the certificate is signed with: the signing resource's properties, which the renewal spec repeats (but the CSR).
  const signed = {
    CertificateAuthorityArn: ca.attrArn,
    Parent: {
      Region: parent.stack.region,
      AuthorityFunctionArn: arn(`lambda:${parent.stack.region}:${parent.stack.account}:function:${authorityName(parent.stack.region)}:${alias}`),
      InvokerRoleArn: invokerArn,
    },
    TemplateArn: templateArn(options.template),
    ValidityType: 'YEARS',
    ValidityValue: String(options.validityYears),
    SigningAlgorithm: 'SHA384WITHECDSA',
    NameConstraints: nameConstraintsProperty(options.nameConstraints),
    RevokeOnDelete: 'false',
    RemovalPolicy: 'RETAIN',
    RestorationDays: '30',
    ParentGeneration: '1',
    RetireAfterDays: retireAfterDays(options.subordinateValidityYears ?? []),
  };
  const certificate = new CfnResource(stack, 'CaCertificate', {
    type: 'Custom::PkiSubordinateCaCertificate',
    properties: { ServiceToken: provider.serviceToken, CertificateSigningRequest: ca.attrCertificateSigningRequest, ...signed },
  });
  for (const r of [...provider.ready, reader, readerPolicy]) {
    certificate.node.addDependency(r);
  }
  // Stack to stack, as the library orders them: a construct dependency on a whole stack (node.addDependency) makes
  // every construct of one depend on every construct of the other, which synthesis then walks pair by pair.
  addStackDependency(stack, parent.stack, 'signed by its parent');
  const depth = parent.depth + 1;
  // Renew when a third of the validity (in days of 365) is left.
  const renewBeforeDays = Math.max(1, Math.floor(options.validityYears * 365 / 3));
  caRenewalSpec(stack, certificate, caName, { depth, renewBeforeDays, parentRenewBeforeDays: parent.renewBeforeDays }, signed);
  caRenewalSchedule(stack, provider.handler.fn, topic);
  const activeArn = certificate.getAtt('CertificateAuthorityArn').toString();
  if (!options.signsCas) {
    new acmpca.CfnPermission(stack, 'CaAcmRenewalPermission', {
      actions: ['IssueCertificate', 'GetCertificate', 'ListPermissions'],
      certificateAuthorityArn: activeArn,
      principal: 'acm.amazonaws.com',
      sourceAccount: stack.account,
    });
  }
  return { ca, activeArn, depth, renewBeforeDays };
}

/**
 * Renewal and retirement events: their sources on the default bus, their detail-types; metrics of the renewals and
 * retirement steps the handler logs.
 */
const CA_RENEWAL_EVENT_SOURCE = 'cdk-pki.ca-renewal';
const CA_RENEWAL_DETAIL_TYPES = ['CA Certificate Renewed', 'CA Certificate Renewal Capped', 'CA Certificate Renewal Failed'];
const CA_RETIREMENT_EVENT_SOURCE = 'cdk-pki.ca-retirement';
const CA_RETIREMENT_DETAIL_TYPES = ['CA Retirement Scheduled', 'CA Disabled For Retirement', 'CA Deleted For Retirement', 'CA Retirement Failed'];
const CA_RENEWAL_CAPPED_METRIC = 'CaCertificateRenewalsCapped';
const CA_RENEWAL_FAILED_METRIC = 'CaCertificateRenewalsFailed';
const CA_RETIREMENT_FAILED_METRIC = 'CaRetirementStepsFailed';

/** ACM private certificates are valid for 13 months: what an issuing CA's certificates last at most. */
const ACM_CERTIFICATE_DAYS = 395;

/**
 * RetireAfterDays of a CA's signing (or root lifecycle) resource: how long a replaced generation keeps serving, the
 * longest validity of the certificates it issued. That is its subordinates' longest validity (years of 366 days) when it
 * signs CAs, else ACM's 13 months.
 */
const retireAfterDays = (subordinateValidityYears: number[]) =>
  String(subordinateValidityYears.length > 0 ? Math.max(...subordinateValidityYears) * 366 : ACM_CERTIFICATE_DAYS);

/**
 * The renewal spec of a CA whose certificate renews automatically: an SSM parameter under the stack's prefix, named by
 * the logical id of its signing resource, that the signing handler reads once a day. `signed`: the signing resource's
 * properties but the CSR (the handler reads the CA's current one); `parentRenewBeforeDays` when the parent renews too.
 */
function caRenewalSpec(stack: Stack, certificate: CfnResource, caName: string,
  renewal: { depth: number; renewBeforeDays: number; parentRenewBeforeDays?: number }, signed: object): void {
  new ssm.CfnParameter(stack, 'CaRenewalSpec', {
    name: `${renewalSpecPath(Aws.STACK_NAME)}/${certificate.logicalId}`,
    type: 'String',
    // Long name-constraint lists can make it larger than the standard tier's 4 KB.
    tier: 'Intelligent-Tiering',
    description: `cdk-pki: when and how the certificate of CA ${HIERARCHY_NAME}/${caName} is renewed (read by the signing handler)`,
    value: stack.toJsonString({
      Version: 1,
      LogicalId: certificate.logicalId,
      HierarchyName: HIERARCHY_NAME,
      CaName: caName,
      Depth: renewal.depth,
      RenewBeforeDays: renewal.renewBeforeDays,
      ParentRenewBeforeDays: renewal.parentRenewBeforeDays,
      Properties: signed,
    }),
  });
}

/**
 * The stack's renewal schedule: once a day the signing handler renews the certificates of the stack's CAs that are
 * due and retires the generations they replaced; three alarms, to the CRL alarm topic, say when a renewal was capped by
 * the parent's end, when one failed, and when a retirement step failed.
 */
function caRenewalSchedule(stack: Stack, handler: lambda.CfnFunction, alarmTopic: sns.CfnTopic): void {
  const schedule = new events.CfnRule(stack, 'CaRenewalSchedule', {
    description: 'cdk-pki: renews the certificates of this stack\'s subordinate CAs that are due, and retires replaced generations',
    scheduleExpression: 'rate(1 day)',
    state: 'ENABLED',
    targets: [{
      arn: handler.attrArn,
      id: 'Target0',
      input: stack.toJsonString({ Action: 'RenewCaCertificates', StackId: Aws.STACK_ID }),
      retryPolicy: { maximumRetryAttempts: 2 },
    }],
  });
  new lambda.CfnPermission(stack, 'CaRenewalSchedulePermission', {
    action: 'lambda:InvokeFunction',
    functionName: handler.attrArn,
    principal: 'events.amazonaws.com',
    sourceArn: schedule.attrArn,
  });
  const alarm = (id: string, metricName: string, alarmDescription: string) => new cloudwatch.CfnAlarm(stack, id, {
    alarmActions: [alarmTopic.ref],
    alarmDescription,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    dimensions: [{ name: 'StackName', value: Aws.STACK_NAME }],
    evaluationPeriods: 1,
    metricName,
    namespace: 'cdk-pki',
    period: 86400,
    statistic: 'Sum',
    threshold: 1,
    treatMissingData: 'notBreaching',
  });
  alarm('CaRenewalCappedAlarm', CA_RENEWAL_CAPPED_METRIC,
    'cdk-pki: a CA certificate renewal of this stack was shortened or prevented by the end of its parent\'s certificate: renew the parent CA\'s certificate');
  alarm('CaRenewalFailedAlarm', CA_RENEWAL_FAILED_METRIC,
    'cdk-pki: a CA certificate renewal of this stack failed (the signing handler\'s log says why); the next daily run tries again');
  alarm('CaRetirementFailedAlarm', CA_RETIREMENT_FAILED_METRIC,
    'cdk-pki: a step of the retirement of a replaced CA generation of this stack failed (the signing handler\'s log says why); the next daily run tries again');
}

/** ACM expiry notification texts (EventBridge input transformers; plain text, so not JSON). */
const ACM_RULES: Array<{ id: string; detailType: string; description: string; paths: Record<string, string>; template: string }> = [
  {
    id: 'ApproachingExpirationRule',
    detailType: 'ACM Certificate Approaching Expiration',
    description: 'ACM certificates approaching expiration, to the expiry topic',
    paths: {
      certificateArn: '$.resources[0]', commonName: '$.detail.CommonName', account: '$.account', region: '$.region', daysToExpiry: '$.detail.DaysToExpiry',
    },
    template: 'ACM certificate <commonName> (<certificateArn>) in account <account>, Region <region> expires in <daysToExpiry> days. '
      + 'ACM renews the certificates it issues and that are in use or exported; an imported certificate must be replaced and re-imported before then.',
  },
  {
    id: 'RenewalActionRequiredRule',
    detailType: 'ACM Certificate Renewal Action Required',
    description: 'ACM certificates that ACM could not renew, to the expiry topic',
    paths: {
      certificateArn: '$.resources[0]',
      commonName: '$.detail.CommonName',
      account: '$.account',
      region: '$.region',
      daysToExpiry: '$.detail.DaysToExpiry',
      renewalStatusReason: '$.detail.RenewalStatusReason',
    },
    template: 'ACM could not renew certificate <commonName> (<certificateArn>) in account <account>, Region <region>: <renewalStatusReason>. '
      + 'It expires in <daysToExpiry> days. Fix the cause (https://docs.aws.amazon.com/acm/latest/userguide/troubleshooting-renewal.html).',
  },
  {
    id: 'ExpiredRule',
    detailType: 'ACM Certificate Expired',
    description: 'expired ACM certificates, to the expiry topic',
    paths: {
      certificateArn: '$.resources[0]', commonName: '$.detail.CommonName', account: '$.account', region: '$.region', expirationDate: '$.detail.CertificateExpirationDate',
    },
    template: 'ACM certificate <commonName> (<certificateArn>) in account <account>, Region <region> EXPIRED on <expirationDate>. Clients that use it now fail: replace it.',
  },
];

/**
 * The CA lifecycle events of the account and Region (the signing handlers put renewal and retirement events on the
 * default bus) to the expiry topic, one line of plain text each, as the ACM rules above.
 */
function caRenewalEvents(stack: Stack, topic: sns.CfnTopic): void {
  new events.CfnRule(stack, 'CaRenewalRule', {
    description: 'cdk-pki: CA certificate renewals (renewed, capped by the parent, failed) and CA retirements, to the expiry topic',
    eventPattern: {
      'source': [CA_RENEWAL_EVENT_SOURCE, CA_RETIREMENT_EVENT_SOURCE],
      'detail-type': [...CA_RENEWAL_DETAIL_TYPES, ...CA_RETIREMENT_DETAIL_TYPES],
    },
    state: 'ENABLED',
    targets: [{
      arn: topic.ref,
      id: 'Target0',
      inputTransformer: {
        inputPathsMap: {
          detailType: '$.detail-type',
          hierarchyName: '$.detail.hierarchyName',
          caName: '$.detail.caName',
          certificateAuthorityArn: '$.detail.certificateAuthorityArn',
          account: '$.account',
          region: '$.region',
          notAfter: '$.detail.notAfter',
          previousNotAfter: '$.detail.previousNotAfter',
          capped: '$.detail.capped',
          retireAfter: '$.detail.retireAfter',
          reason: '$.detail.reason',
        },
        inputTemplate: '<detailType>: CA <hierarchyName>/<caName> (<certificateAuthorityArn>) in account <account>, <region>. '
          + 'Certificate valid until <notAfter> (before: <previousNotAfter>; capped by its parent: <capped>). '
          + 'Retirement after: <retireAfter>. <reason>',
      },
    }],
  });
}

/**
 * Expiry notifications of an account and Region: ACM's events and the expiration Config rule to an
 * encrypted topic, the account's DaysBeforeExpiry, and for the CAs of the stack a scheduled function that
 * publishes their days to expiry, with alarms.
 */
function expiryAlarms(stack: Stack, caArns: string[]): void {
  const key = new kms.CfnKey(stack, 'ExpiryTopicKey', {
    description: `cdk-pki: encrypts the certificate-expiry notifications of ${stack.stackName}`,
    enableKeyRotation: true,
    keyPolicy: topicKeyPolicy(stack, 'ExpiryNotificationsEncryptForTopic'),
  });
  key.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const topic = new sns.CfnTopic(stack, 'ExpiryTopic', { displayName: 'Certificate expiry', kmsMasterKeyId: key.attrArn });
  new sns.CfnTopicPolicy(stack, 'ExpiryTopicPolicy', {
    topics: [topic.ref],
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        denyInsecurePublish(topic),
        {
          Sid: 'ExpiryNotificationsFromThisAccount',
          Action: 'sns:Publish',
          Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
          Effect: 'Allow',
          Principal: { Service: ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] },
          Resource: topic.ref,
        },
      ],
    },
  });
  new sns.CfnSubscription(stack, 'ExpiryTopicEmail', { endpoint: 'pki-team@example.com', protocol: 'email', topicArn: topic.ref });
  new acm.CfnAccount(stack, 'AcmAccountConfiguration', { expiryEventsConfiguration: { daysBeforeExpiry: 45 } });

  for (const rule of ACM_RULES) {
    new events.CfnRule(stack, rule.id, {
      description: `cdk-pki: ${rule.description}`,
      eventPattern: { 'source': ['aws.acm'], 'detail-type': [rule.detailType] },
      state: 'ENABLED',
      targets: [{ arn: topic.ref, id: 'Target0', inputTransformer: { inputPathsMap: rule.paths, inputTemplate: rule.template } }],
    });
  }
  const configRule = new config.CfnConfigRule(stack, 'AcmExpirationConfigRule', {
    description: 'cdk-pki: ACM certificates that expire within 30 days are NON_COMPLIANT',
    inputParameters: { daysToExpiration: 30 },
    maximumExecutionFrequency: 'TwentyFour_Hours',
    scope: { complianceResourceTypes: ['AWS::ACM::Certificate'] },
    source: { owner: 'AWS', sourceIdentifier: 'ACM_CERTIFICATE_EXPIRATION_CHECK' },
  });
  new events.CfnRule(stack, 'ConfigComplianceRule', {
    description: 'cdk-pki: ACM certificates the expiration Config rule finds NON_COMPLIANT, to the expiry topic',
    eventPattern: {
      'source': ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      'detail': {
        messageType: ['ComplianceChangeNotification'],
        configRuleName: [configRule.ref],
        resourceType: ['AWS::ACM::Certificate'],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    },
    state: 'ENABLED',
    targets: [{
      arn: topic.ref,
      id: 'Target0',
      inputTransformer: {
        inputPathsMap: { certificateArn: '$.detail.resourceId', account: '$.account', region: '$.region', configRuleName: '$.detail.configRuleName' },
        inputTemplate: 'AWS Config rule <configRuleName> found ACM certificate <certificateArn> in account <account>, Region <region> NON_COMPLIANT: '
          + 'it expires within 30 days. Renew or replace it, or delete it if nothing uses it.',
      },
    }],
  });
  caRenewalEvents(stack, topic);

  if (caArns.length === 0) {
    return;
  }
  const fn = libraryFunction(stack, 'CaExpiryFunction', {
    code: handlerCode('ca-expiry'),
    description: 'publishes the days to expiry of CA certificates as custom metrics',
    timeout: 300,
    rolePath: CA_EXPIRY_ROLE_PATH,
    statements: [
      { Action: 'acm-pca:GetCertificateAuthorityCertificate', Effect: 'Allow', Resource: caArns.length === 1 ? caArns[0] : caArns },
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': 'cdk-pki' } }, Effect: 'Allow', Resource: '*' },
    ],
  });
  const check = {
    CertificateAuthorities: caArns.map((a) => ({ Arn: a })),
    DiscoverAccountCertificateAuthorities: false,
    Monitor: `${stack.stackName}-ca-expiry`,
  };
  const schedule = new events.CfnRule(stack, 'CaExpirySchedule', {
    description: 'cdk-pki: checks the CA certificates\' expiry every six hours',
    scheduleExpression: 'rate(6 hours)',
    state: 'ENABLED',
    targets: [{ arn: fn.fn.attrArn, id: 'Target0', input: stack.toJsonString(check), retryPolicy: { maximumRetryAttempts: 2 } }],
  });
  new lambda.CfnPermission(stack, 'CaExpirySchedulePermission', {
    action: 'lambda:InvokeFunction',
    functionName: fn.fn.attrArn,
    principal: 'events.amazonaws.com',
    sourceArn: schedule.attrArn,
  });
  const firstCheck = new CfnResource(stack, 'CaExpiryFirstCheck', {
    type: 'Custom::PkiCaExpiryCheck',
    properties: { ServiceToken: fn.fn.attrArn, Check: check },
  });
  for (const r of [fn.fn, fn.logGroup, fn.policy, fn.role]) {
    firstCheck.node.addDependency(r);
  }
  const alarm = (id: string, props: Omit<cloudwatch.CfnAlarmProps, 'alarmActions' | 'evaluationPeriods'>) =>
    new cloudwatch.CfnAlarm(stack, id, { alarmActions: [topic.ref], evaluationPeriods: 1, ...props });
  caArns.forEach((caArn, i) => {
    for (const [level, days] of [['WARNING', 180], ['CRITICAL', 60]] as const) {
      alarm(`Ca${i}${level}`, {
        alarmDescription: `cdk-pki ${level}: the certificate (or chain) of CA ${caArn} expires within ${days} days, or has no data (expired, deleted or unreadable)`,
        comparisonOperator: 'LessThanOrEqualToThreshold',
        datapointsToAlarm: 1,
        dimensions: [{ name: 'CertificateAuthorityArn', value: caArn }],
        metricName: 'DaysToExpiry',
        namespace: 'cdk-pki',
        okActions: [topic.ref],
        period: 86400,
        statistic: 'Minimum',
        threshold: days,
        treatMissingData: 'breaching',
      });
    }
  });
  alarm('CaExpiryErrorsAlarm', {
    alarmDescription: 'cdk-pki: the CA-expiry function failed; see its log group',
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    dimensions: [{ name: 'FunctionName', value: fn.fn.ref }],
    metricName: 'Errors',
    namespace: 'AWS/Lambda',
    period: 3600,
    statistic: 'Sum',
    threshold: 1,
    treatMissingData: 'notBreaching',
  });
}

/** The root's certificate for trust stores: an SSM parameter in its account and Region, and a stack output. */
function publishRootCertificate(stack: Stack, certificate: acmpca.CfnCertificate): void {
  const description = `cdk-pki: root CA certificate (PEM) of hierarchy ${HIERARCHY_NAME}, renewal 0: add it to trust stores`;
  new ssm.CfnParameter(stack, 'RootCertificateParameter', {
    name: `/cdk-pki/${HIERARCHY_NAME}/root/certificate`,
    type: 'String',
    // A PEM certificate of a 4096-bit RSA key with a long subject can exceed the standard tier's 4 KB.
    tier: 'Intelligent-Tiering',
    description,
    value: certificate.attrCertificate,
  });
  new CfnOutput(stack, 'RootCertificateOutput', { value: certificate.attrCertificate, description });
}

export function buildBaselineApp(props: BenchAppProps): App {
  const app = new App({ outdir: props.outdir, context: props.context });
  const plan = planOrganization(props.scale);
  const caArnsOf = new Map<Stack, string[]>();
  // Validity, in years, of the issuing CAs, the intermediate and the issuing CA under it.
  const validityYears = { issuing: 3, intermediate: 5, branch: 2 };

  // The root: a ROOT CA with its self-signed certificate and activation.
  const rootStack = new Stack(app, ROOT_STACK_NAME, { env: ROOT_ENV });
  const rootCrl = crlBucket(rootStack);
  const root = certificateAuthority(rootStack, 'ROOT', 'root', 'Bench Corp Root CA', rootCrl, crlAlarmTopic(rootStack));
  const rootProvider = signingProvider(rootStack, [], { subordinates: false, lifecycle: false });
  guard(rootStack, rootProvider, root, 'root', 'kept as it is, still ACTIVE (removalPolicy RETAIN)');
  const rootCertificate = new acmpca.CfnCertificate(rootStack, 'CaSelfSigned', {
    certificateAuthorityArn: root.attrArn,
    certificateSigningRequest: root.attrCertificateSigningRequest,
    signingAlgorithm: 'SHA384WITHECDSA',
    templateArn: templateArn('RootCACertificate'),
    validity: { type: 'YEARS', value: 10 },
  });
  const activation = new acmpca.CfnCertificateAuthorityActivation(rootStack, 'CaActivation', {
    certificateAuthorityArn: root.attrArn,
    certificate: rootCertificate.attrCertificate,
    status: 'ACTIVE',
  });
  for (const r of [rootCertificate, activation]) {
    r.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
  }
  const rootLifecycle = new CfnResource(rootStack, 'CaLifecycle', {
    type: 'Custom::PkiRootCaLifecycle',
    properties: {
      ServiceToken: rootProvider.serviceToken,
      CertificateAuthorityArn: activation.ref,
      RemovalPolicy: 'RETAIN',
      RestorationDays: '30',
      // A replaced root keeps serving until what it signed (the issuing CAs and the intermediate) has expired.
      RetireAfterDays: retireAfterDays([validityYears.issuing, validityYears.intermediate]),
      HierarchyName: HIERARCHY_NAME,
    },
  });
  for (const r of rootProvider.ready) {
    rootLifecycle.node.addDependency(r);
  }
  publishRootCertificate(rootStack, rootCertificate);
  caArnsOf.set(rootStack, [activation.ref]);
  const rootParent: Parent = { stack: rootStack, caName: 'root', ca: root, depth: 1, subordinates: [] };

  for (const plannedCa of plan.issuing) {
    const stack = new Stack(app, plannedCa.stackName, { env: plannedCa.env });
    const { activeArn } = issuingCa(stack, rootParent, plannedCa.caName, plannedCa.commonName,
      { validityYears: validityYears.issuing, template: 'SubordinateCACertificate_PathLen0' });
    caArnsOf.set(stack, [activeArn]);
    if (plannedCa.shareWith.length > 0) {
      new ram.CfnResourceShare(stack, 'WorkloadShare', {
        name: `${stack.stackName}-workload-share`,
        allowExternalPrincipals: false,
        permissionArns: [arn('ram::aws:permission/AWSRAMDefaultPermissionCertificateAuthority')],
        principals: plannedCa.shareWith,
        resourceArns: [activeArn],
      });
    }
  }

  // The three-level branch: an intermediate CA that signs one issuing CA with name constraints.
  const intermediateStack = new Stack(app, INTERMEDIATE_STACK_NAME, { env: INTERMEDIATE_ENV });
  const intermediate = issuingCa(intermediateStack, rootParent, 'intermediate', 'Bench Corp Intermediate CA',
    { validityYears: validityYears.intermediate, template: 'SubordinateCACertificate_PathLen1', signsCas: true, subordinateValidityYears: [validityYears.branch] });
  caArnsOf.set(intermediateStack, [intermediate.activeArn]);
  const intermediateParent: Parent = {
    stack: intermediateStack, caName: 'intermediate', ca: intermediate.ca, depth: intermediate.depth, renewBeforeDays: intermediate.renewBeforeDays, subordinates: [],
  };
  const branchStack = new Stack(app, BRANCH_ISSUING_STACK_NAME, { env: BRANCH_ISSUING_ENV });
  const branch = issuingCa(branchStack, intermediateParent, 'internal', 'Bench Corp Internal Issuing CA',
    { validityYears: validityYears.branch, template: 'SubordinateCACertificate_PathLen0_APIPassthrough', nameConstraints: BRANCH_NAME_CONSTRAINTS });
  caArnsOf.set(branchStack, [branch.activeArn]);

  // The parents' signing authorities, now that their subordinates are declared.
  signingAuthority(rootParent);
  signingAuthority(intermediateParent);

  for (const workload of plan.workloads) {
    new Stack(app, workload.stackName, { env: workload.env });
  }

  for (const stack of app.node.children.filter(Stack.isStack)) {
    expiryAlarms(stack, caArnsOf.get(stack) ?? []);
  }
  return app;
}
