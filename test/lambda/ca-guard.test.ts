/**
 * The stack's guard (Custom::PkiCaGuard) in the ca-signer handler: it refuses a deployment that would
 * replace a CA nobody asked to replace, and a CA that would duplicate an ACTIVE one of the account, and
 * lets CloudFormation's rollback through. The AWS calls are mocked; the last group feeds it the guard's
 * properties of synthesized apps.
 */
import { ACMPCAClient, ListCertificateAuthoritiesCommand, ListTagsCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthorityStatus } from '@aws-sdk/client-acm-pca';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackStatus } from '@aws-sdk/client-cloudformation';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { Construct } from 'constructs';
import { createHandler } from '../../lambda/ca-signer';
import { compare, propertyChanges } from '../../lambda/ca-signer/guard';
import { IssuingCa, IssuingCaProps, KeyStorageSecurityStandard, Revocation, RootCaAccount } from '../../src';
import type { GuardedCa } from '../../src/private/contracts/signing';

const ACCOUNT = '222222222222';
const REGION = 'eu-west-1';
const STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/Pki/7d6c5b40-0000-4000-8000-000000000001`;
const OTHER_STACK_ID = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/OldPki/7d6c5b40-0000-4000-8000-000000000002`;
const EXISTING_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/44444444-4444-4444-8444-444444444444`;
const OTHER_ARN = `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/55555555-5555-4555-8555-555555555555`;
const RETAIN_TEXT = 'kept as it is, still ACTIVE (removalPolicy RETAIN)';
const DESTROY_TEXT = 'disabled and deleted, restorable for 30 days (removalPolicy DESTROY)';
const NOTHING_CHANGED = 'Nothing was changed: the deployment stops here, before any CA is created or replaced.';
const PHYSICAL_ID = /^cdk-pki-ca-guard-[0-9a-f]+$/;

const pca = mockClient(ACMPCAClient);
const cfn = mockClient(CloudFormationClient);
const handler = createHandler({ region: REGION, credentials: { accessKeyId: 'AKIDOWN', secretAccessKey: 'own-secret' } });

const ROOT: GuardedCa = {
  LogicalId: 'RootAC0F3320',
  Name: 'corp/root',
  Path: 'Pki/Root',
  Generation: '1',
  Removal: RETAIN_TEXT,
  Properties: {
    Type: 'ROOT',
    KeyAlgorithm: 'EC_secp384r1',
    SigningAlgorithm: 'SHA384WITHECDSA',
    Subject: { CommonName: 'Corp Root CA', Organization: 'Example Corp' },
    UsageMode: 'GENERAL_PURPOSE',
  },
};

const ISSUING: GuardedCa = {
  LogicalId: 'IssuingD69311DE',
  Name: 'corp/issuing',
  Path: 'Pki/Issuing',
  Generation: '1',
  Removal: DESTROY_TEXT,
  Properties: {
    Type: 'SUBORDINATE',
    KeyAlgorithm: 'EC_secp384r1',
    SigningAlgorithm: 'SHA384WITHECDSA',
    Subject: { CommonName: 'Corp Issuing CA', Organization: 'Example Corp' },
    UsageMode: 'GENERAL_PURPOSE',
  },
};

/** The IssuingCa with other create-only properties (merged over its own). */
function issuingWith(properties: Record<string, unknown>, overrides: Partial<GuardedCa> = {}): GuardedCa {
  return { ...ISSUING, ...overrides, Properties: { ...ISSUING.Properties, ...properties } };
}

const common = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:222222222222:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: STACK_ID,
  LogicalResourceId: 'CdkPkiCaGuard0854EDAE',
  ResourceType: 'Custom::PkiCaGuard',
};

function createEvent(cas: GuardedCa[]): CloudFormationCustomResourceEvent {
  return { ...common, RequestType: 'Create', RequestId: 'request-1', ResourceProperties: { ServiceToken: common.ServiceToken, CertificateAuthorities: cas } };
}

function updateEvent(cas: GuardedCa[], old: GuardedCa[], physicalId = 'cdk-pki-ca-guard-0123456789abcdef0123456789abcdef'): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Update',
    RequestId: 'request-2',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: common.ServiceToken, CertificateAuthorities: cas },
    OldResourceProperties: { ServiceToken: common.ServiceToken, CertificateAuthorities: old },
  };
}

function deleteEvent(cas: GuardedCa[], physicalId: string): CloudFormationCustomResourceEvent {
  return {
    ...common,
    RequestType: 'Delete',
    RequestId: 'request-3',
    PhysicalResourceId: physicalId,
    ResourceProperties: { ServiceToken: common.ServiceToken, CertificateAuthorities: cas },
  };
}

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-abc' } });
}

/** A CA of the account, as ListCertificateAuthorities and ListTags show it. */
interface AccountCa {
  readonly arn: string;
  readonly status: CertificateAuthorityStatus;
  readonly tags: Record<string, string>;
}

function tagsOf(name: string, generation: string | undefined, stackId = OTHER_STACK_ID): Record<string, string> {
  const [hierarchy, caName] = name.split('/');
  return {
    'cdk-pki:hierarchy': hierarchy,
    'cdk-pki:ca-name': caName,
    ...(generation === undefined ? {} : { 'cdk-pki:generation': generation }),
    'cdk-pki:stack-id': stackId,
    'cdk-pki:ca-role': caName === 'root' ? 'root' : 'subordinate',
  };
}

/** The account holds these CAs (ListCertificateAuthorities in one page, ListTags per CA). */
function accountHas(...cas: AccountCa[]): void {
  pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: cas.map((ca) => ({ Arn: ca.arn, Status: ca.status })) });
  for (const ca of cas) {
    pca.on(ListTagsCommand, { CertificateAuthorityArn: ca.arn })
      .resolves({ Tags: Object.entries(ca.tags).map(([Key, Value]) => ({ Key, Value })) });
  }
}

function stackIs(status: StackStatus): void {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Pki', StackId: STACK_ID, StackStatus: status, CreationTime: new Date() }] });
}

/** The message the handler fails with; fails the test when it succeeds. */
async function refusal(event: CloudFormationCustomResourceEvent): Promise<string> {
  const outcome = await handler(event).then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) {
    throw new Error(`the guard accepted the deployment: ${JSON.stringify(outcome.response)}`);
  }
  expect(outcome.error).toBeInstanceOf(Error);
  return (outcome.error as Error).message;
}

/** The advice of a replacement refusal: raise the generation, and what then happens to the old CA. */
function expectReplacementAdvice(message: string, generation: number, removal: string): void {
  expect(message).toContain(`set generation: ${generation} on the construct`);
  expect(message).toContain(`generation: ${generation} on the construct (the old CA is then ${removal})`);
}

/** The physical id the guard gives an accepted set of CAs (a Create; the account is empty afterwards, its calls forgotten). */
async function acceptedId(cas: GuardedCa[]): Promise<string> {
  accountHas();
  const { PhysicalResourceId } = await handler(createEvent(cas));
  pca.resetHistory();
  return PhysicalResourceId!;
}

beforeEach(() => {
  pca.reset();
  cfn.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [] });
  stackIs('UPDATE_IN_PROGRESS');
});

describe('Create', () => {
  test('with no other CA in the account: SUCCESS with physical id cdk-pki-ca-guard-<hex>', async () => {
    const response = await handler(createEvent([ROOT, ISSUING]));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(pca.commandCalls(ListCertificateAuthoritiesCommand)[0].args[0].input).toEqual(expect.objectContaining({ ResourceOwner: 'SELF' }));
  });

  test('the physical id does not depend on the order of the CAs or of their keys', async () => {
    const first = await handler(createEvent([ROOT, ISSUING]));
    const reordered: GuardedCa = {
      Properties: {
        UsageMode: 'GENERAL_PURPOSE',
        Subject: { Organization: 'Example Corp', CommonName: 'Corp Issuing CA' },
        SigningAlgorithm: 'SHA384WITHECDSA',
        KeyAlgorithm: 'EC_secp384r1',
        Type: 'SUBORDINATE',
      },
      Removal: ISSUING.Removal,
      Generation: ISSUING.Generation,
      Path: ISSUING.Path,
      Name: ISSUING.Name,
      LogicalId: ISSUING.LogicalId,
    };
    expect((await handler(createEvent([reordered, ROOT]))).PhysicalResourceId).toBe(first.PhysicalResourceId);
  });

  test('other sets of CAs get other physical ids', async () => {
    const both = await handler(createEvent([ROOT, ISSUING]));
    const rootOnly = await handler(createEvent([ROOT]));
    expect(rootOnly.PhysicalResourceId).not.toBe(both.PhysicalResourceId);
  });

  test('with no CA at all: SUCCESS without listing the account', async () => {
    expect((await handler(createEvent([]))).PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(pca.calls()).toHaveLength(0);
  });

  test.each(['ACTIVE', 'PENDING_CERTIFICATE'] as const)(
    'throws when a %s CA of the account has the same hierarchy, name and generation, naming it and suggesting generation: 2', async (status) => {
      accountHas({ arn: EXISTING_ARN, status, tags: tagsOf('corp/issuing', '1') });
      const message = await refusal(createEvent([ROOT, ISSUING]));
      expect(message).toContain('refusing to create a second CA corp/issuing (construct Pki/Issuing)');
      expect(message).toContain(`CA ${EXISTING_ARN} of account ${ACCOUNT} in ${REGION} already has this name and generation 1, and is ${status}`);
      expect(message).toContain(`(made by stack ${OTHER_STACK_ID})`);
      expect(message).toContain('set generation: 2 on the construct');
      expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
    });

  test('throws when the CA of the account has a higher generation, suggesting the one after it', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '3') });
    const message = await refusal(createEvent([ROOT, ISSUING]));
    expect(message).toContain('already has this name and generation 3');
    expect(message).toContain('set generation: 4 on the construct');
  });

  test('a CA of the account without a generation tag counts as generation 1', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', undefined) });
    expect(await refusal(createEvent([ISSUING]))).toContain('already has this name and generation 1');
  });

  test('names every duplicate, one paragraph each', async () => {
    accountHas(
      { arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/root', '1') },
      { arn: OTHER_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '1') },
    );
    const message = await refusal(createEvent([ROOT, ISSUING]));
    expect(message).toContain(`CA ${EXISTING_ARN}`);
    expect(message).toContain(`CA ${OTHER_ARN}`);
    expect(message.split(' | ')).toHaveLength(3);
  });

  test('finds the duplicate on a later page of ListCertificateAuthorities', async () => {
    pca.on(ListCertificateAuthoritiesCommand)
      .resolvesOnce({ CertificateAuthorities: [{ Arn: OTHER_ARN, Status: 'ACTIVE' }], NextToken: 'page-2' })
      .resolvesOnce({ CertificateAuthorities: [{ Arn: EXISTING_ARN, Status: 'ACTIVE' }] });
    pca.on(ListTagsCommand, { CertificateAuthorityArn: OTHER_ARN }).resolves({ Tags: [] });
    pca.on(ListTagsCommand, { CertificateAuthorityArn: EXISTING_ARN })
      .resolves({ Tags: Object.entries(tagsOf('corp/issuing', '1')).map(([Key, Value]) => ({ Key, Value })) });
    expect(await refusal(createEvent([ISSUING]))).toContain(`CA ${EXISTING_ARN}`);
    expect(pca.commandCalls(ListCertificateAuthoritiesCommand)[1].args[0].input).toEqual(expect.objectContaining({ NextToken: 'page-2' }));
  });

  test.each(['DISABLED', 'DELETED', 'FAILED', 'EXPIRED', 'CREATING'] as const)(
    'does not throw when the CA of the same name and generation is %s (its tags are not even read)', async (status) => {
      accountHas({ arn: EXISTING_ARN, status, tags: tagsOf('corp/issuing', '1') });
      expect((await handler(createEvent([ROOT, ISSUING]))).PhysicalResourceId).toMatch(PHYSICAL_ID);
      expect(pca.commandCalls(ListTagsCommand)).toHaveLength(0);
    });

  test('does not throw when the ACTIVE CA of the same name has a lower generation', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '1') });
    expect((await handler(createEvent([ROOT, { ...ISSUING, LogicalId: 'IssuingGeneration2', Generation: '2' }]))).PhysicalResourceId)
      .toMatch(PHYSICAL_ID);
  });

  test.each([
    ['another hierarchy', 'other/issuing'],
    ['another CA name', 'corp/web'],
  ])('does not throw when an ACTIVE CA of the account has %s', async (_, name) => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf(name, '1') });
    expect((await handler(createEvent([ROOT, ISSUING]))).PhysicalResourceId).toMatch(PHYSICAL_ID);
  });

  test('does not throw when an ACTIVE CA of the account carries no tags', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: {} });
    expect((await handler(createEvent([ROOT, ISSUING]))).PhysicalResourceId).toMatch(PHYSICAL_ID);
  });

  test('access denied on ListCertificateAuthorities names the call, the account and what to check', async () => {
    pca.on(ListCertificateAuthoritiesCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const message = await refusal(createEvent([ISSUING]));
    expect(message).toContain(`access denied: ListCertificateAuthorities on the CAs of account ${ACCOUNT} in ${REGION}`);
    expect(message).toContain('(request id req-abc)');
    expect(message).toContain('check that the signer\'s role allows acm-pca:ListCertificateAuthorities');
  });

  test('access denied on ListTags names the CA and what to check', async () => {
    pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [{ Arn: EXISTING_ARN, Status: 'ACTIVE' }] });
    pca.on(ListTagsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const message = await refusal(createEvent([ISSUING]));
    expect(message).toContain(`access denied: ListTags on CA ${EXISTING_ARN}`);
    expect(message).toContain('acm-pca:ListTags on the CAs of its account');
  });

  test('throttling that outlasts the SDK\'s retries says so and what to do', async () => {
    pca.on(ListCertificateAuthoritiesCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const message = await refusal(createEvent([ISSUING]));
    expect(message).toContain('ListCertificateAuthorities on the CAs of account 222222222222 in eu-west-1 was throttled');
    expect(message).toContain('retry the deployment later or request a higher quota');
  });

  test('throws when CertificateAuthorities is not a list', async () => {
    const event = createEvent([]);
    const broken = { ...event, ResourceProperties: { ServiceToken: common.ServiceToken, CertificateAuthorities: 'corp/root' } };
    expect(await refusal(broken)).toContain('CertificateAuthorities is not a list');
  });
});

describe('Update', () => {
  test('properties that hash to the physical id: nothing is checked, no AWS call', async () => {
    const id = await acceptedId([ROOT, ISSUING]);
    // Old properties that would be refused: only the physical id counts.
    const response = await handler(updateEvent([ROOT, ISSUING], [ROOT, issuingWith({ KeyAlgorithm: 'RSA_2048' })], id));
    expect(response.PhysicalResourceId).toBe(id);
    expect(pca.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  const changes: Array<[string, Record<string, unknown>, string]> = [
    ['Type', { Type: 'ROOT' }, 'Type: \'SUBORDINATE\' -> \'ROOT\''],
    ['KeyAlgorithm', { KeyAlgorithm: 'EC_prime256v1' }, 'KeyAlgorithm: \'EC_secp384r1\' -> \'EC_prime256v1\''],
    ['SigningAlgorithm', { SigningAlgorithm: 'SHA512WITHECDSA' }, 'SigningAlgorithm: \'SHA384WITHECDSA\' -> \'SHA512WITHECDSA\''],
    ['Subject.CommonName', { Subject: { CommonName: 'Corp Issuing CA 2', Organization: 'Example Corp' } },
      'Subject.CommonName: \'Corp Issuing CA\' -> \'Corp Issuing CA 2\''],
    ['Subject.Organization', { Subject: { CommonName: 'Corp Issuing CA', Organization: 'Other Corp' } },
      'Subject.Organization: \'Example Corp\' -> \'Other Corp\''],
    ['Subject.Country (added)', { Subject: { CommonName: 'Corp Issuing CA', Organization: 'Example Corp', Country: 'DE' } },
      'Subject.Country: (absent) -> \'DE\''],
    ['CsrExtensions', { CsrExtensions: { KeyUsage: { KeyCertSign: 'true', CRLSign: 'true' } } },
      'CsrExtensions: (absent) -> {"KeyUsage":{"KeyCertSign":"true","CRLSign":"true"}}'],
    ['KeyStorageSecurityStandard', { KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_2_OR_HIGHER' },
      'KeyStorageSecurityStandard: (absent) -> \'FIPS_140_2_LEVEL_2_OR_HIGHER\''],
    ['UsageMode', { UsageMode: 'SHORT_LIVED_CERTIFICATE' }, 'UsageMode: \'GENERAL_PURPOSE\' -> \'SHORT_LIVED_CERTIFICATE\''],
  ];

  test.each(changes)('a change of %s is refused, naming the CA, its path, the change, generation: 2 and the removal', async (_, properties, change) => {
    const message = await refusal(updateEvent([ROOT, issuingWith(properties)], [ROOT, ISSUING]));
    expect(message).toContain('refusing to replace CA corp/issuing (construct Pki/Issuing, logical id IssuingD69311DE)');
    expect(message).toContain(change);
    expect(message).toContain('CloudFormation creates a new CA when this create-only property changes');
    expectReplacementAdvice(message, 2, DESTROY_TEXT);
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
    expect(message).not.toContain('corp/root');
  });

  test('a change of a CsrExtensions field names the field', async () => {
    const before = issuingWith({ CsrExtensions: { KeyUsage: { KeyCertSign: 'true' } } });
    const after = issuingWith({ CsrExtensions: { KeyUsage: { KeyCertSign: 'true', DigitalSignature: 'true' } } });
    expect(await refusal(updateEvent([after], [before])))
      .toContain('CsrExtensions.KeyUsage: {"KeyCertSign":"true"} -> {"KeyCertSign":"true","DigitalSignature":"true"}');
  });

  test('the message of a CA of a later generation suggests the generation after it', async () => {
    const third = { ...ISSUING, LogicalId: 'IssuingGeneration3', Generation: '3' };
    const message = await refusal(updateEvent([{ ...third, Properties: { ...third.Properties, KeyAlgorithm: 'RSA_2048' } }], [third]));
    expect(message).toContain('set generation: 4 on the construct');
  });

  test('KeyStorageSecurityStandard written out as AWS\'s default is refused with "leave it out again"', async () => {
    const message = await refusal(updateEvent([issuingWith({ KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER' })], [ISSUING]));
    expect(message).toContain('KeyStorageSecurityStandard was absent (AWS\'s default, FIPS_140_2_LEVEL_3_OR_HIGHER) and is now written out as '
      + '\'FIPS_140_2_LEVEL_3_OR_HIGHER\'; leave it out again to keep the CA');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('AWS\'s default KeyStorageSecurityStandard left out again is refused with "write it again"', async () => {
    const message = await refusal(updateEvent([ISSUING], [issuingWith({ KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER' })]));
    expect(message).toContain('KeyStorageSecurityStandard was \'FIPS_140_2_LEVEL_3_OR_HIGHER\' and is now absent (AWS\'s default is the same); '
      + 'write it again to keep the CA');
  });

  test('several changes of one CA are listed together; problems of several CAs are separate, on one line (CloudFormation\'s 4 KB)', async () => {
    const root = { ...ROOT, Properties: { ...ROOT.Properties, KeyAlgorithm: 'EC_secp521r1', SigningAlgorithm: 'SHA512WITHECDSA' } };
    const message = await refusal(updateEvent([root, issuingWith({ UsageMode: 'SHORT_LIVED_CERTIFICATE' })], [ROOT, ISSUING]));
    expect(message).not.toContain('\n');
    expect(message).toContain('refusing to replace CA corp/root (construct Pki/Root, logical id RootAC0F3320): '
      + 'CloudFormation creates a new CA when these create-only properties change: '
      + 'KeyAlgorithm: \'EC_secp384r1\' -> \'EC_secp521r1\'; '
      + 'SigningAlgorithm: \'SHA384WITHECDSA\' -> \'SHA512WITHECDSA\'. ');
    expectReplacementAdvice(message, 2, RETAIN_TEXT);
    expect(message).toContain('refusing to replace CA corp/issuing');
    expect(message.split(' | ')).toHaveLength(3);
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('a refusal calls nothing of Private CA when no CA is added', async () => {
    await refusal(updateEvent([issuingWith({ Type: 'ROOT' })], [ISSUING]));
    expect(pca.calls()).toHaveLength(0);
  });

  test('a logical id change with the same generation (construct moved) is refused, naming overrideLogicalId and the old logical id', async () => {
    const moved = { ...ISSUING, LogicalId: 'TeamIssuing1A2B3C4D', Path: 'Pki/Team/Issuing' };
    const message = await refusal(updateEvent([ROOT, moved], [ROOT, ISSUING]));
    expect(message).toContain('refusing to replace CA corp/issuing (construct Pki/Team/Issuing, logical id TeamIssuing1A2B3C4D)');
    expect(message).toContain('its logical id changed from IssuingD69311DE to TeamIssuing1A2B3C4D (the construct moved or was renamed)');
    expect(message).toContain('overrideLogicalId(\'IssuingD69311DE\')');
    expect(message).toContain('set generation: 2');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('a move that also changes a property lists both', async () => {
    const moved = issuingWith({ KeyAlgorithm: 'RSA_2048' }, { LogicalId: 'TeamIssuing1A2B3C4D', Path: 'Pki/Team/Issuing' });
    const message = await refusal(updateEvent([moved], [ISSUING]));
    expect(message).toContain('its logical id changed from IssuingD69311DE to TeamIssuing1A2B3C4D');
    expect(message).toContain('KeyAlgorithm: \'EC_secp384r1\' -> \'RSA_2048\'');
  });

  test('the same move with the generation raised by one is accepted, with a new physical id and no AWS call', async () => {
    const oldId = await acceptedId([ROOT, ISSUING]);
    const next = issuingWith({ KeyAlgorithm: 'RSA_2048' }, { LogicalId: 'IssuingGeneration2A1B2C3D4', Generation: '2' });
    const response = await handler(updateEvent([ROOT, next], [ROOT, ISSUING], oldId));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(response.PhysicalResourceId).not.toBe(oldId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('a generation lowered is refused', async () => {
    const second = { ...ISSUING, LogicalId: 'IssuingGeneration2A1B2C3D4', Generation: '2' };
    const message = await refusal(updateEvent([ROOT, ISSUING], [ROOT, second]));
    expect(message).toContain('refusing to go back from generation 2 to 1 of CA corp/issuing (construct Pki/Issuing)');
    expect(message).toContain('Keep generation: 2, or raise it to 3');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('a CA removed from the stack is accepted without an AWS call', async () => {
    const oldId = await acceptedId([ROOT, ISSUING]);
    const response = await handler(updateEvent([ROOT], [ROOT, ISSUING], oldId));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(response.PhysicalResourceId).not.toBe(oldId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('a CA added to the stack is accepted when the account has no CA of its name', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/root', '1', STACK_ID) });
    const response = await handler(updateEvent([ROOT, ISSUING], [ROOT]));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(pca.commandCalls(ListCertificateAuthoritiesCommand)).toHaveLength(1);
  });

  test('a CA added to the stack is refused when an ACTIVE CA of the account has its name and generation', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '1') });
    const message = await refusal(updateEvent([ROOT, ISSUING], [ROOT]));
    expect(message).toContain(`refusing to create a second CA corp/issuing (construct Pki/Issuing): CA ${EXISTING_ARN}`);
    expect(message).toContain('set generation: 2');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('a CA added next to a replacement: both problems in one message', async () => {
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '1') });
    const root = { ...ROOT, Properties: { ...ROOT.Properties, KeyAlgorithm: 'EC_secp521r1' } };
    const message = await refusal(updateEvent([root, ISSUING], [ROOT]));
    expect(message).toContain('refusing to replace CA corp/root');
    expect(message).toContain('refusing to create a second CA corp/issuing');
  });

  test('only Removal and Path changes (same logical id) are accepted without an AWS call', async () => {
    const oldId = await acceptedId([ROOT, ISSUING]);
    const changed = { ...ISSUING, Removal: RETAIN_TEXT, Path: 'Pki/Team/Issuing' };
    const response = await handler(updateEvent([ROOT, changed], [ROOT, ISSUING], oldId));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(response.PhysicalResourceId).not.toBe(oldId);
    expect(pca.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  test.each(['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'] as const)(
    'what would be refused is accepted while the stack is %s (CloudFormation\'s rollback)', async (status) => {
      stackIs(status);
      const second = { ...ISSUING, LogicalId: 'IssuingGeneration2A1B2C3D4', Generation: '2' };
      // Back from generation 2 (accepted, then a later resource failed) to generation 1.
      const response = await handler(updateEvent([ROOT, ISSUING], [ROOT, second]));
      expect(response.PhysicalResourceId).toBe(await acceptedId([ROOT, ISSUING]));
      expect(cfn.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({ StackName: STACK_ID });
    });

  test('the rollback also lets a property change back through', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    const response = await handler(updateEvent([ROOT, ISSUING], [ROOT, issuingWith({ KeyAlgorithm: 'RSA_2048' })]));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
  });

  test('a rollback that brings back a CA the deployment removed is accepted although that CA is still ACTIVE in the account', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    // The forward deployment removed the IssuingCa (RETAIN keeps it ACTIVE, tagged with this stack); the rollback brings it back.
    accountHas({ arn: EXISTING_ARN, status: 'ACTIVE', tags: tagsOf('corp/issuing', '1', STACK_ID) });
    const response = await handler(updateEvent([ROOT, ISSUING], [ROOT]));
    expect(response.PhysicalResourceId).toBe(await acceptedId([ROOT, ISSUING]));
  });

  test('a rollback that brings back a CA does not fail when listing the account fails (the rollback must not fail)', async () => {
    stackIs('UPDATE_ROLLBACK_IN_PROGRESS');
    pca.on(ListCertificateAuthoritiesCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const response = await handler(updateEvent([ROOT, ISSUING], [ROOT]));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
  });

  test.each(['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'] as const)('a refusal stands while the stack is %s', async (status) => {
    stackIs(status);
    expect(await refusal(updateEvent([issuingWith({ KeyAlgorithm: 'RSA_2048' })], [ISSUING]))).toContain('refusing to replace CA corp/issuing');
  });

  test('DescribeStacks failing (access denied) is treated as a deployment going forward: refused', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('AccessDenied', 'not authorized to perform cloudformation:DescribeStacks'));
    const message = await refusal(updateEvent([issuingWith({ KeyAlgorithm: 'RSA_2048' })], [ISSUING]));
    expect(message).toContain('refusing to replace CA corp/issuing');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('DescribeStacks answering no stack is treated as a deployment going forward: refused', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });
    expect(await refusal(updateEvent([issuingWith({ KeyAlgorithm: 'RSA_2048' })], [ISSUING]))).toContain('refusing to replace CA corp/issuing');
  });

  test('an accepted update does not ask CloudFormation for the stack status', async () => {
    await handler(updateEvent([ROOT, issuingWith({}, { Removal: RETAIN_TEXT })], [ROOT, ISSUING]));
    expect(cfn.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  test('returns the same physical id without any AWS call', async () => {
    const response = await handler(deleteEvent([ROOT, ISSUING], 'cdk-pki-ca-guard-0123456789abcdef0123456789abcdef'));
    expect(response.PhysicalResourceId).toBe('cdk-pki-ca-guard-0123456789abcdef0123456789abcdef');
    expect(pca.calls()).toHaveLength(0);
    expect(cfn.calls()).toHaveLength(0);
  });

  test('after a failed Create (a physical id the guard never gave) it succeeds as well', async () => {
    const response = await handler(deleteEvent([ROOT, ISSUING], 'resource-failed-before-create'));
    expect(response.PhysicalResourceId).toBe('resource-failed-before-create');
    expect(pca.calls()).toHaveLength(0);
  });
});

describe('compare and propertyChanges', () => {
  test('the same CAs: no problem, nothing added', () => {
    expect(compare([ROOT, ISSUING], [ROOT, ISSUING])).toEqual({ problems: [], added: [] });
  });

  test('a CA of a new name is added, not a problem', () => {
    const web = { ...ISSUING, LogicalId: 'Web1234', Name: 'corp/web', Path: 'Pki/Web' };
    expect(compare([ROOT, ISSUING], [ROOT, ISSUING, web])).toEqual({ problems: [], added: [web] });
  });

  test('a CA of a new generation is neither added nor a problem', () => {
    const second = { ...ISSUING, LogicalId: 'IssuingGeneration2A1B2C3D4', Generation: '2' };
    expect(compare([ISSUING], [second])).toEqual({ problems: [], added: [] });
  });

  test('a generation raised by more than one is accepted too', () => {
    const fifth = { ...ISSUING, LogicalId: 'IssuingGeneration5A1B2C3D4', Generation: '5' };
    expect(compare([ISSUING], [fifth]).problems).toEqual([]);
  });

  test('a property change is one problem', () => {
    expect(compare([ISSUING], [issuingWith({ Type: 'ROOT' })]).problems).toHaveLength(1);
  });

  test('propertyChanges ignores the order of keys', () => {
    expect(propertyChanges({ Subject: { CommonName: 'A', Organization: 'B' } }, { Subject: { Organization: 'B', CommonName: 'A' } })).toEqual([]);
  });

  test('propertyChanges ignores properties that are not create-only', () => {
    expect(propertyChanges({ RevocationConfiguration: { CrlConfiguration: { Enabled: 'true' } } }, { RevocationConfiguration: {} })).toEqual([]);
  });

  test('propertyChanges names a subject field removed', () => {
    expect(propertyChanges({ Subject: { CommonName: 'A', Organization: 'B' } }, { Subject: { CommonName: 'A' } }))
      .toEqual(['Subject.Organization: \'B\' -> (absent)']);
  });

  test('propertyChanges: UsageMode written out as AWS\'s default gets the "leave it out again" wording', () => {
    expect(propertyChanges({}, { UsageMode: 'GENERAL_PURPOSE' })).toEqual([
      'UsageMode was absent (AWS\'s default, GENERAL_PURPOSE) and is now written out as \'GENERAL_PURPOSE\'; leave it out again to keep the CA',
    ]);
  });

  test('propertyChanges: a KeyStorageSecurityStandard other than the default is a plain change', () => {
    expect(propertyChanges({ KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_3_OR_HIGHER' }, { KeyStorageSecurityStandard: 'CCPC_LEVEL_1_OR_HIGHER' }))
      .toEqual(['KeyStorageSecurityStandard: \'FIPS_140_2_LEVEL_3_OR_HIGHER\' -> \'CCPC_LEVEL_1_OR_HIGHER\'']);
  });
});

/** Where and under which id the IssuingCa is defined. */
interface Placement {
  readonly scope?: (stack: Stack) => Construct;
  readonly id?: string;
}

/** An app with a root and an IssuingCa in one stack, and the guard's CertificateAuthorities in its template. */
function synthesizedApp(issuing: Partial<IssuingCaProps> = {}, placement: Placement = {}): { stack: Stack; ca: IssuingCa; cas: () => GuardedCa[] } {
  const stack = new Stack(new App(), 'Pki', { env: { account: ACCOUNT, region: REGION } });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA', organization: 'Example Corp' } });
  const ca = new IssuingCa((placement.scope ?? ((s: Stack) => s))(stack), placement.id ?? 'Issuing', {
    parent: root, subject: { commonName: 'Corp Issuing CA', organization: 'Example Corp' }, ...issuing,
  });
  return {
    stack,
    ca,
    cas: () => {
      const guards = Object.values(Template.fromStack(stack).findResources('Custom::PkiCaGuard'));
      expect(guards).toHaveLength(1);
      return guards[0].Properties.CertificateAuthorities as GuardedCa[];
    },
  };
}

function synthesizedCas(issuing: Partial<IssuingCaProps> = {}, placement: Placement = {}): GuardedCa[] {
  return synthesizedApp(issuing, placement).cas();
}

function issuingOf(cas: GuardedCa[], name = 'corp/issuing'): GuardedCa {
  const ca = cas.find((c) => c.Name === name);
  if (!ca) throw new Error(`no ${name} among ${cas.map((c) => c.Name).join(', ')}`);
  return ca;
}

const underTeam = (stack: Stack) => new Construct(stack, 'Team');

describe('the guard fed by synthesized apps (root and IssuingCa in one stack)', () => {
  let before: GuardedCa[];
  let beforeId: string;
  let subjectChanged: GuardedCa[];
  let nextGeneration: GuardedCa[];
  let moved: GuardedCa[];
  let movedKeepingLogicalId: GuardedCa[];
  let defaultWrittenOut: GuardedCa[];
  let revocationChanged: GuardedCa[];
  let destroy: GuardedCa[];

  beforeAll(async () => {
    before = synthesizedCas();
    subjectChanged = synthesizedCas({ subject: { commonName: 'Corp Issuing CA', organization: 'Other Corp' } });
    nextGeneration = synthesizedCas({ subject: { commonName: 'Corp Issuing CA', organization: 'Other Corp' }, generation: 2 });
    moved = synthesizedCas({}, { scope: underTeam });
    const keeping = synthesizedApp({}, { scope: underTeam });
    // The guard's own advice: keep the old logical id on the CA resource.
    keeping.ca.resource.overrideLogicalId(issuingOf(before).LogicalId);
    movedKeepingLogicalId = keeping.cas();
    defaultWrittenOut = synthesizedCas({ keyStorageSecurityStandard: KeyStorageSecurityStandard.FIPS_140_2_LEVEL_3_OR_HIGHER });
    revocationChanged = synthesizedCas({ revocation: Revocation.crlAndOcsp() });
    destroy = synthesizedCas({ removalPolicy: RemovalPolicy.DESTROY });
    pca.on(ListCertificateAuthoritiesCommand).resolves({ CertificateAuthorities: [] });
    beforeId = (await handler(createEvent(before))).PhysicalResourceId!;
  });

  test('the guard lists both CAs with their create-only properties and nothing else', () => {
    expect(before.map((ca) => ca.Name)).toEqual(['corp/root', 'corp/issuing']);
    expect(issuingOf(before)).toEqual(expect.objectContaining({
      Path: 'Pki/Issuing',
      Generation: '1',
      Removal: RETAIN_TEXT,
      Properties: expect.objectContaining({ Type: 'SUBORDINATE', Subject: { CommonName: 'Corp Issuing CA', Organization: 'Example Corp' } }),
    }));
    expect(Object.keys(issuingOf(before).Properties).sort()).toEqual(['KeyAlgorithm', 'SigningAlgorithm', 'Subject', 'Type', 'UsageMode']);
  });

  test('an unchanged app hashes to the accepted physical id: nothing checked', async () => {
    const response = await handler(updateEvent(synthesizedCas(), before, beforeId));
    expect(response.PhysicalResourceId).toBe(beforeId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('changing subject.organization of the IssuingCa is refused', async () => {
    const message = await refusal(updateEvent(subjectChanged, before, beforeId));
    expect(message).toContain(`refusing to replace CA corp/issuing (construct Pki/Issuing, logical id ${issuingOf(before).LogicalId})`);
    expect(message).toContain('Subject.Organization: \'Example Corp\' -> \'Other Corp\'');
    expectReplacementAdvice(message, 2, RETAIN_TEXT);
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('the same change with generation: 2 on the IssuingCa is accepted, with a new physical id and no AWS call', async () => {
    expect(issuingOf(nextGeneration).LogicalId).not.toBe(issuingOf(before).LogicalId);
    const response = await handler(updateEvent(nextGeneration, before, beforeId));
    expect(response.PhysicalResourceId).toMatch(PHYSICAL_ID);
    expect(response.PhysicalResourceId).not.toBe(beforeId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('going back from generation 2 to 1 is refused', async () => {
    expect(await refusal(updateEvent(before, nextGeneration))).toContain('refusing to go back from generation 2 to 1 of CA corp/issuing');
  });

  test('moving the IssuingCa under another scope (its logical id changes) is refused, naming overrideLogicalId and the old id', async () => {
    const oldLogicalId = issuingOf(before).LogicalId;
    const newLogicalId = issuingOf(moved).LogicalId;
    expect(newLogicalId).not.toBe(oldLogicalId);
    const message = await refusal(updateEvent(moved, before, beforeId));
    expect(message).toContain(`refusing to replace CA corp/issuing (construct Pki/Team/Issuing, logical id ${newLogicalId})`);
    expect(message).toContain(`its logical id changed from ${oldLogicalId} to ${newLogicalId}`);
    expect(message).toContain(`overrideLogicalId('${oldLogicalId}')`);
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('moving it and keeping the old logical id (overrideLogicalId, as the message advises) is accepted', async () => {
    expect(issuingOf(movedKeepingLogicalId).Path).toBe('Pki/Team/Issuing');
    const response = await handler(updateEvent(movedKeepingLogicalId, before, beforeId));
    expect(response.PhysicalResourceId).not.toBe(beforeId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('renaming the IssuingCa construct with a fixed caName (its logical id changes) is refused', async () => {
    const renamed = synthesizedCas({ caName: 'issuing' }, { id: 'IssuingCa' });
    const message = await refusal(updateEvent(renamed, before, beforeId));
    expect(message).toContain(`its logical id changed from ${issuingOf(before).LogicalId} to ${issuingOf(renamed).LogicalId}`);
  });

  test('renaming the IssuingCa construct whose caName follows its id is refused (the CA resource would be replaced)', async () => {
    const renamed = synthesizedCas({}, { id: 'IssuingCa' });
    expect(renamed.map((ca) => ca.Name)).toEqual(['corp/root', 'corp/issuingca']);
    const message = await refusal(updateEvent(renamed, before, beforeId));
    expect(message).toContain(issuingOf(before).LogicalId);
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('writing keyStorageSecurityStandard FIPS_140_2_LEVEL_3_OR_HIGHER (AWS\'s default) out is refused with "leave it out again"', async () => {
    const message = await refusal(updateEvent(defaultWrittenOut, before, beforeId));
    expect(message).toContain('KeyStorageSecurityStandard was absent (AWS\'s default, FIPS_140_2_LEVEL_3_OR_HIGHER) and is now written out as '
      + '\'FIPS_140_2_LEVEL_3_OR_HIGHER\'; leave it out again to keep the CA');
    expect(message.endsWith(NOTHING_CHANGED)).toBe(true);
  });

  test('a revocation change is not in the guard\'s properties: the accepted physical id, nothing checked', async () => {
    expect(revocationChanged).toEqual(before);
    expect((await handler(updateEvent(revocationChanged, before, beforeId))).PhysicalResourceId).toBe(beforeId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('removalPolicy DESTROY changes only the Removal text: accepted', async () => {
    expect(issuingOf(destroy).Removal).toBe(DESTROY_TEXT);
    expect(issuingOf(destroy).Properties).toEqual(issuingOf(before).Properties);
    const response = await handler(updateEvent(destroy, before, beforeId));
    expect(response.PhysicalResourceId).not.toBe(beforeId);
    expect(pca.calls()).toHaveLength(0);
  });

  test('a refused change of a CA with removalPolicy DESTROY says the old CA would be deleted', async () => {
    const changed = synthesizedCas({
      removalPolicy: RemovalPolicy.DESTROY, keyStorageSecurityStandard: KeyStorageSecurityStandard.CCPC_LEVEL_1_OR_HIGHER,
    });
    const message = await refusal(updateEvent(changed, destroy));
    expect(message).toContain('KeyStorageSecurityStandard: (absent) -> \'CCPC_LEVEL_1_OR_HIGHER\'');
    expectReplacementAdvice(message, 2, DESTROY_TEXT);
  });
});
