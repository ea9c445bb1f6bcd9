/**
 * onEvent handler of Custom::PkiSubordinateCaCertificate (aws-cdk-lib custom-resources Provider framework):
 * signs a subordinate CA's CSR with its parent CA, possibly in another account and Region through a signer
 * role, and installs the certificate into the subordinate. It installs the certificate itself because a CA
 * certificate and its chain do not fit in a custom resource response (4 KB); Data carries only small strings.
 */
import { createHash, X509Certificate } from 'node:crypto';
import {
  ACMPCAClient,
  DescribeCertificateAuthorityCommand,
  GetCertificateAuthorityCertificateCommand,
  GetCertificateCommand,
  ImportCertificateAuthorityCertificateCommand,
  IssueCertificateCommand,
  RevokeCertificateCommand,
  UpdateCertificateAuthorityCommand,
} from '@aws-sdk/client-acm-pca';
import type { ACMPCAClientConfig, CertificateAuthority, GetCertificateCommandOutput } from '@aws-sdk/client-acm-pca';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  formatSerial, longestValidity, parseCaArn, parseCertificateArn, sameSerial, VALIDITY_UNITS, validityEnd, verifyChain,
} from './certificates';
import type { CertificateArnParts, ValidityUnit } from './certificates';
import { encodeNameConstraints } from './name-constraints';
import { ISSUE_IDEMPOTENCY_TOKEN_LENGTH, NAME_CONSTRAINTS_OID } from '../../src/private/aws-strings';
import type { ParentReference, SubordinateCertificateAttributes, SubordinateCertificateProperties } from '../../src/private/contract';
import { clientConfig, regionOf } from '../shared/clients';
import type { AwsClientOptions, Credentials, RetrySettings } from '../shared/clients';
import { ACCESS_DENIED_ERRORS, awsError as sharedAwsError, causeOf, errorName, messageOf } from '../shared/errors';
import { logWith } from '../shared/log';
import type { Log } from '../shared/log';
import { waitForIssuedCertificate } from '../shared/pca-waiter';

/** Options for tests (an emulator endpoint, fake delays); production uses the defaults. */
export interface SignerOptions extends AwsClientOptions {
  /** The handler's own Region (the subordinate CA's). @default - process.env.AWS_REGION */
  readonly region?: string;
  /** Attempts per API call, throttling retries included. @default 5 */
  readonly maxAttempts?: number;
  /** Polling of GetCertificate after IssueCertificate, in seconds. @default { minDelay: 1, maxDelay: 15, maxWaitTime: 240 } */
  readonly waiter?: { readonly minDelay?: number; readonly maxDelay?: number; readonly maxWaitTime?: number };
}

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

const ROLE_SESSION_NAME = 'cdk-pki-signer';
/** STS minimum: the role is used for a few calls within one invocation. */
const ROLE_SESSION_SECONDS = 900;
/**
 * Standard mode: backoff with jitter on ThrottlingException. Adaptive mode's client-side rate limiter would
 * not help, since each invocation makes only a few calls with fresh clients.
 */
const RETRY: RetrySettings = { retryMode: 'standard', maxAttempts: 5 };

export function createHandler(options: SignerOptions = {}): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => new Signer(event, options).run();
}

export const handler = createHandler();

class Signer {
  private readonly ownRegion: string;
  private readonly log: Log;

  constructor(private readonly event: CloudFormationCustomResourceEvent, private readonly options: SignerOptions) {
    this.ownRegion = regionOf(options, 'the signer cannot tell which Region its subordinate CA is in');
    this.log = logWith({ requestType: event.RequestType, requestId: event.RequestId, logicalResourceId: event.LogicalResourceId });
  }

  public async run(): Promise<OnEventResponse> {
    const event = this.event;
    switch (event.RequestType) {
      case 'Create':
        return this.sign(readProperties(event.ResourceProperties));
      case 'Update': {
        const props = readProperties(event.ResourceProperties);
        const current = parseCertificateArn(event.PhysicalResourceId);
        if (current && onlyRevokeOnDeleteChanged(event.OldResourceProperties, event.ResourceProperties)) {
          this.log('only RevokeOnDelete changed: keeping the certificate', { certificateArn: current.certificateArn });
          return this.describeIssued(props.Parent, current, props.CertificateAuthorityArn);
        }
        return this.sign(props);
      }
      case 'Delete':
        return this.remove(event.PhysicalResourceId, event.ResourceProperties as unknown as Properties);
    }
  }

