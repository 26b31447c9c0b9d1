// Threads opsbot takes part in are kept per platform; Slack's keys are unchanged.
export { KnownThreads } from '../conversation/known-threads.js';
