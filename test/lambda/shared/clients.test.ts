/**
 * The one client factory of the handlers (lambda/shared/clients.ts): each client made once per invocation for
 * a service, Region and identity, with the handler's retry settings, and the options tests use to point it
 * elsewhere.
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { AwsClients, clientConfig, regionOf } from '../../../lambda/shared/clients';
import type { Identity } from '../../../lambda/shared/clients';
import { fakeAwsHttp } from '../../support/fake-aws-http';

const OWN = { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' };
const ROLE: Identity = { credentials: { accessKeyId: 'ASIAROLE', secretAccessKey: 'role-secret', sessionToken: 't' }, key: 'role/ASIAROLE', via: 'through role r' };

describe('AwsClients: the invocation\'s cache', () => {
  test('one client per service, Region and identity', () => {
    const clients = new AwsClients({ credentials: OWN }, 'eu-west-1', { retryMode: 'standard', maxAttempts: 5 });
    const pca = clients.get(ACMPCAClient);
    expect(clients.get(ACMPCAClient)).toBe(pca);
    expect(clients.get(ACMPCAClient, 'eu-west-1')).toBe(pca);
    expect(clients.get(ACMClient)).not.toBe(pca);
    expect(clients.get(ACMPCAClient, 'us-east-1')).not.toBe(pca);
    expect(clients.get(ACMPCAClient, 'eu-west-1', ROLE)).not.toBe(pca);
    expect(clients.get(ACMPCAClient, 'eu-west-1', ROLE)).toBe(clients.get(ACMPCAClient, 'eu-west-1', { ...ROLE }));
  });

  test('another invocation makes its own clients', () => {
    const retry = { retryMode: 'standard', maxAttempts: 5 } as const;
    expect(new AwsClients({}, 'eu-west-1', retry).get(ACMPCAClient)).not.toBe(new AwsClients({}, 'eu-west-1', retry).get(ACMPCAClient));
  });

  test('a client has its Region, the identity\'s credentials and the handler\'s retry settings', async () => {
    const clients = new AwsClients({ credentials: OWN }, 'eu-west-1', { retryMode: 'adaptive', maxAttempts: 8 });
    const own = clients.get(ACMPCAClient);
    expect(await own.config.region()).toBe('eu-west-1');
    expect(await own.config.credentials()).toMatchObject(OWN);
    expect((await own.config.retryStrategy()).constructor.name).toBe('AdaptiveRetryStrategy');
    expect(await own.config.maxAttempts()).toBe(8);

    const remote = clients.get(ACMPCAClient, 'us-east-1', ROLE);
    expect(await remote.config.region()).toBe('us-east-1');
    expect(await remote.config.credentials()).toMatchObject({ accessKeyId: 'ASIAROLE', sessionToken: 't' });
  });

  test('the options\' attempts, endpoint and HTTP handler win over the handler\'s defaults', async () => {
    const aws = fakeAwsHttp(() => ({ status: 200, body: { CertificateAuthorities: [] } }));
    const clients = new AwsClients({ credentials: OWN, maxAttempts: 2, endpoint: 'http://127.0.0.1:5000', requestHandler: aws.requestHandler },
      'eu-west-1', { retryMode: 'standard', maxAttempts: 5 });
    expect(clients.config()).toMatchObject({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:5000', maxAttempts: 2, retryMode: 'standard' });
    expect(await clients.get(ACMPCAClient).config.maxAttempts()).toBe(2);
  });

  test('config gives what get makes clients with, for a client that needs one more setting', () => {
    const clients = new AwsClients({ credentials: OWN }, 'eu-west-1', { retryMode: 'standard', maxAttempts: 5 });
    expect(clients.config()).toEqual(clientConfig({ credentials: OWN }, 'eu-west-1', { retryMode: 'standard', maxAttempts: 5 }));
    expect(clients.config('us-east-1', ROLE)).toMatchObject({ region: 'us-east-1', credentials: ROLE.credentials });
  });
});

describe('regionOf', () => {
  const saved = process.env.AWS_REGION;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  });

  test('the options\' Region, else the function\'s', () => {
    process.env.AWS_REGION = 'ap-southeast-2';
    expect(regionOf({ region: 'eu-west-1' })).toBe('eu-west-1');
    expect(regionOf({})).toBe('ap-southeast-2');
  });

  test('without one, says what the handler cannot do', () => {
    delete process.env.AWS_REGION;
    expect(() => regionOf({}, 'the inventory cannot tell which Region to list')).toThrow('AWS_REGION is not set: the inventory cannot tell which Region to list');
    expect(() => regionOf({})).toThrow(/^AWS_REGION is not set$/);
  });
});
