/**
 * The optional parts of the member template beside the expiry alarms: the CA-expiry read role (in one Region of each
 * account: IAM is global), the shared CAs each account finds by hierarchy and name (with their ARN in Parameter
 * Store), and the renewal of imported certificates from them. Validation of their options, and the builders.
 */
import { Aws, CfnCondition, CfnMapping, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CaExpiryReadRole } from '../../expiry/ca-expiry-read-role';
import { MAX_NAME_PART_LENGTH } from '../../private/contracts/authority';
import {
  SSM_PARAMETER_MAX_LEVELS, SSM_PARAMETER_NAME_MAX_LENGTH, SSM_PARAMETER_PATH_PATTERN, SSM_PARAMETER_RESERVED_PREFIX,
} from '../../private/contracts/aws-strings';
import { isConcrete, isResourceNamePart, ValidationErrors } from '../../private/validation';
import { SharedCa } from '../../sharing/ram-ca-share';
import type { MemberCaExpiryReadRoleOptions, MemberSharedCaOptions } from '../member-baseline-options';

/** The parameter of a shared CA: `parameterName`, else `/cdk-pki/shared-ca/<hierarchy>/<caName>`. */
export function sharedCaParameterName(o: MemberSharedCaOptions): string | undefined {
  return o.parameterName ?? (o.caName !== undefined ? `/cdk-pki/shared-ca/${o.hierarchyName}/${o.caName}` : undefined);
}

export function validateReadRole(o: MemberCaExpiryReadRoleOptions, regions: string[], errors: ValidationErrors): void {
  if (o.homeRegion !== undefined && !regions.includes(o.homeRegion)) {
    errors.add(`caExpiryReadRole.homeRegion '${o.homeRegion}' is not one of regions (${regions.join(', ')}); the role is made by the stack instance of that Region`);
  }
}

export function validateSharedCas(cas: MemberSharedCaOptions[], regions: string[], errors: ValidationErrors): void {
  const names = new Set<string>();
  cas.forEach((o, i) => {
    const label = `sharedCertificateAuthorities[${i}]`;
    if ((o.caName === undefined) === (o.caNameByRegion === undefined)) {
      errors.add(`${label}: give caName (the same CA name in every Region) or caNameByRegion (one per Region), not ${o.caName === undefined ? 'neither' : 'both'}`);
    }
    const byRegion = o.caNameByRegion ?? {};
    const missing = regions.filter((r) => !(r in byRegion));
    const extra = Object.keys(byRegion).filter((r) => !regions.includes(r));
    if (o.caNameByRegion !== undefined && (missing.length > 0 || extra.length > 0)) {
      errors.add(`${label}: caNameByRegion must name the CA of each Region of the baseline, and no other`
        + `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; not a Region of the baseline: ${extra.join(', ')}` : ''}`);
    }
    const nameChecks: Array<[string, string | undefined]> = [['hierarchyName', o.hierarchyName], ['caName', o.caName],
      ...Object.entries(byRegion).map(([r, n]): [string, string] => [`caNameByRegion['${r}']`, n])];
    for (const [key, value] of nameChecks) {
      if (value !== undefined && isConcrete(value) && !isResourceNamePart(value, MAX_NAME_PART_LENGTH)) {
        errors.add(`${label}: ${key} '${value}' is not a name the library gives; a letter, then letters, digits and hyphens, at most ${MAX_NAME_PART_LENGTH}`);
      }
    }
    const parameter = sharedCaParameterName(o);
    if (parameter === undefined) {
      if (o.caNameByRegion !== undefined) {
        errors.add(`${label}: give parameterName: with caNameByRegion the CA's name differs per Region, and each account finds the ARN under one name`);
      }
      return;
    }
    if (!isConcrete(parameter)) {
      errors.add(`${label}: parameterName must be known at synthesis (it names a construct of the member template)`);
      return;
    }
    if (!SSM_PARAMETER_PATH_PATTERN.test(parameter) || SSM_PARAMETER_RESERVED_PREFIX.test(parameter)
      || parameter.length > SSM_PARAMETER_NAME_MAX_LENGTH || parameter.split('/').length - 1 > SSM_PARAMETER_MAX_LEVELS) {
      errors.add(`${label}: parameterName '${parameter}' is not a Parameter Store path; use '/' and levels of letters, digits and _.- (at most `
        + `${SSM_PARAMETER_MAX_LEVELS} levels, ${SSM_PARAMETER_NAME_MAX_LENGTH} characters), not beginning with aws or ssm`);
    }
    if (names.has(parameter)) errors.add(`${label}: parameterName '${parameter}' is given to two shared CAs`);
    names.add(parameter);
  });
}

/**
 * The CA-expiry read role of a member account, over every CA of the account, made only by the stack instance of the
 * home Region (a CloudFormation condition on its resources): IAM is global, and a second instance would fail on the
 * role's name.
 */
export function memberReadRole(stack: Stack, o: MemberCaExpiryReadRoleOptions, regions: string[]): CaExpiryReadRole {
  const homeRegion = o.homeRegion ?? regions[0];
  const role = new CaExpiryReadRole(stack, 'CaExpiryReadRole', {
    monitoringAccounts: o.monitoringAccounts,
    roleName: o.roleName,
    allCertificateAuthorities: true,
  });
  const inHomeRegion = new CfnCondition(stack, 'CaExpiryReadRoleHomeRegion', { expression: Fn.conditionEquals(Aws.REGION, homeRegion) });
  role.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource).forEach((r) => { r.cfnOptions.condition = inHomeRegion; });
  return role;
}

/** A shared CA, found in each account and Region by its hierarchy and name, and its ARN in Parameter Store. */
export function memberSharedCa(stack: Stack, o: MemberSharedCaOptions): { ca: SharedCa; parameter: ssm.StringParameter } {
  const parameterName = sharedCaParameterName(o)!;
  // The parameter's name (no spaces in it) keeps the construct ids, and so the logical ids, apart from the list's order.
  const scope = new Construct(stack, `SharedCa ${parameterName.split('/').join(' ').trim()}`);
  const caName = o.caName ?? new CfnMapping(scope, 'CaNames', {
    mapping: Object.fromEntries(Object.entries(o.caNameByRegion!).map(([region, name]) => [region, { CaName: name }])),
  }).findInMap(Aws.REGION, 'CaName');
  const ca = SharedCa.fromHierarchy(scope, 'Ca', {
    account: o.account,
    hierarchyName: o.hierarchyName,
    caName,
    generation: o.generation,
    permission: o.permission,
  });
  const parameter = new ssm.StringParameter(scope, 'Arn', {
    parameterName,
    stringValue: ca.certificateAuthorityArn,
    description: `cdk-pki: ARN of the CA '${o.caName ?? 'per Region'}' of hierarchy '${o.hierarchyName}', shared by account ${o.account}`,
  });
  return { ca, parameter };
}
