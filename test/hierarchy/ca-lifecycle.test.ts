/**
 * Safe change and removal, as the templates show them: every CA waits for the stack's guard, which carries
 * the CA's create-only properties, logical id and generation; CloudFormation never deletes a CA it did not
 * just create; the signing and root lifecycle resources always receive their Delete and carry the removal
 * settings; a new generation is a new CA resource; and the handler's rights follow the settings.
 */
import { App, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { IssuingCa, KeyStorageSecurityStandard, ParentCa, RootCaAccount, RootCaAccountProps, Validity } from '../../src';

const ENV = { account: '111111111111', region: 'us-east-1' };
const GUARD = 'Custom::PkiCaGuard';
const SIGNING = 'Custom::PkiSubordinateCaCertificate';
const ROOT_LIFECYCLE = 'Custom::PkiRootCaLifecycle';
const CA = 'AWS::ACMPCA::CertificateAuthority';

function stackWith(build: (stack: Stack) => void): Stack {
  const stack = new Stack(new App(), 'Pki', { env: ENV });
  build(stack);
  return stack;
}

function root(scope: Construct, props: Partial<RootCaAccountProps> = {}): RootCaAccount {
  return new RootCaAccount(scope, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' }, ...props });
}

function onlyOf(t: Template, type: string): { id: string; resource: any } {
  const found = Object.entries(t.findResources(type));
  expect(found).toHaveLength(1);
  return { id: found[0][0], resource: found[0][1] };
}

describe('the guard', () => {
  let t: Template;
  beforeAll(() => {
    t = Template.fromStack(stackWith((stack) => {
      const r = root(stack, { subject: { commonName: 'Corp Root CA', organization: 'Corp', country: 'US' } });
      new IssuingCa(stack, 'Issuing', { parent: r, subject: { commonName: 'Corp Issuing CA' }, revokeOnDelete: true });
      new IssuingCa(stack, 'Second', {
        parent: r,
        subject: { commonName: 'Corp Second CA' },
        keyStorageSecurityStandard: KeyStorageSecurityStandard.FIPS_140_2_LEVEL_2_OR_HIGHER,
        removalPolicy: RemovalPolicy.DESTROY,
        restorationPeriod: Duration.days(7),
      });
    }));
  });

  test('one per stack, whatever the number of CAs, served by the stack\'s one provider', () => {
    const guard = onlyOf(t, GUARD);
    t.resourceCountIs('AWS::Lambda::Function', 2);
    expect(JSON.stringify(guard.resource.Properties.ServiceToken)).toContain('CdkPkiSigningProviderframeworkonEvent');
  });

  test('every CA waits for it, so CloudFormation asks the guard before it creates or replaces a CA', () => {
    const guard = onlyOf(t, GUARD).id;
    const cas = Object.values(t.findResources(CA));
    expect(cas).toHaveLength(3);
    for (const ca of cas) {
      expect(ca.DependsOn).toContain(guard);
    }
  });

  test('carries each CA\'s logical id, name, construct path, generation, removal and create-only properties as CloudFormation gets them', () => {
    const cas = t.findResources(CA);
    const issuingId = Object.keys(cas).find((id) => id.startsWith('Issuing'))!;
    const secondId = Object.keys(cas).find((id) => id.startsWith('Second'))!;
    const rootId = Object.keys(cas).find((id) => id.startsWith('Root'))!;
    expect(onlyOf(t, GUARD).resource.Properties.CertificateAuthorities).toEqual([
      {
        LogicalId: rootId,
        Name: 'corp/root',
        Path: 'Pki/Root',
        Generation: '1',
        Removal: 'kept as it is, still ACTIVE (removalPolicy RETAIN)',
        Properties: {
          Type: 'ROOT',
          KeyAlgorithm: 'EC_secp384r1',
          SigningAlgorithm: 'SHA384WITHECDSA',
          UsageMode: 'GENERAL_PURPOSE',
          Subject: { CommonName: 'Corp Root CA', Organization: 'Corp', Country: 'US' },
        },
      },
      {
        LogicalId: issuingId,
        Name: 'corp/issuing',
        Path: 'Pki/Issuing',
        Generation: '1',
        Removal: 'revoked at its parent and disabled, then kept (removalPolicy RETAIN, revokeOnDelete)',
        Properties: {
          Type: 'SUBORDINATE',
          KeyAlgorithm: 'EC_secp384r1',
          SigningAlgorithm: 'SHA384WITHECDSA',
          UsageMode: 'GENERAL_PURPOSE',
          Subject: { CommonName: 'Corp Issuing CA' },
        },
      },
      {
        LogicalId: secondId,
        Name: 'corp/second',
        Path: 'Pki/Second',
        Generation: '1',
        Removal: 'disabled and deleted, restorable for 7 days (removalPolicy DESTROY)',
        Properties: {
          Type: 'SUBORDINATE',
          KeyAlgorithm: 'EC_secp384r1',
          SigningAlgorithm: 'SHA384WITHECDSA',
          UsageMode: 'GENERAL_PURPOSE',
          Subject: { CommonName: 'Corp Second CA' },
          KeyStorageSecurityStandard: 'FIPS_140_2_LEVEL_2_OR_HIGHER',
        },
      },
    ]);
  });

  test('the guard\'s create-only properties are exactly those of the CA resource', () => {
    const cas = t.findResources(CA);
    for (const entry of onlyOf(t, GUARD).resource.Properties.CertificateAuthorities) {
      const props = cas[entry.LogicalId].Properties;
      for (const name of ['Type', 'KeyAlgorithm', 'SigningAlgorithm', 'Subject', 'CsrExtensions', 'KeyStorageSecurityStandard', 'UsageMode']) {
        expect({ name, value: entry.Properties[name] }).toEqual({ name, value: props[name] });
      }
    }
  });

  test('is itself deleted with the stack, and waits for the handler without the rights that name the CAs', () => {
    const guard = onlyOf(t, GUARD).resource;
    expect(guard.DeletionPolicy).toBe('Delete');
    const caAccess = Object.keys(t.findResources('AWS::IAM::Policy')).find((id) => id.includes('CaAccess'))!;
    expect(caAccess).toBeDefined();
    expect(guard.DependsOn).not.toContain(caAccess);
    expect(guard.DependsOn.some((id: string) => id.includes('HandlerFunction'))).toBe(true);
  });

  test('a property that is a token reaches the guard as the same token', () => {
    const tt = Template.fromStack(stackWith((stack) => {
      root(stack, { subject: { commonName: Lazy.string({ produce: () => 'Lazy Root' }), organization: Token.asString({ Ref: 'AWS::AccountId' }) } });
    }));
    const entry = onlyOf(tt, GUARD).resource.Properties.CertificateAuthorities[0];
    expect(entry.Properties.Subject).toEqual({ CommonName: 'Lazy Root', Organization: { Ref: 'AWS::AccountId' } });
  });
});

describe('CA tags: who the CA is and which stack manages it', () => {
  test.each([
    ['the root', (stack: Stack) => root(stack), 'corp', 'root', 'root'],
    ['an issuing CA', (stack: Stack) => new IssuingCa(stack, 'Team', { parent: root(stack), subject: { commonName: 'Team CA' }, caName: 'team' }), 'corp', 'team', 'subordinate'],
  ])('%s', (_what, build, hierarchy, caName, role) => {
    const t = Template.fromStack(stackWith((stack) => { build(stack); }));
    const ca = Object.entries(t.findResources(CA)).find(([id]) => !id.startsWith('Root') || role === 'root')![1];
    expect(ca.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'cdk-pki:hierarchy', Value: hierarchy },
      { Key: 'cdk-pki:ca-name', Value: caName },
      { Key: 'cdk-pki:generation', Value: '1' },
      { Key: 'cdk-pki:stack-id', Value: { Ref: 'AWS::StackId' } },
      { Key: 'cdk-pki:ca-role', Value: role },
    ]));
  });
});

