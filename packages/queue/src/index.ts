export * from "./errors";
export * from "./execution-events";
export * from "./execution-job";
export * from "./job-definition";
export * from "./keys";
export * from "./queues";
