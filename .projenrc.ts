import { awscdk, javascript } from 'projen';

// The AWS SDK v3 clients the handlers use. The Lambda Node.js runtime ships the SDK, so handlers
// leave it out of their bundles; tests and the handlers' type checking use these versions.
const AWS_SDK_VERSION = '3.523.0';
const awsSdkClients = ['acm-pca', 'acm', 'sts', 'ssm', 'cloudwatch', 's3', 'eventbridge', 'sns', 'ram', 'cloudformation', 'lambda'].map((c) => `@aws-sdk/client-${c}@${AWS_SDK_VERSION}`);

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-pki',
  description:
    'AWS CDK constructs for a best-practice multi-account PKI on AWS Private CA and ACM: an isolated root CA, ' +
    'subordinate CAs signed across accounts and regions, revocation, sharing, expiry alarms and renewal.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'pki', 'acm', 'acm-pca', 'private-ca', 'certificate-authority', 'x509'],
  // Honest until a 1.0: the API may still change between minor versions (docs/upgrading.md says how).
  stability: 'experimental',
  bin: { 'cdk-pki': 'bin/cdk-pki' }, // The CLI (src/cli, docs/cli.md): npx cdk-pki tree | report | check.
  author: 'cdk-pki contributors',
  authorAddress: 'cdk-pki@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-pki/cdk-pki.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.16.0',

  // No hosted CI here: .ci/run is the pipeline. Releases are cut by hand (CONTRIBUTING.md, Releasing): projen's
  // `release` task bumps the version from the conventional commits, writes the changelog and builds every
  // language's package into dist/; there is no GitHub workflow to publish them.
  github: false,
  release: true,
  // Versions stay 0.x while the API is experimental: a breaking change bumps the minor version.
  majorVersion: 0,
  // commit-and-tag-version 13 needs Node.js 22; 12 runs on the Node.js 20 this project supports.
  bumpPackage: 'commit-and-tag-version@^12',

  // Every jsii language (docs/languages.md). .ci/jsii-targets generates each one's code and builds the wheel.
  publishToPypi: { distName: 'cdk-pki', module: 'cdk_pki' },
  publishToMaven: { javaPackage: 'io.github.cdk_pki', mavenGroupId: 'io.github.cdk-pki', mavenArtifactId: 'cdk-pki' },
  publishToNuget: { dotNetNamespace: 'CdkPki', packageId: 'CdkPki' },
  publishToGo: { moduleName: 'github.com/cdk-pki/cdk-pki-go' },
  sampleCode: false,
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    // Test, handler and example files are in tsconfig.dev.json, not in the jsii tsconfig.json.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    dirs: ['src'],
    devdirs: ['test', 'lambda', 'examples', 'bench', 'scripts'],
  },

  devDeps: [
    ...awsSdkClients,
    'aws-sdk-client-mock@^4.1.0',
    '@types/aws-lambda@^8.10.0',
    '@peculiar/x509@^2.2.0',
    // The handlers read and write DER with their own lambda/shared/der.ts; tests build and check DER
    // independently of it with these (none is bundled into a handler).
    'asn1js@^3.0.5',
    '@peculiar/asn1-schema@^2.11.0',
    // Tests decode the CSRs cert-renewal builds, and the handlers' name constraints and extensions, independently.
    '@peculiar/asn1-csr@^2.11.0',
    '@peculiar/asn1-x509@^2.11.0',
    'reflect-metadata@^0.2.2',
    'esbuild@^0.28.0',
    'cdk-nag@^3.0.2',
    // AGPL-licensed IAM policy simulator: a development dependency only, never shipped.
    '@cloud-copilot/iam-simulate@^0.1.173',
  ],

  jestOptions: {
    passWithNoTests: false,
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      testTimeout: 60_000,
      // CDK synthesis is memory hungry; two workers fit the 2-core machines this runs on.
      maxWorkers: 2,
    },
  },
  gitignore: ['/assets/', 'cdk.out/', '/examples/out/', '/bench/results/', '*.tgz'],
});

for (const pattern of ['/lambda/', '/examples/', '/bench/', '/scripts/', '/.ci/', '/cfn-lint/', '/.scratch/', 'cdk.out/', '/tsconfig.dev.json', '/CONTRIBUTING.md']) {
  project.addPackageIgnore(pattern);
}

// `npx projen build` packages JavaScript only, as before the other languages came: packaging Java, Python, .NET and Go
// needs Maven, Python's build, the .NET SDK and Go, and their registries. A release builds them all (CONTRIBUTING.md,
// Releasing): after its build, before the version is reset. CI checks their code generation (.ci/jsii-targets).
const packageJs = project.tasks.tryFind('package:js')!;
project.packageTask.reset();
project.packageTask.spawn(packageJs);
const releaseTask = project.tasks.tryFind('release')!;
const releaseSteps = releaseTask.steps;
const afterBuild = releaseSteps.findIndex((step) => step.spawn === project.buildTask.name) + 1;
if (afterBuild === 0) throw new Error('the release task has no build step to package the languages after');
releaseTask.insertStep(afterBuild, ...['java', 'python', 'dotnet', 'go'].map((language) => ({ spawn: `package:${language}` })));

