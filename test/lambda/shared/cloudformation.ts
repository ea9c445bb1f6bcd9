/**
 * What CloudFormation does to a custom resource's properties on their way from the template to the handler:
 * every number and boolean becomes a string, at any depth (`false` arrives as "false", 30 as "30"); strings,
 * lists and objects keep their shape. Tests pass properties through this to see them as a handler does.
 */
export function asCloudFormationSends(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asCloudFormationSends(v)]));
  }
  return value;
}
