import {
  BREAK,
  isNonNullType,
  Kind,
  parse,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type GraphQLError,
  type GraphQLSchema,
} from "graphql";
import { problem, type FieldError } from "../rules/input-error";
import { at, problemsAt, unknownField, type ProblemOptions } from "./input-problems";

// Values written in the query itself that validation refused (a string where an Int belongs, an
// unknown enum value or field, a required field or argument left out) take the input rules'
// shape. Which it is comes from the node the error points at and the type the schema expects
// there, not from the error's English message.

const VALUE_KINDS: ReadonlySet<string> = new Set([
  Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT,
]);

/** The fields of a validation error about a written value or argument, or undefined when it is about something else. */
export function literalProblems(error: GraphQLError, schema: GraphQLSchema, options: ProblemOptions): FieldError[] | undefined {
  const target = error.nodes?.[0];
  const body = error.source?.body;
  if (!target?.loc || !body || !(VALUE_KINDS.has(target.kind) || target.kind === Kind.OBJECT_FIELD || target.kind === Kind.FIELD)) return undefined;
  const start = target.loc.start;
  const typeInfo = new TypeInfo(schema);
  let found: FieldError[] | undefined;
  visit(
    parse(body, { noLocation: false }),
    visitWithTypeInfo(typeInfo, {
      enter(node, _key, parent, _path, ancestors) {
        if (node.loc?.start !== start || node.kind !== target.kind) return undefined;
        // visit keeps the parent apart from the other ancestors
        found = describe(node, pathThrough([...ancestors, parent as ASTNode, node]), typeInfo, options);
        return BREAK;
      },
    }),
  );
  return found?.length ? found : undefined;
}

function describe(node: ASTNode, path: string, typeInfo: TypeInfo, options: ProblemOptions): FieldError[] {
  if (node.kind === Kind.FIELD) {
    // A required argument left out.
    const given = new Set(node.arguments?.map((a) => a.name.value));
    return (typeInfo.getFieldDef()?.args ?? [])
      .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined && !given.has(arg.name))
      .map((arg) => ({ path: arg.name, ...problem("REQUIRED", `is required (${String(arg.type)})`) }));
  }
  if (node.kind === Kind.OBJECT_FIELD) {
    const parent = typeInfo.getParentInputType();
    return typeInfo.getInputType() === undefined && parent ? [unknownField(path, String(parent))] : [];
  }
  const type = typeInfo.getInputType();
  if (!type) return [];
  if (node.kind === Kind.OBJECT) {
    // Its unknown fields are errors of their own (OBJECT_FIELD above).
    return problemsAt(path, {}, type, options, node.fields.map((f) => f.name.value));
  }
  return problemsAt(path, valueFromASTUntyped(node as Parameters<typeof valueFromASTUntyped>[0]), type, options);
}

/** The argument path of a node from the chain of its ancestors, e.g. "input.invitees.1". */
function pathThrough(chain: ReadonlyArray<ASTNode | ReadonlyArray<ASTNode>>): string {
  let path = "";
  chain.forEach((step, i) => {
    if (Array.isArray(step)) return;
    const node = step as ASTNode;
    if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) path = at(path, node.name.value);
    if (node.kind === Kind.LIST) {
      const item = chain[i + 2] as ASTNode | undefined; // chain: list, its values array, the item
      if (item) path = at(path, node.values.indexOf(item as never));
    }
  });
  return path;
}
