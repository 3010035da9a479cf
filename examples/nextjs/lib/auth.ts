/**
 * Better Auth on the server: email and password, users kept in this app's own PostgreSQL database, and the
 * `jwt()` plugin, which issues the short-lived tokens the tasks API accepts (it checks them against this app's
 * `/api/auth/jwks`).
 */
import { betterAuth } from 'better-auth';
import { nextCookies } from 'better-auth/next-js';
import { jwt } from 'better-auth/plugins';
import { Pool } from 'pg';

export const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL ?? 'http://localhost:3000',
  // Connects on first use, so `next build` needs no database.
  database: new Pool({ connectionString: process.env.DATABASE_URL }),
  emailAndPassword: { enabled: true },
  plugins: [
    // API_TOKEN_LIFETIME: how long one token lasts (Better Auth's default, 15m, unless set).
    jwt({ jwt: { expirationTime: process.env.API_TOKEN_LIFETIME || '15m' } }),
    nextCookies(),
  ],
  telemetry: { enabled: false },
});
