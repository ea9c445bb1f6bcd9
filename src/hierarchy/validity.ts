import { Token } from 'aws-cdk-lib';

/** The unit of a validity period, as AWS Private CA takes it. */
export enum ValidityUnit {
  DAYS = 'DAYS',
  MONTHS = 'MONTHS',
  YEARS = 'YEARS',
}

/**
 * How long a CA certificate is valid, counted from its issuance.
 *
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_Validity.html
 */
export class Validity {
  /**
   * @param years whole years, at least 1; a token (for example a CfnParameter's value) is accepted and checked at
   *   deployment, where the signing handler refuses a certificate that would outlive its parent
   */
  public static years(years: number): Validity {
    return new Validity(years, ValidityUnit.YEARS);
  }

  /** @param months whole months, at least 1, or a token (checked at deployment) */
  public static months(months: number): Validity {
    return new Validity(months, ValidityUnit.MONTHS);
  }

  /** @param days whole days, at least 1, or a token (checked at deployment) */
  public static days(days: number): Validity {
    return new Validity(days, ValidityUnit.DAYS);
  }

  private constructor(public readonly value: number, public readonly unit: ValidityUnit) {
    if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1)) {
      throw new Error(`Validity.${unit.toLowerCase()}(${value}): ${value} ${unit.toLowerCase()} is not a validity; use a whole number of at least 1, `
        + `for example Validity.${unit.toLowerCase()}(1)`);
    }
  }

  /** Whether the number is known at synthesis (not a token): only then can synthesis compare it with others. */
  public get isResolved(): boolean {
    return !Token.isUnresolved(this.value);
  }

  /**
   * The shortest number of days this validity can last (months of 28 days, years of 365), for comparing
   * a subordinate's validity with its parent's.
   */
  public get minimumDays(): number {
    return this.value * (this.unit === ValidityUnit.YEARS ? 365 : this.unit === ValidityUnit.MONTHS ? 28 : 1);
  }

  /** The longest number of days this validity can last (months of 31 days, years of 366). */
  public get maximumDays(): number {
    return this.value * (this.unit === ValidityUnit.YEARS ? 366 : this.unit === ValidityUnit.MONTHS ? 31 : 1);
  }

  /**
   * Whether a certificate of this validity ends before one of `other` issued at the same time: exact for
   * months and years, and with the widest month and year lengths when days are compared with either. True when
   * either is a token (the signing handler compares the real ends at deployment).
   */
  public endsBefore(other: Validity): boolean {
    if (!this.isResolved || !other.isResolved) {
      // Not known before deployment: the signing handler compares the certificates' real ends then.
      return true;
    }
    const months = (v: Validity) => v.unit === ValidityUnit.YEARS ? v.value * 12 : v.value;
    if (this.unit !== ValidityUnit.DAYS && other.unit !== ValidityUnit.DAYS) {
      return months(this) < months(other);
    }
    return this.maximumDays < other.minimumDays;
  }

  public toString(): string {
    return this.isResolved ? `${this.value} ${this.unit.toLowerCase()}` : `a number of ${this.unit.toLowerCase()} known at deployment`;
  }
}
