/**
 * What every resource type of the ca-signer handler shares: its Region, its log, the clients in its own
 * account (with its own role), the wrapper that turns a failed AWS call into a message, and the operations on
 * the CAs of its own stack (read the installed certificate and the CSR, disable, delete with a restoration
 * period).
 */
import {
  ACMPCAClient,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateAuthorityCsrCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Parameter } from '@aws-sdk/client-ssm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { serialOf } from './certificates';
import { StackInspector } from './stack';
import { CA_RESTORATION_DEFAULT_DAYS, CA_RESTORATION_MAX_DAYS, CA_RESTORATION_MIN_DAYS, CA_STATUS } from '../../src/private/contracts/aws-hierarchy';
import type { CaRemovalPolicy } from '../../src/private/contracts/signing';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { awsCalls, errorName } from '../shared/errors';
import type { AwsCalls } from '../shared/errors';
import { putEvent } from '../shared/events';
import { logWith } from '../shared/log';
import type { Log } from '../shared/log';
import type { WaiterDelays } from '../shared/pca-waiter';
import { parseInteger } from '../shared/properties';

/** Options for tests (an emulator endpoint, fake delays); production uses the defaults. */
export interface SignerOptions extends AwsClientOptions {
  /** The handler's own Region (the subordinate CA's). @default - process.env.AWS_REGION */
  readonly region?: string;
  /** Attempts per API call, throttling retries included. @default 5 */
  readonly maxAttempts?: number;
  /** Polling of GetCertificate after IssueCertificate, in seconds. @default { minDelay: 1, maxDelay: 15, maxWaitTime: 240 } */
  readonly waiter?: Partial<WaiterDelays>;
  /** The time the handler takes for now (tests move it forward). @default - the system clock */
  readonly clock?: () => Date;
}

/**
 * Standard mode: backoff with jitter on ThrottlingException. Adaptive mode's client-side rate limiter would
 * not help, since each invocation makes only a few calls.
 */
const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 5 };

export const OWN_CREDENTIALS = 'with the signer\'s own credentials';

/** Every failed AWS call of the signer says this when it was throttled. */
export const THROTTLE_HINT = 'AWS Private CA limits each operation per account and Region: retry the deployment later or request a higher quota';

/** A CA of the handler's account as it is now. */
export interface CaState {
  readonly status?: string;
  /** Serial of the installed certificate (hexadecimal), when the CA has one and AWS shows it. */
  readonly serial?: string;
  readonly certificatePem?: string;
}

export class HandlerContext {
  public readonly region: string;
  public readonly log: Log;
  public readonly stack: StackInspector;
  /** The invocation's clients, each made once. */
  public readonly clients: AwsClients;
  /** The invocation's AWS calls: a failure names the operation, the target and the cause. */
  public readonly aws: AwsCalls = awsCalls({ throttleHint: THROTTLE_HINT });
  private readonly csrs = new Map<string, Promise<string>>();
  /** The invocation's time: validities are counted from it, and renewals are due by it. */
  public readonly now: Date;

  /**
   * @param logFields what every log line carries first. @default - the request's type and id and the resource's logical id
   */
  constructor(public readonly event: CloudFormationCustomResourceEvent, public readonly options: SignerOptions, logFields?: Record<string, unknown>) {
    this.region = regionOf(options, 'the signer cannot tell which Region its CAs are in');
    this.now = options.clock?.() ?? new Date();
    this.log = logWith(logFields ?? { requestType: event.RequestType, requestId: event.RequestId, logicalResourceId: event.LogicalResourceId });
    this.clients = new AwsClients(options, this.region, RETRY);
    this.stack = new StackInspector(this.clients.get(CloudFormationClient), event.StackId, this.log);
  }

  /** AWS Private CA in the handler's own account and Region, with its own role. */
  public get pca(): ACMPCAClient {
    return this.clients.get(ACMPCAClient);
  }

  /** Puts one event on the default bus of the handler's account (renewals, retirements); a failure is logged only. */
  public async putEvent(source: string, detailType: string, detail: object, label: string): Promise<void> {
    await putEvent({
      clients: this.clients, log: this.log, label, hint: 'check that the signing handler\'s role allows events:PutEvents on the default bus of its account',
    }, source, detailType, detail);
  }

  /** Every parameter under an SSM path (one level), all pages. */
  public async parametersByPath(path: string, accessHint: string): Promise<Parameter[]> {
    const parameters: Parameter[] = [];
    let token: string | undefined;
    do {
      const out = await this.aws.call('GetParametersByPath', `SSM path ${path}`,
        () => this.clients.get(SSMClient).send(new GetParametersByPathCommand({ Path: path, Recursive: false, NextToken: token })),
        { via: OWN_CREDENTIALS, accessHint });
      parameters.push(...(out?.Parameters ?? []));
      token = out?.NextToken;
    } while (token);
    return parameters;
  }

