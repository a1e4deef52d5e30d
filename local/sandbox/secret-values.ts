// The sandbox's values for the template's Secrets Manager secrets: random once,
// then kept in the state dir so they survive restarts (webhook receivers keep working).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function sandboxSecretValue(stateDir: string, logicalId: string): string {
  const file = join(stateDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const existing = stored[logicalId];
  if (existing) return existing;
  const value = randomBytes(32).toString('hex');
  writeFileSync(file, `${JSON.stringify({ ...stored, [logicalId]: value }, null, 2)}\n`, { mode: 0o600 });
  return value;
}
