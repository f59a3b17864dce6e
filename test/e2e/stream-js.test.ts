// test/e2e/stream.test.ts again with KMS_STREAM_NATIVE=0: the node:crypto frame cipher, end to end.
import { streamEnv } from './stream-cipher-env.js';

streamEnv.KMS_STREAM_NATIVE = '0';
await import('./stream.test.js');
