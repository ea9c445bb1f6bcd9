/**
 * The renewal specs and records of a stack's CAs (contract: src/private/contracts/ca-renewal.ts), in SSM
 * Parameter Store of the handler's account and Region. The specs are CloudFormation's (read only); the records
 * are the handler's: a renewal writes one, the signing resource reads it to know the renewed certificate for its
 * own, and removes it when the CA leaves the stack or is signed again.
 */
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { sameSerial, serialOf } from './certificates';
import { OWN_CREDENTIALS } from './context';
import type { HandlerContext } from './context';
import type { SigningParent } from './parent';
import { parseIssuedCertificateArn } from '../../src/private/contracts/arn';
import type { IssuedCertificateArnParts } from '../../src/private/contracts/arn';
import { caRenewalRecordPath, caRenewalSpecPath, stackNameOfId } from '../../src/private/contracts/ca-renewal';
import type { CaRenewalRecord, CaRenewalSpec } from '../../src/private/contracts/ca-renewal';
import type { SubordinateCertificateAttributes } from '../../src/private/contracts/signing';
import { ACCESS_DENIED_ERRORS, errorName, messageOf } from '../shared/errors';

const ACCESS_HINT = 'check that the signing handler\'s role may use the renewal parameters of its stack (ssm:GetParametersByPath, '
  + 'GetParameter, PutParameter, DeleteParameter under /cdk-pki/ca-renewal/<stack>/)';

export class RenewalRecords {
  private readonly stackName: string | undefined;

  /** @param stackId the stack whose CAs these are (its name keys the parameters) */
  constructor(private readonly ctx: HandlerContext, stackId: string) {
    this.stackName = stackNameOfId(stackId);
  }

  private get ssm(): SSMClient {
    return this.ctx.clients.get(SSMClient);
  }

  /** The stack's renewal specs, each with its parameter name; a spec that is not valid JSON is reported and left out. */
  public async specs(): Promise<{ specs: CaRenewalSpec[]; unreadable: string[] }> {
    const parameters = await this.ctx.parametersByPath(caRenewalSpecPath(this.requireStackName()), ACCESS_HINT);
    const specs: CaRenewalSpec[] = [];
    const unreadable: string[] = [];
    for (const p of parameters) {
      const spec = parseJson<CaRenewalSpec>(p.Value);
      if (spec?.Version === 1 && spec.Properties?.CertificateAuthorityArn && spec.LogicalId) {
        specs.push(spec);
      } else {
        unreadable.push(p.Name ?? '(no name)');
      }
    }
    return { specs, unreadable };
  }

  /** The renewal record of a signing resource, or undefined when it has none (or the stack name is unknown). */
  public async get(logicalId: string): Promise<CaRenewalRecord | undefined> {
    const name = this.recordName(logicalId);
    if (!name) return undefined;
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: name }));
      const record = parseJson<CaRenewalRecord>(out?.Parameter?.Value);
      if (record?.Version !== 1) {
        this.ctx.log('renewal record is not readable: ignored', { parameterName: name });
        return undefined;
      }
      return record;
    } catch (e) {
      if (errorName(e) === 'ParameterNotFound') return undefined;
      if (ACCESS_DENIED_ERRORS.has(errorName(e))) {
        // The role that would have written a record (this one) cannot read it: there is none of its making.
        this.ctx.log('renewal record not readable (access denied): taken as none', { parameterName: name, hint: ACCESS_HINT });
        return undefined;
      }
      throw this.ctx.aws.error('GetParameter', `SSM parameter ${name}`, e, { via: OWN_CREDENTIALS, accessHint: ACCESS_HINT });
    }
  }

  public async put(logicalId: string, record: CaRenewalRecord): Promise<void> {
    const name = this.recordName(logicalId) ?? this.requireStackName();
    await this.ctx.aws.call('PutParameter', `SSM parameter ${name}`, () => this.ssm.send(new PutParameterCommand({
      Name: name,
      Value: JSON.stringify(record),
      Type: 'String',
      Overwrite: true,
      Description: 'cdk-pki: the CA certificate the automatic renewal installed (written by the signing handler)',
    })), { via: OWN_CREDENTIALS, accessHint: ACCESS_HINT });
  }

  /**
   * The record of the signing resource `logicalId` when it renewed `cert` (the resource's own certificate, by serial:
   * from its ARN, else read from the parent), else undefined.
   */
  public async renewing(logicalId: string, cert: IssuedCertificateArnParts, parent: SigningParent): Promise<CaRenewalRecord | undefined> {
    const record = await this.get(logicalId);
    if (!record) return undefined;
    if (sameSerial(record.ResourceSerialNumber, cert.serial)) return record;
    try {
      const issued = serialOf((await parent.get(cert)).certificatePem);
      return issued !== undefined && sameSerial(record.ResourceSerialNumber, issued) ? record : undefined;
    } catch (e) {
      this.ctx.log('cannot read the certificate to compare it with the renewal record; taking the record as another certificate\'s',
        { certificateArn: cert.certificateArn, error: errorName(e) });
      return undefined;
    }
  }

  /** Removes a signing resource's record; a record that is gone already, or a failure, is logged only. */
  public async delete(logicalId: string): Promise<void> {
    const name = this.recordName(logicalId);
    if (!name) return;
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: name }));
      this.ctx.log('renewal record removed', { parameterName: name });
    } catch (e) {
      if (errorName(e) === 'ParameterNotFound') return;
      this.ctx.log('renewal record not removed', { parameterName: name, error: errorName(e), reason: messageOf(e), hint: ACCESS_HINT });
    }
  }

  private recordName(logicalId: string): string | undefined {
    return this.stackName ? `${caRenewalRecordPath(this.stackName)}/${logicalId}` : undefined;
  }

  private requireStackName(): string {
    if (!this.stackName) throw new Error('the stack id of the request names no stack: the renewal parameters cannot be found');
    return this.stackName;
  }
}

function parseJson<T>(value: string | undefined): T | undefined {
  try {
    return value ? JSON.parse(value) as T : undefined;
  } catch {
    return undefined;
  }
}

/** Attributes of the resource when the CA holds the automatic renewal of its certificate. */
export function renewedAttributes(record: CaRenewalRecord, subordinateArn: string): SubordinateCertificateAttributes {
  return {
    CertificateArn: record.CertificateArn,
    SerialNumber: record.SerialNumber,
    NotAfter: record.NotAfter,
    ParentCertificateAuthorityArn: record.ParentCertificateAuthorityArn,
    CertificateAuthorityArn: subordinateArn,
  };
}

/** The certificate a renewal record names. */
export function renewedCertificate(record: CaRenewalRecord): IssuedCertificateArnParts {
  const parts = parseIssuedCertificateArn(record.CertificateArn);
  if (!parts) throw new Error(`the renewal record names '${record.CertificateArn}', which is not the ARN of a certificate a CA issued`);
  return parts;
}
