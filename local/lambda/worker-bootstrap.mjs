// @ts-check
// One Lambda execution environment: loads the bundled handler once (the init phase), then runs one
// invocation at a time for the parent (function-pool.ts). Plain JavaScript so the worker starts
// without a TypeScript loader, as the Lambda Node.js runtime would.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

if (!parentPort) throw new Error('worker-bootstrap.mjs runs only as a worker thread');
const port = parentPort;

/** @type {{ codeDirectory: string, handler: string }} */
const { codeDirectory, handler: handlerSetting } = workerData;

if ((process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

/** Lambda's error shape. @param {unknown} error */
function describeError(error, fallbackType = 'Error') {
  if (error instanceof Error) {
    return {
      errorType: error.name && error.name !== 'Error' ? error.name : error.constructor?.name || fallbackType,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error === 'string' ? 'string' : fallbackType, errorMessage: String(error), trace: [] };
}

class ImportModuleError extends Error {
  name = 'Runtime.ImportModuleError';
}
class HandlerNotFound extends Error {
  name = 'Runtime.HandlerNotFound';
}

async function loadHandler() {
  const dot = handlerSetting.lastIndexOf('.');
  if (dot <= 0) throw new HandlerNotFound(`Bad handler ${handlerSetting}: expected "<module>.<export>"`);
  const modulePath = handlerSetting.slice(0, dot);
  const exportName = handlerSetting.slice(dot + 1);
  const file = ['.mjs', '.js', '.cjs'].map((extension) => join(codeDirectory, modulePath + extension)).find((candidate) => existsSync(candidate));
  if (!file) throw new ImportModuleError(`Error: Cannot find module '${modulePath}' in ${codeDirectory}`);
  let module;
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    throw new ImportModuleError(error instanceof Error ? `${error.name}: ${error.message}` : String(error), { cause: error });
  }
  const handler = module[exportName] ?? module.default?.[exportName];
  if (typeof handler !== 'function') throw new HandlerNotFound(`${modulePath}.${exportName} is undefined or not exported`);
  return handler;
}

const handlerPromise = loadHandler();
handlerPromise.catch(() => undefined); // reported on the first invocation, as Lambda does

let currentRequestId = '';

/** An error outside the handler's promise ends this environment; the parent reports it and replaces us. */
function fatal(errorType, error) {
  port.postMessage({ type: 'fatal', requestId: currentRequestId, error: { ...describeError(error), errorType } });
  process.exit(1);
}
process.on('unhandledRejection', (reason) => fatal('Runtime.UnhandledPromiseRejection', reason));
process.on('uncaughtException', (error) => fatal(describeError(error).errorType, error));

/** @param {Function} handler @param {unknown} event @param {object} context */
function callHandler(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (/** @type {unknown} */ error, /** @type {unknown} */ value) => (error ? reject(error) : resolve(value));
    const returned = handler(event, context, callback);
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

port.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  const { requestId, payloadJson, deadline, context: fields } = message;
  currentRequestId = requestId;
  const context = {
    ...fields,
    awsRequestId: requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let handler;
  try {
    handler = await handlerPromise;
  } catch (error) {
    // Lambda resets an environment whose init failed; the parent retires this worker.
    port.postMessage({ type: 'result', requestId, ok: false, initFailed: true, error: describeError(error) });
    return;
  }
  try {
    const result = await callHandler(handler, JSON.parse(payloadJson), context);
    port.postMessage({ type: 'result', requestId, ok: true, payloadJson: JSON.stringify(result ?? null) });
  } catch (error) {
    port.postMessage({ type: 'result', requestId, ok: false, error: describeError(error) });
  }
});
