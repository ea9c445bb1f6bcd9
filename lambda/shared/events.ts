/**
 * One event on the default bus of the function's own account and Region, for what a handler did (an audit line, a
 * renewal). Putting it never throws: a failed PutEvents neither undoes what happened nor hides it (the log has it).
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { AwsClients } from './clients';
import { errorName, messageOf } from './errors';
import type { Log } from './log';

export interface EventTarget {
  readonly clients: AwsClients;
  readonly log: Log;
  /** What to check when PutEvents is denied or fails. */
  readonly hint: string;
  /** How the log names the event. @default 'event' */
  readonly label?: string;
}

export async function putEvent(target: EventTarget, source: string, detailType: string, detail: object): Promise<void> {
  try {
    const out = await target.clients.get(EventBridgeClient).send(new PutEventsCommand({
      Entries: [{ Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }],
    }));
    if ((out.FailedEntryCount ?? 0) > 0) {
      const entry = out.Entries?.find((e) => e.ErrorCode);
      target.log(`${target.label ?? 'event'} not put`, { detailType, errorCode: entry?.ErrorCode, errorMessage: entry?.ErrorMessage });
    }
  } catch (e) {
    target.log(`${target.label ?? 'event'} not put`, { detailType, error: errorName(e), errorMessage: messageOf(e), hint: target.hint });
  }
}
