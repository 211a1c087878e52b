// The built app's manifest beside it: web/dist/persisted-documents.json, for GATEWAY_TRUSTED_DOCUMENTS.
import { copyFileSync } from "node:fs";
copyFileSync(new URL("../src/gql/persisted-documents.json", import.meta.url), new URL("../dist/persisted-documents.json", import.meta.url));
console.log("wrote dist/persisted-documents.json");
