import { hostOfUrlParameter } from "./outbound-hosts";
import { renameNodeReferences } from "./rename-node-references";

describe("hostOfUrlParameter", () => {
  it.each([
    ["https://API.example.com/v1", "api.example.com"],
    ["http://user:pw@example.com:8080", "example.com"],
    ["=https://api.example.com/{{ $json.path }}", "api.example.com"],
    ["=https://api.example.com:8443{{ $json.path }}", "api.example.com"],
    ["=https://api.example.com?q={{ $json.q }}", "api.example.com"],
  ])("%s calls %s", (url, host) => {
    expect(hostOfUrlParameter(url)).toBe(host);
  });
  it.each([["=https://{{ $json.tenant }}.example.com"], ["=https://api.example{{ $json.tld }}"], ["={{ $json.url }}"], ["not a url"], [42]])(
    "%s has no knowable host",
    (url) => {
      expect(hostOfUrlParameter(url)).toBeUndefined();
    },
  );
});

describe("renameNodeReferences", () => {
  const renames = new Map([["Fetch", "Get order"], ["A", "B"], ["B", "A"]]);
  it("rewrites every reference form", () => {
    expect(renameNodeReferences(`={{ $('Fetch').item.json.id + $("Fetch").first().json.x + $node["Fetch"].json.y + $items('Fetch')[0] }}`, renames)).toBe(
      `={{ $('Get order').item.json.id + $("Get order").first().json.x + $node["Get order"].json.y + $items('Get order')[0] }}`,
    );
  });
  it("swaps names in one pass and turns $node.X into brackets when needed", () => {
    expect(renameNodeReferences("={{ $('A').item.json.v + $('B').item.json.v }}", renames)).toBe("={{ $('B').item.json.v + $('A').item.json.v }}");
    expect(renameNodeReferences("={{ $node.Fetch.json.id }}", renames)).toBe('={{ $node["Get order"].json.id }}');
  });
  it("leaves other text alone", () => {
    expect(renameNodeReferences("Fetch the $json.A value", renames)).toBe("Fetch the $json.A value");
  });
});
