/**
 * The ca-policy handler end to end against moto_server: the policy a synthesized CaResourcePolicy hands to its
 * custom resource is written to a CA of account 222222222222 / eu-west-1, replaced, moved to a new CA and
 * removed, and read back with GetPolicy each time.
 *
 * moto stores whatever policy it is given (it does not check it the way AWS does) and does not evaluate it;
 * what the policy allows is tested with the IAM policy simulator in test/ca-resource-policy.test.ts. RAM cannot
 * be tested here: moto's CreateResourceShare rejects a Private CA ARN, so RamCaShare is covered by template tests.
 */
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
  DeleteCertificateAuthorityCommand,
  DescribeCertificateAuthorityCommand,
  GetPolicyCommand,
} from '@aws-sdk/client-acm-pca';
import { App, Stack } from 'aws-cdk-lib';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createHandler } from '../../lambda/ca-policy';
import { CertificateTemplate } from '../../src/hierarchy/certificate-template';
import { IssuingCa } from '../../src/hierarchy/issuing-ca';
import type { CaPolicyProperties } from '../../src/private/contracts/sharing';
import { CaPolicyGrant, CaResourcePolicy } from '../../src/sharing/ca-resource-policy';
import { SharePermission, SharePrincipal } from '../../src/sharing/share-permission';
import { ResolvedStack } from '../support/iam-sim';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';

jest.setTimeout(60_000);

const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';


/** What a synthesized CaResourcePolicy hands its custom resource, for a CA of this ARN. */
function synthesizedProperties(caArn: string, grants: CaPolicyGrant[]): CaPolicyProperties {
  const stack = new Stack(new App(), 'Issuing', { env: { account: ACCOUNT, region: REGION } });
  const ca = IssuingCa.fromCertificateAuthorityArn(stack, 'Ca', caArn);
  new CaResourcePolicy(stack, 'Policy', { certificateAuthority: ca, grants });
  const resolved = ResolvedStack.of(stack);
  const [id] = resolved.logicalIds('Custom::PkiCaResourcePolicy');
  const props = resolved.resource(id).Properties!;
  return { CertificateAuthorityArn: resolved.resolve(props.CertificateAuthorityArn) as string, Policy: resolved.resolve(props.Policy) as string };
}

const ACCOUNTS: CaPolicyGrant = { principals: [SharePrincipal.account('333333333333')] };
const ORGANIZATION: CaPolicyGrant = {
  principals: [SharePrincipal.organizationById('111111111111', 'o-a1b2c3d4e5')],
  permission: SharePermission.issuance([CertificateTemplate.END_ENTITY_SERVER_AUTH]),
};

