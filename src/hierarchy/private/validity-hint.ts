import { Validity, ValidityUnit } from '../validity';

/**
 * About half of `parent` in its own terms, as code (`Validity.years(5)` for ten years): a subordinate valid that
 * long ends before its parent and can be renewed once for as long before the parent ends.
 */
export function halfOf(parent: Validity): string {
  if (parent.unit === ValidityUnit.DAYS) {
    return `Validity.days(${Math.max(1, Math.floor(parent.value / 2))})`;
  }
  const months = Math.floor((parent.unit === ValidityUnit.YEARS ? parent.value * 12 : parent.value) / 2);
  if (months === 0) return `Validity.days(${Math.max(1, Math.floor(parent.minimumDays / 2))})`;
  return months % 12 === 0 ? `Validity.years(${months / 12})` : `Validity.months(${months})`;
}
