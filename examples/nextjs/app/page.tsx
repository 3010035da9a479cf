/** The task list. Signed-out visitors are sent to sign in; the list itself talks to the API from the browser. */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from '@/lib/auth';
import { TaskBoard } from './task-board';

export default async function HomePage() {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) redirect('/sign-in');
  // Read at request time, so one build serves any API address.
  const apiUrl = process.env.TASKS_API_URL || 'http://127.0.0.1:8000';
  return <TaskBoard apiUrl={apiUrl} userName={session.user.name || session.user.email} />;
}
