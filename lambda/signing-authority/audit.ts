/**
 * The authority's audit trail: every signing, revocation and refusal is one JSON log line and one event on
 * the default bus of the authority's own account. Neither carries key material, a CSR or a certificate.
 * A failed PutEvents is logged: it neither undoes a signing that happened nor hides a refusal.
 */
import type { AuthorityContext } from './context';
import { AUTHORITY_EVENT_DETAIL_TYPES, AUTHORITY_EVENT_SOURCE } from '../../src/private/contracts/authority';
import type { AuthorityEventDetail } from '../../src/private/contracts/authority';
import { putEvent } from '../shared/events';

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
  await putEvent({ clients: ctx.clients, log: ctx.log, label: 'audit event', hint: 'check that the authority\'s role allows events:PutEvents on the default bus of its account' },
    AUTHORITY_EVENT_SOURCE, detailType, clean);
}
