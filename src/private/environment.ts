/**
 * Every stack that holds a construct of the library must have an environment AWS can deploy to: an account id of
 * 12 digits and a Region aws-cdk-lib knows, when they are given (environment-agnostic stacks, whose account and
 * Region are tokens, are left to the constructs that need them). Checked once per stack at synthesis, with a
 * message that names the stack, the value and the fix.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';

const ACCOUNT_ID = /^\d{12}$/;
const checked = new WeakSet<Stack>();

/** Registers the check of the stack that holds `scope` (once per stack); a scope outside any stack is left alone. */
export function checkEnvironmentOf(scope: IConstruct): void {
  const stack = scope.node.scopes.slice().reverse().find((s): s is Stack => Stack.isStack(s));
  if (stack === undefined || checked.has(stack)) return;
  checked.add(stack);
  stack.node.addValidation({ validate: () => environmentProblems(stack.stackName, stack.account, stack.region) });
}

/** What is wrong with a stack's account and Region (tokens are not checked). */
export function environmentProblems(stackName: string, account: string, region: string): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(account) && !ACCOUNT_ID.test(account)) {
    problems.push(`stack '${stackName}': env.account '${account}' is not a 12-digit AWS account id; give the stack the account it deploys to`);
  }
  if (!Token.isUnresolved(region)) {
    const known = RegionInfo.regions.map((r) => r.name);
    if (!known.includes(region)) {
      const closest = nearest(region, known);
      problems.push(`stack '${stackName}': env.region '${region}' is not an AWS Region`
        + (closest ? `; did you mean '${closest}'?` : '; use a Region code such as \'eu-west-1\'')
        + ' (a Region newer than this aws-cdk-lib needs a newer aws-cdk-lib)');
    }
  }
  return problems;
}

/** The known name closest to `value` (edit distance at most 3), if any. */
function nearest(value: string, names: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(value, name);
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
