/**
 * The CA-expiry checks of the app (CaExpiryMonitor, alone or in an ExpiryAlarms, of any copy of this library):
 * read from the input of the scheduled rule that runs the check, so that a check is found however it was
 * made, with the CAs it names (by marker or ARN) and whether it also discovers its account's CAs.
 */
import * as events from 'aws-cdk-lib/aws-events';
import { IConstruct } from 'constructs';
import { CaIndex } from './ca-index';
import { ModelContext, byPath, constructsOf, envOf } from './context';
import { CaMonitorNode, CaNode } from './nodes';
import { CaExpiryMonitor } from '../../../expiry/ca-expiry-monitor';
import { CaExpiryCheckEvent } from '../../../private/contracts/expiry';
import { flatten, isObject } from '../markers';

/** The keys that tell a CA-expiry check's input from any other rule's (CaExpiryCheckEvent). */
const CHECK_KEYS: ReadonlyArray<keyof CaExpiryCheckEvent> = ['CertificateAuthorities', 'DiscoverAccountCertificateAuthorities'];

export function collectCaMonitors(ctx: ModelContext, index: CaIndex): CaMonitorNode[] {
  const monitors: CaMonitorNode[] = [];
  for (const rule of constructsOf(ctx, events.CfnRule)) {
    const env = envOf(rule);
    const targets = ctx.markers.resolve(rule, rule.targets);
    for (const target of Array.isArray(targets) ? targets : []) {
      const check = checkOf(isObject(target) ? flatten(target.input, env) : undefined);
      if (!check) continue;
      const owner = monitorOf(rule);
      const named = check.CertificateAuthorities.map((t) => (isObject(t) ? index.named(rule, t.Arn) : undefined));
      monitors.push({
        construct: owner,
        path: owner.node.path,
        stack: rule.stack,
        account: env.account,
        region: env.region,
        discover: check.DiscoverAccountCertificateAuthorities === true || String(check.DiscoverAccountCertificateAuthorities) === 'true',
        cas: named.filter((ca): ca is CaNode => ca !== undefined),
        namedCount: check.CertificateAuthorities.length,
      });
    }
  }
  return monitors.sort(byPath);
}

/** The input of a CA-expiry check, if `input` is one. */
function checkOf(input: string | undefined): { CertificateAuthorities: unknown[]; DiscoverAccountCertificateAuthorities: unknown } | undefined {
  if (input === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !CHECK_KEYS.every((k) => k in parsed) || !Array.isArray(parsed.CertificateAuthorities)) return undefined;
  return parsed as { CertificateAuthorities: unknown[]; DiscoverAccountCertificateAuthorities: unknown };
}

/** The CaExpiryMonitor the rule belongs to, or the rule itself. */
function monitorOf(rule: events.CfnRule): IConstruct {
  for (let c: IConstruct | undefined = rule; c !== undefined; c = c.node.scope) {
    if (c instanceof CaExpiryMonitor) return c;
  }
  return rule;
}
