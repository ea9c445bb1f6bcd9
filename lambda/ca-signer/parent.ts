/**
 * The parent CA of a subordinate, as the signer reaches it: in the parent's account and Region, through the
 * parent's signer role when the reference names one (else with the signer's own credentials), its ARN given
 * or read from an SSM parameter there; and what the signer asks it (its state, a certificate it issued).
 */
import { ACMPCAClient, DescribeCertificateAuthorityCommand, GetCertificateCommand } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority, GetCertificateCommandOutput } from '@aws-sdk/client-acm-pca';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { HandlerContext, OWN_CREDENTIALS, THROTTLE_HINT } from './context';
import { parseCaArn } from '../../src/private/contracts/arn';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import { CA_STATUS } from '../../src/private/contracts/aws-hierarchy';
import type { ParentReference } from '../../src/private/contracts/signing';
import { assumeRole } from '../shared/assume-role';
import { waitForIssuedCertificate, waiterDelays } from '../shared/pca-waiter';

/** Clients that reach the parent CA, and how they got their credentials (for messages). */
export interface ParentAccess {
  readonly pca: ACMPCAClient;
  readonly ssm: SSMClient;
  readonly region: string;
  readonly via: string;
}

/** The parent, reached and resolved. */
export interface Parent extends ParentAccess {
  readonly arn: string;
}

const ROLE_SESSION_NAME = 'cdk-pki-signer';

export class ParentCas {
  constructor(private readonly ctx: HandlerContext) {}

  /** The parent, reached (through the signer role when there is one) and its ARN resolved. */
  public async resolve(ref: ParentReference, subordinateArn: string): Promise<Parent> {
    const access = await this.access(ref, subordinateArn, ref.Region);
    return { ...access, arn: await this.resolveArn(access, ref) };
  }

  /** Clients for the parent CA's account and a Region, through the signer role when there is one. */
  public async access(ref: ParentReference, subordinateArn: string, region: string): Promise<ParentAccess> {
    const clients = this.ctx.clients;
    if (!ref.RoleArn) {
      return { pca: clients.get(ACMPCAClient, region), ssm: clients.get(SSMClient, region), region, via: OWN_CREDENTIALS };
    }
    const account = parseCaArn(subordinateArn)?.account ?? 'of the subordinate CA';
    const role = await assumeRole(clients, {
      roleArn: ref.RoleArn,
      sessionName: ROLE_SESSION_NAME,
      label: 'signer role',
      deniedHint: `check that the root stack trusts account ${account} (the subordinate CA ${subordinateArn}) and that this stack was deployed after it`,
      via: `from account ${account}`,
      throttleHint: THROTTLE_HINT,
      log: this.ctx.log,
    });
    return { pca: clients.get(ACMPCAClient, region, role), ssm: clients.get(SSMClient, region, role), region, via: role.via };
  }

  /** The parent's state; it must be ACTIVE to sign. */
  public async describe(parent: Parent): Promise<CertificateAuthority> {
    const out = await this.ctx.aws.call('DescribeCertificateAuthority', `parent CA ${parent.arn}`,
      () => parent.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: parent.arn })), { via: parent.via });
    const ca = out.CertificateAuthority;
    if (!ca) throw new Error(`DescribeCertificateAuthority of parent CA ${parent.arn} returned nothing`);
    if (ca.Status !== CA_STATUS.ACTIVE) {
      throw new Error(`parent CA ${parent.arn} is ${ca.Status ?? 'in an unknown state'}, not ACTIVE: it cannot sign; `
        + 'install its certificate or re-enable it, then retry the deployment');
    }
    return ca;
  }

  /** A certificate the parent issued earlier. */
  public async getIssued(parent: ParentAccess, certificate: IssuedCertificateArnParts): Promise<GetCertificateCommandOutput> {
    return this.ctx.aws.call('GetCertificate', `certificate ${certificate.certificateArn}`,
      () => parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: certificate.caArn, CertificateArn: certificate.certificateArn })),
      { via: parent.via, accessHint: `check that it allows acm-pca:GetCertificate on ${certificate.caArn}` });
  }

  /** The certificate the parent is issuing, once issued. */
  public async waitForCertificate(parent: Parent, certificateArn: string): Promise<GetCertificateCommandOutput> {
    return waitForIssuedCertificate(parent.pca, {
      caArn: parent.arn,
      certificateArn,
      issuer: `parent CA ${parent.arn}`,
      delays: waiterDelays(this.ctx.options.waiter, { minDelay: 1, maxDelay: 15, maxWaitTime: 240 }),
      errors: { via: parent.via, accessHint: 'check that it allows acm-pca:GetCertificate', throttleHint: THROTTLE_HINT },
      timeoutHint: 'retry the deployment: a prompt retry asks for this same certificate again (same idempotency token, made from what '
        + 'the certificate contains), and a CA that already holds a matching certificate keeps it; or check the parent CA',
    });
  }

  private async resolveArn(parent: ParentAccess, ref: ParentReference): Promise<string> {
    if (ref.CertificateAuthorityArn) return ref.CertificateAuthorityArn;
    const name = ref.ArnParameterName;
    if (!name) throw new Error('Parent has neither CertificateAuthorityArn nor ArnParameterName: the signer cannot tell which CA signs');
    const where = `SSM parameter ${name} in ${parent.region}`;
    const out = await this.ctx.aws.call('GetParameter', where, () => parent.ssm.send(new GetParameterCommand({ Name: name })),
      { via: parent.via, accessHint: 'check that the parameter exists in the parent CA\'s account and Region and that the role may read it' });
    const arn = out.Parameter?.Value?.trim();
    if (!arn || !parseCaArn(arn)) throw new Error(`${where} holds '${arn ?? ''}', which is not a certificate authority ARN`);
    this.ctx.log('parent CA resolved', { parameterName: name, parentArn: arn });
    return arn;
  }
}
