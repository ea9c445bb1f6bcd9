/**
 * Custom::PkiSubordinateCaCertificate: signs a subordinate CA's CSR with its parent CA, possibly in another
 * account and Region through a signer role, and installs the certificate into the subordinate. It installs
 * the certificate itself because a CA certificate and its chain do not fit in a custom resource response
 * (4 KB); Data carries only small strings.
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
import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  RevokeCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority, GetCertificateCommandOutput } from '@aws-sdk/client-acm-pca';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  formatSerial, longestValidity, parseCaArn, sameSerial, VALIDITY_UNITS, validityEnd, verifyChain,
} from './certificates';
import type { ValidityUnit } from './certificates';
import { HandlerContext, OWN_CREDENTIALS, awsError, removalSettings, serialOf } from './context';
import type { CaState } from './context';
import { certificatePublicKey, csrPublicKey } from './csr';
import { parseSigningPhysicalId, signingDigest, signingPhysicalId } from './digest';
import type { SigningPhysicalId } from './digest';
import { encodeNameConstraints } from './name-constraints';
import {
  ISSUE_IDEMPOTENCY_TOKEN_LENGTH, NAME_CONSTRAINTS_OID, REVOCATION_REASON_CESSATION, REVOCATION_REASON_SUPERSEDED,
} from '../../src/private/contracts/aws-strings';
import type { ParentReference, SubordinateCertificateAttributes, SubordinateCertificateProperties } from '../../src/private/contracts/signing';
import { ACCESS_DENIED_ERRORS, causeOf, errorName, messageOf } from '../shared/errors';
import { waitForIssuedCertificate } from '../shared/pca-waiter';

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: SubordinateCertificateAttributes;
}

type Properties = SubordinateCertificateProperties & { readonly ServiceToken?: string };

/** Clients that reach the parent CA, and how they got their credentials (for messages). */
interface ParentAccess {
  readonly pca: ACMPCAClient;
  readonly ssm: SSMClient;
  readonly region: string;
  readonly via: string;
}

/** The parent, reached and resolved. */
interface Parent extends ParentAccess {
  readonly arn: string;
}

const ROLE_SESSION_NAME = 'cdk-pki-signer';
/** STS minimum: the role is used for a few calls within one invocation. */
const ROLE_SESSION_SECONDS = 900;

export class SubordinateSigner {
  private readonly log: HandlerContext['log'];

  constructor(private readonly ctx: HandlerContext) {
    this.log = ctx.log;
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
    const parent = await this.parent(props.Parent, subordinateArn);
    const desired = signingDigest(props, parent.arn);
    const recorded = current.digest ?? (old?.CertificateAuthorityArn === subordinateArn ? legacyDigest(old, current.caArn) : undefined);
    if (recorded !== desired || current.caArn !== parent.arn) {
      this.log('the certificate would change: signing', { subordinateArn, parentArn: parent.arn, previousParentArn: current.caArn });
      return this.sign(props, parent);
    }
    const installed = await this.ctx.caState(subordinateArn);
    if (await this.holdsAnother(installed, current, parent)) {
      // The CA holds another certificate than the one this resource records (an update that CloudFormation
      // rolled back had installed it): put the recorded one back.
      await this.reinstall(parent, current, subordinateArn, 'the resource records it and the CA holds another');
      return { PhysicalResourceId: physicalId, Data: await this.attributes(parent, current, subordinateArn) };
    }
    this.log('nothing the certificate contains changed: keeping it', { subordinateArn, certificateArn: current.certificateArn });
    return { PhysicalResourceId: physicalId, Data: await this.attributes(parent, current, subordinateArn, installed) };
  }

