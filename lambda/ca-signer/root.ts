/**
 * Custom::PkiRootCaLifecycle: carries a root CA's removal policy. Its physical id is the root's ARN, so a
 * root replaced on purpose (a new generation) gets a new one, and CloudFormation's Delete of the old one
 * retires the old root as chosen: kept as it is (RETAIN), or disabled and deleted with a restoration period
 * (DESTROY), once the certificates it signed have expired (RetireAfterDays; retirement.ts); a root that left the
 * stack retires at once. During a rollback it does nothing: CloudFormation deletes the root the failed operation
 * created, and the removal of its activation disables it first.
 */
import { HandlerContext, removalSettings } from './context';
import { Retirements } from './retirement';
import { parseCaArn } from '../../src/private/contracts/arn';
import { previousRootCertificateParameterName } from '../../src/private/contracts/signing';
import type { RootCaLifecycleAttributes, RootCaLifecycleProperties } from '../../src/private/contracts/signing';

export interface RootLifecycleResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: RootCaLifecycleAttributes;
}

export class RootCaLifecycle {
  constructor(private readonly ctx: HandlerContext) {}

  public async run(): Promise<RootLifecycleResponse> {
    const event = this.ctx.event;
    switch (event.RequestType) {
      case 'Create':
      case 'Update': {
        const arn = readArn(event.ResourceProperties);
        if (event.RequestType === 'Update' && event.PhysicalResourceId !== arn) {
          this.ctx.log('the root CA was replaced: CloudFormation retires the old one next', { previous: event.PhysicalResourceId, certificateAuthorityArn: arn });
        }
        return { PhysicalResourceId: arn, Data: { CertificateAuthorityArn: arn } };
      }
      case 'Delete': {
        const arn = event.PhysicalResourceId;
        const done = { PhysicalResourceId: arn };
        if (!parseCaArn(arn)) {
          this.ctx.log('physical id is not a CA ARN (a create that failed): nothing to clean up', { physicalId: arn });
          return done;
        }
        const stack = await this.ctx.stack.state();
        if (stack.deleting) await new Retirements(this.ctx, event.StackId).retireAllNow();
        if (stack.rollingBack) {
          this.ctx.log('rollback: CloudFormation deletes the root CA the failed operation created', { certificateAuthorityArn: arn });
          return done;
        }
        const { policy, restorationDays } = removalSettings(event.ResourceProperties);
        // A root replaced by a new generation keeps serving what it signed until that has expired (retirement.ts).
        if (policy === 'DESTROY' && await this.ctx.stack.replaced(event.LogicalResourceId, arn)) {
          const retirements = new Retirements(this.ctx, event.StackId);
          const held = await this.ctx.caState(arn);
          const { RetireAfterDays: retireAfterDays, HierarchyName: hierarchy } = event.ResourceProperties as unknown as RootCaLifecycleProperties;
          const publishCertificateAs = hierarchy ? previousRootCertificateParameterName(hierarchy) : undefined;
          if (await retirements.schedule({ arn, policy, restorationDays, retireAfterDays, held, publishCertificateAs })) return done;
        }
        await this.ctx.retire(arn, policy, restorationDays, false);
        return done;
      }
    }
  }
}

function readArn(raw: Record<string, unknown>): string {
  const props = raw as unknown as RootCaLifecycleProperties;
  if (!parseCaArn(props.CertificateAuthorityArn)) {
    throw new Error(`invalid properties of the root CA lifecycle: CertificateAuthorityArn '${props.CertificateAuthorityArn ?? ''}' is not a CA ARN`);
  }
  return props.CertificateAuthorityArn;
}
