// Queries and mutations: one POST to the GraphQL endpoint, answered with data or a typed error.
import type { Authorizer } from './auth.js';
import { ApiError, NetworkError, type GraphQLErrorEntry } from './errors.js';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/**
 * Sends one operation (`body` is the JSON of { query, variables }); resolves with data, or throws
 * ApiError (the API answered with errors) or NetworkError (no usable answer). An aborted request
 * rejects with the signal's reason.
 */
export async function postGraphQL<TData>(url: string, authorizer: Authorizer, body: string, signal?: AbortSignal): Promise<TData> {
  const headers = await authorizer.http(body);
  signal?.throwIfAborted();
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) });
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new NetworkError(`request to ${url} failed`, { cause });
  }
  let answer: GraphQLResponse<TData>;
  try {
    answer = (await response.json()) as GraphQLResponse<TData>;
  } catch (cause) {
    if (signal?.aborted) throw signal.reason;
    throw new NetworkError(`${url} answered ${response.status} without a JSON body`, { cause });
  }
  if (answer.errors?.length) throw new ApiError(answer.errors, answer.data ?? null, response.status);
  if (!response.ok || answer.data == null) throw new NetworkError(`${url} answered ${response.status} without data`);
  return answer.data;
}
