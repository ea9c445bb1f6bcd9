/** The AWS Config rules of the app: their managed-rule identifier and the CAs their exemptedCAArns parameter names. */
import { Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import { ModelContext, byPath, constructsOf, envOf, ownerOf } from './context';
import { ConfigRuleNode } from './nodes';
import { FlattenEnv, flatten, markersIn } from '../markers';

export function collectConfigRules(ctx: ModelContext): ConfigRuleNode[] {
  return constructsOf(ctx, config.CfnConfigRule).map((c) => {
    const env = envOf(c);
    const source = ctx.markers.resolve(c, c.source) ?? {};
    const identifier = flatten(source.SourceIdentifier ?? source.sourceIdentifier, env) ?? '';
    const parameters = ctx.markers.resolve(c, c.inputParameters);
    const owner = ownerOf(c);
    return {
      construct: owner,
      path: owner.node.path,
      account: env.account,
      region: env.region,
      stack: Stack.of(c),
      identifier,
      exemptions: exemptionsOf(parameters, env),
    };
  }).sort(byPath);
}

/** The exemptedCAArns parameter of a Config rule, flattened with markers kept. */
function exemptionsOf(parameters: unknown, env: FlattenEnv): string {
  let value: unknown = parameters;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return value as string;
    }
  }
  if (typeof value !== 'object' || value === null) return '';
  const exempt = (value as Record<string, unknown>).exemptedCAArns;
  return exempt === undefined ? '' : flatten(exempt, env) ?? markersIn(exempt).join(',');
}
