/**
 * The shared-ca-lookup handler with mocked AWS answers, its properties as CloudFormation sends them (strings):
 * found, the CAs it must ignore, a missing share, a CA shared but not named so, two candidates, generations,
 * pagination, a CA that is not ACTIVE, access denied and throttling, Update and Delete; and one request through
 * aws-cdk-lib's provider framework, to see the Reason and Data CloudFormation receives.
 */
import { ACMPCAClient, ListCertificateAuthoritiesCommand, ListTagsCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority, CertificateAuthorityStatus } from '@aws-sdk/client-acm-pca';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../lambda/shared-ca-lookup';
import type { SharedCaLookupProperties } from '../../src/private/contracts/shared-ca-lookup';
import { sendThroughProviderFramework } from '../support/provider-framework';

const OWNER = '222222222222';
const CONSUMER = '666666666666';
const REGION = 'eu-west-1';
const arnOf = (id: string, account = OWNER, region = REGION) => `arn:aws:acm-pca:${region}:${account}:certificate-authority/${id}-2222-4333-8444-555555555555`;
const ISSUING = arnOf('11111111');
const OTHER = arnOf('22222222');
const NEXT_GEN = arnOf('33333333');

const pca = mockClient(ACMPCAClient);
const handler = createHandler({ region: REGION, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, maxAttempts: 1 });

/** A CA as ListCertificateAuthorities describes it. */
function ca(arn: string, status: string = 'ACTIVE', commonName = 'Corp Issuing CA'): CertificateAuthority {
  return {
    Arn: arn,
    OwnerAccount: arn.split(':')[4],
    Status: status as CertificateAuthorityStatus,
    Type: 'SUBORDINATE',
    CertificateAuthorityConfiguration: { KeyAlgorithm: 'EC_secp384r1', SigningAlgorithm: 'SHA384WITHECDSA', Subject: { CommonName: commonName } },
  };
}

/** The library's name tags of a CA. */
function tags(hierarchy: string, caName: string, generation?: string) {
  return {
    Tags: [
      { Key: 'cdk-pki:hierarchy', Value: hierarchy },
      { Key: 'cdk-pki:ca-name', Value: caName },
      ...(generation ? [{ Key: 'cdk-pki:generation', Value: generation }] : []),
      { Key: 'Team', Value: 'pki' },
    ],
  };
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:666666666666:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: `arn:aws:cloudformation:${REGION}:${CONSUMER}:stack/Workload/abc`,
  RequestId: 'request-1',
  LogicalResourceId: 'SharedCaLookup',
  ResourceType: 'Custom::PkiSharedCaLookup',
};

/** Properties as CloudFormation sends them: strings. */
function props(overrides: Partial<SharedCaLookupProperties> = {}): { ServiceToken: string } & Record<string, string> {
  return { ServiceToken: common.ServiceToken, OwnerAccount: OWNER, Region: REGION, HierarchyName: 'corp', CaName: 'issuing', ...overrides } as
    { ServiceToken: string } & Record<string, string>;
}

const create = (p = props()): CloudFormationCustomResourceEvent => ({ ...common, RequestType: 'Create', ResourceProperties: p });

function shares(...cas: CertificateAuthority[]): void {
  pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: cas });
}