  /** Issue, verify, install. */
  private async sign(props: Properties, known?: Parent): Promise<OnEventResponse> {
    const subordinateArn = props.CertificateAuthorityArn;
    const subordinate = parseCaArn(subordinateArn);
    if (subordinate && subordinate.region !== this.ctx.region) {
      throw new Error(`subordinate CA ${subordinateArn} is in ${subordinate.region} but the signer runs in ${this.ctx.region}: `
        + 'deploy the signer in the subordinate CA\'s Region');
    }
    const unit = props.ValidityType as ValidityUnit;
    const value = Number(props.ValidityValue);
    const nameConstraints = props.NameConstraints ? encodeNameConstraints(props.NameConstraints) : undefined;

    await this.checkCsr(props);
    const parent = known ?? await this.parent(props.Parent, subordinateArn);
    const parentCa = await this.describeParent(parent);
    checkValidity(parentCa, parent.arn, unit, value, new Date());
    const signingAlgorithm = props.SigningAlgorithm || parentCa.CertificateAuthorityConfiguration?.SigningAlgorithm;
    if (!signingAlgorithm) throw new Error(`parent CA ${parent.arn} reports no signing algorithm: set SigningAlgorithm`);

    const digest = signingDigest(props, parent.arn);
    const held = await this.ctx.caState(subordinateArn);
    // The token names what the certificate would contain and the certificate it replaces: a retry of this
    // request (a redeployment after a timeout) gets the same certificate from AWS Private CA, while a later
    // signing with the same content (a rollback) gets a new one.
    const event = this.ctx.event;
    const idempotencyToken = createHash('sha256')
      .update(JSON.stringify([event.StackId, event.LogicalResourceId, subordinateArn, digest, held?.serial ?? 'none']))
      .digest('hex').slice(0, ISSUE_IDEMPOTENCY_TOKEN_LENGTH);

    const issued = await this.ctx.call('IssueCertificate', `parent CA ${parent.arn}`, parent.via, () => parent.pca.send(new IssueCertificateCommand({
      CertificateAuthorityArn: parent.arn,
      Csr: Buffer.from(props.CertificateSigningRequest, 'utf8'),
      TemplateArn: props.TemplateArn,
      Validity: { Type: unit, Value: value },
      SigningAlgorithm: signingAlgorithm as never,
      IdempotencyToken: idempotencyToken,
      ApiPassthrough: nameConstraints ? {
        Extensions: {
          CustomExtensions: [{ ObjectIdentifier: NAME_CONSTRAINTS_OID, Value: nameConstraints.toString('base64'), Critical: true }],
        },
      } : undefined,
    })), `check that it allows acm-pca:IssueCertificate with template ${props.TemplateArn}`);
    const certificateArn = issued.CertificateArn;
    if (!certificateArn) throw new Error(`IssueCertificate on parent CA ${parent.arn} returned no certificate ARN`);
    this.log('certificate requested', { parentArn: parent.arn, certificateArn, awsRequestId: issued.$metadata?.requestId });

    const { Certificate: certificatePem, CertificateChain: chainPem } = await this.waitForCertificate(parent, certificateArn);
    if (!certificatePem) throw new Error(`GetCertificate of ${certificateArn} returned no certificate`);
    let certificate: X509Certificate;
    try {
      certificate = verifyChain(certificatePem, chainPem);
    } catch (e) {
      throw new Error(`refusing to install certificate ${certificateArn} from parent CA ${parent.arn} into ${subordinateArn}: `
        + `its chain does not verify: ${messageOf(e)}`, { cause: e });
    }
    await this.install(subordinateArn, certificatePem, chainPem);

    const data: SubordinateCertificateAttributes = {
      CertificateArn: certificateArn,
      SerialNumber: formatSerial(certificate.serialNumber),
      NotAfter: new Date(certificate.validTo).toISOString(),
      ParentCertificateAuthorityArn: parent.arn,
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
    await this.ctx.call('ImportCertificateAuthorityCertificate', `subordinate CA ${subordinateArn}`, OWN_CREDENTIALS,
      () => this.ctx.pca.send(new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: subordinateArn,
        Certificate: Buffer.from(certificatePem, 'utf8'),
        CertificateChain: Buffer.from(chainPem ?? '', 'utf8'),
      })), 'check that the signer\'s role allows acm-pca:ImportCertificateAuthorityCertificate on it');
  }

  /** Installs a certificate the parent issued earlier again, after checking its chain. */
  private async reinstall(
    parent: ParentAccess, certificate: SigningPhysicalId, subordinateArn: string, why: string, fetched?: GetCertificateCommandOutput,
  ): Promise<void> {
    const out = fetched ?? await this.getIssued(parent, certificate);
    verifyChain(out.Certificate ?? '', out.CertificateChain);
    await this.install(subordinateArn, out.Certificate!, out.CertificateChain);
    this.log('certificate installed again', { subordinateArn, certificateArn: certificate.certificateArn, why });
  }

  private async getIssued(parent: ParentAccess, certificate: SigningPhysicalId): Promise<GetCertificateCommandOutput> {
    return this.ctx.call('GetCertificate', `certificate ${certificate.certificateArn}`, parent.via,
      () => parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: certificate.caArn, CertificateArn: certificate.certificateArn })),
      `check that it allows acm-pca:GetCertificate on ${certificate.caArn}`);
  }

  /** Attributes of a certificate the resource keeps: from the CA when it holds it, else from the parent. */
  private async attributes(
    parent: ParentAccess, current: SigningPhysicalId, subordinateArn: string, installed?: CaState,
  ): Promise<SubordinateCertificateAttributes> {
    const pem = installed?.certificatePem ?? (await this.getIssued(parent, current)).Certificate ?? '';
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
    const revokeAsked = props.RevokeOnDelete === 'true';
    const { policy, restorationDays } = removalSettings(props as unknown as Record<string, unknown>);
    const held = await this.ctx.caState(subordinateArn);
    const stack = await this.ctx.stack.state();

    const superseded = !stack.deleting && !stack.rollingBack
      && await this.holdsAnother(held, cert, () => this.access(props.Parent ?? { Region: cert.region }, subordinateArn, cert.region));
    if (superseded) {
      // Cleanup after a signing: the CA holds the newer certificate.
      this.log('the CA holds a newer certificate: this one is superseded', { subordinateArn, certificateArn: cert.certificateArn });
      if (revokeAsked) await this.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
      return done;
    }

    if (stack.rollingBack) {
      await this.undo(cert, props, subordinateArn, held, revokeAsked);
      return done;
    }

    // The CA left the stack, the stack is deleted, or the CA was replaced on purpose (a new generation).
    const revoked = revokeAsked && await this.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_CESSATION);
    await this.ctx.retire(subordinateArn, policy, restorationDays, revoked, held);
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
        if (revokeAsked) await this.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        return;
      }
      const parent = await this.accessTo(restored, cert, props.Parent, subordinateArn);
      if (parent === undefined) {
        // The deleted resource's properties reach another parent. The resource's next Update installs the
        // restored certificate again (it records it, and the CA holds another); until then the CA keeps this one.
        this.log('rollback: the parent of the restored certificate is not reachable from this Delete; the next deployment installs it again',
          { subordinateArn, restored: restored.certificateArn });
        return;
      }
      const previous = await this.getIssued(parent, restored);
      const csrKey = csrPublicKey(await this.ctx.csrOf(subordinateArn));
      if (certificatePublicKey(new X509Certificate(previous.Certificate ?? '')).equals(csrKey)) {
        if (held.serial === undefined || !sameSerial(held.serial, serialOf(previous.Certificate) ?? restored.serial)) {
          await this.reinstall(parent, restored, subordinateArn, 'CloudFormation rolled back to it', previous);
        }
        if (revokeAsked) await this.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_SUPERSEDED);
        return;
      }
    }
    this.log('rollback: the failed operation created this CA; disabling it so that CloudFormation can delete it', { subordinateArn });
    if (revokeAsked) await this.revoke(props.Parent, cert, subordinateArn, REVOCATION_REASON_CESSATION);
    await this.ctx.disable(subordinateArn, held, 'CloudFormation deletes the CA a failed operation created');
  }

  /**
   * Access to the parent that issued `restored`: through the deleted resource's parent reference when the same
   * parent issued both certificates, with the signer's own credentials when that parent is in its own account
   * and Region (a parent in the stack), else none.
   */
  private async accessTo(
    restored: SigningPhysicalId, deleted: SigningPhysicalId, parentRef: ParentReference | undefined, subordinateArn: string,
  ): Promise<ParentAccess | undefined> {
    if (restored.caArn === deleted.caArn) {
      return this.access(parentRef ?? { Region: restored.region }, subordinateArn, restored.region);
    }
    const own = parseCaArn(subordinateArn);
    if (own && own.account === restored.account && own.region === restored.region) {
      return this.access({ Region: restored.region }, subordinateArn, restored.region);
    }
    return undefined;
  }

  /**
   * Whether the CA holds another certificate than `cert`. AWS Private CA ends a certificate ARN with the
   * serial, so the ARN usually tells; when it does not, the certificate itself is read from the parent.
   */
  private async holdsAnother(
    held: CaState | undefined, cert: SigningPhysicalId, parent: ParentAccess | (() => Promise<ParentAccess>),
  ): Promise<boolean> {
    if (held?.serial === undefined || sameSerial(held.serial, cert.serial)) return false;
    try {
      const access = typeof parent === 'function' ? await parent() : parent;
      const issued = serialOf((await this.getIssued(access, cert)).Certificate);
      return issued === undefined || !sameSerial(held.serial, issued);
    } catch (e) {
      this.log('cannot read the certificate to compare serials; taking the ARN\'s', { certificateArn: cert.certificateArn, error: errorName(e) });
      return true;
    }
  }

  /** Revokes a certificate at its parent; returns whether it is revoked now. */
  private async revoke(parentRef: ParentReference | undefined, cert: SigningPhysicalId, subordinateArn: string, reason: string): Promise<boolean> {
    const parent = await this.access(parentRef ?? { Region: cert.region }, subordinateArn, cert.region);
    let serial = cert.serial;
    // The certificate itself is the authority on its serial; the ARN's last field is the fallback.
    try {
      const out = await parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: cert.caArn, CertificateArn: cert.certificateArn }));
      serial = serialOf(out.Certificate) ?? serial;
    } catch (e) {
      this.log('cannot read the certificate, taking its serial from the ARN', { certificateArn: cert.certificateArn, error: errorName(e) });
    }
    try {
      await this.ctx.call('RevokeCertificate', `certificate ${cert.certificateArn} (serial ${formatSerial(serial)})`, parent.via,
        () => parent.pca.send(new RevokeCertificateCommand({
          CertificateAuthorityArn: cert.caArn, CertificateSerial: formatSerial(serial), RevocationReason: reason as never,
        })), `check that it allows acm-pca:RevokeCertificate on ${cert.caArn}`);
      this.log('certificate revoked', { certificateArn: cert.certificateArn, serial: formatSerial(serial), reason });
      return true;
    } catch (e) {
      const name = errorName(causeOf(e));
      if (name === 'RequestAlreadyProcessedException') {
        this.log('certificate was already revoked', { certificateArn: cert.certificateArn });
        return true;
      }
      if (name === 'ResourceNotFoundException' || name === 'InvalidStateException') {
        // A parent that is gone or no longer ACTIVE (retired) cannot revoke; its CRL and OCSP ended with it.
        this.log('the parent CA cannot revoke (gone or not ACTIVE): certificate left as it is', { parentArn: cert.caArn, error: name });
        return false;
      }
      throw e;
    }
  }

  /** The parent, reached (through the signer role when there is one) and its ARN resolved. */
  private async parent(ref: ParentReference, subordinateArn: string): Promise<Parent> {
    const access = await this.access(ref, subordinateArn, ref.Region);
    return { ...access, arn: await this.resolveParentArn(access, ref) };
  }

  /** Clients for the parent CA's account and a Region, through the signer role when there is one. */
  private async access(parent: ParentReference, subordinateArn: string, region: string): Promise<ParentAccess> {
    let credentials = this.ctx.options.credentials;
    let via = OWN_CREDENTIALS;
    if (parent.RoleArn) {
      const sts = new STSClient(this.ctx.clientConfig(this.ctx.region, this.ctx.options.credentials));
      let out;
      try {
        out = await sts.send(new AssumeRoleCommand({
          RoleArn: parent.RoleArn, RoleSessionName: ROLE_SESSION_NAME, DurationSeconds: ROLE_SESSION_SECONDS,
        }));
      } catch (e) {
        const account = parseCaArn(subordinateArn)?.account ?? 'of the subordinate CA';
        if (ACCESS_DENIED_ERRORS.has(errorName(e))) {
          throw new Error(`cannot assume signer role ${parent.RoleArn}: ${messageOf(e)}; check that the root stack trusts account ${account} `
            + `(the subordinate CA ${subordinateArn}) and that this stack was deployed after it`, { cause: e });
        }
        throw awsError('AssumeRole', `signer role ${parent.RoleArn}`, `from account ${account}`, e);
      }
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole of ${parent.RoleArn} returned no credentials`);
      credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      via = `through signer role ${parent.RoleArn}`;
      this.log('assumed signer role', { roleArn: parent.RoleArn, assumedRoleId: out.AssumedRoleUser?.AssumedRoleId });
    }
    const config = this.ctx.clientConfig(region, credentials);
    return { pca: new ACMPCAClient(config), ssm: new SSMClient(config), region, via };
  }

  private async resolveParentArn(parent: ParentAccess, ref: ParentReference): Promise<string> {
    if (ref.CertificateAuthorityArn) return ref.CertificateAuthorityArn;
    const name = ref.ArnParameterName;
    if (!name) throw new Error('Parent has neither CertificateAuthorityArn nor ArnParameterName: the signer cannot tell which CA signs');
    const where = `SSM parameter ${name} in ${parent.region}`;
    const out = await this.ctx.call('GetParameter', where, parent.via, () => parent.ssm.send(new GetParameterCommand({ Name: name })),
      'check that the parameter exists in the parent CA\'s account and Region and that the role may read it');
    const arn = out.Parameter?.Value?.trim();
    if (!arn || !parseCaArn(arn)) throw new Error(`${where} holds '${arn ?? ''}', which is not a certificate authority ARN`);
    this.log('parent CA resolved', { parameterName: name, parentArn: arn });
    return arn;
  }

  private async describeParent(parent: Parent): Promise<CertificateAuthority> {
    const out = await this.ctx.call('DescribeCertificateAuthority', `parent CA ${parent.arn}`, parent.via,
      () => parent.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: parent.arn })));
    const ca = out.CertificateAuthority;
    if (!ca) throw new Error(`DescribeCertificateAuthority of parent CA ${parent.arn} returned nothing`);
    if (ca.Status !== 'ACTIVE') {
      throw new Error(`parent CA ${parent.arn} is ${ca.Status ?? 'in an unknown state'}, not ACTIVE: it cannot sign; `
        + 'install its certificate or re-enable it, then retry the deployment');
    }
    return ca;
  }

  /** GetCertificate until issued, with the SDK waiter; any answer but "in progress" ends the wait. */
  private async waitForCertificate(parent: Parent, certificateArn: string): Promise<GetCertificateCommandOutput> {
    const { minDelay = 1, maxDelay = 15, maxWaitTime = 240 } = this.ctx.options.waiter ?? {};
    const wait = await waitForIssuedCertificate(parent.pca, { CertificateAuthorityArn: parent.arn, CertificateArn: certificateArn },
      { minDelay, maxDelay, maxWaitTime });
    if ('issued' in wait) return wait.issued;
    if ('awsError' in wait) {
      throw awsError('GetCertificate', `certificate ${certificateArn} of parent CA ${parent.arn}`, parent.via, wait.awsError,
        'check that it allows acm-pca:GetCertificate');
    }
    const e = wait.waiterError;
    if (errorName(e) === 'TimeoutError') {
      throw new Error(`certificate ${certificateArn} from parent CA ${parent.arn} was not issued within ${maxWaitTime} s; `
        + 'retry the deployment: a prompt retry asks for this same certificate again (same idempotency token, made from what '
        + 'the certificate contains), and a CA that already holds a matching certificate keeps it; or check the parent CA', { cause: e });
    }
    throw new Error(`waiting for certificate ${certificateArn} from parent CA ${parent.arn} failed: ${messageOf(e)}`, { cause: e });
  }
}

function readProperties(raw: Record<string, unknown>): Properties {
  const props = raw as unknown as Properties;
  const problems: string[] = [];
  if (!props.CertificateAuthorityArn) problems.push('CertificateAuthorityArn is missing');
  if (!/-----BEGIN CERTIFICATE REQUEST-----/.test(props.CertificateSigningRequest ?? '')) {
    problems.push('CertificateSigningRequest is not a PEM certificate request');
  }
  if (!props.Parent?.Region) problems.push('Parent.Region is missing');
  if (!props.Parent?.CertificateAuthorityArn && !props.Parent?.ArnParameterName) {
    problems.push('Parent needs CertificateAuthorityArn or ArnParameterName');
  }
  if (!props.TemplateArn) problems.push('TemplateArn is missing');
  if (!VALIDITY_UNITS.includes(props.ValidityType as ValidityUnit)) {
    problems.push(`ValidityType '${props.ValidityType}' is not one of ${VALIDITY_UNITS.join(', ')}`);
  }
  if (!/^[1-9]\d*$/.test(props.ValidityValue ?? '')) problems.push(`ValidityValue '${props.ValidityValue}' is not a positive integer`);
  if (props.RemovalPolicy !== undefined && props.RemovalPolicy !== 'RETAIN' && props.RemovalPolicy !== 'DESTROY') {
    problems.push(`RemovalPolicy '${props.RemovalPolicy}' is not RETAIN or DESTROY`);
  }
  if (props.RestorationDays !== undefined && !/^(?:[7-9]|[12]\d|30)$/.test(props.RestorationDays)) {
    problems.push(`RestorationDays '${props.RestorationDays}' is not a whole number of days from 7 to 30`);
  }
  if (problems.length > 0) throw new Error(`invalid properties of ${props.CertificateAuthorityArn ?? 'the subordinate CA'}: ${problems.join('; ')}`);
  return props;
}

/** The digest a certificate of an earlier version was signed for, from the properties it was signed with. */
function legacyDigest(old: Properties, parentArn: string): string | undefined {
  try {
    return signingDigest(old, parentArn);
  } catch {
    return undefined;
  }
}

function checkValidity(parent: CertificateAuthority, parentArn: string, unit: ValidityUnit, value: number, now: Date): void {
  const parentEnd = parent.NotAfter ? new Date(parent.NotAfter) : undefined;
  if (!parentEnd) return;
  const end = validityEnd(now, unit, value);
  if (end > parentEnd) {
    const longest = longestValidity(now, unit, parentEnd);
    throw new Error(`validity ${value} ${unit} would end on ${end.toISOString()}, after parent CA ${parentArn} expires on `
      + `${parentEnd.toISOString()}: a certificate cannot outlive its issuer; `
      + (longest > 0 ? `set the validity to at most ${longest} ${unit}, or renew the parent CA first` : 'renew the parent CA first'));
  }
}
