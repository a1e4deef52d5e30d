// `npm run bench [name...]`: runs the benchmarks (all by default) and writes bench/results/*.json.
import { runAdvertsBenchmark } from './adverts.js';
import { runAppSyncRuntimeBenchmark } from './appsync-runtime.js';
import { runChatStreamingBenchmark } from './chat-streaming.js';
import { runHotReloadBenchmark } from './hot-reload.js';
import { runWorkflowsBenchmark } from './workflows.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const benchmarks: Record<string, () => Promise<void>> = {
  'chat-streaming': runChatStreamingBenchmark,
  workflows: runWorkflowsBenchmark,
  adverts: runAdvertsBenchmark,
  'appsync-runtime': runAppSyncRuntimeBenchmark,
  'hot-reload': runHotReloadBenchmark,
};

const selected = process.argv.slice(2);
for (const name of selected.length ? selected : Object.keys(benchmarks)) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  await run();
}
process.exit(0);
