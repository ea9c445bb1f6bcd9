/**
 * Sign: the subordinate CA's current CSR (read through the reader role), checked against the declaration
 * (subject, key algorithm, validity), issued by the declared parent with the declared template, signing
 * algorithm and name constraints, whatever the request says.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { DescribeCertificateAuthorityCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority } from '@aws-sdk/client-acm-pca';
import { OWN_ROLE, Refusal, THROTTLE_HINT } from './context';
import type { AuthorityContext } from './context';
import { declaredCaArn } from './declarations';
import type { Declared } from './declarations';
import { readSubordinate } from './subordinate';
import type { AuthorityCertificateResponse, AuthoritySignRequest } from '../../src/private/contracts/authority';
import { CA_STATUS, ISSUE_IDEMPOTENCY_TOKEN_LENGTH } from '../../src/private/contracts/aws-hierarchy';
import { RENEWABLE_CA_STATUSES } from '../../src/private/contracts/ca-renewal';
import { VALIDITY_UNITS, validityEnd, verifyChain } from '../ca-signer/certificates';
import type { ValidityUnit } from '../ca-signer/certificates';
import { certificatePublicKey } from '../ca-signer/csr';
import { encodeNameConstraints } from '../ca-signer/name-constraints';
import { checkValidity } from '../ca-signer/request';
import { declarationProblems } from '../shared/declaration';
import { messageOf } from '../shared/errors';
import { issueCaCertificate } from '../shared/issue-ca-certificate';
import { formatSerial } from '../shared/pem';

/** What a signing did, for the audit event. */
export interface Signed {
  readonly response: AuthorityCertificateResponse;
  readonly serialNumber: string;
  readonly notAfter: string;
}

/** The parent CA of the function's account, described. */
export async function describeParent(ctx: AuthorityContext, parentArn: string): Promise<CertificateAuthority> {
  const out = await ctx.aws.call('DescribeCertificateAuthority', `parent CA ${parentArn}`,
    () => ctx.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: parentArn })), { via: OWN_ROLE });
  if (!out.CertificateAuthority) throw new Error(`DescribeCertificateAuthority of parent CA ${parentArn} returned nothing`);
  return out.CertificateAuthority;
}

/** The validity asked for, checked against the declared maximum. */
function checkRequestedValidity(request: AuthoritySignRequest, declared: Declared['declaration'], now: Date): { unit: ValidityUnit; value: number } {
  const unit = request.ValidityType as ValidityUnit;
  const value = Number(request.ValidityValue);
  if (!VALIDITY_UNITS.includes(unit) || !Number.isInteger(value) || value < 1) {
    throw new Refusal(`validity ${String(request.ValidityValue)} ${String(request.ValidityType)} is not a positive whole number of `
      + `${VALIDITY_UNITS.join(', ')}.`);
  }
  const maxUnit = declared.MaxValidity.Type as ValidityUnit;
  const maxValue = Number(declared.MaxValidity.Value);
  if (!VALIDITY_UNITS.includes(maxUnit)) throw new Refusal(`the declared MaxValidity type ${maxUnit} is not one of ${VALIDITY_UNITS.join(', ')}.`);
  if (validityEnd(now, unit, value) > validityEnd(now, maxUnit, maxValue)) {
    throw new Refusal(`validity asks for ${value} ${unit}, declared at most ${maxValue} ${maxUnit}: lower the subordinate's validity, `
      + 'or raise the declaration\'s in the parent\'s app.');
  }
  return { unit, value };
}

