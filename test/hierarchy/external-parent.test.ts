/**
 * Parents the library did not create: a CA outside AWS (ParentCa.outsideAws: the CSR published, the certificate the
 * app gives installed by Custom::PkiExternalCaCertificate, checked at synthesis against the chain and the subject), and a
 * CA in AWS Private CA given by ARN (ParentCa.fromCertificateAuthorityArn: called directly, with the handler's role or a
 * role in the parent's account).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  CaCertificateRenewal, IParentCa, IssuingCa, IssuingCaProps, KeyAlgorithm, ParentCa, PemCertificates, PkiReport, Validity,
} from '../../src';
import { CaMaterial, createCsr, createRootCa, signCsrAsCa } from '../support/pki';

const ENV = { account: '222222222222', region: 'eu-west-1' };
const EXTERNAL = 'Custom::PkiExternalCaCertificate';
const SUBJECT = { commonName: 'Issuing CA', organization: 'cdk-pki tests' };
const DAY = 86_400_000;

let root: CaMaterial;
let otherRoot: CaMaterial;
/** A certificate for SUBJECT signed by the offline root (any key: synthesis does not know the CA's). */
let signed: string;
let signedPathLen1: string;

beforeAll(async () => {
  root = await createRootCa({ commonName: 'Offline Root' });
  otherRoot = await createRootCa({ commonName: 'Another Root' });
  const csr = await createCsr({ commonName: 'Issuing CA' });
  signed = await signCsrAsCa(csr.pem, root, { notAfter: new Date(Date.now() + 3 * 365 * DAY) });
  signedPathLen1 = await signCsrAsCa(csr.pem, root, { pathLength: 1 });
});

function offlineRoot(chain = root.pem): IParentCa {
  return ParentCa.outsideAws({ hierarchyName: 'corp', certificateChain: PemCertificates.fromString(chain) });
}

type Built = { stack: Stack; ca: IssuingCa; t: () => Template };
function build(props: Partial<IssuingCaProps> = {}, more?: (stack: Stack, ca: IssuingCa) => void): Built {
  const stack = new Stack(new App(), 'Issuing', { env: ENV });
  const ca = new IssuingCa(stack, 'Issuing', { parent: offlineRoot(), subject: SUBJECT, ...props });
  more?.(stack, ca);
  return { stack, ca, t: () => Template.fromStack(stack) };
}

describe('ParentCa.outsideAws: before the certificate is given', () => {
  let t: Template;
  let ca: IssuingCa;
  beforeAll(() => {
    const built = build();
    ca = built.ca;
    t = built.t();
  });

  test('the CA is created one level under the parent\'s chain and waits', () => {
    expect(ca.depth).toBe(2);
    expect(ca.pendingCertificate).toBe(true);
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthority', { Type: 'SUBORDINATE', Subject: { CommonName: 'Issuing CA', Organization: 'cdk-pki tests' } });
  });

  test('publishes the CSR in an SSM parameter and a stack output', () => {
    t.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/cdk-pki/corp/issuing/csr',
      Type: 'String',
      Tier: 'Standard',
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Issuing'), 'CertificateSigningRequest'] },
    });
    const outputs = Object.values(t.findOutputs('*'));
    expect(outputs).toContainEqual(expect.objectContaining({
      Value: { 'Fn::GetAtt': [expect.stringMatching(/^Issuing/), 'CertificateSigningRequest'] },
      Description: expect.stringContaining('CSR of CA corp/issuing'),
    }));
  });

  test('the installing resource carries the chain and no certificate; nothing signs, no ACM permission, no automatic renewal', () => {
    const [resource] = Object.values(t.findResources(EXTERNAL)) as any[];
    expect(resource.Properties).toMatchObject({
      CertificateAuthorityArn: { 'Fn::GetAtt': [expect.stringMatching(/^Issuing/), 'Arn'] },
      CertificateChain: `${root.pem.trim()}\n`,
      Subject: { CommonName: 'Issuing CA', Organization: 'cdk-pki tests' },
      PathLength: '0',
      RemovalPolicy: 'RETAIN',
    });
    expect(resource.Properties.Certificate).toBeUndefined();
    t.resourceCountIs('Custom::PkiSubordinateCaCertificate', 0);
    t.resourceCountIs('AWS::ACMPCA::Permission', 0);
    expect(Object.keys(t.findResources('AWS::SSM::Parameter', { Properties: { Name: { 'Fn::Join': Match.anyValue() } } }))).toEqual([]);
  });

  test('the handler may read the CA\'s CSR and install into it, and no parent right', () => {
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['acm-pca:GetCertificateAuthorityCsr', 'acm-pca:ImportCertificateAuthorityCertificate']));
    expect(actions).not.toContain('acm-pca:IssueCertificate');
    expect(actions).not.toContain('sts:AssumeRole');
  });

  test('an ACM certificate from the waiting CA, or a subordinate under it, fails synthesis', () => {
    const withCert = build({}, (stack, issuing) => new acm.PrivateCertificate(stack, 'Cert', { domainName: 'a.example.com', certificateAuthority: issuing }));
    expect(() => withCert.t()).toThrow(/has no certificate yet.*ACM certificates name it: 'Issuing\/Cert'/s);
    const withChild = build({}, (stack, issuing) => new IssuingCa(stack, 'Child', { parent: issuing, subject: { commonName: 'Child' } }));
    expect(() => withChild.t()).toThrow(/has no certificate yet.*cannot sign its subordinates/s);
  });
});

