// `npm run synth`: the pinned CDK CLI (node_modules/.bin/cdk) synthesizes the app
// into cdk.out/ without touching the network. Extra arguments pass through
// (e.g. `npm run synth -- -c models=amazon.nova-lite-v1:0`).
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './app.js';

const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', ...process.argv.slice(2)], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  // Without these the CLI phones home for telemetry and notices.
  env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
});
if (result.error) throw result.error;
process.exitCode = result.status ?? 1;
