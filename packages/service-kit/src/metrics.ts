/**
 * A minimal Prometheus text-format registry: gauges whose values are read when scraped. Enough for the
 * worker's /metrics; swap in prom-client if histograms are needed.
 */
export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

export interface Gauge {
  name: string;
  help: string;
  collect: () => Promise<GaugeSample[]> | GaugeSample[];
}

export class MetricsRegistry {
  private readonly gauges: Gauge[] = [];

  register(gauge: Gauge): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(gauge.name)) throw new Error(`invalid metric name "${gauge.name}"`);
    this.gauges.push(gauge);
  }

  /** Prometheus text exposition format 0.0.4. */
  async render(): Promise<string> {
    const lines: string[] = [];
    for (const gauge of this.gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
      for (const sample of await gauge.collect()) lines.push(`${gauge.name}${formatLabels(sample.labels)} ${sample.value}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

/** Process gauges every service exposes. */
export function registerProcessMetrics(registry: MetricsRegistry): void {
  registry.register({ name: "process_uptime_seconds", help: "Seconds since the process started.", collect: () => [{ value: process.uptime() }] });
  registry.register({
    name: "process_resident_memory_bytes",
    help: "Resident set size in bytes.",
    collect: () => [{ value: process.memoryUsage().rss }],
  });
  registry.register({
    name: "nodejs_heap_used_bytes",
    help: "V8 heap in use, bytes.",
    collect: () => [{ value: process.memoryUsage().heapUsed }],
  });
}

function formatLabels(labels: Record<string, string> | undefined): string {
  if (!labels || Object.keys(labels).length === 0) return "";
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
  return `{${body}}`;
}
