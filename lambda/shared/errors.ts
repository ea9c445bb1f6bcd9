/**
 * What every handler reads from an error, and the message of a failed AWS call: which operation failed on
 * what, how the call reached AWS, why, and what to check. Bundled into each handler (no index.ts here).
 */

/** Error names of a throttled call, across the services the handlers call. */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
/** Error names of a call the caller's policies do not allow. */
export const ACCESS_DENIED_ERRORS: ReadonlySet<string> = new Set(['AccessDeniedException', 'AccessDenied']);

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

export interface AwsErrorContext {
  /** How the call reached AWS (`with the function's own role`, `through role ...`); named unless throttled. @default - not named */
  readonly via?: string;
  /** What to check when access is denied. @default - no hint */
  readonly accessHint?: string;
  /** What happens next, or what to do, when the call was throttled. @default - no hint */
  readonly throttleHint?: string;
}

/** An error that says which call failed on what, why, and what to check. The SDK error is its cause. */
export function awsError(action: string, target: string, e: unknown, context: AwsErrorContext = {}): Error {
  const name = errorName(e);
  const meta = awsMetadataOf(e);
  const request = meta.requestId ? ` (request id ${meta.requestId})` : '';
  const where = context.via ? `${target} ${context.via}` : target;
  let text: string;
  if (THROTTLING_ERRORS.has(name)) {
    text = `${action} on ${target} was throttled${meta.attempts ? ` after ${meta.attempts} attempts` : ''}${request}: ${messageOf(e)}`
      + (context.throttleHint ? `; ${context.throttleHint}` : '');
  } else if (ACCESS_DENIED_ERRORS.has(name)) {
    text = `access denied: ${action} on ${where}${request}: ${messageOf(e)}${context.accessHint ? `; ${context.accessHint}` : ''}`;
  } else {
    text = `${action} on ${where} failed${request}: ${name}: ${messageOf(e)}`;
  }
  return new Error(text, { cause: e });
}
