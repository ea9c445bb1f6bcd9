/**
 * onEvent handler of Custom::PkiSharedCaLookup (aws-cdk-lib custom-resources Provider framework): finds the ARN
 * of a CA that another account shares with this one through AWS RAM, by its owner account, Region, hierarchy
 * and CA name, so that a workload stack needs no ARN copied by hand. Read-only: it lists the CAs shared with
 * the account and reads the tags of those of the owner account. Delete has nothing to undo.
 *
 * The matching rule is in src/private/contracts/shared-ca-lookup.ts (and docs/sharing.md).
 */
import { ACMPCAClient, ListTagsCommand, paginateListCertificateAuthorities } from '@aws-sdk/client-acm-pca';
import type { CertificateAuthority } from '@aws-sdk/client-acm-pca';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { parseCaArn } from '../../src/private/contracts/arn';
import { CA_STATUS } from '../../src/private/contracts/aws-hierarchy';
import { RESOURCE_OWNER_OTHER_ACCOUNTS } from '../../src/private/contracts/aws-sharing';
import type { SharedCaLookupAttributes, SharedCaLookupProperties } from '../../src/private/contracts/shared-ca-lookup';
import { CA_TAGS } from '../../src/private/contracts/signing';
import { AwsClients, regionOf } from '../shared/clients';
import type { AwsClientOptions, RetrySettings } from '../shared/clients';
import { forEachLimited } from '../shared/concurrency';
import { awsCalls } from '../shared/errors';
import { logWith } from '../shared/log';
import type { Log } from '../shared/log';
import { parseInteger } from '../shared/properties';

/** Options for tests (an emulator endpoint, fake HTTP); production uses the defaults. */
export interface SharedCaLookupOptions extends AwsClientOptions {
  /** Attempts per API call, throttling retries included. @default 6 */
  readonly maxAttempts?: number;
  /** Page size of ListCertificateAuthorities. @default 100 */
  readonly pageSize?: number;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: SharedCaLookupAttributes;
}

const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 6 };
/** ListTags calls at a time (its quota is a few per second per account). */
const LIST_TAGS_CONCURRENCY = 4;

export function createHandler(options: SharedCaLookupOptions = {}): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => new Lookup(event, options).run();
}

export const handler = createHandler();

/** A shared CA of the owner account and Region, with its tags. */
interface Candidate {
  readonly arn: string;
  readonly status: string;
  readonly hierarchy?: string;
  readonly caName?: string;
  readonly generation: number;
}

class Lookup {
  private readonly region: string;
  private readonly log: Log;
  private readonly pca: ACMPCAClient;
  private readonly account: string;

  constructor(private readonly event: CloudFormationCustomResourceEvent, private readonly options: SharedCaLookupOptions) {
    this.region = regionOf(options, 'the lookup cannot tell which Region\'s shared CAs to list');
    this.log = logWith({ requestType: event.RequestType, requestId: event.RequestId, logicalResourceId: event.LogicalResourceId });
    this.pca = new AwsClients(options, this.region, RETRY).get(ACMPCAClient);
    this.account = event.StackId.split(':')[4] ?? 'this account';
  }

  public async run(): Promise<OnEventResponse> {
    const event = this.event;
    switch (event.RequestType) {
      case 'Create':
      case 'Update':
        // A CA found under another ARN is a new physical id: CloudFormation's Delete of the old one does nothing.
        return this.find(readProperties(event.ResourceProperties, this.region));
      case 'Delete':
        // A lookup creates nothing.
        return { PhysicalResourceId: event.PhysicalResourceId };
    }
  }

  private async find(props: SharedCaLookupProperties): Promise<OnEventResponse> {
    const name = `${props.HierarchyName}/${props.CaName}`;
    const shared = await this.sharedCas();
    const ofOwner = shared.filter((ca) => {
      const arn = parseCaArn(ca.Arn);
      return arn?.account === props.OwnerAccount && arn.region === props.Region && ca.Status !== CA_STATUS.DELETED;
    });
    if (ofOwner.length === 0) {
      const owners = [...new Set(shared.map((ca) => parseCaArn(ca.Arn)?.account).filter((a) => a !== undefined))];
      throw new Error(`no CA of account ${props.OwnerAccount} in ${props.Region} is shared with account ${this.account} `
        + `(it receives ${shared.length} shared CA(s)${owners.length > 0 ? `, from ${owners.join(', ')}` : ''}), so CA ${name} cannot be found. `
        + `Check that the stack of ${name} in account ${props.OwnerAccount} is deployed with a RamCaShare whose principals include this account `
        + '(or its OU or organization); that the share was accepted (without RAM sharing turned on in AWS Organizations, accept the invitation: '
        + '`aws ram get-resource-share-invitations`, then `aws ram accept-resource-share-invitation`); and that account and region name the CA\'s.');
    }
    const candidates = await this.tagged(ofOwner);
    const named = candidates.filter((c) => c.hierarchy === props.HierarchyName && c.caName === props.CaName);
    if (named.length === 0) {
      const found = candidates.map((c) => `${c.arn} (${c.hierarchy && c.caName ? `${c.hierarchy}/${c.caName}` : 'no cdk-pki name tags'})`);
      throw new Error(`none of the ${candidates.length} CA(s) that account ${props.OwnerAccount} shares with account ${this.account} in ${props.Region} `
        + `is tagged ${CA_TAGS.hierarchy}=${props.HierarchyName} and ${CA_TAGS.caName}=${props.CaName}: ${found.join(', ')}. `
        + 'Check hierarchyName and caName against the CA\'s construct (IssuingCa caName), and that its RamCaShare shares that CA.');
    }
    const wanted = parseInteger(props.Generation);
    const ofGeneration = wanted === undefined ? named : named.filter((c) => c.generation === wanted);
    const active = ofGeneration.filter((c) => c.status === CA_STATUS.ACTIVE);
    if (active.length === 0) {
      const states = (ofGeneration.length > 0 ? ofGeneration : named).map((c) => `${c.arn} is ${c.status} (generation ${c.generation})`);
      throw new Error(`CA ${name} of account ${props.OwnerAccount} is shared with account ${this.account}, but `
        + `${wanted === undefined ? 'it is not' : `its generation ${wanted} is not`} ACTIVE: ${states.join('; ')}. A CA is ACTIVE once its certificate is installed: `
        + 'deploy its stack first (make this stack depend on it); a DISABLED CA must be enabled again by its owner'
        + `${wanted === undefined ? '' : '; or ask for the generation that is ACTIVE'}.`);
    }
    const top = Math.max(...active.map((c) => c.generation));
    const chosen = active.filter((c) => c.generation === top);
    if (chosen.length > 1) {
      throw new Error(`CA ${name} is ambiguous: ${chosen.length} ACTIVE CAs of account ${props.OwnerAccount} in ${props.Region}, `
        + `all generation ${top}, carry its tags and are shared with account ${this.account}: ${chosen.map((c) => c.arn).join(', ')}. `
        + 'The lookup does not choose between them: have the owner share only one (check the RamCaShares of that account, and CAs kept '
        + 'after a stack was deleted), or name the CA by ARN with SharedCa.fromShare.');
    }
    const ca = chosen[0];
    this.log('shared CA found', { name, certificateAuthorityArn: ca.arn, generation: ca.generation, candidates: candidates.length });
    return {
      PhysicalResourceId: ca.arn,
      Data: { CertificateAuthorityArn: ca.arn, Status: ca.status, Generation: String(ca.generation) },
    };
  }

