/** How the handlers configure their AWS SDK v3 clients. */
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
