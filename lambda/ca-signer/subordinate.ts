/**
 * Custom::PkiSubordinateCaCertificate: has a subordinate CA's CSR signed by its parent (parent.ts: the parent's
 * signing authority in another account and Region, or the parent CA itself), and installs the certificate into
 * the subordinate. It installs the certificate itself because a CA certificate and its chain do not fit in a
 * custom resource response (4 KB); Data carries only small strings.
 *
 * The resource always receives its Delete (its own policy is Delete, whatever the CA's), and the physical
 * id records the certificate and what it was signed for (see digest.ts):
 * - Create signs. Update keeps the certificate when what it would contain is unchanged, signs again when it
 *   changed, and signs the new CA when the CA was replaced (a new physical id: CloudFormation then deletes
 *   the old one, which retires the old CA).
 * - Delete tells apart: a certificate that a newer one superseded (revoked when asked, the CA untouched); a
 *   rollback (the certificate CloudFormation went back to is installed again, or the CA the failed
 *   operation created is disabled so that CloudFormation can delete it); and a CA that left the stack or
 *   was replaced (revoked when asked, then kept, disabled or deleted with a restoration period, as chosen).
 */
import { X509Certificate } from 'node:crypto';
import { ImportCertificateAuthorityCertificateCommand } from '@aws-sdk/client-acm-pca';
import { sameSerial, serialOf, verifyChain } from './certificates';
import type { ValidityUnit } from './certificates';
import { HandlerContext, OWN_CREDENTIALS, removalSettings } from './context';
import type { CaState } from './context';
import { certificatePublicKey, csrPublicKey } from './csr';
import { parseSigningPhysicalId, signingDigest, signingPhysicalId } from './digest';
import type { SigningPhysicalId } from './digest';
import { encodeNameConstraints } from './name-constraints';
import { ParentCas, requireActive } from './parent';
import type { IssuedCertificate, SigningParent } from './parent';
import { RenewalRecords, renewedAttributes, renewedCertificate } from './renewal-records';
import { checkValidity, legacyDigest, readProperties } from './request';
import type { Properties } from './request';
import { Retirements } from './retirement';
import { Revocation } from './revocation';
import { parseCaArn } from '../../src/private/contracts/arn';
import { REVOCATION_REASON_CESSATION, REVOCATION_REASON_SUPERSEDED } from '../../src/private/contracts/aws-hierarchy';
import type { CaRenewalRecord } from '../../src/private/contracts/ca-renewal';
import type { ParentReference, SubordinateCertificateAttributes } from '../../src/private/contracts/signing';
import { errorName, messageOf } from '../shared/errors';
import { formatSerial } from '../shared/pem';
import { parseBoolean, parseInteger } from '../shared/properties';

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: SubordinateCertificateAttributes;
}

/** How a renewal signs differently from the resource: a shorter validity (capped by the parent), its own seed. */
export interface SignOptions {
  /** The validity asked for instead of the properties'. @default - the properties' */
  readonly validity?: { readonly unit: ValidityUnit; readonly value: number };
  /** What names the signing for the parent's idempotency. @default - the resource, the digest and the certificate it replaces */
  readonly seed?: string;
}

export class SubordinateSigner {
  private readonly log: HandlerContext['log'];
  private readonly parents: ParentCas;
  private readonly revocation: Revocation;
  private readonly records: RenewalRecords;
  private readonly retirements: Retirements;

  constructor(private readonly ctx: HandlerContext) {
    this.log = ctx.log;
    this.parents = new ParentCas(ctx);
    this.revocation = new Revocation(ctx, this.parents);
    this.records = new RenewalRecords(ctx, ctx.event.StackId);
    this.retirements = new Retirements(ctx, ctx.event.StackId);
  }

  public async run(): Promise<OnEventResponse> {
    const event = this.ctx.event;
    switch (event.RequestType) {
      case 'Create':
        return this.sign(readProperties(event.ResourceProperties));
      case 'Update':
        return this.update(readProperties(event.ResourceProperties), event.OldResourceProperties as unknown as Properties | undefined,
          event.PhysicalResourceId);
      case 'Delete':
        return this.remove(event.PhysicalResourceId, event.ResourceProperties as unknown as Properties);
    }
  }

