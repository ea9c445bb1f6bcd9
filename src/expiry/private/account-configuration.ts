import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Days, checkDaysRange } from './days';
import { ACM_EXPIRY_EVENTS_SYMBOL, EXPIRY_ALARMS_SYMBOL, isMarked } from './markers';
import { ACM_DAYS_BEFORE_EXPIRY_MAX, ACM_DAYS_BEFORE_EXPIRY_MIN } from '../../private/contracts/aws-strings';
import { ValidationErrors, isConcrete } from '../../private/validation';

/**
 * `AWS::CertificateManager::Account` exists once per account and Region, and a second one would overwrite the
 * first: the days must go with a configuration, and no other AcmExpiryEvents of the app may configure the same
 * account and Region. `kind` names the construct whose props these are.
 */
export function checkAccountConfiguration(errors: ValidationErrors, scope: IConstruct, configureAccount: boolean, before: Days | undefined,
  kind: string): void {
  if (!configureAccount && before !== undefined) {
    errors.add(`${before.name} ${before.text} has no effect with configureAccount: false; leave ${before.name} out, or let this ${kind} configure the account`);
  }
  checkDaysRange(errors, before, ACM_DAYS_BEFORE_EXPIRY_MIN, ACM_DAYS_BEFORE_EXPIRY_MAX,
    'ACM sends expiry events from 1 to 45 days before expiry (AWS::CertificateManager::Account)');
  if (configureAccount) {
    const stack = Stack.of(scope);
    const other = accountConfigurationOf(scope);
    if (other) {
      errors.add(`${describeOwner(other)} already sets ACM's expiry-event configuration for ${describeEnvironment(stack)}; `
        + 'AWS::CertificateManager::Account exists once per account and Region, and a second one would overwrite the first. '
        + 'Set configureAccount: false on one of them');
    }
  }
}

/** The AcmExpiryEvents (found by its marker) of the app, other than under `scope`, that configures the account and Region of `scope`'s stack. */
function accountConfigurationOf(scope: IConstruct): IConstruct | undefined {
  const stack = Stack.of(scope);
  const key = environmentKey(stack);
  // A stack of a token account or Region is compared with itself only; others with the stacks of the same environment.
  const candidates = key.startsWith('stack:') ? [stack] : stacksOf(scope.node.root).filter((s) => environmentKey(s) === key);
  const own = `${scope.node.path}/`;
  for (const candidate of candidates) {
    const found = candidate.node.findAll().find((c) => isMarked(c, ACM_EXPIRY_EVENTS_SYMBOL)
      && (c as { accountConfiguration?: unknown }).accountConfiguration !== undefined
      && !`${c.node.path}/`.startsWith(own) && environmentKey(Stack.of(c)) === key);
    if (found) return found;
  }
  return undefined;
}

/** The stacks of the app, not below another stack (a nested stack is searched with its parent). */
function stacksOf(c: IConstruct): Stack[] {
  return c.node.children.flatMap((child) => (Stack.isStack(child) ? [child] : stacksOf(child)));
}

/** One key per account and Region; a stack whose account or Region is a token is a key of its own. */
function environmentKey(stack: Stack): string {
  return isConcrete(stack.account) && isConcrete(stack.region) ? `${stack.account}/${stack.region}` : `stack:${stack.node.path}`;
}

/** The construct a user made: an ExpiryAlarms that holds the events, or the AcmExpiryEvents itself. */
function describeOwner(events: IConstruct): string {
  const parent = events.node.scope;
  return parent && isMarked(parent, EXPIRY_ALARMS_SYMBOL) ? `ExpiryAlarms '${parent.node.path}'` : `AcmExpiryEvents '${events.node.path}'`;
}

function describeEnvironment(stack: Stack): string {
  return environmentKey(stack).startsWith('stack:') ? `stack ${stack.stackName}` : `account ${stack.account} in ${stack.region}`;
}
