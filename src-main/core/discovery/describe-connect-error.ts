/** Why a discovery could not connect to the broker, in one sentence a workshop person can act on. */
export function describeConnectError(error: unknown, url: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = (error as Error | null)?.message ?? String(error);
  // CONNACK return codes: MQTT 3.1.1 4/5, MQTT 5 134/135.
  if (
    code === 4 ||
    code === 5 ||
    code === 134 ||
    code === 135 ||
    /not authori[sz]ed|bad user/i.test(message)
  ) {
    return `The broker at ${url} refused the login: check Broker username and password in Preferences.`;
  }
  if (code === 'ECONNREFUSED')
    return `The broker at ${url} refused the connection: is it running on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `No host of the broker URL ${url} was found: check the name.`;
  if (typeof code === 'string' && /CERT|TLS|SSL/i.test(code + message)) {
    return `The TLS connection to ${url} failed (${message}).`;
  }
  return `Could not connect to the broker at ${url} (${message}).`;
}
