'use client';
/** The sign-in and sign-up form: Better Auth's email and password endpoints, its error words shown as they are. */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth-client';
import { forgetToken } from '@/lib/tasks-api';

export function AuthForm({ mode, notice }: { mode: 'sign-in' | 'sign-up'; notice?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setError(null);
    forgetToken(); // a token of whoever was signed in before must not be used for the next user
    const { error: failure } =
      mode === 'sign-up'
        ? await authClient.signUp.email({ email, password, name: String(form.get('name') ?? '') })
        : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (failure) {
      setError(failure.message || failure.statusText || 'Something went wrong; try again');
      return;
    }
    router.replace('/');
    router.refresh();
  }

  const signUp = mode === 'sign-up';
  return (
    <div className="stack">
      <h1>{signUp ? 'Create your account' : 'Sign in'}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form className="stack" onSubmit={submit}>
        {signUp && (
          <label className="stack">
            Name
            <input name="name" autoComplete="name" required />
          </label>
        )}
        <label className="stack">
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label className="stack">
          Password
          <input
            name="password"
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            minLength={signUp ? 8 : undefined}
            required
          />
        </label>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {signUp ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        {signUp ? (
          <>
            Have an account? <Link href="/sign-in">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </p>
    </div>
  );
}
