/**
 * The parent CA called directly: in its account and Region, through the parent's signer role when the
 * reference names one (resources of versions before the signing authority), else with the signer's own
 * credentials (a parent in the same stack); its ARN given, or read from an SSM parameter there. Before signing
 * in process, the CSR is checked against what the app declared for it, when the resource says.
 */
import { createHash } from 'node:crypto';
import {
  ACMPCAClient, DescribeCertificateAuthorityCommand, GetCertificateCommand, RevokeCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import type { RevocationReason } from '@aws-sdk/client-acm-pca';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { serialOf } from './certificates';
import { OWN_CREDENTIALS, THROTTLE_HINT } from './context';
import type { HandlerContext } from './context';
import { checkDeclaration } from './declared';
import type { IssuedCertificate, ParentState, RevocationOutcome, SigningParent, SigningRequest } from './parent';
import { parseCaArn } from '../../src/private/contracts/arn';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import { ISSUE_IDEMPOTENCY_TOKEN_LENGTH } from '../../src/private/contracts/aws-hierarchy';
import type { ParentReference } from '../../src/private/contracts/signing';
import { assumeRole } from '../shared/assume-role';
import { causeOf, errorName } from '../shared/errors';
import { issueCaCertificate } from '../shared/issue-ca-certificate';
import { formatSerial } from '../shared/pem';

/** Clients that reach the parent CA, and how they got their credentials (for messages). */
interface ParentAccess {
  readonly pca: ACMPCAClient;
  readonly ssm: SSMClient;
  readonly via: string;
}

export const ROLE_SESSION_NAME = 'cdk-pki-signer';

export class PcaParent implements SigningParent {
  private access?: Promise<ParentAccess>;
  private resolved?: Promise<string>;
  private described?: Promise<ParentState>;

  /** @param region Region of the parent CA (the reference's, or that of a certificate it issued). */
  constructor(
    private readonly ctx: HandlerContext, private readonly ref: ParentReference, private readonly subordinateArn: string,
    private readonly region: string,
  ) {}

  public arn(): Promise<string> {
    this.resolved ??= this.resolveArn();
    return this.resolved;
  }

  /** Asked once per invocation, as the signing authority's. */
  public describe(): Promise<ParentState> {
    this.described ??= this.describeParent();
    return this.described;
  }

  private async describeParent(): Promise<ParentState> {
    const [parent, arn] = [await this.reach(), await this.arn()];
    const out = await this.ctx.aws.call('DescribeCertificateAuthority', `parent CA ${arn}`,
      () => parent.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn })), { via: parent.via });
    const ca = out.CertificateAuthority;
    if (!ca) throw new Error(`DescribeCertificateAuthority of parent CA ${arn} returned nothing`);
    return {
      arn,
      status: ca.Status,
      notAfter: ca.NotAfter ? new Date(ca.NotAfter) : undefined,
      signingAlgorithm: ca.CertificateAuthorityConfiguration?.SigningAlgorithm,
    };
  }

  public async sign(request: SigningRequest): Promise<IssuedCertificate> {
    const { props, parentArn, nameConstraints } = request;
    checkDeclaration(props);
    const parent = await this.reach();
    return issueCaCertificate({
      parentArn,
      csrPem: props.CertificateSigningRequest,
      templateArn: props.TemplateArn,
      validityType: props.ValidityType,
      validityValue: Number(props.ValidityValue),
      signingAlgorithm: request.signingAlgorithm,
      idempotencyToken: createHash('sha256').update(request.idempotencySeed).digest('hex').slice(0, ISSUE_IDEMPOTENCY_TOKEN_LENGTH),
      nameConstraints,
    }, {
      pca: parent.pca,
      aws: this.ctx.aws,
      log: this.ctx.log,
      via: parent.via,
      issueHint: `check that it allows acm-pca:IssueCertificate with template ${props.TemplateArn}`,
      getHint: 'check that it allows acm-pca:GetCertificate',
      throttleHint: THROTTLE_HINT,
      timeoutHint: 'retry the deployment: a prompt retry asks for this same certificate again (same idempotency token, made from what '
        + 'the certificate contains), and a CA that already holds a matching certificate keeps it; or check the parent CA',
      waiter: this.ctx.options.waiter,
    });
  }

  public async get(certificate: IssuedCertificateArnParts): Promise<IssuedCertificate> {
    const parent = await this.reach();
    const out = await this.ctx.aws.call('GetCertificate', `certificate ${certificate.certificateArn}`,
      () => parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: certificate.caArn, CertificateArn: certificate.certificateArn })),
      { via: parent.via, accessHint: `check that it allows acm-pca:GetCertificate on ${certificate.caArn}` });
    return { certificateArn: certificate.certificateArn, certificatePem: out.Certificate ?? '', chainPem: out.CertificateChain };
  }

  public async revoke(cert: IssuedCertificateArnParts, reason: string): Promise<RevocationOutcome> {
    const ctx = this.ctx;
    const parent = await this.reach();
    let serial = cert.serial;
    // The certificate itself is the authority on its serial; the ARN's last field is the fallback.
    try {
      const out = await parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: cert.caArn, CertificateArn: cert.certificateArn }));
      serial = serialOf(out.Certificate) ?? serial;
    } catch (e) {
      ctx.log('cannot read the certificate, taking its serial from the ARN', { certificateArn: cert.certificateArn, error: errorName(e) });
    }
    try {
      await ctx.aws.call('RevokeCertificate', `certificate ${cert.certificateArn} (serial ${formatSerial(serial)})`,
        () => parent.pca.send(new RevokeCertificateCommand({
          CertificateAuthorityArn: cert.caArn, CertificateSerial: formatSerial(serial), RevocationReason: reason as RevocationReason,
        })), { via: parent.via, accessHint: `check that it allows acm-pca:RevokeCertificate on ${cert.caArn}` });
      return 'revoked';
    } catch (e) {
      const name = errorName(causeOf(e));
      if (name === 'RequestAlreadyProcessedException') return 'already-revoked';
      if (name === 'ResourceNotFoundException' || name === 'InvalidStateException') return 'not-revocable';
      throw e;
    }
  }

  /** Clients for the parent CA's account and Region, through the signer role when there is one; made once. */
  private reach(): Promise<ParentAccess> {
    this.access ??= this.makeAccess();
    return this.access;
  }

  private async makeAccess(): Promise<ParentAccess> {
    const { ctx, ref, region } = this;
    const clients = ctx.clients;
    if (!ref.RoleArn) return { pca: clients.get(ACMPCAClient, region), ssm: clients.get(SSMClient, region), via: OWN_CREDENTIALS };
    const account = parseCaArn(this.subordinateArn)?.account ?? 'of the subordinate CA';
    const role = await assumeRole(clients, {
      roleArn: ref.RoleArn,
      sessionName: ROLE_SESSION_NAME,
      label: 'signer role',
      deniedHint: `check that the root stack trusts account ${account} (the subordinate CA ${this.subordinateArn}) and that this stack was deployed after it`,
      via: `from account ${account}`,
      throttleHint: THROTTLE_HINT,
      log: ctx.log,
    });
    return { pca: clients.get(ACMPCAClient, region, role), ssm: clients.get(SSMClient, region, role), via: role.via };
  }

  private async resolveArn(): Promise<string> {
    const ref = this.ref;
    if (ref.CertificateAuthorityArn) return ref.CertificateAuthorityArn;
    const name = ref.ArnParameterName;
    if (!name) throw new Error('Parent has neither CertificateAuthorityArn nor ArnParameterName: the signer cannot tell which CA signs');
    const parent = await this.reach();
    const where = `SSM parameter ${name} in ${this.region}`;
    const out = await this.ctx.aws.call('GetParameter', where, () => parent.ssm.send(new GetParameterCommand({ Name: name })),
      { via: parent.via, accessHint: 'check that the parameter exists in the parent CA\'s account and Region and that the role may read it' });
    const arn = out.Parameter?.Value?.trim();
    if (!arn || !parseCaArn(arn)) throw new Error(`${where} holds '${arn ?? ''}', which is not a certificate authority ARN`);
    this.ctx.log('parent CA resolved', { parameterName: name, parentArn: arn });
    return arn;
  }
}
