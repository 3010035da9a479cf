/** What each endpoint's k-th request of a run is: which user, which path, which body. */

export const ALL_ENDPOINTS = ['list', 'get', 'stats', 'create', 'update', 'complete', 'hot', 'memory', 'deep'] as const;
export type EndpointName = (typeof ALL_ENDPOINTS)[number];
/** The endpoints the scale-out run loads. */
export const SCALE_OUT_ENDPOINTS: EndpointName[] = ['list', 'get', 'create'];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface EndpointRequest {
  readonly user: number;
  readonly path: string;
  readonly body?: string;
  /** When the endpoint mixes several kinds of request; else the endpoint's method. */
  readonly method?: Method;
}

export interface Endpoint {
  readonly name: EndpointName;
  readonly label: string;
  readonly method: Method;
  /** The k-th request of a run: which user, which path, which body. */
  request(k: number, ids: string[][]): EndpointRequest;
  /** Told of every answer to one of its requests, with the body (the mixed load keeps the ids it creates). */
  answered?(request: EndpointRequest, status: number, body: string): void;
}

/** The endpoints both servers are compared on; requests rotate over the users and their seeded tasks. */
export function comparedEndpoints(users: number, tasksPerUser: number): Endpoint[] {
  const userOf = (k: number) => k % users;
  const taskOf = (k: number, ids: string[][]) => ids[userOf(k)]![Math.floor(k / users) % tasksPerUser]!;
  return [
    { name: 'list', label: 'GET /api/tasks', method: 'GET', request: (k) => ({ user: userOf(k), path: '/api/tasks' }) },
    { name: 'get', label: 'GET /api/tasks/{id}', method: 'GET', request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}` }) },
    { name: 'stats', label: 'GET /api/tasks/stats', method: 'GET', request: (k) => ({ user: userOf(k), path: '/api/tasks/stats' }) },
    {
      name: 'create',
      label: 'POST /api/tasks',
      method: 'POST',
      request: (k) => ({ user: userOf(k), path: '/api/tasks', body: JSON.stringify({ title: `Load task ${k}`, description: 'created under load' }) }),
    },
    {
      name: 'update',
      label: 'PUT /api/tasks/{id}',
      method: 'PUT',
      request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}`, body: JSON.stringify({ title: `Renamed ${k}` }) }),
    },
    {
      name: 'complete',
      label: 'PATCH /api/tasks/{id}/complete',
      method: 'PATCH',
      request: (k, ids) => ({ user: userOf(k), path: `/api/tasks/${taskOf(k, ids)}/complete` }),
    },
  ];
}

/** Sixteen clients toggling one task: they queue on its row lock. Service only. */
export const HOT_TOGGLE: Endpoint = {
  name: 'hot',
  label: 'PATCH …/complete (one hot task)',
  method: 'PATCH',
  request: (_k, ids) => ({ user: 0, path: `/api/tasks/${ids[0]![0]!}/complete` }),
};
