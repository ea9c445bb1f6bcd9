/**
 * Markers that say what kind a construct is, as aws-cdk-lib's `Stack.isStack` does: a property under a global
 * symbol, so that every copy of the library in an app recognizes the constructs of the others.
 */
export const ACM_EXPIRY_EVENTS_SYMBOL = Symbol.for('cdk-pki.AcmExpiryEvents');
export const EXPIRY_ALARMS_SYMBOL = Symbol.for('cdk-pki.ExpiryAlarms');
export const PKI_EVENT_BUS_SYMBOL = Symbol.for('cdk-pki.PkiEventBus');

export function mark(construct: object, symbol: symbol): void {
  Object.defineProperty(construct, symbol, { value: true });
}

export function isMarked(x: unknown, symbol: symbol): boolean {
  return x !== null && typeof x === 'object' && symbol in x;
}
