import type { PGlite } from "@electric-sql/pglite";
import { StoreError } from "../../core/errors/index.js";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];
type WireProtocol = Pick<typeof import("@electric-sql/pglite"), "parse" | "protocol">;

/** What the database said of a prepared statement: its text, parameter types and row description. */
interface Prepared {
  text: string;
  types: number[];
  /** The statement's `rowDescription` message, which names the columns of its rows; none without rows. */
  description: BackendMessage[];
}

/**
 * Named prepared statements on one PGlite database. PGlite's `query` sends every statement unnamed, so
 * the database parses and plans it again at each call, in six protocol exchanges; for the constant
 * statement a step appends with, planning was a large part of its cost. Here a statement is parsed once per
 * database under its name (PostgreSQL keeps it for the session, which in PGlite is the database's life),
 * and each later call sends bind, execute and sync as one message.
 *
 * Callers hold PGlite's query lock (`_runExclusiveQuery`) around {@link NamedStatements.query}, as PGlite's
 * own `query` does: statements of the same database must not interleave in the protocol.
 */
export class NamedStatements {
  readonly #database: PGlite;
  /** What the database said of each statement prepared so far. */
  readonly #prepared = new Map<string, Prepared>();
  /**
   * PGlite's protocol serializers and result parser, loaded with the first statement: a value import would
   * load PGlite with this module, and so with every command that only names the executor (`--help`).
   */
  #wire: WireProtocol | undefined;

  constructor(database: PGlite) {
    this.#database = database;
  }

  async query<Row>(name: string, text: string, params: readonly unknown[]): Promise<Row[]> {
    this.#wire ??= await import("@electric-sql/pglite");
    const { parse, protocol } = this.#wire;
    const { types, description } = await this.#prepare(name, text, this.#wire);
    const values = params.map((value, index) => this.#serialize(value, types[index]));
    const messages = await this.#database.execProtocolStream(
      concatenate([
        protocol.serialize.bind({ statement: name, values }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    // Bind and execute answer no row description (that is describe's), so the prepared one goes first.
    const [result] = parse.parseResults([...description, ...messages], this.#database.parsers);
    return (result?.rows ?? []) as Row[];
  }

  async #prepare(name: string, text: string, { parse, protocol }: WireProtocol): Promise<Prepared> {
    const known = this.#prepared.get(name);
    if (known !== undefined) {
      // One name, one text: a different text under a known name would run the old statement.
      if (known.text !== text) throw new StoreError(`statement '${name}' was prepared with another text`);
      return known;
    }
    const messages = await this.#database.execProtocolStream(
      concatenate([
        // Closing a statement that does not exist is no error: a name left prepared on this database (by
        // another executor over it, or a preparation whose answer was lost) is prepared again, not refused.
        protocol.serialize.close({ type: "S", name }),
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: "S", name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const prepared = {
      text,
      types: parse.parseDescribeStatementResults(messages),
      description: messages.filter((message) => message.name === "rowDescription"),
    };
    this.#prepared.set(name, prepared);
    return prepared;
  }

  /** A parameter as PGlite's `query` sends it: null, or the text its type's serializer gives. */
  #serialize(value: unknown, type: number | undefined): string | null {
    if (value === null || value === undefined) return null;
    const serializer = type === undefined ? undefined : this.#database.serializers[type];
    return serializer === undefined ? String(value) : serializer(value);
  }
}

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
