/**
 * Get and Revoke: a certificate the declared parent issued to the calling subordinate's CA. The certificate's
 * ARN must be of the declared parent, and its public key must be the key of the named CA, which must be in the
 * declared account and Region (read through the reader role) and whose CSR fits the declaration: a subordinate
 * cannot reach a sibling's certificate, not even by naming the sibling's CA.
 */
import type { X509Certificate } from 'node:crypto';
import { GetCertificateCommand, RevocationReason, RevokeCertificateCommand } from '@aws-sdk/client-acm-pca';
import { OWN_ROLE, Refusal } from './context';
import type { AuthorityContext } from './context';
import { declaredCaArn } from './declarations';
import type { Declared } from './declarations';
import { checkOwnership, readSubordinate } from './subordinate';
import { parseIssuedCertificateArn } from '../../src/private/contracts/arn';
import type {
  AuthorityCertificateResponse, AuthorityGetRequest, AuthorityRevokeRequest, AuthorityRevokeResponse,
} from '../../src/private/contracts/authority';
import { causeOf, errorName } from '../shared/errors';
import { formatSerial } from '../shared/pem';

const REVOCATION_REASONS: readonly string[] = Object.values(RevocationReason);

/** A certificate of the caller's CA, read and checked. */
interface Owned {
  readonly response: AuthorityCertificateResponse;
  readonly certificate: X509Certificate;
  readonly subordinateArn: string;
}

async function owned(ctx: AuthorityContext, declared: Declared, request: AuthorityGetRequest | AuthorityRevokeRequest): Promise<Owned> {
  const { declaration, parentArn } = declared;
  const subordinateArn = declaredCaArn(declaration, request.CertificateAuthorityArn);
  const cert = parseIssuedCertificateArn(request.CertificateArn);
  if (!cert) {
    throw new Refusal(`CertificateArn '${request.CertificateArn ?? ''}' is not the ARN of a certificate a CA issued.`, { certificateAuthorityArn: subordinateArn });
  }
  if (cert.caArn !== parentArn) {
    throw new Refusal(`certificate ${cert.certificateArn} was issued by ${cert.caArn}, not by ${declaration.ParentCaName} (${parentArn}), `
      + `the parent declared for ${declaration.CaName}.`, { certificateArn: cert.certificateArn, certificateAuthorityArn: subordinateArn });
  }
  const subordinate = await readSubordinate(ctx, declaration, subordinateArn);
  // readSubordinate refused a CA that is not this subordinate's (by its tags), an earlier generation of it included;
  // the certificate must be for that CA's key (checkOwnership).
  const out = await ctx.aws.call('GetCertificate', `certificate ${cert.certificateArn}`,
    () => ctx.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: parentArn, CertificateArn: cert.certificateArn })),
    { via: OWN_ROLE, accessHint: `check that the authority's role allows acm-pca:GetCertificate on ${parentArn}` });
  const certificate = checkOwnership(subordinate, out.Certificate, cert.certificateArn);
  return {
    response: {
      ParentCertificateAuthorityArn: parentArn, CertificateArn: cert.certificateArn, Certificate: out.Certificate!, CertificateChain: out.CertificateChain ?? '',
    },
    certificate,
    subordinateArn,
  };
}

export async function getCertificate(ctx: AuthorityContext, declared: Declared, request: AuthorityGetRequest): Promise<AuthorityCertificateResponse> {
  return (await owned(ctx, declared, request)).response;
}

/** What a revocation did, for the audit event. */
export interface Revoked {
  readonly response: AuthorityRevokeResponse;
  readonly subordinateArn: string;
  readonly serialNumber: string;
}

export async function revokeCertificate(ctx: AuthorityContext, declared: Declared, request: AuthorityRevokeRequest): Promise<Revoked> {
  const { declaration, parentArn } = declared;
  if (declaration.Revocation !== true) {
    throw new Refusal(`the parent's app does not let ${ctx.alias ?? declaration.CaName} revoke: set revokeOnDelete on the subordinate / declaration.`);
  }
  if (!REVOCATION_REASONS.includes(request.RevocationReason)) {
    throw new Refusal(`RevocationReason '${request.RevocationReason ?? ''}' is not one of ${REVOCATION_REASONS.join(', ')}.`);
  }
  const { certificate, subordinateArn, response } = await owned(ctx, declared, request);
  const serialNumber = formatSerial(certificate.serialNumber);
  let revoked = true;
  try {
    await ctx.aws.call('RevokeCertificate', `certificate ${response.CertificateArn} (serial ${serialNumber})`,
      () => ctx.pca.send(new RevokeCertificateCommand({
        CertificateAuthorityArn: parentArn, CertificateSerial: serialNumber, RevocationReason: request.RevocationReason as RevocationReason,
      })), { via: OWN_ROLE, accessHint: `check that the authority's role allows acm-pca:RevokeCertificate on ${parentArn}` });
  } catch (e) {
    if (errorName(causeOf(e)) !== 'RequestAlreadyProcessedException') throw e;
    revoked = false;
  }
  return {
    response: { ParentCertificateAuthorityArn: parentArn, CertificateArn: response.CertificateArn, Revoked: revoked },
    subordinateArn,
    serialNumber,
  };
}
