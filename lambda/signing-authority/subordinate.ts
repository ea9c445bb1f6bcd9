/**
 * The subordinate CA as the authority sees it, through the reader role in the subordinate's account: its type,
 * its state and its current CSR, which is the only CSR the authority signs (a request carries none).
 */
import { X509Certificate } from 'node:crypto';
import { ACMPCAClient, DescribeCertificateAuthorityCommand, GetCertificateAuthorityCsrCommand, ListTagsCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority } from '@aws-sdk/client-acm-pca';
import { Refusal, THROTTLE_HINT } from './context';
import type { AuthorityContext } from './context';
import type { SubordinateDeclaration } from '../../src/private/contracts/authority';
import { CA_TAGS } from '../../src/private/contracts/signing';
import { certificatePublicKey } from '../ca-signer/csr';
import { assumeRole } from '../shared/assume-role';
import { readCsr } from '../shared/declaration';
import type { CsrFacts } from '../shared/declaration';
import { errorName } from '../shared/errors';

const SESSION_NAME = 'cdk-pki-authority';

/** The subordinate CA, read. */
export interface SubordinateCa {
  readonly arn: string;
  readonly ca: CertificateAuthority;
  readonly csrPem: string;
  readonly csr: CsrFacts;
}

/** Describes the CA and reads its CSR through the declaration's reader role; refuses a CA that is not a subordinate. */
export async function readSubordinate(ctx: AuthorityContext, declaration: SubordinateDeclaration, arn: string): Promise<SubordinateCa> {
  const role = await assumeRole(ctx.clients, {
    roleArn: declaration.ReaderRoleArn,
    sessionName: SESSION_NAME,
    label: 'reader role',
    purpose: `to read subordinate CA ${arn}`,
    deniedHint: `check that the stack of ${declaration.CaName} in account ${declaration.Account} (${declaration.Region}) is deployed with this `
      + 'version, so that its reader role trusts this authority\'s role',
    via: `from the authority of ${ctx.hierarchy}`,
    throttleHint: THROTTLE_HINT,
    log: ctx.log,
  });
  const pca = ctx.clients.get(ACMPCAClient, declaration.Region, role);
  let ca: CertificateAuthority | undefined;
  try {
    ca = (await pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }))).CertificateAuthority;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') {
      throw new Refusal(`CA ${arn} does not exist in account ${declaration.Account}, ${declaration.Region}.`, { certificateAuthorityArn: arn });
    }
    throw ctx.aws.error('DescribeCertificateAuthority', `subordinate CA ${arn}`, e, {
      via: role.via, accessHint: 'check that the reader role allows acm-pca:DescribeCertificateAuthority on it',
    });
  }
  if (!ca) throw new Error(`DescribeCertificateAuthority of ${arn} returned nothing`);
  if (ca.Type !== 'SUBORDINATE') {
    throw new Refusal(`CA ${arn} is a ${ca.Type ?? 'CA of unknown type'} CA, not a SUBORDINATE one.`, { certificateAuthorityArn: arn });
  }
  // The CA must be the declared one (every generation of it carries the library's tags), not a sibling's of the
  // same account and Region: the reader role may read only CAs with these tags, and the authority checks them too.
  const tags = await ctx.aws.call('ListTags', `subordinate CA ${arn}`, () => pca.send(new ListTagsCommand({ CertificateAuthorityArn: arn })),
    { via: role.via, accessHint: 'check that the reader role allows acm-pca:ListTags on it' });
  const tag = (key: string) => tags.Tags?.find((t) => t.Key === key)?.Value;
  if (tag(CA_TAGS.hierarchy) !== declaration.HierarchyName || tag(CA_TAGS.caName) !== declaration.CaName) {
    throw new Refusal(`CA ${arn} is not ${declaration.HierarchyName}/${declaration.CaName}: its tags ${CA_TAGS.hierarchy} and ${CA_TAGS.caName} `
      + `are '${tag(CA_TAGS.hierarchy) ?? ''}' and '${tag(CA_TAGS.caName) ?? ''}'.`, { certificateAuthorityArn: arn });
  }
  const out = await ctx.aws.call('GetCertificateAuthorityCsr', `subordinate CA ${arn}`,
    () => pca.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn })),
    { via: role.via, accessHint: 'check that the reader role allows acm-pca:GetCertificateAuthorityCsr on it' });
  if (!out.Csr) throw new Refusal(`CA ${arn} has no CSR.`, { certificateAuthorityArn: arn });
  let csr: CsrFacts;
  try {
    csr = readCsr(out.Csr);
  } catch (e) {
    throw new Refusal(`the CSR of CA ${arn} cannot be read: ${(e as Error).message}.`, { certificateAuthorityArn: arn });
  }
  return { arn, ca, csrPem: out.Csr, csr };
}

/**
 * Refuses a certificate that was not issued to this subordinate CA: its public key must be the CA's current
 * key (the one of its CSR).
 */
export function checkOwnership(subordinate: SubordinateCa, certificatePem: string | undefined, certificateArn: string): X509Certificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem ?? '');
  } catch {
    throw new Refusal(`certificate ${certificateArn} cannot be read.`, { certificateArn, certificateAuthorityArn: subordinate.arn });
  }
  if (!certificatePublicKey(certificate).equals(subordinate.csr.publicKey)) {
    throw new Refusal(`certificate ${certificateArn} was not issued to CA ${subordinate.arn}: its public key is not that CA's key.`,
      { certificateArn, certificateAuthorityArn: subordinate.arn });
  }
  return certificate;
}
