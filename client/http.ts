import { print, type DocumentNode } from 'graphql';
import { authHeaders, type ClientAuth } from './auth.js';
import { ApiError, NetworkError, type GraphQLErrorEntry } from './errors.js';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/** Sends one query or mutation; resolves with data or throws ApiError / NetworkError. */
export async function postGraphQL<TData, TVariables>(
  url: string,
  auth: ClientAuth,
  document: DocumentNode,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await authHeaders(auth)) },
      body: JSON.stringify({ query: print(document), variables }),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    throw new NetworkError(`request to ${url} failed`, { cause });
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch (cause) {
    throw new NetworkError(`${url} answered ${response.status} without a JSON body`, { cause });
  }
  if (body.errors?.length) throw new ApiError(body.errors, body.data ?? null);
  if (!response.ok || body.data == null) throw new NetworkError(`${url} answered ${response.status}`);
  return body.data;
}
