import { Writable } from "node:stream";
import { createRootLogger } from "./logger";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, stream };
}

describe("createRootLogger", () => {
  it("redacts tokens, passwords, credentials and authorization headers", () => {
    const { lines, stream } = capture();
    const log = createRootLogger({ name: "test" }, stream);
    log.info({ password: "p", token: "t", credentials: { apiKey: "k" }, req: { headers: { authorization: "Bearer x" } }, user: { password: "q" } }, "hello");
    const text = JSON.stringify(lines[0]);
    expect(text).not.toMatch(/"p"|"t"|"k"|Bearer x|"q"/);
    expect(lines[0]).toMatchObject({ msg: "hello", service: "test", password: "[redacted]" });
  });
});
