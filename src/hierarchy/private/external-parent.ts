/**
 * Synthesis-time checks of the parents the library did not create: a CA in AWS Private CA given by ARN, and a CA
 * outside AWS given by its certificate chain, with the certificate it signed for a subordinate. The signing handler
 * checks the same again at deployment (lambda/ca-signer/external.ts), against the CA's real CSR.
 */
import type { X509Certificate } from 'node:crypto';
import { Token } from 'aws-cdk-lib';
import { MAX_CA_NAME_LENGTH, MAX_HIERARCHY_NAME_LENGTH } from './names';
import { parseCaArn } from '../../private/contracts/arn';
import { MAX_HIERARCHY_DEPTH } from '../../private/contracts/aws-strings';
import type { DeclaredSubject } from '../../private/contracts/signing';
import { isConcrete, isResourceNamePart } from '../../private/validation';
import type { PemCertificates } from '../pem-certificates';

/** Account and Region of a parent outside AWS (IParentCa.env must name something; nothing in AWS has this name). */
export const OUTSIDE_AWS = 'outside-aws';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function nameProblems(hierarchyName: string, caName: string | undefined): string[] {
  const problems: string[] = [];
  if (!isConcrete(hierarchyName) || !isResourceNamePart(hierarchyName, MAX_HIERARCHY_NAME_LENGTH)) {
    problems.push(`hierarchyName '${hierarchyName}' is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_HIERARCHY_NAME_LENGTH} characters`);
  }
  if (caName !== undefined && (!isConcrete(caName) || !isResourceNamePart(caName, MAX_CA_NAME_LENGTH))) {
    problems.push(`caName '${caName}' is not allowed; use a letter, then letters, digits and hyphens, at most ${MAX_CA_NAME_LENGTH} characters`);
  }
  return problems;
}

/** Problems of ParentCa.fromCertificateAuthorityArn's arguments. */
export function arnParentProblems(arn: string, options: {
  hierarchyName: string; caName?: string; depth?: number; signerRoleArn?: string;
}): string[] {
  const problems = nameProblems(options.hierarchyName, options.caName);
  if (Token.isUnresolved(arn) || !parseCaArn(arn)) {
    problems.push('the ARN must be a certificate authority ARN known at synthesis (arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>): '
      + 'its account and Region decide how the signing handler reaches it');
  }
  const depth = options.depth;
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 1 || depth >= MAX_HIERARCHY_DEPTH)) {
    problems.push(`depth ${depth} is not possible; use 1 (a root) to ${MAX_HIERARCHY_DEPTH - 1}`);
  }
  const role = options.signerRoleArn;
  if (role !== undefined && isConcrete(role) && !ROLE_ARN.test(role)) {
    problems.push(`signerRoleArn '${role}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  }
  return problems;
}

function describe(cert: X509Certificate): string {
  return `'${cert.subject.replace(/\n/g, ', ')}'`;
}

function selfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

/** Problems of a chain: each a CA, each signed by the next, the last a self-signed root, none expired at `now`. */
function chainProblems(chain: readonly X509Certificate[], now: Date): string[] {
  const problems: string[] = [];
  chain.forEach((cert, i) => {
    if (!cert.ca) problems.push(`certificate ${i + 1} ${describe(cert)} is not a CA certificate (basic constraints CA:TRUE)`);
    if (new Date(cert.validTo) <= now) problems.push(`certificate ${i + 1} ${describe(cert)} expired on ${new Date(cert.validTo).toISOString()}`);
    const issuer = chain[i + 1];
    if (issuer && !(cert.checkIssued(issuer) && cert.verify(issuer.publicKey))) {
      problems.push(`certificate ${i + 1} ${describe(cert)} is not signed by the next one, ${describe(issuer)}; give the parent's certificate first, then each issuer up to the root`);
    }
  });
  const last = chain[chain.length - 1];
  if (last && !selfSigned(last)) {
    problems.push(`the last certificate ${describe(last)} is not a self-signed root; end the chain with the root certificate`);
  }
  return problems;
}

