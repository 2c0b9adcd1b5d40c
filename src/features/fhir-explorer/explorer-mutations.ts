import { mutationOptions } from "@tanstack/react-query";
import type { ExplorerBases, ExplorerRequest } from "./explorer-request.ts";
import { sendExplorerRequest } from "./send-explorer-request.ts";

let sequence = 0;

/**
 * Sending a request from the explorer: a react-query mutation (it may change the server's data, and every send
 * is its own exchange, never a cached one). Each exchange gets the next number of this page's history.
 * @see https://hl7.org/fhir/R4/http.html
 */
export function sendExplorerRequestMutation(bases: ExplorerBases) {
  return mutationOptions({
    mutationKey: ["fhir-explorer", "send"],
    mutationFn: (request: ExplorerRequest) => sendExplorerRequest(request, { bases, id: ++sequence }),
  });
}
