/**
 * The tag filter: ACM expiry events and Config findings reach the topic only for certificates that carry every
 * required tag, with the same wording as the construct's input transformers.
 */
import { ACMClient, ListTagsForCertificateCommand, ResourceNotFoundException } from '@aws-sdk/client-acm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/expiry-filter';
import type { ExpiryEvent } from '../../lambda/expiry-filter';

const CERT = 'arn:aws:acm:eu-west-1:222222222222:certificate/aaaaaaaa-1111-4111-8111-111111111111';
const TOPIC = 'arn:aws:sns:eu-west-1:222222222222:expiry';

const acm = mockClient(ACMClient);
const sns = mockClient(SNSClient);
const handler = createHandler({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
  settings: { topicArn: TOPIC, requiredTags: { Team: 'payments', Env: 'prod' }, configDays: '30' },
});

function acmEvent(detailType: string, detail: Record<string, unknown>): ExpiryEvent {
  return { 'source': 'aws.acm', 'detail-type': detailType, 'account': '222222222222', 'region': 'eu-west-1', 'resources': [CERT], detail };
}

beforeEach(() => {
  acm.reset();
  sns.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'Team', Value: 'payments' }, { Key: 'Env', Value: 'prod' }, { Key: 'Other', Value: 'x' }] });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

afterEach(() => {
  jest.restoreAllMocks();
});

test('an approaching expiration of a matching certificate is published with the readable message', async () => {
  const result = await handler(acmEvent('ACM Certificate Approaching Expiration', { DaysToExpiry: 31, CommonName: 'api.example.com' }));

  expect(result).toEqual({ certificateArn: CERT, published: true, messageId: 'm-1' });
  expect(acm.commandCalls(ListTagsForCertificateCommand)[0].args[0].input).toEqual({ CertificateArn: CERT });
  expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({
    TopicArn: TOPIC,
    Subject: 'ACM certificate approaching expiration',
    Message: `ACM certificate api.example.com (${CERT}) in account 222222222222, Region eu-west-1 expires in 31 days. `
      + 'ACM renews the certificates it issues and that are in use or exported; an imported certificate must be replaced and re-imported before then.',
  });
});

test('renewal action required and expired events say what happened', async () => {
  await handler(acmEvent('ACM Certificate Renewal Action Required', { DaysToExpiry: 15, CommonName: 'api.example.com', RenewalStatusReason: 'PCA_ACCESS_DENIED' }));
  await handler(acmEvent('ACM Certificate Expired', { CommonName: 'api.example.com', CertificateExpirationDate: '2026-11-20T00:00:00Z' }));

  const [renewal, expired] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
  expect(renewal.Message).toMatch(/^ACM could not renew certificate api.example.com .*: PCA_ACCESS_DENIED\. It expires in 15 days/);
  expect(expired.Message).toMatch(/EXPIRED on 2026-11-20T00:00:00Z/);
  expect(expired.Subject).toBe('ACM certificate expired');
});

test('a Config finding is read from detail.resourceId', async () => {
  const result = await handler({
    'source': 'aws.config',
    'detail-type': 'Config Rules Compliance Change',
    'account': '222222222222',
    'region': 'eu-west-1',
    'detail': { resourceId: CERT, configRuleName: 'expiry-rule', newEvaluationResult: { complianceType: 'NON_COMPLIANT' } },
  });

  expect(result.published).toBe(true);
  expect(sns.commandCalls(PublishCommand)[0].args[0].input.Message).toBe(
    `AWS Config rule expiry-rule found ACM certificate ${CERT} in account 222222222222, Region eu-west-1 NON_COMPLIANT: it expires within 30 days. `
    + 'Renew or replace it, or delete it if nothing uses it.');
});

test('a certificate without every required tag, or with another value, is not published', async () => {
  acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'Team', Value: 'payments' }, { Key: 'Env', Value: 'dev' }] });

  const result = await handler(acmEvent('ACM Certificate Approaching Expiration', { DaysToExpiry: 31 }));

  expect(result).toEqual({ certificateArn: CERT, published: false, reason: 'tags Env do not match' });
  expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
});

test('a certificate deleted since the event is ignored', async () => {
  acm.on(ListTagsForCertificateCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));

  await expect(handler(acmEvent('ACM Certificate Expired', {}))).resolves.toMatchObject({ published: false, reason: 'certificate no longer exists' });
});

test('other events are ignored; an expiry event without a certificate fails', async () => {
  await expect(handler(acmEvent('ACM Certificate Available', {}))).resolves.toMatchObject({ published: false, reason: 'not an expiry event' });
  await expect(handler({ ...acmEvent('ACM Certificate Expired', {}), resources: [] })).rejects.toThrow(/names no certificate ARN/);
});

test('failures to read tags or publish name the permission to check, so that EventBridge retries and the errors alarm fires', async () => {
  acm.on(ListTagsForCertificateCommand).rejectsOnce(Object.assign(new Error('no'), { name: 'AccessDeniedException' }))
    .resolves({ Tags: [{ Key: 'Team', Value: 'payments' }, { Key: 'Env', Value: 'prod' }] });
  await expect(handler(acmEvent('ACM Certificate Expired', {}))).rejects.toThrow(/acm:ListTagsForCertificate/);

  sns.on(PublishCommand).rejects(Object.assign(new Error('no'), { name: 'AuthorizationError' }));
  await expect(handler(acmEvent('ACM Certificate Expired', {}))).rejects.toThrow(/sns:Publish on the topic and kms:GenerateDataKey\* on its key/);
});

test('settings come from the environment the construct sets', async () => {
  const saved = { ...process.env };
  try {
    process.env.EXPIRY_TOPIC_ARN = TOPIC;
    process.env.EXPIRY_REQUIRED_TAGS = '{"Team":"payments"}';
    process.env.EXPIRY_CONFIG_DAYS = '21';
    await createHandler({ region: 'eu-west-1' })(acmEvent('ACM Certificate Expired', {}));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);

    process.env.EXPIRY_REQUIRED_TAGS = '["Team"]';
    await expect(createHandler({ region: 'eu-west-1' })(acmEvent('ACM Certificate Expired', {}))).rejects.toThrow(/EXPIRY_REQUIRED_TAGS is not a JSON object/);
  } finally {
    process.env = saved;
  }
});
