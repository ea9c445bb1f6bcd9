/**
 * The parent reached through its signing authority (src/private/contracts/authority.ts): the signer assumes the
 * subordinate's invoker role in the parent's account and invokes the subordinate's alias of the authority
 * function, which signs only what the parent's app declared for this subordinate. The authority's refusals
 * say why and what to do; the signer passes them on as they are.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { THROTTLE_HINT } from './context';
import type { HandlerContext } from './context';
import type { IssuedCertificate, ParentState, RevocationOutcome, SigningParent, SigningRequest } from './parent';
import { ROLE_SESSION_NAME } from './parent-pca';
import { lambdaAliasRegion } from './request';
import { parseCaArn, parseIssuedCertificateArn } from '../../src/private/contracts/arn';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import type {
  AuthorityCertificateResponse, AuthorityDescribeResponse, AuthorityRequest, AuthorityRevokeResponse,
} from '../../src/private/contracts/authority';
import type { ParentReference } from '../../src/private/contracts/signing';
import { assumeRole } from '../shared/assume-role';
import type { AssumedRole } from '../shared/assume-role';

export class AuthorityParent implements SigningParent {
  private readonly functionArn: string;
  private readonly region: string;
  private role?: Promise<AssumedRole>;
  private described?: Promise<ParentState>;

  constructor(private readonly ctx: HandlerContext, private readonly ref: ParentReference, private readonly subordinateArn: string) {
    this.functionArn = ref.AuthorityFunctionArn!;
    this.region = lambdaAliasRegion(this.functionArn) ?? ref.Region;
  }

  public async arn(): Promise<string> {
    return (await this.describe()).arn;
  }

  /** Asked once per invocation. */
  public describe(): Promise<ParentState> {
    this.described ??= this.invoke<AuthorityDescribeResponse>({ Action: 'Describe' }).then((out) => {
      if (!parseCaArn(out.ParentCertificateAuthorityArn)) {
        throw new Error(`the parent's signing authority ${this.functionArn} described no parent CA: '${out.ParentCertificateAuthorityArn ?? ''}'`);
      }
      return {
        arn: out.ParentCertificateAuthorityArn,
        status: out.Status,
        notAfter: out.NotAfter ? new Date(out.NotAfter) : undefined,
        signingAlgorithm: out.SigningAlgorithm,
      };
    });
    return this.described;
  }

  public async sign(request: SigningRequest): Promise<IssuedCertificate> {
    const { props } = request;
    const out = await this.invoke<AuthorityCertificateResponse>({
      Action: 'Sign',
      CertificateAuthorityArn: this.subordinateArn,
      ValidityType: props.ValidityType,
      ValidityValue: Number(props.ValidityValue),
      IdempotencySeed: request.idempotencySeed,
    });
    const issued = this.certificateOf(out);
    const parts = parseIssuedCertificateArn(issued.certificateArn);
    if (parts?.caArn !== request.parentArn) {
      throw new Error(`the parent's signing authority ${this.functionArn} answered with certificate '${issued.certificateArn}', `
        + `which is not one of parent CA ${request.parentArn}; nothing was installed`);
    }
    this.ctx.log('certificate signed by the parent\'s signing authority', { parentArn: request.parentArn, certificateArn: issued.certificateArn });
    return issued;
  }

  public async get(certificate: IssuedCertificateArnParts): Promise<IssuedCertificate> {
    return this.certificateOf(await this.invoke<AuthorityCertificateResponse>({
      Action: 'Get', CertificateAuthorityArn: this.subordinateArn, CertificateArn: certificate.certificateArn,
    }));
  }

  /**
   * The authority revokes only what the parent it signs with now issued: a certificate of an earlier parent (a
   * root replaced on purpose) is left as it is.
   */
  public async revoke(certificate: IssuedCertificateArnParts, reason: string): Promise<RevocationOutcome> {
    const parentArn = await this.arn();
    if (certificate.caArn !== parentArn) {
      this.ctx.log('the signing authority now signs with another parent CA, and revokes only its certificates', {
        certificateArn: certificate.certificateArn, issuedBy: certificate.caArn, parentArn,
      });
      return 'not-revocable';
    }
    const out = await this.invoke<AuthorityRevokeResponse>({
      Action: 'Revoke', CertificateAuthorityArn: this.subordinateArn, CertificateArn: certificate.certificateArn, RevocationReason: reason,
    });
    return out.Revoked === false ? 'already-revoked' : 'revoked';
  }

  private certificateOf(out: AuthorityCertificateResponse): IssuedCertificate {
    if (!out.CertificateArn || !out.Certificate) {
      throw new Error(`the parent's signing authority ${this.functionArn} answered without a certificate`);
    }
    return { certificateArn: out.CertificateArn, certificatePem: out.Certificate, chainPem: out.CertificateChain };
  }

  /** Invokes the alias with the request, through the invoker role; the answer parsed, or the authority's error. */
  private async invoke<T>(request: AuthorityRequest): Promise<T> {
    const role = await this.invokerRole();
    const lambda = this.ctx.clients.get(LambdaClient, this.region, role);
    const out = await this.ctx.aws.call(`Invoke (${request.Action})`, `the parent's signing authority ${this.functionArn}`,
      () => lambda.send(new InvokeCommand({
        FunctionName: this.functionArn,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      })), {
        via: role.via,
        accessHint: 'check that the parent\'s app declares this subordinate and was deployed after its declaration changed '
          + '(the alias admits only its invoker role, which may invoke only that alias)',
      });
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) throw this.refusal(request, out.FunctionError, text);
    const answer = parseJson(text);
    if (answer === undefined || answer === null || typeof answer !== 'object') {
      throw new Error(`the parent's signing authority ${this.functionArn} answered ${request.Action} with '${text.slice(0, 200)}', not a JSON object`);
    }
    return answer as T;
  }

  /**
   * The error of an invocation that failed (the Lambda runtime's { errorType, errorMessage }): the authority's
   * message, which says why and what to do, named as the authority's unless it names itself already.
   */
  private refusal(request: AuthorityRequest, functionError: string, text: string): Error {
    const error = parseJson(text) as { errorMessage?: unknown; errorType?: unknown } | undefined;
    const message = typeof error?.errorMessage === 'string' ? error.errorMessage : (text || functionError);
    this.ctx.log('the parent\'s signing authority answered with an error', {
      action: request.Action, functionArn: this.functionArn, functionError, errorType: error?.errorType,
    });
    return new Error(/^signing authority\b/.test(message) ? message : `parent's signing authority: ${message}`);
  }

  /** The invoker role of this subordinate in the parent's account, assumed once per invocation. */
  private invokerRole(): Promise<AssumedRole> {
    const account = parseCaArn(this.subordinateArn)?.account ?? 'of the subordinate CA';
    this.role ??= assumeRole(this.ctx.clients, {
      roleArn: this.ref.InvokerRoleArn!,
      sessionName: ROLE_SESSION_NAME,
      label: 'invoker role',
      purpose: `to ask the parent's signing authority for ${this.subordinateArn}`,
      deniedHint: 'the role trusts only the signing handler role of the subordinate\'s stack that the parent\'s app declares: check the '
        + 'declaration (account, Region, stack name) and that the parent\'s app was deployed after it changed',
      via: `from account ${account}`,
      throttleHint: THROTTLE_HINT,
      log: this.ctx.log,
    });
    return this.role;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
