// Installs the benchmark's peer, @aws-amplify/amplify-appsync-simulator, into a bench-only
// folder (.bench-peer/, gitignored) on first use. It is never a project dependency: it weighs
// ~312 MB and needs graphql 15, while the project uses graphql 16.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const PEER_PACKAGE = '@aws-amplify/amplify-appsync-simulator';
/** Pinned versions: graphql 15 beside the simulator, or every request fails on a fresh install. */
export const PEER_DEPENDENCIES = { [PEER_PACKAGE]: '2.16.20', graphql: '15.10.1' } as const;

export const PEER_DIRECTORY = resolve('.bench-peer');

export class PeerInstallError extends Error {
  override readonly name = 'PeerInstallError';
}

const run = promisify(execFile);

function installedVersion(directory: string, name: string): string | undefined {
  const manifest = join(directory, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
}

const isInstalled = (directory: string) =>
  Object.entries(PEER_DEPENDENCIES).every(([name, version]) => installedVersion(directory, name) === version);

/** Returns the folder holding the peer's node_modules, installing it with npm when missing. */
export async function ensurePeerInstalled(directory = PEER_DIRECTORY, log: (line: string) => void = console.log): Promise<string> {
  if (isInstalled(directory)) return directory;
  mkdirSync(directory, { recursive: true });
  // A manifest of its own makes `--prefix` install here instead of walking up to the project's.
  const manifest = { name: 'bench-peer', private: true, description: 'Installed by bench/peer/install-peer.ts', dependencies: PEER_DEPENDENCIES };
  writeFileSync(join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`installing the benchmark peer (${PEER_PACKAGE}@${PEER_DEPENDENCIES[PEER_PACKAGE]}, ~312 MB) into ${directory} ...`);
  try {
    await run('npm', ['install', '--prefix', directory, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    });
  } catch (error) {
    // npm's summary lines, without its stack traces and object dumps.
    const stderr = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : '';
    const output = stderr.split('\n').filter((line) => /^npm error \S/.test(line)).slice(0, 4).join('\n');
    throw new PeerInstallError(`npm install of the peer failed${output ? `:\n${output}` : ''}`, { cause: error });
  }
  if (!isInstalled(directory)) {
    const found = Object.keys(PEER_DEPENDENCIES).map((name) => `${name}@${installedVersion(directory, name) ?? 'missing'}`).join(', ');
    throw new PeerInstallError(`npm install finished but the pinned versions are not in place (${found})`);
  }
  return directory;
}
