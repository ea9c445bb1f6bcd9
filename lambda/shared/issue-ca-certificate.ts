/**
 * Having a parent CA issue a subordinate CA's certificate: one IssueCertificate (the template, validity and signing
 * algorithm given, the name constraints as a critical extension through the APIPassthrough template) and the
 * SDK's waiter until it is issued. Both signing paths use it: the ca-signer with a parent it reaches itself, and
 * the signing authority for a declared subordinate; each checks the result its own way.
 */
import { IssueCertificateCommand } from '@aws-sdk/client-acm-pca';
import type { ACMPCAClient, SigningAlgorithm, ValidityPeriodType } from '@aws-sdk/client-acm-pca';
import type { AwsCalls } from './errors';
import type { Log } from './log';
import { waitForIssuedCertificate, waiterDelays } from './pca-waiter';
import type { WaiterDelays } from './pca-waiter';
import { NAME_CONSTRAINTS_OID } from '../../src/private/contracts/aws-hierarchy';

/** Polling after IssueCertificate, in seconds, unless a test gives others. */
const DELAYS: WaiterDelays = { minDelay: 1, maxDelay: 15, maxWaitTime: 240 };

export interface CaCertificateRequest {
  readonly parentArn: string;
  readonly csrPem: string;
  readonly templateArn: string;
  readonly validityType: string;
  readonly validityValue: number;
  readonly signingAlgorithm: string;
  readonly idempotencyToken: string;
  /** DER of the NameConstraints extension, when the certificate carries name constraints. */
  readonly nameConstraints?: Buffer;
}

/** How the caller reaches the parent, and what its messages say. */
export interface CaCertificateCaller {
  readonly pca: ACMPCAClient;
  readonly aws: AwsCalls;
  readonly log: Log;
  /** How the credentials were got, for messages. */
  readonly via: string;
  /** What to check when IssueCertificate is denied. */
  readonly issueHint: string;
  /** What to check when GetCertificate is denied. */
  readonly getHint: string;
  readonly throttleHint: string;
  /** What to do when the certificate is not issued in time. */
  readonly timeoutHint: string;
  /** Waiter delays of tests. */
  readonly waiter?: Partial<WaiterDelays>;
  /** More fields for the log line of the request. */
  readonly logFields?: Record<string, unknown>;
}

/** The certificate the parent issued, and its chain. */
export interface IssuedCaCertificate {
  readonly certificateArn: string;
  readonly certificatePem: string;
  readonly chainPem?: string;
}

export async function issueCaCertificate(request: CaCertificateRequest, caller: CaCertificateCaller): Promise<IssuedCaCertificate> {
  const { parentArn, nameConstraints } = request;
  const issued = await caller.aws.call('IssueCertificate', `parent CA ${parentArn}`, () => caller.pca.send(new IssueCertificateCommand({
    CertificateAuthorityArn: parentArn,
    Csr: Buffer.from(request.csrPem, 'utf8'),
    TemplateArn: request.templateArn,
    Validity: { Type: request.validityType as ValidityPeriodType, Value: request.validityValue },
    SigningAlgorithm: request.signingAlgorithm as SigningAlgorithm,
    IdempotencyToken: request.idempotencyToken,
    ApiPassthrough: nameConstraints ? {
      Extensions: {
        CustomExtensions: [{ ObjectIdentifier: NAME_CONSTRAINTS_OID, Value: nameConstraints.toString('base64'), Critical: true }],
      },
    } : undefined,
  })), { via: caller.via, accessHint: caller.issueHint });
  const certificateArn = issued.CertificateArn;
  if (!certificateArn) throw new Error(`IssueCertificate on parent CA ${parentArn} returned no certificate ARN`);
  caller.log('certificate requested', { parentArn, certificateArn, awsRequestId: issued.$metadata?.requestId, ...caller.logFields });

  const out = await waitForIssuedCertificate(caller.pca, {
    caArn: parentArn,
    certificateArn,
    issuer: `parent CA ${parentArn}`,
    delays: waiterDelays(caller.waiter, DELAYS),
    errors: { via: caller.via, accessHint: caller.getHint, throttleHint: caller.throttleHint },
    timeoutHint: caller.timeoutHint,
  });
  if (!out.Certificate) throw new Error(`GetCertificate of ${certificateArn} returned no certificate`);
  return { certificateArn, certificatePem: out.Certificate, chainPem: out.CertificateChain };
}
