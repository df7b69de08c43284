import { scanReferences } from "./references";

describe("scanReferences", () => {
  it("finds literal node names in $(), $node[...], $node.X and $items()", () => {
    const refs = scanReferences(["={{ $('Seed').first().json.a + $(\"Other Node\").all().length }}", "={{ $node['Legacy'].json.x + $node.Dot.json.y + $items('Many').length }}"]);
    expect([...refs.nodes].sort()).toEqual(["Dot", "Legacy", "Many", "Other Node", "Seed"]);
    expect(refs.dynamic).toBe(false);
  });

  it("marks computed names and $item() as dynamic", () => {
    expect(scanReferences(["={{ $(name).first() }}"]).dynamic).toBe(true);
    expect(scanReferences(["={{ $node[key].json }}"]).dynamic).toBe(true);
    expect(scanReferences(["={{ $(`A${i}`).first() }}"]).dynamic).toBe(true);
    expect(scanReferences(["={{ $item(0).$node['A'].json }}"]).dynamic).toBe(true);
  });

  it("notices paired-item lookups and explicit run indexes", () => {
    expect(scanReferences(["={{ $('A').item.json }}"]).paired).toBe(true);
    expect(scanReferences(["={{ $('A').itemMatching(0).json }}"]).paired).toBe(true);
    expect(scanReferences(["={{ $('A').first().json }}"]).paired).toBe(false);
    expect(scanReferences(["={{ $('A').all(0, 2) }}"]).runIndexes).toBe(true);
    expect(scanReferences(["={{ $items('A', 0, 1) }}"]).runIndexes).toBe(true);
    expect(scanReferences(["={{ $('A').all() }}"]).runIndexes).toBe(false);
  });
});
