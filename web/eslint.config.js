// The app's lint: ESLint's and typescript-eslint's recommended rules, type-aware, over src/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "src/gql/", "*.config.*", "codegen.ts", "scripts/"] }, // src/gql/ is generated; the rest is build set-up
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
);
