import { InvalidArgumentError, type Command } from 'commander';
import { decodeJwt } from 'jose';
import { resolveAuth } from '../../../bootstrap.js';
import { UserId } from '../../../domain/index.js';
import { issueSharedSecretToken } from '../../../infrastructure/auth/shared-secret-token-issuer.js';
import { formatDurationSeconds, parseDurationSeconds } from '../../../infrastructure/config/duration.js';
import type { CliContext } from '../cli-context.js';
import { CliError, EXIT } from '../exit-status.js';

// The longest JWT_MAX_AGE may be; the configured one is checked once the configuration is read.
const MAX_TTL_SECONDS = 30 * 86_400;

/**
 * Mints an HS256 token the service accepts — with BETTER_AUTH_SECRET, or outside production the development
 * secret in DATA_DIR that the server uses — for curl and Swagger UI. Needs no database.
 */
export function registerTokenCommand(program: Command, context: CliContext): void {
  program
    .command('token')
    .description('mint a bearer token for a user, signed with the shared secret the service verifies')
    .requiredOption('--user <id>', 'the user id (the token\'s sub claim)')
    .option('--ttl <duration>', 'how long the token is valid, e.g. 15m, 1h, 7d (at most JWT_MAX_AGE, 24h by default)', parseTtl, 3600)
    .option('--force', 'mint even with NODE_ENV=production')
    .option('--json', 'print JSON (token, user_id, expires_at) instead of the bare token')
    .action(async (options: { user: string; ttl: number; force?: boolean; json?: boolean }) => {
      const config = context.config();
      if (config.production && !options.force) {
        throw new CliError(EXIT.usage, 'Refusing to mint a token with NODE_ENV=production; pass --force if you mean it');
      }
      // The server's own rule for which secret it verifies with: BETTER_AUTH_SECRET, else the development one.
      const { settings, developmentSecret } = await resolveAuth(config);
      if (settings.sharedSecret === undefined) {
        throw new CliError(
          EXIT.usage,
          'Only Better Auth JWKS tokens are accepted (BETTER_AUTH_URL/JWKS_URL): get one from Better Auth, or also set BETTER_AUTH_SECRET',
        );
      }
      // The service refuses tokens issued for longer than JWT_MAX_AGE: minting one would only hand over a dud.
      const maxLifetime = config.auth.maxTokenLifetimeSeconds;
      if (options.ttl > maxLifetime) {
        throw new CliError(
          EXIT.usage,
          `--ttl ${formatDurationSeconds(options.ttl)} is longer than JWT_MAX_AGE (${formatDurationSeconds(maxLifetime)}), so the service would refuse the token: ` +
            `ask for at most ${formatDurationSeconds(maxLifetime)}, or raise JWT_MAX_AGE`,
        );
      }
      const userId = UserId.from(options.user).value;
      const token = await issueSharedSecretToken(settings.sharedSecret, userId, {
        ttlSeconds: options.ttl,
        ...(settings.issuer !== undefined && { issuer: settings.issuer }),
        ...(settings.audience !== undefined && { audience: settings.audience }),
      });
      if (!options.json) return context.out.line(token);
      const expiresAt = new Date(decodeJwt(token).exp! * 1000).toISOString();
      context.out.json({ token, token_type: 'Bearer', user_id: userId, expires_at: expiresAt, development_secret: developmentSecret });
    });
}

function parseTtl(raw: string): number {
  const seconds = parseDurationSeconds(raw);
  if (seconds === null || seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new InvalidArgumentError('must be a duration from 1s to 30d, e.g. 15m, 1h or 7d');
  }
  return seconds;
}
