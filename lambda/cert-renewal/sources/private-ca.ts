/**
 * Source `private-ca`: AWS Private CA's IssueCertificate, in the CA's Region, directly or through a role
 * in the CA's account; the SDK waiter polls GetCertificate until the certificate is issued.
 *
 * Tags: cdk-pki:ca-arn (required), cdk-pki:template-arn, cdk-pki:validity-days, cdk-pki:signing-algorithm,
 * cdk-pki:role-arn.
 */
import { ACMPCAClient, DescribeCertificateAuthorityCommand, IssueCertificateCommand, ListTagsCommand } from '@aws-sdk/client-acm-pca';
import type { SigningAlgorithm } from '@aws-sdk/client-acm-pca';
import type { IssueContext, IssuedCertificate, RenewalSourceModule } from './types';
import { RenewalInputError } from './types';
import { parseCaArn } from '../../../src/private/contracts/arn';
import { templateArn } from '../../../src/private/contracts/aws-hierarchy';
import { IAM_ROLE_ARN_PATTERN, PRIVATE_CA_CSR_KEY_ALGORITHMS, PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES } from '../../../src/private/contracts/aws-renewal';
import { PRIVATE_CA_SOURCE_NAME, RENEWAL_TAGS, parseSuccessorEntry } from '../../../src/private/contracts/renewal';
import type { PrivateCaSourceSettings, RenewalSourceSettings } from '../../../src/private/contracts/renewal';
import { CA_TAGS } from '../../../src/private/contracts/signing';
import { assumeRole } from '../../shared/assume-role';
import { errorName } from '../../shared/errors';
import { waitForIssuedCertificate, waiterDelays } from '../../shared/pca-waiter';
import type { WaiterDelays } from '../../shared/pca-waiter';
import { aws, THROTTLE_HINT } from '../aws';

/** A sanity bound on cdk-pki:validity-days (100 years); the CA's own expiry is the real one. */
const MAX_VALIDITY_DAYS = 36_500;
const ROLE_SESSION_NAME = 'cdk-pki-cert-renewal';

export interface PrivateCaRequest {
  readonly caArn: string;
  readonly caRegion: string;
  /**
   * The library's CAs the tag may name an earlier generation of (`successors` of the settings), when the tag names
   * none of the CAs the renewal may issue from: issue() finds the tagged CA's successor by its tags.
   */
  readonly successors?: ReadonlyArray<{ readonly hierarchyName: string; readonly caName: string; readonly arn: string }>;
  /** The settings, for the refusal when no successor is found. */
  readonly settings?: PrivateCaSourceSettings;
  readonly templateArn: string;
  readonly validityDays?: number;
  readonly signingAlgorithm?: string;
  readonly roleArn?: string;
}

export interface PrivateCaSourceOptions {
  /** Polling of GetCertificate, in seconds. @default { minDelay: 1, maxDelay: 10, maxWaitTime: 120 } */
  readonly waiter?: Partial<WaiterDelays>;
}

export function privateCaSource(options: PrivateCaSourceOptions = {}): RenewalSourceModule<PrivateCaRequest> {
  return {
    name: PRIVATE_CA_SOURCE_NAME,
    keyAlgorithms: PRIVATE_CA_CSR_KEY_ALGORITHMS,
    parse,
    issue: (request, csrPem, context) => issue(request, csrPem, context, options),
  };
}