beforeEach(() => {
  pca.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => jest.restoreAllMocks());

describe('found', () => {
  test('returns the ARN, status and generation of the CA tagged with the hierarchy and CA name', async () => {
    shares(ca(ISSUING), ca(OTHER));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: OTHER }).resolves(tags('corp', 'issuing-2'));
    await expect(handler(create())).resolves.toEqual({
      PhysicalResourceId: ISSUING,
      Data: { CertificateAuthorityArn: ISSUING, Status: 'ACTIVE', Generation: '1' },
    });
    expect(pca.commandCalls(ListCertificateAuthoritiesCommand)[0].args[0].input).toMatchObject({ ResourceOwner: 'OTHER_ACCOUNTS' });
  });

  test('reads no tags of CAs of other owners, other Regions, or DELETED ones', async () => {
    shares(ca(arnOf('44444444', '333333333333')), ca(arnOf('55555555', OWNER, 'us-east-1')), ca(OTHER, 'DELETED'), ca(ISSUING));
    pca.on(ListTagsCommand).resolves(tags('corp', 'issuing'));
    await expect(handler(create())).resolves.toMatchObject({ PhysicalResourceId: ISSUING });
    expect(pca.commandCalls(ListTagsCommand).map((c) => c.args[0].input.CertificateAuthorityArn)).toEqual([ISSUING]);
  });

  test('follows every page of ListCertificateAuthorities', async () => {
    const pages: Record<string, { CertificateAuthorities: CertificateAuthority[]; NextToken?: string }> = {
      'first': { CertificateAuthorities: [ca(arnOf('44444444', '333333333333'))], NextToken: 'page-2' },
      'page-2': { CertificateAuthorities: [ca(OTHER)], NextToken: 'page-3' },
      'page-3': { CertificateAuthorities: [ca(ISSUING)] },
    };
    // The paginator reuses its input object: record the token of each call as it is made.
    const tokens: Array<string | undefined> = [];
    pca.on(ListCertificateAuthoritiesCommand).callsFake((input: { NextToken?: string; ResourceOwner?: string }) => {
      expect(input.ResourceOwner).toBe('OTHER_ACCOUNTS');
      tokens.push(input.NextToken);
      return pages[input.NextToken ?? 'first'];
    });
    pca.on(ListTagsCommand, { CertificateAuthorityArn: OTHER }).resolves(tags('corp', 'other'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing'));
    await expect(handler(create())).resolves.toMatchObject({ PhysicalResourceId: ISSUING });
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
  });

  test('takes the highest ACTIVE generation, or the generation asked for (sent as a string)', async () => {
    shares(ca(ISSUING), ca(NEXT_GEN));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: NEXT_GEN }).resolves(tags('corp', 'issuing', '2'));
    await expect(handler(create())).resolves.toMatchObject({ PhysicalResourceId: NEXT_GEN, Data: { Generation: '2' } });
    await expect(handler(create(props({ Generation: '1' })))).resolves.toMatchObject({ PhysicalResourceId: ISSUING, Data: { Generation: '1' } });
  });

  test('an Update that finds another CA returns its ARN as the new physical id', async () => {
    shares(ca(NEXT_GEN));
    pca.on(ListTagsCommand).resolves(tags('corp', 'issuing', '2'));
    const update: CloudFormationCustomResourceEvent = {
      ...common, RequestType: 'Update', PhysicalResourceId: ISSUING, ResourceProperties: props({ Generation: '2' }), OldResourceProperties: props(),
    };
    await expect(handler(update)).resolves.toMatchObject({ PhysicalResourceId: NEXT_GEN });
  });
});

describe('not found', () => {
  test('a missing share says what to check: the RamCaShare principals and accepting the share', async () => {
    shares(ca(arnOf('44444444', '333333333333')));
    await expect(handler(create())).rejects.toThrow(new RegExp('no CA of account 222222222222 in eu-west-1 is shared with account 666666666666 '
      + '\\(it receives 1 shared CA\\(s\\), from 333333333333\\).*RamCaShare whose principals include this account.*accept-resource-share-invitation'));
    expect(pca.commandCalls(ListTagsCommand)).toHaveLength(0);
  });

  test('no shared CA at all', async () => {
    shares();
    await expect(handler(create())).rejects.toThrow(/no CA of account 222222222222 in eu-west-1 is shared with account 666666666666 \(it receives 0 shared CA\(s\)\)/);
  });

  test('CAs of the owner shared, none with the names: lists what is shared', async () => {
    shares(ca(ISSUING), ca(OTHER));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing-2'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: OTHER }).resolves({ Tags: [] });
    await expect(handler(create())).rejects.toThrow(
      `none of the 2 CA(s) that account ${OWNER} shares with account ${CONSUMER} in ${REGION} is tagged cdk-pki:hierarchy=corp and cdk-pki:ca-name=issuing: `
      + `${ISSUING} (corp/issuing-2), ${OTHER} (no cdk-pki name tags)`);
  });
});

describe('ambiguous', () => {
  test('two ACTIVE CAs with the names and the same generation: refused, naming both', async () => {
    shares(ca(ISSUING), ca(OTHER));
    pca.on(ListTagsCommand).resolves(tags('corp', 'issuing'));
    await expect(handler(create())).rejects.toThrow(new RegExp(`CA corp/issuing is ambiguous: 2 ACTIVE CAs of account ${OWNER} in ${REGION}, `
      + `all generation 1, .*: ${ISSUING}, ${OTHER}\\. The lookup does not choose.*SharedCa\\.fromShare`));
  });
});

