import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { LibraryProvider } from '../../private/library-provider';

const PROVIDER_ID = 'CdkPkiCaPolicyProvider';

/**
 * The custom-resource provider that writes CA resource policies (acm-pca PutPolicy / DeletePolicy): one
 * per stack, shared by every CaResourcePolicy in it. CloudFormation has no resource for a CA's policy.
 */
export class CaPolicyProvider extends LibraryProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): CaPolicyProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as CaPolicyProvider | undefined) ?? new CaPolicyProvider(stack, PROVIDER_ID);
  }

  private readonly granted = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      handler: 'ca-policy',
      description: 'writes the resource policies of AWS Private CA CAs (PutPolicy / DeletePolicy)',
      // A few calls with the SDK's retries (ConcurrentModificationException included).
      timeout: Duration.minutes(2),
      handlerName: 'CA policy handler',
    });
  }

  /**
   * The handler may write and delete the resource policy of this CA, and describe it (to tell a deleted CA
   * from a failure), and nothing else.
   */
  public grantCa(certificateAuthorityArn: string): void {
    if (this.granted.has(certificateAuthorityArn)) return;
    this.granted.add(certificateAuthorityArn);
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['acm-pca:PutPolicy', 'acm-pca:DeletePolicy', 'acm-pca:DescribeCertificateAuthority'],
      resources: [certificateAuthorityArn],
    }));
  }
}
