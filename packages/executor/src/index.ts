export { type ExecutionWorker, type ExecutionWorkerDeps, type ExecutionWorkerOptions, startExecutionWorker } from "./execution-worker";
