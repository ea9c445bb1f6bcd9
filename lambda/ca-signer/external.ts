/**
 * Custom::PkiExternalCaCertificate: a subordinate CA whose parent is outside AWS (an offline root). The app publishes
 * the CA's CSR; the parent's operators sign it; the app gives the certificate, which this installs after the checks
 * the signer makes of a certificate from a parent in AWS, and those AWS makes on import, so that a wrong file fails
 * with a reason instead of a bare AWS error:
 * - it is the CA's: the key of the CA's current CSR, and the CSR's subject;
 * - it is a CA certificate (critical basic constraints, CA:TRUE) allowing the path length the app's subordinates need,
 *   not self-signed;
 * - it chains to the given root: signed by the parent's certificate, each chain element by the next, the last a
 *   self-signed root; valid now, and ending no later than the parent.
 * Without a certificate the CA waits (PENDING_CERTIFICATE) and the resource reports it. A new certificate for the same
 * CSR (the parent renewed it) is installed by the Update that gives it.
 *
 * Delete: a certificate that a newer one superseded leaves the CA alone (nothing here can revoke at the parent: its
 * operators do); a rollback disables the CA a failed operation created, so that CloudFormation can delete it; a CA that
 * left the stack, or was replaced on purpose (a new generation, retired later), is kept, disabled or deleted with a
 * restoration period, as the subordinates signed in AWS are.
 */
import { X509Certificate } from 'node:crypto';
import { ImportCertificateAuthorityCertificateCommand } from '@aws-sdk/client-acm-pca';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readCaCertificate, sameSubject, subjectText } from './ca-certificate';
import { verifyChain } from './certificates';
import { OWN_CREDENTIALS, removalSettings } from './context';
import type { HandlerContext } from './context';
import { certificatePublicKey, csrPublicKey } from './csr';
import { Retirements } from './retirement';
import type { StackState } from './stack';
import { parseCaArn } from '../../src/private/contracts/arn';
import {
  EXTERNAL_CERTIFICATE_INSTALLED, EXTERNAL_CERTIFICATE_PENDING, EXTERNAL_PARENT_ARN, PENDING_CERTIFICATE_ID, externalCertificateId,
} from '../../src/private/contracts/external-ca';
import type { ExternalCaCertificateAttributes, ExternalCaCertificateProperties } from '../../src/private/contracts/external-ca';
import { readCsr } from '../shared/declaration';
import { formatSerial, splitPem } from '../shared/pem';
import { parseInteger } from '../shared/properties';

export interface ExternalResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: ExternalCaCertificateAttributes;
}

const SEPARATOR = '#';
const INSTALLED_MARK = 'external-';

/** `<CA ARN>#pending`, or `<CA ARN>#external-<SHA-256 fingerprint>`: the CA and the certificate the resource installed. */
function physicalIdOf(caArn: string, fingerprint?: string): string {
  return `${caArn}${SEPARATOR}${fingerprint ? `${INSTALLED_MARK}${fingerprint}` : PENDING_CERTIFICATE_ID}`;
}

function parsePhysicalId(id: string): { caArn: string; fingerprint?: string } | undefined {
  const [caArn, mark, ...rest] = id.split(SEPARATOR);
  if (!parseCaArn(caArn) || rest.length > 0) return undefined;
  if (mark === PENDING_CERTIFICATE_ID) return { caArn };
  return mark?.startsWith(INSTALLED_MARK) ? { caArn, fingerprint: mark.slice(INSTALLED_MARK.length) } : undefined;
}

function fingerprintOf(certificate: X509Certificate): string {
  return externalCertificateId(certificate.fingerprint256).slice(`${EXTERNAL_PARENT_ARN}:`.length);
}

function describe(certificate: X509Certificate): string {
  return `'${certificate.subject.replace(/\n/g, ', ')}' (serial ${formatSerial(certificate.serialNumber)})`;
}

/**
 * Every reason to refuse `certificatePem` for the CA of `csrPem` under the chain `chainPem`, in words; empty when it
 * may be installed.
 */
