/**
 * The one call wrapper of the handlers (lambda/shared/errors.ts): a failed AWS call becomes one message that
 * says which operation failed on what, how the call reached AWS, why, and what to check, with the SDK error as
 * its cause.
 */
import { awsCalls, awsError, causeOf, errorName } from '../../../lambda/shared/errors';
import { sdkError } from '../../support/fake-aws-http';

const CA = 'CA arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';

describe('awsError', () => {
  test('throttled: the attempts, the request id, the message and what happens next; not how it was called', () => {
    const e = awsError('IssueCertificate', CA, sdkError('ThrottlingException', 'Rate exceeded', { requestId: 'r-1', attempts: 5 }), {
      via: 'through role x', throttleHint: 'the next trigger retries',
    });
    expect(e.message).toBe(`IssueCertificate on ${CA} was throttled after 5 attempts (request id r-1): Rate exceeded; the next trigger retries`);
  });

  test.each(['AccessDeniedException', 'AccessDenied', 'AuthorizationError'])('%s: access denied, how the call was made and what to check', (name) => {
    const e = awsError('Publish', 'topic t', sdkError(name, 'not authorized', { requestId: 'r-2' }), {
      via: 'with the function\'s own role', accessHint: 'check sns:Publish',
    });
    expect(e.message).toBe('access denied: Publish on topic t with the function\'s own role (request id r-2): not authorized; check sns:Publish');
  });

  test('other errors: the error name, and the hint for that name', () => {
    const hints = { InvalidStateException: 'is it ACTIVE?', ConcurrentModificationException: (attempts: string) => `still busy${attempts}` };
    expect(awsError('PutPolicy', CA, sdkError('InvalidStateException', 'not ACTIVE', { requestId: 'r-3' }), { hints }).message)
      .toBe(`PutPolicy on ${CA} failed (request id r-3): InvalidStateException: not ACTIVE; is it ACTIVE?`);
    expect(awsError('PutPolicy', CA, sdkError('ConcurrentModificationException', 'busy', { attempts: 3 }), { hints }).message)
      .toBe(`PutPolicy on ${CA} failed: ConcurrentModificationException: busy; still busy after 3 attempts`);
    expect(awsError('PutPolicy', CA, sdkError('ResourceNotFoundException', 'gone'), { hints }).message)
      .toBe(`PutPolicy on ${CA} failed: ResourceNotFoundException: gone`);
  });

  test('keeps the SDK error as its cause, for callers that decide on its name', () => {
    const sdk = sdkError('ResourceNotFoundException', 'gone');
    const e = awsError('DeletePolicy', CA, sdk);
    expect(e.cause).toBe(sdk);
    expect(errorName(causeOf(e))).toBe('ResourceNotFoundException');
  });

  test('a thrown value that is not an Error still makes a message', () => {
    expect(awsError('ListTags', CA, 'socket hang up').message).toBe(`ListTags on ${CA} failed: Error: socket hang up`);
  });
});

describe('awsCalls', () => {
  const aws = awsCalls({ throttleHint: 'retry later', accessHint: 'check the role' });

  test('call returns what the call returns', async () => {
    await expect(aws.call('GetParameter', 'parameter p', async () => 'value')).resolves.toBe('value');
  });

  test('call turns a failure into the handler\'s message: its defaults, overridden per call', async () => {
    const denied = sdkError('AccessDeniedException', 'no');
    await expect(aws.call('GetParameter', 'parameter p', () => Promise.reject(denied))).rejects.toThrow(
      'access denied: GetParameter on parameter p: no; check the role');
    await expect(aws.call('GetParameter', 'parameter p', () => Promise.reject(denied), { accessHint: 'check ssm:GetParameter', via: 'through role r' }))
      .rejects.toThrow('access denied: GetParameter on parameter p through role r: no; check ssm:GetParameter');
    await expect(aws.call('GetParameter', 'parameter p', () => Promise.reject(sdkError('Throttling', 'slow down'))))
      .rejects.toThrow('GetParameter on parameter p was throttled: slow down; retry later');
  });

  test('error makes the same message for a caller that looks at the SDK error first', () => {
    const sdk = sdkError('ThrottlingException', 'slow');
    expect(aws.error('ListTags', CA, sdk).message).toBe(`ListTags on ${CA} was throttled: slow; retry later`);
    expect(aws.error('ListTags', CA, sdk).cause).toBe(sdk);
  });
});
