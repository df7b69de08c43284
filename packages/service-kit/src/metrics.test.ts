import { MetricsRegistry } from "./metrics";

describe("MetricsRegistry", () => {
  it("renders gauges in Prometheus text format with escaped labels", async () => {
    const registry = new MetricsRegistry();
    registry.register({ name: "jobs", help: "Jobs.", collect: () => [{ labels: { state: 'a"b' }, value: 3 }, { value: 1 }] });
    expect(await registry.render()).toBe('# HELP jobs Jobs.\n# TYPE jobs gauge\njobs{state="a\\"b"} 3\njobs 1\n');
  });

  it("refuses an invalid metric name", () => {
    expect(() => new MetricsRegistry().register({ name: "bad-name", help: "", collect: () => [] })).toThrow(/invalid metric name/);
  });
});
