import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Logger } from "pino";
import { ErrorCode } from "./error-codes";

/** How a request names its document: what the checks need, read without parsing GraphQL. */
interface Named {
  query: unknown;
  documentId: unknown;
  /** `extensions.persistedQuery` was sent (Apollo Client's persisted-query link). */
  persisted: boolean;
  hash: unknown;
}

/** A request the manifests refused, in GraphQL's error shape (HTTP 400); nothing was parsed or run. */
export interface DocumentRefusal {
  code: typeof ErrorCode.PERSISTED_QUERY_NOT_FOUND | typeof ErrorCode.PERSISTED_QUERY_REQUIRED | typeof ErrorCode.BAD_REQUEST;
  message: string;
}

/** What the GraphQL server is then given: the request as sent, or with the named document's text in. */
export type Admission = { refused: DocumentRefusal } | { refused?: undefined; body: unknown; search: string };

/** The manifests' ids: `sha256:<hex>` (client preset 6) or the bare hex (Apollo's persisted-query link). */
const ID = /^(?:sha256:)?([0-9a-f]{64})$/i;
const MAX_ID_CHARS = 71;

const NOT_FOUND: DocumentRefusal = {
  code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  message: "No trusted document has this id: deploy the app's persisted-documents manifest with the gateway (GATEWAY_TRUSTED_DOCUMENTS).",
};
const REQUIRED: DocumentRefusal = {
  code: ErrorCode.PERSISTED_QUERY_REQUIRED,
  message:
    "This gateway runs only its trusted documents for users: send the document's id (`documentId`, or " +
    "`extensions.persistedQuery.sha256Hash`) from the app's persisted-documents manifest.",
};
const BOTH: DocumentRefusal = { code: ErrorCode.BAD_REQUEST, message: "Send either `query` or `documentId`, not both." };
const NO_MANIFESTS: DocumentRefusal = {
  code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  message: "This gateway has no trusted documents (GATEWAY_TRUSTED_DOCUMENTS is unset): set it to the app's persisted-documents manifest, or send the document's text as `query`.",
};

/**
 * Trusted documents (CONTRACT §12): the operations an app was built with, from the manifests GraphQL
 * Code Generator's client preset writes (`{ "<id>": "<text>" }`). A user or anonymous caller runs
 * only these; a service caller (a trusted backend) runs anything. The check reads only the body's
 * fields and hashes text at most, so a refusal costs no parsing, and nothing reaches Apollo.
 */
export class TrustedDocuments {
  private constructor(
    /** Bare lowercase hex of the SHA-256 of each text → the text. */
    private readonly byHash: ReadonlyMap<string, string>,
    /** Documents per manifest, for the start log. */
    readonly loaded: Readonly<Record<string, number>>,
    /** False without manifests: only a `documentId` is answered here (with why it cannot run). */
    private readonly enforced = true,
  ) {}

  /** Without manifests every document runs; an id gets a refusal that says what to set, not Apollo's "no query". */
  static readonly NONE = new TrustedDocuments(new Map(), {}, false);

  /** Reads every manifest; throws naming the file when one cannot be read, parsed or trusted. */
  static load(paths: readonly string[]): TrustedDocuments {
    const byHash = new Map<string, string>();
    const loaded: Record<string, number> = {};
    for (const path of paths) {
      const entries = readManifest(path);
      for (const [id, text] of entries) byHash.set(id, text);
      loaded[path] = entries.length;
    }
    return new TrustedDocuments(byHash, loaded);
  }

  get size(): number {
    return this.byHash.size;
  }

  /**
   * The request Apollo is to run: a document named by id has its text put in (the id and the
   * persisted-query extension taken out, so Apollo's refusal of automatic persisted queries does
   * not apply to a lookup); text sent by a caller who `mustUseTrusted` passes only when listed.
   */
  admit(method: string, body: unknown, search: string, mustUseTrusted: boolean): Admission {
    const get = method === "GET" || method === "HEAD";
    const params = get && search.length > 1 ? new URLSearchParams(search) : undefined;
    const named = params ? fromParams(params) : !get && isObject(body) ? fromBody(body) : undefined;
    if (!named) return { body, search };
    if (!this.enforced) return named.documentId === undefined ? { body, search } : { refused: NO_MANIFESTS };

    let text: string | undefined;
    if (named.documentId !== undefined) {
      if (named.query !== undefined) return { refused: BOTH };
      text = this.lookup(named.documentId);
    } else if (named.persisted && named.query === undefined) {
      // Only a lookup: registering a document (text with its hash) stays refused by Apollo.
      text = this.lookup(named.hash);
    } else {
      if (mustUseTrusted && typeof named.query === "string" && !this.byHash.has(sha256(named.query))) return { refused: REQUIRED };
      return { body, search };
    }
    if (text === undefined) return { refused: NOT_FOUND };
    return params ? { body, search: withTextInParams(params, text) } : { body: withTextInBody(body as Record<string, unknown>, text), search };
  }

