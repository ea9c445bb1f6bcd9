import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { IMPORTED_CA_CERTIFICATE_MAX_BYTES, IMPORTED_CA_CHAIN_MAX_BYTES } from '../private/contracts/external-ca';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * One or more X.509 certificates in PEM, known at synthesis: a CA certificate signed outside AWS, or the chain of a
 * parent CA outside AWS (its certificate first, the root last). Each is parsed when it is read, so a truncated file or a
 * private key pasted by mistake fails the synthesis, not the deployment.
 *
 * @example
 * import { PemCertificates } from 'cdk-pki';
 *
 * const chain = PemCertificates.fromFile('pki/offline-root.pem');
 */
export class PemCertificates {
  /** Certificates in PEM text (several blocks one after the other for a chain). */
  public static fromString(pem: string): PemCertificates {
    if (Token.isUnresolved(pem)) {
      throw new Error('PemCertificates.fromString: the PEM is a token; the certificates must be known at synthesis (read them from a file with PemCertificates.fromFile)');
    }
    return new PemCertificates(pem, 'PemCertificates.fromString');
  }

  /**
   * Certificates read from a PEM file at synthesis.
   * @param file path of the file, absolute or relative to the current directory (the CDK app's, where `cdk synth` runs)
   */
  public static fromFile(file: string): PemCertificates {
    const where = `PemCertificates.fromFile('${file}')`;
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(file), 'utf8');
    } catch (e) {
      throw new Error(`${where}: cannot read the file (${(e as Error).message}); give the path of a PEM file, relative to the directory where cdk synth runs`);
    }
    return new PemCertificates(text, where);
  }

  /** The certificates, PEM, each block on its own lines, in the order given. */
  public readonly pem: string;
  /** How many certificates there are. */
  public readonly count: number;
  private readonly parsed: X509Certificate[];

  private constructor(text: string, private readonly source: string) {
    const blocks = text.match(PEM_BLOCK) ?? [];
    if (blocks.length === 0) {
      throw new Error(`${source}: no PEM certificate found (expected '-----BEGIN CERTIFICATE-----' blocks)`);
    }
    this.parsed = blocks.map((block, i) => {
      if (Buffer.byteLength(block) > IMPORTED_CA_CERTIFICATE_MAX_BYTES) {
        throw new Error(`${source}: certificate ${i + 1} has ${Buffer.byteLength(block)} bytes; AWS Private CA imports at most ${IMPORTED_CA_CERTIFICATE_MAX_BYTES}`);
      }
      try {
        return new X509Certificate(block);
      } catch (e) {
        throw new Error(`${source}: certificate ${i + 1} cannot be parsed: ${(e as Error).message}`);
      }
    });
    this.pem = `${blocks.join('\n')}\n`;
    if (Buffer.byteLength(this.pem) > IMPORTED_CA_CHAIN_MAX_BYTES) {
      throw new Error(`${source}: ${Buffer.byteLength(this.pem)} bytes of certificates; AWS Private CA takes a chain of at most ${IMPORTED_CA_CHAIN_MAX_BYTES}`);
    }
    this.count = blocks.length;
  }

  /** @internal the parsed certificates, in order */
  public get _certificates(): X509Certificate[] {
    return [...this.parsed];
  }

  /** @internal where they came from, for messages */
  public get _source(): string {
    return this.source;
  }
}
