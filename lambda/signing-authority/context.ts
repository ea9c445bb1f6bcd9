/**
 * What one invocation of the signing authority knows before it acts: who calls (the alias it was invoked
 * through), the hierarchy and parent CAs it signs with (its environment), its clients, its log, and how it
 * refuses and fails.
 */
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { AUTHORITY_HIERARCHY_ENV, AUTHORITY_PARENTS_ENV } from '../../src/private/contracts/authority';
import type { AuthorityEventDetail } from '../../src/private/contracts/authority';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { awsCalls } from '../shared/errors';
import type { AwsCalls } from '../shared/errors';
import { logWith } from '../shared/log';
import type { Log } from '../shared/log';
import type { WaiterDelays } from '../shared/pca-waiter';

/** Options for tests (an emulator endpoint, fake delays, a fixed clock); production uses the defaults. */
export interface AuthorityOptions extends AwsClientOptions {
  /** The function's Region (the parent CAs'). @default - process.env.AWS_REGION */
  readonly region?: string;
  /** Attempts per API call, throttling retries included. @default 5 */
  readonly maxAttempts?: number;
  /** Polling of GetCertificate after IssueCertificate, in seconds. @default { minDelay: 1, maxDelay: 15, maxWaitTime: 240 } */
  readonly waiter?: Partial<WaiterDelays>;
  /** Now. @default - the system clock */
  readonly clock?: () => Date;
  /** Where CDK_PKI_HIERARCHY and CDK_PKI_PARENT_CAS are read. @default process.env */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** The part of the Lambda context the authority reads. */
export interface InvocationContext {
  readonly invokedFunctionArn: string;
  readonly awsRequestId?: string;
}

const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 5 };

export const THROTTLE_HINT = 'AWS Private CA limits each operation per account and Region: retry the deployment later or request a higher quota';
export const OWN_ROLE = 'with the authority\'s own role';

/** Longest message of a refusal or failure: the caller hands it to CloudFormation. */
const MAX_MESSAGE = 1000;

/** A request the authority will not serve: the reason, and what the audit event says about it. */
export class Refusal extends Error {
  constructor(public readonly reason: string, public readonly detail: Partial<AuthorityEventDetail> = {}) {
    super(reason);
    this.name = 'Refusal';
  }
}

/** The qualifier of an invoked function ARN when it is an alias (not $LATEST, not a version number). */
export function aliasOf(invokedFunctionArn: string | undefined): string | undefined {
  const parts = (invokedFunctionArn ?? '').split(':');
  if (parts.length !== 8 || parts[5] !== 'function') return undefined;
  const qualifier = parts[7];
  if (!qualifier || qualifier === '$LATEST' || /^\d+$/.test(qualifier)) return undefined;
  return qualifier;
}

/** Account of an invoked function ARN (the function's own account). */
function accountOf(invokedFunctionArn: string | undefined): string | undefined {
  const account = (invokedFunctionArn ?? '').split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

export class AuthorityContext {
  public readonly region: string;
  public readonly account?: string;
  public readonly hierarchy: string;
  /** Parent CA name → ARN, as the environment gives them. */
  public readonly parents: ReadonlyMap<string, string>;
  /** The calling subordinate (the alias: `authorityAliasName(caName, account, region)`), undefined when the function was not invoked through an alias. */
  public readonly alias?: string;
  public readonly log: Log;
  public readonly clients: AwsClients;
  public readonly aws: AwsCalls = awsCalls({ throttleHint: THROTTLE_HINT });
  public readonly now: Date;

  constructor(public readonly options: AuthorityOptions, context: InvocationContext, action: string) {
    const env = options.environment ?? process.env;
    this.region = regionOf(options, 'the signing authority cannot tell which Region its parent CAs are in');
    this.account = accountOf(context.invokedFunctionArn);
    this.hierarchy = env[AUTHORITY_HIERARCHY_ENV] ?? '';
    if (!this.hierarchy) throw new Error(`signing authority: ${AUTHORITY_HIERARCHY_ENV} is not set: redeploy the parent's stack`);
    this.parents = readParents(env[AUTHORITY_PARENTS_ENV], this.hierarchy);
    this.alias = aliasOf(context.invokedFunctionArn);
    this.now = options.clock?.() ?? new Date();
    this.log = logWith({ hierarchyName: this.hierarchy, alias: this.alias, action, awsRequestId: context.awsRequestId });
    this.clients = new AwsClients(options, this.region, RETRY);
  }

  /** AWS Private CA in the function's account and Region (the parents'), with its own role. */
  public get pca(): ACMPCAClient {
    return this.clients.get(ACMPCAClient);
  }

  /** The message of a refusal, one line, at most MAX_MESSAGE characters. */
  public refusalMessage(action: string, reason: string): string {
    const tail = action === 'Sign' ? ' Nothing was issued.' : action === 'Revoke' ? ' Nothing was revoked.' : '';
    return clip(`signing authority of ${this.hierarchy}: refused ${action} for ${this.alias ?? 'a caller without alias'}: ${oneLine(reason)}`, tail);
  }

  /** The message of a request that failed (not refused): an AWS call, a certificate that does not verify. */
  public failureMessage(action: string, message: string): string {
    return clip(`signing authority of ${this.hierarchy}: ${action} for ${this.alias ?? 'a caller without alias'} failed: ${oneLine(message)}`, '');
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function clip(text: string, tail: string): string {
  const room = MAX_MESSAGE - tail.length;
  return (text.length > room ? `${text.slice(0, room - 1)}…` : text) + tail;
}

function readParents(raw: string | undefined, hierarchy: string): ReadonlyMap<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)
    || !Object.values(parsed).every((arn) => typeof arn === 'string')) {
    throw new Error(`signing authority of ${hierarchy}: ${AUTHORITY_PARENTS_ENV} is not a JSON object of CA name to ARN: redeploy the parent's stack`);
  }
  return new Map(Object.entries(parsed as Record<string, string>));
}
