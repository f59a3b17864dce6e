// What the stream end-to-end suites add to their sandbox's environment: nothing, except when a
// *-js.test.ts file imports them to run once more on node:crypto (KMS_STREAM_NATIVE=0).
export const streamEnv: Record<string, string> = {};
