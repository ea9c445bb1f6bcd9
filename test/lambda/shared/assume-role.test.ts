/**
 * The one AssumeRole of the handlers (lambda/shared/assume-role.ts): credentials once per invocation and
 * role, a new session when the old one is about to end, and messages that name the role, what it was for,
 * and what to check.
 */
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRole } from '../../../lambda/shared/assume-role';
import type { AssumeRoleRequest } from '../../../lambda/shared/assume-role';
import { AwsClients } from '../../../lambda/shared/clients';
import { sdkError } from '../../support/fake-aws-http';

const sts = mockClient(STSClient);
const ROLE_ARN = 'arn:aws:iam::111111111111:role/cdk-pki-signer-corp-root';
const OWN = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const REQUEST: AssumeRoleRequest = {
  roleArn: ROLE_ARN,
  sessionName: 'cdk-pki-test',
  label: 'signer role',
  deniedHint: 'check that the root stack trusts account 222222222222',
  via: 'from account 222222222222',
  throttleHint: 'retry the deployment later',
};

function credentials(accessKeyId: string, lifetimeMs = 900_000) {
  return {
    Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + lifetimeMs) },
    AssumedRoleUser: { AssumedRoleId: `AROA:${accessKeyId}`, Arn: `${ROLE_ARN}/cdk-pki-test` },
  };
}

let clients: AwsClients;
beforeEach(() => {
  sts.reset();
  clients = new AwsClients({ credentials: OWN }, 'eu-west-1', { retryMode: 'standard', maxAttempts: 5 });
});

describe('assuming', () => {
  test('calls STS with the function\'s own credentials, in its Region, for the shortest session', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASIA1'));

    const role = await assumeRole(clients, REQUEST);

    const [call] = sts.commandCalls(AssumeRoleCommand);
    expect(call.args[0].input).toEqual({ RoleArn: ROLE_ARN, RoleSessionName: 'cdk-pki-test', DurationSeconds: 900 });
    const client = call.thisValue as STSClient;
    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.credentials()).toMatchObject(OWN);
    expect(role).toMatchObject({ roleArn: ROLE_ARN, via: `through signer role ${ROLE_ARN}`, credentials: { accessKeyId: 'ASIA1', sessionToken: 'token' } });
  });

  test('in another Region when asked (the CA\'s, say)', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASIA1'));
    await assumeRole(clients, { ...REQUEST, stsRegion: 'us-east-1' });
    expect(await (sts.commandCalls(AssumeRoleCommand)[0].thisValue as STSClient).config.region()).toBe('us-east-1');
  });

  test('its identity gives clients of the role, apart from the function\'s own', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASIA1'));
    const role = await assumeRole(clients, REQUEST);

    const remote = clients.get(ACMPCAClient, 'us-east-1', role);
    expect(remote).not.toBe(clients.get(ACMPCAClient, 'us-east-1'));
    expect(await remote.config.credentials()).toMatchObject({ accessKeyId: 'ASIA1' });
  });

  test('logs the role and session, never the keys', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASIA1'));
    const log = jest.fn();
    await assumeRole(clients, { ...REQUEST, log });
    expect(log).toHaveBeenCalledWith('assumed signer role', { roleArn: ROLE_ARN, assumedRoleId: 'AROA:ASIA1' });
    expect(JSON.stringify(log.mock.calls)).not.toContain('secret');
  });
});

describe('once per invocation', () => {
  test('the same role is assumed once, also by calls at the same time', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASIA1'));
    const [a, b] = await Promise.all([assumeRole(clients, REQUEST), assumeRole(clients, REQUEST)]);
    const c = await assumeRole(clients, REQUEST);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  test('another role, or another invocation, assumes again', async () => {
    sts.on(AssumeRoleCommand).callsFake((input) => credentials(input.RoleArn.endsWith('other') ? 'ASIA2' : 'ASIA1'));
    await assumeRole(clients, REQUEST);
    await assumeRole(clients, { ...REQUEST, roleArn: `${ROLE_ARN}-other` });
    await assumeRole(new AwsClients({ credentials: OWN }, 'eu-west-1', { retryMode: 'standard', maxAttempts: 5 }), REQUEST);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  });

  test('a session that ends within two minutes is not used again: the role is assumed anew', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(credentials('ASIA1', 60_000)).resolves(credentials('ASIA2'));
    const first = await assumeRole(clients, REQUEST);
    const second = await assumeRole(clients, REQUEST);
    expect(first.key).not.toBe(second.key);
    expect(second.credentials).toMatchObject({ accessKeyId: 'ASIA2' });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  test('a refusal is not asked again within the invocation', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('AccessDenied', 'not authorized'));
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(/^cannot assume/);
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(/^cannot assume/);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });
});

describe('failures', () => {
  test('access denied: the role, what it was for, STS\'s message and what to check', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('AccessDenied', 'User: x is not authorized to perform: sts:AssumeRole', { requestId: 'r-1' }));
    await expect(assumeRole(clients, { ...REQUEST, label: 'role', purpose: 'to read CA arn:ca' })).rejects.toThrow(
      `cannot assume role ${ROLE_ARN} to read CA arn:ca: User: x is not authorized to perform: sts:AssumeRole; check that the root stack trusts account 222222222222`);
  });

  test('access denied without a purpose names the role alone', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('AccessDenied', 'denied'));
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(
      new RegExp(`^cannot assume signer role ${ROLE_ARN}: denied; check that the root stack trusts account 222222222222$`));
  });

  test('the SDK error is the cause', async () => {
    const denied = sdkError('AccessDenied', 'denied');
    sts.on(AssumeRoleCommand).rejects(denied);
    await expect(assumeRole(clients, REQUEST)).rejects.toMatchObject({ cause: denied });
  });

  test('throttling: the call\'s message, with the attempts and what happens next', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('Throttling', 'Rate exceeded', { requestId: 'r-2', attempts: 5 }));
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(
      `AssumeRole on signer role ${ROLE_ARN} was throttled after 5 attempts (request id r-2): Rate exceeded; retry the deployment later`);
  });

  test('another error: how the call was made, and the error', async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError('RegionDisabledException', 'STS is not activated in this Region', { requestId: 'r-3' }));
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(
      `AssumeRole on signer role ${ROLE_ARN} from account 222222222222 failed (request id r-3): RegionDisabledException: STS is not activated in this Region`);
  });

  test('an answer without credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: undefined });
    await expect(assumeRole(clients, REQUEST)).rejects.toThrow(`AssumeRole of ${ROLE_ARN} returned no credentials`);
  });
});
