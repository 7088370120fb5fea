import { matchRoute, toApiGatewayEvent } from "../src";

const parts = (method: string, url: string, body = "", headers: Record<string, string | string[]> = {}) => ({
  method,
  url,
  headers,
  body: Buffer.from(body),
  sourceIp: "10.0.0.1",
  requestId: "req-1",
  stage: "local",
});

describe("API Gateway proxy events", () => {
  test("carry resource, path, parameters, headers and body as payload v1 does", () => {
    const route = matchRoute("/book/42");
    expect(route).toBeDefined();
    const event = toApiGatewayEvent(
      parts("PATCH", "/book/42?x=1&tag=a&tag=b", '{"year":2000}', { "content-type": "application/json", "x-multi": ["1", "2"] }),
      route!,
    );
    expect(event).toMatchObject({
      resource: "/book/{id}",
      path: "/book/42",
      httpMethod: "PATCH",
      pathParameters: { id: "42" },
      queryStringParameters: { x: "1", tag: "b" },
      multiValueQueryStringParameters: { x: ["1"], tag: ["a", "b"] },
      headers: { "content-type": "application/json", "x-multi": "2" },
      multiValueHeaders: { "content-type": ["application/json"], "x-multi": ["1", "2"] },
      body: '{"year":2000}',
      isBase64Encoded: false,
      requestContext: { requestId: "req-1", httpMethod: "PATCH", resourcePath: "/book/{id}", identity: { sourceIp: "10.0.0.1" } },
    });
  });

  test("no query and no body are null, as API Gateway sends them", () => {
    const event = toApiGatewayEvent(parts("GET", "/book"), matchRoute("/book")!);
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
    expect(event.body).toBeNull();
  });

  test("bytes that are not UTF-8 arrive base64-encoded", () => {
    const route = matchRoute("/book")!;
    const event = toApiGatewayEvent({ ...parts("POST", "/book"), body: Buffer.from([0xff, 0xfe]) }, route);
    expect(event).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0xff, 0xfe]).toString("base64") });
  });

  test("path parameters are decoded; odd paths still parse", () => {
    expect(matchRoute("/review/%31%32")?.pathParameters).toEqual({ id: "12" });
    expect(matchRoute("/book/")?.resource).toBe("/book");
    expect(matchRoute("/book/%E0%A4%A")).toBeUndefined();
    expect(matchRoute("/books")).toBeUndefined();
    expect(matchRoute("/book/1/2")).toBeUndefined();
    expect(toApiGatewayEvent(parts("GET", "//?a=1"), matchRoute("/book")!).queryStringParameters).toEqual({ a: "1" });
  });
});
