/**
 * onEvent handler of Custom::PkiCaResourcePolicy (aws-cdk-lib custom-resources Provider framework): writes a
 * CA's resource policy with acm-pca PutPolicy, replaces it on update and removes it with DeletePolicy.
 * CloudFormation has no resource for a CA's policy.
 */
import {
  ACMPCAClient,
  DeletePolicyCommand,
  DescribeCertificateAuthorityCommand,
  PutPolicyCommand,
} from '@aws-sdk/client-acm-pca';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { parseCaArn } from '../../src/private/contracts/arn';
import { CA_POLICY_MAX_LENGTH } from '../../src/private/contracts/aws-sharing';
import { CA_POLICY_PHYSICAL_ID_SUFFIX } from '../../src/private/contracts/sharing';
import type { CaPolicyAttributes, CaPolicyProperties } from '../../src/private/contracts/sharing';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { awsCalls, causeOf, errorName, messageOf } from '../shared/errors';
import type { AwsErrorContext } from '../shared/errors';
import { logWith } from '../shared/log';
import type { Log } from '../shared/log';

/** Options for tests (an emulator endpoint, fake HTTP); production uses the defaults. */
export interface CaPolicyHandlerOptions extends AwsClientOptions {
  /** Attempts per API call, throttling and ConcurrentModificationException retries included. @default 6 */
  readonly maxAttempts?: number;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: CaPolicyAttributes;
}

/** "A previous update to your private CA is still ongoing": worth retrying (a RAM share may be writing the policy). */
const CONCURRENT_MODIFICATION = 'ConcurrentModificationException';
/**
 * Standard mode: backoff with jitter on throttling and transient errors, and on
 * ConcurrentModificationException, which the client's middleware marks retryable.
 */
const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 6 };

export function createHandler(options: CaPolicyHandlerOptions = {}): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => new PolicyWriter(event, options).run();
}

export const handler = createHandler();

class PolicyWriter {
  private readonly region: string;
  private readonly log: Log;
  private readonly clients: AwsClients;
  private client?: ACMPCAClient;

  constructor(private readonly event: CloudFormationCustomResourceEvent, options: CaPolicyHandlerOptions) {
    this.region = regionOf(options, 'the handler cannot tell which Region its CAs are in');
    this.log = logWith({ requestType: event.RequestType, requestId: event.RequestId, logicalResourceId: event.LogicalResourceId });
    this.clients = new AwsClients(options, this.region, RETRY);
  }

  public async run(): Promise<OnEventResponse> {
    const event = this.event;
    switch (event.RequestType) {
      case 'Create':
      case 'Update':
        // An Update with another CA returns another physical id: CloudFormation then deletes the old CA's policy.
        return this.put(readProperties(event.ResourceProperties));
      case 'Delete':
        return this.remove(event.PhysicalResourceId);
    }
  }

  private async put(props: CaPolicyProperties): Promise<OnEventResponse> {
    const caArn = props.CertificateAuthorityArn;
    const statementCount = checkPolicy(props.Policy, caArn);
    this.checkRegion(caArn);
    await this.call('PutPolicy', caArn, () => this.pca().send(new PutPolicyCommand({ ResourceArn: caArn, Policy: props.Policy })));
    this.log('resource policy written', { certificateAuthorityArn: caArn, statementCount });
    return {
      PhysicalResourceId: `${caArn}${CA_POLICY_PHYSICAL_ID_SUFFIX}`,
      Data: { CertificateAuthorityArn: caArn, StatementCount: String(statementCount) },
    };
  }

  /**
   * Delete: remove the policy. A CA that no longer exists, or has no policy, has nothing to remove; a
   * physical id that is not ours is a Create that failed before writing anything.
   */
  private async remove(physicalId: string): Promise<OnEventResponse> {
    const ca = physicalId.endsWith(CA_POLICY_PHYSICAL_ID_SUFFIX) ? parseCaArn(physicalId.slice(0, -CA_POLICY_PHYSICAL_ID_SUFFIX.length)) : undefined;
    if (!ca) {
      this.log('physical id is not a CA policy (a create that failed): nothing to remove', { physicalId });
      return { PhysicalResourceId: physicalId };
    }
    const caArn = ca.arn;
    try {
      await this.call('DeletePolicy', caArn, () => this.pca().send(new DeletePolicyCommand({ ResourceArn: caArn })));
      this.log('resource policy deleted', { certificateAuthorityArn: caArn });
    } catch (e) {
      const name = errorName(causeOf(e));
      if (name === 'ResourceNotFoundException') {
        this.log('no policy (or no CA) to delete', { certificateAuthorityArn: caArn });
      } else if (name === 'InvalidStateException' && await this.isDeleted(caArn)) {
        this.log('the CA is deleted: its policy goes with it', { certificateAuthorityArn: caArn });
      } else {
        throw e;
      }
    }
    return { PhysicalResourceId: physicalId };
  }

