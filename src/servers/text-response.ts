/**
 * The text a server built each of its text answers from, kept beside the Response: a wrapper that records exchanges
 * (the lab's timeline) then shows the body without reading it, and hands the client the Response itself rather than
 * a copy built from the bytes it read. Nothing else may depend on it: a Response without an entry is read as usual.
 */
const texts = new WeakMap<Response, string>();

/** `new Response(text, init)`, remembered with its text. */
export function textResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  texts.set(response, text);
  return response;
}

/** The text `textResponse` built this Response from; undefined for any other Response. */
export function responseText(response: Response): string | undefined {
  return texts.get(response);
}
