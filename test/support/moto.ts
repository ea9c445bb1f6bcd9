/**
 * Starts and stops a moto_server (an AWS API emulator) for integration tests, and gives credentials of any
 * account in it. See the README for installing moto: `pip install "moto[server]"`.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  GetCertificateAuthorityCsrCommand, GetCertificateCommand, ImportCertificateAuthorityCertificateCommand, IssueCertificateCommand,
} from '@aws-sdk/client-acm-pca';
import type { ACMPCAClient, ValidityPeriodType } from '@aws-sdk/client-acm-pca';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** Credentials moto maps to its default account 123456789012. */
export const DEFAULT_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Path of moto_server: on PATH, else in the pyenv Python the machine image installs it in. */
export function findMotoServer(): string | undefined {
  const found = spawnSync('/bin/sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  const onPath = found.status === 0 ? found.stdout.trim() : '';
  if (onPath) return onPath;
  const pyenv = join(homedir(), '.pyenv', 'versions', '3.11.7', 'bin', 'moto_server');
  return existsSync(pyenv) ? pyenv : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * An emulator of the AWS APIs on a free loopback port. Tests use one per file, through `describeWithMoto`, or
 * start one with `MotoServer.start`.
 */
export class MotoServer {
  /** Starts moto_server on a free loopback port and waits until it answers. */
  public static async start(binary: string, timeoutMs = 30_000): Promise<MotoServer> {
    const server = new MotoServer(binary);
    await server.start(timeoutMs);
    return server;
  }

  private running?: { readonly child: ChildProcess; readonly endpoint: string };

  /** A server of this moto_server binary, not started yet. */
  constructor(private readonly binary: string) {}

  /** Where the server answers; only once it is started. */
  public get endpoint(): string {
    if (!this.running) throw new Error('moto_server is not started: use the server in hooks and tests only');
    return this.running.endpoint;
  }

  /** Starts moto_server on a free loopback port and waits until it answers. */
  public async start(timeoutMs = 30_000): Promise<void> {
    const port = await freePort();
    const child = spawn(this.binary, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
    this.running = { child, endpoint: `http://127.0.0.1:${port}` };
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}: ${stderr}`);
      try {
        const res = await fetch(`${this.endpoint}/moto-api/`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await this.stop();
    throw new Error(`moto_server did not answer on ${this.endpoint} within ${timeoutMs} ms: ${stderr}`);
  }

  /** Forgets every resource (and every access key moto handed out). */
  public async reset(): Promise<void> {
    const res = await fetch(`${this.endpoint}/moto-api/reset`, { method: 'POST' });
    if (!res.ok) throw new Error(`moto reset failed: ${res.status}`);
  }

  /** moto's internal state of a service, for what its API does not show (such as revoked serials). */
  public async state(service: string): Promise<Record<string, unknown[]>> {
    const res = await fetch(`${this.endpoint}/moto-api/data.json`);
    const data = await res.json() as Record<string, Record<string, unknown[]>>;
    return data[service] ?? {};
  }

  /**
   * Credentials of `account`: moto answers AssumeRole into any role ARN (the role need not exist) with keys
   * that it then maps to the role's account.
   */
  public async credentialsOf(account: string): Promise<AwsCredentials> {
    const sts = new STSClient({ region: 'us-east-1', endpoint: this.endpoint, credentials: DEFAULT_CREDENTIALS });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/test-admin`, RoleSessionName: 'test' }));
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  }

  public async stop(): Promise<void> {
    const child = this.running?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * A `describe` block of tests against moto_server: one server for the block, started before its tests and
 * stopped after them, reset before each test, with console.log silenced during each (the handlers log a JSON
 * line per step). `body` declares the tests; it gets the server, which it may use in hooks and tests only.
 *
 * Without moto_server the block is skipped with a loud warning that names `what` is not tested; under CI a
 * failing test takes its place, so that a missing emulator cannot pass unnoticed.
 */
export function describeWithMoto(name: string, what: string, body: (moto: MotoServer) => void): void {
  const binary = findMotoServer();
  if (!binary) {
    const message = 'moto_server was not found (neither on PATH nor in ~/.pyenv/versions/3.11.7/bin): '
      + `the ${what} integration tests need it; install it with: pip install "moto[server]"`;
    if (process.env.CI) {
      test('moto_server is installed', () => {
        throw new Error(message);
      });
    } else {
      console.warn(`\n${'!'.repeat(100)}\nSKIPPING ${message}\n${'!'.repeat(100)}\n`);
    }
    describe.skip(name, () => body(new MotoServer('moto_server')));
    return;
  }
  describe(name, () => {
    const moto = new MotoServer(binary);

    beforeAll(async () => {
      await moto.start();
    });

    afterAll(async () => {
      await moto.stop();
    });

    beforeEach(async () => {
      jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await moto.reset();
    });

    afterEach(() => {
      jest.restoreAllMocks();
    });

    body(moto);
  });
}

/**
 * Makes a ROOT CA of moto ACTIVE: its CSR self-signed with RootCACertificate/V1 (SHA256WITHRSA, the key moto makes
 * for every CA) and the certificate imported. Returns the certificate, PEM.
 */
export async function activateRootCa(
  client: ACMPCAClient, arn: string, validity: { Type: ValidityPeriodType; Value: number } = { Type: 'YEARS', Value: 10 },
): Promise<string> {
  const { Csr } = await client.send(new GetCertificateAuthorityCsrCommand({ CertificateAuthorityArn: arn }));
  const { CertificateArn } = await client.send(new IssueCertificateCommand({
    CertificateAuthorityArn: arn,
    Csr: Buffer.from(Csr!, 'utf8'),
    TemplateArn: 'arn:aws:acm-pca:::template/RootCACertificate/V1',
    SigningAlgorithm: 'SHA256WITHRSA',
    Validity: validity,
  }));
  const { Certificate } = await client.send(new GetCertificateCommand({ CertificateAuthorityArn: arn, CertificateArn }));
  await client.send(new ImportCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: arn, Certificate: Buffer.from(Certificate!, 'utf8') }));
  return Certificate!;
}
