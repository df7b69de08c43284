import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

const RUNTIME_DIR = join(__dirname, "runtime");

/**
 * The one-character strings that a script's top level makes (so, for the runtime files, the isolate's
 * startup snapshot): literals, template literals and property keys outside any function body.
 */
function oneCharacterStringsAtTopLevel(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    // Function bodies and class fields run later, in each context, after the snapshot is read.
    if (ts.isFunctionLike(node) || ts.isPropertyDeclaration(node) || ts.isClassStaticBlockDeclaration(node)) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.length === 1) at(node, `string ${JSON.stringify(node.text)}`);
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && node.name.text.length === 1) {
      at(node, `property key ${JSON.stringify(node.name.text)}`);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(source, visit);
  return found;
}

describe("the sandbox runtime's startup snapshot", () => {
  // A one-character string made while isolated-vm makes the snapshot is read back as another character in
  // contexts made from it (V8's single-character string table; measured: 238 of the 256 Latin-1 ones, e.g.
  // "!" became "E" and a key "f" became "8"). Values made at the top level of the runtime files are made
  // then, so any such string there must be built on first use instead (see codeVariables, isSmallWord).
  it("makes no one-character string at the top level of the runtime files", () => {
    const files = readdirSync(RUNTIME_DIR).filter((f) => f.endsWith(".isojs"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(files.flatMap((f) => oneCharacterStringsAtTopLevel(f, readFileSync(join(RUNTIME_DIR, f), "utf8")))).toEqual([]);
  });

  it("the check finds them at the top level, and only there", () => {
    expect(oneCharacterStringsAtTopLevel("probe.js", 'const SEP = "!";\nconst KEYS = { f: 1, gg: 2 };\nconst T = `x`;')).toEqual([
      'probe.js:1: string "!"',
      'probe.js:2: property key "f"',
      'probe.js:3: string "x"',
    ]);
    expect(oneCharacterStringsAtTopLevel("probe.js", 'function later() { return { f: "!" }; }\nconst arrow = () => "?";\nclass A { x = "y"; }')).toEqual([]);
  });
});
