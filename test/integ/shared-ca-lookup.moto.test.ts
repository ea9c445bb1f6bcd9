/**
 * The shared-ca-lookup handler against moto_server, with the properties a synthesized SharedCa.fromHierarchy
 * hands its custom resource (strings, as CloudFormation sends them), through aws-cdk-lib's provider framework.
 *
 * What moto cannot do: it has no AWS RAM for Private CA (its CreateResourceShare rejects a CA ARN), and it
 * accepts `ListCertificateAuthorities` with `ResourceOwner: OTHER_ACCOUNTS` but always answers with no CA. So:
 * - with the workload account's own credentials, the real request runs against moto and the lookup fails with
 *   the missing-share message (what a workload sees before the share reaches it);
 * - for the matching, the share is emulated: the handler runs with the owner account's credentials, and its
 *   HTTP handler turns `OTHER_ACCOUNTS` into `SELF` on the way to moto, so that the CAs, statuses, tags and
 *   pages it matches on are moto's real ones (CAs made here, activated, tagged as the library tags them).
 *   ListTags then runs as the owner; whether a share lets a workload read tags is a question for the IAM
 *   policy simulator (test/sharing/shared-ca-lookup.test.ts) and, for the managed permissions, for AWS.
 * The matching's other answers (access denied, throttling) are in test/lambda/shared-ca-lookup.test.ts.
 */
import {
  ACMPCAClient,
  CreateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import { App, Stack } from 'aws-cdk-lib';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { RequestHandler } from '../../lambda/shared/clients';
import { createHandler } from '../../lambda/shared-ca-lookup';
import { SharedCa } from '../../src/sharing/ram-ca-share';
import type { SharedCaLookupProps } from '../../src/sharing/shared-ca-lookup';
import { ResolvedStack } from '../support/iam-sim';
import { activateRootCa, describeWithMoto } from '../support/moto';
import type { AwsCredentials } from '../support/moto';
import { sendThroughProviderFramework } from '../support/provider-framework';

jest.setTimeout(60_000);

const OWNER = '222222222222';
const CONSUMER = '666666666666';
const REGION = 'eu-west-1';

/** The ResourceProperties of the lookup that a synthesized SharedCa.fromHierarchy hands to CloudFormation. */
function synthesizedProperties(extra: Partial<SharedCaLookupProps> = {}): Record<string, string> {
  const stack = new Stack(new App(), 'Workload', { env: { account: CONSUMER, region: REGION } });
  SharedCa.fromHierarchy(stack, 'SharedCa', { account: OWNER, hierarchyName: 'corp', caName: 'issuing', ...extra });
  const resolved = ResolvedStack.of(stack);
  const [id] = resolved.logicalIds('Custom::PkiSharedCaLookup');
  return resolved.resolve(resolved.resource(id).Properties) as Record<string, string>;
}

function createEvent(properties: Record<string, string>): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: properties.ServiceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
    StackId: `arn:aws:cloudformation:${REGION}:${CONSUMER}:stack/Workload/abc`,
    RequestId: 'request-1',
    LogicalResourceId: 'SharedCaLookup',
    ResourceType: 'Custom::PkiSharedCaLookup',
    ResourceProperties: { ...properties, ServiceToken: properties.ServiceToken },
  };
}

/**
 * The SDK's own HTTP handler, except that ListCertificateAuthorities with OTHER_ACCOUNTS reaches moto as SELF:
 * a caller with the owner's credentials then sees the owner's CAs as if they were shared with it.
 */
function emulatedShare(listed: string[]): RequestHandler {
  const inner = new ACMPCAClient({ region: REGION }).config.requestHandler as unknown as {
    handle(request: { headers: Record<string, string>; body?: string }, options?: unknown): Promise<unknown>;
  };
  return {
    handle: async (request: { headers: Record<string, string>; body?: string }, options?: unknown) => {
      if (request.headers['x-amz-target']?.endsWith('.ListCertificateAuthorities')) {
        const body = JSON.parse(request.body ?? '{}') as { ResourceOwner?: string };
        listed.push(body.ResourceOwner ?? '(none)');
        if (body.ResourceOwner === 'OTHER_ACCOUNTS') {
          request.body = JSON.stringify({ ...body, ResourceOwner: 'SELF' });
          const lengthHeader = Object.keys(request.headers).find((h) => h.toLowerCase() === 'content-length');
          if (lengthHeader) request.headers[lengthHeader] = String(Buffer.byteLength(request.body));
        }
      }
      return inner.handle(request, options);
    },
  } as unknown as RequestHandler;
}

