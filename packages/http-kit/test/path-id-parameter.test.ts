import type { APIGatewayProxyEvent } from "aws-lambda";

// Counts the digit-string schemas built.
const mockBuilt = { integerString: 0 };
jest.mock("../src/field-schemas", () => {
  const actual = jest.requireActual("../src/field-schemas");
  return {
    ...actual,
    integerString: (...args: Parameters<typeof actual.integerString>) => {
      mockBuilt.integerString += 1;
      return actual.integerString(...args);
    },
  };
});

import { pathIdParameter } from "../src/request-input";

const eventWith = (id: string) => ({ pathParameters: { id } }) as unknown as APIGatewayProxyEvent;

describe("a key in the path", () => {
  test("its schema is built by its first use, once, whether a request or the document asks first", () => {
    const byRequest = pathIdParameter("id", 100);
    const byDocument = pathIdParameter("id", 100);
    expect(mockBuilt.integerString).toBe(0);

    expect(byRequest.read(eventWith("7"))).toBe(7);
    expect(byRequest.read(eventWith("8"))).toBe(8);
    expect(byRequest.schema).toBeDefined();
    expect(mockBuilt.integerString).toBe(1);

    expect(byDocument.schema).toBe(byDocument.schema);
    expect(byDocument.read(eventWith("9"))).toBe(9);
    expect(mockBuilt.integerString).toBe(2);
  });

  test("a key out of range or not a whole number is a 400 naming it", () => {
    const id = pathIdParameter("id", 100);
    for (const bad of ["0", "101", "1.5", "x", "007"]) {
      expect(() => id.read(eventWith(bad))).toThrow(expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: "id" })] }));
    }
  });
});