// The layout's arrows, enforced (docs in CONTRIBUTING.md): handlers import from src/ only the contracts, which
// import nothing of aws-cdk-lib or constructs (else it would be bundled into every handler); wiring in
// src/private never reaches up into a feature folder; nothing in src/ imports a handler.
const CDK_IMPORTS = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'];
const boundary = (message: string, group: string[]) => ({ group, message });
project.eslint?.addOverride({
  files: ['lambda/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        {
          // src itself, or anything under it but src/private/contracts.
          regex: '^(\\.\\./)+src(/(?!private/contracts(/|$)).*)?$',
          message: 'A handler imports from src/ only src/private/contracts (shared with the constructs, free of aws-cdk-lib).',
        },
        boundary('A handler must not load aws-cdk-lib or constructs: it would be bundled into the Lambda function.', CDK_IMPORTS),
      ],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/private/contracts/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        boundary('Contracts are bundled into the handlers: they import nothing of aws-cdk-lib or constructs.', CDK_IMPORTS),
        boundary('Contracts import only other contracts.', ['../*']),
      ],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/private/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [boundary('Wiring in src/private never imports a construct or a feature folder: move the code into the feature folder.', ['../*'])],
    }],
  },
});
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  excludedFiles: ['src/private/*.ts', 'src/private/contracts/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [boundary('The library never imports a handler: share through src/private/contracts.', ['**/lambda/**', '**/lambda'])],
    }],
  },
});

// The projen definition is type-checked and linted with the rest (globs skip dot files).
project.tsconfigDev.addInclude('.projenrc.ts');

// Handlers live in lambda/<name>/index.ts and are bundled into assets/<name>/index.js, which ships in
// the package: a user's `cdk synth` needs neither esbuild nor Docker.
const bundle = project.addTask('bundle', {
  description: 'Bundle the Lambda handlers in lambda/ into assets/ with esbuild',
  exec: 'node scripts/bundle-handlers.mjs',
});
project.preCompileTask.spawn(bundle);

// `npm test` is the whole suite, and what .ci/run runs: handler bundles, a type check of everything
// (src, lambda, test, examples), jest (unit, handler, moto, IAM simulator, cfn-lint, cdk-nag tiers),
// eslint, and the package smoke test that installs the packed tarball into a fresh app.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check src, lambda, test, examples and scripts',
  exec: 'tsc -p tsconfig.dev.json --noEmit',
});
const packageSmoke = project.addTask('test:package', {
  description: 'Pack the library, install the tarball into a fresh CDK app outside the repository and synthesize there',
  exec: 'bash scripts/package-smoke.sh',
});
project.testTask.prependSpawn(typecheck);
project.testTask.prependSpawn(bundle);
project.testTask.spawn(packageSmoke);

project.addTask('examples', {
  description: 'Synthesize every app in examples/ and print the stacks per account/region and the CA tree',
  exec: 'ts-node --project tsconfig.dev.json examples/synth-all.ts',
}).prependSpawn(bundle);

project.addTask('bench', {
  description: 'Benchmark: an organization-sized app with the library against the same resources in L1 constructs (bench/README.md)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/run.ts',
  receiveArgs: true,
});
project.addTask('bench:floor', {
  description: 'The least build + synth CPU time a library with this public API could take, against the time target (bench/README.md)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/floor.ts',
  receiveArgs: true,
}).prependSpawn(bundle);
project.addTask('bench:baseline-scale', {
  description: 'The monthly cost and first-rollout time of a PkiMemberBaseline for N accounts in R Regions (docs/organization.md, bench/README.md)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/baseline-scale.ts',
  receiveArgs: true,
});
project.addTask('bench:baseline', {
  description: 'Benchmark: synthesis time and template sizes of a PkiMemberBaseline of 1, 10 and 50 OUs in 3 Regions (bench/README.md)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/member-baseline.ts',
  receiveArgs: true,
});

// Before/after checks of a refactor against a git ref (default d3f72c5), each in a temporary git worktree: the
// examples' templates resource for resource, and the jsii API; differences must be in their allow-lists.
project.addTask('compare-templates', {
  description: 'Compare the examples\' templates at a git ref (default d3f72c5) with the working tree, resource for resource (scripts/compare-templates.ts)',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/compare-templates.ts',
  receiveArgs: true,
});
project.addTask('api-diff', {
  description: 'jsii-diff of the API at a git ref (default d3f72c5) against the working tree; breaking changes must be allowed (scripts/api-diff.sh)',
  exec: 'bash scripts/api-diff.sh',
  receiveArgs: true,
});

project.synth();
