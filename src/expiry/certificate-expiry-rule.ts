import { Duration } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { Construct } from 'constructs';
import { expirationRuleUnavailable, regionWithoutExpirationRule } from '../private/config-rule-region';
import {
  CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE, CONFIG_ACM_EXPIRATION_PARAMETER, CONFIG_ACM_EXPIRATION_RULE,
} from '../private/contracts/aws-strings';
import { ValidationErrors } from '../private/validation';
import { checkDaysRange, fromDuration } from './private/days';

/** The default `threshold` of `CertificateExpiryRule`: the default warning of `CertificateExpiryAlarms`. */
const DEFAULT_THRESHOLD = Duration.days(30);

/** Properties of a `CertificateExpiryRule`. */
export interface CertificateExpiryRuleProps {
  /**
   * A certificate that expires within this time is NON_COMPLIANT: the rule's `daysToExpiration`, in whole days.
   * @default Duration.days(30)
   */
  readonly threshold?: Duration;

  /**
   * Name of the Config rule.
   * @default - a name CloudFormation generates
   */
  readonly configRuleName?: string;

  /**
   * How often AWS Config evaluates every certificate, besides each time a certificate changes.
   * @default config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS
   */
  readonly maximumExecutionFrequency?: config.MaximumExecutionFrequency;
}

/**
 * The `ACM_CERTIFICATE_EXPIRATION_CHECK` AWS Config managed rule on every ACM certificate of the account and
 * Region: a certificate that expires within `threshold` is NON_COMPLIANT. AWS Config must be recording in the
 * account and Region, or the deployment fails.
 *
 * To have its NON_COMPLIANT findings sent to a topic as readable messages, pass it to `AcmExpiryEvents` as
 * `configRule`; `onComplianceChange` and the other methods of `config.ManagedRule` work as usual.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html
 */
export class CertificateExpiryRule extends config.ManagedRule {
  /** A certificate that expires within this time is NON_COMPLIANT. */
  public readonly threshold: Duration;

  constructor(scope: Construct, id: string, props: CertificateExpiryRuleProps = {}) {
    const threshold = props.threshold ?? DEFAULT_THRESHOLD;
    const days = fromDuration('threshold', threshold);
    super(scope, id, {
      identifier: CONFIG_ACM_EXPIRATION_RULE,
      configRuleName: props.configRuleName,
      description: `cdk-pki: ACM certificates that expire within ${days.days} days are NON_COMPLIANT`,
      inputParameters: { [CONFIG_ACM_EXPIRATION_PARAMETER]: days.days },
      ruleScope: config.RuleScope.fromResources([config.ResourceType.of(CONFIG_ACM_CERTIFICATE_RESOURCE_TYPE)]),
      maximumExecutionFrequency: props.maximumExecutionFrequency ?? config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
    });
    const errors = new ValidationErrors('CertificateExpiryRule', this);
    checkDaysRange(errors, days, 1, Number.MAX_SAFE_INTEGER, 'the Config rule takes a whole number of days');
    const region = regionWithoutExpirationRule(this);
    if (region !== undefined) {
      errors.add(expirationRuleUnavailable(region, 'leave the rule out in this Region (ACM\'s events still come: AcmExpiryEvents)'));
    }
    errors.throwIfAny();
    this.threshold = threshold;
  }
}
