/** The API's auth configuration cannot be served (thrown when the server starts, never per request). */
export class AuthConfigurationError extends Error {
  override name = 'AuthConfigurationError';
  constructor(message: string) {
    super(message);
  }
}
