import middy from "@middy/core";
import type { Context } from "aws-lambda";

// patches/@middy+core+<version>.patch, applied by patch-package on npm
// install: a middleware's plain return value is not awaited, so middlewares
// that finish at once run one after another without a promise and a turn of
// the microtask queue each; one that returns a promise is awaited as before.

const context = { functionName: "books", awsRequestId: "request-1" } as unknown as Context;
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the middy patch", () => {
  test("middlewares that finish at once run back to back, with no turn of the microtask queue between them", async () => {
    const order: string[] = [];
    const handler = middy(async () => {
      order.push("handler");
      return { statusCode: 200 };
    })
      .before(() => {
        order.push("first before");
        queueMicrotask(() => order.push("a microtask"));
      })
      .before(() => {
        order.push("second before");
      })
      .after(() => {
        order.push("after");
      });
    await handler({}, context);
    expect(order.slice(0, 2)).toEqual(["first before", "second before"]);
    expect(order).toContain("a microtask");
    expect(order.at(-1)).toBe("after");
  });

  test("a middleware's promise is awaited before the next middleware and the handler run", async () => {
    const order: string[] = [];
    const handler = middy(async () => {
      order.push("handler");
      return { statusCode: 200 };
    })
      .before(async () => {
        await later(5);
        order.push("slow before");
      })
      .before(() => {
        order.push("next before");
      })
      .after(async () => {
        await later(5);
        order.push("slow after");
      });
    await expect(handler({}, context)).resolves.toEqual({ statusCode: 200 });
    expect(order).toEqual(["slow before", "next before", "handler", "slow after"]);
  });

  test.each([
    ["at once", () => ({ statusCode: 304 })],
    ["through a promise", async () => ({ statusCode: 304 })],
  ])("a value a middleware returns %s still answers early, without the handler", async (_how, early) => {
    const reached = jest.fn();
    const handler = middy(async () => {
      reached();
      return { statusCode: 200 };
    }).before(early);
    await expect(handler({}, context)).resolves.toEqual({ statusCode: 304 });
    expect(reached).not.toHaveBeenCalled();
  });

  test.each([
    [
      "thrown at once",
      () => {
        throw new Error("refused");
      },
    ],
    [
      "rejected",
      async () => {
        throw new Error("refused");
      },
    ],
  ])("an error a middleware has %s goes to the onError middlewares", async (_how, failing) => {
    const handler = middy<unknown, { statusCode: number; body?: string }>(async () => ({ statusCode: 200 }))
      .before(failing)
      .onError((request) => {
        request.response = { statusCode: 400, body: (request.error as Error).message };
      });
    await expect(handler({}, context)).resolves.toEqual({ statusCode: 400, body: "refused" });
  });
});
