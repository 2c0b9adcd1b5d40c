import { type ReactNode, useId } from "react";
import type { RegisteredClient } from "../../servers/authorization-server/registered-client.ts";
import {
  appTypeLabel,
  authMethodDescription,
  describeLifetime,
  describePublicKeys,
  scopeList,
  sourceLabel,
} from "./client-labels.ts";
import { ClientSecretField } from "./client-secret-field.tsx";

interface Props {
  client: RegisteredClient;
  /** Show the secret unmasked at first (right after registering). */
  revealSecret?: boolean;
  /** Actions or an edit form, below the facts. */
  children?: ReactNode;
}

/**
 * One registered app with the elements of the workshop's registration slide: client id, secret, name, redirect URIs,
 * type, allowed scopes, token lifetimes, launch URL, auth method, and where the registration came from.
 *
 */
export function RegisteredClientCard({ client, revealSecret = false, children }: Props) {
  const titleId = useId();
  const keys = describePublicKeys(client);
  return (
    <article className="client-card" aria-labelledby={titleId} data-client-id={client.clientId}>
      <header className="client-card-header">
        <h3 id={titleId}>{client.clientName}</h3>
        <span className="badge">{sourceLabel(client.source)}</span>
      </header>
      <dl className="facts">
        <dt>Client id</dt>
        <dd>
          <code data-testid="client-id">{client.clientId}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>
          {client.clientSecret !== undefined ? (
            <ClientSecretField secret={client.clientSecret} initiallyRevealed={revealSecret} />
          ) : client.tokenEndpointAuthMethod === "private_key_jwt" ? (
            "none: the app proves itself with a signed JWT"
          ) : (
            "none: a public client cannot keep one"
          )}
        </dd>
        <dt>App type</dt>
        <dd>{appTypeLabel(client.appType)}</dd>
        <dt>Auth method</dt>
        <dd>
          <code>{client.tokenEndpointAuthMethod}</code>: {authMethodDescription(client.tokenEndpointAuthMethod)}
        </dd>
        <dt>Grant types</dt>
        <dd>{client.grantTypes.join(", ")}</dd>
        <dt>Redirect URIs</dt>
        <dd>
          {client.redirectUris.length > 0 ? (
            <ul className="plain-list">
              {client.redirectUris.map((uri) => (
                <li key={uri}>
                  <code>{uri}</code>
                </li>
              ))}
            </ul>
          ) : (
            "none (no browser redirects)"
          )}
        </dd>
        <dt>Launch URL</dt>
        <dd>{client.launchUri ? <code>{client.launchUri}</code> : "none (no EHR launch)"}</dd>
        <dt>Allowed scopes</dt>
        <dd>
          <ul className="scope-chips" aria-label={`Allowed scopes of ${client.clientName}`}>
            {scopeList(client.scope).map((scope) => (
              <li key={scope}>
                <code>{scope}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Access token lifetime</dt>
        <dd data-testid="access-lifetime">{describeLifetime(client.accessTokenLifetimeSeconds)}</dd>
        <dt>Refresh token lifetime</dt>
        <dd>{describeLifetime(client.refreshTokenLifetimeSeconds)}</dd>
        {keys ? (
          <>
            <dt>Public keys</dt>
            <dd>{keys}</dd>
          </>
        ) : null}
        <dt>Source</dt>
        <dd>
          {sourceLabel(client.source)} · registered{" "}
          <time dateTime={new Date(client.clientIdIssuedAt * 1000).toISOString()}>
            {new Date(client.clientIdIssuedAt * 1000).toLocaleString()}
          </time>
        </dd>
      </dl>
      {children}
    </article>
  );
}
