import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { TEMPLATE_ARN_CONDITION_KEY } from './aws-strings';
import { LibraryProvider } from './library-provider';
import { SIGNING_HANDLER_ROLE_PATH } from './signing';

const PROVIDER_ID = 'CdkPkiSigningProvider';

/**
 * The custom-resource provider that signs subordinate CAs: one per stack, shared by every CA in it, so
 * a stack with many CAs still deploys exactly two Lambda functions (the handler and the provider
 * framework's).
 */
export class SigningProvider extends LibraryProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): SigningProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as SigningProvider | undefined) ?? new SigningProvider(stack, PROVIDER_ID);
  }

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      handler: 'ca-signer',
      description: 'signs subordinate CA CSRs with their parent CA and installs the certificates',
      // The SDK waiter gives issuance up to 240 s; the rest is for the calls around it.
      timeout: Duration.minutes(5),
      // Parents' signer roles trust only roles under this path.
      rolePath: SIGNING_HANDLER_ROLE_PATH,
      handlerName: 'signing handler',
    });
  }

  /** The handler may install a certificate into, read, and disable this subordinate CA. */
  public grantSubordinate(certificateAuthorityArn: string): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [
        'acm-pca:ImportCertificateAuthorityCertificate',
        'acm-pca:GetCertificateAuthorityCertificate',
        'acm-pca:DescribeCertificateAuthority',
        'acm-pca:UpdateCertificateAuthority',
      ],
      resources: [certificateAuthorityArn],
    }));
  }

  /**
   * The handler may have a parent in this stack sign with the given template only, read what it
   * issued, and revoke when asked.
   */
  public grantParent(certificateAuthorityArn: string, templateArn: string, revoke: boolean): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:IssueCertificate'],
      resources: [certificateAuthorityArn],
      conditions: { StringEquals: { [TEMPLATE_ARN_CONDITION_KEY]: templateArn } },
    }));
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:GetCertificate', 'acm-pca:DescribeCertificateAuthority', ...(revoke ? ['acm-pca:RevokeCertificate'] : [])],
      resources: [certificateAuthorityArn],
    }));
  }

  /** The handler may assume a parent's signer role in another account or Region. */
  public grantAssumeSignerRole(roleArn: string): void {
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [roleArn],
    }));
  }
}