/** The removal settings of a root or an issuing CA, as the template carries them. */
describe.each([
  [RemovalPolicy.RETAIN, false],
  [RemovalPolicy.RETAIN, true],
  [RemovalPolicy.DESTROY, false],
  [RemovalPolicy.DESTROY, true],
])('an IssuingCa with removalPolicy %s and revokeOnDelete %s', (removalPolicy, revokeOnDelete) => {
  let t: Template;
  beforeAll(() => {
    t = Template.fromStack(stackWith((stack) => {
      new IssuingCa(stack, 'Issuing', { parent: root(stack), subject: { commonName: 'Issuing' }, removalPolicy, revokeOnDelete });
    }));
  });
  const destroy = removalPolicy === RemovalPolicy.DESTROY;

  test('CloudFormation keeps the CA, except one a failed operation just created', () => {
    t.hasResource(CA, { Properties: Match.objectLike({ Type: 'SUBORDINATE' }), DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  test('the signing resource always gets its Delete and carries the settings', () => {
    t.hasResource(SIGNING, {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({
        RevokeOnDelete: String(revokeOnDelete),
        RemovalPolicy: destroy ? 'DESTROY' : 'RETAIN',
        RestorationDays: '30',
      }),
    });
  });

  test(`the handler ${destroy ? 'may' : 'may not'} delete subordinates of this stack`, () => {
    const deletes = JSON.stringify(t.findResources('AWS::IAM::Policy')).includes('acm-pca:DeleteCertificateAuthority');
    expect(deletes).toBe(destroy);
  });

  test(`the handler ${revokeOnDelete ? 'may' : 'may not'} revoke at the parent`, () => {
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy')).includes('acm-pca:RevokeCertificate')).toBe(revokeOnDelete);
  });

  test('the guard says what happens to the CA when replaced or removed', () => {
    const issuing = onlyOf(t, GUARD).resource.Properties.CertificateAuthorities.find((c: { Name: string }) => c.Name === 'corp/issuing');
    expect(issuing.Removal).toBe({
      'false,false': 'kept as it is, still ACTIVE (removalPolicy RETAIN)',
      'false,true': 'revoked at its parent and disabled, then kept (removalPolicy RETAIN, revokeOnDelete)',
      'true,false': 'disabled and deleted, restorable for 30 days (removalPolicy DESTROY)',
      'true,true': 'revoked at its parent, disabled and deleted, restorable for 30 days (removalPolicy DESTROY, revokeOnDelete)',
    }[`${destroy},${revokeOnDelete}`]);
  });
});

describe.each([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY])('a RootCaAccount with removalPolicy %s', (removalPolicy) => {
  let t: Template;
  beforeAll(() => {
    const restorationPeriod = removalPolicy === RemovalPolicy.DESTROY ? Duration.days(14) : undefined;
    t = Template.fromStack(stackWith((stack) => { root(stack, { removalPolicy, restorationPeriod }); }));
  });
  const destroy = removalPolicy === RemovalPolicy.DESTROY;

  test('CloudFormation keeps the CA, its certificate and activation, except those a failed operation just created', () => {
    for (const type of [CA, 'AWS::ACMPCA::Certificate', 'AWS::ACMPCA::CertificateAuthorityActivation']) {
      t.hasResource(type, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('the lifecycle resource always gets its Delete and carries the settings', () => {
    t.hasResource(ROOT_LIFECYCLE, {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ RemovalPolicy: destroy ? 'DESTROY' : 'RETAIN', RestorationDays: destroy ? '14' : '30' }),
    });
  });

  test(`the handler ${destroy ? 'may' : 'may not'} disable and delete roots of this stack`, () => {
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies.includes('RetireRootsOfThisStack')).toBe(destroy);
    expect(policies.includes('acm-pca:DeleteCertificateAuthority')).toBe(destroy);
  });
});

describe('same-stack subordinates are revoked before their root goes', () => {
  test('the signing resource waits for the root\'s lifecycle resource (and so is deleted first)', () => {
    const t = Template.fromStack(stackWith((stack) => {
      new IssuingCa(stack, 'Issuing', { parent: root(stack, { removalPolicy: RemovalPolicy.DESTROY }), subject: { commonName: 'Issuing' }, revokeOnDelete: true });
    }));
    expect(onlyOf(t, SIGNING).resource.DependsOn).toContain(onlyOf(t, ROOT_LIFECYCLE).id);
  });

  test('a subordinate under a subordinate in the same stack waits for its parent\'s signing resource', () => {
    const t = Template.fromStack(stackWith((stack) => {
      const mid = new IssuingCa(stack, 'Mid', { parent: root(stack), subject: { commonName: 'Mid' }, validity: Validity.years(5) });
      new IssuingCa(stack, 'Leaf', { parent: mid, subject: { commonName: 'Leaf' }, validity: Validity.years(2) });
    }));
    const signing = t.findResources(SIGNING);
    const mid = Object.keys(signing).find((id) => id.startsWith('Mid'))!;
    const leaf = Object.keys(signing).find((id) => id.startsWith('Leaf'))!;
    expect(signing[leaf].DependsOn).toContain(mid);
  });
});

describe('generations: replacing a CA on purpose', () => {
  function template(generation?: number, rootGeneration?: number): { t: Template; issuing: IssuingCa; r: RootCaAccount } {
    let issuing!: IssuingCa;
    let r!: RootCaAccount;
    const t = Template.fromStack(stackWith((stack) => {
      r = root(stack, { generation: rootGeneration });
      issuing = new IssuingCa(stack, 'Issuing', { parent: r, subject: { commonName: 'Issuing' }, generation });
    }));
    return { t, issuing, r };
  }

  test('generation 1 (the default) keeps the logical id CAs had before generations existed', () => {
    const { t, issuing } = template();
    expect(issuing.generation).toBe(1);
    expect(Object.keys(t.findResources(CA)).some((id) => /^Issuing[0-9A-F]{8}$/.test(id))).toBe(true);
    expect(issuing.node.defaultChild).toBe(issuing.resource);
  });

  test('a new generation is a new CA resource (a new logical id), tagged with its generation, and the construct\'s default child', () => {
    const first = Object.keys(template().t.findResources(CA)).find((id) => id.startsWith('Issuing'))!;
    const { t, issuing } = template(2);
    const second = Object.keys(t.findResources(CA)).find((id) => id.startsWith('Issuing'))!;
    expect(second).not.toBe(first);
    expect(second).toMatch(/^IssuingGeneration2/);
    expect(issuing.node.defaultChild).toBe(issuing.resource);
    expect(t.findResources(CA)[second].Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'cdk-pki:generation', Value: '2' }]));
    const entry = onlyOf(t, GUARD).resource.Properties.CertificateAuthorities.find((c: { Name: string }) => c.Name === 'corp/issuing');
    expect(entry).toMatchObject({ LogicalId: second, Generation: '2' });
  });

  test('the signing resource keeps its logical id, so CloudFormation updates it (and deletes the old certificate\'s physical id)', () => {
    const before = Object.keys(template().t.findResources(SIGNING));
    expect(Object.keys(template(2).t.findResources(SIGNING))).toEqual(before);
  });

  test('subordinates carry their parent\'s generation, so a new root generation signs them again', () => {
    expect(onlyOf(template(undefined, 1).t, SIGNING).resource.Properties.ParentGeneration).toBe('1');
    expect(onlyOf(template(undefined, 2).t, SIGNING).resource.Properties.ParentGeneration).toBe('2');
  });

  test('a parent of another app carries the generation its location gives, or none', () => {
    const build = (generation?: number) => Template.fromStack(stackWith((stack) => {
      new IssuingCa(stack, 'Issuing', {
        parent: ParentCa.fromAccount({ account: '222222222222', region: 'us-east-1', hierarchyName: 'corp', generation }),
        subject: { commonName: 'Issuing' },
      });
    }));
    expect(onlyOf(build(3), SIGNING).resource.Properties.ParentGeneration).toBe('3');
    expect(onlyOf(build(), SIGNING).resource.Properties.ParentGeneration).toBeUndefined();
  });
});

describe('validation', () => {
  test.each([0, -1, 1.5])('generation %s is refused, naming the construct and the fix', (generation) => {
    expect(() => stackWith((stack) => root(stack, { generation })))
      .toThrow(new RegExp(`RootCaAccount 'Pki/Root': generation ${generation} is not a whole number from 1`));
  });

  test('a generation that is a token is refused: it names the CA resource', () => {
    expect(() => stackWith((stack) => new IssuingCa(stack, 'Issuing', {
      parent: root(stack), subject: { commonName: 'Issuing' }, generation: Token.asNumber({ Ref: 'Generation' }),
    }))).toThrow(/IssuingCa 'Pki\/Issuing': generation must be a number known at synthesis/);
  });

  test.each([Duration.days(6), Duration.days(31), Duration.hours(36)])('restorationPeriod %s is refused', (restorationPeriod) => {
    expect(() => stackWith((stack) => root(stack, { removalPolicy: RemovalPolicy.DESTROY, restorationPeriod })))
      .toThrow(/restorationPeriod .* is not possible; AWS Private CA keeps a deleted CA restorable for 7 to 30 whole days/);
  });

  test.each([Duration.days(7), Duration.days(30)])('restorationPeriod %s is accepted', (restorationPeriod) => {
    expect(() => stackWith((stack) => root(stack, { removalPolicy: RemovalPolicy.DESTROY, restorationPeriod }))).not.toThrow();
  });

  test('a restorationPeriod that is a token is not checked at synthesis: the handler gets the token (and checks it)', () => {
    const t = Template.fromStack(stackWith((stack) => root(stack, {
      removalPolicy: RemovalPolicy.DESTROY, restorationPeriod: Duration.days(new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber),
    })));
    t.hasResourceProperties(ROOT_LIFECYCLE, { RestorationDays: { Ref: 'Days' } });
  });

  test('a restorationPeriod with RETAIN draws a warning: it applies only to a CA the library deletes', () => {
    const stack = stackWith((s) => root(s, { restorationPeriod: Duration.days(10) }));
    Annotations.fromStack(stack).hasWarning('/Pki/Root', Match.stringLikeRegexp('restorationPeriod applies only to a CA the library deletes'));
  });

  test('removalPolicy SNAPSHOT is refused', () => {
    expect(() => stackWith((stack) => new IssuingCa(stack, 'Issuing', {
      parent: root(stack), subject: { commonName: 'Issuing' }, removalPolicy: RemovalPolicy.SNAPSHOT,
    }))).toThrow(/removalPolicy SNAPSHOT is not possible for a CA/);
  });

  test('two CAs of one hierarchy with the same name in one stack are refused: the guard and tags know a CA by its name', () => {
    const stack = stackWith((s) => {
      const r = root(s);
      new IssuingCa(s, 'A', { parent: r, subject: { commonName: 'A' }, caName: 'issuing' });
      new IssuingCa(s, 'B', { parent: r, subject: { commonName: 'B' }, caName: 'issuing' });
    });
    expect(() => Template.fromStack(stack)).toThrow(/'Pki\/B' and 'Pki\/A' are both CA corp\/issuing in account 111111111111 and Region us-east-1; give one of them another caName/);
  });

  test('so are two in two stacks of one account and Region (the guard would refuse the second at deployment)', () => {
    const app = new App();
    const r = root(new Stack(app, 'First', { env: ENV }));
    new IssuingCa(new Stack(app, 'Second', { env: ENV }), 'A', { parent: r, subject: { commonName: 'A' }, caName: 'team' });
    // B is signed in its own stack by an intermediate there, so that only the guard's check can see the two.
    const third = new Stack(app, 'Third', { env: ENV });
    const mid = new IssuingCa(third, 'Mid', { parent: r, subject: { commonName: 'Mid' }, caName: 'mid' });
    new IssuingCa(third, 'B', { parent: mid, subject: { commonName: 'B' }, caName: 'team', validity: Validity.years(1) });
    expect(() => app.synth()).toThrow(/'Third\/B' and 'Second\/A' are both CA corp\/team in account 111111111111 and Region us-east-1/);
  });

  test('two subordinates of one parent in two stacks with the same name, account and Region are refused as the second is declared to the parent\'s authority', () => {
    const app = new App();
    const r = root(new Stack(app, 'First', { env: ENV }));
    new IssuingCa(new Stack(app, 'Second', { env: ENV }), 'A', { parent: r, subject: { commonName: 'A' }, caName: 'team' });
    // Their authority alias (team-111111111111-us-east-1), invoker role and declaration would be one.
    expect(() => new IssuingCa(new Stack(app, 'Third', { env: ENV }), 'B', { parent: r, subject: { commonName: 'B' }, caName: 'team' }))
      .toThrow("Third/B: hierarchy 'corp' already has a subordinate named 'team' in account 111111111111 and us-east-1 signed from First; give each subordinate CA its own caName");
  });

  test('the same name in two accounts or Regions is allowed', () => {
    const app = new App();
    const r = root(new Stack(app, 'First', { env: ENV }));
    new IssuingCa(new Stack(app, 'Second', { env: { account: '222222222222', region: 'us-east-1' } }), 'A', { parent: r, subject: { commonName: 'A' }, caName: 'team' });
    new IssuingCa(new Stack(app, 'Third', { env: { account: '111111111111', region: 'eu-west-1' } }), 'B', { parent: r, subject: { commonName: 'B' }, caName: 'team' });
    expect(() => app.synth()).not.toThrow();
  });
});
