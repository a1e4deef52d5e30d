// Runs a server under test in a process of its own (run by tsx), so that it does not share an
// event loop with the load it is measured under. The script sends a ServerReady message once it
// listens and exits when the IPC channel closes.
import { fork } from 'node:child_process';
import type { ServerReady } from '../peer/bench-api.js';

export interface ServerProcess extends ServerReady {
  close(): Promise<void>;
}

export class ServerProcessError extends Error {
  override readonly name = 'ServerProcessError';
}

const maxOutputChars = 4000;

export async function startServerProcess(script: string, args: string[], timeoutMs = 60_000): Promise<ServerProcess> {
  const child = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-maxOutputChars);
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.disconnect();
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  };

  try {
    const ready = await new Promise<ServerReady>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ServerProcessError(`${script} did not report ready within ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (message: ServerReady) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new ServerProcessError(`${script} exited (${signal ?? code}) before it was ready`));
      });
    });
    return { ...ready, close };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    const message = error instanceof Error ? error.message : String(error);
    throw new ServerProcessError(`${message}\n${output.trim()}`, { cause: error });
  }
}
