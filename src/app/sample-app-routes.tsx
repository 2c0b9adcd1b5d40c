import { Route, Routes } from "react-router";
import { SampleAppCallbackPage } from "../features/sample-app/sample-app-callback-page.tsx";
import { SampleAppEhrLaunchPage } from "../features/sample-app/sample-app-ehr-launch-page.tsx";
import { SampleAppHomePage } from "../features/sample-app/sample-app-home-page.tsx";
import type { SampleAppCredentials } from "../features/sample-app/sample-app-launcher.ts";
import { SAMPLE_APP_CALLBACK_PATH } from "../lib/app-paths.ts";
import { labEndpoints } from "../lib/lab-config.ts";
import { getLab } from "../lib/lab-servers.ts";
import { NotFoundPage } from "./not-found-page.tsx";

const redirectUri = `${labEndpoints.appUrl}${SAMPLE_APP_CALLBACK_PATH}`;

/**
 * The sample app keeps its credentials on its "back end"; in the lab that is the authorization server's record of
 * the pre-registered samples (the secret of the symmetric app, the private key of the asymmetric one).
 */
async function credentialsFor(clientId: string): Promise<SampleAppCredentials> {
  const { authorization } = await getLab();
  const client = await authorization.getClient(clientId);
  const clientPrivateJwk = await authorization.sampleClientPrivateJwk(clientId);
  return {
    ...(client?.clientSecret ? { clientSecret: client.clientSecret } : {}),
    ...(clientPrivateJwk ? { clientPrivateJwk } : {}),
  };
}

/** The sample SMART app's pages: standalone launch, EHR launch URL, and redirect URI. */
export function SampleAppRoutes() {
  return (
    <Routes>
      <Route
        index
        element={
          <SampleAppHomePage
            fhirBaseUrl={labEndpoints.fhirBase}
            redirectUri={redirectUri}
            credentialsFor={credentialsFor}
          />
        }
      />
      <Route path="launch" element={<SampleAppEhrLaunchPage redirectUri={redirectUri} />} />
      <Route path="callback" element={<SampleAppCallbackPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