/** Problems of ParentCa.outsideAws's arguments. */
export function externalChainProblems(
  props: { hierarchyName: string; caName?: string; certificateChain: PemCertificates }, now = new Date(),
): string[] {
  const chain = props.certificateChain._certificates;
  const problems = [...nameProblems(props.hierarchyName, props.caName), ...chainProblems(chain, now)];
  if (chain.length >= MAX_HIERARCHY_DEPTH) {
    problems.push(`the chain has ${chain.length} certificates: its subordinates would be level ${chain.length + 1}, and AWS Private CA allows at most ${MAX_HIERARCHY_DEPTH} levels`);
  }
  return problems;
}

/** Short names of the subject attributes in X509Certificate.subject (OpenSSL's), and the subject fields they are. */
const SUBJECT_SHORT_NAMES: Readonly<Record<string, keyof DeclaredSubject>> = {
  CN: 'CommonName',
  O: 'Organization',
  OU: 'OrganizationalUnit',
  C: 'Country',
  ST: 'State',
  L: 'Locality',
  dnQualifier: 'DistinguishedNameQualifier',
  serialNumber: 'SerialNumber',
};

/** Subject attributes of a certificate as (field, value) pairs; Node's multiline form, RFC 2253 escapes undone. */
function subjectOf(cert: X509Certificate): Array<[string, string]> {
  return cert.subject.split('\n').filter((line) => line !== '').map((line) => {
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    const value = line.slice(at + 1).replace(/\\([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\(.)/g, '$1');
    return [SUBJECT_SHORT_NAMES[key] ?? key, value];
  });
}

/** Differences between a certificate's subject and the declared one, in words. */
function subjectProblems(cert: X509Certificate, declared: DeclaredSubject): string[] {
  const has = subjectOf(cert).map(([field, value]) => `${field}=${value}`).sort();
  const want = Object.entries(declared).filter(([, v]) => v !== undefined && v !== '').map(([field, value]) => `${field}=${value}`).sort();
  if (has.join('\n') === want.join('\n')) return [];
  return [`its subject (${has.join(', ')}) is not the CA's (${want.join(', ')}): it was issued for another CSR; have the parent sign the CSR this CA publishes`];
}

/**
 * Problems of the certificate a parent outside AWS signed for a subordinate, against the parent's chain and the
 * subordinate's declared subject. The CA's key is known only at deployment: the handler compares it then.
 */
export function signedCertificateProblems(signed: PemCertificates, chain: PemCertificates, subject: DeclaredSubject, now = new Date()): string[] {
  const certs = signed._certificates;
  if (certs.length !== 1) {
    return [`signedCertificate holds ${certs.length} certificates; give the subordinate's certificate alone (the parent's chain is the parent's certificateChain)`];
  }
  const cert = certs[0];
  const parent = chain._certificates[0];
  const problems: string[] = [];
  if (selfSigned(cert)) problems.push('signedCertificate is self-signed; AWS Private CA imports a self-signed certificate only as a root');
  if (!cert.ca) problems.push('signedCertificate is not a CA certificate (basic constraints CA:TRUE); sign the CSR with a subordinate CA profile');
  if (!(cert.checkIssued(parent) && cert.verify(parent.publicKey))) {
    problems.push(`signedCertificate is not signed by the parent ${describe(parent)}; it does not chain to the parent's certificateChain`);
  }
  const end = new Date(cert.validTo);
  if (end <= now) problems.push(`signedCertificate expired on ${end.toISOString()}; have the parent sign the CSR again`);
  if (end > new Date(parent.validTo)) {
    problems.push(`signedCertificate ends on ${end.toISOString()}, after its parent (${new Date(parent.validTo).toISOString()})`);
  }
  return [...problems, ...subjectProblems(cert, subject)];
}