  /** Create, or an Update that needs a new certificate: issue, verify, install. */
  private async sign(props: Properties): Promise<OnEventResponse> {
    const subordinateArn = props.CertificateAuthorityArn;
    const subordinate = parseCaArn(subordinateArn);
    if (subordinate && subordinate.region !== this.ownRegion) {
      throw new Error(`subordinate CA ${subordinateArn} is in ${subordinate.region} but the signer runs in ${this.ownRegion}: `
        + 'deploy the signer in the subordinate CA\'s Region');
    }
    const unit = props.ValidityType as ValidityUnit;
    const value = Number(props.ValidityValue);
    const nameConstraints = props.NameConstraints ? encodeNameConstraints(props.NameConstraints) : undefined;

    const parent = await this.parentAccess(props.Parent, props.Parent.Region, subordinateArn);
    const parentArn = await this.resolveParentArn(parent, props.Parent);
    const parentCa = await this.describeParent(parent, parentArn);
    checkValidity(parentCa, parentArn, unit, value, new Date());
    const signingAlgorithm = props.SigningAlgorithm || parentCa.CertificateAuthorityConfiguration?.SigningAlgorithm;
    if (!signingAlgorithm) throw new Error(`parent CA ${parentArn} reports no signing algorithm: set SigningAlgorithm`);

    const idempotencyToken = createHash('sha256').update(JSON.stringify([
      this.event.StackId, this.event.LogicalResourceId, this.event.RequestId, props.CertificateSigningRequest,
      props.TemplateArn, props.ValidityType, props.ValidityValue, parentArn, signingAlgorithm, nameConstraints?.toString('base64'),
    ])).digest('hex').slice(0, ISSUE_IDEMPOTENCY_TOKEN_LENGTH);

    const issued = await this.call('IssueCertificate', `parent CA ${parentArn}`, parent.via, () => parent.pca.send(new IssueCertificateCommand({
      CertificateAuthorityArn: parentArn,
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
    if (!certificateArn) throw new Error(`IssueCertificate on parent CA ${parentArn} returned no certificate ARN`);
    this.log('certificate requested', { parentArn, certificateArn, awsRequestId: issued.$metadata?.requestId });

    const { Certificate: certificatePem, CertificateChain: chainPem } = await this.waitForCertificate(parent, parentArn, certificateArn);
    if (!certificatePem) throw new Error(`GetCertificate of ${certificateArn} returned no certificate`);
    let certificate: X509Certificate;
    try {
      certificate = verifyChain(certificatePem, chainPem);
    } catch (e) {
      throw new Error(`refusing to install certificate ${certificateArn} from parent CA ${parentArn} into ${subordinateArn}: `
        + `its chain does not verify: ${messageOf(e)}`, { cause: e });
    }

    const own = this.ownPca();
    await this.call('ImportCertificateAuthorityCertificate', `subordinate CA ${subordinateArn}`, 'with the signer\'s own credentials',
      () => own.send(new ImportCertificateAuthorityCertificateCommand({
        CertificateAuthorityArn: subordinateArn,
        Certificate: Buffer.from(certificatePem, 'utf8'),
        CertificateChain: Buffer.from(chainPem ?? '', 'utf8'),
      })), 'check that the signer\'s role allows acm-pca:ImportCertificateAuthorityCertificate on it');

    const data: SubordinateCertificateAttributes = {
      CertificateArn: certificateArn,
      SerialNumber: formatSerial(certificate.serialNumber),
      NotAfter: new Date(certificate.validTo).toISOString(),
      ParentCertificateAuthorityArn: parentArn,
      CertificateAuthorityArn: subordinateArn,
    };
    this.log('certificate installed', { subordinateArn, ...data });
    return { PhysicalResourceId: certificateArn, Data: data };
  }

  /** Attributes of an existing certificate (an Update that keeps it). */
  private async describeIssued(parentRef: ParentReference, current: CertificateArnParts, subordinateArn: string): Promise<OnEventResponse> {
    const parent = await this.parentAccess(parentRef, current.region, current.caArn);
    const out = await this.call('GetCertificate', `certificate ${current.certificateArn}`, parent.via,
      () => parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: current.caArn, CertificateArn: current.certificateArn })));
    const certificate = verifyChain(out.Certificate ?? '', out.CertificateChain);
    return {
      PhysicalResourceId: current.certificateArn,
      Data: {
        CertificateArn: current.certificateArn,
        SerialNumber: formatSerial(certificate.serialNumber),
        NotAfter: new Date(certificate.validTo).toISOString(),
        ParentCertificateAuthorityArn: current.caArn,
        CertificateAuthorityArn: subordinateArn,
      },
    };
  }

  /**
   * Delete: revoke when asked, and disable the subordinate CA when it still holds this certificate so that
   * CloudFormation can delete it. A subordinate that holds a newer certificate is left alone: this Delete is
   * the cleanup after a re-signing.
   */
  private async remove(physicalId: string, props: Properties): Promise<OnEventResponse> {
    const cert = parseCertificateArn(physicalId);
    if (!cert) {
      this.log('physical id is not a certificate ARN (a create that failed): nothing to clean up', { physicalId });
      return { PhysicalResourceId: physicalId };
    }
    const subordinateArn = props.CertificateAuthorityArn;
    const held = await this.installedCertificate(subordinateArn);
    let serial = cert.serial;

    if (props.RevokeOnDelete === 'true') {
      const parent = await this.parentAccess(props.Parent ?? { Region: cert.region }, cert.region, subordinateArn);
      // The certificate itself is the authority on its serial; the ARN's last field is the fallback.
      try {
        const out = await parent.pca.send(new GetCertificateCommand({ CertificateAuthorityArn: cert.caArn, CertificateArn: cert.certificateArn }));
        serial = serialOf(out.Certificate) ?? serial;
      } catch (e) {
        this.log('cannot read the certificate, taking its serial from the ARN', { certificateArn: cert.certificateArn, error: errorName(e) });
      }
      const superseded = held !== undefined && held.serial !== undefined && !sameSerial(held.serial, serial);
      const reason = superseded ? 'SUPERSEDED' : 'CESSATION_OF_OPERATION';
      try {
        await this.call('RevokeCertificate', `certificate ${cert.certificateArn} (serial ${formatSerial(serial)})`, parent.via,
          () => parent.pca.send(new RevokeCertificateCommand({
            CertificateAuthorityArn: cert.caArn, CertificateSerial: formatSerial(serial), RevocationReason: reason,
          })), `check that it allows acm-pca:RevokeCertificate on ${cert.caArn}`);
        this.log('certificate revoked', { certificateArn: cert.certificateArn, serial: formatSerial(serial), reason });
      } catch (e) {
        const name = errorName(causeOf(e));
        if (name === 'RequestAlreadyProcessedException') {
          this.log('certificate was already revoked', { certificateArn: cert.certificateArn });
        } else if (name === 'ResourceNotFoundException') {
          this.log('parent CA no longer exists: nothing to revoke', { parentArn: cert.caArn });
        } else {
          throw e;
        }
      }
    }

    if (held?.status === 'ACTIVE' && held.serial !== undefined && sameSerial(held.serial, serial)) {
      const own = this.ownPca();
      try {
        await this.call('UpdateCertificateAuthority', `subordinate CA ${subordinateArn}`, 'with the signer\'s own credentials',
          () => own.send(new UpdateCertificateAuthorityCommand({ CertificateAuthorityArn: subordinateArn, Status: 'DISABLED' })),
          'check that the signer\'s role allows acm-pca:UpdateCertificateAuthority on it');
        this.log('subordinate CA disabled', { subordinateArn });
      } catch (e) {
        if (errorName(causeOf(e)) !== 'ResourceNotFoundException') throw e;
      }
    } else {
      this.log('subordinate CA left as it is', { subordinateArn, status: held?.status, installedSerial: held?.serial && formatSerial(held.serial) });
    }
    return { PhysicalResourceId: physicalId };
  }

  /** Status and installed certificate serial of the subordinate CA, or undefined when it is gone. */
  private async installedCertificate(arn: string): Promise<{ status?: string; serial?: string } | undefined> {
    const own = this.ownPca();
    let status: string | undefined;
    try {
      const out = await own.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: arn }));
      status = out.CertificateAuthority?.Status;
    } catch (e) {
      if (errorName(e) === 'ResourceNotFoundException') return undefined;
      throw awsError('DescribeCertificateAuthority', `subordinate CA ${arn}`, 'with the signer\'s own credentials', e);
    }
    if (status === 'DELETED' || status === 'PENDING_CERTIFICATE' || status === 'CREATING' || status === 'FAILED') return { status };
    try {
      const out = await own.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn }));
      return { status, serial: serialOf(out.Certificate) };
    } catch (e) {
      const name = errorName(e);
      if (name === 'ResourceNotFoundException' || name === 'InvalidStateException') return { status };
      throw awsError('GetCertificateAuthorityCertificate', `subordinate CA ${arn}`, 'with the signer\'s own credentials', e);
    }
  }

  /** Clients for the parent CA's account and Region, through the signer role when there is one. */
  private async parentAccess(parent: ParentReference, region: string, subordinateArn: string): Promise<ParentAccess> {
    let credentials = this.options.credentials;
    let via = 'with the signer\'s own credentials';
    if (parent.RoleArn) {
      const sts = new STSClient(this.clientConfig(this.ownRegion, this.options.credentials));
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
    const config = this.clientConfig(region, credentials);
    return { pca: new ACMPCAClient(config), ssm: new SSMClient(config), region, via };
  }

  private async resolveParentArn(parent: ParentAccess, ref: ParentReference): Promise<string> {
    if (ref.CertificateAuthorityArn) return ref.CertificateAuthorityArn;
    const name = ref.ArnParameterName;
    if (!name) throw new Error('Parent has neither CertificateAuthorityArn nor ArnParameterName: the signer cannot tell which CA signs');
    const where = `SSM parameter ${name} in ${parent.region}`;
    const out = await this.call('GetParameter', where, parent.via, () => parent.ssm.send(new GetParameterCommand({ Name: name })),
      'check that the parameter exists in the parent CA\'s account and Region and that the role may read it');
    const arn = out.Parameter?.Value?.trim();
    if (!arn || !parseCaArn(arn)) throw new Error(`${where} holds '${arn ?? ''}', which is not a certificate authority ARN`);
    this.log('parent CA resolved', { parameterName: name, parentArn: arn });
    return arn;
  }

  private async describeParent(parent: ParentAccess, parentArn: string): Promise<CertificateAuthority> {
    const out = await this.call('DescribeCertificateAuthority', `parent CA ${parentArn}`, parent.via,
      () => parent.pca.send(new DescribeCertificateAuthorityCommand({ CertificateAuthorityArn: parentArn })));
    const ca = out.CertificateAuthority;
    if (!ca) throw new Error(`DescribeCertificateAuthority of parent CA ${parentArn} returned nothing`);
    if (ca.Status !== 'ACTIVE') {
      throw new Error(`parent CA ${parentArn} is ${ca.Status ?? 'in an unknown state'}, not ACTIVE: it cannot sign; `
        + 'install its certificate or re-enable it, then retry the deployment');
    }
    return ca;
  }

  /** GetCertificate until issued, with the SDK waiter; any answer but "in progress" ends the wait. */
  private async waitForCertificate(parent: ParentAccess, parentArn: string, certificateArn: string): Promise<GetCertificateCommandOutput> {
    const { minDelay = 1, maxDelay = 15, maxWaitTime = 240 } = this.options.waiter ?? {};
    const wait = await waitForIssuedCertificate(parent.pca, { CertificateAuthorityArn: parentArn, CertificateArn: certificateArn },
      { minDelay, maxDelay, maxWaitTime });
    if ('issued' in wait) return wait.issued;
    if ('awsError' in wait) {
      throw awsError('GetCertificate', `certificate ${certificateArn} of parent CA ${parentArn}`, parent.via, wait.awsError,
        'check that it allows acm-pca:GetCertificate');
    }
    const e = wait.waiterError;
    if (errorName(e) === 'TimeoutError') {
      throw new Error(`certificate ${certificateArn} from parent CA ${parentArn} was not issued within ${maxWaitTime} s; `
        + 'retry the deployment (the request is idempotent) or check the parent CA', { cause: e });
    }
    throw new Error(`waiting for certificate ${certificateArn} from parent CA ${parentArn} failed: ${messageOf(e)}`, { cause: e });
  }

  private ownPca(): ACMPCAClient {
    return new ACMPCAClient(this.clientConfig(this.ownRegion, this.options.credentials));
  }

  private clientConfig(region: string, credentials: Credentials): ACMPCAClientConfig {
    return clientConfig(this.options, region, RETRY, credentials);
  }

  /** Runs one AWS call, turning its failure into a message that names the operation, target and cause. */
  private async call<T>(action: string, target: string, via: string, fn: () => Promise<T>, accessHint?: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw awsError(action, target, via, e, accessHint);
    }
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
  if (problems.length > 0) throw new Error(`invalid properties of ${props.CertificateAuthorityArn ?? 'the subordinate CA'}: ${problems.join('; ')}`);
  return props;
}

function onlyRevokeOnDeleteChanged(oldProps: Record<string, unknown>, newProps: Record<string, unknown>): boolean {
  const signing = (p: Record<string, unknown>) => {
    const { ServiceToken: _token, RevokeOnDelete: _revoke, ...rest } = p;
    return canonicalJson(rest);
  };
  return signing(oldProps) === signing(newProps);
}

/** JSON with object keys sorted, so that key order does not count as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
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

/** Serial (hex) of a PEM certificate, or undefined when there is none. */
function serialOf(pem: string | undefined): string | undefined {
  if (!pem) return undefined;
  try {
    return new X509Certificate(pem).serialNumber;
  } catch {
    return undefined;
  }
}

/** An error that says which call failed on what, why, and what to check. The SDK error is its cause. */
function awsError(action: string, target: string, via: string, e: unknown, accessHint?: string): Error {
  return sharedAwsError(action, target, e, {
    via,
    accessHint,
    throttleHint: 'AWS Private CA limits each operation per account and Region: retry the deployment later or request a higher quota',
  });
}
