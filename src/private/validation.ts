import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkEnvironmentOf } from './environment';

/**
 * Collects every problem found in a construct's props and throws them together, so a user fixes all of
 * them in one go. Messages name the construct path, the value received, what is allowed and the fix.
 */
export class ValidationErrors {
  private readonly problems: string[] = [];

  constructor(private readonly kind: string, private readonly scope: IConstruct) {
    // Every construct of the library validates its props through this class: its stack's environment too.
    checkEnvironmentOf(scope);
  }

  /** Records `message` when `failed` is true. */
  public check(failed: boolean, message: string): void {
    if (failed) {
      this.problems.push(message);
    }
  }

  public add(message: string): void {
    this.problems.push(message);
  }

  public get count(): number {
    return this.problems.length;
  }

  /** The combined message, or undefined when nothing was wrong. */
  public message(): string | undefined {
    if (this.problems.length === 0) {
      return undefined;
    }
    const prefix = `${this.kind} '${this.scope.node.path}'`;
    if (this.problems.length === 1) {
      return `${prefix}: ${this.problems[0]}`;
    }
    return `${prefix} has ${this.problems.length} problems:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`;
  }

  public throwIfAny(): void {
    const message = this.message();
    if (message !== undefined) {
      throw new Error(message);
    }
  }
}

/** True when the value is a concrete string (not undefined and not an unresolved token). */
export function isConcrete(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

/** True when the number is concrete (not a token). */
export function isConcreteNumber(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

const ACCOUNT_ID = /^\d{12}$/;
/** AWS Organizations id: `o-` and 10 to 32 lowercase letters or digits. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** Region names such as us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-7. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

export function isOrganizationId(value: string): boolean {
  return ORGANIZATION_ID.test(value);
}

export function isRegion(value: string): boolean {
  return REGION.test(value);
}

/**
 * Names that become part of IAM role names and SSM parameter names: a letter, then letters, digits and
 * hyphens, at most `max` characters.
 */
export function isResourceNamePart(value: string, max: number): boolean {
  return new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${max - 1}}$`).test(value) && !value.endsWith('-');
}