describeWithMoto('ca-policy against moto_server', 'ca-policy', (moto) => {
  let credentials: AwsCredentials;

  beforeEach(async () => {
    credentials = await moto.credentialsOf(ACCOUNT);
  });

  const pca = () => new ACMPCAClient({ region: REGION, endpoint: moto.endpoint, credentials });
  const handler = () => createHandler({ region: REGION, endpoint: moto.endpoint, credentials, maxAttempts: 2 });

  /** A root CA, ACTIVE: moto, like the construct's ordering, writes policies only on ACTIVE CAs. */
  async function createCa(commonName: string, activate = true): Promise<string> {
    const client = pca();
    const out = await client.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: commonName } },
    }));
    const arn = out.CertificateAuthorityArn!;
    if (!activate) return arn;
    await activateRootCa(client, arn);
    const status = await client.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
    expect(status.CertificateAuthority?.Status).toBe('ACTIVE');
    return arn;
  }

  async function policyOf(caArn: string): Promise<unknown> {
    const out = await pca().send(new GetPolicyCommand({ ResourceArn: caArn }));
    return JSON.parse(out.Policy!);
  }

  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
    ResponseURL: 'https://example.com/response',
    StackId: 'arn:aws:cloudformation:eu-west-1:222222222222:stack/Issuing/abc',
    RequestId: 'request-1',
    LogicalResourceId: 'Policy',
    ResourceType: 'Custom::PkiCaResourcePolicy',
  };
  const create = (p: CaPolicyProperties): CloudFormationCustomResourceEvent =>
    ({ ...base, RequestType: 'Create', ResourceProperties: { ServiceToken: base.ServiceToken, ...p } });
  const update = (physicalId: string, p: CaPolicyProperties, old: CaPolicyProperties): CloudFormationCustomResourceEvent =>
    ({
      ...base,
      RequestType: 'Update',
      PhysicalResourceId: physicalId,
      ResourceProperties: { ServiceToken: base.ServiceToken, ...p },
      OldResourceProperties: { ServiceToken: base.ServiceToken, ...old },
    });
  const remove = (physicalId: string, p: CaPolicyProperties): CloudFormationCustomResourceEvent =>
    ({ ...base, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: { ServiceToken: base.ServiceToken, ...p } });

  test('writes the synthesized policy, replaces it on update, and deletes it', async () => {
    const caArn = await createCa('Issuing');
    const first = synthesizedProperties(caArn, [ACCOUNTS]);
    expect(first.CertificateAuthorityArn).toBe(caArn);

    const created = await handler()(create(first));
    expect(created).toEqual({ PhysicalResourceId: `${caArn}/resource-policy`, Data: { CertificateAuthorityArn: caArn, StatementCount: '2' } });
    expect(await policyOf(caArn)).toEqual(JSON.parse(first.Policy));
    expect(JSON.stringify(await policyOf(caArn))).toContain('"acm-pca:TemplateArn":"arn:aws:acm-pca:::template/EndEntityCertificate/V1"');

    const second = synthesizedProperties(caArn, [ACCOUNTS, ORGANIZATION]);
    const updated = await handler()(update(created.PhysicalResourceId, second, first));
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await policyOf(caArn)).toEqual(JSON.parse(second.Policy));

    await handler()(remove(created.PhysicalResourceId, second));
    await expect(pca().send(new GetPolicyCommand({ ResourceArn: caArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // A second delete (CloudFormation retries) finds nothing, and succeeds.
    await expect(handler()(remove(created.PhysicalResourceId, second))).resolves.toEqual({ PhysicalResourceId: created.PhysicalResourceId });
  });

  test('a replaced CA gets the policy; CloudFormation\'s delete of the old physical id clears the old CA only', async () => {
    const oldArn = await createCa('Issuing');
    const newArn = await createCa('Issuing 2');
    const oldProps = synthesizedProperties(oldArn, [ACCOUNTS]);
    const newProps = synthesizedProperties(newArn, [ACCOUNTS]);
    const created = await handler()(create(oldProps));

    const updated = await handler()(update(created.PhysicalResourceId, newProps, oldProps));
    expect(updated.PhysicalResourceId).toBe(`${newArn}/resource-policy`);
    await handler()(remove(created.PhysicalResourceId, oldProps));

    await expect(pca().send(new GetPolicyCommand({ ResourceArn: oldArn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await policyOf(newArn)).toEqual(JSON.parse(newProps.Policy));
  });

  test('the policy of a CA that was deleted meanwhile needs no cleanup', async () => {
    const caArn = await createCa('Issuing');
    const props = synthesizedProperties(caArn, [ACCOUNTS]);
    const created = await handler()(create(props));
    await pca().send(new DeleteCertificateAuthorityCommand({ CertificateAuthorityArn: caArn, PermanentDeletionTimeInDays: 7 }));
    await expect(handler()(remove(created.PhysicalResourceId, props))).resolves.toEqual({ PhysicalResourceId: created.PhysicalResourceId });
  });

  test('a CA that is not ACTIVE yet fails the create with a message that says so', async () => {
    const caArn = await createCa('Pending', false);
    await expect(handler()(create(synthesizedProperties(caArn, [ACCOUNTS]))))
      .rejects.toThrow(new RegExp(`^PutPolicy on CA ${caArn} failed .*InvalidStateException: .*; the CA is not in a state that allows it \\(is it ACTIVE\\?\\)`));
  });

  test('a CA that does not exist fails the create with a message naming it', async () => {
    const missing = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/00000000-0000-4000-8000-000000000000`;
    await expect(handler()(create(synthesizedProperties(missing, [ACCOUNTS])))).rejects.toThrow(new RegExp(`^PutPolicy on CA ${missing} failed`));
  });
});
