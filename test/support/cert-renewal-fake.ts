/**
 * An in-memory ACM, AWS Private CA, EventBridge, SNS and STS for the cert-renewal handler tests: state that
 * behaves like the services (tags removed by key and value, re-import under the same ARN keeps the tags,
 * ListCertificates pages by MaxItems, a CA that really signs), reachable through aws-sdk-client-mock or
 * through a fake HTTP handler (so that the SDK's own retry middleware runs).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as acm from '@aws-sdk/client-acm';
import { ACMClient } from '@aws-sdk/client-acm';
import * as pca from '@aws-sdk/client-acm-pca';
import { ACMPCAClient } from '@aws-sdk/client-acm-pca';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeAwsHttp } from './fake-aws-http';
import { issueFromCsr } from './pki';
import type { CaMaterial } from './pki';
import type { RequestHandler } from '../../lambda/shared/clients';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const DAY = 86_400_000;

export interface StoredCertificate {
  pem: string;
  chain?: string;
  type: 'IMPORTED' | 'AMAZON_ISSUED' | 'PRIVATE';
  tags: Map<string, string>;
  importedAt: Date;
}

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'req-1' } });
}

function copy(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  return value;
}

function keyAlgorithmOf(pem: string): string {
  const key = new X509Certificate(pem).publicKey;
  const d = key.asymmetricKeyDetails ?? {};
  return key.asymmetricKeyType === 'rsa' ? `RSA_${d.modulusLength}` : `EC_${d.namedCurve}`;
}

/** Colon-separated hexadecimal, as ACM prints serials. */
function acmSerial(pem: string): string {
  return new X509Certificate(pem).serialNumber.toLowerCase().match(/../g)!.join(':');
}

export interface CaSetup {
  readonly arn: string;
  readonly material: CaMaterial;
  status?: string;
  notAfter?: Date;
  keyAlgorithm?: string;
  signingAlgorithm?: string;
  /** The CA's tags (ListTags). */
  tags?: Record<string, string>;
}

export class FakeAws {
  public readonly certificates = new Map<string, StoredCertificate>();
  public readonly cas = new Map<string, CaSetup>();
  public readonly issued = new Map<string, { pem: string; chain: string }>();
  public readonly calls: Array<{ op: string; input: Json; region?: string; accessKeyId?: string }> = [];
  /** Operations to fail with ThrottlingException, and how many times. */
  public readonly throttle: Record<string, number> = {};
  /** Operations to fail once with the given error. */
  public readonly failures: Record<string, Error> = {};
  /** Called after each operation (to make things happen between two calls of a renewal). */
  public after?: (op: string, input: Json) => void | Promise<void>;
  /** IssueCertificate drops the CSR's SANs (a template that does not copy them). */
  public dropSans = false;
  private counter = 0;
  /** The CA's clock: issued certificates start at this time. */
  public now: () => number = () => Date.now();

  public addCa(ca: CaSetup): void {
    this.cas.set(ca.arn, ca);
  }

