/**
 * Checks and conversions of the certificate templates of Connector for AD: validity periods in the units
 * Connector for AD takes, and the group access entries.
 */
import { Duration } from 'aws-cdk-lib';
import * as pcaconnectorad from 'aws-cdk-lib/aws-pcaconnectorad';
import {
  AD_GROUP_DISPLAY_NAME_MAX_LENGTH, AD_GROUP_DISPLAY_NAME_PATTERN, AD_GROUP_SID_MAX_LENGTH, AD_GROUP_SID_MIN_LENGTH, AD_GROUP_SID_PATTERN,
  AD_VALIDITY_PERIOD_MAX,
} from '../../private/contracts/aws-strings';
import { isConcrete } from '../../private/validation';

/** A ValidityPeriod in whole days (or hours when the duration is not whole days). */
export function validityPeriod(duration: Duration, what: string, problems: string[]): pcaconnectorad.CfnTemplate.ValidityPeriodProperty {
  if (duration.isUnresolved()) {
    // Known at deployment only: CloudFormation checks it.
    return { period: duration.toDays(), periodType: 'DAYS' };
  }
  const hours = duration.toHours({ integral: false });
  if (!Number.isInteger(hours) || hours < 1) {
    problems.push(`${what} ${duration.toHumanString()} is not a whole number of hours; use whole days or hours`);
    return { period: 1, periodType: 'HOURS' };
  }
  const [period, periodType] = hours % 24 === 0 ? [hours / 24, 'DAYS'] : [hours, 'HOURS'];
  if (period > AD_VALIDITY_PERIOD_MAX) {
    problems.push(`${what} ${duration.toHumanString()} is longer than AWS allows; use at most ${AD_VALIDITY_PERIOD_MAX} ${periodType.toLowerCase()}`);
  }
  return { period, periodType };
}

/** The parts of an ActiveDirectoryGroupAccess that are checked (ad-template.ts imports this module: no circle). */
export interface CheckedGroupAccess {
  readonly groupSecurityIdentifier: string;
  readonly groupDisplayName: string;
}

export function groupAccessProblems(template: string, access: CheckedGroupAccess): string[] {
  const problems: string[] = [];
  const sid = access.groupSecurityIdentifier;
  if (isConcrete(sid) && (!AD_GROUP_SID_PATTERN.test(sid) || sid.length < AD_GROUP_SID_MIN_LENGTH || sid.length > AD_GROUP_SID_MAX_LENGTH)) {
    problems.push(`template '${template}': groupSecurityIdentifier '${sid}' is not a security identifier; use the group's SID, `
      + 'for example \'S-1-5-21-1111111111-2222222222-3333333333-1104\' (Get-ADGroup <name> | Select SID)');
  }
  const display = access.groupDisplayName;
  if (isConcrete(display) && (!AD_GROUP_DISPLAY_NAME_PATTERN.test(display) || display.length > AD_GROUP_DISPLAY_NAME_MAX_LENGTH)) {
    problems.push(`template '${template}': groupDisplayName '${display}' is not allowed; use 1 to ${AD_GROUP_DISPLAY_NAME_MAX_LENGTH} printable ASCII characters`);
  }
  return problems;
}
