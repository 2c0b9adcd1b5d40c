import { describe, expect, it } from "vitest";
import {
  checkServiceWorkerSupport,
  describeStartError,
  StartTimeoutError,
  withStartTimeout,
} from "./service-worker-support.ts";

const secure = { isSecureContext: true, hasServiceWorker: true, protocol: "https:", hostname: "learner.github.io" };

describe("checkServiceWorkerSupport", () => {
  it("accepts a secure context with service workers", () => {
    expect(checkServiceWorkerSupport(secure)).toBeNull();
  });
  it("explains an insecure origin", () => {
    const problem = checkServiceWorkerSupport({
      ...secure,
      isSecureContext: false,
      protocol: "http:",
      hostname: "10.0.0.5",
    });
    expect(problem?.reason).toBe("insecure-context");
    expect(problem?.detail).toContain("http://10.0.0.5");
  });
  it("explains a window without service workers", () => {
    expect(checkServiceWorkerSupport({ ...secure, hasServiceWorker: false })?.reason).toBe("no-service-worker");
  });
});

describe("worker start errors", () => {
  it("times out a start that never settles", async () => {
    await expect(withStartTimeout(new Promise(() => {}), 10)).rejects.toBeInstanceOf(StartTimeoutError);
  });
  it("passes a start through", async () => {
    await expect(withStartTimeout(Promise.resolve("ok"), 1000)).resolves.toBe("ok");
  });
  it("describes what was thrown", () => {
    expect(describeStartError(new StartTimeoutError(10_000)).reason).toBe("start-timeout");
    const failed = describeStartError(new DOMException("The operation is insecure.", "SecurityError"));
    expect(failed).toEqual({ reason: "start-failed", detail: "SecurityError: The operation is insecure." });
  });
});
