/**
 * What every collector of the model reads: the constructs of one cloud assembly, the markers that tell their
 * tokens apart, and small helpers over them.
 */
import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FlattenEnv, Markers } from '../markers';

export interface ModelContext {
  /** The constructs of the assembly, in tree order. */
  readonly all: IConstruct[];
  readonly markers: Markers;
}

/** The context of the app (or Stage) under `root`. */
export function modelContext(root: IConstruct): ModelContext {
  // Nested Stages are synthesized into assemblies of their own; they are left to checks applied to them.
  const rootStage = Stage.isStage(root) ? root : Stage.of(root);
  return { all: root.node.findAll().filter((c) => c === root || Stage.of(c) === rootStage), markers: new Markers() };
}

/** The constructs of the assembly that are instances of `type`, in tree order. */
export function constructsOf<T>(ctx: ModelContext, type: abstract new (...args: any[]) => T): T[] {
  return ctx.all.filter((c): c is IConstruct & T => c instanceof type);
}

/** A value known at synthesis, or undefined. */
export function concrete(value: string | undefined): string | undefined {
  return value !== undefined && !Token.isUnresolved(value) ? value : undefined;
}

/** The account and Region of the stack of `scope`, where they are known. */
export function envOf(scope: IConstruct): FlattenEnv {
  const stack = Stack.of(scope);
  return { account: concrete(stack.account), region: concrete(stack.region) };
}

export function byPath<T extends { path: string }>(a: T, b: T): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The L2 construct whose default child `cfn` is, or `cfn` itself. */
export function ownerOf(cfn: CfnResource): IConstruct {
  const parent = cfn.node.scope;
  return parent !== undefined && parent.node.defaultChild === cfn ? parent : cfn;
}
