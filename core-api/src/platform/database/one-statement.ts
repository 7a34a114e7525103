import { createHash } from 'node:crypto';
import type { Queryable } from './transaction';

/** A parameterised SQL statement, built by the module that owns its table and run by whoever batches it. */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

/**
 * Joins INSERT, UPDATE and DELETE statements into one data-modifying WITH
 * statement. PostgreSQL runs every part to completion, all or nothing, so the
 * result is atomic even outside a transaction, and costs one round trip
 * instead of one per part.
 *
 * The parts share one snapshot: none sees the rows another writes (foreign
 * keys are still checked at the end of the statement, so a child row may
 * reference a parent inserted beside it), and no two parts may change the same
 * row. Their texts must not contain `$n` outside parameter references.
 *
 * @example
 * await runAsOneStatement(client, [repository.insertStatement(row), eventStatement(type, payload, now).statement]);
 */
export function oneStatement(statements: SqlStatement[]): SqlStatement {
  if (statements.length === 1) return statements[0]!;
  return { text: joinedText(statements), values: statements.flatMap((statement) => statement.values) };
}

interface Joined {
  text?: string;
  next: Map<string, Joined>;
}
// Joined texts by the texts of their parts, which are constants in code: a booking joins the same
// parts every time, and renumbering a kilobyte of SQL per request is work for nothing. A part's
// text fixes how many values it takes (PostgreSQL refuses any other count), so the texts are the key.
const joined: Joined = { next: new Map() };

function joinedText(statements: SqlStatement[]): string {
  let node = joined;
  for (const { text } of statements) {
    let next = node.next.get(text);
    if (!next) node.next.set(text, (next = { next: new Map() }));
    node = next;
  }
  if (node.text === undefined) {
    let offset = 0;
    const parts = statements.map((statement, index) => {
      const text = statement.text.replace(/\$(\d+)/g, (_, number: string) => `$${Number(number) + offset}`);
      offset += statement.values.length;
      return `part_${index} AS (${text})`;
    });
    node.text = `WITH ${parts.join(',\n')}\nSELECT 1`;
  }
  return node.text;
}

/** Runs statements as one (see `oneStatement`), prepared (see `prepared`). */
export async function runAsOneStatement(database: Queryable, statements: SqlStatement[]): Promise<void> {
  await database.query(prepared(oneStatement(statements)));
}

// Statement texts come from code, not from input, so this stays as small as the code.
const names = new Map<string, string>();

/**
 * The statement as a named prepared statement: each connection parses and
 * plans it once instead of on every call, which is most of the cost of a
 * short query (PGlite: a third to a half). For statements run on every
 * request. The name is derived from the text, so equal texts share one
 * preparation and different texts never collide.
 *
 * Needs a connection that keeps prepared statements: direct, or a pooler in
 * session mode or one that tracks them (PgBouncer 1.21+ with
 * `max_prepared_statements`).
 */
export function prepared(statement: SqlStatement): { name: string; text: string; values: unknown[] } {
  let name = names.get(statement.text);
  if (!name) {
    name = `consulta_${createHash('sha256').update(statement.text).digest('hex').slice(0, 24)}`;
    names.set(statement.text, name);
  }
  return { name, text: statement.text, values: statement.values };
}
