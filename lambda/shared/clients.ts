/**
 * How the handlers make their AWS SDK v3 clients: one configuration for all of them, and one cache per
 * invocation, so that every call of an invocation to one service, Region and identity goes through one client
 * (the adaptive retry mode's client-side rate limiter then sees all of them, and no client is built twice).
 */
import type { ACMPCAClientConfig } from '@aws-sdk/client-acm-pca';

/** Credentials as every SDK v3 client takes them. */
export type Credentials = ACMPCAClientConfig['credentials'];
/** HTTP handler as every SDK v3 client takes it. */
export type RequestHandler = ACMPCAClientConfig['requestHandler'];

/** How a handler reaches AWS; tests point it at an emulator (moto) or a fake HTTP handler. Production uses the defaults. */
export interface AwsClientOptions {
  /** Endpoint of every AWS client. @default - the AWS endpoints */
  readonly endpoint?: string;
  /** The function's own credentials. @default - the Lambda execution role's */
  readonly credentials?: Credentials;
  /** The function's own Region. @default - process.env.AWS_REGION */
  readonly region?: string;
  /** Attempts per API call, throttling retries included. @default - each handler's */
  readonly maxAttempts?: number;
  /** HTTP handler of every client. @default - the SDK's */
  readonly requestHandler?: RequestHandler;
}

/** The options' retry settings, for one handler. */
export interface RetrySettings {
  /**
   * `standard`: backoff with jitter on throttling and transient errors. `adaptive`: the same, plus a
   * client-side rate limiter, which helps a client that makes many calls in a row.
   */
  readonly retryMode: 'standard' | 'adaptive';
  /** Attempts per call unless the options say otherwise. */
  readonly maxAttempts: number;
}

/** What `clientConfig` gives every client: the settings all SDK v3 client configurations share. */
export interface ClientConfig {
  readonly region: string;
  readonly credentials: Credentials;
  readonly endpoint?: string;
  readonly requestHandler?: RequestHandler;
  readonly retryMode: 'standard' | 'adaptive';
  readonly maxAttempts: number;
}

/** The configuration of a client in `region` with these credentials (the options' by default). */
export function clientConfig(
  options: AwsClientOptions,
  region: string,
  retry: RetrySettings,
  credentials: Credentials = options.credentials,
): ClientConfig {
  return {
    region,
    credentials,
    endpoint: options.endpoint,
    requestHandler: options.requestHandler,
    retryMode: retry.retryMode,
    maxAttempts: options.maxAttempts ?? retry.maxAttempts,
  };
}

/** The options' Region, else the function's (AWS_REGION); `consequence` says what the handler cannot do without one. */
export function regionOf(options: AwsClientOptions, consequence?: string): string {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new Error(consequence ? `AWS_REGION is not set: ${consequence}` : 'AWS_REGION is not set');
  return region;
}

/** Client constructor of any SDK v3 client. */
export type ClientClass<C> = new (config: ClientConfig) => C;

/** Credentials other than the function's own (an assumed role's), and how messages name them. */
export interface Identity {
  readonly credentials: Credentials;
  /** Tells these credentials apart from others in the cache (a role and its session's access key id). */
  readonly key: string;
  /** How a call made with them reached AWS, for messages: `through role <arn>`. */
  readonly via: string;
}

/** The function's own identity: the options' credentials (the Lambda execution role's by default). */
const OWN = 'own';

/**
 * The clients of one invocation: each made once per service, Region and identity, with the handler's retry
 * settings. Make one per invocation: a cached client outlives neither the invocation nor assumed credentials.
 */
export class AwsClients {
  private readonly clients = new Map<ClientClass<unknown>, Map<string, unknown>>();

  constructor(public readonly options: AwsClientOptions, public readonly region: string, public readonly retry: RetrySettings) {}

  /** The client of `type` for `region` (the function's by default), with `identity`'s credentials (the function's own by default). */
  public get<C>(type: ClientClass<C>, region: string = this.region, identity?: Identity): C {
    let byKey = this.clients.get(type);
    if (!byKey) {
      byKey = new Map();
      this.clients.set(type, byKey);
    }
    const key = `${region}/${identity?.key ?? OWN}`;
    let client = byKey.get(key) as C | undefined;
    if (!client) {
      client = new type(this.config(region, identity));
      byKey.set(key, client);
    }
    return client;
  }

  /** The configuration `get` makes clients with, for a client that needs more settings (S3's path style). */
  public config(region: string = this.region, identity?: Identity): ClientConfig {
    return clientConfig(this.options, region, this.retry, identity ? identity.credentials : this.options.credentials);
  }
}