function parse(tags: Readonly<Record<string, string>>, raw: RenewalSourceSettings): PrivateCaRequest {
  const settings = raw as unknown as PrivateCaSourceSettings;
  const caArn = tags[RENEWAL_TAGS.caArn]?.trim();
  if (!caArn) {
    throw new RenewalInputError(`tag ${RENEWAL_TAGS.caArn} is missing: set it to the ARN of the AWS Private CA that issues this certificate`);
  }
  const ca = parseCaArn(caArn);
  if (!ca) {
    throw new RenewalInputError(`tag ${RENEWAL_TAGS.caArn} is '${caArn}', which is not an AWS Private CA ARN `
      + '(arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>): set it to the issuing CA\'s ARN');
  }
  const { partition, region: caRegion } = ca;
  const successors = (settings.successors ?? []).map(parseSuccessorEntry).filter((e) => e !== undefined);
  if (!settings.certificateAuthorityArns.includes(caArn) && successors.length === 0) throw notAllowed(caArn, settings);

  const templateTag = tags[RENEWAL_TAGS.templateArn]?.trim();
  const template = !templateTag ? settings.templateArns[0]
    : templateTag.startsWith('arn:') ? templateTag : templateArn(partition, templateTag);
  if (!settings.templateArns.includes(template)) {
    throw new RenewalInputError(`tag ${RENEWAL_TAGS.templateArn} is '${templateTag}', a template this renewal may not issue with `
      + `(it may use ${list(settings.templateArns)}): fix the tag, or add the template to RenewalSource.privateCa({ templates })`);
  }

  const validityTag = tags[RENEWAL_TAGS.validityDays]?.trim();
  let validityDays: number | undefined;
  if (validityTag) {
    validityDays = /^[1-9]\d*$/.test(validityTag) ? Number(validityTag) : NaN;
    if (!(validityDays <= MAX_VALIDITY_DAYS)) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.validityDays} is '${validityTag}', not a whole number of days from 1 to ${MAX_VALIDITY_DAYS}: `
        + 'set it to the validity the renewed certificate should have, in days, or remove it to keep the current validity');
    }
  }

  const signingAlgorithm = tags[RENEWAL_TAGS.signingAlgorithm]?.trim() || undefined;
  if (signingAlgorithm && !(signingAlgorithm in PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES)) {
    throw new RenewalInputError(`tag ${RENEWAL_TAGS.signingAlgorithm} is '${signingAlgorithm}', not one of `
      + `${Object.keys(PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES).join(', ')}: fix it, or remove it to sign with the CA's own algorithm`);
  }

  const roleArn = tags[RENEWAL_TAGS.roleArn]?.trim() || undefined;
  if (roleArn) {
    if (!IAM_ROLE_ARN_PATTERN.test(roleArn)) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.roleArn} is '${roleArn}', which is not an IAM role ARN (arn:aws:iam::<account>:role/<name>): fix it`);
    }
    if (!settings.roleArns.includes(roleArn)) {
      throw new RenewalInputError(`tag ${RENEWAL_TAGS.roleArn} names role ${roleArn}, which this renewal may not assume `
        + `(it may assume ${list(settings.roleArns)}): fix the tag, or add the role to RenewalSource.privateCa({ roleArns })`);
    }
  }
  const unlisted = !settings.certificateAuthorityArns.includes(caArn);
  return { caArn, caRegion, templateArn: template, validityDays, signingAlgorithm, roleArn, ...(unlisted ? { successors, settings } : {}) };
}

function notAllowed(caArn: string, settings: PrivateCaSourceSettings): RenewalInputError {
  return new RenewalInputError(`tag ${RENEWAL_TAGS.caArn} names CA ${caArn}, which this renewal may not issue from `
    + `(it may use ${list(settings.certificateAuthorityArns)}): fix the tag, or add the CA to RenewalSource.privateCa({ certificateAuthorities })`);
}

/**
 * The request with the CA it should issue from: the tagged CA when the renewal may issue from it, else the current
 * generation of the library CA the tagged one was (same tags cdk-pki:hierarchy and cdk-pki:ca-name, same account and
 * Region: a CA replaced on purpose keeps serving what it issued, but issues nothing new).
 */
async function withSuccessor(request: PrivateCaRequest, context: IssueContext): Promise<PrivateCaRequest> {
  if (!request.successors || !request.settings) return request;
  const tagged = parseCaArn(request.caArn)!;
  let tags: Record<string, string> = {};
  try {
    const out = await context.clients.get(ACMPCAClient, tagged.region).send(new ListTagsCommand({ CertificateAuthorityArn: request.caArn }));
    tags = Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  } catch (e) {
    context.log('cannot read the tags of the CA the certificate names', { caArn: request.caArn, error: errorName(e) });
  }
  const successor = request.successors.find((c) => c.hierarchyName === tags[CA_TAGS.hierarchy] && c.caName === tags[CA_TAGS.caName]
    && parseCaArn(c.arn)?.account === tagged.account && parseCaArn(c.arn)?.region === tagged.region);
  if (!successor) throw notAllowed(request.caArn, request.settings);
  context.log('the certificate names a replaced generation of a CA: renewed from its current generation',
    { certificateArn: context.certificateArn, taggedCaArn: request.caArn, caArn: successor.arn });
  return { ...request, caArn: successor.arn, caRegion: tagged.region, successors: undefined };
}

async function issue(asked: PrivateCaRequest, csrPem: string, context: IssueContext, options: PrivateCaSourceOptions): Promise<IssuedCertificate> {
  const request = await withSuccessor(asked, context);
  const { pca, via } = await clientFor(request, context);
  const where = `CA ${request.caArn} ${via}`;

  const described = await aws.call('DescribeCertificateAuthority', where,
    () => pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: request.caArn })),
    { accessHint: 'check that the role allows acm-pca:DescribeCertificateAuthority on it' });
  const ca = described.CertificateAuthority;
  if (ca?.Status !== 'ACTIVE') {
    throw new RenewalInputError(`CA ${request.caArn} is ${ca?.Status ?? 'in an unknown state'}, not ACTIVE, and cannot issue: `
      + `activate it, or point ${RENEWAL_TAGS.caArn} at an active CA`);
  }
  const caKeyAlgorithm = ca.CertificateAuthorityConfiguration?.KeyAlgorithm ?? '';
  const signingAlgorithm = request.signingAlgorithm ?? ca.CertificateAuthorityConfiguration?.SigningAlgorithm;
  if (!signingAlgorithm) throw new Error(`CA ${request.caArn} reports no signing algorithm: set tag ${RENEWAL_TAGS.signingAlgorithm}`);
  const family = PRIVATE_CA_SIGNING_ALGORITHM_FAMILIES[signingAlgorithm];
  if (caKeyAlgorithm && !caKeyAlgorithm.startsWith(family === 'EC' ? 'EC_' : family)) {
    throw new RenewalInputError(`tag ${RENEWAL_TAGS.signingAlgorithm} is ${signingAlgorithm}, a ${family} algorithm, but CA ${request.caArn} `
      + `has a ${caKeyAlgorithm} key: use a signing algorithm of its family, or remove the tag`);
  }

  const validityDays = request.validityDays ?? context.current.lifetimeDays;
  const end = new Date(context.now().getTime() + validityDays * 86_400_000);
  if (ca.NotAfter && end > ca.NotAfter) {
    const longest = Math.floor((ca.NotAfter.getTime() - context.now().getTime()) / 86_400_000);
    throw new RenewalInputError(`a certificate of ${validityDays} days would end on ${end.toISOString()}, after CA ${request.caArn} expires `
      + `on ${ca.NotAfter.toISOString()}: ${longest > 0 ? `set ${RENEWAL_TAGS.validityDays} to at most ${longest}, or ` : ''}renew the CA first`);
  }

  const issued = await aws.call('IssueCertificate', where, () => pca.send(new IssueCertificateCommand({
    CertificateAuthorityArn: request.caArn,
    Csr: Buffer.from(csrPem, 'utf8'),
    TemplateArn: request.templateArn,
    SigningAlgorithm: signingAlgorithm as SigningAlgorithm,
    Validity: { Type: 'DAYS', Value: validityDays },
    IdempotencyToken: context.idempotencyToken,
  })), { accessHint: `check that it allows acm-pca:IssueCertificate with template ${request.templateArn}` });
  const certificateArn = issued.CertificateArn;
  if (!certificateArn) throw new Error(`IssueCertificate on ${where} returned no certificate ARN`);
  context.log('certificate requested', { certificateArn: context.certificateArn, caArn: request.caArn, issuedArn: certificateArn });

  const out = await waitForIssuedCertificate(pca, {
    caArn: request.caArn,
    certificateArn,
    issuer: `CA ${request.caArn}`,
    target: `certificate ${certificateArn} of ${where}`,
    delays: waiterDelays(options.waiter, { minDelay: 1, maxDelay: 10, maxWaitTime: 120 }),
    errors: { accessHint: 'check that it allows acm-pca:GetCertificate', throttleHint: THROTTLE_HINT },
    timeoutHint: 'the next trigger retries',
  });
  if (!out.Certificate || !out.CertificateChain) throw new Error(`GetCertificate of ${certificateArn} returned no certificate or no chain`);
  return { certificatePem: out.Certificate, chainPem: out.CertificateChain, issuer: request.caArn, reference: certificateArn };
}

/** The CA's client: in its Region, with the role's credentials when the certificate names one. */
async function clientFor(request: PrivateCaRequest, context: IssueContext): Promise<{ pca: ACMPCAClient; via: string }> {
  if (!request.roleArn) return { pca: context.clients.get(ACMPCAClient, request.caRegion), via: 'with the function\'s own role' };
  const role = await assumeRole(context.clients, {
    roleArn: request.roleArn,
    sessionName: ROLE_SESSION_NAME,
    deniedHint: 'check that the role trusts the renewal function\'s role',
    throttleHint: THROTTLE_HINT,
    stsRegion: request.caRegion,
    log: context.log,
  });
  return { pca: context.clients.get(ACMPCAClient, request.caRegion, role), via: role.via };
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}
