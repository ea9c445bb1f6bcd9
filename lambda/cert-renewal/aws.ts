/** SDK clients shared by one invocation, and errors that say what failed, on what, and what to check. */
import type { ACMClientConfig } from '@aws-sdk/client-acm';

/** Credentials as every SDK v3 client takes them. */
export type Credentials = ACMClientConfig['credentials'];

/** How the handler reaches AWS; tests point it at moto or a fake HTTP handler. */
export interface AwsOptions {
  /** Endpoint of every client. @default - the AWS endpoints */
  readonly endpoint?: string;
  /** The function's own credentials. @default - the Lambda execution role's */
  readonly credentials?: Credentials;
  /** Its own Region. @default - process.env.AWS_REGION */
  readonly region?: string;
  /** Attempts per API call, throttling retries included. @default 8 */
  readonly maxAttempts?: number;
  /** HTTP handler of every client. @default - the SDK's */
  readonly requestHandler?: unknown;
}

/** Client constructor of any SDK v3 client. */
type ClientClass<C> = new (config: Record<string, unknown>) => C;

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
      client = new type({
        region,
        credentials: credentials ?? this.options.credentials,
        endpoint: this.options.endpoint,
        requestHandler: this.options.requestHandler,
        // Adaptive: standard retries with backoff, plus a client-side rate limiter that slows the whole
        // sweep down once AWS throttles (ACM and Private CA limit each operation per account and Region).
        retryMode: 'adaptive',
        maxAttempts: this.options.maxAttempts ?? 8,
      });
      this.cache.set(key, client);
    }
    return client;
  }
}

const THROTTLING_ERRORS = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const ACCESS_DENIED_ERRORS = new Set(['AccessDeniedException', 'AccessDenied']);

export function errorName(e: unknown): string {
  return (e as { name?: string } | undefined)?.name ?? 'Error';
}

export function messageOf(e: unknown): string {
  return (e as { message?: string } | undefined)?.message ?? String(e);
}

/** Runs one AWS call; its failure becomes an error naming the operation, target, cause and a hint. */
export async function call<T>(action: string, target: string, fn: () => Promise<T>, accessHint?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw awsError(action, target, e, accessHint);
  }
}

export function awsError(action: string, target: string, e: unknown, accessHint?: string): Error {
  const name = errorName(e);
  const meta = (e as { $metadata?: { requestId?: string; attempts?: number } }).$metadata ?? {};
  const request = meta.requestId ? ` (request id ${meta.requestId})` : '';
  let text: string;
  if (THROTTLING_ERRORS.has(name)) {
    text = `${action} on ${target} was throttled${meta.attempts ? ` after ${meta.attempts} attempts` : ''}${request}: ${messageOf(e)}; `
      + 'the next trigger retries';
  } else if (ACCESS_DENIED_ERRORS.has(name)) {
    text = `access denied: ${action} on ${target}${request}: ${messageOf(e)}${accessHint ? `; ${accessHint}` : ''}`;
  } else {
    text = `${action} on ${target} failed${request}: ${name}: ${messageOf(e)}`;
  }
  return Object.assign(new Error(text, { cause: e }), { awsErrorName: name });
}

/** The SDK error name behind an error made by `awsError` (or of the error itself). */
export function awsErrorName(e: unknown): string {
  return (e as { awsErrorName?: string }).awsErrorName ?? errorName(e);
}
