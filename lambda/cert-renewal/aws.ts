/** SDK clients shared by one invocation, and errors that say what failed, on what, and what to check. */
import { AwsClients } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { awsCalls } from '../shared/errors';

/** How the handler reaches AWS; tests point it at moto or a fake HTTP handler. */
export interface AwsOptions extends AwsClientOptions {
  /** Attempts per API call, throttling retries included. @default 8 */
  readonly maxAttempts?: number;
}

/**
 * Adaptive: standard retries with backoff, plus a client-side rate limiter that slows the whole sweep down
 * once AWS throttles (ACM and Private CA limit each operation per account and Region).
 */
const RETRY: RetrySettings = { retryMode: 'adaptive', maxAttempts: 8 };

/** What the renewal says when AWS throttled a call after the client's retries. */
export const THROTTLE_HINT = 'the next trigger retries';

/**
 * The invocation's clients, each made once per service, Region and credentials, so that the adaptive retry
 * mode's client-side rate limiter sees every call of a sweep (a fresh client per call would start each with a
 * full bucket).
 */
export class Clients extends AwsClients {
  constructor(options: AwsOptions, region: string) {
    super(options, region, RETRY);
  }
}

/** The renewal's AWS calls: a failure names the operation, the target, the cause and a hint. */
export const aws = awsCalls({ throttleHint: THROTTLE_HINT });
