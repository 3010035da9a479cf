'use client';
/** Better Auth in the browser, with the `jwt` plugin's client: `authClient.token()` gets a token for the API. */
import { createAuthClient } from 'better-auth/react';
import { jwtClient } from 'better-auth/client/plugins';

export const authClient = createAuthClient({ plugins: [jwtClient()] });