export async function sign(ctx: AuthorityContext, declared: Declared, request: AuthoritySignRequest): Promise<Signed> {
  const { declaration, parentArn } = declared;
  const subordinateArn = declaredCaArn(declaration, request.CertificateAuthorityArn);
  const { unit, value } = checkRequestedValidity(request, declaration, ctx.now);

  const subordinate = await readSubordinate(ctx, declaration, subordinateArn);
  const status = subordinate.ca.Status;
  // The first signing (PENDING_CERTIFICATE), a signing again or a renewal (ACTIVE), a renewal after the end (EXPIRED).
  if (status !== CA_STATUS.PENDING_CERTIFICATE && !(status !== undefined && RENEWABLE_CA_STATUSES.has(status))) {
    throw new Refusal(`CA ${subordinateArn} is ${status ?? 'in an unknown state'}: only a CA that is PENDING_CERTIFICATE, ACTIVE or EXPIRED is signed.`,
      { certificateAuthorityArn: subordinateArn });
  }
  const problems = declarationProblems(subordinate.csr, declaration);
  if (problems.length > 0) {
    throw new Refusal(`the CSR of CA ${subordinateArn} does not match the declaration: ${problems.join(' ')} `
      + 'Make the CA and its declaration in the parent\'s app agree.', { certificateAuthorityArn: subordinateArn });
  }

  const parent = await describeParent(ctx, parentArn);
  if (parent.Status !== CA_STATUS.ACTIVE) {
    throw new Refusal(`parent CA ${parentArn} is ${parent.Status ?? 'in an unknown state'}, not ACTIVE: install its certificate or enable it first.`,
      { certificateAuthorityArn: subordinateArn });
  }
  try {
    checkValidity(parent, parentArn, unit, value, ctx.now);
  } catch (e) {
    throw new Refusal(`${messageOf(e)}.`, { certificateAuthorityArn: subordinateArn });
  }
  const signingAlgorithm = declaration.SigningAlgorithm || parent.CertificateAuthorityConfiguration?.SigningAlgorithm;
  if (!signingAlgorithm) throw new Error(`parent CA ${parentArn} reports no signing algorithm and the declaration sets none`);
  let nameConstraints: Buffer | undefined;
  try {
    nameConstraints = declaration.NameConstraints ? encodeNameConstraints(declaration.NameConstraints) : undefined;
  } catch (e) {
    throw new Refusal(`the declared name constraints are not valid: ${messageOf(e)}.`, { certificateAuthorityArn: subordinateArn });
  }

  // Same CA, same CSR, same content and the same seed: the same certificate (a retry after a timeout).
  const idempotencyToken = createHash('sha256')
    .update(JSON.stringify([subordinateArn, subordinate.csrPem, declaration.TemplateArn, { Type: unit, Value: value },
      nameConstraints?.toString('base64') ?? null, request.IdempotencySeed ?? '']))
    .digest('hex').slice(0, ISSUE_IDEMPOTENCY_TOKEN_LENGTH);

  const out = await issueCaCertificate({
    parentArn,
    csrPem: subordinate.csrPem,
    templateArn: declaration.TemplateArn,
    validityType: unit,
    validityValue: value,
    signingAlgorithm,
    idempotencyToken,
    nameConstraints,
  }, {
    pca: ctx.pca,
    aws: ctx.aws,
    log: ctx.log,
    via: OWN_ROLE,
    issueHint: `check that the authority's role allows acm-pca:IssueCertificate with template ${declaration.TemplateArn}`,
    getHint: 'check that the authority\'s role allows acm-pca:GetCertificate',
    throttleHint: THROTTLE_HINT,
    timeoutHint: 'retry: the same request gets this same certificate (same idempotency token)',
    waiter: ctx.options.waiter,
    logFields: { subordinateArn },
  });
  const { certificateArn, certificatePem: pem } = out;
  let certificate: X509Certificate;
  try {
    certificate = verifyChain(pem, out.chainPem);
  } catch (e) {
    throw new Error(`certificate ${certificateArn} from parent CA ${parentArn} does not verify: ${messageOf(e)}`, { cause: e });
  }
  if (!certificatePublicKey(certificate).equals(subordinate.csr.publicKey)) {
    throw new Error(`certificate ${certificateArn} from parent CA ${parentArn} does not carry the key of CA ${subordinateArn}'s CSR`);
  }
  return {
    response: { ParentCertificateAuthorityArn: parentArn, CertificateArn: certificateArn, Certificate: pem, CertificateChain: out.chainPem ?? '' },
    serialNumber: formatSerial(certificate.serialNumber),
    notAfter: new Date(certificate.validTo).toISOString(),
  };
}
