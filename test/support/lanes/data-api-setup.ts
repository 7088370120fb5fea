import { startLocalDataApi } from "@bookstore/local";
import { laneVariable, openLane } from "../test-lane";

/** The integration suite again, every statement of the API sent over the local RDS Data API endpoint. */
export default () =>
  openLane("data-api", async (database) => {
    const endpoint = await startLocalDataApi(database.appUrl);
    process.env[laneVariable("data-api", "DATA_API_URL")] = endpoint.url;
    return { appUrl: database.appUrl, stop: () => endpoint.close() };
  });
