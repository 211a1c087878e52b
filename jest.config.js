// got and the packages it pulls in are ESM-only; jest on Node 20 cannot require them,
// so swc transforms them along with our TypeScript (jest 30 requires ESM only on Node 24.9 and later).
const esmOnly = [
  "got", "@sindresorhus/is", "byte-counter", "cacheable-lookup", "cacheable-request",
  "decompress-response", "form-data-encoder", "get-stream", "@sec-ant/readable-stream",
  "is-stream", "keyv", "@keyv/serialize", "lowercase-keys", "mimic-response",
  "normalize-url", "p-cancelable", "responselike", "@szmarczak/http-timer", "defer-to-connect",
  "type-fest", "http2-wrapper", "chunk-data", "p-limit", "yocto-queue", "jose",
];

const swc = {
  jsc: {
    target: "es2022",
    parser: { syntax: "typescript", decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
  module: { type: "commonjs" },
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["reflect-metadata"],
  transform: { "^.+\\.(t|j|mj)s$": ["@swc/jest", swc] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join("|")})/)`],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  // The end-to-end tests spawn dist/: build it first, so `jest` alone never tests a stale build.
  globalSetup: "<rootDir>/test/support/build.js",
  testTimeout: 30000,
  maxWorkers: 2,
};
