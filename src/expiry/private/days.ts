import { Duration } from 'aws-cdk-lib';
import { ValidationErrors, isConcreteNumber } from '../../private/validation';

/**
 * A number of days that a construct was given, with the name of the prop it came from and how to show it in a
 * message: a `Duration` prop shows as `30 days`, a deprecated day-count prop as `30`.
 */
export interface Days {
  /** Name of the prop, as the user wrote it (`warningThreshold`, or the deprecated `warningDays`). */
  readonly name: string;
  /** The days (a token when the prop was one; not yet checked to be whole); NaN when the Duration cannot be read as days. */
  readonly days: number;
  /** The value as the user wrote it, for messages. */
  readonly text: string;
  /** True when it came from a `Duration` prop. */
  readonly isDuration: boolean;
}

/** The days of a Duration prop, or of its default. */
export function fromDuration(name: string, value: Duration): Days {
  // Check first: a token Duration converts only from its own unit, and toDays() throws otherwise.
  const readable = !value.isUnresolved() || value.unitLabel() === 'days';
  return { name, days: readable ? value.toDays({ integral: false }) : NaN, text: value.toHumanString(), isDuration: true };
}

/** The days of a deprecated day-count prop. */
export function fromDayCount(name: string, value: number): Days {
  return { name, days: value, text: String(value), isDuration: false };
}

/**
 * The one of a `Duration` prop and its deprecated day-count alias that is set, if any. Setting both is a
 * problem: the user must say which one counts.
 */
export function durationOrDays(errors: ValidationErrors, duration: { name: string; value?: Duration },
  dayCount: { name: string; value?: number }): Days | undefined {
  if (duration.value !== undefined && dayCount.value !== undefined) {
    errors.add(`${duration.name} and ${dayCount.name} are both set; ${dayCount.name} is the deprecated day count that ${duration.name} replaces: `
      + `set ${duration.name} only`);
  }
  if (duration.value !== undefined) return fromDuration(duration.name, duration.value);
  if (dayCount.value !== undefined) return fromDayCount(dayCount.name, dayCount.value);
  return undefined;
}

/** Checks that `value` is a whole number of days from `min` to `max`; skips tokens. */
export function checkDaysRange(errors: ValidationErrors, value: Days | undefined, min: number, max: number, why: string): void {
  if (value === undefined) return;
  if (Number.isNaN(value.days)) {
    errors.add(`${value.name} is a token in ${value.text.replace(/^\S+ /, '')}, which cannot be read as days; use Duration.days(...)`);
    return;
  }
  if (!isConcreteNumber(value.days)) return;
  if (!Number.isInteger(value.days) || value.days < min || value.days > max) {
    const unbounded = max === Number.MAX_SAFE_INTEGER;
    const range = value.isDuration
      ? (unbounded ? `Duration.days(n) with n a whole number of at least ${min}` : `Duration.days(n) with n a whole number from ${min} to ${max}`)
      : (unbounded ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`);
    errors.add(`${value.name} ${value.text} is not allowed: ${why}; use ${range}`);
  }
}

/** A warning and a critical threshold: positive whole days, the critical one closer to expiry. */
export function checkThresholds(errors: ValidationErrors, warning: Days, critical: Days): void {
  const before = errors.count;
  checkDaysRange(errors, warning, 1, Number.MAX_SAFE_INTEGER, 'alarm thresholds are days to expiry');
  checkDaysRange(errors, critical, 1, Number.MAX_SAFE_INTEGER, 'alarm thresholds are days to expiry');
  if (errors.count === before && isConcreteNumber(warning.days) && isConcreteNumber(critical.days) && critical.days >= warning.days) {
    const show = (v: Days, n: number) => (v.isDuration ? `Duration.days(${n})` : String(n));
    errors.add(`${critical.name} ${critical.text} must be less than ${warning.name} ${warning.text}: the critical alarm fires closer to expiry than the warning; `
      + `for example ${warning.name}: ${show(warning, Math.max(critical.days + 1, warning.days))}, `
      + `${critical.name}: ${show(critical, Math.min(critical.days, warning.days - 1) || 1)}`);
  }
}

/** A checked number of days as the Duration the parts take. */
export function toDuration(value: Days): Duration {
  return Duration.days(value.days);
}
