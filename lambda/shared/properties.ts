/**
 * Reading what CloudFormation sends a custom resource. It passes every scalar of ResourceProperties as a
 * string, whatever the template says: `true` arrives as "true", `false` as "false" (a non-empty string, so
 * truthy), 30 as "30". A scheduled event or a direct invocation passes JSON as it is. These read both.
 */

/** A value as CloudFormation passes it to a custom resource: every number and boolean a string. */
export type AsCloudFormationSends<T> = T extends string | number | boolean
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<AsCloudFormationSends<U>>
    : T extends object ? { readonly [K in keyof T]: AsCloudFormationSends<T[K]> } : T;

/** A value as the handler may receive it: as the construct wrote it, or as CloudFormation passes it. */
export type AsSentOrWritten<T> = T | AsCloudFormationSends<T>;

/** true for `true` and "true", false for `false` and "false"; undefined for anything else. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** The whole number of a number or a decimal string ("30", "-1"); undefined for anything else ("", "1.5", "30 days"). */
export function parseInteger(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A boolean property: `fallback` when absent; throws naming the property when it is neither true nor false. */
export function readBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (absent(value)) return fallback;
  const parsed = parseBoolean(value);
  if (parsed === undefined) throw new Error(`${name} is ${JSON.stringify(value)}, which is neither true nor false`);
  return parsed;
}
