/** Waiting for a certificate that AWS Private CA is issuing, with the SDK's own waiter. */
import { waitUntilCertificateIssued } from '@aws-sdk/client-acm-pca';
import type { ACMPCAClient, GetCertificateCommand, GetCertificateCommandOutput } from '@aws-sdk/client-acm-pca';
import { awsError, errorName, messageOf } from './errors';
import type { AwsErrorContext } from './errors';

/** Polling of GetCertificate, in seconds. */
export interface WaiterDelays {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

/** Delays as test options give them (any left out), completed with the handler's defaults. */
export function waiterDelays(given: Partial<WaiterDelays> | undefined, defaults: WaiterDelays): WaiterDelays {
  return {
    minDelay: given?.minDelay ?? defaults.minDelay,
    maxDelay: given?.maxDelay ?? defaults.maxDelay,
    maxWaitTime: given?.maxWaitTime ?? defaults.maxWaitTime,
  };
}

export interface IssuedCertificateRequest {
  readonly caArn: string;
  readonly certificateArn: string;
  /** The issuing CA as messages name it: `parent CA <arn>`, `CA <arn>`. */
  readonly issuer: string;
  /** The target of a failed GetCertificate in its message. @default `certificate <certificateArn> of <issuer>` */
  readonly target?: string;
  readonly delays: WaiterDelays;
  /** How a failed GetCertificate is told: how it reached AWS, what to check, what happens after throttling. */
  readonly errors: AwsErrorContext;
  /** What to do when the certificate was not issued within the wait. */
  readonly timeoutHint: string;
}

/**
 * The certificate, once issued: GetCertificate until then, with the SDK waiter. Any answer but "in progress"
 * ends the wait with an error that names the certificate, its CA and the cause.
 */
export async function waitForIssuedCertificate(pca: ACMPCAClient, request: IssuedCertificateRequest): Promise<GetCertificateCommandOutput> {
  const { certificateArn, issuer, delays } = request;
  // The waiter retries on every error; stop at the first one that is not RequestInProgressException
  // (access denied, throttling after the client's retries) instead of polling until maxWaitTime.
  const abort = new AbortController();
  let fatal: unknown;
  const watched = {
    send: async (command: GetCertificateCommand) => {
      try {
        return await pca.send(command);
      } catch (e) {
        if (errorName(e) !== 'RequestInProgressException') {
          fatal = e;
          abort.abort();
        }
        throw e;
      }
    },
  } as unknown as ACMPCAClient;
  try {
    const result = await waitUntilCertificateIssued({
      client: watched, minDelay: delays.minDelay, maxDelay: delays.maxDelay, maxWaitTime: delays.maxWaitTime, abortSignal: abort.signal,
    }, { CertificateAuthorityArn: request.caArn, CertificateArn: certificateArn });
    return result.reason as GetCertificateCommandOutput;
  } catch (e) {
    if (fatal !== undefined) {
      throw awsError('GetCertificate', request.target ?? `certificate ${certificateArn} of ${issuer}`, fatal, request.errors);
    }
    if (errorName(e) === 'TimeoutError') {
      throw new Error(`certificate ${certificateArn} from ${issuer} was not issued within ${delays.maxWaitTime} s; ${request.timeoutHint}`, { cause: e });
    }
    throw new Error(`waiting for certificate ${certificateArn} from ${issuer} failed: ${messageOf(e)}`, { cause: e });
  }
}
