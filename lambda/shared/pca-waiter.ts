/** Waiting for a certificate that AWS Private CA is issuing. */
import { waitUntilCertificateIssued } from '@aws-sdk/client-acm-pca';
import type { ACMPCAClient, GetCertificateCommand, GetCertificateCommandOutput } from '@aws-sdk/client-acm-pca';
import { errorName } from './errors';

/** Polling of GetCertificate, in seconds. */
export interface WaiterDelays {
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

/** How the wait ended: the certificate, the first AWS error that was not "in progress", or the waiter's own failure (a timeout). */
export type IssuedCertificateWait =
  | { readonly issued: GetCertificateCommandOutput }
  | { readonly awsError: unknown }
  | { readonly waiterError: unknown };

/** GetCertificate until issued, with the SDK waiter; any answer but "in progress" ends the wait. */
export async function waitForIssuedCertificate(
  pca: ACMPCAClient, input: { CertificateAuthorityArn: string; CertificateArn: string }, delays: WaiterDelays,
): Promise<IssuedCertificateWait> {
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
    }, input);
    return { issued: result.reason as GetCertificateCommandOutput };
  } catch (e) {
    return fatal !== undefined ? { awsError: fatal } : { waiterError: e };
  }
}
