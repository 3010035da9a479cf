import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { AuthForm } from '../auth-form';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ expired?: string }> }) {
  if (await auth.api.getSession({ headers: await headers() })) redirect('/');
  const { expired } = await searchParams;
  return <AuthForm mode="sign-in" notice={expired ? 'Your session has expired. Sign in again.' : undefined} />;
}
