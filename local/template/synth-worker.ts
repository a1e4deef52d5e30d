// The worker thread behind SynthWorker: loads the CDK app once and synthesizes it on request.
// Errors go back as name and message (the schema merge's name the file, line and column).
import { parentPort } from 'node:worker_threads';
import type { SourceDirs } from '../../infra/app.js';
import { synthesizeStack, type SynthesizedStack } from './synth.js';

export interface SynthRequest {
  id: number;
  outdir: string;
  context: Record<string, unknown>;
  sourceDirs?: SourceDirs;
}

export type SynthAnswer =
  | { id: number; result: SynthesizedStack }
  | { id: number; error: { name: string; message: string } };

parentPort?.on('message', (request: SynthRequest) => {
  let answer: SynthAnswer;
  try {
    answer = { id: request.id, result: synthesizeStack(request.outdir, request.context, request.sourceDirs) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    answer = { id: request.id, error: { name: failure.name, message: failure.message } };
  }
  parentPort?.postMessage(answer);
});
