/**
 * The extension point of the renewal: a source issues a certificate for a CSR. The renewal itself (tags,
 * lease, keys, CSR, checks, re-import, events) knows sources only through this interface; a new source
 * (an ACME CA, say) is a module next to private-ca.ts, registered in sources/index.ts.
 */
import type { RenewalSourceSettings } from '../../../src/private/contracts/renewal';
import type { Log } from '../../shared/log';
import type { Clients } from '../aws';
import type { CurrentCertificate } from '../x509';

/**
 * A problem the certificate's owner fixes (a tag, the construct's sources): the certificate is marked
 * `renewal failed` with this message as the reason, and nothing else is touched.
 */
export class RenewalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenewalInputError';
  }
}

/** Structured log lines; never pass keys or PEMs. */
export type { Log } from '../../shared/log';

/** What a source gets to issue with. */
export interface IssueContext {
  readonly certificateArn: string;
  /** The certificate in ACM now. */
  readonly current: CurrentCertificate;
  /** Unique to this attempt (renewal lease and CSR): a retried call issues once. */
  readonly idempotencyToken: string;
  readonly clients: Clients;
  readonly log: Log;
  readonly now: () => Date;
}

/** A certificate a source issued, PEM-encoded, with the chain up to its root. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly chainPem: string;
  /** Who issued it, for logs and the reason tag (a CA ARN, an ACME directory). */
  readonly issuer: string;
  /** The source's own reference (a Private CA certificate ARN), for logs. */
  readonly reference?: string;
}

export interface RenewalSourceModule<Request = unknown> {
  /** Value of the `cdk-pki:renewal-source` tag that selects it. */
  readonly name: string;
  /** Key algorithms (ACM's names) it can issue certificates for. */
  readonly keyAlgorithms: readonly string[];
  /**
   * Reads and checks the source's tags against the settings the construct gave it, before anything is
   * changed. Throws `RenewalInputError` naming the tag, the value, and the fix.
   */
  parse(tags: Readonly<Record<string, string>>, settings: RenewalSourceSettings): Request;
  /** Issues a certificate for the CSR. Throws with a message that says what failed and what to check. */
  issue(request: Request, csrPem: string, context: IssueContext): Promise<IssuedCertificate>;
}
