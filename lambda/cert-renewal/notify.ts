/**
 * Telling people and tools: an EventBridge event on the default bus for every state change, failures to
 * the SNS topic, and counts as CloudWatch embedded-metric log lines. None of these may stop a renewal: a
 * failure to notify is logged, and the state in the tags stays the record.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Clients } from './aws';
import type { Log } from './sources';
import {
  RENEWAL_EVENT_DETAIL_TYPE, RENEWAL_EVENT_SOURCE, RENEWAL_METRIC_DIMENSION, RENEWAL_METRIC_NAMESPACE, RENEWAL_STATUS, RENEWAL_TAGS,
} from '../../src/private/contracts/renewal';
import type { RenewalEventDetail } from '../../src/private/contracts/renewal';
import { messageOf } from '../shared/errors';

/** SNS Subject: at most 100 printable ASCII characters, no line breaks (Publish API). */
const SUBJECT_MAX = 100;

export class Notifier {
  constructor(private readonly clients: Clients, private readonly topicArn: string | undefined, private readonly log: Log) {}

  public async stateChanged(detail: RenewalEventDetail): Promise<void> {
    try {
      const out = await this.clients.get(EventBridgeClient).send(new PutEventsCommand({
        Entries: [{
          Source: RENEWAL_EVENT_SOURCE,
          DetailType: RENEWAL_EVENT_DETAIL_TYPE,
          Resources: [detail.certificateArn],
          Detail: JSON.stringify(detail),
        }],
      }));
      if (out.FailedEntryCount) {
        this.log('the state change event was not accepted', { certificateArn: detail.certificateArn, error: out.Entries?.[0]?.ErrorCode });
      }
    } catch (e) {
      this.log('could not put the state change event', { certificateArn: detail.certificateArn, status: detail.status, error: messageOf(e) });
    }
    if (detail.status === RENEWAL_STATUS.failed) await this.failed(detail);
  }

  private async failed(detail: RenewalEventDetail): Promise<void> {
    if (!this.topicArn) return;
    const name = detail.domainName ?? detail.certificateArn;
    const subject = `cdk-pki: renewal failed for ${name}`.replace(/[^\x20-\x7e]/g, '?');
    const message = [
      `The imported certificate ${detail.certificateArn}${detail.domainName ? ` (${detail.domainName})` : ''} could not be renewed.`,
      '',
      `Reason: ${detail.reason}`,
      '',
      `Source: ${detail.source ?? '(none)'}; trigger: ${detail.trigger}; at ${detail.updatedAt}.`,
      `Its tags ${RENEWAL_TAGS.status}, ${RENEWAL_TAGS.reason} and ${RENEWAL_TAGS.updatedAt} say the same. `
        + 'Fix what the reason names; the next trigger (the daily sweep at the latest) retries.',
    ].join('\n');
    try {
      await this.clients.get(SNSClient).send(new PublishCommand({
        TopicArn: this.topicArn, Subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 3)}...` : subject, Message: message,
      }));
    } catch (e) {
      this.log('could not publish the failure', { certificateArn: detail.certificateArn, topicArn: this.topicArn, error: messageOf(e) });
    }
  }
}

/** One CloudWatch embedded-metric-format line: `name` +1 for this function. */
export function emitMetric(name: string): void {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  console.log(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: RENEWAL_METRIC_NAMESPACE, Dimensions: [[RENEWAL_METRIC_DIMENSION]], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    [RENEWAL_METRIC_DIMENSION]: functionName,
    [name]: 1,
  }));
}