  /** Status and installed certificate of a CA of this account, or undefined when it does not exist. */
  public async caState(arn: string): Promise<CaState | undefined> {
    let status: string | undefined;
    try {
      const out = await this.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
      status = out.CertificateAuthority?.Status;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined;
      throw this.aws.error('DescribeCertificateAuthority', `CA ${arn}`, e, { via: OWN_CREDENTIALS });
    }
    if (status !== CA_STATUS.ACTIVE && status !== CA_STATUS.DISABLED && status !== CA_STATUS.EXPIRED) return { status };
    try {
      const out = await this.pca.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
      return { status, serial: serialOf(out.Certificate), certificatePem: out.Certificate };
    } catch (e) {
      const name = errorName(e);
      if (name === 'ResourceNotFoundException' || name === 'InvalidStateException') return { status };
      throw this.aws.error('GetCertificateAuthorityCertificate', `CA ${arn}`, e, { via: OWN_CREDENTIALS });
    }
  }

  /** The CA's current CSR, PEM: read once per invocation (a CA's CSR does not change while the handler runs). */
  public csrOf(arn: string): Promise<string> {
    let csr = this.csrs.get(arn);
    if (csr === undefined) {
      csr = this.readCsr(arn);
      this.csrs.set(arn, csr);
    }
    return csr;
  }

  private async readCsr(arn: string): Promise<string> {
    const out = await this.aws.call('GetCertificateAuthorityCsr', `subordinate CA ${arn}`,
      () => this.pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn })),
      { via: OWN_CREDENTIALS, accessHint: 'check that the signer\'s role allows acm-pca:GetCertificateAuthorityCsr on it' });
    if (!out.Csr) throw new Error(`GetCertificateAuthorityCsr of ${arn} returned no CSR`);
    return out.Csr;
  }

  /** Disables an ACTIVE CA; a CA in any other state, or gone, is left as it is. */
  public async disable(arn: string, state: CaState | undefined, why: string): Promise<void> {
    if (state?.status !== CA_STATUS.ACTIVE) {
      this.log('CA not disabled: it is not ACTIVE', { certificateAuthorityArn: arn, status: state?.status ?? 'gone', why });
      return;
    }
    try {
      await this.pca.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: arn, Status: CA_STATUS.DISABLED }));
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return;
      throw this.aws.error('UpdateCertificateAuthority', `CA ${arn}`, e, {
        via: OWN_CREDENTIALS,
        accessHint: 'check that the signer\'s role allows acm-pca:UpdateCertificateAuthority on the CAs of its stack (tag cdk-pki:stack-id)',
      });
    }
    this.log('CA disabled', { certificateAuthorityArn: arn, why });
  }

  /**
   * Removes a CA by AWS's recommended process: disabled first (an ACTIVE CA cannot be deleted), then
   * DeleteCertificateAuthority with a restoration period, during which RestoreCertificateAuthority brings it
   * back. A CA already deleted or gone is left as it is.
   */
  public async deleteWithRestorationPeriod(arn: string, state: CaState | undefined, days: number): Promise<void> {
    if (state === undefined || state.status === CA_STATUS.DELETED) {
      this.log('CA already deleted', { certificateAuthorityArn: arn, status: state?.status ?? 'gone' });
      return;
    }
    await this.disable(arn, state, `it is deleted with a restoration period of ${days} days`);
    try {
      await this.pca.send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: arn, PermanentDeletionTimeInDays: days }));
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return;
      throw this.aws.error('DeleteCertificateAuthority', `CA ${arn}`, e, {
        via: OWN_CREDENTIALS,
        accessHint: 'check that the signer\'s role allows acm-pca:DeleteCertificateAuthority on the CAs of its stack (tag cdk-pki:stack-id)',
      });
    }
    this.log('CA deleted; restorable until the restoration period ends', {
      certificateAuthorityArn: arn, restorationDays: days, restoreWith: `aws acm-pca restore-certificate-authority --certificate-authority-arn ${arn}`,
    });
  }

  /** What RemovalPolicy DESTROY or RETAIN does to a CA that left the stack (or was replaced on purpose). */
  public async retire(arn: string, policy: CaRemovalPolicy, restorationDays: number, revoked: boolean, known?: CaState): Promise<void> {
    // Revoking at the parent does not change the CA: a state read just before holds.
    const state = known ?? await this.caState(arn);
    if (policy === 'DESTROY') {
      await this.deleteWithRestorationPeriod(arn, state, restorationDays);
    } else if (revoked) {
      // Its certificate is revoked: whatever it issued from now on would not validate.
      await this.disable(arn, state, 'its certificate was revoked (RemovalPolicy RETAIN keeps the CA, disabled)');
    } else {
      this.log('CA kept as it is (RemovalPolicy RETAIN)', { certificateAuthorityArn: arn, status: state?.status ?? 'gone' });
    }
  }
}

/** RemovalPolicy and RestorationDays of a resource's properties, as CloudFormation sends them (strings). */
export function removalSettings(raw: Record<string, unknown>): { policy: CaRemovalPolicy; restorationDays: number } {
  const policy = raw.RemovalPolicy === 'DESTROY' ? 'DESTROY' : 'RETAIN';
  const days = parseInteger(raw.RestorationDays);
  const valid = days !== undefined && days >= CA_RESTORATION_MIN_DAYS && days <= CA_RESTORATION_MAX_DAYS;
  return { policy, restorationDays: valid ? days : CA_RESTORATION_DEFAULT_DAYS };
}
