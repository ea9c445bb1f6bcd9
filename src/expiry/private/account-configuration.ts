import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Days, checkDaysRange } from './days';
import { EXPIRY_ALARMS_SYMBOL, isMarked } from './markers';
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

/** The AcmExpiryEvents of each app that configure their account, by environment key (registered as they are made). */
const configuring = new WeakMap<IConstruct, Map<string, IConstruct[]>>();

/** Records that `events` (an AcmExpiryEvents) configures the account and Region of its stack. */
export function registerAccountConfiguration(events: IConstruct): void {
  const root = events.node.root;
  const byKey = configuring.get(root) ?? new Map<string, IConstruct[]>();
  configuring.set(root, byKey);
  const key = environmentKey(Stack.of(events));
  byKey.set(key, [...(byKey.get(key) ?? []), events]);
}

/**
 * The AcmExpiryEvents of the app, other than under `scope`, that configures the account and Region of `scope`'s
 * stack (a stack of a token account or Region is compared with itself only).
 */
function accountConfigurationOf(scope: IConstruct): IConstruct | undefined {
  const key = environmentKey(Stack.of(scope));
  const own = `${scope.node.path}/`;
  return (configuring.get(scope.node.root)?.get(key) ?? []).find((c) => !`${c.node.path}/`.startsWith(own));
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
