/**
 * Two RootCaAccounts of one hierarchy in one account and Region would share the root's names (its ARN parameter,
 * its signing authority) and the guard would refuse the second at deployment: synthesis refuses them first
 * (issue 16, item 2). In two accounts, or two Regions, they are two hierarchies' worth of names and allowed.
 */
import { App, Stack } from 'aws-cdk-lib';
import { RootCaAccount } from '../../src';

function twoRoots(first: { account: string; region: string }, second: { account: string; region: string }): App {
  const app = new App();
  new RootCaAccount(new Stack(app, 'A', { env: first }), 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA A' } });
  new RootCaAccount(new Stack(app, 'B', { env: second }), 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA B' } });
  return app;
}

describe('two roots of one hierarchy', () => {
  test('in one account and Region fail synthesis, naming both', () => {
    const env = { account: '111111111111', region: 'us-east-1' };
    expect(() => twoRoots(env, env).synth()).toThrow(/'B\/Root' and 'A\/Root' are both CA corp\/root in account 111111111111 and Region us-east-1/);
  });

  test('in one stack fail synthesis too', () => {
    const app = new App();
    const stack = new Stack(app, 'Pki', { env: { account: '111111111111', region: 'us-east-1' } });
    new RootCaAccount(stack, 'One', { hierarchyName: 'corp', subject: { commonName: 'One' } });
    expect(() => new RootCaAccount(stack, 'Two', { hierarchyName: 'corp', subject: { commonName: 'Two' } }) && app.synth()).toThrow(/corp\/root/);
  });

  test('in two accounts or two Regions are allowed', () => {
    expect(() => twoRoots({ account: '111111111111', region: 'us-east-1' }, { account: '222222222222', region: 'us-east-1' }).synth()).not.toThrow();
    expect(() => twoRoots({ account: '111111111111', region: 'us-east-1' }, { account: '111111111111', region: 'eu-west-1' }).synth()).not.toThrow();
  });
});
