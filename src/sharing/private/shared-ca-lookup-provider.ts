import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { LIST_CAS_ACTION, LIST_CA_TAGS_ACTION } from '../../private/contracts/aws-strings';
import { LibraryProvider } from '../../private/library-provider';
import { acknowledgeNag } from '../../private/nag';

const PROVIDER_ID = 'CdkPkiSharedCaLookupProvider';

/**
 * The custom-resource provider that finds the ARNs of CAs shared with the stack's account
 * (SharedCa.fromHierarchy): one per stack, shared by every lookup in it. Its role only reads: it lists the
 * CAs shared with the account and reads the tags of the CAs of the owner accounts named, in this Region.
 */
export class SharedCaLookupProvider extends LibraryProvider {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): SharedCaLookupProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as SharedCaLookupProvider | undefined) ?? new SharedCaLookupProvider(stack, PROVIDER_ID);
  }

  private readonly owners = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id, {
      handler: 'shared-ca-lookup',
      description: 'finds the ARN of a CA shared with this account by its hierarchy and CA name (read-only)',
      timeout: Duration.minutes(2),
      handlerName: 'shared CA lookup',
    });
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ListSharedCas',
      actions: [LIST_CAS_ACTION],
      // A List action without resource-level permissions.
      resources: ['*'],
    }));
    acknowledgeNag(this.handlerRole, 'AwsSolutions-IAM5[Resource::*]',
      'acm-pca:ListCertificateAuthorities has no resource-level permissions (Resource must be *); it is the only action on *, and it only lists.');
  }

  /** The handler may read the tags of the CAs of `account` in `region` (CAs shared with this account), and nothing else of them. */
  public grantOwner(account: string, region: string): void {
    const key = `${account}/${region}`;
    if (this.owners.has(key)) return;
    this.owners.add(key);
    const stack = Stack.of(this);
    const resource = `arn:${stack.partition}:acm-pca:${region}:${account}:certificate-authority/*`;
    this.handlerRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [LIST_CA_TAGS_ACTION], resources: [resource] }));
    if (Token.isUnresolved(account)) return;
    // How cdk-nag writes the ARN in its finding id (the stack's Region token as <AWS::Region>).
    const nagRegion = Token.isUnresolved(region) ? '<AWS::Region>' : region;
    acknowledgeNag(this.handlerRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:acm-pca:${nagRegion}:${account}:certificate-authority/*]`,
      `The lookup reads the tags of the CAs that account ${account} shares with this account, to find the one of the hierarchy and name asked for; `
      + 'their ids are not known before it runs. ListTags only reads.');
  }
}
