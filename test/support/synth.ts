import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { EXAMPLES, ExampleApp, SynthesizeOptions, SynthesizedExample, synthesizeExample } from '../../examples/synth-all';

export type ExampleName = 'quick-start' | 'organization';

/** An example synthesized into a temporary directory. */
export interface TempExample extends SynthesizedExample {
  readonly example: ExampleApp;
  /** Absolute paths of the example's CloudFormation templates, one per stack. */
  readonly templateFiles: string[];
  /**
   * Templates in the assembly that are not stacks of their own: a StackSet's member template (PkiMemberBaseline),
   * written next to the stacks' templates and published as a file asset.
   */
  readonly assetTemplateFiles: string[];
  /** The stack artifact of that name; throws when there is none. */
  stack(stackName: string): CloudFormationStackArtifact;
  /** The template of that stack, for `aws-cdk-lib/assertions`, without synthesizing again. */
  template(stackName: string): Template;
  /** Removes the temporary directory. */
  cleanup(): void;
}

export function exampleNamed(name: ExampleName): ExampleApp {
  const example = EXAMPLES.find((e) => e.name === name);
  if (!example) {
    throw new Error(`no example '${name}' in examples/synth-all.ts; have ${EXAMPLES.map((e) => e.name).join(', ')}`);
  }
  return example;
}

/**
 * Builds and synthesizes an example into a fresh temporary directory. Synthesis takes seconds: call it
 * once per test file (in `beforeAll`) and share the result.
 */
export function synthesizeExampleToTemp(name: ExampleName, options: SynthesizeOptions = {}): TempExample {
  const example = exampleNamed(name);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-pki-${name}-`));
  const synthesized = synthesizeExample(example, outdir, options);
  const stack = (stackName: string) => {
    const artifact = synthesized.assembly.stacks.find((s) => s.stackName === stackName);
    if (!artifact) {
      throw new Error(`example '${name}' has no stack '${stackName}'; it has ${synthesized.assembly.stacks.map((s) => s.stackName).join(', ')}`);
    }
    return artifact;
  };
  return {
    ...synthesized,
    example,
    templateFiles: synthesized.assembly.stacks.map((s) => s.templateFullPath),
    assetTemplateFiles: fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f))
      .filter((f) => !synthesized.assembly.stacks.some((s) => s.templateFullPath === f)),
    stack,
    template: (stackName) => Template.fromJSON(stack(stackName).template),
    cleanup: () => fs.rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Every example, each synthesized into its own temporary directory. */
export function synthesizeAllExamplesToTemp(options: SynthesizeOptions = {}): TempExample[] {
  return EXAMPLES.map((e) => synthesizeExampleToTemp(e.name as ExampleName, options));
}