  private lookup(id: unknown): string | undefined {
    if (typeof id !== "string" || id.length > MAX_ID_CHARS) return undefined;
    const hex = ID.exec(id)?.[1];
    return hex === undefined ? undefined : this.byHash.get(hex.toLowerCase());
  }
}

/** GATEWAY_TRUSTED_DOCUMENTS' manifests, said in the start log. */
export function loadTrustedDocuments(paths: readonly string[], log: Logger): TrustedDocuments {
  if (paths.length === 0) return TrustedDocuments.NONE;
  const documents = TrustedDocuments.load(paths);
  log.info(
    { trustedDocuments: documents.size, manifests: documents.loaded },
    `trusted documents: ${documents.size} loaded from ${paths.join(", ")}; users and anonymous callers may run only these`,
  );
  return documents;
}

/** A manifest's entries as [bare hex id, text]; every id must be the SHA-256 of its text. */
function readManifest(path: string): Array<[string, string]> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    throw new Error(`GATEWAY_TRUSTED_DOCUMENTS: cannot load the manifest ${path}: ${reason}`);
  }
  const broken = (why: string) => new Error(`GATEWAY_TRUSTED_DOCUMENTS: the manifest ${path} is broken: ${why}`);
  if (!isObject(manifest) || Array.isArray(manifest)) throw broken('expected an object { "<id>": "<document text>" }');
  const entries: Array<[string, string]> = [];
  for (const [id, text] of Object.entries(manifest)) {
    const hex = ID.exec(id)?.[1]?.toLowerCase();
    if (hex === undefined) throw broken(`${JSON.stringify(id.slice(0, 80))} is not a SHA-256 id (sha256:<hex> or <hex>)`);
    if (typeof text !== "string") throw broken(`the document of ${id} is not a string`);
    if (sha256(text) !== hex) throw broken(`${id} is not the SHA-256 of its document`);
    entries.push([hex, text]);
  }
  return entries;
}

function fromBody(body: Record<string, unknown>): Named {
  const persistedQuery = isObject(body.extensions) ? body.extensions.persistedQuery : undefined;
  return {
    query: body.query,
    documentId: body.documentId,
    persisted: persistedQuery !== undefined,
    hash: isObject(persistedQuery) ? persistedQuery.sha256Hash : undefined,
  };
}

function fromParams(params: URLSearchParams): Named | undefined {
  const extensions = params.get("extensions");
  // Malformed extensions are Apollo's to refuse.
  const parsed = extensions === null ? undefined : parseOrUndefined(extensions);
  const persistedQuery = isObject(parsed) ? parsed.persistedQuery : undefined;
  return {
    query: params.get("query") ?? undefined,
    documentId: params.get("documentId") ?? undefined,
    persisted: persistedQuery !== undefined,
    hash: isObject(persistedQuery) ? persistedQuery.sha256Hash : undefined,
  };
}

function withTextInBody(body: Record<string, unknown>, text: string): Record<string, unknown> {
  const { documentId: _id, extensions, ...rest } = body;
  const others = withoutPersistedQuery(extensions);
  return { ...rest, query: text, ...(others ? { extensions: others } : {}) };
}

function withTextInParams(params: URLSearchParams, text: string): string {
  const next = new URLSearchParams(params);
  next.delete("documentId");
  next.set("query", text);
  const extensions = next.get("extensions");
  const others = extensions === null ? undefined : withoutPersistedQuery(parseOrUndefined(extensions));
  if (others) next.set("extensions", JSON.stringify(others));
  else next.delete("extensions");
  return `?${next.toString()}`;
}

/** The other extensions a request carried, if any. */
function withoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (!isObject(extensions)) return undefined;
  const { persistedQuery: _pq, ...others } = extensions;
  return Object.keys(others).length > 0 ? others : undefined;
}

function parseOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
