import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { getFindingTitles, rememberFindingTitles } from "../store.js";
import { fixture } from "./helpers.js";

/** chrome.storage.local kept in a Map, counting writes. */
function fakeStorage() {
  const items = new Map();
  const storage = {
    writes: 0,
    get: async (key) => (items.has(key) ? { [key]: structuredClone(items.get(key)) } : {}),
    set: async (values) => {
      storage.writes += 1;
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
  };
  return storage;
}

describe("finding titles remembered across reports", () => {
  let storage;
  beforeEach(() => {
    storage = fakeStorage();
    globalThis.chrome = { storage: { local: storage } };
  });

  test("titles from one report name the findings a later version dropped", async () => {
    const stored = JSON.parse(fixture("analysis-stored-with-revalidation.json")).result;
    const fresh = JSON.parse(fixture("revalidation-job-finished.json")).result;
    await rememberFindingTitles(stored.findings);
    const titles = await rememberFindingTitles(fresh.findings);
    assert.equal(titles.does_not_sell_data, "Does not sell your data");
    assert.equal(titles.sells_data, "Sells personal data");
    assert.deepEqual(await getFindingTitles(), titles);
  });

  test("nothing new, nothing written; untitled findings are skipped", async () => {
    await rememberFindingTitles([{ id: "sells_data", title: "Sells personal data" }, { id: "x", title: "" }, { id: "y" }]);
    await rememberFindingTitles([{ id: "sells_data", title: "Sells personal data" }]);
    assert.equal(storage.writes, 1);
    assert.deepEqual(await getFindingTitles(), { sells_data: "Sells personal data" });
  });
});
