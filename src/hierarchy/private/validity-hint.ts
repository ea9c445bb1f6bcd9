/**
 * Validities that follow from a parent's: the half of it that a subordinate should last at most (to be renewed once
 * before the parent ends), and the defaults of IssuingCa, which compose for two and three levels.
 */
import type { SigningAuthority } from './authority';
import { Validity, ValidityUnit } from '../validity';

/** Default validity of an IssuingCa whose parent's leaves it room (and of any whose parent's validity is unknown). */
export const DEFAULT_ISSUING_VALIDITY = Validity.years(3);
/** Default validity of an IssuingCa that has a subordinate with the default validity: room for it to be renewed. */
export const DEFAULT_PARENT_VALIDITY = Validity.years(5);

/** About half of `parent`, in months when it counts in months or years, else in days (at least one day). */
export function halfValidity(parent: Validity): Validity {
  if (parent.unit !== ValidityUnit.DAYS) {
    const months = Math.floor((parent.unit === ValidityUnit.YEARS ? parent.value * 12 : parent.value) / 2);
    if (months > 0) return months % 12 === 0 ? Validity.years(months / 12) : Validity.months(months);
  }
  return Validity.days(Math.max(1, Math.floor(parent.minimumDays / 2)));
}

/** `halfValidity(parent)` as code (`Validity.years(5)` for ten years), for messages. */
export function halfOf(parent: Validity): string {
  const half = halfValidity(parent);
  const method = half.unit === ValidityUnit.YEARS ? 'years' : half.unit === ValidityUnit.MONTHS ? 'months' : 'days';
  return `Validity.${method}(${half.value})`;
}

/**
 * The validity of an IssuingCa that sets none: three years when that ends before the parent (as always); else, when
 * the parent is an IssuingCa of this app with a default validity, the parent is lengthened to five years and this
 * CA gets half of it (10 / 5 / 2.5 years under a default root); else half of the parent's.
 */
export function defaultValidityUnder(parent: SigningAuthority): Validity {
  const parentValidity = parent.validity;
  if (parentValidity === undefined || !parentValidity.isResolved || DEFAULT_ISSUING_VALIDITY.endsBefore(parentValidity)) {
    return DEFAULT_ISSUING_VALIDITY;
  }
  parent.lengthenDefaultValidity();
  return halfValidity(parent.validity ?? parentValidity);
}

/**
 * How an IssuingCa without a validity prop lengthens its default when a subordinate with the default validity does
 * not fit under it: once, to DEFAULT_PARENT_VALIDITY, when that still ends before its own parent's.
 */
export function lengthenDefault(current: () => Validity, set: (validity: Validity) => void, parent: SigningAuthority): () => boolean {
  return () => {
    const longer = DEFAULT_PARENT_VALIDITY;
    if (!current().endsBefore(longer)) return true;
    const grandparent = parent.validity;
    if (grandparent && !longer.endsBefore(grandparent)) return false;
    set(longer);
    return true;
  };
}
