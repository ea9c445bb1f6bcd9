/**
 * Runs a custom resource's handler the way CloudFormation reaches it in a deployed stack: through
 * aws-cdk-lib's own provider framework code (custom-resources/lib/provider-framework/runtime: framework.js
 * `onEvent`, with its outbound.js and cfn-response.js), in process. The framework's two ways out are
 * replaced for the call: `invokeFunction` (Lambda Invoke of the user's onEvent function) calls the handler
 * the way the Lambda Node.js runtime would (JSON payload in, `{ Payload }` out, a throw becomes
 * `FunctionError: 'Unhandled'` with errorMessage, errorType and trace), and `httpRequest` (the PUT to the
 * pre-signed ResponseURL) captures the body CloudFormation would receive. So a test sees what CloudFormation
 * sees: SUCCESS or FAILED, the Reason, the physical id (with the framework's own rules: a Delete may not
 * change it, a failed Create gets the CREATE_FAILED marker and the Delete that follows is ignored) and Data,
 * and CloudFormation's own 4096-byte limit on the response body (a longer one fails the resource with
 * "Response object is too long.", whatever it said).
 *
 * What it cannot show: Lambda's limits (timeout, payload size, cold start), the framework's isComplete /
 * waiter state machine (the ca-signer provider has none), the real HTTP PUT, and the exact stack frames of
 * the bundled function (the Reason carries the error's stack; frames here name the TypeScript sources, of
 * about the same length as the bundle's). Jest only: the framework's outbound.js loads @aws-sdk/client-lambda
 * (installed: the ca-signer invokes the signing authority with it, so it is left as it is) and client-sfn, which
 * the Lambda runtime provides and this project does not install; client-sfn is stubbed here, as a virtual module
 * that nothing else can load. Neither is used, since the exports that would use them are replaced.
 *
 * The second half, `StackPlayer`, is CloudFormation's side: it creates, updates (with the cleanup of what
 * was replaced, or the rollback of a failed update) and deletes one stack of a synthesized template against
 * an AWS emulator, sending each custom resource the requests CloudFormation would through the framework. It
 * plays resources one at a time where CloudFormation runs independent ones in parallel, knows only the
 * resource types the PKI templates need, and has no stack status for a handler to read (an emulator has no
 * such stack), so a handler sees every Delete as one of a deployment going forward.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCsrCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { AwsCredentials } from './moto';

/** The body of the response CloudFormation receives from the framework (cfn-response.js `submitResponse`). */
export interface CfnResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  /** The framework's Reason: the status itself on success, the error and its stack on failure. */
  readonly Reason: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, unknown>;
}

/**
 * What CloudFormation records from a response: the body as sent, except that a body over 4096 bytes is
 * refused whatever it says, and the resource fails with "Response object is too long."
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
export interface RecordedResponse extends CfnResponse {
  /** Size of the body the framework sent. */
  readonly bodyBytes: number;
  /** The body's own Status and Reason, when CloudFormation refused it for its size. */
  readonly refused?: { readonly Status: string; readonly Reason: string };
}

/** CloudFormation's limit on a custom resource response body, in bytes (inclusive). */
export const CFN_RESPONSE_LIMIT_BYTES = 4096;

/** The user's onEvent handler, as the framework's Lambda function would invoke it. */
export type UserHandler = (event: CloudFormationCustomResourceEvent) => Promise<unknown>;

/** Physical id the framework answers for a Create that failed; it ignores the Delete that follows. */
export const CREATE_FAILED_PHYSICAL_ID = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

interface InvokeRequest { readonly FunctionName: string; readonly Payload: string }
interface InvokeResponse { readonly StatusCode: number; readonly FunctionError?: string; readonly Payload: Uint8Array }
interface HttpRequestOptions { readonly hostname?: string; readonly path?: string; readonly method?: string }

interface Outbound {
  invokeFunction: (req: InvokeRequest) => Promise<InvokeResponse>;
  httpRequest: (options: HttpRequestOptions, body: string) => Promise<void>;
  startExecution: (req: unknown) => Promise<unknown>;
}

interface Framework {
  onEvent: (event: CloudFormationCustomResourceEvent) => Promise<void>;
}

const RUNTIME_DIR = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources', 'lib', 'provider-framework', 'runtime');
const USER_ON_EVENT_FUNCTION_ARN = 'USER_ON_EVENT_FUNCTION_ARN';
const USER_IS_COMPLETE_FUNCTION_ARN = 'USER_IS_COMPLETE_FUNCTION_ARN';

