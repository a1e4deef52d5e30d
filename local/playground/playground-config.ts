// What GET /playground/config.json tells the page: where the API is and how a guest signs in.
// Shared by the serving route (local/playground/server) and the page (local/playground/page).
export interface PlaygroundConfig {
  graphqlUrl: string;
  realtimeUrl: string;
  /** The sandbox's API key: the "guest" sign-in (one shared owner). */
  apiKey: string;
  /** Base of the sandbox's control routes; `${adminUrl}/token?user=<name>` issues a local user's token. */
  adminUrl: string;
}

/** What GET {adminUrl}/token?user=<name> answers. */
export interface IssuedToken {
  token: string;
  sub: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}
