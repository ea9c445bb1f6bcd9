/**
 * The authority's audit trail: every signing, revocation and refusal is one JSON log line and one event on
 * the default bus of the authority's own account. Neither carries key material, a CSR or a certificate.
 * A failed PutEvents is logged: it neither undoes a signing that happened nor hides a refusal.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AuthorityContext } from './context';
import { AUTHORITY_EVENT_DETAIL_TYPES, AUTHORITY_EVENT_SOURCE } from '../../src/private/contracts/authority';
import type { AuthorityEventDetail } from '../../src/private/contracts/authority';
import { errorName, messageOf } from '../shared/errors';

export type AuditKind = keyof typeof AUTHORITY_EVENT_DETAIL_TYPES;

/** Fields of AuthorityEventDetail, the only ones an event may carry. */
const DETAIL_FIELDS: ReadonlyArray<keyof AuthorityEventDetail> = [
  'hierarchyName', 'parentCaName', 'parentCertificateAuthorityArn', 'caName', 'account', 'region', 'callerArn',
  'certificateAuthorityArn', 'certificateArn', 'serialNumber', 'templateArn', 'notAfter', 'revocationReason', 'reason',
];

/** The detail with only its known fields, absent ones left out. */
function cleanDetail(detail: AuthorityEventDetail): AuthorityEventDetail {
  const clean: Record<string, string> = {};
  for (const field of DETAIL_FIELDS) {
    const value = detail[field];
    if (typeof value === 'string' && value !== '') clean[field] = value;
  }
  return clean as unknown as AuthorityEventDetail;
}

/** Logs one audit line and puts one event; never throws. */
export async function audit(ctx: AuthorityContext, kind: AuditKind, detail: AuthorityEventDetail): Promise<void> {
  const clean = cleanDetail(detail);
  const detailType = AUTHORITY_EVENT_DETAIL_TYPES[kind];
  ctx.log(detailType, { audit: true, ...clean });
  try {
    const out = await ctx.clients.get(EventBridgeClient).send(new PutEventsCommand({
      Entries: [{ Source: AUTHORITY_EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(clean) }],
    }));
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      ctx.log('audit event not put', { detailType, errorCode: entry?.ErrorCode, errorMessage: entry?.ErrorMessage });
    }
  } catch (e) {
    ctx.log('audit event not put', {
      detailType,
      error: errorName(e),
      errorMessage: messageOf(e),
      hint: 'check that the authority\'s role allows events:PutEvents on the default bus of its account',
    });
  }
}
