import { normalizeIsbn } from "../src/isbn";

describe("normalizeIsbn", () => {
  test.each([
    ["978-0-306-40615-7", "9780306406157"],
    ["9780306406157", "9780306406157"],
    ["978 0 306 40615 7", "9780306406157"],
    ["0-306-40615-2", "9780306406157"],
    ["0306406152", "9780306406157"],
    ["0-8044-2957-X", "9780804429573"],
    ["0-8044-2957-x", "9780804429573"],
    ["979-10-90636-07-1", "9791090636071"],
  ])("%s is the ISBN-13 %s", (written, stored) => {
    expect(normalizeIsbn(written)).toBe(stored);
  });

  test.each([
    ["a wrong ISBN-13 check digit", "978-0-306-40615-8"],
    ["a wrong ISBN-10 check digit", "0-306-40615-3"],
    ["X anywhere but an ISBN-10's last digit", "X-306-40615-2"],
    ["an ISBN-13 ending in X", "978-0-306-4061X-7"],
    ["a 13-digit number without the 978/979 prefix", "1234567890128"],
    ["eleven digits", "03064061521"],
    ["two separators in a row", "0--306406152"],
    ["a leading separator", "-0306406152"],
    ["letters", "ISBN 0306406152"],
    ["empty", ""],
  ])("refuses %s", (_case, written) => {
    expect(normalizeIsbn(written)).toBeUndefined();
  });
});
