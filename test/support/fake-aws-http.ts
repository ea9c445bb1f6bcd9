/**
 * A fake AWS endpoint for the handlers' SDK v3 clients, as their HTTP handler. aws-sdk-client-mock replaces
 * `send` and so skips the SDK's middleware; with this handler the real middleware runs (retries, backoff,
 * the handlers' own middleware), so tests can see what a throttled or failing call does.
 */
import { Readable } from 'node:stream';
import type { RequestHandler } from '../../lambda/shared/clients';

/** A request as the fake sees it. */
export interface FakeRequest {
  /** `json` (an `x-amz-target` header: ACM, Private CA, EventBridge) or `query` (`Action=` in the body: CloudWatch, SNS, STS). */
  readonly protocol: 'json' | 'query';
  /** The operation: the JSON protocols' `x-amz-target` (ACM, Private CA, ...), or the query protocol's `Action` (CloudWatch). */
  readonly operation: string;
  /** The JSON body; `{}` for the query protocol. */
  readonly body: Record<string, unknown>;
  readonly hostname?: string;
}

/** What the fake answers: a body that is not a string goes as JSON. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
  /** @default 'application/x-amz-json-1.1' */
  readonly contentType?: string;
}

export interface FakeAwsHttp {
  /** Every request, in order. */
  readonly calls: FakeRequest[];
  /** The HTTP handler to give the handler's options. */
  readonly requestHandler: RequestHandler;
  /** The operations of the requests, in order. */
  operations(): string[];
}

/** A fake endpoint where `answer` answers each request; the n-th response has request id `req-<n>`. */
export function fakeAwsHttp(answer: (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>): FakeAwsHttp {
  const calls: FakeRequest[] = [];
  const handler = {
    handle: async (request: { headers: Record<string, string>; body?: string; hostname?: string }) => {
      const target = request.headers['x-amz-target'];
      const fake: FakeRequest = target
        ? { protocol: 'json', operation: target.split('.')[1], body: JSON.parse(request.body ?? '{}'), hostname: request.hostname }
        : { protocol: 'query', operation: /Action=(\w+)/.exec(String(request.body))?.[1] ?? 'unknown', body: {}, hostname: request.hostname };
      calls.push(fake);
      const { status, body, contentType = 'application/x-amz-json-1.1' } = await answer(fake);
      return {
        response: {
          statusCode: status,
          headers: { 'content-type': contentType, 'x-amzn-requestid': `req-${calls.length}` },
          body: Readable.from([Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))]),
        },
      };
    },
  };
  return { calls, operations: () => calls.map((c) => c.operation), requestHandler: handler as unknown as RequestHandler };
}

/**
 * Answers from a script: a list per operation, or one list for every operation. Each answer is used once,
 * except the last of a list, which repeats; an operation without a list is answered 200 `{}`.
 */
export function scripted(script: FakeAnswer[] | Record<string, FakeAnswer[]>): (request: FakeRequest) => FakeAnswer {
  return (request) => {
    const answers = Array.isArray(script) ? script : script[request.operation] ?? [{ status: 200, body: {} }];
    return answers.length > 1 ? answers.shift()! : answers[0];
  };
}


/** An error as the SDK throws it for an AWS error answer: the exception's name and message, and the call's metadata. */
export function sdkError(name: string, message: string, metadata: { readonly requestId?: string; readonly attempts?: number } = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, ...metadata } });
}

/**
 * Runs `fn` on Jest's fake clock, advancing it `stepMs` at a time (at most `maxSteps` times) until it settles, so
 * that the SDK waiter's polls and the retries' backoff take no real time. The clock starts at `now` (the real time
 * by default); the real clock is back when it returns.
 */
export async function onFakeClock<T>(fn: () => Promise<T>, options: { stepMs?: number; maxSteps?: number; now?: number } = {}): Promise<T> {
  const { stepMs = 100, maxSteps = 3000, now } = options;
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], ...(now === undefined ? {} : { now }) });
  try {
    const promise = fn();
    let settled = false;
    promise.then(() => { settled = true; }, () => { settled = true; });
    for (let i = 0; i < maxSteps && !settled; i++) await jest.advanceTimersByTimeAsync(stepMs);
    return await promise;
  } finally {
    jest.useRealTimers();
  }
}
