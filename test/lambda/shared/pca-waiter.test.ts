/**
 * The one waiter wrapper of the handlers (lambda/shared/pca-waiter.ts): the SDK's waiter polls GetCertificate
 * while AWS Private CA answers "in progress"; any other answer ends the wait at once, and every way it ends
 * says which certificate, from which CA, and why.
 */
import { ACMPCAClient, GetCertificateCommand, RequestInProgressException } from '@aws-sdk/client-acm-pca';
import { mockClient } from 'aws-sdk-client-mock';
import { waitForIssuedCertificate, waiterDelays } from '../../../lambda/shared/pca-waiter';
import type { IssuedCertificateRequest } from '../../../lambda/shared/pca-waiter';
import { onFakeClock, sdkError } from '../../support/fake-aws-http';

const pca = mockClient(ACMPCAClient);
const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111';
const CERTIFICATE_ARN = `${CA_ARN}/certificate/0a1b2c`;
const REQUEST: IssuedCertificateRequest = {
  caArn: CA_ARN,
  certificateArn: CERTIFICATE_ARN,
  issuer: `parent CA ${CA_ARN}`,
  delays: { minDelay: 1, maxDelay: 2, maxWaitTime: 10 },
  errors: { via: 'through signer role r', accessHint: 'check that it allows acm-pca:GetCertificate', throttleHint: 'retry later' },
  timeoutHint: 'retry the deployment',
};
const inProgress = () => new RequestInProgressException({ message: 'The request is still in progress', $metadata: {} });

beforeEach(() => pca.reset());

test('polls while "in progress", then returns the certificate and its chain', async () => {
  pca.on(GetCertificateCommand).rejectsOnce(inProgress()).rejectsOnce(inProgress()).resolves({ Certificate: 'cert', CertificateChain: 'chain' });

  const out = await onFakeClock(() => waitForIssuedCertificate(new ACMPCAClient({ region: 'us-east-1' }), REQUEST));

  expect(out).toMatchObject({ Certificate: 'cert', CertificateChain: 'chain' });
  expect(pca.commandCalls(GetCertificateCommand).map((c) => c.args[0].input)).toEqual(
    Array(3).fill({ CertificateAuthorityArn: CA_ARN, CertificateArn: CERTIFICATE_ARN }));
});

test('any other answer ends the wait at once, as the call\'s message: how it was called and what to check', async () => {
  pca.on(GetCertificateCommand).rejectsOnce(inProgress()).rejects(sdkError('AccessDeniedException', 'not authorized', { requestId: 'r-1' }));

  await expect(onFakeClock(() => waitForIssuedCertificate(new ACMPCAClient({ region: 'us-east-1' }), REQUEST))).rejects.toThrow(
    `access denied: GetCertificate on certificate ${CERTIFICATE_ARN} of parent CA ${CA_ARN} through signer role r (request id r-1): not authorized; `
    + 'check that it allows acm-pca:GetCertificate');
  expect(pca.commandCalls(GetCertificateCommand)).toHaveLength(2);
});

test('the target of that message can be given', async () => {
  pca.on(GetCertificateCommand).rejects(sdkError('ThrottlingException', 'Rate exceeded', { attempts: 8 }));

  await expect(onFakeClock(() => waitForIssuedCertificate(new ACMPCAClient({ region: 'us-east-1' }), { ...REQUEST, target: 'certificate c of CA x' })))
    .rejects.toThrow('GetCertificate on certificate c of CA x was throttled after 8 attempts: Rate exceeded; retry later');
});

test('a certificate not issued in time: which one, from which CA, after how long, and what to do', async () => {
  pca.on(GetCertificateCommand).rejects(inProgress());

  await expect(onFakeClock(() => waitForIssuedCertificate(new ACMPCAClient({ region: 'us-east-1' }), REQUEST))).rejects.toThrow(
    `certificate ${CERTIFICATE_ARN} from parent CA ${CA_ARN} was not issued within 10 s; retry the deployment`);
});

test('waiterDelays completes the delays a test gives with the handler\'s defaults', () => {
  const defaults = { minDelay: 1, maxDelay: 15, maxWaitTime: 240 };
  expect(waiterDelays(undefined, defaults)).toEqual(defaults);
  expect(waiterDelays({ maxWaitTime: 5 }, defaults)).toEqual({ minDelay: 1, maxDelay: 15, maxWaitTime: 5 });
  expect(waiterDelays({ minDelay: undefined, maxDelay: 2 }, defaults)).toEqual({ minDelay: 1, maxDelay: 2, maxWaitTime: 240 });
});
