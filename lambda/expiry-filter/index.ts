/**
 * Target of ExpiryAlarms' rules when notifications are filtered by tag: tells the topic about an ACM expiry
 * event (or a Config non-compliance) only when the certificate carries every tag the team named, so a team
 * hears about its own certificates and nothing else (the granular notifications of the AWS guidance).
 */
import { ACMClient, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ACM_APPROACHING_EXPIRATION, ACM_CERTIFICATE_EXPIRED, ACM_DETAIL, ACM_EVENT_SOURCE, ACM_RENEWAL_ACTION_REQUIRED, CONFIG_DETAIL, CONFIG_EVENT_SOURCE,
} from '../../src/private/contracts/aws-expiry';
import { FILTER_ENV, notificationText } from '../../src/private/contracts/expiry';
import type { NotificationKind } from '../../src/private/contracts/expiry';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { awsCalls, causeOf, errorName, messageOf } from '../shared/errors';
import { log } from '../shared/log';

export interface FilterSettings {
  readonly topicArn: string;
  /** Tag key to value; the certificate must carry all of them. */
  readonly requiredTags: Record<string, string>;
  /** daysToExpiration of the Config rule, for its message. */
  readonly configDays: string;
}

export interface FilterOptions extends AwsClientOptions {
  /** @default 5 */
  readonly maxAttempts?: number;
  /** @default - from the environment (EXPIRY_TOPIC_ARN, EXPIRY_REQUIRED_TAGS, EXPIRY_CONFIG_DAYS) */
  readonly settings?: FilterSettings;
}

/** The fields of an EventBridge event the filter reads. */
export interface ExpiryEvent {
  readonly 'source': string;
  readonly 'detail-type': string;
  readonly 'account': string;
  readonly 'region': string;
  readonly 'resources'?: string[];
  readonly 'detail'?: Record<string, unknown>;
}

export interface FilterResult {
  readonly certificateArn?: string;
  readonly published: boolean;
  /** Why nothing was published. */
  readonly reason?: string;
  readonly messageId?: string;
}

const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 5 };
const aws = awsCalls();

export function createHandler(options: FilterOptions = {}): (event: ExpiryEvent) => Promise<FilterResult> {
  return async (event) => {
    const region = regionOf(options);
    const settings = options.settings ?? settingsFromEnvironment();
    const clients = new AwsClients(options, region, RETRY);

    const kind = kindOf(event);
    if (!kind) {
      log('not an expiry event: ignored', { source: event.source, detailType: event['detail-type'] });
      return { published: false, reason: 'not an expiry event' };
    }
    const certificateArn = kind === 'config' ? String(event.detail?.[CONFIG_DETAIL.RESOURCE_ID] ?? '') : event.resources?.[0];
    if (!certificateArn) {
      throw new Error(`${event['detail-type']} event ${JSON.stringify(event.resources)} names no certificate ARN`);
    }

    let tags: Record<string, string>;
    try {
      const out = await aws.call('ListTagsForCertificate', `certificate ${certificateArn}`,
        () => clients.get(ACMClient).send(new ListTagsForCertificateCommand({ CertificateArn: certificateArn })),
        { accessHint: 'check that the function\'s role allows acm:ListTagsForCertificate' });
      tags = Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    } catch (e) {
      if (errorName(causeOf(e)) !== 'ResourceNotFoundException') throw e;
      log('certificate no longer exists: nothing to tell', { certificateArn });
      return { certificateArn, published: false, reason: 'certificate no longer exists' };
    }
    const mismatched = Object.entries(settings.requiredTags).filter(([k, v]) => tags[k] !== v).map(([k]) => k);
    if (mismatched.length > 0) {
      log('certificate does not carry the required tags: not this team\'s', { certificateArn, mismatched });
      return { certificateArn, published: false, reason: `tags ${mismatched.join(', ')} do not match` };
    }

    const detail = event.detail ?? {};
    const message = notificationText(kind, {
      certificateArn,
      commonName: String(detail[ACM_DETAIL.COMMON_NAME] ?? ''),
      account: event.account,
      region: event.region,
      daysToExpiry: String(detail[ACM_DETAIL.DAYS_TO_EXPIRY] ?? ''),
      renewalStatusReason: String(detail[ACM_DETAIL.RENEWAL_STATUS_REASON] ?? ''),
      expirationDate: String(detail[ACM_DETAIL.EXPIRATION_DATE] ?? ''),
      configRuleName: String(detail[CONFIG_DETAIL.RULE_NAME] ?? ''),
      configDays: settings.configDays,
    });
    const { MessageId: messageId } = await aws.call('Publish', `topic ${settings.topicArn}`,
      () => clients.get(SNSClient).send(new PublishCommand({ TopicArn: settings.topicArn, Subject: subjectOf(kind), Message: message })),
      { accessHint: 'check that the function\'s role allows sns:Publish on the topic and kms:GenerateDataKey* on its key' });
    log('notification published', { certificateArn, kind, messageId });
    return { certificateArn, published: true, messageId };
  };
}

export const handler = createHandler();

function kindOf(event: ExpiryEvent): NotificationKind | undefined {
  if (event.source === ACM_EVENT_SOURCE) {
    switch (event['detail-type']) {
      case ACM_APPROACHING_EXPIRATION: return 'approaching';
      case ACM_RENEWAL_ACTION_REQUIRED: return 'renewal';
      case ACM_CERTIFICATE_EXPIRED: return 'expired';
      default: return undefined;
    }
  }
  return event.source === CONFIG_EVENT_SOURCE ? 'config' : undefined;
}

/** SNS subjects: at most 100 printable ASCII characters. */
function subjectOf(kind: NotificationKind): string {
  switch (kind) {
    case 'approaching': return 'ACM certificate approaching expiration';
    case 'renewal': return 'ACM certificate renewal action required';
    case 'expired': return 'ACM certificate expired';
    case 'config': return 'ACM certificate non-compliant: expiring';
  }
}

function settingsFromEnvironment(): FilterSettings {
  const topicArn = process.env[FILTER_ENV.TOPIC_ARN];
  if (!topicArn) throw new Error(`${FILTER_ENV.TOPIC_ARN} is not set: the filter has nowhere to publish`);
  let requiredTags: unknown;
  try {
    requiredTags = JSON.parse(process.env[FILTER_ENV.REQUIRED_TAGS] ?? '');
  } catch (e) {
    throw new Error(`${FILTER_ENV.REQUIRED_TAGS} is not a JSON object of tags: ${messageOf(e)}`);
  }
  if (requiredTags === null || typeof requiredTags !== 'object' || Array.isArray(requiredTags)) {
    throw new Error(`${FILTER_ENV.REQUIRED_TAGS} is not a JSON object of tags`);
  }
  return { topicArn, requiredTags: requiredTags as Record<string, string>, configDays: process.env[FILTER_ENV.CONFIG_DAYS] ?? '' };
}
