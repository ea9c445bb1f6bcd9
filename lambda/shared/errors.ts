/**
 * What every handler reads from an error, and the message of a failed AWS call: which operation failed on
 * what, how the call reached AWS, why, and what to check. Bundled into each handler (no index.ts here).
 */

/** Error names of a throttled call, across the services the handlers call. */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** Error names of a call the caller's policies do not allow (SNS says AuthorizationError). */
export const ACCESS_DENIED_ERRORS: ReadonlySet<string> = new Set([
  'AccessDeniedException', 'AccessDenied', 'AuthorizationError', 'AuthorizationErrorException',
]);

/** The error's name (an SDK error's is its exception type), or `Error`. */
export function errorName(e: unknown): string {
  return (e as { name?: string } | undefined)?.name ?? 'Error';
}

export function messageOf(e: unknown): string {
  return (e as { message?: string } | undefined)?.message ?? String(e);
}

/** The error an error wraps (its cause), or the error itself. */
export function causeOf(e: unknown): unknown {
  return (e as { cause?: unknown } | undefined)?.cause ?? e;
}

/** The request id and attempts of an SDK error. */
export function awsMetadataOf(e: unknown): { readonly requestId?: string; readonly attempts?: number } {
  return (e as { $metadata?: { requestId?: string; attempts?: number } }).$metadata ?? {};
}

/** A hint for one error name; a function gets the attempts made, as ` after <n> attempts` (or '' when unknown). */
export type ErrorHint = string | ((attempts: string) => string);

export interface AwsErrorContext {
  /** How the call reached AWS (`with the function's own role`, `through role ...`); named unless throttled. @default - not named */
  readonly via?: string;
  /** What to check when access is denied. @default - no hint */
  readonly accessHint?: string;
  /** What happens next, or what to do, when the call was throttled. @default - no hint */
  readonly throttleHint?: string;
  /** What to check for other errors, by error name. @default - no hint */
  readonly hints?: Readonly<Record<string, ErrorHint>>;
}

/** An error that says which call failed on what, why, and what to check. The SDK error is its cause. */
export function awsError(action: string, target: string, e: unknown, context: AwsErrorContext = {}): Error {
  const name = errorName(e);
  const meta = awsMetadataOf(e);
  const request = meta.requestId ? ` (request id ${meta.requestId})` : '';
  const attempts = meta.attempts ? ` after ${meta.attempts} attempts` : '';
  const where = context.via ? `${target} ${context.via}` : target;
  let text: string;
  if (THROTTLING_ERRORS.has(name)) {
    text = `${action} on ${target} was throttled${attempts}${request}: ${messageOf(e)}${context.throttleHint ? `; ${context.throttleHint}` : ''}`;
  } else if (ACCESS_DENIED_ERRORS.has(name)) {
    text = `access denied: ${action} on ${where}${request}: ${messageOf(e)}${context.accessHint ? `; ${context.accessHint}` : ''}`;
  } else {
    const hint = context.hints?.[name];
    const said = typeof hint === 'function' ? hint(attempts) : hint;
    text = `${action} on ${where} failed${request}: ${name}: ${messageOf(e)}${said ? `; ${said}` : ''}`;
  }
  return new Error(text, { cause: e });
}

/** One handler's AWS calls: its failures become `awsError`s with the handler's defaults (its throttling hint, say). */
export interface AwsCalls {
  /** Runs one AWS call; its failure becomes an error that names the operation, the target, the cause and what to check. */
  call<T>(action: string, target: string, fn: () => Promise<T>, context?: AwsErrorContext): Promise<T>;
  /** The error of a failed call, for a caller that looks at the SDK error first. */
  error(action: string, target: string, e: unknown, context?: AwsErrorContext): Error;
}

export function awsCalls(defaults: AwsErrorContext = {}): AwsCalls {
  const error = (action: string, target: string, e: unknown, context: AwsErrorContext = {}) =>
    awsError(action, target, e, { ...defaults, ...context });
  return {
    error,
    call: async (action, target, fn, context) => {
      try {
        return await fn();
      } catch (e) {
        throw error(action, target, e, context);
      }
    },
  };
}
