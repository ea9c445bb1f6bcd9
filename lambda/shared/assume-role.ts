/**
 * The one AssumeRole of the handlers: a role in another account (a subordinate's invoker role at its parent, a CSR or CA reader
 * role, a renewal source's role), assumed once per invocation and kept while its session lasts, with messages
 * that say which role could not be assumed, for what, and what to check.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClients, Identity } from './clients';
import { ACCESS_DENIED_ERRORS, awsError, errorName, messageOf } from './errors';
import type { Log } from './log';

/** STS's minimum: the handlers use a role for a few calls within one invocation. */
export const ROLE_SESSION_SECONDS = 900;
/** A session that ends sooner than this is not used for another call: the role is assumed again. */
const RENEW_BEFORE_MS = 120_000;

export interface AssumeRoleRequest {
  readonly roleArn: string;
  /** Session name, which the role's account sees in CloudTrail. */
  readonly sessionName: string;
  /** What the role is, in messages and the log. @default 'role' */
  readonly label?: string;
  /** What the role is assumed for, in the message of a refusal: `to read CA <arn>`. @default - not said */
  readonly purpose?: string;
  /** What to check when STS refuses (the role's trust policy, in words). */
  readonly deniedHint: string;
  /** How the AssumeRole call itself is made, in the message of other failures: `from account <id>`. @default - not said */
  readonly via?: string;
  /** What happens next when STS throttles. @default - no hint */
  readonly throttleHint?: string;
  /** Region of the STS endpoint. @default - the function's */
  readonly stsRegion?: string;
  /** Where the assumed role is logged. @default - not logged */
  readonly log?: Log;
}

/** An assumed role: its credentials as an identity for `AwsClients.get`. */
export interface AssumedRole extends Identity {
  readonly roleArn: string;
  readonly expiration?: Date;
}

/** A role assumed in an invocation (or being assumed), and when its session ends once known. */
interface Session {
  readonly role: Promise<AssumedRole>;
  expiration?: Date;
}

/** The roles each invocation (each AwsClients) assumed, by role and session name. */
const sessions = new WeakMap<AwsClients, Map<string, Session>>();

/**
 * The role's credentials, from STS once per invocation (the function's own credentials call STS); a role whose
 * session is about to end is assumed again. A refusal is kept too: the role is not asked again in the invocation.
 */
export function assumeRole(clients: AwsClients, request: AssumeRoleRequest): Promise<AssumedRole> {
  let assumed = sessions.get(clients);
  if (!assumed) {
    assumed = new Map();
    sessions.set(clients, assumed);
  }
  const key = `${request.roleArn}/${request.sessionName}`;
  const known = assumed.get(key);
  if (known && (known.expiration === undefined || known.expiration.getTime() - Date.now() > RENEW_BEFORE_MS)) return known.role;
  const session: Session = { role: callSts(clients, request) };
  session.role.then((role) => { session.expiration = role.expiration; }, () => undefined);
  assumed.set(key, session);
  return session.role;
}

async function callSts(clients: AwsClients, request: AssumeRoleRequest): Promise<AssumedRole> {
  const { roleArn } = request;
  const label = request.label ?? 'role';
  const sts = clients.get(STSClient, request.stsRegion ?? clients.region);
  let out;
  try {
    out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: request.sessionName, DurationSeconds: ROLE_SESSION_SECONDS }));
  } catch (e) {
    if (ACCESS_DENIED_ERRORS.has(errorName(e))) {
      throw new Error(`cannot assume ${label} ${roleArn}${request.purpose ? ` ${request.purpose}` : ''}: ${messageOf(e)}; ${request.deniedHint}`, { cause: e });
    }
    throw awsError('AssumeRole', `${label} ${roleArn}`, e, { via: request.via, throttleHint: request.throttleHint });
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${roleArn} returned no credentials`);
  request.log?.(`assumed ${label}`, { roleArn, assumedRoleId: out.AssumedRoleUser?.AssumedRoleId });
  return {
    roleArn,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
    key: `${roleArn}/${c.AccessKeyId}`,
    via: `through ${label} ${roleArn}`,
    expiration: c.Expiration,
  };
}
