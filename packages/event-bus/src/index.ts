export * from "./event-bus";
export * from "./platform-event";
