/**
 * The runtime of the library's Lambda functions: the newest Node.js runtime the installed aws-cdk-lib knows (so that
 * cdk-nag's AwsSolutions-L1 passes on every aws-cdk-lib of the peer range), or the one the app pins by context.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ExpiryAlarms } from '../../src';
import { HANDLER_RUNTIME_CONTEXT } from '../../src/private/library-function';
import { newestNodeRuntimeName } from '../support/runtime';

function runtimesOf(context?: Record<string, string>): string[] {
  const stack = new Stack(new App({ context }), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  new ExpiryAlarms(stack, 'Expiry', { discoverCertificateAuthorities: true });
  return [...new Set(Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
    .filter((f: any) => String(f.Properties.Description ?? '').startsWith('cdk-pki'))
    .map((f: any) => f.Properties.Runtime as string))];
}

test('by default, the newest Node.js runtime aws-cdk-lib knows, 24 or later', () => {
  const newest = newestNodeRuntimeName();
  expect(Number(/^nodejs(\d+)\.x$/.exec(newest)![1])).toBeGreaterThanOrEqual(24);
  expect(runtimesOf()).toEqual([newest]);
});

test('pinned by the app\'s context', () => {
  expect(runtimesOf({ [HANDLER_RUNTIME_CONTEXT]: 'nodejs22.x' })).toEqual(['nodejs22.x']);
});

test.each(['nodejs20.x', 'python3.12', 'latest'])('a pin that is not Node.js 22 or newer (%s) is refused', (pin) => {
  expect(() => runtimesOf({ [HANDLER_RUNTIME_CONTEXT]: pin })).toThrow(new RegExp(`context @cdk-pki/handler-runtime is '${pin.replace('.', '\\.')}'; give a Lambda Node.js runtime from nodejs22.x`));
});