  /**
   * Update: the certificate of the physical id is kept when the new properties would give the same
   * certificate (same CA key, template, validity, parent and constraints); anything else is signed again,
   * under a new physical id. The physical id, not the old properties, is the record: in CloudFormation's
   * rollback Update the old properties are those of the failed update. Physical ids of earlier versions
   * record no digest; theirs is computed from the old properties.
   */
  private async update(props: Properties, old: Properties | undefined, physicalId: string): Promise<OnEventResponse> {
    const current = parseSigningPhysicalId(physicalId);
    const subordinateArn = props.CertificateAuthorityArn;
    if (!current) {
      this.log('the resource holds no certificate yet: signing', { subordinateArn, physicalId });
      return this.sign(props);
    }
    const parent = this.parents.reach(props.Parent, subordinateArn);
    const parentArn = await parent.arn();
    const desired = signingDigest(props, parentArn);
    const recorded = current.digest ?? (old?.CertificateAuthorityArn === subordinateArn ? legacyDigest(old, current.caArn) : undefined);
    if (recorded !== desired || current.caArn !== parentArn) {
      this.log('the certificate would change: signing', { subordinateArn, parentArn, previousParentArn: current.caArn });
      return this.sign(props, parent);
    }
    const installed = await this.ctx.caState(subordinateArn);
    if (await this.holdsAnother(installed, current, parent)) {
      const renewal = await this.renewalOf(current, parent);
      if (renewal && renewal.Digest === desired && renewal.ParentCertificateAuthorityArn === parentArn) {
        // An automatic renewal of this certificate (renewal.ts): the resource's certificate in a newer form.
        if (!sameSerial(installed!.serial!, renewal.SerialNumber)) {
          await this.reinstall(parent, renewedCertificate(renewal), subordinateArn, 'it is the renewal of the resource\'s certificate');
        }
        this.log('the CA holds the automatic renewal of the certificate: keeping it', { subordinateArn, certificateArn: renewal.CertificateArn });
        return { PhysicalResourceId: physicalId, Data: renewedAttributes(renewal, subordinateArn) };
      }
      // The CA holds another certificate than the one this resource records (an update that CloudFormation
      // rolled back had installed it): put the recorded one back.
      await this.reinstall(parent, current, subordinateArn, 'the resource records it and the CA holds another');
      return { PhysicalResourceId: physicalId, Data: await this.attributes(parent, current, subordinateArn) };
    }
    this.log('nothing the certificate contains changed: keeping it', { subordinateArn, certificateArn: current.certificateArn });
    return { PhysicalResourceId: physicalId, Data: await this.attributes(parent, current, subordinateArn, installed) };
  }

  /** Sign, verify, install: the first signing, a signing again, and a renewal (renewal.ts), all the same way. */
  public async sign(props: Properties, known?: SigningParent, options: SignOptions = {}): Promise<OnEventResponse> {
    const subordinateArn = props.CertificateAuthorityArn;
    const subordinate = parseCaArn(subordinateArn);
    if (subordinate && subordinate.region !== this.ctx.region) {
      throw new Error(`subordinate CA ${subordinateArn} is in ${subordinate.region} but the signer runs in ${this.ctx.region}: `
        + 'deploy the signer in the subordinate CA\'s Region');
    }
    const unit = options.validity?.unit ?? props.ValidityType as ValidityUnit;
    const value = options.validity?.value ?? parseInteger(props.ValidityValue)!;
    const nameConstraints = props.NameConstraints ? encodeNameConstraints(props.NameConstraints) : undefined;

    await this.checkCsr(props);
    const parent = known ?? this.parents.reach(props.Parent, subordinateArn);
    const parentState = await parent.describe();
    const parentArn = parentState.arn;
    requireActive(parentState);
    checkValidity({ NotAfter: parentState.notAfter }, parentArn, unit, value, this.ctx.now);
    const signingAlgorithm = props.SigningAlgorithm || parentState.signingAlgorithm;
    if (!signingAlgorithm) throw new Error(`parent CA ${parentArn} reports no signing algorithm: set SigningAlgorithm`);

    const digest = signingDigest(props, parentArn);
    // The seed names what the certificate would contain and the certificate it replaces: a retry of this
    // request (a redeployment after a timeout) gets the same certificate, while a later signing with the same
    // content (a rollback) gets a new one.
    const event = this.ctx.event;
    const idempotencySeed = options.seed
      ?? JSON.stringify([event.StackId, event.LogicalResourceId, subordinateArn, digest, (await this.ctx.caState(subordinateArn))?.serial ?? 'none']);
    const asked = options.validity ? { ...props, ValidityType: unit, ValidityValue: String(value) } : props;
    const { certificateArn, certificatePem, chainPem } = await parent.sign({
      props: asked, parentArn, signingAlgorithm, nameConstraints, idempotencySeed,
    });
    let certificate: X509Certificate;
    try {
      certificate = verifyChain(certificatePem, chainPem);
    } catch (e) {
      throw new Error(`refusing to install certificate ${certificateArn} from parent CA ${parentArn} into ${subordinateArn}: `
        + `its chain does not verify: ${messageOf(e)}`, { cause: e });
    }
    await this.install(subordinateArn, certificatePem, chainPem);

    const data: SubordinateCertificateAttributes = {
      CertificateArn: certificateArn,
      SerialNumber: formatSerial(certificate.serialNumber),
      NotAfter: new Date(certificate.validTo).toISOString(),
      ParentCertificateAuthorityArn: parentArn,
      CertificateAuthorityArn: subordinateArn,
    };
    this.log('certificate installed', { subordinateArn, ...data });
    return { PhysicalResourceId: signingPhysicalId(certificateArn, digest), Data: data };
  }

