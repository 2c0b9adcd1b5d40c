import { describe, expect, it } from "vitest";
import { copyToClipboard } from "./copy-to-clipboard.ts";

describe("copyToClipboard", () => {
  it("copies and says so", async () => {
    const written: string[] = [];
    const message = await copyToClipboard("s3cret", "client secret", {
      writeText: async (text) => {
        written.push(text);
      },
    });
    expect(written).toEqual(["s3cret"]);
    expect(message).toBe("Copied the client secret.");
  });

  it("tells the learner to copy by hand when the browser refuses or has no clipboard", async () => {
    const refused = await copyToClipboard("x", "client secret", {
      writeText: () => Promise.reject(new Error("denied")),
    });
    expect(refused).toMatch(/refused to copy: select the client secret/);
    expect(await copyToClipboard("x", "private key", undefined)).toMatch(/not available here/);
  });
});
