// scripts/python-roundtrip/app.py, the quick start in Python that the round trip synthesizes where PyPI is
// reachable: here it must at least parse, and say what examples/quick-start/app.ts says. Both are read as syntax
// trees (TypeScript's compiler, Python's ast): the constructs in order with their class and id, every property
// name (camelCase in TypeScript, snake_case in Python), every string and number, and the methods and attributes
// used, in the function that builds the app. A construct id, prop or value changed in one file and not in the
// other fails here. Python from /usr/bin/python3 (Debian's), else python3 on PATH.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const TS_APP = path.join(ROOT, 'examples', 'quick-start', 'app.ts');
const PY_APP = path.join(ROOT, 'scripts', 'python-roundtrip', 'app.py');
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** What the function that builds the app says, comparable across the two languages. */
interface AppShape {
  /** `Class id` of every construct (a call with a scope and a string id), in order. */
  readonly constructs: string[];
  /** Property and keyword names, snake_case, sorted. */
  readonly props: string[];
  /** String and number literals, sorted. */
  readonly literals: string[];
  /** Methods and attributes read from lower-case names (`issuing.grant_issue`), snake_case, sorted; `props.*` left out. */
  readonly members: string[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function typescriptShape(file: string, functionName: string): AppShape {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === functionName);
  if (!fn?.body) throw new Error(`no function ${functionName} in ${file}`);
  const shape: AppShape = { constructs: [], props: [], literals: [], members: [] };
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.arguments && node.arguments.length >= 2 && ts.isStringLiteral(node.arguments[1])) {
      shape.constructs.push(`${node.expression.getText(source)} ${node.arguments[1].text}`);
    }
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name)) {
      shape.props.push(snake(node.name.text));
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) shape.literals.push(node.text);
    if (ts.isNumericLiteral(node)) shape.literals.push(String(Number(node.text)));
    if (ts.isPropertyAccessExpression(node) && /^[a-z]/.test(node.name.text) && node.expression.getText(source) !== 'props') {
      shape.members.push(snake(node.name.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return { constructs: shape.constructs, props: shape.props.sort(), literals: shape.literals.sort(), members: shape.members.sort() };
}

const PYTHON_SHAPE = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf8").read(), sys.argv[1])
fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == sys.argv[2])
body = fn.body[1:] if fn.body and isinstance(fn.body[0], ast.Expr) and isinstance(fn.body[0].value, ast.Constant) else fn.body
shape = {"constructs": [], "props": [], "literals": [], "members": []}
calls = []
for stmt in body:
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call):
            calls.append(node)
            shape["props"] += [k.arg for k in node.keywords if k.arg]
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            shape["literals"].append(node.value if isinstance(node.value, str) else str(node.value))
        elif isinstance(node, ast.Attribute) and node.attr[:1].islower():
            shape["members"].append(node.attr)
calls.sort(key=lambda c: (c.lineno, c.col_offset))
shape["constructs"] = [f"{ast.unparse(c.func)} {c.args[1].value}" for c in calls
    if len(c.args) >= 2 and isinstance(c.args[1], ast.Constant) and isinstance(c.args[1].value, str)]
for key in ("props", "literals", "members"):
    shape[key].sort()
print(json.dumps(shape))
`;

function pythonShape(file: string, functionName: string): AppShape {
  const run = spawnSync(PYTHON, ['-c', PYTHON_SHAPE, file, functionName], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${PYTHON} could not read ${file}: ${run.stderr}`);
  return JSON.parse(run.stdout) as AppShape;
}

test('app.py byte-compiles with Debian\'s Python', () => {
  // compile() is what py_compile does, without writing the bytecode next to the file.
  const run = spawnSync(PYTHON, ['-c', 'import sys; compile(open(sys.argv[1], encoding="utf8").read(), sys.argv[1], "exec")', PY_APP], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

describe('app.py is the TypeScript quick start', () => {
  const typescript = typescriptShape(TS_APP, 'buildQuickStartApp');
  const python = pythonShape(PY_APP, 'build_quick_start_app');

  test('the same constructs, classes and ids, in the same order', () => {
    expect(typescript.constructs).toEqual([
      'Stack PkiQuickStart', 'RootCaAccount RootCa', 'IssuingCa IssuingCa', 'acm.PrivateCertificate ServiceCertificate',
      'iam.Role WorkloadRole', 'CfnOutput IssuingCaArn', 'ExpiryAlarms ExpiryAlarms',
    ]);
    expect(python.constructs).toEqual(typescript.constructs);
  });

  test('the same props', () => {
    expect(typescript.props).toContain('hierarchy_name');
    expect(python.props).toEqual(typescript.props);
  });

  test('the same values', () => {
    expect(typescript.literals).toContain('quickstart');
    expect(python.literals).toEqual(typescript.literals);
  });

  test('the same methods and attributes', () => {
    expect(typescript.members).toEqual(expect.arrayContaining(['grant_issue', 'certificate_authority_arn', 'years']));
    expect(python.members).toEqual(typescript.members);
  });
});

test('docs/languages.md shows app.py\'s quick start', () => {
  const block = /```python\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, 'docs', 'languages.md'), 'utf8'));
  expect(block).not.toBeNull();
  // The snippet is the function's body at the top level: read it as that function.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-py-'));
  try {
    const lines = block![1].split('\n');
    const imports = lines.filter((l) => /^(from|import) /.test(l));
    const body = lines.filter((l) => !/^(from|import) /.test(l) && l !== 'app.synth()').map((l) => (l ? `    ${l}` : l));
    fs.writeFileSync(path.join(dir, 'snippet.py'), [...imports, 'def build_quick_start_app():', ...body, '    return app', ''].join('\n'));
    const snippet = pythonShape(path.join(dir, 'snippet.py'), 'build_quick_start_app');
    const app = pythonShape(PY_APP, 'build_quick_start_app');
    // app.py's App takes an outdir; the snippet's App() writes to cdk.out.
    expect(snippet).toEqual({ ...app, props: app.props.filter((p) => p !== 'outdir') });
    expect(block![1]).toContain('app.synth()');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the reading of app.py sees a changed id or prop (the comparison can fail)', () => {
  const changed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-pki-py-')), 'app.py');
  try {
    fs.writeFileSync(changed, fs.readFileSync(PY_APP, 'utf8')
      .replace('IssuingCa(stack, "IssuingCa"', 'IssuingCa(stack, "Issuing"')
      .replace('hierarchy_name="quickstart"', 'hierarchy_name="quickstart", ca_name="root"'));
    const shape = pythonShape(changed, 'build_quick_start_app');
    expect(shape.constructs).toContain('IssuingCa Issuing');
    expect(shape.constructs).not.toEqual(typescriptShape(TS_APP, 'buildQuickStartApp').constructs);
    expect(shape.props).toContain('ca_name');
    expect(shape.literals).toContain('root');
  } finally {
    fs.rmSync(path.dirname(changed), { recursive: true, force: true });
  }
});