  /**
   * The CSR must be the CA's current one: AWS would refuse to install a certificate for another key only after
   * the parent has issued it.
   */
  private async checkCsr(props: Properties): Promise<void> {
    const subordinateArn = props.CertificateAuthorityArn;
    const current = await this.ctx.csrOf(subordinateArn);
    if (!csrPublicKey(current).equals(csrPublicKey(props.CertificateSigningRequest))) {
      throw new Error(`refusing to sign for subordinate CA ${subordinateArn}: the CSR in the request is not the CA's current CSR `
        + '(its public key differs from the one GetCertificateAuthorityCsr returns); nothing was issued. Deploy again so that '
        + 'CloudFormation passes the CA\'s own CSR');
    }
  }

  /** Installs a certificate and its chain into a subordinate CA of this account. */
  private async install(subordinateArn: string, certificatePem: string, chainPem: string | undefined): Promise<void> {
    await this.ctx.aws.call('ImportCertificateAuthorityCertificate', `subordinate CA ${subordinateArn}`,
      () => this.ctx.pca.send(new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: subordinateArn,
        Certificate: Buffer.from(certificatePem, 'utf8'),
        CertificateChain: Buffer.from(chainPem ?? '', 'utf8'),
      })), { via: OWN_CREDENTIALS, accessHint: 'check that the signer\'s role allows acm-pca:ImportCertificateAuthorityCertificate on it' });
  }

  /** Installs a certificate the parent issued earlier again, after checking its chain. */
  private async reinstall(
    parent: SigningParent, certificate: SigningPhysicalId, subordinateArn: string, why: string, fetched?: IssuedCertificate,
  ): Promise<void> {
    const out = fetched ?? await parent.get(certificate);
    verifyChain(out.certificatePem, out.chainPem);
    await this.install(subordinateArn, out.certificatePem, out.chainPem);
    this.log('certificate installed again', { subordinateArn, certificateArn: certificate.certificateArn, why });
  }

  /** Attributes of a certificate the resource keeps: from the CA when it holds it, else from the parent. */
  private async attributes(
    parent: SigningParent, current: SigningPhysicalId, subordinateArn: string, installed?: CaState,
  ): Promise<SubordinateCertificateAttributes> {
    const pem = installed?.certificatePem ?? (await parent.get(current)).certificatePem;
    const certificate = new X509Certificate(pem);
    return {
      CertificateArn: current.certificateArn,
      SerialNumber: formatSerial(certificate.serialNumber),
      NotAfter: new Date(certificate.validTo).toISOString(),
      ParentCertificateAuthorityArn: current.caArn,
      CertificateAuthorityArn: subordinateArn,
    };
  }

  private async remove(physicalId: string, props: Properties): Promise<OnEventResponse> {
    const done = { PhysicalResourceId: physicalId };
    const cert = parseSigningPhysicalId(physicalId);
    if (!cert) {
      this.log('physical id is not a certificate (a create that failed): nothing to clean up', { physicalId });
      return done;
    }
    const subordinateArn = props.CertificateAuthorityArn;
    const revokeAsked = parseBoolean(props.RevokeOnDelete) ?? false;
    const { policy, restorationDays } = removalSettings(props as unknown as Record<string, unknown>);
    const held = await this.ctx.caState(subordinateArn);
    const stack = await this.ctx.stack.state();

    const parent = this.parents.reach(props.Parent, subordinateArn, cert.region);
    const another = !stack.deleting && !stack.rollingBack && await this.holdsAnother(held, cert, parent);
    // The resource's certificate renewed automatically: a newer form of it, not a newer signing.
    const renewal = stack.rollingBack ? undefined : await this.renewalOf(cert, parent);
    const renewed = renewal !== undefined && held?.serial !== undefined && sameSerial(held.serial, renewal.SerialNumber);
    if (another && !renewed) {
      // Cleanup after a signing: the CA holds the newer certificate.
      this.log('the CA holds a newer certificate: this one is superseded', { subordinateArn, certificateArn: cert.certificateArn });
      if (revokeAsked) {
        await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        if (renewal) await this.revocation.revoke(props.Parent, renewedCertificate(renewal), subordinateArn, REVOCATION_REASON_SUPERSEDED);
      }
      if (renewal) await this.records.delete(this.ctx.event.LogicalResourceId);
      return done;
    }

    if (stack.rollingBack) {
      await this.undo(cert, props, subordinateArn, held, revokeAsked);
      return done;
    }

    // The stack is deleted: the replaced generations still waiting for their retirement retire now, with it.
    if (stack.deleting) await this.retirements.retireAllNow();
    // The CA left the stack, the stack is deleted, or the CA was replaced on purpose (a new generation). A replaced
    // generation keeps serving what it issued (CRLs, revocation) and retires once that has expired (retirement.ts).
    if (!stack.deleting && (policy === 'DESTROY' || revokeAsked) && await this.ctx.stack.replaced(this.ctx.event.LogicalResourceId, physicalId)) {
      const scheduled = await this.retirements.schedule({
        arn: subordinateArn,
        policy,
        restorationDays,
        retireAfterDays: props.RetireAfterDays,
        held,
        revoke: revokeAsked
          ? { certificateArns: [...(renewal ? [renewal.CertificateArn] : []), cert.certificateArn], parent: props.Parent } : undefined,
      });
      if (scheduled) {
        if (renewal) await this.records.delete(this.ctx.event.LogicalResourceId);
        return done;
      }
    }
    let revoked = false;
    if (revokeAsked) {
      // Both the resource's certificate and its renewal carry the CA's key: both are revoked.
      const renewalRevoked = renewal !== undefined
        && await this.revocation.revoke(props.Parent, renewedCertificate(renewal), subordinateArn, REVOCATION_REASON_CESSATION);
      const ownRevoked = await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_CESSATION);
      // What the CA holds is revoked: whatever it issued from now on would not validate.
      revoked = renewed ? renewalRevoked : ownRevoked;
    }
    await this.ctx.retire(subordinateArn, policy, restorationDays, revoked, held);
    if (renewal) await this.records.delete(this.ctx.event.LogicalResourceId);
    return done;
  }

  /**
   * Delete during a rollback: CloudFormation goes back to the physical id it had before the failed operation.
   * When that is another certificate of the same CA, it is installed again (unless the CA holds it already)
   * and the deleted one is revoked when asked; when the resource has no other physical id to go back to, the CA
   * was created by the failed operation, and is disabled so that CloudFormation can delete it.
   */
  private async undo(cert: SigningPhysicalId, props: Properties, subordinateArn: string, held: CaState | undefined, revokeAsked: boolean) {
    const current = await this.ctx.stack.physicalIdOf(this.ctx.event.LogicalResourceId);
    if (current.unknown) {
      // Disabling a CA in use, or leaving one CloudFormation must delete: neither is safe on a guess.
      throw new Error(`rollback: cannot tell which certificate CloudFormation goes back to for ${subordinateArn} (DescribeStackResource `
        + 'failed); nothing was changed. Retry the rollback (continue-update-rollback), or check the signer\'s cloudformation:DescribeStackResource right');
    }
    const restored = parseSigningPhysicalId(current.physicalId);
    if (restored && restored.certificateArn !== cert.certificateArn && held !== undefined) {
      if (held.serial !== undefined && sameSerial(held.serial, restored.serial)) {
        this.log('rollback: the CA holds the certificate CloudFormation went back to', { subordinateArn, certificateArn: restored.certificateArn });
        if (revokeAsked) await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        return;
      }
      const parent = this.accessTo(restored, cert, props.Parent, subordinateArn);
      if (parent === undefined) {
        // The deleted resource's properties reach another parent. The resource's next Update installs the
        // restored certificate again (it records it, and the CA holds another); until then the CA keeps this one.
        this.log('rollback: the parent of the restored certificate is not reachable from this Delete; the next deployment installs it again',
          { subordinateArn, restored: restored.certificateArn });
        return;
      }
      // When the restored certificate was renewed automatically, its renewal is what the CA should hold (as in update()).
      const renewal = await this.renewalOf(restored, parent);
      if (renewal) {
        if (held.serial === undefined || !sameSerial(held.serial, renewal.SerialNumber)) {
          await this.reinstall(parent, renewedCertificate(renewal), subordinateArn, 'it renews the certificate CloudFormation rolled back to');
        }
        if (revokeAsked) await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        return;
      }
      const previous = await parent.get(restored);
      const csrKey = csrPublicKey(await this.ctx.csrOf(subordinateArn));
      if (certificatePublicKey(new X509Certificate(previous.certificatePem)).equals(csrKey)) {
        if (held.serial === undefined || !sameSerial(held.serial, serialOf(previous.certificatePem) ?? restored.serial)) {
          await this.reinstall(parent, restored, subordinateArn, 'CloudFormation rolled back to it', previous);
        }
        if (revokeAsked) await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        return;
      }
    }
    this.log('rollback: the failed operation created this CA; disabling it so that CloudFormation can delete it', { subordinateArn });
    if (revokeAsked) await this.revocation.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_CESSATION);
    await this.ctx.disable(subordinateArn, held, 'CloudFormation deletes the CA a failed operation created');
  }

  /**
   * Access to the parent that issued `restored`: through the deleted resource's parent reference when the same
   * parent issued both certificates, with the signer's own credentials when that parent is in its own account
   * and Region (a parent in the stack), else none.
   */
  private accessTo(
    restored: SigningPhysicalId, deleted: SigningPhysicalId, parentRef: ParentReference | undefined, subordinateArn: string,
  ): SigningParent | undefined {
    if (restored.caArn === deleted.caArn) return this.parents.reach(parentRef, subordinateArn, restored.region);
    const own = parseCaArn(subordinateArn);
    if (own && own.account === restored.account && own.region === restored.region) {
      return this.parents.reach(undefined, subordinateArn, restored.region);
    }
    return undefined;
  }

  /** The renewal record of this resource when it renewed `cert` (renewal-records.ts), else undefined. */
  private renewalOf(cert: SigningPhysicalId, parent: SigningParent): Promise<CaRenewalRecord | undefined> {
    return this.records.renewing(this.ctx.event.LogicalResourceId, cert, parent);
  }

  /**
   * Whether the CA holds another certificate than `cert`. AWS Private CA ends a certificate ARN with the
   * serial, so the ARN usually tells; when it does not, the certificate itself is read from the parent.
   */
  private async holdsAnother(held: CaState | undefined, cert: SigningPhysicalId, parent: SigningParent): Promise<boolean> {
    if (held?.serial === undefined || sameSerial(held.serial, cert.serial)) return false;
    try {
      const issued = serialOf((await parent.get(cert)).certificatePem);
      return issued === undefined || !sameSerial(held.serial, issued);
    } catch (e) {
      this.log('cannot read the certificate to compare serials; taking the ARN\'s', { certificateArn: cert.certificateArn, error: errorName(e) });
      return true;
    }
  }

}
