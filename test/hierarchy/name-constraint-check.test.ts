/**
 * Name constraints against the names the app itself declares (issue 16, item 10): every DNS name of an ACM certificate
 * of an IssuingCa is checked at synthesis against the constraints of that CA and of every CA above it.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { IParentCa, IssuingCa, NameConstraints, ParentCa, RootCaAccount, Validity } from '../../src';

const ENV = { account: '111111111111', region: 'us-east-1' };

function pki(nameConstraints?: NameConstraints) {
  const app = new App();
  const stack = new Stack(app, 'Pki', { env: ENV });
  const root = new RootCaAccount(stack, 'Root', { hierarchyName: 'corp', subject: { commonName: 'Corp Root CA' } });
  const issuing = issuingCa(stack, 'Issuing', root, nameConstraints);
  return { app, stack, root, issuing };
}

function issuingCa(stack: Stack, id: string, parent: IParentCa, nameConstraints?: NameConstraints, days = 365): IssuingCa {
  return new IssuingCa(stack, id, { parent, subject: { commonName: `Corp ${id} CA` }, nameConstraints, validity: Validity.days(days) });
}

function certificate(stack: Stack, id: string, ca: IssuingCa, domainName: string, subjectAlternativeNames?: string[]) {
  return new acm.PrivateCertificate(stack, id, { domainName, subjectAlternativeNames, certificateAuthority: ca });
}

/** The name-constraint messages that synthesis fails with (none when it does not fail). */
function nameProblems(app: App): string[] {
  try {
    app.synth();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').map((line) => /^\s*\[[^\]]+\] (.*asks for .*)$/.exec(line)?.[1]).filter((m): m is string => m !== undefined);
  }
}

