import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from src/operations.ts, and the manifest of every one of them
// (src/gql/persisted-documents.json) that the gateway is started with (GATEWAY_TRUSTED_DOCUMENTS).
const config: CodegenConfig = {
  schema: "../schema/schema.graphql",
  documents: ["src/**/*.ts", "!src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: { scalars: { DateTimeISO: "string" }, enumsAsTypes: true, useTypeImports: true },
    },
  },
};
export default config;
