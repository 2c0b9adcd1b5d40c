// A SMART App Launch with nothing but the browser: discovery, PKCE, the redirect, the code exchange and a
// bearer request. https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html

const KEY = "my-plain-smart-app";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function randomString(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

// 1. Discovery: the FHIR server says where its authorization server is.
async function discover(iss) {
  const response = await fetch(`${iss.replace(/\/$/, "")}/.well-known/smart-configuration`, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`Discovery failed: HTTP ${response.status} from ${iss}`);
  return response.json();
}

// 2. The authorization request: PKCE S256, state, aud = the FHIR base, then leave the page.
async function launch({ clientId, scope, redirectUri }) {
  const params = new URLSearchParams(location.search);
  const iss = params.get("iss");
  if (!iss) throw new Error("No iss in the address bar: open launch.html?iss=<FHIR base>");
  const config = await discover(iss);
  const verifier = randomString(32);
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const state = randomString(16);
  sessionStorage.setItem(KEY, JSON.stringify({ iss, clientId, redirectUri, verifier, state, config }));
  const authorize = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state,
    aud: iss,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  if (params.get("launch")) authorize.set("launch", params.get("launch"));
  location.assign(`${config.authorization_endpoint}?${authorize}`);
}

// 3. Back on the redirect URI: check state, exchange the code for tokens.
async function completeLaunch() {
  const saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
  if (saved?.token) return saved; // a reload after the exchange: the tokens are kept
  const params = new URLSearchParams(location.search);
  if (params.get("error")) throw new Error(`${params.get("error")}: ${params.get("error_description") || ""}`);
  if (!saved) throw new Error("No launch in progress: open launch.html first.");
  if (params.get("state") !== saved.state) throw new Error("The state does not match: not the answer to our request.");
  const token = await tokenRequest(saved, {
    grant_type: "authorization_code",
    code: params.get("code"),
    redirect_uri: saved.redirectUri,
    code_verifier: saved.verifier,
    client_id: saved.clientId,
  });
  const session = { ...saved, token };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  history.replaceState(null, "", location.pathname); // the code is single-use: drop it from the address bar
  return session;
}

async function tokenRequest(session, form) {
  const response = await fetch(session.config.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`Token endpoint: ${body.error}: ${body.error_description || ""}`);
  return body;
}

// 4. A FHIR request with the access token as Bearer.
async function fhirGet(session, path) {
  const response = await fetch(`${session.iss.replace(/\/$/, "")}/${path}`, {
    headers: { authorization: `Bearer ${session.token.access_token}`, accept: "application/fhir+json" },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return response.json();
}

// 5. A new access token from the refresh token (granted with offline_access).
async function refresh(session) {
  if (!session.token.refresh_token) throw new Error("No refresh token: ask for offline_access.");
  const token = await tokenRequest(session, {
    grant_type: "refresh_token",
    refresh_token: session.token.refresh_token,
    client_id: session.clientId,
  });
  session.token = { ...session.token, ...token };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}
