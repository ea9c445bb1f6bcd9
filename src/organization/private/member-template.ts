/**
 * The template a StackSet rolls out, built with constructs like any stack: a `Stack` inside the administrator's stack
 * whose synthesizer writes its template into the cloud assembly and hands it to the parent as a file asset (the
 * StackSet's TemplateURL), instead of emitting a deployable stack. The template names no account or Region: its file
 * assets (the handlers' bundles) are read from `<bucket prefix>-<administrator account>-${AWS::Region}`, the asset bucket
 * of each target Region, under the key the regional asset stacks publish them with (asset-buckets.ts): the asset's
 * source hash and extension, as aws-cdk-lib's DefaultStackSynthesizer names them with an empty bucket prefix.
 */
import * as path from 'node:path';
import {
  DockerImageAssetLocation, FileAssetLocation, FileAssetPackaging, FileAssetSource, Fn, ISynthesisSession, Lazy, Stack, StackSynthesizer,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What the regional asset stacks publish, and where the member template reads it. */
export interface MemberAssets {
  /** The file assets of the member template, as its constructs added them. */
  readonly sources: readonly FileAssetSource[];
}

/** The object key of a file asset, as DefaultStackSynthesizer (empty bucketPrefix) publishes it. */
export function assetObjectKey(asset: FileAssetSource): string {
  const extension = asset.packaging === FileAssetPackaging.ZIP_DIRECTORY ? '.zip' : path.extname(asset.fileName ?? '');
  return `${asset.sourceHash}${extension}`;
}

class MemberTemplateSynthesizer extends StackSynthesizer implements MemberAssets {
  public readonly sources: FileAssetSource[] = [];
  private templateUrl?: string;

  /** @param bucketOf the asset bucket's name for a Region (given `${AWS::Region}`, for Fn::Sub) */
  constructor(private readonly parent: Stack, private readonly bucketOf: (region: string) => string) {
    super();
  }

  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    if (!this.sources.some((s) => s.sourceHash === asset.sourceHash)) this.sources.push(asset);
    const bucket = this.bucketOf('${AWS::Region}');
    const objectKey = assetObjectKey(asset);
    return {
      bucketName: Fn.sub(bucket),
      objectKey,
      httpUrl: Fn.sub(`https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${bucket}/${objectKey}`),
      s3ObjectUrl: Fn.sub(`s3://${bucket}/${objectKey}`),
    };
  }

  public addDockerImageAsset(): DockerImageAssetLocation {
    throw new Error('the member template of a StackSet cannot hold container image assets');
  }

  /** Writes the template into the cloud assembly and gives it to the parent stack as a file asset; emits no stack. */
  public synthesize(session: ISynthesisSession): void {
    this.templateUrl = this.parent.synthesizer.addFileAsset(this.synthesizeTemplate(session)).httpUrl;
  }

  /**
   * The template's URL, known once the member stack is synthesized, before its parent (the tree is synthesized
   * children first), which names it. Not cached: the app's preparation resolves it earlier, when it is not known yet.
   */
  public get url(): string {
    return Lazy.uncachedString({ produce: () => this.templateUrl });
  }
}

export interface MemberTemplateProps {
  /** The administrator's stack: the template is one of its file assets. */
  readonly parent: Stack;
  /** The asset bucket's name for a Region. */
  readonly bucketOf: (region: string) => string;
  readonly description: string;
}

/** The member template: a stack to put the member accounts' constructs in. */
export class MemberTemplate extends Construct {
  /** The stack whose template the StackSet rolls out (no account or Region). */
  public readonly stack: Stack;
  /** Its file assets, to publish in every target Region. */
  public readonly assets: MemberAssets;
  /** URL of the synthesized template, in the administrator's asset bucket (resolved at synthesis). */
  public readonly templateUrl: string;

  constructor(scope: Construct, id: string, props: MemberTemplateProps) {
    super(scope, id);
    const synthesizer = new MemberTemplateSynthesizer(props.parent, props.bucketOf);
    this.stack = new Stack(this, 'Stack', { synthesizer, description: props.description });
    this.assets = synthesizer;
    this.templateUrl = synthesizer.url;
  }
}