  /** Every CA shared with this account in this Region (paginated). */
  private async sharedCas(): Promise<CertificateAuthority[]> {
    const cas: CertificateAuthority[] = [];
    await aws.call('ListCertificateAuthorities', `the CAs shared with account ${this.account} in ${this.region}`, async () => {
      const pages = paginateListCertificateAuthorities({ client: this.pca, pageSize: this.options.pageSize ?? 100 },
        { ResourceOwner: RESOURCE_OWNER_OTHER_ACCOUNTS });
      for await (const page of pages) cas.push(...(page.CertificateAuthorities ?? []));
    }, { accessHint: 'check that the lookup role allows acm-pca:ListCertificateAuthorities on *' });
    return cas;
  }

  /** The candidates with their name tags, read through the share. */
  private async tagged(cas: CertificateAuthority[]): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    await forEachLimited(cas, LIST_TAGS_CONCURRENCY, async (ca) => {
      const arn = ca.Arn!;
      const out = await aws.call('ListTags', `shared CA ${arn}`, () => this.pca.send(new ListTagsCommand({ CertificateAuthorityArn: arn })), {
        accessHint: 'the lookup reads the CA\'s tags cdk-pki:hierarchy and cdk-pki:ca-name, which needs acm-pca:ListTags in the lookup role '
          + '(on the owner account\'s CAs) and in the CA\'s resource policy. If the message says no resource-based policy allows it, the share\'s '
          + 'permission does not let this account read tags: share the CA with a permission that includes acm-pca:ListTags (a CaResourcePolicy '
          + 'grants it), or name the CA by ARN with SharedCa.fromShare',
      });
      const tags = new Map((out.Tags ?? []).map((t) => [t.Key, t.Value ?? '']));
      candidates.push({
        arn,
        status: ca.Status ?? 'UNKNOWN',
        hierarchy: tags.get(CA_TAGS.hierarchy),
        caName: tags.get(CA_TAGS.caName),
        generation: parseInteger(tags.get(CA_TAGS.generation)) ?? 1,
      });
    });
    // forEachLimited finishes in any order: keep messages stable.
    return candidates.sort((a, b) => a.arn.localeCompare(b.arn));
  }
}

const aws = awsCalls({
  throttleHint: 'ListCertificateAuthorities and ListTags are limited to a few calls per second per account and Region: retry the deployment later',
});

function readProperties(raw: Record<string, unknown>, handlerRegion: string): SharedCaLookupProperties {
  const props = raw as unknown as SharedCaLookupProperties;
  const problems: string[] = [];
  for (const key of ['OwnerAccount', 'Region', 'HierarchyName', 'CaName'] as const) {
    if (typeof props[key] !== 'string' || props[key] === '') problems.push(`${key} is missing`);
  }
  if (typeof props.OwnerAccount === 'string' && props.OwnerAccount !== '' && !/^\d{12}$/.test(props.OwnerAccount)) {
    problems.push(`OwnerAccount '${props.OwnerAccount}' is not an account id`);
  }
  const generation = props.Generation;
  if (generation !== undefined && generation !== '' && !(parseInteger(generation)! >= 1)) {
    problems.push(`Generation '${String(generation)}' is not a positive integer`);
  }
  if (problems.length > 0) throw new Error(`invalid properties of the shared CA lookup: ${problems.join('; ')}`);
  if (props.Region !== handlerRegion) {
    throw new Error(`the lookup runs in ${handlerRegion} and the CA is in ${props.Region}: AWS RAM shares are regional, so a CA of `
      + `${props.Region} can only be used from a stack in ${props.Region}`);
  }
  return props;
}