export function externalCertificateProblems(certificatePem: string, chainPem: string, csrPem: string, pathLength: number, now: Date): string[] {
  const certificate = new X509Certificate(certificatePem);
  const problems: string[] = [];
  if (!certificatePublicKey(certificate).equals(csrPublicKey(csrPem))) {
    problems.push('it does not match the CA\'s CSR: it certifies another key (have the parent sign the CSR this CA publishes)');
  }
  const facts = readCaCertificate(certificate);
  const csrSubject = readCsr(csrPem).subject;
  if (!sameSubject(facts.subject, csrSubject)) {
    problems.push(`its subject (${subjectText(facts.subject)}) is not the CSR's (${subjectText(csrSubject)})`);
  }
  const constraints = facts.basicConstraints;
  if (!constraints?.ca) problems.push('it is not a CA certificate (no basic constraints with CA:TRUE)');
  else if (!constraints.critical) problems.push('its basic constraints are not critical, which AWS Private CA requires of an imported CA certificate');
  if (constraints?.ca && constraints.pathLength !== undefined && constraints.pathLength < pathLength) {
    problems.push(`its path length is ${constraints.pathLength}, but the CA's subordinates in the app need ${pathLength}`);
  }
  if (certificate.checkIssued(certificate)) problems.push('it is self-signed; AWS Private CA imports a self-signed certificate only as a root');
  try {
    verifyChain(certificatePem, chainPem);
    const chain = splitPem(chainPem).map((pem) => new X509Certificate(pem));
    const root = chain[chain.length - 1];
    if (!root.checkIssued(root)) problems.push(`it does not chain to a root: the chain ends with ${describe(root)}, which is not self-signed`);
    if (new Date(certificate.validTo) > new Date(chain[0].validTo)) {
      problems.push(`it ends on ${new Date(certificate.validTo).toISOString()}, after its parent ${describe(chain[0])}`);
    }
  } catch (e) {
    problems.push(`it does not chain to the given root: ${(e as Error).message}`);
  }
  if (new Date(certificate.validFrom) > now) problems.push(`it is not valid before ${new Date(certificate.validFrom).toISOString()}`);
  if (new Date(certificate.validTo) <= now) problems.push(`it expired on ${new Date(certificate.validTo).toISOString()}`);
  return problems;
}

export class ExternalCertificateInstaller {
  private readonly retirements: Retirements;

  constructor(private readonly ctx: HandlerContext) {
    this.retirements = new Retirements(ctx, ctx.event.StackId);
  }

  public async run(): Promise<ExternalResponse> {
    const event = this.ctx.event;
    const props = event.ResourceProperties as unknown as ExternalCaCertificateProperties;
    return event.RequestType === 'Delete' ? this.remove(event.PhysicalResourceId, props) : this.install(props);
  }

  private async install(props: ExternalCaCertificateProperties): Promise<ExternalResponse> {
    const caArn = props.CertificateAuthorityArn;
    const region = parseCaArn(caArn)?.region;
    if (region !== this.ctx.region) {
      throw new Error(`CA ${caArn} is not in the handler's Region ${this.ctx.region}: deploy the stack in the CA's Region`);
    }
    const csr = await this.ctx.csrOf(caArn);
    if (props.CsrBucket && props.CsrKey) await this.publishCsr(props.CsrBucket, props.CsrKey, csr, caArn);
    if (!props.Certificate) {
      this.ctx.log('no certificate given yet: the CA waits, its CSR published', { certificateAuthorityArn: caArn });
      return { PhysicalResourceId: physicalIdOf(caArn), Data: this.attributes(caArn) };
    }
    const problems = externalCertificateProblems(props.Certificate, props.CertificateChain, csr, parseInteger(props.PathLength) ?? 0, this.ctx.now);
    const certificate = new X509Certificate(props.Certificate);
    if (problems.length > 0) {
      throw new Error(`refusing to install certificate ${describe(certificate)} into CA ${caArn}: ${problems.join('; ')}; nothing was installed`);
    }
    const held = await this.ctx.caState(caArn);
    if (held?.certificatePem && new X509Certificate(held.certificatePem).fingerprint256 === certificate.fingerprint256) {
      this.ctx.log('the CA holds this certificate already: keeping it', { certificateAuthorityArn: caArn });
    } else {
      await this.ctx.aws.call('ImportCertificateAuthorityCertificate', `CA ${caArn}`,
        () => this.ctx.pca.send(new ImportCertificateAuthorityCertificateCommand({
          CertificateAuthorityArn: caArn,
          Certificate: Buffer.from(props.Certificate!, 'utf8'),
          CertificateChain: Buffer.from(props.CertificateChain, 'utf8'),
        })), { via: OWN_CREDENTIALS, accessHint: 'check that the signer\'s role allows acm-pca:ImportCertificateAuthorityCertificate on it' });
      this.ctx.log('certificate signed outside AWS installed', { certificateAuthorityArn: caArn, serial: formatSerial(certificate.serialNumber) });
    }
    return { PhysicalResourceId: physicalIdOf(caArn, fingerprintOf(certificate)), Data: this.attributes(caArn, certificate) };
  }