  private async isDeleted(caArn: string): Promise<boolean> {
    try {
      const out = await this.pca().send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: caArn }));
      return out.CertificateAuthority?.Status === 'DELETED';
    } catch (e) {
      return errorName(e) === 'ResourceNotFoundException';
    }
  }

  private checkRegion(caArn: string): void {
    const region = parseCaArn(caArn)?.region;
    if (region !== undefined && region !== this.region) {
      throw new Error(`CA ${caArn} is in ${region} but the handler runs in ${this.region}: a CA's policy is written in the CA's Region; `
        + 'put the CaResourcePolicy in a stack in that Region');
    }
  }

  /** The invocation's client, which retries ConcurrentModificationException like throttling. */
  private pca(): ACMPCAClient {
    if (this.client) return this.client;
    const client = this.client = this.clients.get(ACMPCAClient);
    // In the deserialize step with high priority: outside the deserializer (which turns the answer into the
    // error) and inside the retry middleware (finalizeRequest step), which then sees the mark.
    client.middlewareStack.add((next) => async (args) => {
      try {
        return await next(args);
      } catch (e) {
        if (errorName(e) === CONCURRENT_MODIFICATION) {
          // The standard strategy retries THROTTLING, TRANSIENT and SERVER_ERROR answers only; a CA busy with
          // another change is, for backoff, the same as a throttled call.
          (e as { $retryable?: { throttling: boolean } }).$retryable = { throttling: true };
        }
        throw e;
      }
    }, { step: 'deserialize', name: 'cdkPkiRetryConcurrentModification', priority: 'high' });
    return client;
  }

  /** Runs one AWS call, turning its failure into a message that names the operation, the CA, the cause and what to check. */
  private async call<T>(action: string, caArn: string, fn: () => Promise<T>): Promise<T> {
    return aws.call(action, `CA ${caArn}`, fn, errorContext(action, caArn));
  }
}

function readProperties(raw: Record<string, unknown>): CaPolicyProperties {
  const props = raw as unknown as CaPolicyProperties;
  const problems: string[] = [];
  if (!parseCaArn(props.CertificateAuthorityArn)) {
    problems.push(`CertificateAuthorityArn '${props.CertificateAuthorityArn ?? ''}' is not a CA ARN`);
  }
  if (typeof props.Policy !== 'string' || props.Policy === '') problems.push('Policy is missing');
  if (problems.length > 0) throw new Error(`invalid properties of the CA resource policy: ${problems.join('; ')}`);
  return props;
}

/** The policy must be a JSON document with statements that name this CA, and fit PutPolicy. */
function checkPolicy(policy: string, caArn: string): number {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(policy) as { Statement?: unknown };
  } catch (e) {
    throw new Error(`the resource policy for CA ${caArn} is not JSON: ${messageOf(e)}`, { cause: e });
  }
  const statements = Array.isArray(document.Statement) ? document.Statement as Array<{ Resource?: unknown }> : undefined;
  if (!statements || statements.length === 0) throw new Error(`the resource policy for CA ${caArn} has no statements`);
  const foreign = statements.filter((s) => s.Resource !== caArn);
  if (foreign.length > 0) {
    throw new Error(`the resource policy for CA ${caArn} has ${foreign.length} statement(s) for another resource (${String(foreign[0].Resource)}); `
      + 'a CA policy may name only its own CA');
  }
  if (policy.length > CA_POLICY_MAX_LENGTH) {
    throw new Error(`the resource policy for CA ${caArn} has ${policy.length} characters, more than PutPolicy's ${CA_POLICY_MAX_LENGTH}; `
      + 'grant organizations or OUs instead of many accounts');
  }
  return statements.length;
}

const aws = awsCalls({
  hints: {
    [CONCURRENT_MODIFICATION]: (attempts) => `another change to the CA was still in progress${attempts} (an AWS RAM share writes the CA's policy too): `
      + 'retry the deployment',
    InvalidPolicyException: 'AWS Private CA refused the policy: check that every template is one cross-account issuers may use and that the principals exist',
    LockoutPreventedException: 'AWS Private CA refused a change that would lock the caller out of the CA',
    InvalidStateException: 'the CA is not in a state that allows it (is it ACTIVE?)',
    ResourceNotFoundException: 'the CA does not exist in this account and Region',
  },
});

/** What to check when `action` on the CA is denied or throttled. */
function errorContext(action: string, caArn: string): AwsErrorContext {
  return {
    accessHint: `check that the handler's role allows acm-pca:${action} on ${caArn}`,
    throttleHint: `${action} is limited to a few calls per second per account and Region: retry the deployment later`,
  };
}