  public addCertificate(pem: string, tags: Record<string, string>, options: { type?: StoredCertificate['type']; chain?: string } = {}): string {
    this.counter++;
    const arn = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${String(this.counter).padStart(8, '0')}-0000-4000-8000-000000000000`;
    this.certificates.set(arn, { pem, chain: options.chain, type: options.type ?? 'IMPORTED', tags: new Map(Object.entries(tags)), importedAt: new Date() });
    return arn;
  }

  public tagsOf(arn: string): Record<string, string> {
    return Object.fromEntries(this.certificates.get(arn)!.tags);
  }

  public callsOf(op: string): Json[] {
    return this.calls.filter((c) => c.op === op).map((c) => c.input);
  }

  public async handle(op: string, input: Json, meta: { region?: string; accessKeyId?: string } = {}): Promise<Json> {
    // A copy: the handler zeroes the private key's buffer once the call is done.
    this.calls.push({ op, input: copy(input) as Json, ...meta });
    if ((this.throttle[op] ?? 0) > 0) {
      this.throttle[op]--;
      throw awsError('ThrottlingException', 'Rate exceeded');
    }
    if (this.failures[op]) {
      const e = this.failures[op];
      delete this.failures[op];
      throw e;
    }
    const out = await this.answer(op, input);
    await this.after?.(op, input);
    return out;
  }

  private certificate(arn: string): StoredCertificate {
    const cert = this.certificates.get(arn);
    if (!cert) throw awsError('ResourceNotFoundException', `Could not find certificate ${arn}.`);
    return cert;
  }

  private async answer(op: string, input: Json): Promise<Json> {
    switch (op) {
      // ---- ACM
      case 'DescribeCertificate': {
        const c = this.certificate(input.CertificateArn);
        const x = new X509Certificate(c.pem);
        return {
          Certificate: {
            CertificateArn: input.CertificateArn,
            DomainName: /CN=([^\n,]+)/.exec(x.subject)?.[1],
            Type: c.type,
            Status: new Date(x.validTo) < new Date() ? 'EXPIRED' : 'ISSUED',
            NotBefore: new Date(x.validFrom),
            NotAfter: new Date(x.validTo),
            Serial: acmSerial(c.pem),
            KeyAlgorithm: keyAlgorithmOf(c.pem),
            ImportedAt: c.importedAt,
          },
        };
      }
      case 'ListCertificates': {
        const arns = [...this.certificates.keys()].filter((arn) => (input.Includes?.keyTypes ?? ['RSA_1024', 'RSA_2048'])
          .includes(keyAlgorithmOf(this.certificates.get(arn)!.pem)));
        const start = Number(input.NextToken ?? 0);
        const size = input.MaxItems ?? 1000;
        const page = arns.slice(start, start + size);
        return {
          CertificateSummaryList: page.map((arn) => {
            const c = this.certificates.get(arn)!;
            return { CertificateArn: arn, Type: c.type, NotAfter: new Date(new X509Certificate(c.pem).validTo), KeyAlgorithm: keyAlgorithmOf(c.pem) };
          }),
          NextToken: start + size < arns.length ? String(start + size) : undefined,
        };
      }
      case 'GetCertificate':
        if (input.CertificateAuthorityArn) return this.pcaGetCertificate(input);
        return { Certificate: this.certificate(input.CertificateArn).pem, CertificateChain: this.certificate(input.CertificateArn).chain };
      case 'ListTagsForCertificate':
        return { Tags: [...this.certificate(input.CertificateArn).tags].map(([Key, Value]) => ({ Key, Value })) };
      case 'AddTagsToCertificate': {
        const c = this.certificate(input.CertificateArn);
        for (const t of input.Tags) c.tags.set(t.Key, t.Value ?? '');
        return {};
      }
      case 'RemoveTagsFromCertificate': {
        const c = this.certificate(input.CertificateArn);
        // ACM: a tag given with a value is removed only when it has that value.
        for (const t of input.Tags) if (t.Value === undefined || c.tags.get(t.Key) === t.Value) c.tags.delete(t.Key);
        return {};
      }
      case 'ImportCertificate': {
        const c = this.certificate(input.CertificateArn);
        if (input.Tags) throw awsError('ValidationException', 'You cannot apply tags when reimporting a certificate.');
        const pem = Buffer.from(input.Certificate).toString('utf8');
        const keyPem = Buffer.from(input.PrivateKey).toString('utf8');
        if (!new X509Certificate(pem).checkPrivateKey(createPrivateKey(keyPem))) {
          throw awsError('ValidationException', 'The private key does not match the public key in the certificate.');
        }
        if (keyAlgorithmOf(pem) !== keyAlgorithmOf(c.pem)) throw awsError('ValidationException', 'The key type and size cannot be changed.');
        c.pem = pem;
        c.chain = input.CertificateChain ? Buffer.from(input.CertificateChain).toString('utf8') : undefined;
        c.importedAt = new Date();
        return { CertificateArn: input.CertificateArn };
      }
      // ---- Private CA
      case 'DescribeCertificateAuthority': {
        const ca = this.cas.get(input.CertificateAuthorityArn);
        if (!ca) throw awsError('ResourceNotFoundException', `Could not find certificate authority ${input.CertificateAuthorityArn}.`);
        return {
          CertificateAuthority: {
            Arn: ca.arn,
            Status: ca.status ?? 'ACTIVE',
            NotAfter: ca.notAfter ?? new Date(Date.now() + 3650 * DAY),
            CertificateAuthorityConfiguration: {
              KeyAlgorithm: ca.keyAlgorithm ?? 'RSA_2048', SigningAlgorithm: ca.signingAlgorithm ?? 'SHA256WITHRSA', Subject: {},
            },
          },
        };
      }
      case 'ListTags': {
        const ca = this.cas.get(input.CertificateAuthorityArn);
        if (!ca) throw awsError('ResourceNotFoundException', `Could not find certificate authority ${input.CertificateAuthorityArn}.`);
        return { Tags: Object.entries(ca.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
      }
      case 'IssueCertificate': {
        const ca = this.cas.get(input.CertificateAuthorityArn);
        if (!ca) throw awsError('ResourceNotFoundException', 'no such CA');
        const csr = Buffer.from(input.Csr).toString('utf8');
        const pem = await issueFromCsr(csr, ca.material, {
          notBefore: new Date(this.now() - 60_000), notAfter: new Date(this.now() + input.Validity.Value * DAY), dropSans: this.dropSans,
        });
        const arn = `${ca.arn}/certificate/${new X509Certificate(pem).serialNumber.toLowerCase()}`;
        this.issued.set(arn, { pem, chain: ca.material.pem });
        return { CertificateArn: arn };
      }
      // ---- EventBridge, SNS, STS
      case 'PutEvents':
        return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'e' })) };
      case 'Publish':
        return { MessageId: 'm' };
      case 'AssumeRole':
        return {
          Credentials: { AccessKeyId: 'ASIAROLE', SecretAccessKey: 'role-secret', SessionToken: 'role-token', Expiration: new Date(Date.now() + 900_000) },
          AssumedRoleUser: { AssumedRoleId: 'AROA:cdk-pki-cert-renewal', Arn: `${input.RoleArn}/cdk-pki-cert-renewal` },
        };
      default:
        throw new Error(`the fake does not know ${op}`);
    }
  }

  private pcaGetCertificate(input: Json): Json {
    const issued = this.issued.get(input.CertificateArn);
    if (!issued) throw awsError('ResourceNotFoundException', 'no such certificate');
    return { Certificate: issued.pem, CertificateChain: issued.chain };
  }
}

/** Every command the handler sends, by client. */
const COMMANDS: Array<[unknown, unknown[]]> = [
  [ACMClient, [acm.DescribeCertificateCommand, acm.ListCertificatesCommand, acm.GetCertificateCommand, acm.ListTagsForCertificateCommand,
    acm.AddTagsToCertificateCommand, acm.RemoveTagsFromCertificateCommand, acm.ImportCertificateCommand]],
  [ACMPCAClient, [pca.DescribeCertificateAuthorityCommand, pca.IssueCertificateCommand, pca.GetCertificateCommand, pca.ListTagsCommand]],
  [EventBridgeClient, [PutEventsCommand]],
  [SNSClient, [PublishCommand]],
  [STSClient, [AssumeRoleCommand]],
];

/** Routes every command of the five clients to `fake()`, through aws-sdk-client-mock. Returns the mocks (restore them). */
export function mockWith(fake: () => FakeAws) {
  return COMMANDS.map(([type, commands]) => {
    const mock = mockClient(type as any) as any;
    for (const command of commands as Array<{ name: string }>) {
      const op = command.name.replace(/Command$/, '');
      mock.on(command).callsFake(async (input: Json, getClient: () => any) => {
        const client = getClient();
        const region = await client.config.region();
        const accessKeyId = (await client.config.credentials()).accessKeyId;
        return fake().handle(op, input, { region, accessKeyId });
      });
    }
    return mock as { restore(): void; reset(): void };
  });
}

/** Date fields of answers go over the JSON protocols as epoch seconds, blobs as base64. */
function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}

const BLOBS = new Set(['Certificate', 'PrivateKey', 'CertificateChain', 'Csr']);

/** An HTTP handler for the JSON-protocol services (ACM, Private CA, EventBridge) answered by `fake`. */
export function httpHandlerFor(fake: FakeAws): RequestHandler {
  return fakeAwsHttp(async (request) => {
    const input = Object.fromEntries(Object.entries(request.body).map(([k, v]) => [k, BLOBS.has(k) && typeof v === 'string' ? Buffer.from(v, 'base64') : v]));
    try {
      return { status: 200, body: toWire(await fake.handle(request.operation, input, { region: request.hostname?.split('.')[1] })) };
    } catch (e) {
      return { status: 400, body: { __type: (e as Error).name, message: (e as Error).message } };
    }
  }).requestHandler;
}
