import {
  Kind,
  valueFromAST,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";

type Variables = Readonly<Record<string, unknown>>;

/**
 * An operation's arguments and directives as execution will see them, before it runs: a value
 * given in the document, from a variable as sent (or the variable's default), or the schema's
 * default. Used to price an operation (a validation rule never sees the variables). A variable
 * of the wrong type is read as sent: graphql's coercion refuses the operation before anything
 * is sent anyway, so its price does not matter.
 */
export class OperationValues {
  /** Whether a variable was read: a price that read none holds for every request of the operation. */
  readVariables = false;
  private fragments: Map<string, FragmentDefinitionNode> | undefined;

  private readonly variables: Variables;

  constructor(
    private readonly document: DocumentNode,
    private readonly operation: OperationDefinitionNode,
    variables: Variables | null | undefined,
  ) {
    this.variables = variables ?? {};
  }

  arguments(definition: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const argument of definition.args) {
      const given = node.arguments?.find((a) => a.name.value === argument.name)?.value;
      const value = given === undefined ? undefined : this.valueOf(given, (ast) => valueFromAST(ast, argument.type, this.variables));
      values[argument.name] = value === undefined ? argument.defaultValue : value;
    }
    return values;
  }

  /** `@skip(if: true)` and `@include(if: false)` leave a selection out. */
  included(directives: readonly DirectiveNode[] | undefined): boolean {
    if (!directives?.length) return true;
    for (const directive of directives) {
      const name = directive.name.value;
      if (name !== "skip" && name !== "include") continue;
      const condition = directive.arguments?.find((a) => a.name.value === "if")?.value;
      const value = condition === undefined ? undefined : this.valueOf(condition, (ast) => (ast.kind === Kind.BOOLEAN ? ast.value : undefined));
      if (name === "skip" && value === true) return false;
      if (name === "include" && value === false) return false;
    }
    return true;
  }

  fragment(name: string): FragmentDefinitionNode | undefined {
    if (!this.fragments) {
      this.fragments = new Map();
      for (const definition of this.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
      }
    }
    return this.fragments.get(name);
  }

  /** A variable's value as sent, else its default; a literal through `literal`; undefined when neither says. */
  private valueOf(node: ValueNode, literal: (node: ValueNode) => unknown): unknown {
    if (node.kind !== Kind.VARIABLE) return literal(node);
    this.readVariables = true;
    const name = node.name.value;
    if (Object.prototype.hasOwnProperty.call(this.variables, name)) return this.variables[name];
    const fallback = this.operation.variableDefinitions?.find((v) => v.variable.name.value === name)?.defaultValue;
    return fallback === undefined ? undefined : literal(fallback);
  }
}
