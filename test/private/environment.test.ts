/**
 * Every stack that holds a construct of the library is checked at synthesis: an account id of 12 digits and a Region
 * that exists (issue 16, item 1). Environment-agnostic stacks are not refused here.
 */
import { App, Stack } from 'aws-cdk-lib';
import { ExpiryAlarms, RootCaAccount } from '../../src';
import { environmentProblems } from '../../src/private/environment';

function rootIn(env?: { account?: string; region?: string }): App {
  const app = new App();
  const stack = new Stack(app, 'PkiRoot', { env });
  new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  return app;
}

describe('stack environments', () => {
  test('an account id of 11 digits fails synthesis, naming the stack and the value', () => {
    expect(() => rootIn({ account: '10000000003', region: 'eu-central-1' }).synth())
      .toThrow(/stack 'PkiRoot': env.account '10000000003' is not a 12-digit AWS account id/);
  });

  test('a misspelled Region fails synthesis and suggests the closest one', () => {
    expect(() => rootIn({ account: '111111111111', region: 'eu-centrall-1' }).synth())
      .toThrow(/stack 'PkiRoot': env.region 'eu-centrall-1' is not an AWS Region; did you mean 'eu-central-1'\?/);
  });

  test('a valid environment and an environment-agnostic stack synthesize', () => {
    expect(() => rootIn({ account: '111111111111', region: 'eu-central-1' }).synth()).not.toThrow();
    expect(() => rootIn().synth()).not.toThrow();
  });

  test('every construct of the library checks its stack, not only the CAs', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: '2222', region: 'us-east-1' } });
    new ExpiryAlarms(stack, 'Expiry');
    expect(() => app.synth()).toThrow(/stack 'Workload': env.account '2222' is not a 12-digit AWS account id/);
  });

  test('problems are listed once per stack, whatever the number of constructs in it', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: { account: '1', region: 'xx-nowhere-1' } });
    new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
    new ExpiryAlarms(stack, 'Expiry');
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.match(/env\.account '1'/g)).toHaveLength(1);
    expect(message).toMatch(/env.region 'xx-nowhere-1' is not an AWS Region; use a Region code such as 'eu-west-1'/);
  });

  test('the check itself: tokens are not judged', () => {
    expect(environmentProblems('S', '${Token[AWS.AccountId.1]}', '${Token[AWS.Region.2]}')).toEqual([]);
    expect(environmentProblems('S', '123456789012', 'us-gov-west-1')).toEqual([]);
  });
});
