/** Anything with the pure server shape: a Fetch API Request in, a Response out (DESIGN.md §1). */
export interface RequestHandlerServer {
  handle(request: Request): Promise<Response>;
}

/** The mock servers the handlers forward to; created by the caller (browser or Node) with their dependencies. */
export interface LabServers {
  fhir: RequestHandlerServer;
  openFhir: RequestHandlerServer;
  authorization: RequestHandlerServer;
  workbench: RequestHandlerServer;
}
