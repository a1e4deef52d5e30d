// A worker thread does not inherit tsx's loader from the sandbox's main thread: register it,
// then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./synth-worker.ts');