describe('ACM certificate names against the name constraints of their CAs', () => {
  test('a name that the CA excludes fails synthesis, naming the certificate, the name, the CA, the constraint and the fix', () => {
    const { app, stack, issuing } = pki({ excludedDnsNames: ['.prod.corp.example.com'] });
    certificate(stack, 'Web', issuing, 'db.prod.corp.example.com');
    certificate(stack, 'Ok', issuing, 'web.corp.example.com');
    expect(nameProblems(app)).toEqual([
      "acm.PrivateCertificate 'Pki/Web' asks for db.prod.corp.example.com, which IssuingCa 'Pki/Issuing' excludes (.prod.corp.example.com): "
        + 'AWS Private CA would issue it, but clients that check name constraints reject it; use a name outside .prod.corp.example.com, '
        + "issue it from a CA whose name constraints allow it, or take .prod.corp.example.com out of nameConstraints.excludedDnsNames of IssuingCa 'Pki/Issuing'",
    ]);
  });

  test('a name outside the permitted names fails synthesis', () => {
    const { app, stack, issuing } = pki({ permittedDnsNames: ['.corp.example.com'] });
    certificate(stack, 'Web', issuing, 'www.example.org');
    certificate(stack, 'Ok', issuing, 'WWW.Corp.Example.com');
    expect(nameProblems(app)).toEqual([
      "acm.PrivateCertificate 'Pki/Web' asks for www.example.org, which IssuingCa 'Pki/Issuing' does not permit (it permits only .corp.example.com): "
        + 'AWS Private CA would issue it, but clients that check name constraints reject it; use a name within them, issue it from a CA whose name '
        + "constraints allow it, or add www.example.org to nameConstraints.permittedDnsNames of IssuingCa 'Pki/Issuing'",
    ]);
  });

  test('a leading dot permits only names below it; without one, the name itself too', () => {
    const { app, stack, root, issuing } = pki({ permittedDnsNames: ['.corp.example.com'] });
    const plain = issuingCa(stack, 'Plain', root, { permittedDnsNames: ['corp.example.com'] });
    certificate(stack, 'Apex', issuing, 'corp.example.com');
    certificate(stack, 'PlainApex', plain, 'corp.example.com');
    certificate(stack, 'Lookalike', plain, 'evilcorp.example.com');
    const problems = nameProblems(app);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^acm.PrivateCertificate 'Pki\/Apex' asks for corp.example.com, which IssuingCa 'Pki\/Issuing' does not permit/);
    expect(problems[1]).toMatch(/^acm.PrivateCertificate 'Pki\/Lookalike' asks for evilcorp.example.com, which IssuingCa 'Pki\/Plain' does not permit/);
  });

  test('a wildcard is checked as a name below its domain', () => {
    const { app, stack, issuing } = pki({ permittedDnsNames: ['corp.example.com'], excludedDnsNames: ['.prod.corp.example.com'] });
    certificate(stack, 'All', issuing, '*.corp.example.com');
    certificate(stack, 'Prod', issuing, '*.prod.corp.example.com');
    certificate(stack, 'Wider', issuing, '*.example.com');
    expect(nameProblems(app)).toEqual([
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Prod' asks for \*.prod.corp.example.com, which IssuingCa 'Pki\/Issuing' excludes \(.prod.corp.example.com\)/),
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Wider' asks for \*.example.com, which IssuingCa 'Pki\/Issuing' does not permit .*or add example.com to/),
    ]);
  });

  test('excluded wins over permitted', () => {
    const { app, stack, issuing } = pki({ permittedDnsNames: ['.corp.example.com'], excludedDnsNames: ['db.corp.example.com'] });
    certificate(stack, 'Db', issuing, 'db.corp.example.com');
    certificate(stack, 'Replica', issuing, 'replica.db.corp.example.com');
    certificate(stack, 'Web', issuing, 'web.corp.example.com');
    expect(nameProblems(app)).toEqual([
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Db' asks for db.corp.example.com, which IssuingCa 'Pki\/Issuing' excludes \(db.corp.example.com\)/),
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Replica' asks for replica.db.corp.example.com, which IssuingCa 'Pki\/Issuing' excludes/),
    ]);
  });

  test('the constraints of every CA up the chain apply, also across stacks', () => {
    const { app, issuing: intermediate } = pki({ permittedDnsNames: ['.corp.example.com'] });
    const teamStack = new Stack(app, 'Team', { env: { account: '222222222222', region: 'eu-west-1' } });
    const issuing = issuingCa(teamStack, 'TeamIssuing', intermediate, { excludedDnsNames: ['.prod.corp.example.com'] }, 180);
    const unconstrained = issuingCa(teamStack, 'Unconstrained', issuing, undefined, 90);
    certificate(teamStack, 'Org', issuing, 'www.example.org');
    certificate(teamStack, 'Db', issuing, 'db.prod.corp.example.com');
    certificate(teamStack, 'Deep', unconstrained, 'www.example.org');
    certificate(teamStack, 'Ok', unconstrained, 'web.dev.corp.example.com');
    expect(nameProblems(app).sort()).toEqual([
      expect.stringMatching(/^acm.PrivateCertificate 'Team\/Db' asks for db.prod.corp.example.com, which IssuingCa 'Team\/TeamIssuing' excludes/),
      expect.stringMatching(/^acm.PrivateCertificate 'Team\/Deep' asks for www.example.org, which IssuingCa 'Pki\/Issuing' does not permit/),
      expect.stringMatching(/^acm.PrivateCertificate 'Team\/Org' asks for www.example.org, which IssuingCa 'Pki\/Issuing' does not permit/),
    ]);
  });

  test('subject alternative names are checked too, one message per certificate and name', () => {
    const { app, stack, issuing } = pki({ permittedDnsNames: ['.corp.example.com'] });
    certificate(stack, 'Web', issuing, 'www.example.org', ['web.corp.example.com', 'api.example.org', 'WWW.example.org']);
    expect(nameProblems(app)).toEqual([
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Web' asks for www.example.org, /),
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Web' asks for api.example.org, /),
    ]);
  });

  test('an AWS::CertificateManager::Certificate that names the CA is checked too', () => {
    const { app, stack, issuing } = pki({ excludedDnsNames: ['.prod.corp.example.com'] });
    new acm.CfnCertificate(stack, 'Raw', { domainName: 'db.prod.corp.example.com', certificateAuthorityArn: issuing.certificateAuthorityArn });
    expect(nameProblems(app)).toEqual([
      expect.stringMatching(/^AWS::CertificateManager::Certificate 'Pki\/Raw' asks for db.prod.corp.example.com, which IssuingCa 'Pki\/Issuing' excludes/),
    ]);
  });

  test('names that are tokens are skipped, and so are permitted lists with a token', () => {
    const { app, stack, root, issuing } = pki({ permittedDnsNames: ['.corp.example.com'] });
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const sans = new CfnParameter(stack, 'Sans', { type: 'CommaDelimitedList' }).valueAsList;
    const open = issuingCa(stack, 'Open', root, { permittedDnsNames: [new CfnParameter(stack, 'Permitted').valueAsString], excludedDnsNames: ['.example.org'] });
    certificate(stack, 'Token', issuing, name, ['www.example.org']);
    certificate(stack, 'TokenSans', issuing, 'web.corp.example.com', sans);
    certificate(stack, 'OpenWeb', open, 'www.example.net', ['www.example.org']);
    expect(nameProblems(app)).toEqual([
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Token' asks for www.example.org, which IssuingCa 'Pki\/Issuing' does not permit/),
      expect.stringMatching(/^acm.PrivateCertificate 'Pki\/OpenWeb' asks for www.example.org, which IssuingCa 'Pki\/Open' excludes \(.example.org\)/),
    ]);
  });

  test('certificates of other CAs are left alone', () => {
    const { app, stack, root, issuing } = pki({ permittedDnsNames: ['.corp.example.com'] });
    const other = issuingCa(stack, 'Other', root);
    const imported = IssuingCa.fromCertificateAuthorityArn(stack, 'Imported',
      'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-1111-4111-8111-111111111111');
    certificate(stack, 'OtherWeb', other, 'www.example.org');
    new acm.PrivateCertificate(stack, 'ImportedWeb', { domainName: 'www.example.org', certificateAuthority: imported });
    certificate(stack, 'Web', issuing, 'www.example.org');
    expect(nameProblems(app)).toEqual([expect.stringMatching(/^acm.PrivateCertificate 'Pki\/Web' asks for www.example.org/)]);
  });

  test('a CA under a parent of another app is held to its own constraints', () => {
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    const parent = ParentCa.fromAccount({ account: '222222222222', region: 'us-east-1', hierarchyName: 'corp' });
    const issuing = issuingCa(stack, 'Issuing', parent, { excludedDnsNames: ['.prod.corp.example.com'] });
    certificate(stack, 'Db', issuing, 'db.prod.corp.example.com');
    expect(nameProblems(app)).toEqual([expect.stringMatching(/^acm.PrivateCertificate 'Team\/Db' asks for db.prod.corp.example.com, which IssuingCa 'Team\/Issuing' excludes/)]);
  });
});
