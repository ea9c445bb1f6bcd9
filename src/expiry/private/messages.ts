import * as events from 'aws-cdk-lib/aws-events';
import { ACM_DETAIL, CONFIG_DETAIL } from '../../private/contracts/aws-strings';
import { NotificationKind, notificationText } from '../../private/contracts/expiry';

/**
 * Plain text for the topic: an input transformer whose template is not JSON, which EventBridge delivers as it is
 * (API_InputTransformer.html: "InputTemplate": "<instance> is in state <status>"). RuleTargetInput.fromText would
 * JSON-encode the text, and the email would show it in quotes.
 */
class PlainTextInput extends events.RuleTargetInput {
  constructor(private readonly template: string, private readonly paths: Record<string, string>) {
    super();
  }

  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return { inputTemplate: this.template, inputPathsMap: this.paths };
  }
}

/** Where each field of a notification is in an ACM event. */
const ACM_EVENT_PATHS: Record<string, string> = {
  certificateArn: '$.resources[0]',
  commonName: `$.detail.${ACM_DETAIL.COMMON_NAME}`,
  account: '$.account',
  region: '$.region',
  daysToExpiry: `$.detail.${ACM_DETAIL.DAYS_TO_EXPIRY}`,
  renewalStatusReason: `$.detail.${ACM_DETAIL.RENEWAL_STATUS_REASON}`,
  expirationDate: `$.detail.${ACM_DETAIL.EXPIRATION_DATE}`,
};

/** The readable message of an ACM event, from the event's fields. */
export function acmMessage(kind: NotificationKind): events.RuleTargetInput {
  return placeholderMessage(kind, ACM_EVENT_PATHS, {});
}

/** The message of a Config NON_COMPLIANT finding. */
export function configMessage(configDays: string): events.RuleTargetInput {
  return placeholderMessage('config', {
    certificateArn: `$.detail.${CONFIG_DETAIL.RESOURCE_ID}`,
    account: '$.account',
    region: '$.region',
    configRuleName: `$.detail.${CONFIG_DETAIL.RULE_NAME}`,
  }, { configDays });
}

/** The notification text with `<field>` placeholders, and the paths of the fields it uses. */
function placeholderMessage(kind: NotificationKind, paths: Record<string, string>, values: Record<string, string>): events.RuleTargetInput {
  const fields = Object.fromEntries(Object.keys(paths).map((k) => [k, `<${k}>`]));
  const template = notificationText(kind, { ...fields, ...values });
  const used = Object.fromEntries(Object.entries(paths).filter(([k]) => template.includes(`<${k}>`)));
  return new PlainTextInput(template, used);
}

/** Where each field of a CA renewal or retirement event is (lambda/ca-signer/renewal.ts, retirement.ts). */
const CA_LIFECYCLE_PATHS: Record<string, string> = {
  detailType: '$.detail-type',
  hierarchyName: '$.detail.hierarchyName',
  caName: '$.detail.caName',
  certificateAuthorityArn: '$.detail.certificateAuthorityArn',
  account: '$.account',
  region: '$.region',
  notAfter: '$.detail.notAfter',
  previousNotAfter: '$.detail.previousNotAfter',
  capped: '$.detail.capped',
  retireAfter: '$.detail.retireAfter',
  reason: '$.detail.reason',
};

/** The readable message of a CA renewal or retirement event: plain text, as the ACM messages (no JSON quotes). */
export function caLifecycleMessage(): events.RuleTargetInput {
  const template = '<detailType>: CA <hierarchyName>/<caName> (<certificateAuthorityArn>) in account <account>, <region>. '
    + 'Certificate valid until <notAfter> (before: <previousNotAfter>; capped by its parent: <capped>). '
    + 'Retirement after: <retireAfter>. <reason>';
  return new PlainTextInput(template, CA_LIFECYCLE_PATHS);
}

/** The readable message of an expiry alarm's state change (CloudWatch's event, forwarded to a central bus). */
export function alarmStateMessage(): events.RuleTargetInput {
  return new PlainTextInput('CloudWatch alarm <alarmName> in account <account>, Region <region> is now <state>. <description> (<reason>)', {
    alarmName: '$.detail.alarmName',
    account: '$.account',
    region: '$.region',
    state: '$.detail.state.value',
    description: '$.detail.configuration.description',
    reason: '$.detail.state.reason',
  });
}

/**
 * The message of a Config NON_COMPLIANT finding where the rule's `daysToExpiration` is not known (a central bus gets the
 * findings of every account's rule).
 */
export function anyConfigRuleMessage(): events.RuleTargetInput {
  return new PlainTextInput('AWS Config rule <configRuleName> found ACM certificate <certificateArn> in account <account>, Region <region> '
    + 'NON_COMPLIANT: it expires within the rule\'s daysToExpiration. Renew or replace it, or delete it if nothing uses it.', {
    configRuleName: `$.detail.${CONFIG_DETAIL.RULE_NAME}`,
    certificateArn: `$.detail.${CONFIG_DETAIL.RESOURCE_ID}`,
    account: '$.account',
    region: '$.region',
  });
}
