/** ESM TypeScript through @swc/jest; run with NODE_OPTIONS=--experimental-vm-modules (see package.json). */
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "es6" },
      },
    ],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup-after-env.ts"],
  testTimeout: 20000,
};
