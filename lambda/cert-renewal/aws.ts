/** SDK clients shared by one invocation, and errors that say what failed, on what, and what to check. */
import { clientConfig } from '../shared/clients';
import type { AwsClientOptions, ClientConfig, Credentials, RetrySettings } from '../shared/clients';
import { awsError as sharedAwsError, errorName } from '../shared/errors';

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

/** Client constructor of any SDK v3 client. */
type ClientClass<C> = new (config: ClientConfig) => C;

/**
 * Creates each client once per Region and credentials, so that the adaptive retry mode's client-side rate
 * limiter sees every call of a sweep (a fresh client per call would start each with a full bucket).
 */
export class Clients {
  private readonly cache = new Map<string, unknown>();

  constructor(public readonly options: AwsOptions, public readonly region: string) {}

  public get<C>(type: ClientClass<C>, region = this.region, credentials?: Credentials, credentialsKey = 'own'): C {
    const key = `${type.name}/${region}/${credentialsKey}`;
    let client = this.cache.get(key) as C | undefined;
    if (!client) {
      client = new type(clientConfig(this.options, region, RETRY, credentials));
      this.cache.set(key, client);
    }
    return client;
  }
}

/** Runs one AWS call; its failure becomes an error naming the operation, target, cause and a hint. */
export async function call<T>(action: string, target: string, fn: () => Promise<T>, accessHint?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw awsError(action, target, e, accessHint);
  }
}

/** An error that says which call failed on what, why, and what to check; it keeps the SDK error's name for `awsErrorName`. */
export function awsError(action: string, target: string, e: unknown, accessHint?: string): Error {
  return Object.assign(sharedAwsError(action, target, e, { accessHint, throttleHint: 'the next trigger retries' }), { awsErrorName: errorName(e) });
}

/** The SDK error name behind an error made by `awsError` (or of the error itself). */
export function awsErrorName(e: unknown): string {
  return (e as { awsErrorName?: string }).awsErrorName ?? errorName(e);
}
