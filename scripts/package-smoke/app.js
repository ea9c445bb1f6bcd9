// Fixture of scripts/package-smoke.sh: a stranger's CDK app in plain JavaScript. It is copied into a
// fresh directory outside the repository whose node_modules hold only the packed cdk-pki tarball,
// aws-cdk-lib and constructs: no TypeScript, no ts-node, no esbuild. It synthesizes a root CA and an
// issuing CA in another account and Region, with a PKI report (which scripts/package-smoke.sh then reads
// with the package's CLI, npx cdk-pki), then checks the cloud assembly, above all that the Lambda handler
// ships pre-bundled in the package.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: node app.js <outdir>');
  process.exit(2);
}

// The package under test must come from this app's node_modules, not from the repository.
const resolved = require.resolve('cdk-pki');
assert.ok(resolved.startsWith(path.join(fs.realpathSync(__dirname), 'node_modules') + path.sep),
  `cdk-pki resolves to ${resolved}, outside the fresh app ${__dirname}`);

let check = 'start';
function step(name) {
  check = name;
}
try {
  step('synthesize a root CA and an issuing CA in another account and Region');
  const { App, Stack } = require('aws-cdk-lib');
  const { RootCaAccount, IssuingCa, PkiReport } = require('cdk-pki');

  const app = new App({ outdir });
  const rootStack = new Stack(app, 'SmokeRoot', { env: { account: '111111111111', region: 'us-east-1' } });
  const root = new RootCaAccount(rootStack, 'RootCa', {
    hierarchyName: 'smoke',
    subject: { commonName: 'Smoke Root CA' },
  });
  const issuingStack = new Stack(app, 'SmokeIssuing', { env: { account: '222222222222', region: 'eu-west-1' } });
  new IssuingCa(issuingStack, 'IssuingCa', {
    parent: root,
    subject: { commonName: 'Smoke Issuing CA' },
  });
  new PkiReport(app, 'PkiReport', { timelineStart: '2025-01-01' });
  const assembly = app.synth();

  step('the PKI report is written next to the templates');
  for (const file of ['pki-report.md', 'pki-report.json']) {
    assert.ok(fs.existsSync(path.join(outdir, file)), `${file} is missing from ${outdir}`);
  }

  step('both templates exist');
  const templateOf = (stack) => {
    const file = path.join(outdir, stack.templateFile);
    assert.ok(fs.existsSync(file), `template ${file} is missing`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  };
  const rootTemplate = templateOf(rootStack);
  const issuingTemplate = templateOf(issuingStack);
  const resourcesOf = (template, type) => Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type);

  step('root template has a ROOT CertificateAuthority');
  const rootCas = resourcesOf(rootTemplate, 'AWS::ACMPCA::CertificateAuthority');
  assert.equal(rootCas.length, 1, `expected 1 CA in the root template, found ${rootCas.length}`);
  assert.equal(rootCas[0][1].Properties.Type, 'ROOT');

  step('issuing template has a SUBORDINATE CertificateAuthority');
  const subCas = resourcesOf(issuingTemplate, 'AWS::ACMPCA::CertificateAuthority');
  assert.equal(subCas.length, 1, `expected 1 CA in the issuing template, found ${subCas.length}`);
  assert.equal(subCas[0][1].Properties.Type, 'SUBORDINATE');

  step('issuing template has a Custom::PkiSubordinateCaCertificate');
  const certs = resourcesOf(issuingTemplate, 'Custom::PkiSubordinateCaCertificate');
  assert.equal(certs.length, 1, `expected 1 Custom::PkiSubordinateCaCertificate, found ${certs.length}`);

  step('issuing template has the signing handler Lambda function with file-asset code');
  const assetsFile = fs.readdirSync(outdir).find((f) => f === `${issuingStack.artifactId}.assets.json`);
  assert.ok(assetsFile, `no ${issuingStack.artifactId}.assets.json in ${outdir}`);
  const fileAssets = JSON.parse(fs.readFileSync(path.join(outdir, assetsFile), 'utf8')).files ?? {};
  const functions = resourcesOf(issuingTemplate, 'AWS::Lambda::Function');
  assert.ok(functions.length > 0, 'no AWS::Lambda::Function in the issuing template');
  const assetOf = ([, fn]) => {
    const key = fn.Properties?.Code?.S3Key;
    const hash = typeof key === 'string' ? key.replace(/\.zip$/, '') : undefined;
    const asset = hash && fileAssets[hash];
    return asset && asset.source.packaging === 'zip' ? { hash, dir: path.join(outdir, asset.source.path) } : undefined;
  };
  const handlers = functions.filter(([, fn]) => fn.Properties.Handler === 'index.handler'
    && String(fn.Properties.Description ?? '').startsWith('cdk-pki:'));
  assert.equal(handlers.length, 1, `expected 1 cdk-pki handler function, found ${handlers.length}`);
  const handlerAsset = assetOf(handlers[0]);
  assert.ok(handlerAsset, `the handler's code is not a file asset of ${assetsFile}: ${JSON.stringify(handlers[0][1].Properties.Code)}`);

  step('staged handler asset holds the bundled index.js');
  assert.ok(fs.statSync(handlerAsset.dir).isDirectory(), `asset directory ${handlerAsset.dir} is missing`);
  const indexJs = path.join(handlerAsset.dir, 'index.js');
  assert.ok(fs.existsSync(indexJs), `${indexJs} is missing`);
  const code = fs.readFileSync(indexJs, 'utf8');
  assert.ok(code.length > 1000, `${indexJs} is only ${code.length} bytes; not a bundle`);
  assert.match(code, /exports|module\.exports/, `${indexJs} exports nothing`);
  const stagedFiles = fs.readdirSync(handlerAsset.dir);

  step('bundled handler requires only Node.js builtins and @aws-sdk/*');
  const builtins = new Set(builtinModules);
  const required = new Set();
  for (const m of code.matchAll(/\b(?:require\s*\(|import\s*\()\s*(["'`])([^"'`]+)\1\s*\)/g)) required.add(m[2]);
  const allowed = (id) => builtins.has(id) || id.startsWith('node:') || id.startsWith('@aws-sdk/');
  const foreign = [...required].filter((id) => !allowed(id));
  assert.deepEqual(foreign, [], `the bundled handler requires modules the Lambda runtime does not provide: ${foreign.join(', ')}`);
  assert.ok(!/@peculiar\//.test([...required].join(' ')), 'the bundled handler requires @peculiar/*');

  const summary = {
    stacks: assembly.stacks.map((s) => `${s.stackName} (${s.environment.account}/${s.environment.region}, ${Object.keys(s.template.Resources ?? {}).length} resources)`),
    handlerAsset: `${path.relative(outdir, handlerAsset.dir)} [${stagedFiles.join(', ')}] index.js ${code.length} bytes`,
    handlerRequires: [...required].sort(),
    lambdaFunctionsInIssuingStack: functions.length,
  };
  console.log('smoke app: all checks passed');
  for (const [k, v] of Object.entries(summary)) console.log(`  ${k}: ${Array.isArray(v) ? v.join('; ') : v}`);
} catch (err) {
  console.error(`smoke app: check failed: ${check}`);
  console.error(err && err.message ? err.message : err);
  process.exit(1);
}
