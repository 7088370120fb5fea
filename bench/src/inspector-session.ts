import type { Session } from "node:inspector";

/** This process's own inspector, asked through its protocol (what the bench worker's recorders ask it). */
export interface InspectorSession {
  post<T>(method: string, params?: object): Promise<T>;
  disconnect(): void;
}

export function connectInspector(): InspectorSession {
  // Required here, not imported: a worker that records nothing loads no inspector.
  const { Session: SessionClass } = require("node:inspector") as typeof import("node:inspector");
  const session: Session = new SessionClass();
  session.connect();
  return {
    post: <T>(method: string, params?: object) =>
      new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)))),
    disconnect: () => session.disconnect(),
  };
}
