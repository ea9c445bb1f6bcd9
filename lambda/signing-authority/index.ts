/**
 * The signing authority of a hierarchy in one account and Region (contract: src/private/contracts/authority.ts).
 * Invoked with Lambda Invoke through the alias of one subordinate, which names the caller whatever the request
 * says; it serves that subordinate what its declaration lets it have, and nothing else:
 * - Describe: the state and end of validity of its parent CA;
 * - Sign: the subordinate CA's current CSR, read in its declared account and Region, checked against the
 *   declaration, issued with the declared template and name constraints (sign.ts);
 * - Get and Revoke: a certificate the parent issued to that CA's key (issued.ts), Revoke only when declared.
 * Every signing, revocation and refusal is audited (audit.ts). A refusal throws one actionable line.
 */
import { audit } from './audit';
import { AuthorityContext, Refusal } from './context';
import type { AuthorityOptions, InvocationContext } from './context';
import { readDeclaration } from './declarations';
import type { Declared } from './declarations';
import { getCertificate, revokeCertificate } from './issued';
import { describeParent, sign } from './sign';
import type {
  AuthorityCertificateResponse, AuthorityDescribeResponse, AuthorityEventDetail, AuthorityRequest, AuthorityRevokeResponse,
} from '../../src/private/contracts/authority';
import { messageOf } from '../shared/errors';

export type { AuthorityOptions, InvocationContext } from './context';
export { aliasOf } from './context';

export type AuthorityResponse = AuthorityDescribeResponse | AuthorityCertificateResponse | AuthorityRevokeResponse;

const ACTIONS = ['Describe', 'Sign', 'Get', 'Revoke'];

export function createHandler(options: AuthorityOptions = {}): (event: AuthorityRequest, context: InvocationContext) => Promise<AuthorityResponse> {
  return async (event, context) => {
    const action = typeof event?.Action === 'string' && ACTIONS.includes(event.Action) ? event.Action : 'request';
    const ctx = new AuthorityContext(options, context, action);
    let declared: Declared | undefined;
    try {
      if (action === 'request') throw new Refusal(`Action '${String(event?.Action)}' is not one of ${ACTIONS.join(', ')}.`);
      declared = await readDeclaration(ctx);
      return await serve(ctx, declared, event);
    } catch (e) {
      if (e instanceof Refusal) {
        await audit(ctx, 'refused', { ...baseDetail(ctx, declared), ...e.detail, reason: e.reason });
        throw new Error(ctx.refusalMessage(action, e.reason));
      }
      ctx.log('request failed', { error: messageOf(e) });
      throw new Error(ctx.failureMessage(action, messageOf(e)), { cause: e });
    }
  };
}

async function serve(ctx: AuthorityContext, declared: Declared, event: AuthorityRequest): Promise<AuthorityResponse> {
  const base = baseDetail(ctx, declared);
  switch (event.Action) {
    case 'Describe': {
      const parent = await describeParent(ctx, declared.parentArn);
      return {
        ParentCertificateAuthorityArn: declared.parentArn,
        Status: parent.Status ?? 'UNKNOWN',
        NotAfter: parent.NotAfter ? new Date(parent.NotAfter).toISOString() : undefined,
        SigningAlgorithm: parent.CertificateAuthorityConfiguration?.SigningAlgorithm,
      };
    }
    case 'Sign': {
      const signed = await sign(ctx, declared, event);
      await audit(ctx, 'signed', {
        ...base,
        certificateAuthorityArn: event.CertificateAuthorityArn,
        certificateArn: signed.response.CertificateArn,
        serialNumber: signed.serialNumber,
        notAfter: signed.notAfter,
      });
      return signed.response;
    }
    case 'Get':
      return getCertificate(ctx, declared, event);
    case 'Revoke': {
      const revoked = await revokeCertificate(ctx, declared, event);
      await audit(ctx, 'revoked', {
        ...base,
        certificateAuthorityArn: revoked.subordinateArn,
        certificateArn: revoked.response.CertificateArn,
        serialNumber: revoked.serialNumber,
        revocationReason: event.RevocationReason,
        ...(revoked.response.Revoked ? {} : { reason: 'the certificate was revoked already' }),
      });
      return revoked.response;
    }
  }
}

/** What every audit event of the request says: who asked, of which parent, where. */
function baseDetail(ctx: AuthorityContext, declared: Declared | undefined): AuthorityEventDetail {
  const d = declared?.declaration;
  return {
    hierarchyName: ctx.hierarchy,
    parentCaName: d?.ParentCaName ?? '',
    parentCertificateAuthorityArn: declared?.parentArn,
    caName: d?.CaName ?? ctx.alias ?? '',
    // The account and Region of the subordinate when declared, else the authority's own.
    account: d?.Account ?? ctx.account ?? '',
    region: d?.Region ?? ctx.region,
    // The alias admits only the invoker role of the declaration, which trusts only this role.
    callerArn: d?.CallerRoleArn,
    templateArn: d?.TemplateArn,
  };
}

export const handler = createHandler();
