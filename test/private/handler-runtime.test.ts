/**
 * The runtime of the library's Lambda functions: nodejs24.x (known to every aws-cdk-lib of the peer range and listed by
 * CloudFormation's schema), acknowledged for cdk-nag's AwsSolutions-L1 where aws-cdk-lib knows a newer one; or the one
 * the app pins by context.
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

test('by default nodejs24.x; cdk-nag\'s latest-runtime rule acknowledged only where aws-cdk-lib knows a newer one', () => {
  expect(runtimesOf()).toEqual(['nodejs24.x']);
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  new ExpiryAlarms(stack, 'Expiry', { discoverCertificateAuthorities: true });
  const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
    .filter((f: any) => String(f.Properties.Description ?? '').startsWith('cdk-pki'));
  const acknowledged = functions.map((f: any) => (f.Metadata?.cdk_nag?.rules_to_suppress ?? []).some((r: any) => r.id === 'AwsSolutions-L1'));
  expect(acknowledged).toEqual(functions.map(() => newestNodeRuntimeName() !== 'nodejs24.x'));
});

test('a pinned newest runtime needs no acknowledgement', () => {
  expect(runtimesOf({ [HANDLER_RUNTIME_CONTEXT]: newestNodeRuntimeName() })).toEqual([newestNodeRuntimeName()]);
});

test('pinned by the app\'s context', () => {
  expect(runtimesOf({ [HANDLER_RUNTIME_CONTEXT]: 'nodejs22.x' })).toEqual(['nodejs22.x']);
});

test.each(['nodejs20.x', 'python3.12', 'latest'])('a pin that is not Node.js 22 or newer (%s) is refused', (pin) => {
  expect(() => runtimesOf({ [HANDLER_RUNTIME_CONTEXT]: pin })).toThrow(new RegExp(`context @cdk-pki/handler-runtime is '${pin.replace('.', '\\.')}'; give a Lambda Node.js runtime from nodejs22.x`));
});