describe('ParentCa.outsideAws: with the signed certificate', () => {
  let t: Template;
  let ca: IssuingCa;
  beforeAll(() => {
    const built = build({ signedCertificate: PemCertificates.fromString(signed) });
    ca = built.ca;
    t = built.t();
  });

  test('installs the certificate with the parent\'s chain; the CA takes the certificate\'s validity', () => {
    expect(ca.pendingCertificate).toBe(false);
    t.hasResourceProperties(EXTERNAL, { Certificate: `${signed.trim()}\n`, CertificateChain: `${root.pem.trim()}\n` });
    // validFrom a day ago, validTo in three years: 3 * 365 + 1 days.
    expect(ca.validity.unit).toBe('DAYS');
    expect(ca.validity.value).toBe(3 * 365 + 1);
  });

  test('the PKI report shows the parent outside AWS, with no account or Region', () => {
    const report = JSON.parse(PkiReport.generate(ca.node.root, { timelineStart: '2026-01-01' }).json);
    expect(report.parentsOutsideApp).toEqual([expect.objectContaining({ name: 'corp/root', account: null, region: null, outsideAws: true, level: 1 })]);
    expect(report.certificateAuthorities).toContainEqual(expect.objectContaining({ parentOutsideApp: 'corp/root (outside AWS)' }));
  });

  test('ACM may issue from it (permission), and renewal is by the parent, by hand', () => {
    t.resourceCountIs('AWS::ACMPCA::Permission', 1);
    // No renewal spec and no daily renewal rule: the parent renews the certificate, and a deployment installs it.
    expect(Object.keys(t.findResources('AWS::Events::Rule')).filter((id) => id.startsWith('CdkPkiCaRenewal'))).toEqual([]);
    expect(Object.keys(t.findResources('AWS::SSM::Parameter')).filter((id) => id.includes('RenewalSpec'))).toEqual([]);
  });

  test('a three-level hierarchy: the AWS CA signs its subordinate in the stack, and asks a path length of 1 of its certificate', () => {
    const built = build({ signedCertificate: PemCertificates.fromString(signedPathLen1) },
      (stack, issuing) => new IssuingCa(stack, 'Child', { parent: issuing, subject: { commonName: 'Child' }, validity: Validity.months(6) }));
    const three = built.t();
    three.hasResourceProperties(EXTERNAL, { PathLength: '1' });
    three.hasResourceProperties('Custom::PkiSubordinateCaCertificate', {
      Parent: { CertificateAuthorityArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Issuing'), 'Arn'] } },
    });
  });

  test('csrBucket: the handler may put exactly the CSR object', () => {
    const built = build({}, undefined);
    const stack = built.stack;
    const bucket = new s3.Bucket(stack, 'Csrs');
    new IssuingCa(stack, 'Second', { parent: offlineRoot(), subject: { commonName: 'Second' }, csrBucket: bucket });
    const tb = built.t();
    tb.hasResourceProperties(EXTERNAL, { CsrBucket: { Ref: Match.stringLikeRegexp('^Csrs') }, CsrKey: 'cdk-pki/corp/second/generation-1.csr' });
    const statements = Object.values(tb.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const put = statements.filter((s: any) => s.Action === 's3:PutObject');
    expect(put).toHaveLength(1);
    expect(JSON.stringify(put[0].Resource)).toContain('/cdk-pki/corp/second/generation-1.csr');
  });
});

describe('refused at synthesis', () => {
  test('a certificate the parent did not sign, or for another subject', async () => {
    const foreign = await signCsrAsCa((await createCsr({ commonName: 'Issuing CA' })).pem, otherRoot);
    expect(() => build({ signedCertificate: PemCertificates.fromString(foreign) })).toThrow(/not signed by the parent 'CN=Offline Root/);
    const otherSubject = await signCsrAsCa((await createCsr({ commonName: 'Somebody Else' })).pem, root);
    expect(() => build({ signedCertificate: PemCertificates.fromString(otherSubject) })).toThrow(/its subject \(.*Somebody Else.*\) is not the CA's/);
  });

  test('what a parent outside AWS decides, or the library cannot do there', () => {
    expect(() => build({ validity: Validity.years(2) })).toThrow(/validity is given, but the parent outside AWS decides it/);
    expect(() => build({ revokeOnDelete: true })).toThrow(/cannot revoke at a parent outside AWS/);
    expect(() => build({ renewal: CaCertificateRenewal.automatic() })).toThrow(/renewal is automatic, but a parent outside AWS signs by hand/);
    expect(() => build({ nameConstraints: { permittedDnsNames: ['example.com'] } })).toThrow(/put them in the parent's signing profile/);
  });

  test('a signed certificate or a CSR bucket under a parent in AWS', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const parent = ParentCa.fromAccount({ account: '111111111111', region: 'us-east-1', hierarchyName: 'corp' });
    expect(() => new IssuingCa(stack, 'I', { parent, subject: SUBJECT, signedCertificate: PemCertificates.fromString(signed) }))
      .toThrow(/signedCertificate is given, but the parent is not outside AWS/);
  });

  test('a chain that does not end in a root, is not a chain, or is not PEM', async () => {
    const intermediate = await signCsrAsCa((await createCsr({ commonName: 'Offline Intermediate' })).pem, root, { pathLength: 1 });
    expect(() => offlineRoot(intermediate)).toThrow(/is not a self-signed root; end the chain with the root certificate/);
    expect(() => offlineRoot(`${intermediate}\n${otherRoot.pem}`)).toThrow(/is not signed by the next one/);
    expect(offlineRoot(`${intermediate}\n${root.pem}`).depth).toBe(2);
    expect(() => PemCertificates.fromString('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----')).toThrow(/no PEM certificate found/);
    expect(() => PemCertificates.fromFile('/nonexistent/root.pem')).toThrow(/cannot read the file/);
  });
});

describe('ParentCa.fromCertificateAuthorityArn', () => {
  const SAME = 'arn:aws:acm-pca:eu-west-1:222222222222:certificate-authority/11111111-2222-4333-8444-555555555555';
  const OTHER = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-4333-8444-555555555555';
  const ROLE = 'arn:aws:iam::111111111111:role/pki-signer';

  function byArn(arn: string, options: { signerRoleArn?: string } = {}): Template {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const parent = ParentCa.fromCertificateAuthorityArn(arn, { hierarchyName: 'legacy', ...options });
    new IssuingCa(stack, 'Issuing', { parent, subject: SUBJECT, keyAlgorithm: KeyAlgorithm.RSA_2048, validity: Validity.years(2) });
    return Template.fromStack(stack);
  }

  test('in the same account and Region: the handler signs with its own role, only with the subordinate template, checking the CSR', () => {
    const t = byArn(SAME);
    t.hasResourceProperties('Custom::PkiSubordinateCaCertificate', {
      Parent: { Region: 'eu-west-1', CertificateAuthorityArn: SAME },
      Subject: { CommonName: 'Issuing CA', Organization: 'cdk-pki tests' },
      KeyAlgorithm: 'RSA_2048',
    });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const issue = statements.find((s: any) => s.Action === 'acm-pca:IssueCertificate');
    expect(issue.Resource).toBe(SAME);
    expect(JSON.stringify(issue.Condition)).toContain('SubordinateCACertificate_PathLen0/V1');
    t.resourceCountIs('AWS::IAM::Role', 2);
  });

  test('elsewhere, through the role given: AssumeRole on it, no right on the parent CA itself', () => {
    const t = byArn(OTHER, { signerRoleArn: ROLE });
    t.hasResourceProperties('Custom::PkiSubordinateCaCertificate', { Parent: { Region: 'us-east-1', CertificateAuthorityArn: OTHER, RoleArn: ROLE } });
    const statements = Object.values(t.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sts:AssumeRole', Resource: ROLE }));
    expect(statements.some((s: any) => [s.Action].flat().includes('acm-pca:IssueCertificate'))).toBe(false);
  });

  test('elsewhere without a role, or a bad ARN or role, is refused', () => {
    expect(() => byArn(OTHER)).toThrow(/is not in this stack's account and Region.*give the role/);
    expect(() => ParentCa.fromCertificateAuthorityArn('arn:aws:acm-pca:eu-west-1:2222:ca/x', { hierarchyName: 'legacy' })).toThrow(/must be a certificate authority ARN/);
    expect(() => ParentCa.fromCertificateAuthorityArn(SAME, { hierarchyName: 'legacy', signerRoleArn: 'pki-signer' })).toThrow(/is not an IAM role ARN/);
  });
});
