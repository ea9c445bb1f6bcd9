/** Every check of ExpiryAlarms' props, on the values it read from them: every problem of every part, named by its props. */
import { Annotations, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { checkAccountConfiguration } from './account-configuration';
import { checkCentralEventBus } from './central-bus';
import { checkAlarmedCertificates, checkCaTargets, checkEmailAddresses, checkFilter, checkHttpsEndpoints, checkInventory, checkTopic } from './checks';
import { Days, checkDaysRange, checkThresholds } from './days';
import { expirationRuleUnavailable } from '../../private/config-rule-region';
import { CaTarget } from '../../private/contracts/expiry';
import { ValidationErrors } from '../../private/validation';

/** The props of ExpiryAlarms that are checked as they are given. */
export interface ExpiryAlarmsCheckedProps {
  readonly configRule?: boolean;
  readonly emailAddresses?: string[];
  readonly httpsEndpoints?: string[];
  readonly crossAccountCertificateAuthorities?: Array<{ certificateAuthorityArn: string; roleArn: string }>;
  readonly topic?: sns.ITopic;
  readonly centralEventBus?: events.IEventBus;
  readonly inventory?: { readonly keyPrefix?: string; readonly ownerTagKeys?: string[] };
}

/** What ExpiryAlarms read from its props (defaults applied where it has them). */
export interface ExpiryAlarmsRead {
  readonly configureAccount: boolean;
  readonly before?: Days;
  readonly warning: Days;
  readonly critical: Days;
  readonly caWarning: Days;
  readonly caCritical: Days;
  /** `configRuleThreshold` (or its alias), when given. */
  readonly configDays?: Days;
  readonly configRuleEnabled: boolean;
  /** The Region without the Config rule this stack is in, if it is in one. */
  readonly ruleRegion?: string;
  readonly filter: { readonly arns?: string[]; readonly requiredTags?: { [key: string]: string } };
  readonly certificates: acm.ICertificate[];
  readonly namedCas: CaTarget[];
}

export function checkExpiryAlarms(errors: ValidationErrors, scope: Construct, props: ExpiryAlarmsCheckedProps, input: ExpiryAlarmsRead): void {
  checkAccountConfiguration(errors, scope, input.configureAccount, input.before, 'ExpiryAlarms');
  checkThresholds(errors, input.warning, input.critical);
  checkThresholds(errors, input.caWarning, input.caCritical);
  checkDaysRange(errors, input.configDays, 1, Number.MAX_SAFE_INTEGER, 'the Config rule takes a whole number of days');
  const ruleRegion = input.ruleRegion;
  if (props.configRule === true && ruleRegion !== undefined) {
    errors.add(`configRule is true, but ${expirationRuleUnavailable(ruleRegion, 'leave configRule out (the ACM events and alarms still cover '
      + 'the certificates) or deploy this stack in another Region')}`);
  } else if (props.configRule === undefined && ruleRegion !== undefined) {
    Annotations.of(scope).addWarningV2('cdk-pki:configRuleUnavailable', expirationRuleUnavailable(ruleRegion, 'ExpiryAlarms leaves the Config rule '
      + 'out here; the ACM events and alarms still cover the certificates. Set configRule: false to say so.'));
  }
  if (!input.configRuleEnabled && input.configDays !== undefined && ruleRegion === undefined) {
    errors.add(`${input.configDays.name} is set but configRule is false; leave it out, or set configRule: true`);
  }
  checkEmailAddresses(errors, props.emailAddresses ?? []);
  checkHttpsEndpoints(errors, props.httpsEndpoints ?? []);
  checkFilter(errors, input.filter.arns, input.filter.requiredTags);
  checkAlarmedCertificates(errors, Stack.of(scope), input.certificates);
  checkCaTargets(errors, input.namedCas, props.crossAccountCertificateAuthorities ?? [], 'ExpiryAlarms');
  checkTopic(errors, props.topic);
  checkCentralEventBus(errors, Stack.of(scope), props.centralEventBus);
  if (props.inventory) {
    checkInventory(errors, props.inventory.keyPrefix, props.inventory.ownerTagKeys, 'inventory.');
  }
}