  private attributes(caArn: string, certificate?: X509Certificate): ExternalCaCertificateAttributes {
    return {
      CertificateArn: certificate ? externalCertificateId(certificate.fingerprint256) : PENDING_CERTIFICATE_ID,
      SerialNumber: certificate ? formatSerial(certificate.serialNumber) : '',
      NotAfter: certificate ? new Date(certificate.validTo).toISOString() : '',
      ParentCertificateAuthorityArn: EXTERNAL_PARENT_ARN,
      CertificateAuthorityArn: caArn,
      Status: certificate ? EXTERNAL_CERTIFICATE_INSTALLED : EXTERNAL_CERTIFICATE_PENDING,
    };
  }

  private async publishCsr(bucket: string, key: string, csr: string, caArn: string): Promise<void> {
    await this.ctx.aws.call('PutObject', `s3://${bucket}/${key}`,
      () => this.ctx.clients.get(S3Client).send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: csr, ContentType: 'application/pkcs10' })),
      { via: OWN_CREDENTIALS, accessHint: `check that the signer's role may put ${key} into the bucket (and use its KMS key)` });
    this.ctx.log('CSR published', { certificateAuthorityArn: caArn, bucket, key });
  }

  private async remove(physicalId: string, props: ExternalCaCertificateProperties): Promise<ExternalResponse> {
    const done = { PhysicalResourceId: physicalId };
    const recorded = parsePhysicalId(physicalId);
    if (!recorded) {
      this.ctx.log('physical id records no CA (a create that failed): nothing to clean up', { physicalId });
      return done;
    }
    const caArn = recorded.caArn;
    const held = await this.ctx.caState(caArn);
    const heldFingerprint = held?.certificatePem ? fingerprintOf(new X509Certificate(held.certificatePem)) : undefined;
    let stack: StackState | undefined;
    if (heldFingerprint !== undefined && heldFingerprint !== recorded.fingerprint) {
      // A pending id is superseded by the first certificate, except when the stack is deleted while it still records it:
      // a rollback went back to pending after the import (which nothing undoes), and the CA goes as its policy says.
      stack = recorded.fingerprint === undefined ? await this.ctx.stack.state() : undefined;
      if (!stack?.deleting) {
        // A newer certificate (a renewal by the parent), or the one a rollback went back to: this one is superseded.
        this.ctx.log('the CA holds another certificate: this one is superseded (a parent outside AWS revokes it, if it must)', { certificateAuthorityArn: caArn });
        return done;
      }
    }
    stack ??= await this.ctx.stack.state();
    const logicalId = this.ctx.event.LogicalResourceId;
    if (stack.rollingBack) {
      const current = await this.ctx.stack.physicalIdOf(logicalId);
      if (current.unknown) {
        throw new Error(`rollback: cannot tell which resource CloudFormation goes back to for ${caArn} (DescribeStackResource failed); nothing was `
          + 'changed. Retry the rollback (continue-update-rollback), or check the signer\'s cloudformation:DescribeStackResource right');
      }
      if (parsePhysicalId(current.physicalId ?? '')?.caArn !== caArn) {
        // The failed operation created this CA: CloudFormation deletes it, which it cannot while the CA is ACTIVE.
        await this.ctx.disable(caArn, held, 'CloudFormation deletes the CA a failed operation created');
      }
      return done;
    }
    const { policy, restorationDays } = removalSettings(props as unknown as Record<string, unknown>);
    if (stack.deleting) {
      await this.retirements.retireAllNow();
    } else if (policy === 'DESTROY' && await this.ctx.stack.replaced(logicalId, physicalId)) {
      // Replaced on purpose (a new generation): it keeps serving what it issued, and retires once that has expired.
      const scheduled = await this.retirements.schedule({ arn: caArn, policy, restorationDays, retireAfterDays: props.RetireAfterDays, held });
      if (scheduled) return done;
    }
    await this.ctx.retire(caArn, policy, restorationDays, false, held);
    return done;
  }
}