describeWithMoto('shared-ca-lookup against moto_server', 'shared-ca-lookup', (moto) => {
  let owner: AwsCredentials;
  let consumer: AwsCredentials;

  beforeEach(async () => {
    owner = await moto.credentialsOf(OWNER);
    consumer = await moto.credentialsOf(CONSUMER);
  });

  /** A CA of the owner with the library's name tags (or none), ACTIVE unless asked otherwise. */
  async function ownerCa(tags: { hierarchy?: string; caName?: string; generation?: string }, activate = true): Promise<string> {
    const client = new ACMPCAClient({ region: REGION, endpoint: moto.endpoint, credentials: owner });
    const out = await client.send(new CreateCertificateAuthorityCommand({
      CertificateAuthorityType: 'ROOT',
      CertificateAuthorityConfiguration: { KeyAlgorithm: 'RSA_2048', SigningAlgorithm: 'SHA256WITHRSA', Subject: { CommonName: `${tags.caName ?? 'other'} CA` } },
      Tags: [
        ...(tags.hierarchy ? [{ Key: 'cdk-pki:hierarchy', Value: tags.hierarchy }] : []),
        ...(tags.caName ? [{ Key: 'cdk-pki:ca-name', Value: tags.caName }] : []),
        ...(tags.generation ? [{ Key: 'cdk-pki:generation', Value: tags.generation }] : []),
      ],
    }));
    const arn = out.CertificateAuthorityArn!;
    if (!activate) return arn;
    await activateRootCa(client, arn, { Type: 'DAYS', Value: 30 });
    return arn;
  }

  /** The handler as the owner, with the share emulated; `listed` records the ResourceOwner of each list call. */
  function sharedHandler(listed: string[], pageSize?: number) {
    return createHandler({
      region: REGION, endpoint: moto.endpoint, credentials: owner, maxAttempts: 2, pageSize, requestHandler: emulatedShare(listed),
    });
  }

  test('moto lists no CA for OTHER_ACCOUNTS: with its own credentials the workload gets the missing-share message', async () => {
    await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    const handler = createHandler({ region: REGION, endpoint: moto.endpoint, credentials: consumer, maxAttempts: 2 });
    const response = await sendThroughProviderFramework(createEvent(synthesizedProperties()), handler);
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`no CA of account ${OWNER} in ${REGION} is shared with account ${CONSUMER} (it receives 0 shared CA(s))`);
    expect(response.Reason).toContain('RamCaShare whose principals include this account');
  });

  test('finds the ACTIVE CA tagged with the hierarchy and CA name among the owner\'s CAs', async () => {
    const issuing = await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    await ownerCa({ hierarchy: 'corp', caName: 'issuing-2' });
    await ownerCa({ hierarchy: 'other', caName: 'issuing' });
    await ownerCa({});
    const listed: string[] = [];
    const response = await sendThroughProviderFramework(createEvent(synthesizedProperties()), sharedHandler(listed));
    expect(response).toMatchObject({
      Status: 'SUCCESS', PhysicalResourceId: issuing, Data: { CertificateAuthorityArn: issuing, Status: 'ACTIVE', Generation: '1' },
    });
    expect(listed).toEqual(['OTHER_ACCOUNTS']);
  });

  test('follows moto\'s pages', async () => {
    await ownerCa({ hierarchy: 'corp', caName: 'a' }, false);
    await ownerCa({ hierarchy: 'corp', caName: 'b' }, false);
    const issuing = await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    const listed: string[] = [];
    const response = await sendThroughProviderFramework(createEvent(synthesizedProperties()), sharedHandler(listed, 1));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: issuing });
    expect(listed.length).toBeGreaterThanOrEqual(3);
  });

  test('a CA that is still PENDING_CERTIFICATE is not returned', async () => {
    const pending = await ownerCa({ hierarchy: 'corp', caName: 'issuing' }, false);
    const response = await sendThroughProviderFramework(createEvent(synthesizedProperties()), sharedHandler([]));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`but it is not ACTIVE: ${pending} is PENDING_CERTIFICATE (generation 1)`);
  });

  test('two ACTIVE CAs with the same names and generation are refused as ambiguous', async () => {
    const a = await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    const b = await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    const response = await sendThroughProviderFramework(createEvent(synthesizedProperties()), sharedHandler([]));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('CA corp/issuing is ambiguous: 2 ACTIVE CAs');
    expect(response.Reason).toContain([a, b].sort().join(', '));
  });

  test('the highest ACTIVE generation wins; a generation given in the props pins it', async () => {
    const first = await ownerCa({ hierarchy: 'corp', caName: 'issuing' });
    const second = await ownerCa({ hierarchy: 'corp', caName: 'issuing', generation: '2' });
    const latest = await sendThroughProviderFramework(createEvent(synthesizedProperties()), sharedHandler([]));
    expect(latest).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: second, Data: { Generation: '2' } });
    const pinned = await sendThroughProviderFramework(createEvent(synthesizedProperties({ generation: 1 })), sharedHandler([]));
    expect(pinned).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: first, Data: { Generation: '1' } });
  });
});
