/**
 * What a Custom::PkiSubordinateCaCertificate asks for, read and checked before anything is called: its
 * properties as CloudFormation sends them (every scalar a string), and a validity that fits inside the parent's.
 */
import { longestValidity, VALIDITY_UNITS, validityEnd } from './certificates';
import type { ValidityUnit } from './certificates';
import { signingDigest } from './digest';
import { CA_RESTORATION_MAX_DAYS, CA_RESTORATION_MIN_DAYS } from '../../src/private/contracts/aws-hierarchy';
import type { ParentReference, SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { parseInteger } from '../shared/properties';

/** An alias-qualified Lambda function ARN (the subordinate's alias of the signing authority); group 1 is its Region. */
const LAMBDA_ALIAS_ARN = /^arn:[^:]+:lambda:([a-z0-9-]+):\d{12}:function:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/;

/** The Region of an alias-qualified Lambda function ARN; undefined when `arn` is not one. */
export function lambdaAliasRegion(arn: string): string | undefined {
  return LAMBDA_ALIAS_ARN.exec(arn)?.[1];
}

export type Properties = SubordinateCertificateProperties & { readonly ServiceToken?: string };

/** The properties, checked: throws one error that lists every problem. */
export function readProperties(raw: Record<string, unknown>): Properties {
  const props = raw as unknown as Properties;
  const problems: string[] = [];
  if (!props.CertificateAuthorityArn) problems.push('CertificateAuthorityArn is missing');
  if (!/-----BEGIN CERTIFICATE REQUEST-----/.test(props.CertificateSigningRequest ?? '')) {
    problems.push('CertificateSigningRequest is not a PEM certificate request');
  }
  if (!props.Parent?.Region) problems.push('Parent.Region is missing');
  problems.push(...parentProblems(props.Parent));
  if (!props.TemplateArn) problems.push('TemplateArn is missing');
  if (!VALIDITY_UNITS.includes(props.ValidityType as ValidityUnit)) {
    problems.push(`ValidityType '${props.ValidityType}' is not one of ${VALIDITY_UNITS.join(', ')}`);
  }
  if (!((parseInteger(props.ValidityValue) ?? 0) >= 1)) problems.push(`ValidityValue '${props.ValidityValue}' is not a positive integer`);
  if (props.RemovalPolicy !== undefined && props.RemovalPolicy !== 'RETAIN' && props.RemovalPolicy !== 'DESTROY') {
    problems.push(`RemovalPolicy '${props.RemovalPolicy}' is not RETAIN or DESTROY`);
  }
  const days = parseInteger(props.RestorationDays);
  if (props.RestorationDays !== undefined && !(days !== undefined && days >= CA_RESTORATION_MIN_DAYS && days <= CA_RESTORATION_MAX_DAYS)) {
    problems.push(`RestorationDays '${props.RestorationDays}' is not a whole number of days from ${CA_RESTORATION_MIN_DAYS} to ${CA_RESTORATION_MAX_DAYS}`);
  }
  if (problems.length > 0) throw new Error(`invalid properties of ${props.CertificateAuthorityArn ?? 'the subordinate CA'}: ${problems.join('; ')}`);
  return props;
}

/** Problems of the parent reference: the signing authority and its invoker role, else the parent CA's ARN or its parameter. */
function parentProblems(parent: ParentReference | undefined): string[] {
  if (parent?.AuthorityFunctionArn === undefined) {
    return parent?.CertificateAuthorityArn || parent?.ArnParameterName ? [] : ['Parent needs AuthorityFunctionArn, CertificateAuthorityArn or ArnParameterName'];
  }
  const problems: string[] = [];
  if (lambdaAliasRegion(parent.AuthorityFunctionArn) === undefined) {
    problems.push(`Parent.AuthorityFunctionArn '${parent.AuthorityFunctionArn}' is not the ARN of a Lambda function's alias`);
  }
  if (!parent.InvokerRoleArn) problems.push('Parent.InvokerRoleArn is missing (the role that may invoke Parent.AuthorityFunctionArn)');
  return problems;
}

/** The digest a certificate of an earlier version was signed for, from the properties it was signed with. */
export function legacyDigest(old: Properties, parentArn: string): string | undefined {
  try {
    return signingDigest(old, parentArn);
  } catch {
    return undefined;
  }
}

/**
 * Throws when a certificate of `value` `unit` issued `now` would outlive the parent CA (its NotAfter, when it has
 * one). Also used by the signing authority, with DescribeCertificateAuthority's CertificateAuthority.
 */
export function checkValidity(parent: { readonly NotAfter?: Date }, parentArn: string, unit: ValidityUnit, value: number, now: Date): void {
  const parentEnd = parent.NotAfter ? new Date(parent.NotAfter) : undefined;
  if (!parentEnd) return;
  const end = validityEnd(now, unit, value);
  if (end > parentEnd) {
    const longest = longestValidity(now, unit, parentEnd);
    throw new Error(`validity ${value} ${unit} would end on ${end.toISOString()}, after parent CA ${parentArn} expires on `
      + `${parentEnd.toISOString()}: a certificate cannot outlive its issuer; `
      + (longest > 0 ? `set the validity to at most ${longest} ${unit}, or renew the parent CA first` : 'renew the parent CA first'));
  }
}
