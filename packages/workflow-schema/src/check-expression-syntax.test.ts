import { checkExpressionSyntax } from "./check-expression-syntax";

const ok = [
  "plain text, not an expression",
  "={{ $json.name }}",
  "=Hello {{ $json.first }} {{ $json.last }}!",
  "={{ $json.items.map(i => ({ id: i.id })) }}",
  "={{ `total: ${$json.items.reduce((a, b) => a + b.n, 0)}` }}",
  "={{ 'a }} b' + \"c {{ d\" }}",
  "={{ $json.text.replace(/[{}]/g, '') }}",
  "={{ /* note }} */ $json.a }}",
  "={{ $json.a // trailing comment }}",
  "={{ { a: 1 } }}",
  "={{ $json.n++ }}",
  "=https://api.example.com/{{ $json.id }}/items",
  "={{ $json.a / 2 }}",
];

const bad: Array<[string, RegExp, number]> = [
  ["={{ $json.name", /'\{\{' is never closed/, 1],
  ["={{ $json.items.map(i => i.id }}", /Unexpected '}': '\(' at 19 is still open/, 30],
  ["={{ $json.items[0 }}", /Unexpected '}'/, 18],
  ["={{ ($json.a ]) }}", /Unexpected '\]': '\(' at 4 is still open/, 13],
  ["={{ 'unterminated }}", /String starting at 4 is never closed/, 4],
  ["={{ `template ${ $json.a } }}", /Template literal is never closed/, 14],
  ["={{ /* open comment }}", /Block comment is never closed/, 4],
  ["={{ $json.a + }}", /ends with '\+'/, 14],
  ["={{ $json. }}", /ends with '\.'/, 11],
  ["={{ 'a'.match(/[a-z }}", /Regular expression is never closed/, 14],
];

describe("checkExpressionSyntax", () => {
  it.each(ok)("accepts %s", (text) => {
    expect(checkExpressionSyntax(text)).toEqual([]);
  });
  it.each(bad)("rejects %s", (text, message, offset) => {
    const problems = checkExpressionSyntax(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(message);
    expect(problems[0]?.offset).toBe(offset);
  });
});
