import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A source file as the scanner sees it: its path from the repository root and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A database object (a view or function) that its owning lib defines in a migration and lets named libs read. */
export interface SharedSqlObject {
  owner: string;
  readableBy: string[];
}

export interface Ownership {
  /** Table → the lib that owns it (the lib whose entity maps it). */
  tables: Map<string, string>;
  /** View or function → its owner and the libs it is published to. */
  shared: Map<string, SharedSqlObject>;
}

export interface ForeignReference {
  path: string;
  line: number;
  lib: string;
  name: string;
  owner: string;
  /** `sql`: named in SQL text; `name`: a string that is exactly a table's name (a table handed to a helper); `entity`. */
  how: 'sql' | 'name' | 'entity';
}

const SQL_TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/gi;
const SQL_FUNCTION_CALL = /\b([a-z_][a-z0-9_]*)\s*\(/gi;

/** Which lib (or app) a path belongs to: `libs/<lib>/…` or `apps/<app>/…`. */
export function ownerOfPath(path: string): string | null {
  const [top, name] = path.split('/');
  if (top === 'libs') return name;
  if (top === 'apps') return `app:${name}`;
  return null;
}

/** Tables are owned by the lib whose `@Entity('<table>')` maps them: a new entity is owned without a list to keep. */
export function tablesByOwner(files: SourceFile[]): Map<string, string> {
  const tables = new Map<string, string>();
  for (const file of files) {
    const lib = ownerOfPath(file.path);
    if (!lib) continue;
    for (const match of file.text.matchAll(/@Entity\(\s*'([a-z_][a-z0-9_]*)'/g)) tables.set(match[1], lib);
  }
  return tables;
}

/**
 * Every table a file names, that its lib does not own: in SQL (string and template literals), as a string that is
 * exactly the table's name (a query-builder argument `qb.innerJoin('capacity_slots', …)`, a table handed to an insert
 * helper `insertRows(manager, 'import_jobs', …)`, a constant), or through another lib's entity class used as a value
 * (`manager.find(OrderEntity, …)`).
 */
export function foreignReferences(files: SourceFile[], ownership: Ownership): ForeignReference[] {
  const entityOwners = new Map<string, string>();
  for (const file of files) {
    const lib = ownerOfPath(file.path);
    if (!lib) continue;
    if (!file.text.includes('@Entity(')) continue;
    for (const match of file.text.matchAll(/\bclass\s+(\w+Entity)\b/g)) entityOwners.set(match[1], lib);
  }
  const found: ForeignReference[] = [];
  for (const file of files) {
    const lib = ownerOfPath(file.path);
    if (!lib) continue;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
    const report = (node: ts.Node, name: string, owner: string, how: ForeignReference['how']) => {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push({ path: file.path, line, lib, name, owner, how });
    };
    const checkSql = (node: ts.Node, text: string) => {
      for (const match of text.matchAll(SQL_TABLE_REFERENCE)) {
        const owner = ownership.tables.get(match[1]);
        if (owner && owner !== lib) report(node, match[1], owner, 'sql');
        const shared = ownership.shared.get(match[1]);
        if (shared && shared.owner !== lib && !shared.readableBy.includes(lib))
          report(node, match[1], shared.owner, 'sql');
      }
      for (const match of text.matchAll(SQL_FUNCTION_CALL)) {
        const shared = ownership.shared.get(match[1]);
        if (shared && shared.owner !== lib && !shared.readableBy.includes(lib))
          report(node, match[1], shared.owner, 'sql');
      }
    };
    const checkName = (node: ts.Node, text: string) => {
      const owner = ownership.tables.get(text);
      if (owner && owner !== lib) report(node, text, owner, 'name');
    };
    const visit = (node: ts.Node): void => {
      // A module path is not a table, whatever its name.
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        checkSql(node, node.text);
        checkName(node, node.text);
      }
      if (ts.isTemplateExpression(node)) {
        checkSql(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ? '));
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        for (const argument of node.arguments) {
          if (!ts.isIdentifier(argument)) continue;
          const owner = entityOwners.get(argument.text);
          if (owner && owner !== lib) report(argument, argument.text, owner, 'entity');
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The production sources: libs and apps, without specs, tests and migrations (which own the whole schema). */
export function productionSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && name !== 'migrations') walk(path);
      } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.e2e-spec.ts')) {
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(join(root, 'libs'));
  walk(join(root, 'apps'));
  return files;
}
