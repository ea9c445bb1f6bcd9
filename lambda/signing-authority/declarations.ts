/**
 * The declaration of the calling subordinate: the SSM parameter its parent's app wrote in the authority's
 * own account (`declarationParameterName`), under one of the parent CAs the authority signs with.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { OWN_ROLE, Refusal } from './context';
import type { AuthorityContext } from './context';
import { parseCaArn } from '../../src/private/contracts/arn';
import { authorityAliasName, declarationParameterName } from '../../src/private/contracts/authority';
import type { SubordinateDeclaration } from '../../src/private/contracts/authority';
import { errorName } from '../shared/errors';

/** A declaration, and the ARN of the parent CA that signs it. */
export interface Declared {
  readonly declaration: SubordinateDeclaration;
  readonly parentArn: string;
  readonly parameterName: string;
}

/** The caller's declaration; a refusal when the function was not invoked through an alias or the alias is not declared. */
export async function readDeclaration(ctx: AuthorityContext): Promise<Declared> {
  const alias = ctx.alias;
  if (!alias) {
    throw new Refusal('the function was invoked without an alias (unqualified, $LATEST or a version): invoke the alias of your subordinate CA, '
      + 'whose name is the subordinate CA\'s name.');
  }
  const ssm = ctx.clients.get(SSMClient);
  for (const [parentName, parentArn] of ctx.parents) {
    const parameterName = declarationParameterName(ctx.hierarchy, parentName, alias);
    let value: string | undefined;
    try {
      const out = await ssm.send(new GetParameterCommand({ Name: parameterName }));
      value = out.Parameter?.Value;
    } catch (e) {
      if (errorName(e) === 'ParameterNotFound') continue;
      throw ctx.aws.error('GetParameter', `SSM parameter ${parameterName}`, e, {
        via: OWN_ROLE, accessHint: 'check that the authority\'s role may read the declarations of its hierarchy (ssm:GetParameter)',
      });
    }
    const declaration = parse(value, parameterName);
    checkDeclaration(declaration, parameterName, { hierarchy: ctx.hierarchy, parentName, alias });
    return { declaration, parentArn, parameterName };
  }
  const parents = [...ctx.parents.keys()];
  throw new Refusal(`${alias} is not a declared subordinate of ${ctx.hierarchy} (no declaration under parent${parents.length === 1 ? '' : 's'} `
    + `${parents.join(', ') || '(none)'}): declare it on the parent (IssuingCa in the parent's app, or rootCa.declareSubordinate(...)) `
    + 'and deploy the parent\'s stack first.');
}

function parse(value: string | undefined, parameterName: string): SubordinateDeclaration {
  try {
    const parsed = JSON.parse(value ?? '') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as SubordinateDeclaration;
  } catch {
    // told below
  }
  throw new Refusal(`the declaration in SSM parameter ${parameterName} is not a JSON object: deploy the parent's stack again.`);
}

/** Throws a refusal naming every field of the declaration that is missing or does not fit. */
function checkDeclaration(
  d: SubordinateDeclaration, parameterName: string, expected: { hierarchy: string; parentName: string; alias: string },
): void {
  const problems: string[] = [];
  if (d.Version !== 1) problems.push(`Version is ${JSON.stringify(d.Version)}, this authority reads version 1`);
  const alias = d.CaName && d.Account && d.Region ? authorityAliasName(d.CaName, d.Account, d.Region) : undefined;
  if (alias !== expected.alias) {
    problems.push(`CaName, Account and Region (${JSON.stringify(d.CaName)}, ${JSON.stringify(d.Account)}, ${JSON.stringify(d.Region)}) `
      + `do not make the alias ${expected.alias}`);
  }
  if (d.HierarchyName !== undefined && d.HierarchyName !== expected.hierarchy) {
    problems.push(`HierarchyName is ${JSON.stringify(d.HierarchyName)}, not ${expected.hierarchy}`);
  }
  if (d.ParentCaName !== undefined && d.ParentCaName !== expected.parentName) {
    problems.push(`ParentCaName is ${JSON.stringify(d.ParentCaName)}, not ${expected.parentName}`);
  }
  if (!/^\d{12}$/.test(d.Account ?? '')) problems.push('Account is not a 12-digit account id');
  if (!d.Region) problems.push('Region is missing');
  if (!d.Subject || typeof d.Subject !== 'object') problems.push('Subject is missing');
  if (!d.KeyAlgorithm) problems.push('KeyAlgorithm is missing');
  if (!d.TemplateArn) problems.push('TemplateArn is missing');
  if (!d.MaxValidity?.Type || !(Number(d.MaxValidity?.Value) >= 1)) problems.push('MaxValidity is missing');
  if (!d.ReaderRoleArn) problems.push('ReaderRoleArn is missing');
  if (problems.length > 0) {
    throw new Refusal(`the declaration in SSM parameter ${parameterName} is not valid: ${problems.join('; ')}; deploy the parent's stack again.`);
  }
}

/** The CA ARN of a request, which must be a CA in the declared account and Region. */
export function declaredCaArn(declaration: SubordinateDeclaration, arn: string | undefined): string {
  const parts = parseCaArn(arn);
  if (!parts) throw new Refusal(`CertificateAuthorityArn '${arn ?? ''}' is not a certificate authority ARN.`);
  if (parts.account !== declaration.Account || parts.region !== declaration.Region) {
    throw new Refusal(`CA ${parts.arn} is in account ${parts.account}, ${parts.region}, but ${declaration.CaName} is declared in account `
      + `${declaration.Account}, ${declaration.Region}: only a CA there can be signed for it.`, { certificateAuthorityArn: parts.arn });
  }
  return parts.arn;
}
