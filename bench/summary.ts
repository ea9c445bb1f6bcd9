// What the benchmark reads from a synthesized cloud assembly: per stack, its resources by type, its Lambda
// functions, its template size and the assets its functions use. Shared by the runner and test/bench.test.ts.
import * as fs from 'node:fs';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface StackSummary {
  readonly stackName: string;
  /** Resources of each CloudFormation type (AWS::CDK::Metadata included: it is in the template too). */
  readonly resourceTypes: Record<string, number>;
  readonly resources: number;
  readonly lambdaFunctions: number;
  /** Subordinate CAs signed by the library's custom resource (`Custom::PkiSubordinateCaCertificate`). */
  readonly signedCas: number;
  /** Distinct providers (service tokens) of those custom resources: one per stack however many CAs. */
  readonly signingProviders: number;
  /** Size of the template file as synthesized. */
  readonly templateBytes: number;
  /** Bytes of `Metadata.cdk_nag` entries (the library's cdk-nag acknowledgements), serialized compactly. */
  readonly nagMetadataBytes: number;
  /** The S3 keys (asset hashes) of the stack's Lambda code. */
  readonly lambdaAssets: string[];
  /** Names of the stacks this one is deployed after. */
  readonly dependsOn: string[];
}

/** Resource type of the custom resource that signs a subordinate CA (both apps use it). */
const SIGNING_RESOURCE_TYPE = 'Custom::PkiSubordinateCaCertificate';

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { readonly Code?: { readonly S3Key?: unknown }; readonly ServiceToken?: unknown };
  readonly Metadata?: { readonly cdk_nag?: unknown };
}

export function summarizeAssembly(assembly: CloudAssembly): StackSummary[] {
  const stackNames = new Set(assembly.stacks.map((s) => s.stackName));
  return assembly.stacks.map((stack) => {
    const resources = Object.values((stack.template.Resources ?? {}) as Record<string, TemplateResource>);
    const resourceTypes: Record<string, number> = {};
    let nagMetadataBytes = 0;
    const lambdaAssets = new Set<string>();
    const serviceTokens = new Set<string>();
    let signedCas = 0;
    for (const resource of resources) {
      resourceTypes[resource.Type] = (resourceTypes[resource.Type] ?? 0) + 1;
      if (resource.Metadata?.cdk_nag !== undefined) {
        nagMetadataBytes += JSON.stringify({ cdk_nag: resource.Metadata.cdk_nag }).length;
      }
      const key = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
      if (typeof key === 'string') {
        lambdaAssets.add(key);
      }
      if (resource.Type === SIGNING_RESOURCE_TYPE) {
        signedCas++;
        serviceTokens.add(JSON.stringify(resource.Properties?.ServiceToken));
      }
    }
    return {
      stackName: stack.stackName,
      resourceTypes: Object.fromEntries(Object.entries(resourceTypes).sort(([a], [b]) => a.localeCompare(b))),
      resources: resources.length,
      lambdaFunctions: resourceTypes['AWS::Lambda::Function'] ?? 0,
      signedCas,
      signingProviders: serviceTokens.size,
      templateBytes: fs.statSync(stack.templateFullPath).size,
      nagMetadataBytes,
      lambdaAssets: [...lambdaAssets].sort(),
      dependsOn: stack.dependencies.map((d) => d.id).filter((id) => stackNames.has(id)).sort(),
    };
  });
}
