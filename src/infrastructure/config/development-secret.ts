import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FILE_NAME = 'dev-secret';

/**
 * Outside production with no auth configured, the service signs and verifies its own development tokens
 * with a secret generated once and kept beside the data, so tokens survive restarts.
 */
export async function loadOrCreateDevelopmentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, FILE_NAME);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (Buffer.byteLength(existing) >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(48).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  try {
    // Exclusive create: if the server and the admin CLI start together, one secret wins and both use it.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readFile(file, 'utf8')).trim();
  }
}