let loaded: { framework: Framework; outbound: Outbound } | undefined;

function runtime(): { framework: Framework; outbound: Outbound } {
  if (!loaded) {
    // Provided by the Lambda runtime, not installed here; the replaced startExecution never reaches it.
    const unused = () => {
      throw new Error('the provider-framework harness replaces the framework\'s AWS calls; this client must not be used');
    };
    jest.doMock('@aws-sdk/client-sfn', () => ({ SFN: unused }), { virtual: true });
    loaded = {
      outbound: jest.requireActual<Outbound>(path.join(RUNTIME_DIR, 'outbound.js')),
      framework: jest.requireActual<Framework>(path.join(RUNTIME_DIR, 'framework.js')),
    };
  }
  return loaded;
}

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value) ?? 'null');

/** What the Lambda Node.js runtime answers to an Invoke of `handler`: the result as JSON, or the error it threw. */
async function invokeAsLambda(handler: UserHandler, req: InvokeRequest): Promise<InvokeResponse> {
  const event = JSON.parse(req.Payload) as CloudFormationCustomResourceEvent;
  try {
    const result = await handler(event);
    return { StatusCode: 200, Payload: encode(result ?? null) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return {
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: encode({ errorType: error.name, errorMessage: error.message, trace: lambdaTrace(error.stack ?? '') }),
    };
  }
}

/**
 * The trace the Lambda Node.js runtime reports: the error's stack, line by line. Here the frames below the
 * handler are this harness and the test; in Lambda they are the runtime's own, which take their place.
 */
function lambdaTrace(stack: string): string[] {
  const lines = stack.split('\n');
  const harness = lines.findIndex((line) => line.includes('invokeAsLambda'));
  return [...(harness === -1 ? lines : lines.slice(0, harness)), '    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1206:29)'];
}

/**
 * Sends one CloudFormation request through the provider framework's onEvent to `handler`, and returns the
 * response CloudFormation would receive. The framework module's exports and the environment are restored
 * afterwards.
 */
export async function sendThroughProviderFramework(
  event: CloudFormationCustomResourceEvent,
  handler: UserHandler,
  functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:user-on-event',
): Promise<RecordedResponse> {
  const { framework, outbound } = runtime();
  const saved = { invokeFunction: outbound.invokeFunction, httpRequest: outbound.httpRequest, startExecution: outbound.startExecution };
  const savedEnv = { onEvent: process.env[USER_ON_EVENT_FUNCTION_ARN], isComplete: process.env[USER_IS_COMPLETE_FUNCTION_ARN] };
  const responses: string[] = [];
  const misdirected: string[] = [];
  const expectedUrl = new URL(event.ResponseURL);
  outbound.invokeFunction = async (req) => {
    if (req.FunctionName !== functionArn) throw new Error(`the framework invoked ${req.FunctionName}, not the user's function ${functionArn}`);
    return invokeAsLambda(handler, req);
  };
  outbound.httpRequest = async (options, body) => {
    // Noted rather than thrown: the framework would retry a failed PUT with backoff.
    if (options.method !== 'PUT' || options.hostname !== expectedUrl.hostname) misdirected.push(`${options.method} ${options.hostname}`);
    responses.push(body);
  };
  outbound.startExecution = async () => {
    throw new Error('the framework started its isComplete waiter, which this provider does not have');
  };
  process.env[USER_ON_EVENT_FUNCTION_ARN] = functionArn;
  delete process.env[USER_IS_COMPLETE_FUNCTION_ARN];
  try {
    // The framework mutates the request (ResourceProperties default): give it its own copy, as Lambda would.
    await framework.onEvent(JSON.parse(JSON.stringify(event)) as CloudFormationCustomResourceEvent);
  } finally {
    Object.assign(outbound, saved);
    restoreEnv(USER_ON_EVENT_FUNCTION_ARN, savedEnv.onEvent);
    restoreEnv(USER_IS_COMPLETE_FUNCTION_ARN, savedEnv.isComplete);
  }
  if (misdirected.length > 0) throw new Error(`the framework sent ${misdirected.join(', ')}, not PUT to the ResponseURL's ${expectedUrl.hostname}`);
  if (responses.length !== 1) throw new Error(`the framework sent ${responses.length} responses to CloudFormation, not one`);
  return recorded(responses[0]);
}

function recorded(body: string): RecordedResponse {
  const response = JSON.parse(body) as CfnResponse;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  if (bodyBytes <= CFN_RESPONSE_LIMIT_BYTES) return { ...response, bodyBytes };
  return {
    ...response, Status: 'FAILED', Reason: 'Response object is too long.', bodyBytes, refused: { Status: response.Status, Reason: response.Reason },
  };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

// ---------------------------------------------------------------------------------------------------------
// A CloudFormation player: deploys, updates and deletes one stack of a synthesized template the way
// CloudFormation sequences it, against an AWS emulator, sending every custom resource its requests through
// the provider framework above.
// ---------------------------------------------------------------------------------------------------------

/** A resource of a synthesized template. */
export interface CfnResourceDefinition {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** A synthesized template (only what the player reads). */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResourceDefinition>;
}

/** Where the stack is, what answers for AWS, and the handler behind its custom resources' ServiceToken. */
export interface StackPlayerOptions {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** Endpoint of the AWS emulator, for the resources CloudFormation itself makes. */
  readonly endpoint: string;
  /** Credentials of the stack's account in the emulator (CloudFormation's own calls). */
  readonly credentials: AwsCredentials;
  /** The user's onEvent function of the stack's provider. */
  readonly handler: UserHandler;
}

/** Forward: the operation itself; rollback: undoing a failed one; cleanup: deleting what was replaced or left behind. */
export type Phase = 'forward' | 'rollback' | 'cleanup';

/** A request as CloudFormation sends it: PhysicalResourceId on Update and Delete, OldResourceProperties on Update. */
export type PlayedEvent = CloudFormationCustomResourceEvent & {
  readonly PhysicalResourceId?: string;
  readonly OldResourceProperties?: Record<string, unknown>;
};

/** One request CloudFormation sent to a custom resource, and the framework's response to it. */
export interface PlayedRequest {
  readonly phase: Phase;
  readonly logicalId: string;
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly event: PlayedEvent;
  readonly response: RecordedResponse;
}

/** A stack operation as CloudFormation would end it, with every custom resource request it sent. */
export interface StackOperation {
  /** CREATE_COMPLETE, ROLLBACK_COMPLETE, UPDATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, DELETE_COMPLETE or DELETE_FAILED. */
  readonly status: string;
  /** The resource that failed the operation, and why. */
  readonly failure?: { readonly logicalId: string; readonly reason: string };
  readonly requests: PlayedRequest[];
}

/** What a test changes in CloudFormation's behaviour for one operation. */
export interface PlayOptions {
  /**
   * Properties a custom resource receives instead of the template's (resolved) ones, by logical id: what a
   * request that CloudFormation got wrong, or a CA changed behind its back, would carry.
   */
  readonly tamper?: Record<string, (props: Record<string, unknown>) => Record<string, unknown>>;
  /** Resources CloudFormation fails when it reaches them (create or update), by logical id, with the reason. */
  readonly failAt?: Record<string, string>;
}

interface Deployed {
  readonly definition: CfnResourceDefinition;
  readonly physicalId: string;
  /** The properties as CloudFormation resolved (and, for custom resources, sent) them. */
  readonly properties: Record<string, unknown>;
  readonly attributes: Record<string, unknown>;
}

type Step =
  | { readonly kind: 'created'; readonly logicalId: string }
  | { readonly kind: 'updated'; readonly logicalId: string; readonly before: Deployed; readonly attempted: Record<string, unknown> }
  | { readonly kind: 'replaced'; readonly logicalId: string; readonly before: Deployed; readonly after: Deployed };

const CA = 'AWS::ACMPCA::CertificateAuthority';
const CA_CERTIFICATE = 'AWS::ACMPCA::Certificate';
const CA_ACTIVATION = 'AWS::ACMPCA::CertificateAuthorityActivation';
const SSM_PARAMETER = 'AWS::SSM::Parameter';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
/** Properties whose change makes CloudFormation create a new CA (the CloudFormation schema's createOnlyProperties). */
const CA_CREATE_ONLY = ['Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject', 'CsrExtensions', 'KeyStorageSecurityStandard', 'UsageMode'];

function isCustom(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** A failure of a resource operation, as CloudFormation reports it. */
class ResourceFailure extends Error {}

/**
 * One CloudFormation stack, played against an AWS emulator. It models what these templates need:
 * AWS::ACMPCA::CertificateAuthority, ::Certificate and ::CertificateAuthorityActivation, AWS::SSM::Parameter,
 * custom resources (through the provider framework), and Ref / Fn::GetAtt / Fn::Join. Other resource types
 * are not made (IAM, Lambda, logs, ACM PCA permissions): a reference to one throws, except a Lambda
 * function's Arn (the ServiceToken). Resources are handled one at a time in dependency order, which is one
 * of the orders CloudFormation may take.
 */
export class StackPlayer {
  public readonly stackId: string;
  /** Every custom resource request of every operation, in order. */
  public readonly requests: PlayedRequest[] = [];
  private readonly deployed = new Map<string, Deployed>();
  private template?: CfnTemplate;
  private readonly pca: ACMPCAClient;
  private readonly ssm: SSMClient;
  private readonly functionArn: string;

  constructor(private readonly options: StackPlayerOptions) {
    this.stackId = `arn:aws:cloudformation:${options.region}:${options.account}:stack/${options.stackName}/${randomUUID()}`;
    const config = { region: options.region, endpoint: options.endpoint, credentials: options.credentials };
    this.pca = new ACMPCAClient(config);
    this.ssm = new SSMClient(config);
    this.functionArn = `arn:aws:lambda:${options.region}:${options.account}:function:${options.stackName}-onEvent`;
  }

  /** Physical id CloudFormation records for a resource of the stack. */
  public physicalId(logicalId: string): string {
    return this.get(logicalId).physicalId;
  }

  /** Attributes of a resource (a custom resource's Data). */
  public attributes(logicalId: string): Record<string, unknown> {
    return this.get(logicalId).attributes;
  }

  /** The properties a resource was last created or updated with, resolved. */
  public properties(logicalId: string): Record<string, unknown> {
    return this.get(logicalId).properties;
  }

  /** The template CloudFormation holds for the stack (that of its last successful operation); none when it does not exist. */
  public get currentTemplate(): CfnTemplate | undefined {
    return this.template;
  }

  /** A template value resolved against the stack's resources (Ref, Fn::GetAtt, Fn::Join), as a resource would receive it. */
  public resolveValue(value: unknown): unknown {
    return this.resolve(value, false);
  }

  /** CreateStack: resources in dependency order; on a failure, what was created is deleted again. */
  public async create(template: CfnTemplate, options: PlayOptions = {}): Promise<StackOperation> {
    if (this.template) throw new Error(`stack ${this.options.stackName} already exists`);
    this.template = template;
    const start = this.requests.length;
    const created: string[] = [];
    let failure: StackOperation['failure'];
    for (const logicalId of dependencyOrder(template)) {
      try {
        this.failIfAsked(logicalId, options);
        created.push(logicalId);
        await this.createResource('forward', logicalId, template.Resources[logicalId], options);
      } catch (e) {
        if (!this.deployed.has(logicalId)) created.pop();
        failure = { logicalId, reason: reasonOf(e) };
        break;
      }
    }
    if (!failure) return this.outcome('CREATE_COMPLETE', start);
    for (const logicalId of created.reverse()) {
      await this.deleteResource('rollback', logicalId, 'DeletionPolicy', true);
    }
    this.template = undefined;
    return this.outcome('ROLLBACK_COMPLETE', start, failure);
  }

  /**
   * UpdateStack: new and changed resources in the new template's dependency order, then the cleanup
   * (replaced physical resources and removed resources, in reverse order). On a failure: the rollback
   * Update of every custom resource that was updated (the failed one too) back to its old properties and
   * physical id, in reverse order, then the cleanup of what the failed update created.
   */
  public async update(template: CfnTemplate, options: PlayOptions = {}): Promise<StackOperation> {
    const old = this.requireTemplate();
    const start = this.requests.length;
    const steps: Step[] = [];
    let failure: StackOperation['failure'];
    for (const logicalId of dependencyOrder(template)) {
      try {
        const definition = template.Resources[logicalId];
        const before = this.deployed.get(logicalId);
        if (!before) {
          this.failIfAsked(logicalId, options);
          steps.push({ kind: 'created', logicalId });
          await this.createResource('forward', logicalId, definition, options);
          continue;
        }
        const step = await this.updateResource(logicalId, before, definition, options, steps);
        if (step) steps.push(step);
      } catch (e) {
        const last = steps[steps.length - 1];
        if (last?.kind === 'created' && last.logicalId === logicalId && !this.deployed.has(logicalId)) steps.pop();
        failure = { logicalId, reason: reasonOf(e) };
        break;
      }
    }
    if (!failure) {
      this.template = template;
      // What was replaced and what left the template, in the old template's reverse dependency order.
      for (const logicalId of dependencyOrder(old).reverse()) {
        const replaced = steps.find((step) => step.kind === 'replaced' && step.logicalId === logicalId);
        if (replaced?.kind === 'replaced') await this.deleteDeployed('cleanup', logicalId, replaced.before, 'UpdateReplacePolicy', false);
        if (!(logicalId in template.Resources)) await this.deleteResource('cleanup', logicalId, 'DeletionPolicy', false);
      }
      return this.outcome('UPDATE_COMPLETE', start);
    }
    for (const step of [...steps].reverse()) {
      if (step.kind === 'created') continue;
      await this.rollbackResource(step);
    }
    for (const step of [...steps].reverse()) {
      if (step.kind === 'created') await this.deleteResource('cleanup', step.logicalId, 'DeletionPolicy', true);
      if (step.kind === 'replaced') await this.deleteDeployed('cleanup', step.logicalId, step.after, 'DeletionPolicy', true);
    }
    return this.outcome('UPDATE_ROLLBACK_COMPLETE', start, failure);
  }

  /** DeleteStack: every resource in reverse dependency order, each as its DeletionPolicy says. */
  public async delete(): Promise<StackOperation> {
    const template = this.requireTemplate();
    const start = this.requests.length;
    for (const logicalId of dependencyOrder(template).reverse()) {
      try {
        await this.deleteResource('forward', logicalId, 'DeletionPolicy', false);
      } catch (e) {
        return this.outcome('DELETE_FAILED', start, { logicalId, reason: reasonOf(e) });
      }
    }
    this.template = undefined;
    return this.outcome('DELETE_COMPLETE', start);
  }

  private outcome(status: string, start: number, failure?: StackOperation['failure']): StackOperation {
    return { status, failure, requests: this.requests.slice(start) };
  }

  private requireTemplate(): CfnTemplate {
    if (!this.template) throw new Error(`stack ${this.options.stackName} does not exist`);
    return this.template;
  }

  private get(logicalId: string): Deployed {
    const found = this.deployed.get(logicalId);
    if (!found) throw new Error(`stack ${this.options.stackName} has no resource ${logicalId}`);
    return found;
  }

  private failIfAsked(logicalId: string, options: PlayOptions): void {
    const reason = options.failAt?.[logicalId];
    if (reason !== undefined) throw new ResourceFailure(reason);
  }

  private async createResource(phase: Phase, logicalId: string, definition: CfnResourceDefinition, options: PlayOptions): Promise<Deployed> {
    const type = definition.Type;
    if (isCustom(type)) {
      const properties = this.customProperties(logicalId, definition, options);
      const response = await this.send(phase, logicalId, 'Create', type, properties);
      const deployed = { definition, physicalId: response.PhysicalResourceId, properties, attributes: response.Data ?? {} };
      // A failed Create keeps the physical id it answered: CloudFormation's Delete carries it.
      this.deployed.set(logicalId, deployed);
      if (response.Status !== 'SUCCESS') throw new ResourceFailure(response.Reason);
      return deployed;
    }
    // A resource the player does not make is not resolved either: its references may be to others it does not make.
    const properties = this.modelled(type) ? this.resolve(definition.Properties ?? {}, false) as Record<string, unknown> : {};
    const made = await this.makeAwsResource(logicalId, definition, properties);
    const deployed = { definition, properties, ...made };
    this.deployed.set(logicalId, deployed);
    return deployed;
  }

  /** An update of one existing resource; undefined when nothing changed. */
  private async updateResource(
    logicalId: string, before: Deployed, definition: CfnResourceDefinition, options: PlayOptions, steps: Step[],
  ): Promise<Step | undefined> {
    const type = definition.Type;
    if (type !== before.definition.Type) throw new Error(`the player does not model a change of type of ${logicalId}`);
    const custom = isCustom(type);
    if (!custom && !this.modelled(type)) {
      this.deployed.set(logicalId, { ...before, definition });
      return undefined;
    }
    const properties = custom
      ? this.customProperties(logicalId, definition, options)
      : this.resolve(definition.Properties ?? {}, false) as Record<string, unknown>;
    if (isDeepStrictEqual(properties, before.properties)) {
      this.deployed.set(logicalId, { ...before, definition });
      return undefined;
    }
    this.failIfAsked(logicalId, options);
    if (custom) {
      const response = await this.send('forward', logicalId, 'Update', type, properties, before.physicalId, before.properties);
      if (response.Status !== 'SUCCESS') {
        steps.push({ kind: 'updated', logicalId, before, attempted: properties });
        throw new ResourceFailure(response.Reason);
      }
      const after = { definition, physicalId: response.PhysicalResourceId, properties, attributes: response.Data ?? {} };
      this.deployed.set(logicalId, after);
      return after.physicalId === before.physicalId
        ? { kind: 'updated', logicalId, before, attempted: properties }
        : { kind: 'replaced', logicalId, before, after };
    }
    const changed = (names: string[]) => names.some((name) => !isDeepStrictEqual(properties[name], before.properties[name]));
    // Replacement, as the CloudFormation schemas' createOnlyProperties say: every property of a certificate,
    // the CA of an activation, the create-only properties of a CA.
    if ((type === CA && changed(CA_CREATE_ONLY)) || type === CA_CERTIFICATE || (type === CA_ACTIVATION && changed(['CertificateAuthorityArn']))) {
      const after = { definition, properties, ...await this.makeAwsResource(logicalId, definition, properties) };
      this.deployed.set(logicalId, after);
      return { kind: 'replaced', logicalId, before, after };
    }
    if ((type === SSM_PARAMETER && properties.Name === before.properties.Name) || type === CA_ACTIVATION) {
      const after = { definition, properties, ...await this.makeAwsResource(logicalId, definition, properties) };
      this.deployed.set(logicalId, after);
      return { kind: 'updated', logicalId, before, attempted: properties };
    }
    throw new Error(`the player does not model this update of ${logicalId} (${type})`);
  }

  /** CloudFormation's rollback of one updated resource: back to its old properties and physical id. */
  private async rollbackResource(step: Exclude<Step, { kind: 'created' }>): Promise<void> {
    const { logicalId, before } = step;
    const type = before.definition.Type;
    if (isCustom(type)) {
      const attempted = step.kind === 'replaced' ? step.after.properties : step.attempted;
      const response = await this.send('rollback', logicalId, 'Update', type, before.properties, before.physicalId, attempted);
      if (response.Status !== 'SUCCESS') throw new Error(`UPDATE_ROLLBACK_FAILED: ${logicalId}: ${response.Reason}`);
      this.deployed.set(logicalId, { ...before, physicalId: response.PhysicalResourceId, attributes: response.Data ?? {} });
      return;
    }
    if ((type === SSM_PARAMETER || type === CA_ACTIVATION) && step.kind === 'updated') {
      await this.makeAwsResource(logicalId, before.definition, before.properties);
    }
    this.deployed.set(logicalId, before);
  }

  /** Deletes the resource the stack records for a logical id, and forgets it. */
  private async deleteResource(phase: Phase, logicalId: string, policyOf: 'DeletionPolicy' | 'UpdateReplacePolicy', createdNow: boolean): Promise<void> {
    const deployed = this.deployed.get(logicalId);
    if (!deployed) return;
    await this.deleteDeployed(phase, logicalId, deployed, policyOf, createdNow);
    this.deployed.delete(logicalId);
  }

  /** Deletes one physical resource as its policy says (RetainExceptOnCreate: deleted when this operation made it). */
  private async deleteDeployed(
    phase: Phase, logicalId: string, deployed: Deployed, policyOf: 'DeletionPolicy' | 'UpdateReplacePolicy', createdNow: boolean,
  ): Promise<void> {
    const policy = deployed.definition[policyOf] ?? 'Delete';
    if (policy === 'Retain' || (policy === 'RetainExceptOnCreate' && !createdNow)) return;
    const type = deployed.definition.Type;
    if (isCustom(type)) {
      const response = await this.send(phase, logicalId, 'Delete', type, deployed.properties, deployed.physicalId);
      if (response.Status !== 'SUCCESS') throw new ResourceFailure(response.Reason);
      return;
    }
    switch (type) {
      case CA: {
        const status = (await this.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: deployed.physicalId })))
          .CertificateAuthority?.Status;
        if (status === 'DELETED') return;
        // AWS refuses to delete an ACTIVE CA; CloudFormation's documentation says to disable it first (remove its activation).
        if (status === 'ACTIVE') throw new ResourceFailure(`CA ${deployed.physicalId} is ACTIVE: it must be disabled before CloudFormation can delete it`);
        await this.pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: deployed.physicalId }));
        return;
      }
      case CA_ACTIVATION:
        await this.pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: deployed.physicalId, Status: 'DISABLED' }));
        return;
      case SSM_PARAMETER:
        await this.ssm.send(new DeleteParameterCommand({ Name: deployed.physicalId }));
        return;
      default:
        // An issued certificate cannot be deleted; the resource types the player does not make were never made.
        return;
    }
  }

  private modelled(type: string): boolean {
    return [CA, CA_CERTIFICATE, CA_ACTIVATION, SSM_PARAMETER].includes(type);
  }

  /** Makes (or, for a parameter, writes) an AWS resource; its physical id and attributes. */
  private async makeAwsResource(
    logicalId: string, definition: CfnResourceDefinition, p: Record<string, unknown>,
  ): Promise<{ physicalId: string; attributes: Record<string, unknown> }> {
    const str = (name: string) => p[name] as string;
    switch (definition.Type) {
      case CA: {
        const out = await this.pca.send(new CreateCertificateAuthorityCommand({
          CertificateAuthorityType: str('Type') as never,
          CertificateAuthorityConfiguration: {
            KeyAlgorithm: str('KeyAlgorithm') as never,
            SigningAlgorithm: str('SigningAlgorithm') as never,
            Subject: p.Subject as never,
            CsrExtensions: p.CsrExtensions as never,
          },
          RevocationConfiguration: p.RevocationConfiguration as never,
          KeyStorageSecurityStandard: p.KeyStorageSecurityStandard as never,
          UsageMode: p.UsageMode as never,
          Tags: p.Tags as never,
        }));
        const arn = out.CertificateAuthorityArn!;
        const csr = await this.pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
        return { physicalId: arn, attributes: { Arn: arn, CertificateSigningRequest: csr.Csr } };
      }
      case CA_CERTIFICATE: {
        const validity = p.Validity as { Type: string; Value: number };
        const caArn = str('CertificateAuthorityArn');
        const out = await this.pca.send(new IssueCertificateCommand({
          CertificateAuthorityArn: caArn,
          Csr: Buffer.from(str('CertificateSigningRequest'), 'utf8'),
          TemplateArn: str('TemplateArn'),
          SigningAlgorithm: str('SigningAlgorithm') as never,
          Validity: { Type: validity.Type as never, Value: Number(validity.Value) },
        }));
        const arn = out.CertificateArn!;
        const got = await this.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: caArn, CertificateArn: arn }));
        return { physicalId: arn, attributes: { Arn: arn, Certificate: got.Certificate } };
      }
      case CA_ACTIVATION: {
        const caArn = str('CertificateAuthorityArn');
        if ((p.Status ?? 'ACTIVE') !== 'ACTIVE') throw new Error(`the player does not model activation status ${String(p.Status)} of ${logicalId}`);
        await this.pca.send(new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: caArn,
          Certificate: Buffer.from(str('Certificate'), 'utf8'),
          CertificateChain: p.CertificateChain ? Buffer.from(str('CertificateChain'), 'utf8') : undefined,
        }));
        return { physicalId: caArn, attributes: { CompleteCertificateChain: str('Certificate') } };
      }
      case SSM_PARAMETER: {
        await this.ssm.send(new PutParameterCommand({ Name: str('Name'), Value: str('Value'), Type: (p.Type ?? 'String') as never, Overwrite: true }));
        return { physicalId: str('Name'), attributes: { Type: p.Type, Value: p.Value } };
      }
      default: {
        const attributes: Record<string, unknown> = definition.Type === LAMBDA_FUNCTION
          ? { Arn: `arn:aws:lambda:${this.options.region}:${this.options.account}:function:${this.options.stackName}-${logicalId}` }
          : {};
        return { physicalId: `${this.options.stackName}-${logicalId}-not-made`, attributes };
      }
    }
  }

  private customProperties(logicalId: string, definition: CfnResourceDefinition, options: PlayOptions): Record<string, unknown> {
    const resolved = this.resolve(definition.Properties ?? {}, true) as Record<string, unknown>;
    const tamper = options.tamper?.[logicalId];
    return tamper ? tamper(resolved) : resolved;
  }

  private async send(
    phase: Phase, logicalId: string, requestType: 'Create' | 'Update' | 'Delete', resourceType: string,
    properties: Record<string, unknown>, physicalId?: string, oldProperties?: Record<string, unknown>,
  ): Promise<RecordedResponse> {
    const requestId = randomUUID();
    const region = this.options.region;
    const event = {
      RequestType: requestType,
      ServiceToken: properties.ServiceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-${region.replace(/-/g, '')}.s3.${region}.amazonaws.com/`
        + `${encodeURIComponent(`${this.stackId}|${logicalId}|${requestId}`)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=played`,
      StackId: this.stackId,
      RequestId: requestId,
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      ResourceProperties: properties,
      ...(physicalId === undefined ? {} : { PhysicalResourceId: physicalId }),
      ...(oldProperties === undefined ? {} : { OldResourceProperties: oldProperties }),
    } as unknown as PlayedEvent;
    const response = await sendThroughProviderFramework(event, this.options.handler, this.functionArn);
    if (response.RequestId !== requestId || response.StackId !== this.stackId || response.LogicalResourceId !== logicalId) {
      throw new Error(`CloudFormation would reject the response to ${requestType} ${logicalId}: it names another request`);
    }
    this.requests.push({ phase, logicalId, requestType, event, response });
    return response;
  }

  /** A template value with Ref, Fn::GetAtt and Fn::Join resolved; custom resources get every scalar as a string. */
  private resolve(value: unknown, stringify: boolean): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, stringify));
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 1) {
        const [[key, arg]] = entries;
        if (key === 'Ref') return this.ref(arg as string);
        if (key === 'Fn::GetAtt') {
          const [target, attribute] = Array.isArray(arg) ? arg as string[] : String(arg).split(/\.(.*)/);
          return this.getAtt(target, attribute);
        }
        if (key === 'Fn::Join') {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts, false) as unknown[]).join(separator);
        }
        if (key.startsWith('Fn::')) throw new Error(`the player does not model ${key}`);
      }
      return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v, stringify)]));
    }
    if (stringify && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
    return value;
  }

  private ref(name: string): string {
    const { account, region, stackName } = this.options;
    const pseudo: Record<string, string> = {
      'AWS::StackId': this.stackId,
      'AWS::StackName': stackName,
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (name in pseudo) return pseudo[name];
    const target = this.get(name);
    if (!this.modelled(target.definition.Type) && !isCustom(target.definition.Type)) {
      throw new Error(`the player does not make ${name} (${target.definition.Type}), so it cannot resolve a Ref to it`);
    }
    return target.physicalId;
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    const value = this.get(logicalId).attributes[attribute];
    if (value === undefined) throw new Error(`the player has no attribute ${attribute} of ${logicalId} (${this.get(logicalId).definition.Type})`);
    return value;
  }
}

/** Error text as CloudFormation would show it. */
function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Logical ids that a value refers to with Ref or Fn::GetAtt. */
function referencesIn(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencesIn(v, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, arg] of Object.entries(value)) {
      if (key === 'Ref' && typeof arg === 'string' && !arg.startsWith('AWS::')) out.add(arg);
      else if (key === 'Fn::GetAtt') out.add(Array.isArray(arg) ? String(arg[0]) : String(arg).split('.')[0]);
      else referencesIn(arg, out);
    }
  }
  return out;
}

/** Logical ids in an order CloudFormation may create them: every resource after what it depends on, else template order. */
export function dependencyOrder(template: CfnTemplate): string[] {
  const ids = Object.keys(template.Resources);
  const dependencies = new Map(ids.map((id) => {
    const definition = template.Resources[id];
    const on = new Set([...referencesIn(definition.Properties ?? {}, new Set()), ...[definition.DependsOn ?? []].flat()]);
    return [id, [...on].filter((d) => d in template.Resources)];
  }));
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !placed.has(id) && dependencies.get(id)!.every((d) => placed.has(d)));
    if (!next) throw new Error('the template has a dependency cycle');
    order.push(next);
    placed.add(next);
  }
  return order;
}
