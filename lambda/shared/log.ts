/** Logging of the handlers: one JSON object a line, which CloudWatch Logs Insights reads field by field. */

export type Log = (message: string, fields?: Record<string, unknown>) => void;

export function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ message, ...fields }));
}

/** A log whose lines all carry `base` (the request's ids), after the message and before their own fields. */
export function logWith(base: Record<string, unknown>): Log {
  return (message, fields = {}) => log(message, { ...base, ...fields });
}