describe('not ACTIVE', () => {
  test.each(['PENDING_CERTIFICATE', 'DISABLED', 'EXPIRED'])('a CA that is %s is not returned', async (status) => {
    shares(ca(ISSUING, status));
    pca.on(ListTagsCommand).resolves(tags('corp', 'issuing'));
    await expect(handler(create())).rejects.toThrow(`CA corp/issuing of account ${OWNER} is shared with account ${CONSUMER}, `
      + `but it is not ACTIVE: ${ISSUING} is ${status} (generation 1). A CA is ACTIVE once its certificate is installed`);
  });

  test('the generation asked for is not ACTIVE, though another is', async () => {
    shares(ca(ISSUING), ca(NEXT_GEN, 'PENDING_CERTIFICATE'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: NEXT_GEN }).resolves(tags('corp', 'issuing', '2'));
    await expect(handler(create(props({ Generation: '2' })))).rejects.toThrow(
      `but its generation 2 is not ACTIVE: ${NEXT_GEN} is PENDING_CERTIFICATE (generation 2)`);
  });

  test('an older generation that is not ACTIVE does not hide the ACTIVE one', async () => {
    shares(ca(ISSUING, 'DISABLED'), ca(NEXT_GEN));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ISSUING }).resolves(tags('corp', 'issuing'));
    pca.on(ListTagsCommand, { CertificateAuthorityArn: NEXT_GEN }).resolves(tags('corp', 'issuing', '2'));
    await expect(handler(create())).resolves.toMatchObject({ PhysicalResourceId: NEXT_GEN });
  });
});

describe('AWS errors', () => {
  const error = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { requestId: 'req-7' } });

  test('ListTags denied by the CA\'s policy: says the share must allow it, or use fromShare', async () => {
    shares(ca(ISSUING));
    pca.on(ListTagsCommand).rejects(error('AccessDeniedException',
      `User: arn:aws:sts::${CONSUMER}:assumed-role/lookup/x is not authorized to perform: acm-pca:ListTags on resource: ${ISSUING} because no resource-based policy allows the acm-pca:ListTags action`));
    await expect(handler(create())).rejects.toThrow(new RegExp(`access denied: ListTags on shared CA ${ISSUING} \\(request id req-7\\): .*no resource-based policy allows`
      + '.*share the CA with a permission that includes acm-pca:ListTags .*SharedCa\\.fromShare'));
  });

  test('ListCertificateAuthorities denied: names the lookup role', async () => {
    pca.on(ListCertificateAuthoritiesCommand).rejects(error('AccessDeniedException', 'not authorized'));
    await expect(handler(create())).rejects.toThrow(/access denied: ListCertificateAuthorities on the CAs shared with account 666666666666 in eu-west-1.*lookup role allows/);
  });

  test('throttled: retry later', async () => {
    pca.on(ListCertificateAuthoritiesCommand).rejects(error('ThrottlingException', 'Rate exceeded'));
    await expect(handler(create())).rejects.toThrow(/ListCertificateAuthorities on .* was throttled.*retry the deployment later/);
  });
});

describe('properties and Delete', () => {
  test('refuses missing or malformed properties before calling AWS', async () => {
    await expect(handler(create(props({ OwnerAccount: '2222', CaName: '', Generation: 'two' }))))
      .rejects.toThrow("invalid properties of the shared CA lookup: CaName is missing; OwnerAccount '2222' is not an account id; Generation 'two' is not a positive integer");
    expect(pca.calls()).toHaveLength(0);
  });

  test('refuses a CA of another Region: RAM shares are regional', async () => {
    await expect(handler(create(props({ Region: 'us-east-1' })))).rejects.toThrow(/runs in eu-west-1 and the CA is in us-east-1: AWS RAM shares are regional/);
  });

  test('Delete calls nothing and keeps the physical id, also after a failed create', async () => {
    for (const physicalId of [ISSUING, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED']) {
      const event: CloudFormationCustomResourceEvent = { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId, ResourceProperties: props() };
      await expect(handler(event)).resolves.toEqual({ PhysicalResourceId: physicalId });
    }
    expect(pca.calls()).toHaveLength(0);
  });
});

describe('through the provider framework', () => {
  test('CloudFormation receives the ARN as Data, and the reason of a failure', async () => {
    shares(ca(ISSUING));
    pca.on(ListTagsCommand).resolves(tags('corp', 'issuing'));
    const ok = await sendThroughProviderFramework(create(), handler);
    expect(ok).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: ISSUING, Data: { CertificateAuthorityArn: ISSUING, Status: 'ACTIVE' } });

    shares();
    const failed = await sendThroughProviderFramework(create(), handler);
    expect(failed.Status).toBe('FAILED');
    expect(failed.Reason).toContain('no CA of account 222222222222 in eu-west-1 is shared with account 666666666666');
  });
});
