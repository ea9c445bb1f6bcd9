/**
 * The sources the handler can renew from, by the name in the `cdk-pki:renewal-source` tag. Adding one (an
 * ACME CA, say) is a module here and a line below; the renewal does not change. Its name goes into
 * KNOWN_RENEWAL_SOURCES (src/private/contracts/renewal.ts) so that the construct accepts it.
 */
import { privateCaSource } from './private-ca';
import type { PrivateCaSourceOptions } from './private-ca';
import type { RenewalSourceModule } from './types';

export type { IssueContext, IssuedCertificate, Log, RenewalSourceModule } from './types';
export { RenewalInputError } from './types';

/** Options of every source, for tests (waiter delays); production uses the defaults. */
export interface SourceOptions {
  readonly privateCa?: PrivateCaSourceOptions;
}

export function createSources(options: SourceOptions = {}): ReadonlyMap<string, RenewalSourceModule> {
  const sources: RenewalSourceModule[] = [
    privateCaSource(options.privateCa) as RenewalSourceModule,
  ];
  return new Map(sources.map((s) => [s.name, s]));
}
