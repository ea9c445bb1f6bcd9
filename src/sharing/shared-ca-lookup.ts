import { CustomResource, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SharedCaLookupProvider } from './private/shared-ca-lookup-provider';
import { SharePermission } from './share-permission';
import { MAX_NAME_PART_LENGTH } from '../private/contracts/authority';
import { SHARED_CA_LOOKUP_RESOURCE_TYPE, SharedCaLookupAttributes, SharedCaLookupProperties } from '../private/contracts/shared-ca-lookup';
import { ValidationErrors, isAccountId, isConcrete, isResourceNamePart } from '../private/validation';

/** Where a CA shared with this account lives and how its hierarchy names it. */
export interface SharedCaLookupProps {
  /** The account that owns the CA and shares it (12 digits). */
  readonly account: string;

  /**
   * The CA's Region. AWS RAM shares are regional: it must be this stack's Region.
   * @default - this stack's Region
   */
  readonly region?: string;

  /** The CA's hierarchy (`hierarchyName` of its root): its tag `cdk-pki:hierarchy`. */
  readonly hierarchyName: string;

  /** The CA's name in its hierarchy (`caName` of its `IssuingCa`): its tag `cdk-pki:ca-name`. */
  readonly caName: string;

  /**
   * The CA's generation (its `generation` prop; tag `cdk-pki:generation`). The lookup runs when the stack is
   * created and again only when a property changes: raise this when the owner moves issuance to a new
   * generation, and the stack follows at its next deployment.
   * @default - the highest generation that is ACTIVE and shared with this account, found at the first deployment
   */
  readonly generation?: number;
}

/** Properties of `SharedCa.fromHierarchy`. */
export interface SharedCaFromHierarchyProps extends SharedCaLookupProps {
  /**
   * The permission of the share that reaches this account.
   * @default SharePermission.DEFAULT
   */
  readonly permission?: SharePermission;
}

/**
 * Finds, at deployment and in this stack's account, the ARN of a CA that another account shares with it
 * through AWS RAM, by the CA's owner account, Region, hierarchy and CA name: no ARN is copied by hand.
 * `SharedCa.fromHierarchy` makes one; use that.
 *
 * A custom resource (one provider per stack, read-only role) lists the CAs shared with the account
 * (`ListCertificateAuthorities`, `ResourceOwner: OTHER_ACCOUNTS`), keeps those whose ARN names the owner
 * account and Region, reads their tags (`ListTags`) and picks the ACTIVE one tagged `cdk-pki:hierarchy` and
 * `cdk-pki:ca-name` with these names (of the highest generation, or of `generation`). It fails the deployment,
 * saying what to check, when none is shared, none is ACTIVE or two match.
 *
 * Reading a shared CA's tags needs `acm-pca:ListTags` in the CA's resource policy: a `CaResourcePolicy` grants
 * it; that the RAM managed permissions do is not confirmed by AWS's documentation (docs/sharing.md).
 *
 * @see https://docs.aws.amazon.com/privateca/latest/APIReference/API_ListCertificateAuthorities.html
 */
export class SharedCaLookup extends Construct {
  /** ARN of the CA found (`Fn::GetAtt CertificateAuthorityArn`). */
  public readonly certificateAuthorityArn: string;
  /** Status of the CA when it was found: ACTIVE (`Fn::GetAtt Status`). */
  public readonly status: string;
  /** Generation of the CA found, as a string (`Fn::GetAtt Generation`). */
  public readonly generation: string;
  /** The custom resource. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SharedCaLookupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = props.region ?? stack.region;

    const errors = new ValidationErrors('SharedCaLookup', this);
    if (isConcrete(props.account) && !isAccountId(props.account)) {
      errors.add(`account '${props.account}' is not an AWS account id; use the 12 digits of the account that owns the CA`);
    }
    if (isConcrete(props.account) && isConcrete(stack.account) && props.account === stack.account) {
      errors.add(`account ${props.account} is this stack's own account; a lookup finds CAs other accounts share with it: `
        + 'use the CA itself, or IssuingCa.fromCertificateAuthorityArn');
    }
    if (isConcrete(region) && isConcrete(stack.region) && region !== stack.region) {
      errors.add(`the CA is in ${region} but stack '${stack.stackName}' is in ${stack.region}; AWS RAM shares are regional: `
        + `look the CA up from a stack in ${region}, or share a CA of ${stack.region}`);
    }
    for (const [key, value] of [['hierarchyName', props.hierarchyName], ['caName', props.caName]] as const) {
      if (isConcrete(value) && !isResourceNamePart(value, MAX_NAME_PART_LENGTH)) {
        errors.add(`${key} '${value}' is not a name the library gives; use a letter, then letters, digits and hyphens, at most ${MAX_NAME_PART_LENGTH} characters`);
      }
    }
    if (props.generation !== undefined && !Token.isUnresolved(props.generation) && !(Number.isInteger(props.generation) && props.generation >= 1)) {
      errors.add(`generation ${props.generation} is not a positive integer`);
    }
    errors.throwIfAny();

    const provider = SharedCaLookupProvider.of(this);
    provider.grantOwner(props.account, region);
    const properties: SharedCaLookupProperties = {
      OwnerAccount: props.account,
      Region: region,
      HierarchyName: props.hierarchyName,
      CaName: props.caName,
      Generation: props.generation === undefined ? undefined : Tokenization.stringifyNumber(props.generation),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: SHARED_CA_LOOKUP_RESOURCE_TYPE,
      properties: { ...properties },
    });
    this.resource.node.addDependency(provider.ready);

    const attribute = (name: keyof SharedCaLookupAttributes) => this.resource.getAttString(name);
    this.certificateAuthorityArn = attribute('CertificateAuthorityArn');
    this.status = attribute('Status');
    this.generation = attribute('Generation');
  }
}
