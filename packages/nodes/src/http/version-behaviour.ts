/**
 * What differs between the versions n8n's HTTP Request V3 handler serves, as a defaults table
 * (FORMAT.md §5: "a defaults table per version"). The parameter shapes are the same for all of them;
 * only these behaviours change.
 */
export interface HttpRequestVersionBehaviour {
  /** Follow redirects when the Redirects option is absent (v3: no, v4+: yes). */
  followRedirectsByDefault: boolean;
  /** Query/header/body fields with the same name become an array (4.3+); before, the last one wins. */
  repeatedNamesBecomeArrays: boolean;
  /** Send credential headers on cross-origin redirects when the option is absent (before 4.4: yes). */
  sendCredentialsOnCrossOriginRedirectByDefault: boolean;
}

export function behaviourFor(typeVersion: number): HttpRequestVersionBehaviour {
  return {
    followRedirectsByDefault: typeVersion >= 4,
    repeatedNamesBecomeArrays: typeVersion >= 4.3,
    sendCredentialsOnCrossOriginRedirectByDefault: typeVersion < 4.4,
  };
}
